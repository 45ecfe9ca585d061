// psum router (docs/architecture.md section 5), one per PE column / GLB psum bank: 3 sources and
// 3 destinations of NocPsumW bits (two 20-bit psums), vertical mesh links only, north in / south
// out. Ports (ev2_noc_pkg): 0 GLB (src: psum bank read, dst: psum bank write), 1 PE (src: top PE
// of the column, dst: bottom PE of the column), 2 vertical (src: from the north neighbour, dst: to
// the south neighbour). Configuration layout: ev2_noc_xbar.
module ev2_psum_router #(
  localparam int unsigned Ports = 3,
  localparam int unsigned Width = ev2_pkg::NocPsumW,
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
