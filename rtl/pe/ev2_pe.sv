// Eyeriss v2 processing element (docs/architecture.md section 4; design and port protocol:
// docs/pe.md).
//
// Five SPads (ev2_regfile): iact address 9x4, iact data 16x12, weight address 16x7 (2 read ports),
// weight data 96x24 (SIMD-2 words), psum 32x20 (2 read + 2 write ports). Seven pipeline stages:
//   1 IA  iact address SPad   -> window column descriptor            (ev2_pe_iact)
//   2 ID  iact data SPad      -> nonzero iact + weight column k       (ev2_pe_iact)
//   3 WA  weight address SPad -> column start/end; empty column drops (ev2_pe_wght)
//   4 WI  issue one SIMD word address per cycle                       (ev2_pe_wght)
//   5 WD  weight data SPad    -> two weights + output-channel rows    (ev2_pe_wght)
//   6 MUL two 9x8 multipliers                                         (ev2_pe_accum / ev2_pe_mac)
//   7 ACC psum SPad read, add, write back                             (ev2_pe_accum / ev2_pe_mac)
//
// A pass: the cfg port delivers one configuration word (ev2_pe_pkg layout); the PE then takes the
// weight block on the weight port (unless the pass reuses the stored weights), the iact segments
// on the iact port, and for each of the F windows (output positions) sends ceil(M0/2) psum words
// on psum_o, adding the matching words of psum_i when psum input is enabled. The PE accepts the
// next configuration when the last psum word of the pass has left the drain.
`include "ev2_assert.svh"

module ev2_pe #(
  parameter bit Counters = 1'b0,   // simulation-only access counters (docs/pe.md, "Energy")
  localparam int unsigned CfgW    = ev2_pe_pkg::CfgW,
  localparam int unsigned PortW   = ev2_pkg::NocDataW,
  localparam int unsigned PsumPortW = ev2_pkg::NocPsumW
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // configuration: one word per pass
  input  logic                 cfg_valid_i,
  output logic                 cfg_ready_o,
  input  logic [CfgW-1:0]      cfg_data_i,
  // iact port: per segment an address word (compressed) then data words of two CSC words
  input  logic                 iact_valid_i,
  output logic                 iact_ready_o,
  input  logic [PortW-1:0]     iact_data_i,
  // weight port: address words (compressed) then SIMD-2 data words
  input  logic                 wght_valid_i,
  output logic                 wght_ready_o,
  input  logic [PortW-1:0]     wght_data_i,
  // psum input (from the PE below or a psum router) and output
  input  logic                 psum_valid_i,
  output logic                 psum_ready_o,
  input  logic [PsumPortW-1:0] psum_data_i,
  output logic                 psum_valid_o,
  input  logic                 psum_ready_i,
  output logic [PsumPortW-1:0] psum_data_o,
  // status
  output logic                 busy_o,
  // MACs accumulated this cycle (one bit per SIMD lane): the top's MAC counter
  output logic [1:0]           macs_o
);

  localparam int unsigned C0W    = ev2_pe_pkg::CfgC0W;
  localparam int unsigned M0W    = ev2_pe_pkg::CfgM0W;
  localparam int unsigned SW     = ev2_pe_pkg::CfgSW;
  localparam int unsigned UW     = ev2_pe_pkg::CfgUW;
  localparam int unsigned FW     = ev2_pe_pkg::CfgFW;
  localparam int unsigned NColsW = C0W + SW;
  localparam int unsigned WpcW   = M0W - 1;
  localparam int unsigned NwdW   = NColsW + WpcW;
  localparam int unsigned SegW   = FW + 1;
  localparam int unsigned SegWordsW = 7;
  localparam int unsigned KW     = $clog2(ev2_pkg::WeightAddrDepth);
  localparam int unsigned RowW   = $clog2(ev2_pkg::PsumDepth);

  // ---------------------------------------------------------------------------------------------
  // Configuration register and derived pass constants
  // ---------------------------------------------------------------------------------------------
  logic [C0W-1:0] c0_q;
  logic [M0W-1:0] m0_q;
  logic [SW-1:0]  s_q;
  logic [UW-1:0]  u_q;
  logic [FW-1:0]  f_q;
  logic           dense_q, signed_q, psum_in_q, load_w_q;
  logic [NColsW-1:0]    ncols_q;       // C0*S weight columns
  logic [WpcW-1:0]      wpc_q;         // ceil(M0/2)
  logic [NwdW-1:0]      nwd_q;         // dense weight words
  logic [SW-1:0]        nsegwin_q;     // segments per window: ceil(S/U)
  logic [SegW-1:0]      nsegs_q;       // segments per pass
  logic [UW-1:0]        last_cols_q;   // columns of the last segment
  logic [SegWordsW-1:0] seg_words_q, last_words_q;

  logic [C0W-1:0] c0_in;
  logic [M0W-1:0] m0_in;
  logic [SW-1:0]  s_in;
  logic [UW-1:0]  u_in;
  logic [FW-1:0]  f_in;
  logic [SW-1:0]  nsegwin_in;
  logic [UW-1:0]  last_cols_in;
  logic [WpcW-1:0] wpc_in;
  logic [NColsW-1:0] ncols_in;

  assign c0_in = cfg_data_i[ev2_pe_pkg::CfgC0Off +: C0W];
  assign m0_in = cfg_data_i[ev2_pe_pkg::CfgM0Off +: M0W];
  assign s_in  = cfg_data_i[ev2_pe_pkg::CfgSOff  +: SW];
  assign u_in  = cfg_data_i[ev2_pe_pkg::CfgUOff  +: UW];
  assign f_in  = cfg_data_i[ev2_pe_pkg::CfgFOff  +: FW];
  assign wpc_in   = WpcW'((32'(m0_in) + 1) >> 1);
  assign ncols_in = NColsW'(32'(c0_in) * 32'(s_in));

  // ceil(S/U) and the last segment's width S - (ceil(S/U)-1)*U, without a divider: count the
  // segment starts i*U below S.
  always_comb begin
    nsegwin_in = '0;
    for (int unsigned i = 0; i < (1 << SW); i++) begin
      if (i * 32'(u_in) < 32'(s_in)) nsegwin_in = nsegwin_in + SW'(1);
    end
    last_cols_in = UW'(32'(s_in) - (32'(nsegwin_in) - 1) * 32'(u_in));
  end

  typedef enum logic {Idle, Run} state_e;
  state_e state_q, state_d;
  logic   cfg_fire, start_q, pass_done, window_done;

  assign cfg_ready_o = (state_q == Idle);
  assign cfg_fire    = cfg_valid_i && cfg_ready_o;
  assign busy_o      = (state_q != Idle);

  always_comb begin
    state_d = state_q;
    unique case (state_q)
      Idle:    if (cfg_fire) state_d = Run;
      Run:     if (pass_done) state_d = Idle;
      default: state_d = Idle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= Idle;
      start_q <= 1'b0;
    end else begin
      state_q <= state_d;
      start_q <= cfg_fire;
    end
  end

  // Configuration fields are held for the whole pass (no reset needed: used only after start).
  always_ff @(posedge clk_i) begin
    if (cfg_fire) begin
      c0_q         <= c0_in;
      m0_q         <= m0_in;
      s_q          <= s_in;
      u_q          <= u_in;
      f_q          <= f_in;
      dense_q      <= cfg_data_i[ev2_pe_pkg::CfgDenseBit];
      signed_q     <= cfg_data_i[ev2_pe_pkg::CfgSignedBit];
      psum_in_q    <= cfg_data_i[ev2_pe_pkg::CfgPsumInBit];
      load_w_q     <= cfg_data_i[ev2_pe_pkg::CfgLoadWBit];
      ncols_q      <= ncols_in;
      wpc_q        <= wpc_in;
      nwd_q        <= NwdW'(32'(wpc_in) * 32'(ncols_in));
      nsegwin_q    <= nsegwin_in;
      nsegs_q      <= SegW'(32'(f_in) - 1 + 32'(nsegwin_in));
      last_cols_q  <= last_cols_in;
      seg_words_q  <= SegWordsW'(32'(c0_in) * 32'(u_in));
      last_words_q <= SegWordsW'(32'(c0_in) * 32'(last_cols_in));
    end
  end

  // ---------------------------------------------------------------------------------------------
  // Datapath
  // ---------------------------------------------------------------------------------------------
  logic             tok_valid, tok_ready, tok_marker, tok_last;
  logic [ev2_pkg::IactW-1:0] tok_value;
  logic [KW-1:0]    tok_k;
  logic             op_valid, op_ready, op_marker, op_last, op_en0, op_en1;
  logic [ev2_pkg::IactW-1:0]   op_iact;
  logic [ev2_pkg::WeightW-1:0] op_w0, op_w1;
  logic [RowW-1:0]  op_r0, op_r1;

  ev2_pe_iact #(.Counters(Counters)) u_iact (
    .clk_i, .rst_ni,
    .start_i(start_q), .c0_i(c0_q), .s_i(s_q), .u_i(u_q), .f_i(f_q), .dense_i(dense_q),
    .nsegs_i(nsegs_q), .last_cols_i(last_cols_q), .seg_words_i(seg_words_q), .last_words_i(last_words_q),
    .iact_valid_i, .iact_ready_o, .iact_data_i,
    .tok_valid_o(tok_valid), .tok_ready_i(tok_ready), .tok_marker_o(tok_marker), .tok_last_o(tok_last),
    .tok_value_o(tok_value), .tok_k_o(tok_k)
  );

  ev2_pe_wght #(.Counters(Counters)) u_wght (
    .clk_i, .rst_ni,
    .start_i(start_q), .load_w_i(load_w_q), .dense_i(dense_q), .m0_i(m0_q), .ncols_i(ncols_q),
    .wpc_i(wpc_q), .nwd_i(nwd_q), .loaded_o(),
    .wght_valid_i, .wght_ready_o, .wght_data_i,
    .tok_valid_i(tok_valid), .tok_ready_o(tok_ready), .tok_marker_i(tok_marker), .tok_last_i(tok_last),
    .tok_value_i(tok_value), .tok_k_i(tok_k),
    .op_valid_o(op_valid), .op_ready_i(op_ready), .op_marker_o(op_marker), .op_last_o(op_last),
    .op_iact_o(op_iact), .op_w0_o(op_w0), .op_w1_o(op_w1), .op_r0_o(op_r0), .op_r1_o(op_r1),
    .op_en0_o(op_en0), .op_en1_o(op_en1)
  );

  ev2_pe_accum #(.Counters(Counters)) u_accum (
    .clk_i, .rst_ni,
    .start_i(start_q), .m0_i(m0_q), .wpc_i(wpc_q), .iact_signed_i(signed_q), .psum_in_i(psum_in_q),
    .window_done_o(window_done), .pass_done_o(pass_done), .macs_o,
    .op_valid_i(op_valid), .op_ready_o(op_ready), .op_marker_i(op_marker), .op_last_i(op_last),
    .op_iact_i(op_iact), .op_w0_i(op_w0), .op_w1_i(op_w1), .op_r0_i(op_r0), .op_r1_i(op_r1),
    .op_en0_i(op_en0), .op_en1_i(op_en1),
    .psum_valid_i, .psum_ready_o, .psum_data_i,
    .psum_valid_o, .psum_ready_i, .psum_data_o
  );

`ifndef SYNTHESIS
  if (Counters) begin : g_counters
    logic [31:0] cycles_busy_q  /*verilator public_flat_rd*/;
    logic [31:0] windows_q      /*verilator public_flat_rd*/;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        cycles_busy_q <= '0;
        windows_q     <= '0;
      end else begin
        cycles_busy_q <= cycles_busy_q + 32'(busy_o);
        windows_q     <= windows_q + 32'(window_done);
      end
    end
  end
`endif

  // ---------------------------------------------------------------------------------------------
  // Assertions: a configuration the SPads cannot hold (the C++ fit check rejects these first)
  // ---------------------------------------------------------------------------------------------
  logic [31:0] win_cols;   // columns a window keeps stored: ceil(S/U) whole segments
  assign win_cols = 32'(nsegwin_q) * 32'(u_q);

`ifndef SYNTHESIS
  // The pass ends exactly after its F-th window.
  logic [FW-1:0] windows_done_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)          windows_done_q <= '0;
    else if (start_q)     windows_done_q <= '0;
    else if (window_done) windows_done_q <= windows_done_q + FW'(1);
  end
`endif
  `EV2_ASSERT_IF(pass_ends_after_f_windows, window_done, (pass_done == (windows_done_q + FW'(1) == f_q)))

  `EV2_ASSERT_STREAM(cfg_protocol, cfg_valid_i, cfg_ready_o, cfg_data_i)
  `EV2_ASSERT_IF(cfg_c0_nonzero, start_q, (c0_q != '0))
  `EV2_ASSERT_IF(cfg_m0_fits_psum_spad, start_q, (m0_q != '0 && 32'(m0_q) <= ev2_pkg::PsumDepth))
  `EV2_ASSERT_IF(cfg_s_nonzero, start_q, (s_q != '0))
  `EV2_ASSERT_IF(cfg_u_range, start_q, (u_q != '0 && 32'(u_q) <= ev2_pe_pkg::MaxU))
  `EV2_ASSERT_IF(cfg_f_nonzero, start_q, (f_q != '0))
  `EV2_ASSERT_IF(cfg_weight_columns_fit, start_q, (32'(ncols_q) <= ev2_pkg::WeightAddrDepth))
  `EV2_ASSERT_IF(cfg_iact_columns_fit, (start_q && !dense_q), (win_cols <= ev2_pkg::IactAddrDepth))
  `EV2_ASSERT_IF(cfg_dense_iacts_fit, start_q && dense_q,
                 (32'(c0_q) * win_cols <= ev2_pkg::IactDataDepth))
  `EV2_ASSERT_IF(cfg_dense_weights_fit, start_q && dense_q && load_w_q,
                 (32'(nwd_q) <= ev2_pkg::WeightDataDepth))

endmodule
