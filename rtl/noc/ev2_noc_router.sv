// A statically configured, circuit-switched NoC router: a configuration register in front of an
// ev2_noc_xbar. ev2_iact_router, ev2_weight_router and ev2_psum_router fix its shape.
//
// The configuration (layout in ev2_noc_xbar) is sampled from cfg_i when cfg_we_i is high and
// holds until the next write; reset clears it (no routes: every source stalls, no destination is
// valid). A write that changes it must come while the router carries no traffic; rewriting it
// unchanged is fine at any time (a cluster group's weight routes stay set while its iact routes
// change between phases, docs/noc.md).
//
// Energy accounting: src_fire / dst_fire are the per-port handshakes (one word through a port per
// set bit per cycle); they are public so a testbench can count NoC hops by name.
`include "ev2_assert.svh"

module ev2_noc_router #(
  parameter int unsigned NSrc  = 4,
  parameter int unsigned NDst  = 4,
  parameter int unsigned Width = 24,
  localparam int unsigned SelW = (NSrc > 1) ? $clog2(NSrc) : 1,
  localparam int unsigned CfgW = NSrc * NDst + NDst * SelW
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  cfg_we_i,
  input  logic [CfgW-1:0]       cfg_i,
  input  logic [NSrc-1:0]       src_valid_i,
  output logic [NSrc-1:0]       src_ready_o,
  input  logic [NSrc*Width-1:0] src_data_i,
  output logic [NDst-1:0]       dst_valid_o,
  input  logic [NDst-1:0]       dst_ready_i,
  output logic [NDst*Width-1:0] dst_data_o
);

  logic [CfgW-1:0] cfg_q;
  logic [NSrc-1:0] src_fire /*verilator public_flat_rd*/;
  logic [NDst-1:0] dst_fire /*verilator public_flat_rd*/;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)       cfg_q <= '0;
    else if (cfg_we_i) cfg_q <= cfg_i;
  end

  ev2_noc_xbar #(
    .NSrc (NSrc),
    .NDst (NDst),
    .Width(Width)
  ) u_xbar (
    .clk_i,
    .rst_ni,
    .cfg_i(cfg_q),
    .src_valid_i,
    .src_ready_o,
    .src_data_i,
    .dst_valid_o,
    .dst_ready_i,
    .dst_data_o
  );

  assign src_fire = src_valid_i & src_ready_o;
  assign dst_fire = dst_valid_o & dst_ready_i;

  // Reconfiguring under traffic would re-route a half-delivered multicast word.
  `EV2_ASSERT_IF(cfg_changed_only_when_idle, cfg_we_i && (src_fire != '0), cfg_i == cfg_q)

endmodule
