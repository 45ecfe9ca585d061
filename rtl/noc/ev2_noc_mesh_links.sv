// The links of the hierarchical mesh: which router cluster's mesh port faces which, for Rows x Cols
// cluster groups (group g = row * Cols + col). Pure wiring, shared by the NoC-only mesh
// (ev2_noc_mesh: router clusters) and the array (ev2_array: whole cluster groups), so both have
// exactly the same topology.
//
// Each group drives its outgoing links (*_out_*: valid and data out, ready in) and receives its
// incoming links (*_in_*: valid and data in, ready out), group g at [g*N*W +: N*W] of each flat
// bus (Yosys 0.23 takes neither unpacked nor multi-dimensional packed ports); iact links run north/south/east/west,
// weight links east/west, psum links north -> south. A mesh of <= 2 columns needs one horizontal
// port per router (NumH = 1: column 0 talks to column 1 through it); wider meshes get separate
// east (port 0) and west (port 1) ports (NumH = 2).
//
// Latency: none here; the router clusters register their mesh outputs (one cycle per link). Links
// off the edge of the mesh are tied off (never ready, never valid); a word routed off the edge is
// a configuration error, asserted here.
`include "ev2_assert.svh"

module ev2_noc_mesh_links #(
  parameter int unsigned Rows = ev2_config_pkg::ClusterGroupRows,
  parameter int unsigned Cols = ev2_config_pkg::ClusterGroupCols,
  localparam int unsigned NumH   = (Cols > 2) ? 2 : 1,
  localparam int unsigned Groups = Rows * Cols,
  localparam int unsigned IL     = ev2_noc_pkg::IactLanes,
  localparam int unsigned WL     = ev2_config_pkg::PeRows,
  localparam int unsigned PL     = ev2_config_pkg::PeCols,
  localparam int unsigned DW     = ev2_pkg::NocDataW,
  localparam int unsigned PW     = ev2_pkg::NocPsumW
) (
  input  logic                  clk_i,   // assertions only
  input  logic                  rst_ni,
  // what each group sends out on its links
  input  logic [Groups*IL-1:0] iact_n_out_valid_i,
  output logic [Groups*IL-1:0] iact_n_out_ready_o,
  input  logic [Groups*IL*DW-1:0] iact_n_out_data_i,
  input  logic [Groups*IL-1:0] iact_s_out_valid_i,
  output logic [Groups*IL-1:0] iact_s_out_ready_o,
  input  logic [Groups*IL*DW-1:0] iact_s_out_data_i,
  input  logic [Groups*NumH*IL-1:0] iact_h_out_valid_i,
  output logic [Groups*NumH*IL-1:0] iact_h_out_ready_o,
  input  logic [Groups*NumH*IL*DW-1:0] iact_h_out_data_i,
  input  logic [Groups*NumH*WL-1:0] weight_h_out_valid_i,
  output logic [Groups*NumH*WL-1:0] weight_h_out_ready_o,
  input  logic [Groups*NumH*WL*DW-1:0] weight_h_out_data_i,
  input  logic [Groups*PL-1:0] psum_s_out_valid_i,
  output logic [Groups*PL-1:0] psum_s_out_ready_o,
  input  logic [Groups*PL*PW-1:0] psum_s_out_data_i,
  // what arrives at each group on its links
  output logic [Groups*IL-1:0] iact_n_in_valid_o,
  input  logic [Groups*IL-1:0] iact_n_in_ready_i,
  output logic [Groups*IL*DW-1:0] iact_n_in_data_o,
  output logic [Groups*IL-1:0] iact_s_in_valid_o,
  input  logic [Groups*IL-1:0] iact_s_in_ready_i,
  output logic [Groups*IL*DW-1:0] iact_s_in_data_o,
  output logic [Groups*NumH*IL-1:0] iact_h_in_valid_o,
  input  logic [Groups*NumH*IL-1:0] iact_h_in_ready_i,
  output logic [Groups*NumH*IL*DW-1:0] iact_h_in_data_o,
  output logic [Groups*NumH*WL-1:0] weight_h_in_valid_o,
  input  logic [Groups*NumH*WL-1:0] weight_h_in_ready_i,
  output logic [Groups*NumH*WL*DW-1:0] weight_h_in_data_o,
  output logic [Groups*PL-1:0] psum_n_in_valid_o,
  input  logic [Groups*PL-1:0] psum_n_in_ready_i,
  output logic [Groups*PL*PW-1:0] psum_n_in_data_o
);

  for (genvar g = 0; g < Groups; g++) begin : g_group
    localparam int unsigned R = g / Cols;
    localparam int unsigned C = g % Cols;

    // ---- vertical: this group's south link feeds the north input of the group below ------------
    if (R + 1 < Rows) begin : g_south
      assign iact_n_in_valid_o[(g + Cols)*IL +: IL]  = iact_s_out_valid_i[g*IL +: IL];
      assign iact_n_in_data_o[(g + Cols)*IL*DW +: IL*DW]   = iact_s_out_data_i[g*IL*DW +: IL*DW];
      assign iact_s_out_ready_o[g*IL +: IL]        = iact_n_in_ready_i[(g + Cols)*IL +: IL];
      assign iact_s_in_valid_o[g*IL +: IL]         = iact_n_out_valid_i[(g + Cols)*IL +: IL];
      assign iact_s_in_data_o[g*IL*DW +: IL*DW]          = iact_n_out_data_i[(g + Cols)*IL*DW +: IL*DW];
      assign iact_n_out_ready_o[(g + Cols)*IL +: IL] = iact_s_in_ready_i[g*IL +: IL];
      assign psum_n_in_valid_o[(g + Cols)*PL +: PL]  = psum_s_out_valid_i[g*PL +: PL];
      assign psum_n_in_data_o[(g + Cols)*PL*PW +: PL*PW]   = psum_s_out_data_i[g*PL*PW +: PL*PW];
      assign psum_s_out_ready_o[g*PL +: PL]        = psum_n_in_ready_i[(g + Cols)*PL +: PL];
    end else begin : g_south_edge
      logic unused_south;
      assign unused_south          = ^{iact_s_out_data_i[g*IL*DW +: IL*DW], psum_s_out_data_i[g*PL*PW +: PL*PW], iact_s_in_ready_i[g*IL +: IL]};
      assign iact_s_out_ready_o[g*IL +: IL] = '0;
      assign iact_s_in_valid_o[g*IL +: IL]  = '0;
      assign iact_s_in_data_o[g*IL*DW +: IL*DW]   = '0;
      assign psum_s_out_ready_o[g*PL +: PL] = '0;
      logic leaving;
      assign leaving = (iact_s_out_valid_i[g*IL +: IL] != '0) || (psum_s_out_valid_i[g*PL +: PL] != '0);
      `EV2_ASSERT(route_leaves_mesh_south, !leaving)
    end
    if (R == 0) begin : g_north_edge
      logic unused_north;
      assign unused_north          = ^{iact_n_out_data_i[g*IL*DW +: IL*DW], iact_n_in_ready_i[g*IL +: IL], psum_n_in_ready_i[g*PL +: PL]};
      assign iact_n_out_ready_o[g*IL +: IL] = '0;
      assign iact_n_in_valid_o[g*IL +: IL]  = '0;
      assign iact_n_in_data_o[g*IL*DW +: IL*DW]   = '0;
      assign psum_n_in_valid_o[g*PL +: PL]  = '0;
      assign psum_n_in_data_o[g*PL*PW +: PL*PW]   = '0;
      logic leaving;
      assign leaving = (iact_n_out_valid_i[g*IL +: IL] != '0);
      `EV2_ASSERT(route_leaves_mesh_north, !leaving)
    end

    // ---- horizontal ------------------------------------------------------------------------------
    if (NumH == 1) begin : g_h1
      if (Cols == 2) begin : g_pair
        // h port 0 of column 0 and of column 1 face each other.
        localparam int unsigned Other = (C == 0) ? g + 1 : g - 1;
        assign iact_h_in_valid_o[g*NumH*IL +: NumH*IL]    = iact_h_out_valid_i[(Other)*NumH*IL +: NumH*IL];
        assign iact_h_in_data_o[g*NumH*IL*DW +: NumH*IL*DW]     = iact_h_out_data_i[(Other)*NumH*IL*DW +: NumH*IL*DW];
        assign iact_h_out_ready_o[g*NumH*IL +: NumH*IL]   = iact_h_in_ready_i[(Other)*NumH*IL +: NumH*IL];
        assign weight_h_in_valid_o[g*NumH*WL +: NumH*WL]  = weight_h_out_valid_i[(Other)*NumH*WL +: NumH*WL];
        assign weight_h_in_data_o[g*NumH*WL*DW +: NumH*WL*DW]   = weight_h_out_data_i[(Other)*NumH*WL*DW +: NumH*WL*DW];
        assign weight_h_out_ready_o[g*NumH*WL +: NumH*WL] = weight_h_in_ready_i[(Other)*NumH*WL +: NumH*WL];
      end else begin : g_alone
        logic unused_h;
        assign unused_h = ^{iact_h_out_data_i[g*NumH*IL*DW +: NumH*IL*DW], iact_h_in_ready_i[g*NumH*IL +: NumH*IL], weight_h_out_data_i[g*NumH*WL*DW +: NumH*WL*DW], weight_h_in_ready_i[g*NumH*WL +: NumH*WL]};
        assign iact_h_in_valid_o[g*NumH*IL +: NumH*IL]    = '0;
        assign iact_h_in_data_o[g*NumH*IL*DW +: NumH*IL*DW]     = '0;
        assign iact_h_out_ready_o[g*NumH*IL +: NumH*IL]   = '0;
        assign weight_h_in_valid_o[g*NumH*WL +: NumH*WL]  = '0;
        assign weight_h_in_data_o[g*NumH*WL*DW +: NumH*WL*DW]   = '0;
        assign weight_h_out_ready_o[g*NumH*WL +: NumH*WL] = '0;
        logic leaving;
        assign leaving = (iact_h_out_valid_i[g*NumH*IL +: NumH*IL] != '0) || (weight_h_out_valid_i[g*NumH*WL +: NumH*WL] != '0);
        `EV2_ASSERT(route_leaves_mesh_h, !leaving)
      end
    end else begin : g_h2
      // h port 0 = east, 1 = west: my east port faces the west port of group g + 1.
      if (C + 1 < Cols) begin : g_east
        assign iact_h_in_valid_o[g*NumH*IL + 0*IL +: IL]           = iact_h_out_valid_i[(g + 1)*NumH*IL + 1*IL +: IL];
        assign iact_h_in_data_o[g*NumH*IL*DW + 0*IL*DW +: IL*DW]      = iact_h_out_data_i[(g + 1)*NumH*IL*DW + 1*IL*DW +: IL*DW];
        assign iact_h_out_ready_o[(g + 1)*NumH*IL + 1*IL +: IL]      = iact_h_in_ready_i[g*NumH*IL + 0*IL +: IL];
        assign iact_h_in_valid_o[(g + 1)*NumH*IL + 1*IL +: IL]       = iact_h_out_valid_i[g*NumH*IL + 0*IL +: IL];
        assign iact_h_in_data_o[(g + 1)*NumH*IL*DW + 1*IL*DW +: IL*DW]  = iact_h_out_data_i[g*NumH*IL*DW + 0*IL*DW +: IL*DW];
        assign iact_h_out_ready_o[g*NumH*IL + 0*IL +: IL]          = iact_h_in_ready_i[(g + 1)*NumH*IL + 1*IL +: IL];
        assign weight_h_in_valid_o[g*NumH*WL + 0*WL +: WL]         = weight_h_out_valid_i[(g + 1)*NumH*WL + 1*WL +: WL];
        assign weight_h_in_data_o[g*NumH*WL*DW + 0*WL*DW +: WL*DW]    = weight_h_out_data_i[(g + 1)*NumH*WL*DW + 1*WL*DW +: WL*DW];
        assign weight_h_out_ready_o[(g + 1)*NumH*WL + 1*WL +: WL]    = weight_h_in_ready_i[g*NumH*WL + 0*WL +: WL];
        assign weight_h_in_valid_o[(g + 1)*NumH*WL + 1*WL +: WL]     = weight_h_out_valid_i[g*NumH*WL + 0*WL +: WL];
        assign weight_h_in_data_o[(g + 1)*NumH*WL*DW + 1*WL*DW +: WL*DW] = weight_h_out_data_i[g*NumH*WL*DW + 0*WL*DW +: WL*DW];
        assign weight_h_out_ready_o[g*NumH*WL + 0*WL +: WL]        = weight_h_in_ready_i[(g + 1)*NumH*WL + 1*WL +: WL];
      end else begin : g_east_edge
        logic unused_east;
        assign unused_east = ^{iact_h_out_data_i[g*NumH*IL*DW + 0*IL*DW +: IL*DW], iact_h_in_ready_i[g*NumH*IL + 0*IL +: IL],
                               weight_h_out_data_i[g*NumH*WL*DW + 0*WL*DW +: WL*DW], weight_h_in_ready_i[g*NumH*WL + 0*WL +: WL]};
        assign iact_h_in_valid_o[g*NumH*IL + 0*IL +: IL]         = '0;
        assign iact_h_in_data_o[g*NumH*IL*DW + 0*IL*DW +: IL*DW]    = '0;
        assign iact_h_out_ready_o[g*NumH*IL + 0*IL +: IL]        = '0;
        assign weight_h_in_valid_o[g*NumH*WL + 0*WL +: WL]       = '0;
        assign weight_h_in_data_o[g*NumH*WL*DW + 0*WL*DW +: WL*DW]  = '0;
        assign weight_h_out_ready_o[g*NumH*WL + 0*WL +: WL]      = '0;
        logic leaving;
        assign leaving = (iact_h_out_valid_i[g*NumH*IL + 0*IL +: IL] != '0) || (weight_h_out_valid_i[g*NumH*WL + 0*WL +: WL] != '0);
        `EV2_ASSERT(route_leaves_mesh_east, !leaving)
      end
      if (C == 0) begin : g_west_edge
        logic unused_west;
        assign unused_west = ^{iact_h_out_data_i[g*NumH*IL*DW + 1*IL*DW +: IL*DW], iact_h_in_ready_i[g*NumH*IL + 1*IL +: IL],
                               weight_h_out_data_i[g*NumH*WL*DW + 1*WL*DW +: WL*DW], weight_h_in_ready_i[g*NumH*WL + 1*WL +: WL]};
        assign iact_h_in_valid_o[g*NumH*IL + 1*IL +: IL]         = '0;
        assign iact_h_in_data_o[g*NumH*IL*DW + 1*IL*DW +: IL*DW]    = '0;
        assign iact_h_out_ready_o[g*NumH*IL + 1*IL +: IL]        = '0;
        assign weight_h_in_valid_o[g*NumH*WL + 1*WL +: WL]       = '0;
        assign weight_h_in_data_o[g*NumH*WL*DW + 1*WL*DW +: WL*DW]  = '0;
        assign weight_h_out_ready_o[g*NumH*WL + 1*WL +: WL]      = '0;
        logic leaving;
        assign leaving = (iact_h_out_valid_i[g*NumH*IL + 1*IL +: IL] != '0) || (weight_h_out_valid_i[g*NumH*WL + 1*WL +: WL] != '0);
        `EV2_ASSERT(route_leaves_mesh_west, !leaving)
      end
    end
  end

  `EV2_ASSERT_INIT(mesh_not_empty, Rows >= 1 && Cols >= 1)

endmodule
