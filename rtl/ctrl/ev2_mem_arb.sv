// Shares the accelerator's one memory port among N channels (command fetch, weight and iact
// streams, output writes). Requests are arbitrated round-robin; read responses come back in
// request order, so a FIFO of channel numbers routes each response to the channel that asked.
// Channels reserve room for their responses before asking (ev2_dma_rd), so the response path
// never stalls on one of them.
`include "ev2_assert.svh"

module ev2_mem_arb #(
  parameter int unsigned N        = 3,
  parameter int unsigned AddrW    = 32,
  parameter int unsigned DataW    = 64,   // the port's beat
  parameter int unsigned MaxReads = 32,   // reads in flight on the port
  localparam int unsigned IdxW    = (N > 1) ? $clog2(N) : 1,
  localparam int unsigned SW      = DataW / 8,
  localparam int unsigned ReqW    = 1 + AddrW + DataW + SW
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  // channels: channel i at [i*W +: W]
  input  logic [N-1:0]       ch_req_valid_i,
  output logic [N-1:0]       ch_req_ready_o,
  input  logic [N-1:0]       ch_req_write_i,
  input  logic [N*AddrW-1:0] ch_req_addr_i,
  input  logic [N*DataW-1:0] ch_req_wdata_i,
  input  logic [N*SW-1:0]    ch_req_wstrb_i,
  output logic [N-1:0]       ch_rsp_valid_o,
  output logic [DataW-1:0]   ch_rsp_data_o,   // shared: valid tells whose it is
  // memory port
  output logic               mem_req_valid_o,
  input  logic               mem_req_ready_i,
  output logic               mem_req_write_o,
  output logic [AddrW-1:0]   mem_req_addr_o,
  output logic [DataW-1:0]   mem_req_wdata_o,
  output logic [SW-1:0]      mem_req_wstrb_o,
  input  logic               mem_rsp_valid_i,
  output logic               mem_rsp_ready_o,
  input  logic [DataW-1:0]   mem_rsp_data_i
);

  logic [N*ReqW-1:0] packed_req;
  always_comb begin
    for (int unsigned i = 0; i < N; i++) begin
      packed_req[i*ReqW +: ReqW] = {ch_req_write_i[i], ch_req_addr_i[i*AddrW +: AddrW],
                                    ch_req_wdata_i[i*DataW +: DataW], ch_req_wstrb_i[i*SW +: SW]};
    end
  end

  logic            arb_valid, arb_ready, tag_ready, is_read;
  logic [ReqW-1:0] arb_req;
  logic [IdxW-1:0] arb_idx;

  ev2_rr_arb #(.N(N), .Width(ReqW)) u_arb (
    .clk_i, .rst_ni,
    .valid_i(ch_req_valid_i),
    .ready_o(ch_req_ready_o),
    .data_i (packed_req),
    .valid_o(arb_valid),
    .ready_i(arb_ready),
    .data_o (arb_req),
    .idx_o  (arb_idx)
  );

  assign is_read = !arb_req[ReqW-1];
  // A read also needs a place in the tag FIFO; a write does not.
  assign mem_req_valid_o = arb_valid && (!is_read || tag_ready);
  assign arb_ready       = mem_req_ready_i && (!is_read || tag_ready);
  assign {mem_req_write_o, mem_req_addr_o, mem_req_wdata_o, mem_req_wstrb_o} = arb_req;

  logic            tag_valid;
  logic [IdxW-1:0] tag;
  ev2_fifo #(.Width(IdxW), .Depth(MaxReads)) u_tags (
    .clk_i, .rst_ni,
    .flush_i(1'b0),
    // A push is the read request's handshake, not a stream offer: the memory may drop its ready
    // at any time, so the push carries tag_ready too (a plain valid would break the stream rule).
    .valid_i(arb_valid && is_read && mem_req_ready_i && tag_ready),
    .ready_o(tag_ready),
    .data_i (arb_idx),
    .valid_o(tag_valid),
    .ready_i(mem_rsp_valid_i),
    .data_o (tag),
    .level_o()
  );

  assign mem_rsp_ready_o = 1'b1;
  assign ch_rsp_data_o   = mem_rsp_data_i;
  always_comb begin
    ch_rsp_valid_o      = '0;
    ch_rsp_valid_o[tag] = mem_rsp_valid_i;
  end

  `EV2_ASSERT_IF(response_has_tag, mem_rsp_valid_i, tag_valid)

endmodule
