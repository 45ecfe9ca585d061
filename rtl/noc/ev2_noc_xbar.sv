// Circuit-switched crossbar: the datapath of every NoC router and of the iact all-to-all.
//
// Each source has a fork (ev2_stream_fork) that delivers every word exactly once to the
// destinations in its mask; each destination is a mux picking the one source configured for it.
// A source is released only when all its destinations took the word, so a stalled destination
// stalls its source; nothing is dropped, duplicated or reordered. Purely combinational apart from
// the fork's per-destination "already delivered" bits; registering is the caller's business.
//
// Configuration (static while traffic flows), LSB first:
//   [s*NDst +: NDst]             destination mask of source s (bit d: deliver to destination d)
//   [NSrc*NDst + d*SelW +: SelW] source feeding destination d (ignored while no mask has bit d)
// Valid configurations give every destination at most one source, and the select of a used
// destination names that source (asserted). A source with an empty mask is never ready: a word
// with no route waits instead of being lost.
`include "ev2_assert.svh"

module ev2_noc_xbar #(
  parameter int unsigned NSrc  = 4,
  parameter int unsigned NDst  = 4,
  parameter int unsigned Width = 24,
  localparam int unsigned SelW = (NSrc > 1) ? $clog2(NSrc) : 1,
  localparam int unsigned CfgW = NSrc * NDst + NDst * SelW
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic [CfgW-1:0]       cfg_i,
  input  logic [NSrc-1:0]       src_valid_i,
  output logic [NSrc-1:0]       src_ready_o,
  input  logic [NSrc*Width-1:0] src_data_i,   // source s at [s*Width +: Width]
  output logic [NDst-1:0]       dst_valid_o,
  input  logic [NDst-1:0]       dst_ready_i,
  output logic [NDst*Width-1:0] dst_data_o    // destination d at [d*Width +: Width]
);

  logic [NDst-1:0]  src_mask [NSrc];
  logic [SelW-1:0]  dst_sel  [NDst];
  logic [NSrc*NDst-1:0] fork_valid;   // source s, destination d at [s*NDst + d]
  logic [NSrc*NDst-1:0] fork_ready;
  logic [NSrc*Width-1:0] fork_data;
  logic [NSrc-1:0]  fork_in_ready;

  for (genvar s = 0; s < NSrc; s++) begin : g_src
    assign src_mask[s] = cfg_i[s*NDst +: NDst];

    ev2_stream_fork #(
      .N    (NDst),
      .Width(Width)
    ) u_fork (
      .clk_i,
      .rst_ni,
      .sel_i  (src_mask[s]),
      .valid_i(src_valid_i[s]),
      .ready_o(fork_in_ready[s]),
      .data_i (src_data_i[s*Width +: Width]),
      .valid_o(fork_valid[s*NDst +: NDst]),
      .ready_i(fork_ready[s*NDst +: NDst]),
      .data_o (fork_data[s*Width +: Width])
    );

    assign src_ready_o[s] = fork_in_ready[s] && (src_mask[s] != '0);
  end

  for (genvar d = 0; d < NDst; d++) begin : g_dst
    assign dst_sel[d] = cfg_i[NSrc*NDst + d*SelW +: SelW];
  end

  // Destination muxes, and each destination's ready routed back to the fork of its source only.
  always_comb begin
    dst_valid_o = '0;
    dst_data_o  = '0;
    fork_ready  = '0;
    for (int unsigned d = 0; d < NDst; d++) begin
      for (int unsigned s = 0; s < NSrc; s++) begin
        if (dst_sel[d] == SelW'(s)) begin
          dst_valid_o[d]               = fork_valid[s*NDst + d];
          dst_data_o[d*Width +: Width] = fork_data[s*Width +: Width];
          fork_ready[s*NDst + d]       = dst_ready_i[d];
        end
      end
    end
  end

`ifndef SYNTHESIS
  // Configuration check: no destination claimed by two source masks, and a claimed destination's
  // select names the claiming source.
  logic cfg_ok;
  always_comb begin
    cfg_ok = 1'b1;
    for (int unsigned d = 0; d < NDst; d++) begin
      for (int unsigned s = 0; s < NSrc; s++) begin
        if (src_mask[s][d] && dst_sel[d] != SelW'(s)) cfg_ok = 1'b0;
      end
    end
    for (int unsigned s = 0; s < NSrc; s++) begin
      for (int unsigned t = s + 1; t < NSrc; t++) begin
        if ((src_mask[s] & src_mask[t]) != '0) cfg_ok = 1'b0;
      end
    end
  end
  `EV2_ASSERT(cfg_one_source_per_destination, cfg_ok)
`endif

  // Handshake rules on every port: each source by its ev2_stream_fork (in_protocol), every
  // destination here.
  ev2_noc_stream_check #(
    .N    (NDst),
    .Width(Width)
  ) u_dst_check (
    .clk_i,
    .rst_ni,
    .valid_i(dst_valid_o),
    .ready_i(dst_ready_i),
    .data_i (dst_data_o)
  );

  `EV2_ASSERT_INIT(ports_positive, NSrc >= 1 && NDst >= 1)

endmodule
