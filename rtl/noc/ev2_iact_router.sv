// iact router (docs/architecture.md section 5): 3 + NumH sources and destinations of NocDataW bits.
// Ports (ev2_noc_pkg): 0 local (src: GLB iact bank or off-chip, dst: the PE cluster through the
// all-to-all), 1 north, 2 south, 3 east (NumH = 1: the one horizontal neighbour), 4 west
// (NumH = 2 only). An 8 x 2 mesh needs NumH = 1, which gives the 4 + 4 router of the paper.
// Configuration layout: ev2_noc_xbar (per source a destination mask, per destination a select).
module ev2_iact_router #(
  parameter int unsigned NumH = 1,
  localparam int unsigned Ports = 3 + NumH,
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
