// weight router (docs/architecture.md section 5), one per PE row: 1 + NumH sources and destinations of
// NocDataW bits, horizontal mesh links only. Ports (ev2_noc_pkg): 0 local (src: off-chip weights,
// dst: the PE row of this router), 1 east (NumH = 1: the one horizontal neighbour), 2 west
// (NumH = 2 only). An 8 x 2 mesh needs NumH = 1, which gives the 2 + 2 router of the paper.
// Configuration layout: ev2_noc_xbar (per source a destination mask, per destination a select).
module ev2_weight_router #(
  parameter int unsigned NumH = 1,
  localparam int unsigned Ports = 1 + NumH,
  localparam int unsigned Width = ev2_pkg::NocDataW,
  localparam int unsigned SelW  = $clog2(Ports),
  localparam int unsigned CfgW  = Ports * Ports + Ports * SelW
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   cfg_we_i,
  input  logic [CfgW-1:0]        cfg_i,
  input  logic [Ports-1:0]       src_valid_i,
  output logic [Ports-1:0]       src_ready_o,
  input  logic [Ports*Width-1:0] src_data_i,
  output logic [Ports-1:0]       dst_valid_o,
  input  logic [Ports-1:0]       dst_ready_i,
  output logic [Ports*Width-1:0] dst_data_o
);

  ev2_noc_router #(
    .NSrc (Ports),
    .NDst (Ports),
    .Width(Width)
  ) u_router (
    .clk_i,
    .rst_ni,
    .cfg_we_i,
    .cfg_i,
    .src_valid_i,
    .src_ready_o,
    .src_data_i,
    .dst_valid_o,
    .dst_ready_i,
    .dst_data_o
  );

endmodule
