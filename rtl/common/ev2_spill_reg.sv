// Two-entry skid buffer: full throughput with both valid_o and ready_o driven from flops, so it
// cuts every combinational path between its two sides. Insert it where a long valid/ready chain
// (e.g. a multicast tree) would otherwise close timing through many blocks.
`include "ev2_assert.svh"

module ev2_spill_reg #(
  parameter int unsigned Width = 8
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             valid_i,
  output logic             ready_o,
  input  logic [Width-1:0] data_i,
  output logic             valid_o,
  input  logic             ready_i,
  output logic [Width-1:0] data_o
);

  // Word enters A; A moves on to B whenever B is free; the output shows B first, so order holds.
  logic [Width-1:0] a_data_q, b_data_q;
  logic             a_full_q, b_full_q;
  logic             a_fill, a_drain, b_fill, b_drain;

  assign a_fill  = valid_i && ready_o;
  assign a_drain = a_full_q && !b_full_q;
  assign b_fill  = a_drain && !ready_i;
  assign b_drain = b_full_q && ready_i;

  assign ready_o = !a_full_q || !b_full_q;
  assign valid_o = a_full_q || b_full_q;
  assign data_o  = b_full_q ? b_data_q : a_data_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_full_q <= 1'b0;
      b_full_q <= 1'b0;
    end else begin
      if (a_fill || a_drain) a_full_q <= a_fill;
      if (b_fill || b_drain) b_full_q <= b_fill;
    end
  end

  always_ff @(posedge clk_i) begin
    if (a_fill) a_data_q <= data_i;
    if (b_fill) b_data_q <= a_data_q;
  end

  `EV2_ASSERT_STREAM(in_protocol, valid_i, ready_o, data_i)

endmodule
