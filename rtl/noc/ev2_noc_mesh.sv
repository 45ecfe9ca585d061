// The hierarchical mesh NoC on its own: Rows x Cols router clusters (cluster group g = row * Cols +
// col) joined by ev2_noc_mesh_links (iact links north/south/east/west, weight links east/west, psum
// links north -> south). The NoC tests and benchmark drive it with endpoint models; the array
// (ev2_array) joins whole cluster groups with the same links.
//
// Flat ports carry every cluster group's GLB-side and PE-side endpoints, group g at
// [g*N*W +: N*W] of each bus (N ports of W bits per group; PE p of group g at index g*NumPe + p).
// Configuration: cfg_i is an ev2_router_cluster configuration, taken when cfg_we_i is high by
// group cfg_addr_i, or by every group at once with cfg_all_i (a broadcast takes effect in all
// groups in the same cycle, so a configuration written after it cannot overtake it anywhere).
//
// Latency: one cycle per mesh link (the spill register on each link), zero inside a cluster group.
// Links off the edge of the mesh are tied off (never ready); a word routed there is a
// configuration error, asserted in ev2_noc_mesh_links.

module ev2_noc_mesh #(
  parameter int unsigned Rows = ev2_config_pkg::ClusterGroupRows,
  parameter int unsigned Cols = ev2_config_pkg::ClusterGroupCols,
  localparam int unsigned NumH   = (Cols > 2) ? 2 : 1,
  localparam int unsigned Groups = Rows * Cols,
  localparam int unsigned AddrW  = (Groups > 1) ? $clog2(Groups) : 1,
  localparam int unsigned IL     = ev2_noc_pkg::IactLanes,
  localparam int unsigned WL     = ev2_config_pkg::PeRows,
  localparam int unsigned PL     = ev2_config_pkg::PeCols,
  localparam int unsigned NumPe  = ev2_config_pkg::PeRows * ev2_config_pkg::PeCols,
  localparam int unsigned DW     = ev2_pkg::NocDataW,
  localparam int unsigned PW     = ev2_pkg::NocPsumW,
  // ev2_router_cluster configuration width
  localparam int unsigned CfgW   = ev2_noc_pkg::noc_cfg_w(NumH)
) (
  input  logic                         clk_i,
  input  logic                         rst_ni,
  input  logic                         cfg_we_i,
  input  logic [AddrW-1:0]             cfg_addr_i,
  input  logic                         cfg_all_i,
  input  logic [CfgW-1:0]              cfg_i,

  input  logic [Groups*IL-1:0]         glb_iact_valid_i,
  output logic [Groups*IL-1:0]         glb_iact_ready_o,
  input  logic [Groups*IL*DW-1:0]      glb_iact_data_i,
  input  logic [Groups*WL-1:0]         ext_weight_valid_i,
  output logic [Groups*WL-1:0]         ext_weight_ready_o,
  input  logic [Groups*WL*DW-1:0]      ext_weight_data_i,
  input  logic [Groups*PL-1:0]         glb_psum_valid_i,
  output logic [Groups*PL-1:0]         glb_psum_ready_o,
  input  logic [Groups*PL*PW-1:0]      glb_psum_data_i,
  output logic [Groups*PL-1:0]         glb_psum_valid_o,
  input  logic [Groups*PL-1:0]         glb_psum_ready_i,
  output logic [Groups*PL*PW-1:0]      glb_psum_data_o,

  output logic [Groups*NumPe-1:0]      pe_iact_valid_o,
  input  logic [Groups*NumPe-1:0]      pe_iact_ready_i,
  output logic [Groups*NumPe*DW-1:0]   pe_iact_data_o,
  output logic [Groups*NumPe-1:0]      pe_weight_valid_o,
  input  logic [Groups*NumPe-1:0]      pe_weight_ready_i,
  output logic [Groups*NumPe*DW-1:0]   pe_weight_data_o,
  output logic [Groups*PL-1:0]         pe_psum_valid_o,
  input  logic [Groups*PL-1:0]         pe_psum_ready_i,
  output logic [Groups*PL*PW-1:0]      pe_psum_data_o,
  input  logic [Groups*PL-1:0]         pe_psum_valid_i,
  output logic [Groups*PL-1:0]         pe_psum_ready_o,
  input  logic [Groups*PL*PW-1:0]      pe_psum_data_i
);

  // Per cluster group: what it sends out (*_out) and what arrives at it (*_in) on each link,
  // group g at [g*N*W +: N*W] (ev2_noc_mesh_links).
  logic [Groups*IL-1:0] iact_n_out_v, iact_n_out_r, iact_n_in_v, iact_n_in_r;
  logic [Groups*IL-1:0] iact_s_out_v, iact_s_out_r, iact_s_in_v, iact_s_in_r;
  logic [Groups*NumH*IL-1:0] iact_h_out_v, iact_h_out_r, iact_h_in_v, iact_h_in_r;
  logic [Groups*IL*DW-1:0] iact_n_out_d, iact_n_in_d;
  logic [Groups*IL*DW-1:0] iact_s_out_d, iact_s_in_d;
  logic [Groups*NumH*IL*DW-1:0] iact_h_out_d, iact_h_in_d;
  logic [Groups*NumH*WL-1:0] weight_h_out_v, weight_h_out_r, weight_h_in_v, weight_h_in_r;
  logic [Groups*NumH*WL*DW-1:0] weight_h_out_d, weight_h_in_d;
  logic [Groups*PL-1:0] psum_s_out_v, psum_s_out_r, psum_n_in_v, psum_n_in_r;
  logic [Groups*PL*PW-1:0] psum_s_out_d, psum_n_in_d;

  for (genvar g = 0; g < Groups; g++) begin : g_group
    ev2_router_cluster #(
      .NumH(NumH)
    ) u_cluster (
      .clk_i,
      .rst_ni,
      .cfg_we_i          (cfg_we_i && (cfg_all_i || cfg_addr_i == AddrW'(g))),
      .cfg_i,
      .glb_iact_valid_i  (glb_iact_valid_i[g*IL +: IL]),
      .glb_iact_ready_o  (glb_iact_ready_o[g*IL +: IL]),
      .glb_iact_data_i   (glb_iact_data_i[g*IL*DW +: IL*DW]),
      .ext_weight_valid_i(ext_weight_valid_i[g*WL +: WL]),
      .ext_weight_ready_o(ext_weight_ready_o[g*WL +: WL]),
      .ext_weight_data_i (ext_weight_data_i[g*WL*DW +: WL*DW]),
      .glb_psum_valid_i  (glb_psum_valid_i[g*PL +: PL]),
      .glb_psum_ready_o  (glb_psum_ready_o[g*PL +: PL]),
      .glb_psum_data_i   (glb_psum_data_i[g*PL*PW +: PL*PW]),
      .glb_psum_valid_o  (glb_psum_valid_o[g*PL +: PL]),
      .glb_psum_ready_i  (glb_psum_ready_i[g*PL +: PL]),
      .glb_psum_data_o   (glb_psum_data_o[g*PL*PW +: PL*PW]),
      .pe_iact_valid_o   (pe_iact_valid_o[g*NumPe +: NumPe]),
      .pe_iact_ready_i   (pe_iact_ready_i[g*NumPe +: NumPe]),
      .pe_iact_data_o    (pe_iact_data_o[g*NumPe*DW +: NumPe*DW]),
      .pe_weight_valid_o (pe_weight_valid_o[g*NumPe +: NumPe]),
      .pe_weight_ready_i (pe_weight_ready_i[g*NumPe +: NumPe]),
      .pe_weight_data_o  (pe_weight_data_o[g*NumPe*DW +: NumPe*DW]),
      .pe_psum_valid_o   (pe_psum_valid_o[g*PL +: PL]),
      .pe_psum_ready_i   (pe_psum_ready_i[g*PL +: PL]),
      .pe_psum_data_o    (pe_psum_data_o[g*PL*PW +: PL*PW]),
      .pe_psum_valid_i   (pe_psum_valid_i[g*PL +: PL]),
      .pe_psum_ready_o   (pe_psum_ready_o[g*PL +: PL]),
      .pe_psum_data_i    (pe_psum_data_i[g*PL*PW +: PL*PW]),
      .iact_n_valid_i    (iact_n_in_v[g*IL +: IL]),
      .iact_n_ready_o    (iact_n_in_r[g*IL +: IL]),
      .iact_n_data_i     (iact_n_in_d[g*IL*DW +: IL*DW]),
      .iact_n_valid_o    (iact_n_out_v[g*IL +: IL]),
      .iact_n_ready_i    (iact_n_out_r[g*IL +: IL]),
      .iact_n_data_o     (iact_n_out_d[g*IL*DW +: IL*DW]),
      .iact_s_valid_i    (iact_s_in_v[g*IL +: IL]),
      .iact_s_ready_o    (iact_s_in_r[g*IL +: IL]),
      .iact_s_data_i     (iact_s_in_d[g*IL*DW +: IL*DW]),
      .iact_s_valid_o    (iact_s_out_v[g*IL +: IL]),
      .iact_s_ready_i    (iact_s_out_r[g*IL +: IL]),
      .iact_s_data_o     (iact_s_out_d[g*IL*DW +: IL*DW]),
      .iact_h_valid_i    (iact_h_in_v[g*NumH*IL +: NumH*IL]),
      .iact_h_ready_o    (iact_h_in_r[g*NumH*IL +: NumH*IL]),
      .iact_h_data_i     (iact_h_in_d[g*NumH*IL*DW +: NumH*IL*DW]),
      .iact_h_valid_o    (iact_h_out_v[g*NumH*IL +: NumH*IL]),
      .iact_h_ready_i    (iact_h_out_r[g*NumH*IL +: NumH*IL]),
      .iact_h_data_o     (iact_h_out_d[g*NumH*IL*DW +: NumH*IL*DW]),
      .weight_h_valid_i  (weight_h_in_v[g*NumH*WL +: NumH*WL]),
      .weight_h_ready_o  (weight_h_in_r[g*NumH*WL +: NumH*WL]),
      .weight_h_data_i   (weight_h_in_d[g*NumH*WL*DW +: NumH*WL*DW]),
      .weight_h_valid_o  (weight_h_out_v[g*NumH*WL +: NumH*WL]),
      .weight_h_ready_i  (weight_h_out_r[g*NumH*WL +: NumH*WL]),
      .weight_h_data_o   (weight_h_out_d[g*NumH*WL*DW +: NumH*WL*DW]),
      .psum_n_valid_i    (psum_n_in_v[g*PL +: PL]),
      .psum_n_ready_o    (psum_n_in_r[g*PL +: PL]),
      .psum_n_data_i     (psum_n_in_d[g*PL*PW +: PL*PW]),
      .psum_s_valid_o    (psum_s_out_v[g*PL +: PL]),
      .psum_s_ready_i    (psum_s_out_r[g*PL +: PL]),
      .psum_s_data_o     (psum_s_out_d[g*PL*PW +: PL*PW])
    );

  end

  ev2_noc_mesh_links #(.Rows(Rows), .Cols(Cols)) u_links (
    .clk_i, .rst_ni,
    .iact_n_out_valid_i  (iact_n_out_v),   .iact_n_out_ready_o  (iact_n_out_r),   .iact_n_out_data_i  (iact_n_out_d),
    .iact_s_out_valid_i  (iact_s_out_v),   .iact_s_out_ready_o  (iact_s_out_r),   .iact_s_out_data_i  (iact_s_out_d),
    .iact_h_out_valid_i  (iact_h_out_v),   .iact_h_out_ready_o  (iact_h_out_r),   .iact_h_out_data_i  (iact_h_out_d),
    .weight_h_out_valid_i(weight_h_out_v), .weight_h_out_ready_o(weight_h_out_r), .weight_h_out_data_i(weight_h_out_d),
    .psum_s_out_valid_i  (psum_s_out_v),   .psum_s_out_ready_o  (psum_s_out_r),   .psum_s_out_data_i  (psum_s_out_d),
    .iact_n_in_valid_o   (iact_n_in_v),    .iact_n_in_ready_i   (iact_n_in_r),    .iact_n_in_data_o   (iact_n_in_d),
    .iact_s_in_valid_o   (iact_s_in_v),    .iact_s_in_ready_i   (iact_s_in_r),    .iact_s_in_data_o   (iact_s_in_d),
    .iact_h_in_valid_o   (iact_h_in_v),    .iact_h_in_ready_i   (iact_h_in_r),    .iact_h_in_data_o   (iact_h_in_d),
    .weight_h_in_valid_o (weight_h_in_v),  .weight_h_in_ready_i (weight_h_in_r),  .weight_h_in_data_o (weight_h_in_d),
    .psum_n_in_valid_o   (psum_n_in_v),    .psum_n_in_ready_i   (psum_n_in_r),    .psum_n_in_data_o   (psum_n_in_d)
  );

endmodule
