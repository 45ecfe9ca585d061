// Weight all-to-all between the weight routers of a cluster group and its PE cluster: weight
// router r feeds PE row r only, multicast to any subset of the row's PeCols PEs (unicast = one
// PE, exactly once per PE, stalled by any selected PE that is not ready).
//
// Configuration (sampled when cfg_we_i is high, cleared by reset), LSB first:
//   [r*PeCols +: PeCols]  PE columns of row r that take router r's weights.
// A router port whose mask is empty is never ready.
`include "ev2_assert.svh"

module ev2_noc_weight_a2a #(
  parameter int unsigned PeRows = ev2_config_pkg::PeRows,
  parameter int unsigned PeCols = ev2_config_pkg::PeCols,
  parameter int unsigned Width  = ev2_pkg::NocDataW,
  localparam int unsigned NumPe = PeRows * PeCols,
  localparam int unsigned CfgW  = NumPe
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    cfg_we_i,
  input  logic [CfgW-1:0]         cfg_i,
  input  logic [PeRows-1:0]       in_valid_i,   // weight router r local destination
  output logic [PeRows-1:0]       in_ready_o,
  input  logic [PeRows*Width-1:0] in_data_i,
  output logic [NumPe-1:0]        out_valid_o,  // PE p = r * PeCols + c
  input  logic [NumPe-1:0]        out_ready_i,
  output logic [NumPe*Width-1:0]  out_data_o
);

  logic [CfgW-1:0]  cfg_q;
  logic [NumPe-1:0] out_fire /*verilator public_flat_rd*/;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)       cfg_q <= '0;
    else if (cfg_we_i) cfg_q <= cfg_i;
  end

  for (genvar r = 0; r < PeRows; r++) begin : g_row
    logic             fork_ready;
    logic [Width-1:0] row_data;

    ev2_stream_fork #(
      .N    (PeCols),
      .Width(Width)
    ) u_fork (
      .clk_i,
      .rst_ni,
      .sel_i  (cfg_q[r*PeCols +: PeCols]),
      .valid_i(in_valid_i[r]),
      .ready_o(fork_ready),
      .data_i (in_data_i[r*Width +: Width]),
      .valid_o(out_valid_o[r*PeCols +: PeCols]),
      .ready_i(out_ready_i[r*PeCols +: PeCols]),
      .data_o (row_data)
    );

    assign in_ready_o[r] = fork_ready && (cfg_q[r*PeCols +: PeCols] != '0);
    for (genvar c = 0; c < PeCols; c++) begin : g_col
      assign out_data_o[(r*PeCols + c)*Width +: Width] = row_data;
    end
  end

  // Handshake rules: inputs checked by the forks (in_protocol), every PE port here.
  ev2_noc_stream_check #(
    .N    (NumPe),
    .Width(Width)
  ) u_out_check (
    .clk_i,
    .rst_ni,
    .valid_i(out_valid_o),
    .ready_i(out_ready_i),
    .data_i (out_data_o)
  );

  assign out_fire = out_valid_o & out_ready_i;

  `EV2_ASSERT_IF(cfg_write_when_idle, cfg_we_i, (out_fire == '0))

endmodule
