// iact all-to-all between the iact routers of a cluster group and the PEs of its PE cluster: every
// PE takes its iacts from one of the routers' local destination ports (or from none), so one router
// port can feed any subset of PEs (multicast, exactly once per PE, stalled by any selected PE that
// is not ready) and different PEs can listen to different routers.
//
// Configuration (sampled when cfg_we_i is high, cleared by reset), LSB first:
//   [p*CodeW +: CodeW]  PE p (row-major: p = pe_row * PeCols + pe_col): 0 = no iacts,
//                       k + 1 = iact router k.
// A router port that no PE listens to is never ready.
`include "ev2_assert.svh"

module ev2_noc_iact_a2a #(
  parameter int unsigned Lanes = ev2_noc_pkg::IactLanes,
  parameter int unsigned NumPe = ev2_config_pkg::PeRows * ev2_config_pkg::PeCols,
  parameter int unsigned Width = ev2_pkg::NocDataW,
  localparam int unsigned CodeW = $clog2(Lanes + 1),
  localparam int unsigned CfgW  = NumPe * CodeW,
  localparam int unsigned XSelW = (Lanes > 1) ? $clog2(Lanes) : 1,
  localparam int unsigned XCfgW = Lanes * NumPe + NumPe * XSelW
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   cfg_we_i,
  input  logic [CfgW-1:0]        cfg_i,
  input  logic [Lanes-1:0]       in_valid_i,   // router k local destination
  output logic [Lanes-1:0]       in_ready_o,
  input  logic [Lanes*Width-1:0] in_data_i,
  output logic [NumPe-1:0]       out_valid_o,  // PE p
  input  logic [NumPe-1:0]       out_ready_i,
  output logic [NumPe*Width-1:0] out_data_o
);

  logic [CfgW-1:0]  cfg_q;
  logic [XCfgW-1:0] xcfg;
  logic [NumPe-1:0] out_fire /*verilator public_flat_rd*/;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)       cfg_q <= '0;
    else if (cfg_we_i) cfg_q <= cfg_i;
  end

  // Per-PE codes -> crossbar layout (per router a PE mask, per PE a router select).
  always_comb begin
    xcfg = '0;
    for (int unsigned p = 0; p < NumPe; p++) begin
      for (int unsigned k = 0; k < Lanes; k++) begin
        if (cfg_q[p*CodeW +: CodeW] == CodeW'(k + 1)) begin
          xcfg[k*NumPe + p]                    = 1'b1;
          xcfg[Lanes*NumPe + p*XSelW +: XSelW] = XSelW'(k);
        end
      end
    end
  end

  ev2_noc_xbar #(
    .NSrc (Lanes),
    .NDst (NumPe),
    .Width(Width)
  ) u_xbar (
    .clk_i,
    .rst_ni,
    .cfg_i      (xcfg),
    .src_valid_i(in_valid_i),
    .src_ready_o(in_ready_o),
    .src_data_i (in_data_i),
    .dst_valid_o(out_valid_o),
    .dst_ready_i(out_ready_i),
    .dst_data_o (out_data_o)
  );

  assign out_fire = out_valid_o & out_ready_i;

  `EV2_ASSERT_IF(cfg_write_when_idle, cfg_we_i, (out_fire == '0))

endmodule
