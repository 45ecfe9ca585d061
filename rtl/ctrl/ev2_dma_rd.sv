// Read DMA channel: streams `beats_i` beats of the memory port (DataW bits) from byte address
// `addr_i`, aligned to a beat.
// A read is requested only when the channel's own response buffer has a place reserved for its
// answer, so responses are always accepted at once and one slow consumer can never block the
// shared, in-order response path of the memory port (no head-of-line blocking between channels).
// A new transfer may start as soon as the previous one has issued its last request (req_done_o):
// its beats queue behind the previous transfer's in the response buffer, so back-to-back
// transfers keep the memory busy instead of waiting out its latency each time.
`include "ev2_assert.svh"

module ev2_dma_rd #(
  parameter int unsigned AddrW  = 32,
  parameter int unsigned BeatsW = 20,
  parameter int unsigned DataW  = 64,
  parameter int unsigned Depth  = 32,  // response buffer = reads in flight: cover the memory latency
  localparam int unsigned LevelW = $clog2(Depth + 1)
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              start_i,
  input  logic [AddrW-1:0]  addr_i,
  input  logic [BeatsW-1:0] beats_i,
  output logic              busy_o,
  output logic              req_done_o,   // every request of the transfer issued (may start again)
  // memory side
  output logic              req_valid_o,
  input  logic              req_ready_i,
  output logic [AddrW-1:0]  req_addr_o,
  input  logic              rsp_valid_i,
  output logic              rsp_ready_o,
  input  logic [DataW-1:0]  rsp_data_i,
  // data out
  output logic              valid_o,
  input  logic              ready_i,
  output logic [DataW-1:0]  data_o
);

  logic [AddrW-1:0]  addr_q;
  logic [BeatsW-1:0] left_q;       // beats still to request
  logic [LevelW-1:0] inflight_q;   // requested, not yet answered
  logic [LevelW-1:0] level;
  logic              req_fire, rsp_fire, fifo_ready;

  assign req_valid_o = (left_q != '0) && (32'(inflight_q) + 32'(level) < Depth);
  assign req_addr_o  = addr_q;
  assign req_fire    = req_valid_o && req_ready_i;
  assign rsp_ready_o = 1'b1;
  assign rsp_fire    = rsp_valid_i;
  assign busy_o      = (left_q != '0) || (inflight_q != '0) || valid_o;
  assign req_done_o  = (left_q == '0);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      addr_q     <= '0;
      left_q     <= '0;
      inflight_q <= '0;
    end else begin
      if (start_i) begin
        addr_q <= addr_i;
        left_q <= beats_i;
      end else if (req_fire) begin
        addr_q <= addr_q + AddrW'(DataW / 8);
        left_q <= left_q - BeatsW'(1);
      end
      inflight_q <= inflight_q + LevelW'(req_fire) - LevelW'(rsp_fire);
    end
  end

  ev2_fifo #(.Width(DataW), .Depth(Depth)) u_rsp_fifo (
    .clk_i, .rst_ni,
    .flush_i(1'b0),
    .valid_i(rsp_fire),
    .ready_o(fifo_ready),
    .data_i (rsp_data_i),
    .valid_o,
    .ready_i,
    .data_o,
    .level_o(level)
  );

  `EV2_ASSERT_IF(no_start_while_requesting, start_i, (left_q == '0))
  `EV2_ASSERT_INIT(beat_is_bytes, DataW % 64 == 0 && (DataW & (DataW - 1)) == 0)
  `EV2_ASSERT_IF(aligned_start, start_i, (addr_i % AddrW'(DataW / 8) == '0))
  `EV2_ASSERT_IF(response_was_requested, rsp_valid_i, (inflight_q != '0))
  `EV2_ASSERT_IF(response_has_room, rsp_valid_i, fifo_ready)
  `EV2_ASSERT_STREAM(req_protocol, req_valid_o, req_ready_i, req_addr_o)

endmodule
