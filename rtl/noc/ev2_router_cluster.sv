// Router cluster of one cluster group (docs/architecture.md section 5): 3 iact routers, PeRows weight
// routers, PeCols psum routers, the all-to-all networks to the PE cluster, and one ev2_spill_reg
// on every outgoing mesh link. docs/noc.md has the port map and the configuration layout.
//
// Latency: a word crosses a router cluster combinationally (source port to local destination in
// the same cycle); every mesh link adds exactly one cycle (the spill register on the sender's
// side), and no valid/ready path crosses a link combinationally, so a broadcast across the mesh
// never forms one long combinational loop. Each link sustains one word per cycle.
//
// Configuration, sampled from cfg_i when cfg_we_i is high (write it only while idle), LSB first:
//   iact router k    [IactOff   + k*IactCfgW   +: IactCfgW]    k < IactLanes
//   weight router r  [WeightOff + r*WeightCfgW +: WeightCfgW]  r < WeightLanes (= PE row r)
//   psum router j    [PsumOff   + j*PsumCfgW   +: PsumCfgW]    j < PsumLanes  (= PE column j)
//   iact all-to-all  [A2aIactOff   +: NumPe*2]   per PE: 0 none, k+1 = iact router k
//   weight all-to-all[A2aWeightOff +: NumPe + PeRows]  per PE row r: PE column mask
//                    [r*PeCols +: PeCols], then per row the header-mode bit [NumPe + r]
//                    (ev2_noc_weight_a2a)
// Router layout: ev2_noc_xbar (per source a destination mask, per destination a select).
`include "ev2_assert.svh"

module ev2_router_cluster #(
  parameter int unsigned NumH = 1,  // horizontal ports per router: 1 for meshes of <= 2 columns
  localparam int unsigned IL     = ev2_noc_pkg::IactLanes,
  localparam int unsigned WL     = ev2_config_pkg::PeRows,
  localparam int unsigned PL     = ev2_config_pkg::PeCols,
  localparam int unsigned NumPe  = ev2_config_pkg::PeRows * ev2_config_pkg::PeCols,
  localparam int unsigned PeCols = ev2_config_pkg::PeCols,
  localparam int unsigned DW     = ev2_pkg::NocDataW,
  localparam int unsigned PW     = ev2_pkg::NocPsumW,
  // Configuration layout
  localparam int unsigned IactPorts    = 3 + NumH,
  localparam int unsigned IactCfgW     = ev2_noc_pkg::router_cfg_w(IactPorts),
  localparam int unsigned WeightPorts  = 1 + NumH,
  localparam int unsigned WeightCfgW   = ev2_noc_pkg::router_cfg_w(WeightPorts),
  localparam int unsigned PsumPorts    = ev2_noc_pkg::PsumPorts,
  localparam int unsigned PsumCfgW     = ev2_noc_pkg::router_cfg_w(PsumPorts),
  localparam int unsigned A2aIactCfgW  = NumPe * $clog2(IL + 1),
  localparam int unsigned A2aWeightCfgW = NumPe + WL,
  localparam int unsigned WeightOff    = IL * IactCfgW,
  localparam int unsigned PsumOff      = WeightOff + WL * WeightCfgW,
  localparam int unsigned A2aIactOff   = PsumOff + PL * PsumCfgW,
  localparam int unsigned A2aWeightOff = A2aIactOff + A2aIactCfgW,
  localparam int unsigned CfgW         = ev2_noc_pkg::noc_cfg_w(NumH)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  cfg_we_i,
  input  logic [CfgW-1:0]       cfg_i,

  // GLB / off-chip side
  input  logic [IL-1:0]         glb_iact_valid_i,     // GLB iact bank k -> iact router k
  output logic [IL-1:0]         glb_iact_ready_o,
  input  logic [IL*DW-1:0]      glb_iact_data_i,
  input  logic [WL-1:0]         ext_weight_valid_i,   // off-chip weights -> weight router r
  output logic [WL-1:0]         ext_weight_ready_o,
  input  logic [WL*DW-1:0]      ext_weight_data_i,
  input  logic [PL-1:0]         glb_psum_valid_i,     // GLB psum bank j (read) -> psum router j
  output logic [PL-1:0]         glb_psum_ready_o,
  input  logic [PL*PW-1:0]      glb_psum_data_i,
  output logic [PL-1:0]         glb_psum_valid_o,     // psum router j -> GLB psum bank j (write)
  input  logic [PL-1:0]         glb_psum_ready_i,
  output logic [PL*PW-1:0]      glb_psum_data_o,

  // PE cluster side (PE p = pe_row * PeCols + pe_col)
  output logic [NumPe-1:0]      pe_iact_valid_o,
  input  logic [NumPe-1:0]      pe_iact_ready_i,
  output logic [NumPe*DW-1:0]   pe_iact_data_o,
  output logic [NumPe-1:0]      pe_weight_valid_o,
  input  logic [NumPe-1:0]      pe_weight_ready_i,
  output logic [NumPe*DW-1:0]   pe_weight_data_o,
  output logic [PL-1:0]         pe_psum_valid_o,      // psum router j -> bottom PE of column j
  input  logic [PL-1:0]         pe_psum_ready_i,
  output logic [PL*PW-1:0]      pe_psum_data_o,
  input  logic [PL-1:0]         pe_psum_valid_i,      // top PE of column j -> psum router j
  output logic [PL-1:0]         pe_psum_ready_o,
  input  logic [PL*PW-1:0]      pe_psum_data_i,

  // Mesh side: *_i = arriving from that neighbour, *_o = leaving to it (registered).
  input  logic [IL-1:0]         iact_n_valid_i,
  output logic [IL-1:0]         iact_n_ready_o,
  input  logic [IL*DW-1:0]      iact_n_data_i,
  output logic [IL-1:0]         iact_n_valid_o,
  input  logic [IL-1:0]         iact_n_ready_i,
  output logic [IL*DW-1:0]      iact_n_data_o,
  input  logic [IL-1:0]         iact_s_valid_i,
  output logic [IL-1:0]         iact_s_ready_o,
  input  logic [IL*DW-1:0]      iact_s_data_i,
  output logic [IL-1:0]         iact_s_valid_o,
  input  logic [IL-1:0]         iact_s_ready_i,
  output logic [IL*DW-1:0]      iact_s_data_o,
  input  logic [NumH*IL-1:0]    iact_h_valid_i,       // h*IL + k; h = 0 east (or the one
  output logic [NumH*IL-1:0]    iact_h_ready_o,       // horizontal neighbour), h = 1 west
  input  logic [NumH*IL*DW-1:0] iact_h_data_i,
  output logic [NumH*IL-1:0]    iact_h_valid_o,
  input  logic [NumH*IL-1:0]    iact_h_ready_i,
  output logic [NumH*IL*DW-1:0] iact_h_data_o,
  input  logic [NumH*WL-1:0]    weight_h_valid_i,     // h*WL + r, as for iacts
  output logic [NumH*WL-1:0]    weight_h_ready_o,
  input  logic [NumH*WL*DW-1:0] weight_h_data_i,
  output logic [NumH*WL-1:0]    weight_h_valid_o,
  input  logic [NumH*WL-1:0]    weight_h_ready_i,
  output logic [NumH*WL*DW-1:0] weight_h_data_o,
  input  logic [PL-1:0]         psum_n_valid_i,       // psums arrive from the north ...
  output logic [PL-1:0]         psum_n_ready_o,
  input  logic [PL*PW-1:0]      psum_n_data_i,
  output logic [PL-1:0]         psum_s_valid_o,       // ... and leave to the south
  input  logic [PL-1:0]         psum_s_ready_i,
  output logic [PL*PW-1:0]      psum_s_data_o
);

  // Router local destinations into the all-to-all networks.
  logic [IL-1:0]    a2a_iact_valid, a2a_iact_ready;
  logic [IL*DW-1:0] a2a_iact_data;
  logic [WL-1:0]    a2a_weight_valid, a2a_weight_ready;
  logic [WL*DW-1:0] a2a_weight_data;

  // ---------------------------------------------------------------------------------------------
  // iact routers: 0 local, 1 north, 2 south, 3 + h horizontal
  for (genvar k = 0; k < IL; k++) begin : g_iact
    logic [IactPorts-1:0]    src_valid, src_ready, dst_valid, dst_ready;
    logic [IactPorts*DW-1:0] src_data, dst_data;

    assign src_valid[ev2_noc_pkg::IactPortLocal]                = glb_iact_valid_i[k];
    assign src_data[ev2_noc_pkg::IactPortLocal*DW +: DW]        = glb_iact_data_i[k*DW +: DW];
    assign glb_iact_ready_o[k]                                  = src_ready[ev2_noc_pkg::IactPortLocal];
    assign src_valid[ev2_noc_pkg::IactPortN]                    = iact_n_valid_i[k];
    assign src_data[ev2_noc_pkg::IactPortN*DW +: DW]            = iact_n_data_i[k*DW +: DW];
    assign iact_n_ready_o[k]                                    = src_ready[ev2_noc_pkg::IactPortN];
    assign src_valid[ev2_noc_pkg::IactPortS]                    = iact_s_valid_i[k];
    assign src_data[ev2_noc_pkg::IactPortS*DW +: DW]            = iact_s_data_i[k*DW +: DW];
    assign iact_s_ready_o[k]                                    = src_ready[ev2_noc_pkg::IactPortS];

    assign a2a_iact_valid[k]                                    = dst_valid[ev2_noc_pkg::IactPortLocal];
    assign a2a_iact_data[k*DW +: DW]                            = dst_data[ev2_noc_pkg::IactPortLocal*DW +: DW];
    assign dst_ready[ev2_noc_pkg::IactPortLocal]                = a2a_iact_ready[k];

    ev2_iact_router #(
      .NumH(NumH)
    ) u_router (
      .clk_i,
      .rst_ni,
      .cfg_we_i,
      .cfg_i      (cfg_i[k*IactCfgW +: IactCfgW]),
      .src_valid_i(src_valid),
      .src_ready_o(src_ready),
      .src_data_i (src_data),
      .dst_valid_o(dst_valid),
      .dst_ready_i(dst_ready),
      .dst_data_o (dst_data)
    );

    ev2_spill_reg #(
      .Width(DW)
    ) u_n_link (
      .clk_i,
      .rst_ni,
      .valid_i(dst_valid[ev2_noc_pkg::IactPortN]),
      .ready_o(dst_ready[ev2_noc_pkg::IactPortN]),
      .data_i (dst_data[ev2_noc_pkg::IactPortN*DW +: DW]),
      .valid_o(iact_n_valid_o[k]),
      .ready_i(iact_n_ready_i[k]),
      .data_o (iact_n_data_o[k*DW +: DW])
    );

    ev2_spill_reg #(
      .Width(DW)
    ) u_s_link (
      .clk_i,
      .rst_ni,
      .valid_i(dst_valid[ev2_noc_pkg::IactPortS]),
      .ready_o(dst_ready[ev2_noc_pkg::IactPortS]),
      .data_i (dst_data[ev2_noc_pkg::IactPortS*DW +: DW]),
      .valid_o(iact_s_valid_o[k]),
      .ready_i(iact_s_ready_i[k]),
      .data_o (iact_s_data_o[k*DW +: DW])
    );

    for (genvar h = 0; h < NumH; h++) begin : g_h
      localparam int unsigned Port = (h == 0) ? ev2_noc_pkg::IactPortE : ev2_noc_pkg::IactPortW;
      localparam int unsigned Link = h * IL + k;

      assign src_valid[Port]         = iact_h_valid_i[Link];
      assign src_data[Port*DW +: DW] = iact_h_data_i[Link*DW +: DW];
      assign iact_h_ready_o[Link]    = src_ready[Port];

      ev2_spill_reg #(
        .Width(DW)
      ) u_link (
        .clk_i,
        .rst_ni,
        .valid_i(dst_valid[Port]),
        .ready_o(dst_ready[Port]),
        .data_i (dst_data[Port*DW +: DW]),
        .valid_o(iact_h_valid_o[Link]),
        .ready_i(iact_h_ready_i[Link]),
        .data_o (iact_h_data_o[Link*DW +: DW])
      );
    end
  end

  ev2_noc_iact_a2a #(
    .Lanes(IL),
    .NumPe(NumPe),
    .Width(DW)
  ) u_iact_a2a (
    .clk_i,
    .rst_ni,
    .cfg_we_i,
    .cfg_i      (cfg_i[A2aIactOff +: A2aIactCfgW]),
    .in_valid_i (a2a_iact_valid),
    .in_ready_o (a2a_iact_ready),
    .in_data_i  (a2a_iact_data),
    .out_valid_o(pe_iact_valid_o),
    .out_ready_i(pe_iact_ready_i),
    .out_data_o (pe_iact_data_o)
  );

  // ---------------------------------------------------------------------------------------------
  // weight routers: 0 local, 1 + h horizontal
  for (genvar r = 0; r < WL; r++) begin : g_weight
    logic [WeightPorts-1:0]    src_valid, src_ready, dst_valid, dst_ready;
    logic [WeightPorts*DW-1:0] src_data, dst_data;

    assign src_valid[ev2_noc_pkg::WeightPortLocal]         = ext_weight_valid_i[r];
    assign src_data[ev2_noc_pkg::WeightPortLocal*DW +: DW] = ext_weight_data_i[r*DW +: DW];
    assign ext_weight_ready_o[r]                           = src_ready[ev2_noc_pkg::WeightPortLocal];
    assign a2a_weight_valid[r]                             = dst_valid[ev2_noc_pkg::WeightPortLocal];
    assign a2a_weight_data[r*DW +: DW]                     = dst_data[ev2_noc_pkg::WeightPortLocal*DW +: DW];
    assign dst_ready[ev2_noc_pkg::WeightPortLocal]         = a2a_weight_ready[r];

    ev2_weight_router #(
      .NumH(NumH)
    ) u_router (
      .clk_i,
      .rst_ni,
      .cfg_we_i,
      .cfg_i      (cfg_i[WeightOff + r*WeightCfgW +: WeightCfgW]),
      .src_valid_i(src_valid),
      .src_ready_o(src_ready),
      .src_data_i (src_data),
      .dst_valid_o(dst_valid),
      .dst_ready_i(dst_ready),
      .dst_data_o (dst_data)
    );

    for (genvar h = 0; h < NumH; h++) begin : g_h
      localparam int unsigned Port = (h == 0) ? ev2_noc_pkg::WeightPortE : ev2_noc_pkg::WeightPortW;
      localparam int unsigned Link = h * WL + r;

      assign src_valid[Port]         = weight_h_valid_i[Link];
      assign src_data[Port*DW +: DW] = weight_h_data_i[Link*DW +: DW];
      assign weight_h_ready_o[Link]  = src_ready[Port];

      ev2_spill_reg #(
        .Width(DW)
      ) u_link (
        .clk_i,
        .rst_ni,
        .valid_i(dst_valid[Port]),
        .ready_o(dst_ready[Port]),
        .data_i (dst_data[Port*DW +: DW]),
        .valid_o(weight_h_valid_o[Link]),
        .ready_i(weight_h_ready_i[Link]),
        .data_o (weight_h_data_o[Link*DW +: DW])
      );
    end
  end

  ev2_noc_weight_a2a #(
    .PeRows(WL),
    .PeCols(PeCols),
    .Width (DW)
  ) u_weight_a2a (
    .clk_i,
    .rst_ni,
    .cfg_we_i,
    .cfg_i      (cfg_i[A2aWeightOff +: A2aWeightCfgW]),
    .in_valid_i (a2a_weight_valid),
    .in_ready_o (a2a_weight_ready),
    .in_data_i  (a2a_weight_data),
    .out_valid_o(pe_weight_valid_o),
    .out_ready_i(pe_weight_ready_i),
    .out_data_o (pe_weight_data_o)
  );

  // ---------------------------------------------------------------------------------------------
  // psum routers: 0 GLB, 1 PE column, 2 vertical (north in / south out)
  for (genvar j = 0; j < PL; j++) begin : g_psum
    logic [PsumPorts-1:0]    src_valid, src_ready, dst_valid, dst_ready;
    logic [PsumPorts*PW-1:0] src_data, dst_data;

    assign src_valid[ev2_noc_pkg::PsumPortGlb]         = glb_psum_valid_i[j];
    assign src_data[ev2_noc_pkg::PsumPortGlb*PW +: PW] = glb_psum_data_i[j*PW +: PW];
    assign glb_psum_ready_o[j]                         = src_ready[ev2_noc_pkg::PsumPortGlb];
    assign src_valid[ev2_noc_pkg::PsumPortPe]          = pe_psum_valid_i[j];
    assign src_data[ev2_noc_pkg::PsumPortPe*PW +: PW]  = pe_psum_data_i[j*PW +: PW];
    assign pe_psum_ready_o[j]                          = src_ready[ev2_noc_pkg::PsumPortPe];
    assign src_valid[ev2_noc_pkg::PsumPortV]           = psum_n_valid_i[j];
    assign src_data[ev2_noc_pkg::PsumPortV*PW +: PW]   = psum_n_data_i[j*PW +: PW];
    assign psum_n_ready_o[j]                           = src_ready[ev2_noc_pkg::PsumPortV];

    assign glb_psum_valid_o[j]                         = dst_valid[ev2_noc_pkg::PsumPortGlb];
    assign glb_psum_data_o[j*PW +: PW]                 = dst_data[ev2_noc_pkg::PsumPortGlb*PW +: PW];
    assign dst_ready[ev2_noc_pkg::PsumPortGlb]         = glb_psum_ready_i[j];
    assign pe_psum_valid_o[j]                          = dst_valid[ev2_noc_pkg::PsumPortPe];
    assign pe_psum_data_o[j*PW +: PW]                  = dst_data[ev2_noc_pkg::PsumPortPe*PW +: PW];
    assign dst_ready[ev2_noc_pkg::PsumPortPe]          = pe_psum_ready_i[j];

    ev2_psum_router u_router (
      .clk_i,
      .rst_ni,
      .cfg_we_i,
      .cfg_i      (cfg_i[PsumOff + j*PsumCfgW +: PsumCfgW]),
      .src_valid_i(src_valid),
      .src_ready_o(src_ready),
      .src_data_i (src_data),
      .dst_valid_o(dst_valid),
      .dst_ready_i(dst_ready),
      .dst_data_o (dst_data)
    );

    ev2_spill_reg #(
      .Width(PW)
    ) u_s_link (
      .clk_i,
      .rst_ni,
      .valid_i(dst_valid[ev2_noc_pkg::PsumPortV]),
      .ready_o(dst_ready[ev2_noc_pkg::PsumPortV]),
      .data_i (dst_data[ev2_noc_pkg::PsumPortV*PW +: PW]),
      .valid_o(psum_s_valid_o[j]),
      .ready_i(psum_s_ready_i[j]),
      .data_o (psum_s_data_o[j*PW +: PW])
    );
  end

  `EV2_ASSERT_INIT(num_h_supported, NumH == 1 || NumH == 2)
  // noc_cfg_w (what the mesh, the cluster group and the array size the port with) is the sum of
  // the layout above.
  `EV2_ASSERT_INIT(cfg_w_is_the_layout, CfgW == A2aWeightOff + A2aWeightCfgW)

  // Handshake rules on every port: sources are checked by the routers' forks, router and PE-side
  // destinations by the routers and all-to-all networks, the registered mesh outputs here.
  ev2_noc_stream_check #(
    .N    ((2 + NumH) * IL + NumH * WL),
    .Width(DW)
  ) u_mesh_data_check (
    .clk_i,
    .rst_ni,
    .valid_i({weight_h_valid_o, iact_h_valid_o, iact_s_valid_o, iact_n_valid_o}),
    .ready_i({weight_h_ready_i, iact_h_ready_i, iact_s_ready_i, iact_n_ready_i}),
    .data_i ({weight_h_data_o, iact_h_data_o, iact_s_data_o, iact_n_data_o})
  );

  ev2_noc_stream_check #(
    .N    (PL),
    .Width(PW)
  ) u_mesh_psum_check (
    .clk_i,
    .rst_ni,
    .valid_i(psum_s_valid_o),
    .ready_i(psum_s_ready_i),
    .data_i (psum_s_data_o)
  );

endmodule
