// Cluster group (docs/architecture.md section 1; docs/cluster.md): one GLB cluster, one router cluster
// and one PE cluster, wired to the router cluster's GLB-side and PE-side ports. The router
// cluster's mesh ports are this module's mesh ports (ev2_noc_mesh-style arrays connect groups).
//
//   ext_iact k ─► GLB iact bank k (or bypass) ─► iact router k ─┐
//   ext_weight r ─────────────────────────────► weight router r ─┼─► all-to-all ─► PE cluster
//   GLB psum bank j (read) ─► psum router j ─► bottom PE of column j
//   top PE of column j ─► psum router j ─► GLB psum bank j (write) ; bank j (drain) ─► drain j
//
// Configuration: three independent interfaces, written while the group is idle:
//   noc_cfg_*  the router cluster's configuration word (docs/noc.md)
//   glb_cfg_*  the GLB cluster's registered write port (docs/glb.md)
//   pe_cfg_*   one PE configuration stream per PE (docs/pe.md)
`include "ev2_assert.svh"

module ev2_cluster_group #(
  parameter int unsigned NumH     = 1,     // horizontal mesh ports per router (1 or 2)
  parameter bit          Counters = 1'b0,  // PE access counters (simulation only)
  localparam int unsigned IL     = ev2_noc_pkg::IactLanes,
  localparam int unsigned WL     = ev2_config_pkg::PeRows,
  localparam int unsigned PL     = ev2_config_pkg::PeCols,
  localparam int unsigned NumPe  = ev2_config_pkg::PeRows * ev2_config_pkg::PeCols,
  localparam int unsigned DW     = ev2_pkg::NocDataW,
  localparam int unsigned PW     = ev2_pkg::NocPsumW,
  localparam int unsigned PeCfgW = ev2_pe_pkg::CfgW,
  // ev2_router_cluster's configuration width
  localparam int unsigned NocCfgW    = ev2_noc_pkg::noc_cfg_w(NumH),
  // ev2_glb_cluster's configuration port
  localparam int unsigned GlbBanks   = IL + PL,
  localparam int unsigned GlbBankW   = $clog2(GlbBanks),
  localparam int unsigned GlbCfgW    = ev2_if_pkg::GlbCfgW
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // configuration and status
  input  logic                    noc_cfg_we_i,
  input  logic [NocCfgW-1:0]      noc_cfg_i,
  input  logic                    glb_cfg_we_i,
  input  logic [GlbBankW-1:0]     glb_cfg_bank_i,
  input  logic                    glb_cfg_side_i,
  input  logic [GlbCfgW-1:0]      glb_cfg_data_i,
  output logic [GlbBanks-1:0]     glb_wr_busy_o,
  output logic [GlbBanks-1:0]     glb_rd_busy_o,
  input  logic [NumPe-1:0]        pe_cfg_valid_i,
  output logic [NumPe-1:0]        pe_cfg_ready_o,
  input  logic [NumPe*PeCfgW-1:0] pe_cfg_data_i,
  output logic [NumPe-1:0]        pe_busy_o,
  output logic [2*NumPe-1:0]      pe_macs_o,
  output logic                    streams_in_idle_o,  // no stream word waits in an input register
  // off-chip streams in, final psums out
  input  logic [IL-1:0]           ext_iact_valid_i,
  output logic [IL-1:0]           ext_iact_ready_o,
  input  logic [IL*DW-1:0]        ext_iact_data_i,
  input  logic [WL-1:0]           ext_weight_valid_i,
  output logic [WL-1:0]           ext_weight_ready_o,
  input  logic [WL*DW-1:0]        ext_weight_data_i,
  output logic [PL-1:0]           drain_valid_o,
  input  logic [PL-1:0]           drain_ready_i,
  output logic [PL*PW-1:0]        drain_data_o,
  output logic [PL-1:0]           drain_last_o,
  // mesh (ev2_router_cluster's mesh ports)
  input  logic [IL-1:0]           iact_n_valid_i,
  output logic [IL-1:0]           iact_n_ready_o,
  input  logic [IL*DW-1:0]        iact_n_data_i,
  output logic [IL-1:0]           iact_n_valid_o,
  input  logic [IL-1:0]           iact_n_ready_i,
  output logic [IL*DW-1:0]        iact_n_data_o,
  input  logic [IL-1:0]           iact_s_valid_i,
  output logic [IL-1:0]           iact_s_ready_o,
  input  logic [IL*DW-1:0]        iact_s_data_i,
  output logic [IL-1:0]           iact_s_valid_o,
  input  logic [IL-1:0]           iact_s_ready_i,
  output logic [IL*DW-1:0]        iact_s_data_o,
  input  logic [NumH*IL-1:0]      iact_h_valid_i,
  output logic [NumH*IL-1:0]      iact_h_ready_o,
  input  logic [NumH*IL*DW-1:0]   iact_h_data_i,
  output logic [NumH*IL-1:0]      iact_h_valid_o,
  input  logic [NumH*IL-1:0]      iact_h_ready_i,
  output logic [NumH*IL*DW-1:0]   iact_h_data_o,
  input  logic [NumH*WL-1:0]      weight_h_valid_i,
  output logic [NumH*WL-1:0]      weight_h_ready_o,
  input  logic [NumH*WL*DW-1:0]   weight_h_data_i,
  output logic [NumH*WL-1:0]      weight_h_valid_o,
  input  logic [NumH*WL-1:0]      weight_h_ready_i,
  output logic [NumH*WL*DW-1:0]   weight_h_data_o,
  input  logic [PL-1:0]           psum_n_valid_i,
  output logic [PL-1:0]           psum_n_ready_o,
  input  logic [PL*PW-1:0]        psum_n_data_i,
  output logic [PL-1:0]           psum_s_valid_o,
  input  logic [PL-1:0]           psum_s_ready_i,
  output logic [PL*PW-1:0]        psum_s_data_o
);

  // GLB cluster <-> router cluster
  logic [IL-1:0]    glb_iact_valid, glb_iact_ready;
  logic [IL*DW-1:0] glb_iact_data;
  logic [PL-1:0]    glb_psum_rd_valid, glb_psum_rd_ready;   // bank read side -> router
  logic [PL*PW-1:0] glb_psum_rd_data;
  logic [PL-1:0]    glb_psum_wr_valid, glb_psum_wr_ready;   // router -> bank write side
  logic [PL*PW-1:0] glb_psum_wr_data;
  // router cluster <-> PE cluster
  logic [NumPe-1:0]    pe_iact_valid, pe_iact_ready, pe_weight_valid, pe_weight_ready;
  logic [NumPe*DW-1:0] pe_iact_data, pe_weight_data;
  logic [PL-1:0]       pe_psum_in_valid, pe_psum_in_ready, pe_psum_out_valid, pe_psum_out_ready;
  logic [PL*PW-1:0]    pe_psum_in_data, pe_psum_out_data;

  // Group boundary: every stream entering the group passes an ev2_spill_reg before it reaches a
  // router, a GLB bank or a PE, and the drain leaves through one, so no valid/ready/data path
  // enters or leaves the group combinationally (the mesh links are registered on the sender's
  // side too: one more cycle per hop, the same words per cycle). Timing: the wires between groups
  // and from the array's distribution get a whole cycle. Simulation: the group, Verilated once as
  // a hierarchical block, has no logic that depends on its inputs to re-evaluate each time the
  // array settles (docs/build.md, "Hierarchical verilation").
  logic [IL-1:0]         iact_n_in_valid, iact_n_in_ready, iact_s_in_valid, iact_s_in_ready;
  logic [IL*DW-1:0]      iact_n_in_data, iact_s_in_data;
  logic [NumH*IL-1:0]    iact_h_in_valid, iact_h_in_ready;
  logic [NumH*IL*DW-1:0] iact_h_in_data;
  logic [NumH*WL-1:0]    weight_h_in_valid, weight_h_in_ready;
  logic [NumH*WL*DW-1:0] weight_h_in_data;
  logic [PL-1:0]         psum_n_in_valid, psum_n_in_ready;
  logic [PL*PW-1:0]      psum_n_in_data;
  logic [IL-1:0]         ext_iact_in_valid, ext_iact_in_ready;
  logic [IL*DW-1:0]      ext_iact_in_data;
  logic [WL-1:0]         ext_weight_in_valid, ext_weight_in_ready;
  logic [WL*DW-1:0]      ext_weight_in_data;
  logic [PL-1:0]         drain_out_valid, drain_out_ready, drain_out_last;
  logic [PL*PW-1:0]      drain_out_data;

  // The 24-bit streams share one bank of registers, lane vectors concatenated in this order.
  localparam int unsigned StreamLanes = 2 * IL + NumH * IL + NumH * WL + IL + WL;
  logic [StreamLanes-1:0] streams_in_valid;

  ev2_spill_lanes #(.Lanes(StreamLanes), .Width(DW)) u_streams_in (
    .clk_i, .rst_ni,
    .valid_i({ext_weight_valid_i, ext_iact_valid_i, weight_h_valid_i, iact_h_valid_i, iact_s_valid_i, iact_n_valid_i}),
    .ready_o({ext_weight_ready_o, ext_iact_ready_o, weight_h_ready_o, iact_h_ready_o, iact_s_ready_o, iact_n_ready_o}),
    .data_i ({ext_weight_data_i, ext_iact_data_i, weight_h_data_i, iact_h_data_i, iact_s_data_i, iact_n_data_i}),
    .valid_o(streams_in_valid),
    .ready_i({ext_weight_in_ready, ext_iact_in_ready, weight_h_in_ready, iact_h_in_ready, iact_s_in_ready,
              iact_n_in_ready}),
    .data_o ({ext_weight_in_data, ext_iact_in_data, weight_h_in_data, iact_h_in_data, iact_s_in_data, iact_n_in_data})
  );
  assign {ext_weight_in_valid, ext_iact_in_valid, weight_h_in_valid, iact_h_in_valid, iact_s_in_valid,
          iact_n_in_valid} = streams_in_valid;

  // A stream engine is idle once the group's input register has its last word; WAIT's `streams`
  // also waits for these registers (ev2_array, ev2_cmdproc), so nothing reconfigures a router or
  // a bank while a word of a finished stream is still on its way in.
  assign streams_in_idle_o = !(|streams_in_valid);

  ev2_spill_lanes #(.Lanes(PL), .Width(PW)) u_psum_n_in (
    .clk_i, .rst_ni,
    .valid_i(psum_n_valid_i), .ready_o(psum_n_ready_o), .data_i(psum_n_data_i),
    .valid_o(psum_n_in_valid), .ready_i(psum_n_in_ready), .data_o(psum_n_in_data)
  );
  for (genvar j = 0; j < PL; j++) begin : g_drain_out
    ev2_spill_reg #(
      .Width(PW + 1)
    ) u_reg (
      .clk_i,
      .rst_ni,
      .valid_i(drain_out_valid[j]),
      .ready_o(drain_out_ready[j]),
      .data_i ({drain_out_last[j], drain_out_data[j*PW +: PW]}),
      .valid_o(drain_valid_o[j]),
      .ready_i(drain_ready_i[j]),
      .data_o ({drain_last_o[j], drain_data_o[j*PW +: PW]})
    );
  end

  ev2_glb_cluster u_glb (
    .clk_i,
    .rst_ni,
    .cfg_we_i        (glb_cfg_we_i),
    .cfg_bank_i      (glb_cfg_bank_i),
    .cfg_side_i      (glb_cfg_side_i),
    .cfg_data_i      (glb_cfg_data_i),
    .wr_busy_o       (glb_wr_busy_o),
    .rd_busy_o       (glb_rd_busy_o),
    .ext_iact_valid_i(ext_iact_in_valid),
    .ext_iact_ready_o(ext_iact_in_ready),
    .ext_iact_data_i (ext_iact_in_data),
    .glb_iact_valid_o(glb_iact_valid),
    .glb_iact_ready_i(glb_iact_ready),
    .glb_iact_data_o (glb_iact_data),
    .glb_psum_valid_o(glb_psum_rd_valid),
    .glb_psum_ready_i(glb_psum_rd_ready),
    .glb_psum_data_o (glb_psum_rd_data),
    .glb_psum_valid_i(glb_psum_wr_valid),
    .glb_psum_ready_o(glb_psum_wr_ready),
    .glb_psum_data_i (glb_psum_wr_data),
    .drain_valid_o   (drain_out_valid),
    .drain_ready_i   (drain_out_ready),
    .drain_data_o    (drain_out_data),
    .drain_last_o    (drain_out_last)
  );

  ev2_router_cluster #(
    .NumH(NumH)
  ) u_router (
    .clk_i,
    .rst_ni,
    .cfg_we_i          (noc_cfg_we_i),
    .cfg_i             (noc_cfg_i),
    .glb_iact_valid_i  (glb_iact_valid),
    .glb_iact_ready_o  (glb_iact_ready),
    .glb_iact_data_i   (glb_iact_data),
    .ext_weight_valid_i(ext_weight_in_valid),
    .ext_weight_ready_o(ext_weight_in_ready),
    .ext_weight_data_i (ext_weight_in_data),
    .glb_psum_valid_i  (glb_psum_rd_valid),
    .glb_psum_ready_o  (glb_psum_rd_ready),
    .glb_psum_data_i   (glb_psum_rd_data),
    .glb_psum_valid_o  (glb_psum_wr_valid),
    .glb_psum_ready_i  (glb_psum_wr_ready),
    .glb_psum_data_o   (glb_psum_wr_data),
    .pe_iact_valid_o   (pe_iact_valid),
    .pe_iact_ready_i   (pe_iact_ready),
    .pe_iact_data_o    (pe_iact_data),
    .pe_weight_valid_o (pe_weight_valid),
    .pe_weight_ready_i (pe_weight_ready),
    .pe_weight_data_o  (pe_weight_data),
    .pe_psum_valid_o   (pe_psum_in_valid),
    .pe_psum_ready_i   (pe_psum_in_ready),
    .pe_psum_data_o    (pe_psum_in_data),
    .pe_psum_valid_i   (pe_psum_out_valid),
    .pe_psum_ready_o   (pe_psum_out_ready),
    .pe_psum_data_i    (pe_psum_out_data),
    .iact_n_valid_i    (iact_n_in_valid),
    .iact_n_ready_o    (iact_n_in_ready),
    .iact_n_data_i     (iact_n_in_data),
    .iact_n_valid_o,
    .iact_n_ready_i,
    .iact_n_data_o,
    .iact_s_valid_i    (iact_s_in_valid),
    .iact_s_ready_o    (iact_s_in_ready),
    .iact_s_data_i     (iact_s_in_data),
    .iact_s_valid_o,
    .iact_s_ready_i,
    .iact_s_data_o,
    .iact_h_valid_i    (iact_h_in_valid),
    .iact_h_ready_o    (iact_h_in_ready),
    .iact_h_data_i     (iact_h_in_data),
    .iact_h_valid_o,
    .iact_h_ready_i,
    .iact_h_data_o,
    .weight_h_valid_i    (weight_h_in_valid),
    .weight_h_ready_o    (weight_h_in_ready),
    .weight_h_data_i     (weight_h_in_data),
    .weight_h_valid_o,
    .weight_h_ready_i,
    .weight_h_data_o,
    .psum_n_valid_i    (psum_n_in_valid),
    .psum_n_ready_o    (psum_n_in_ready),
    .psum_n_data_i     (psum_n_in_data),
    .psum_s_valid_o,
    .psum_s_ready_i,
    .psum_s_data_o
  );

  ev2_pe_cluster #(
    .Counters(Counters)
  ) u_pe (
    .clk_i,
    .rst_ni,
    .cfg_valid_i      (pe_cfg_valid_i),
    .cfg_ready_o      (pe_cfg_ready_o),
    .cfg_data_i       (pe_cfg_data_i),
    .busy_o           (pe_busy_o),
    .macs_o           (pe_macs_o),
    .pe_iact_valid_i  (pe_iact_valid),
    .pe_iact_ready_o  (pe_iact_ready),
    .pe_iact_data_i   (pe_iact_data),
    .pe_weight_valid_i(pe_weight_valid),
    .pe_weight_ready_o(pe_weight_ready),
    .pe_weight_data_i (pe_weight_data),
    .pe_psum_valid_i  (pe_psum_in_valid),
    .pe_psum_ready_o  (pe_psum_in_ready),
    .pe_psum_data_i   (pe_psum_in_data),
    .pe_psum_valid_o  (pe_psum_out_valid),
    .pe_psum_ready_i  (pe_psum_out_ready),
    .pe_psum_data_o   (pe_psum_out_data)
  );

endmodule
