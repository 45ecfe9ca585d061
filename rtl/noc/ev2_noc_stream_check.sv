// Assertion-only checker of the source-side stream rule on N valid/ready ports at once: once a
// port raises valid it keeps it, with the same data, until ready takes the word. One vector
// property per rule instead of two per port keeps the Verilated NoC small (every assertion is C++
// code per instance). Empty for synthesis.
`include "ev2_assert.svh"

module ev2_noc_stream_check #(
  parameter int unsigned N     = 1,
  parameter int unsigned Width = 1
) (
  input logic               clk_i,
  input logic               rst_ni,
  input logic [N-1:0]       valid_i,
  input logic [N-1:0]       ready_i,
  input logic [N*Width-1:0] data_i   // port i at [i*Width +: Width]
);

`ifndef SYNTHESIS
  logic [N-1:0]       stall, stall_q;
  logic [N*Width-1:0] stall_bits_q, data_q;

  assign stall = valid_i & ~ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) stall_q <= '0;
    else         stall_q <= stall;
  end
  always_ff @(posedge clk_i) data_q <= data_i;
  for (genvar i = 0; i < N; i++) begin : g_port
    assign stall_bits_q[i*Width +: Width] = {Width{stall_q[i]}};
  end

  `EV2_ASSERT(valid_held, (stall_q & ~valid_i) == '0)
  `EV2_ASSERT(data_stable, ((data_q ^ data_i) & stall_bits_q) == '0)
`endif

endmodule
