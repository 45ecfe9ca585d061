// Write DMA channel: writes the beats of its input stream (DataW bits, the memory port's width) to
// consecutive beats of memory from byte address `addr_i` (aligned to a beat), with the byte strobes that come with each beat; `beats_i` beats make one
// transfer. Writes are posted: a beat is done when the memory port accepts it.
`include "ev2_assert.svh"

module ev2_dma_wr #(
  parameter int unsigned AddrW  = 32,
  parameter int unsigned BeatsW = 20,
  parameter int unsigned DataW  = 64
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              start_i,
  input  logic [AddrW-1:0]  addr_i,
  input  logic [BeatsW-1:0] beats_i,
  output logic              busy_o,
  // data in
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [DataW-1:0]  data_i,
  input  logic [DataW/8-1:0] strb_i,
  // memory side
  output logic              req_valid_o,
  input  logic              req_ready_i,
  output logic [AddrW-1:0]  req_addr_o,
  output logic [DataW-1:0]  req_wdata_o,
  output logic [DataW/8-1:0] req_wstrb_o
);

  logic [AddrW-1:0]  addr_q;
  logic [BeatsW-1:0] left_q;

  // The beat goes straight through: the memory port's valid/ready is the stream's.
  assign req_valid_o = valid_i && (left_q != '0);
  assign ready_o     = req_ready_i && (left_q != '0);
  assign req_addr_o  = addr_q;
  assign req_wdata_o = data_i;
  assign req_wstrb_o = strb_i;
  assign busy_o      = (left_q != '0);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      addr_q <= '0;
      left_q <= '0;
    end else if (start_i) begin
      addr_q <= addr_i;
      left_q <= beats_i;
    end else if (req_valid_o && req_ready_i) begin
      addr_q <= addr_q + AddrW'(DataW / 8);
      left_q <= left_q - BeatsW'(1);
    end
  end

  `EV2_ASSERT_IF(no_start_while_busy, start_i, !busy_o)
  `EV2_ASSERT_IF(aligned_start, start_i, (addr_i % AddrW'(DataW / 8) == '0))

endmodule
