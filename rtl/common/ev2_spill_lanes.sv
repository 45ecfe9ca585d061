// Lanes independent streams, each through its own ev2_spill_reg, on packed lane vectors (lane l's
// data at [l*Width +: Width]). Used where a bundle of streams crosses a block boundary that must
// not be crossed combinationally (the cluster group's inputs, docs/cluster.md).
module ev2_spill_lanes #(
  parameter int unsigned Lanes = 1,
  parameter int unsigned Width = 8
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic [Lanes-1:0]       valid_i,
  output logic [Lanes-1:0]       ready_o,
  input  logic [Lanes*Width-1:0] data_i,
  output logic [Lanes-1:0]       valid_o,
  input  logic [Lanes-1:0]       ready_i,
  output logic [Lanes*Width-1:0] data_o
);

  for (genvar l = 0; l < Lanes; l++) begin : g_lane
    ev2_spill_reg #(
      .Width(Width)
    ) u_reg (
      .clk_i,
      .rst_ni,
      .valid_i(valid_i[l]),
      .ready_o(ready_o[l]),
      .data_i (data_i[l*Width +: Width]),
      .valid_o(valid_o[l]),
      .ready_i(ready_i[l]),
      .data_o (data_o[l*Width +: Width])
    );
  end

endmodule
