// The array: one cluster group (GLB cluster, router cluster, PE cluster: ev2_cluster_group) per
// position of the Rows x Cols array, the mesh links between their router clusters
// (ev2_noc_mesh_links), and the decoding of the command processor's three buses into the groups
// (docs/layer_command.md, "Targets"; the codes are ev2_if_pkg's, generated from
// rtl/pkg/ev2_interface.json):
//   configuration bus  target {group, unit}: UnitRouter router cluster (mesh configuration),
//                      UnitPe+p PE p configuration word, UnitGlb+2b+side GLB bank b side (0 wr, 1 rd),
//                      UnitGlbLinear+2b+side the same with a one-word linear configuration
//   stream engines     target {group, unit}: UnitWeight+r weight router r, UnitIact+k iact bank k input
//   drain engines      source {group, unit}: UnitDrain+j psum bank j drain output (one bank per engine)
// A unit that does not exist is a command-list bug: asserted, and its words are consumed so the
// processor cannot hang on them.
`include "ev2_assert.svh"

module ev2_array #(
  parameter int unsigned Rows     = ev2_config_pkg::ClusterGroupRows,
  parameter int unsigned Cols     = ev2_config_pkg::ClusterGroupCols,
  parameter bit          Counters = 1'b0,
  parameter int unsigned DrainEngines = 1,
  parameter int unsigned StreamEngines = 2,
  localparam int unsigned D       = DrainEngines,
  localparam int unsigned S       = StreamEngines,
  localparam int unsigned Groups  = Rows * Cols,
  localparam int unsigned GW      = (Groups > 1) ? $clog2(Groups) : 1,
  localparam int unsigned IL      = ev2_noc_pkg::IactLanes,
  localparam int unsigned WL      = ev2_config_pkg::PeRows,
  localparam int unsigned PL      = ev2_config_pkg::PeCols,
  localparam int unsigned NumPe   = ev2_config_pkg::PeRows * ev2_config_pkg::PeCols,
  localparam int unsigned DW      = ev2_pkg::NocDataW,
  localparam int unsigned PW      = ev2_pkg::NocPsumW,
  localparam int unsigned PeCfgW  = ev2_pe_pkg::CfgW,
  localparam int unsigned NumBanks = IL + PL,
  localparam int unsigned TargetW = ev2_if_pkg::TargetW
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  // configuration bus
  input  logic               cfg_valid_i,
  output logic               cfg_ready_o,
  input  logic [TargetW-1:0] cfg_target_i,
  input  logic [63:0]        cfg_data_i,
  input  logic               cfg_last_i,
  // stream engines (engine e at [e*W +: W])
  input  logic [S-1:0]       st_valid_i,
  output logic [S-1:0]       st_ready_o,
  input  logic [S*DW-1:0]    st_data_i,
  input  logic [S*TargetW-1:0] st_target_i,
  // drain engines (engine e at [e*W +: W])
  input  logic [D*TargetW-1:0] drain_source_i,
  input  logic [D-1:0]       drain_active_i,
  output logic [D-1:0]       drain_valid_o,
  input  logic [D-1:0]       drain_ready_i,
  output logic [D*PW-1:0]    drain_data_o,
  // status
  output logic               idle_o,
  output logic               streams_in_idle_o,  // every group's stream input registers empty
  output logic [Groups*NumPe*2-1:0] macs_o   // every PE's MACs this cycle (the MAC counter)
);

  // ---- the groups' ports to the control side (flat, group g at [g*N*W +: N*W]) ------------------
  logic [Groups*IL-1:0]       ext_iact_valid, ext_iact_ready;
  logic [Groups*IL*DW-1:0]    ext_iact_data;
  logic [Groups*WL-1:0]       ext_weight_valid, ext_weight_ready;
  logic [Groups*WL*DW-1:0]    ext_weight_data;
  logic [Groups*PL-1:0]       drain_valid, drain_ready;
  logic [Groups*PL*PW-1:0]    drain_data;
  logic [Groups*NumPe-1:0]    pe_cfg_valid, pe_cfg_ready, pe_busy;
  logic [Groups*NumBanks-1:0] bank_wr_busy, bank_rd_busy;

  // ---- configuration bus ------------------------------------------------------------------------
  // A unit's index within its kind's code range, and whether the unit is of that kind (inside the
  // range) and exists in this array (index < count).
  localparam int unsigned UnitW = ev2_if_pkg::TargetUnitW;
  function automatic logic [UnitW-1:0] unit_index(logic [UnitW-1:0] u, logic [UnitW-1:0] code);
    unit_index = u - code;
  endfunction
  function automatic logic unit_exists(logic [UnitW-1:0] u, logic [UnitW-1:0] code, int unsigned span,
                                       int unsigned count);
    unit_exists = (u >= code) && (32'(unit_index(u, code)) < span) && (32'(unit_index(u, code)) < count);
  endfunction

  // A target's group code names one group, every group (BroadcastGroup) or a set of 2^k groups
  // from index x 2^k on (GroupSetFlag, docs/interface.md): whether it names group g.
  localparam int unsigned GroupW = ev2_if_pkg::TargetGroupW;
  function automatic logic names_group(logic [GroupW-1:0] code, int unsigned g);
    logic [ev2_if_pkg::GroupSetSizeLog2W-1:0] k;
    logic [ev2_if_pkg::GroupSetIndexW-1:0]    index;
    k     = code[ev2_if_pkg::GroupSetSizeLog2Lsb +: ev2_if_pkg::GroupSetSizeLog2W];
    index = code[ev2_if_pkg::GroupSetIndexLsb +: ev2_if_pkg::GroupSetIndexW];
    if (code == ev2_if_pkg::BroadcastGroup) names_group = 1'b1;
    else if ((code & ev2_if_pkg::GroupSetFlag) != '0) names_group = (g >> k) == 32'(index);
    else names_group = (32'(code) == g);
  endfunction
  // A code that names several groups (broadcast or set): its message goes to all of them at once.
  function automatic logic names_many(logic [GroupW-1:0] code);
    names_many = (code & ev2_if_pkg::GroupSetFlag) != '0;
  endfunction

  ev2_if_pkg::target_t cfg_tgt;
  logic [GW-1:0] grp;
  logic        to_router, to_pe, to_glb, to_glb_lin, known;
  logic [$clog2(ev2_if_pkg::UnitPeSpan)-1:0]  pe_idx;
  logic [$clog2(ev2_if_pkg::UnitGlbSpan)-1:0] glb_idx;   // 2 x bank + side (either GLB unit kind)
  assign cfg_tgt   = cfg_target_i;
  assign grp       = GW'(cfg_tgt.group);
  assign pe_idx    = $bits(pe_idx)'(unit_index(cfg_tgt.unit, ev2_if_pkg::UnitPe));
  assign glb_idx   = $bits(glb_idx)'(unit_index(cfg_tgt.unit, to_glb_lin ? ev2_if_pkg::UnitGlbLinear
                                                                         : ev2_if_pkg::UnitGlb));
  assign to_router = unit_exists(cfg_tgt.unit, ev2_if_pkg::UnitRouter, ev2_if_pkg::UnitRouterSpan, 1);
  assign to_pe     = unit_exists(cfg_tgt.unit, ev2_if_pkg::UnitPe, ev2_if_pkg::UnitPeSpan, NumPe);
  assign to_glb    = unit_exists(cfg_tgt.unit, ev2_if_pkg::UnitGlb, ev2_if_pkg::UnitGlbSpan, 2 * NumBanks);
  assign to_glb_lin = unit_exists(cfg_tgt.unit, ev2_if_pkg::UnitGlbLinear, ev2_if_pkg::UnitGlbLinearSpan,
                                  2 * NumBanks);
  // The broadcast group is every group: a layer's phases configure all groups alike, and one
  // broadcast message instead of one per group keeps the command list (and its fetch) short. A
  // group set is the same for the groups that share weights in sets.
  logic              bcast;
  logic [Groups-1:0] cfg_groups;   // the groups the message goes to
  always_comb for (int unsigned g = 0; g < Groups; g++) cfg_groups[g] = names_group(cfg_tgt.group, g);
  assign bcast     = names_many(cfg_tgt.group);
  assign known     = (cfg_groups != '0) && (to_router || to_pe || to_glb || to_glb_lin);

  // Router clusters: the message becomes one mesh configuration write to its group.
  localparam int unsigned NumH    = (Cols > 2) ? 2 : 1;
  localparam int unsigned NocCfgW = ev2_noc_pkg::noc_cfg_w(NumH);
  localparam int unsigned GlbCfgW = ev2_if_pkg::GlbCfgW;

  logic               noc_deser_ready, noc_cfg_valid, glb_deser_ready, glb_cfg_valid;
  logic [NocCfgW-1:0] noc_cfg;
  logic [GlbCfgW-1:0] glb_cfg;
  logic [GroupW-1:0]  noc_group_q, glb_group_q;   // the group code of the message being written
  logic [2:0]         glb_bank_q;
  logic               glb_side_q;

  ev2_cfg_deser #(.OutW(NocCfgW)) u_noc_deser (
    .clk_i, .rst_ni,
    .valid_i(cfg_valid_i && known && to_router),
    .ready_o(noc_deser_ready),
    .data_i (cfg_data_i),
    .last_i (cfg_last_i),
    .valid_o(noc_cfg_valid),
    .ready_i(1'b1),
    .data_o (noc_cfg)
  );

  ev2_cfg_deser #(.OutW(GlbCfgW)) u_glb_deser (
    .clk_i, .rst_ni,
    .valid_i(cfg_valid_i && known && to_glb),
    .ready_o(glb_deser_ready),
    .data_i (cfg_data_i),
    .last_i (cfg_last_i),
    .valid_o(glb_cfg_valid),
    .ready_i(1'b1),
    .data_o (glb_cfg)
  );

  // The target of a deserialised message is the one its last word carried.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      noc_group_q <= '0;
      glb_group_q <= '0;
      glb_bank_q  <= '0;
      glb_side_q  <= 1'b0;
    end else if (cfg_valid_i && cfg_ready_o && cfg_last_i && known) begin
      if (to_router) noc_group_q <= cfg_tgt.group;
      if (to_glb || to_glb_lin) begin
        glb_group_q <= cfg_tgt.group;
        glb_bank_q  <= $bits(glb_bank_q)'(glb_idx >> 1);
        glb_side_q  <= glb_idx[0];
      end
    end
  end

  // A linear GLB configuration is one word: expanded to the bank configuration (loop 0 of count
  // words at stride 1, the other loops off) and written the cycle after, like a deserialised one.
  // The two never write in the same cycle: a deserialised configuration is written the cycle after
  // its last word, and a linear word taken in that cycle is written in the next one.
  ev2_if_pkg::glb_linear_t glb_lin_word;
  ev2_if_pkg::glb_cfg_t    glb_lin_cfg_d, glb_lin_cfg_q;
  logic                    glb_lin_valid_q;
  assign glb_lin_word = cfg_data_i[ev2_if_pkg::GlbLinW-1:0];
  always_comb begin
    glb_lin_cfg_d           = '0;
    glb_lin_cfg_d.base      = glb_lin_word.base;
    glb_lin_cfg_d.count[0]  = glb_lin_word.count;
    glb_lin_cfg_d.stride[0] = ev2_if_pkg::GlbCfgStrideW'(1);
    glb_lin_cfg_d.start     = glb_lin_word.start;
    glb_lin_cfg_d.wait_wr   = glb_lin_word.wait_wr;
    glb_lin_cfg_d.mode      = glb_lin_word.mode;
    glb_lin_cfg_d.len       = glb_lin_word.len;
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      glb_lin_valid_q <= 1'b0;
      glb_lin_cfg_q   <= '0;
    end else begin
      glb_lin_valid_q <= cfg_valid_i && known && to_glb_lin;
      if (cfg_valid_i && known && to_glb_lin) glb_lin_cfg_q <= glb_lin_cfg_d;
    end
  end
  logic                    glb_we;
  logic [GlbCfgW-1:0]      glb_wdata;
  assign glb_we    = glb_cfg_valid || glb_lin_valid_q;
  assign glb_wdata = glb_lin_valid_q ? GlbCfgW'(glb_lin_cfg_q) : glb_cfg;

  // A router configuration is written the cycle after its last word, to its group or (broadcast)
  // to every group at once: CONFIG messages take effect in list order. (Writing a broadcast one
  // group per cycle let the next messages, e.g. a bank's read side, start before the last groups'
  // routes changed: on v2 a bank then offered its first word on the old route.)

  // PE configuration words go straight to the PE's configuration port. A broadcast word is
  // offered to PE p of every group only when all of them can take it, so all take it in the same
  // cycle (an offer is never withdrawn).
  logic pe_bcast_ready;
  always_comb begin
    pe_bcast_ready = 1'b1;
    for (int unsigned g = 0; g < Groups; g++)
      if (cfg_groups[g]) pe_bcast_ready &= pe_cfg_ready[g * NumPe + 32'(pe_idx)];
  end
  always_comb begin
    pe_cfg_valid = '0;
    if (bcast) begin
      for (int unsigned g = 0; g < Groups; g++)
        pe_cfg_valid[g * NumPe + 32'(pe_idx)] = cfg_groups[g] && cfg_valid_i && known && to_pe && pe_bcast_ready;
    end else begin
      pe_cfg_valid[32'(grp) * NumPe + 32'(pe_idx)] = cfg_valid_i && known && to_pe;
    end
  end

  always_comb begin
    if (!known)         cfg_ready_o = 1'b1;  // dropped (asserted below)
    else if (to_router) cfg_ready_o = noc_deser_ready;
    else if (to_glb)    cfg_ready_o = glb_deser_ready;
    else if (to_glb_lin) cfg_ready_o = 1'b1;
    else if (bcast)     cfg_ready_o = pe_bcast_ready;
    else                cfg_ready_o = pe_cfg_ready[32'(grp) * NumPe + 32'(pe_idx)];
  end

  // ---- stream engines -> injection ports ---------------------------------------------------------
  // Port q of a group: q < WL weight router q, else iact bank q - WL. Group 0xff is port q of every
  // group, a group set port q of the set's groups: groups that split a layer by output rows or
  // batch need the same weights (and groups that split it by output channels the same iact rows),
  // which then leave memory once. A word to several groups is offered only when every one of their
  // ports can take it, so all take it in the same cycle (an offer is never withdrawn), as for CONFIG.
  localparam int unsigned Ports = WL + IL;
  localparam int unsigned NP = Groups * Ports;
  logic [S*NP-1:0] st_sel;   // engine e's port select at [e*NP +: NP] (one-hot, or one per group)
  logic [S-1:0]    st_bcast;
  // Targets are taken apart with the field positions, not a target_t variable: Yosys 0.23 does
  // not see struct fields of a variable declared inside a procedural block.
  localparam int unsigned GroupLsb = ev2_if_pkg::TargetGroupLsb;
  localparam int unsigned UnitLsb  = ev2_if_pkg::TargetUnitLsb;
  always_comb begin
    logic [GroupW-1:0] tg;
    logic [UnitW-1:0]  tu;
    st_sel   = '0;
    st_bcast = '0;
    for (int unsigned e = 0; e < S; e++) begin
      tg = st_target_i[e*TargetW + GroupLsb +: GroupW];
      tu = st_target_i[e*TargetW + UnitLsb +: UnitW];
      st_bcast[e] = names_many(tg);
      for (int unsigned g = 0; g < Groups; g++) begin
        if (names_group(tg, g)) begin
          if (unit_exists(tu, ev2_if_pkg::UnitWeight, ev2_if_pkg::UnitWeightSpan, WL))
            st_sel[e*NP + g * Ports + 32'(unit_index(tu, ev2_if_pkg::UnitWeight))] = 1'b1;
          else if (unit_exists(tu, ev2_if_pkg::UnitIact, ev2_if_pkg::UnitIactSpan, IL))
            st_sel[e*NP + g * Ports + WL + 32'(unit_index(tu, ev2_if_pkg::UnitIact))] = 1'b1;
        end
      end
    end
  end

  logic [Groups*Ports-1:0] port_ready;
  logic [S-1:0]            st_all_ready;   // every port the engine selects can take a word
  for (genvar g = 0; g < Groups; g++) begin : g_port_ready
    assign port_ready[g*Ports +: Ports] = {ext_iact_ready[g*IL +: IL], ext_weight_ready[g*WL +: WL]};
  end
  always_comb begin
    for (int unsigned e = 0; e < S; e++) begin
      st_all_ready[e] = 1'b1;
      for (int unsigned b = 0; b < NP; b++)
        if (st_sel[e*NP + b]) st_all_ready[e] &= port_ready[b];
    end
  end

  always_comb begin
    logic v, ve;
    logic [DW-1:0] d;
    for (int unsigned g = 0; g < Groups; g++) begin
      for (int unsigned q = 0; q < Ports; q++) begin
        // The select follows an engine's target, which stays put after its stream ends: the
        // data must follow the engine that is offering a word, or an idle engine whose last
        // stream fed this port would shadow another engine's words to it.
        v = 1'b0;
        d = st_data_i[0 +: DW];
        for (int unsigned e = 0; e < S; e++) begin
          ve = st_valid_i[e] && st_sel[e*NP + g*Ports + q] && (!st_bcast[e] || st_all_ready[e]);
          if (ve) d = st_data_i[e*DW +: DW];
          v |= ve;
        end
        if (q < WL) begin
          ext_weight_valid[g*WL + q]             = v;
          ext_weight_data[(g*WL + q)*DW +: DW]   = d;
        end else begin
          ext_iact_valid[g*IL + q - WL]           = v;
          ext_iact_data[(g*IL + q - WL)*DW +: DW] = d;
        end
      end
    end
    for (int unsigned e = 0; e < S; e++) begin
      // A stream to a port that does not exist is consumed (and asserted below).
      st_ready_o[e] = (st_sel[e*NP +: NP] == '0) ? 1'b1 : st_all_ready[e];
    end
  end

  // ---- drain: each engine's selected psum bank to that engine --------------------------------------
  logic [D*Groups*PL-1:0] drain_sel;   // engine e's one-hot bank select at [e*Groups*PL +: Groups*PL]
  always_comb begin
    logic [GroupW-1:0] sg;
    logic [UnitW-1:0]  su;
    drain_sel     = '0;
    drain_ready   = '0;
    drain_valid_o = '0;
    drain_data_o  = '0;
    for (int unsigned e = 0; e < D; e++) begin
      sg = drain_source_i[e*TargetW + GroupLsb +: GroupW];
      su = drain_source_i[e*TargetW + UnitLsb +: UnitW];
      if (drain_active_i[e] && unit_exists(su, ev2_if_pkg::UnitDrain, ev2_if_pkg::UnitDrainSpan, PL) &&
          32'(sg) < Groups)
        drain_sel[e*Groups*PL + 32'(sg) * PL + 32'(unit_index(su, ev2_if_pkg::UnitDrain))] = 1'b1;
      drain_ready      |= drain_sel[e*Groups*PL +: Groups*PL] & {(Groups*PL){drain_ready_i[e]}};
      drain_valid_o[e]  = |(drain_sel[e*Groups*PL +: Groups*PL] & drain_valid);
      for (int unsigned b = 0; b < Groups*PL; b++)
        if (drain_sel[e*Groups*PL + b]) drain_data_o[e*PW +: PW] = drain_data[b*PW +: PW];
    end
  end

  // ---- the cluster groups and the mesh links between them ---------------------------------------
  // Per cluster group: what it sends out (*_out) and what arrives at it (*_in) on each mesh link,
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
  logic [Groups-1:0]       group_streams_in_idle;

  for (genvar g = 0; g < Groups; g++) begin : g_group
    logic [PL-1:0] unused_drain_last;

    ev2_cluster_group #(.NumH(NumH), .Counters(Counters)) u_group (
      .clk_i, .rst_ni,
      .noc_cfg_we_i      (noc_cfg_valid && names_group(noc_group_q, g)),
      .noc_cfg_i         (noc_cfg),
      .glb_cfg_we_i      (glb_we && names_group(glb_group_q, g)),
      .glb_cfg_bank_i    (glb_bank_q),
      .glb_cfg_side_i    (glb_side_q),
      .glb_cfg_data_i    (glb_wdata),
      .glb_wr_busy_o     (bank_wr_busy[g*NumBanks +: NumBanks]),
      .glb_rd_busy_o     (bank_rd_busy[g*NumBanks +: NumBanks]),
      .pe_cfg_valid_i    (pe_cfg_valid[g*NumPe +: NumPe]),
      .pe_cfg_ready_o    (pe_cfg_ready[g*NumPe +: NumPe]),
      .pe_cfg_data_i     ({NumPe{cfg_data_i[PeCfgW-1:0]}}),
      .pe_busy_o         (pe_busy[g*NumPe +: NumPe]),
      .pe_macs_o         (macs_o[g*NumPe*2 +: NumPe*2]),
      .streams_in_idle_o (group_streams_in_idle[g]),
      .ext_iact_valid_i  (ext_iact_valid[g*IL +: IL]),
      .ext_iact_ready_o  (ext_iact_ready[g*IL +: IL]),
      .ext_iact_data_i   (ext_iact_data[g*IL*DW +: IL*DW]),
      .ext_weight_valid_i(ext_weight_valid[g*WL +: WL]),
      .ext_weight_ready_o(ext_weight_ready[g*WL +: WL]),
      .ext_weight_data_i (ext_weight_data[g*WL*DW +: WL*DW]),
      .drain_valid_o     (drain_valid[g*PL +: PL]),
      .drain_ready_i     (drain_ready[g*PL +: PL]),
      .drain_data_o      (drain_data[g*PL*PW +: PL*PW]),
      .drain_last_o      (unused_drain_last),
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

  ev2_noc_mesh_links #(.Rows(Rows), .Cols(Cols)) u_mesh (
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

  assign idle_o = !(|pe_busy) && !(|bank_wr_busy) && !(|bank_rd_busy);
  assign streams_in_idle_o = &group_streams_in_idle;

  `EV2_ASSERT_IF(cfg_target_exists, cfg_valid_i, known)
  for (genvar e = 0; e < S; e++) begin : g_stream_check
    `EV2_ASSERT_IF(stream_target_exists, st_valid_i[e], (st_sel[e*NP +: NP] != '0))
    for (genvar f = e + 1; f < S; f++) begin : g_pair
      `EV2_ASSERT(streams_do_not_collide,
                  !(st_valid_i[e] && st_valid_i[f] && ((st_sel[e*NP +: NP] & st_sel[f*NP +: NP]) != '0)))
    end
  end
  `EV2_ASSERT_IF(pe_cfg_is_one_word, (cfg_valid_i && known && to_pe), cfg_last_i)
  `EV2_ASSERT_IF(glb_linear_is_one_word, (cfg_valid_i && known && to_glb_lin), cfg_last_i)
  `EV2_ASSERT(glb_writes_do_not_collide, !(glb_cfg_valid && glb_lin_valid_q))
  for (genvar e = 0; e < D; e++) begin : g_drain_check
    `EV2_ASSERT_IF(drain_source_exists, drain_active_i[e], (drain_sel[e*Groups*PL +: Groups*PL] != '0))
    for (genvar f = e + 1; f < D; f++) begin : g_pair
      `EV2_ASSERT(one_engine_per_bank,
                  (drain_sel[e*Groups*PL +: Groups*PL] & drain_sel[f*Groups*PL +: Groups*PL]) == '0)
    end
  end

endmodule
