// PE weight side: the weight port loader, the weight address and data SPads, and pipeline stages
// 3-5.
//
//   loader   compressed: C0*S address words (one 7-bit exclusive end per word, [6:0], counted in
//            24-bit SIMD words), then as many SIMD-2 data words as the last address says; dense:
//            ceil(M0/2)*C0*S data words, address SPad bypassed. One SPad write per port word.
//   stage 3  (WA) weight address: for an iact token with weight column k reads the column's start
//            (entry k-1, 0 for k = 0) and end (entry k) on the two read ports of the weight address
//            SPad (dense: start = k*ceil(M0/2)). An iact whose column is empty is dropped here.
//            -> R3, the column walker
//   stage 4  (WI) issue: R3 sends one weight data address per cycle, start..end-1 -> R4
//   stage 5  (WD) weight data: reads the 24-bit SIMD word at R4, splits it into two 12-bit words,
//            turns their run lengths into output-channel rows r0 < r1 and gates a lane whose
//            value is 0 (SIMD pad, run breaker, dense zero) -> op stream to the MAC stages.
// Window-end markers pass through every stage in order.
`include "ev2_assert.svh"

module ev2_pe_wght #(
  parameter int unsigned WeightAddrDepth = ev2_pkg::WeightAddrDepth,
  parameter int unsigned WeightAddrW     = ev2_pkg::WeightAddrW,
  parameter int unsigned WeightDataDepth = ev2_pkg::WeightDataDepth,
  parameter int unsigned WordW           = ev2_pkg::CscWordW,
  parameter int unsigned SimdW           = ev2_pkg::WeightWordW,   // two CSC words
  parameter int unsigned IactW           = ev2_pkg::IactW,
  parameter int unsigned WeightW         = ev2_pkg::WeightW,
  parameter int unsigned PortW           = ev2_pkg::NocDataW,
  parameter int unsigned PsumDepth       = ev2_pkg::PsumDepth,
  parameter int unsigned M0W             = ev2_pe_pkg::CfgM0W,
  parameter int unsigned NColsW          = ev2_pe_pkg::CfgC0W + ev2_pe_pkg::CfgSW,
  parameter bit          Counters        = 1'b0,
  localparam int unsigned KW             = $clog2(WeightAddrDepth),
  localparam int unsigned RowW           = $clog2(PsumDepth),
  localparam int unsigned WpcW           = M0W - 1,            // ceil(M0/2)
  localparam int unsigned NwdW           = NColsW + WpcW       // dense data words
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // pass control
  input  logic                start_i,
  input  logic                load_w_i,      // this pass loads weights (else reuses the stored ones)
  input  logic                dense_i,
  input  logic [M0W-1:0]      m0_i,
  input  logic [NColsW-1:0]   ncols_i,       // C0*S weight columns
  input  logic [WpcW-1:0]     wpc_i,         // ceil(M0/2): SIMD words per dense column
  input  logic [NwdW-1:0]     nwd_i,         // dense: SIMD words in the block
  output logic                loaded_o,      // weights stored and valid
  // weight port
  input  logic                wght_valid_i,
  output logic                wght_ready_o,
  input  logic [PortW-1:0]    wght_data_i,
  // tokens from stage 2
  input  logic                tok_valid_i,
  output logic                tok_ready_o,
  input  logic                tok_marker_i,
  input  logic                tok_last_i,
  input  logic [IactW-1:0]    tok_value_i,
  input  logic [KW-1:0]       tok_k_i,
  // ops to stage 6 (combinational out of stage 5)
  output logic                op_valid_o,
  input  logic                op_ready_i,
  output logic                op_marker_o,
  output logic                op_last_o,
  output logic [IactW-1:0]    op_iact_o,
  output logic [WeightW-1:0]  op_w0_o,
  output logic [WeightW-1:0]  op_w1_o,
  output logic [RowW-1:0]     op_r0_o,
  output logic [RowW-1:0]     op_r1_o,
  output logic                op_en0_o,
  output logic                op_en1_o
);

  localparam int unsigned DAW    = $clog2(WeightDataDepth);
  localparam int unsigned PtrW   = WeightAddrW;             // SIMD word index / address value
  localparam int unsigned CntW   = ev2_pkg::CscCountW;
  localparam int unsigned RW     = RowW + 2;                // row walk before the range check
  localparam int unsigned IdxW   = (PtrW > KW) ? PtrW : KW;

  // ---------------------------------------------------------------------------------------------
  // SPads
  // ---------------------------------------------------------------------------------------------
  logic [1:0]             wa_re;
  logic [2*KW-1:0]        wa_raddr;
  logic [2*WeightAddrW-1:0] wa_rdata;
  logic                   wa_we;
  logic [KW-1:0]          wa_waddr;
  logic [WeightAddrW-1:0] wa_wdata;
  logic                   wd_re, wd_we;
  logic [DAW-1:0]         wd_raddr, wd_waddr;
  logic [SimdW-1:0]       wd_rdata, wd_wdata;

  ev2_regfile #(.Width(WeightAddrW), .Depth(WeightAddrDepth), .NumRead(2), .NumWrite(1), .Counters(Counters))
  u_addr_spad (
    .clk_i, .rst_ni,
    .re_i(wa_re), .raddr_i(wa_raddr), .rdata_o(wa_rdata),
    .we_i(wa_we), .waddr_i(wa_waddr), .wdata_i(wa_wdata)
  );

  ev2_regfile #(.Width(SimdW), .Depth(WeightDataDepth), .NumRead(1), .NumWrite(1), .Counters(Counters))
  u_data_spad (
    .clk_i, .rst_ni,
    .re_i(wd_re), .raddr_i(wd_raddr), .rdata_o(wd_rdata),
    .we_i(wd_we), .waddr_i(wd_waddr), .wdata_i(wd_wdata)
  );

  // ---------------------------------------------------------------------------------------------
  // Loader
  // ---------------------------------------------------------------------------------------------
  logic            wl_active_q, wl_active_d;    // expecting weight port words
  logic            wl_addr_phase_q, wl_addr_phase_d;
  logic [IdxW-1:0] wl_idx_q, wl_idx_d;
  logic [NwdW-1:0] wl_nd_q, wl_nd_d;            // data words of the block
  logic [PtrW-1:0] wl_prev_q, wl_prev_d;        // previous address entry (monotonic check)
  logic            loaded_q, loaded_d;
  logic            wght_fire;
  logic [PtrW-1:0] wl_entry;

  assign wght_ready_o = wl_active_q;
  assign wght_fire    = wght_valid_i && wght_ready_o;
  assign wl_entry     = wght_data_i[PtrW-1:0];
  assign wa_we        = wght_fire && wl_addr_phase_q;
  assign wa_waddr     = wl_idx_q[KW-1:0];
  assign wa_wdata     = wl_entry;
  assign wd_we        = wght_fire && !wl_addr_phase_q;
  assign wd_waddr     = wl_idx_q[DAW-1:0];
  assign wd_wdata     = wght_data_i[SimdW-1:0];
  assign loaded_o     = loaded_q;

  always_comb begin
    wl_active_d     = wl_active_q;
    wl_addr_phase_d = wl_addr_phase_q;
    wl_idx_d        = wl_idx_q;
    wl_nd_d         = wl_nd_q;
    wl_prev_d       = wl_prev_q;
    loaded_d        = loaded_q;
    if (wght_fire) begin
      wl_idx_d = wl_idx_q + IdxW'(1);
      if (wl_addr_phase_q) begin
        wl_prev_d = wl_entry;
        if (32'(wl_idx_q) == 32'(ncols_i) - 1) begin
          wl_nd_d         = NwdW'(wl_entry);
          wl_idx_d        = '0;
          wl_addr_phase_d = 1'b0;
          if (wl_entry == '0) begin   // every weight of the block is zero: no data words
            wl_active_d = 1'b0;
            loaded_d    = 1'b1;
          end
        end
      end else if (32'(wl_idx_q) == 32'(wl_nd_q) - 1) begin
        wl_active_d = 1'b0;
        loaded_d    = 1'b1;
      end
    end
    if (start_i && load_w_i) begin
      wl_active_d     = 1'b1;
      wl_addr_phase_d = !dense_i;
      wl_idx_d        = '0;
      wl_nd_d         = nwd_i;
      wl_prev_d       = '0;
      loaded_d        = 1'b0;
    end
  end

  // ---------------------------------------------------------------------------------------------
  // Stage 3 (WA): column bounds -> R3
  // ---------------------------------------------------------------------------------------------
  logic            r3_valid_q, r3_valid_d;
  logic            r3_marker_q, r3_marker_d;
  logic            r3_last_q, r3_last_d;
  logic [IactW-1:0] r3_value_q, r3_value_d;
  logic [PtrW-1:0] r3_ptr_q, r3_ptr_d;
  logic [PtrW-1:0] r3_end_q, r3_end_d;
  logic            r3_first_q, r3_first_d;
  logic            r3_done, r3_free, s3_ok, s3_fire, s3_load;
  logic [PtrW-1:0] s3_start, s3_end;
  logic            s3_empty;

  assign wa_raddr = {tok_k_i, tok_k_i - KW'(1)};   // port 1: end of column k, port 0: its start

  always_comb begin
    if (dense_i) begin
      s3_start = PtrW'(32'(tok_k_i) * 32'(wpc_i));
      s3_end   = s3_start + PtrW'(wpc_i);
    end else begin
      s3_start = (tok_k_i == '0) ? '0 : wa_rdata[0 +: WeightAddrW];
      s3_end   = wa_rdata[WeightAddrW +: WeightAddrW];
    end
  end
  assign s3_empty    = (s3_start == s3_end);
  // Nothing passes before the weight block is loaded (so a pass always consumes its whole block,
  // even when every iact is zero). An iact with an empty column is dropped without taking R3.
  assign s3_ok       = tok_valid_i && loaded_q;
  assign tok_ready_o = s3_ok && ((!tok_marker_i && s3_empty) || r3_free);
  assign s3_fire     = tok_valid_i && tok_ready_o;
  assign s3_load     = s3_fire && (tok_marker_i || !s3_empty);
  assign wa_re[0]    = s3_fire && !tok_marker_i && !dense_i && (tok_k_i != '0);
  assign wa_re[1]    = s3_fire && !tok_marker_i && !dense_i;

  // ---------------------------------------------------------------------------------------------
  // Stage 4 (WI): R3 walks its column, one SIMD word address per cycle -> R4
  // ---------------------------------------------------------------------------------------------
  logic            r4_valid_q, r4_valid_d;
  logic            r4_marker_q, r4_marker_d;
  logic            r4_last_q, r4_last_d;
  logic [IactW-1:0] r4_value_q, r4_value_d;
  logic [PtrW-1:0] r4_ptr_q, r4_ptr_d;
  logic            r4_first_q, r4_first_d;
  logic            r4_free, s4_fire, s5_fire;

  assign s5_fire = op_valid_o && op_ready_i;
  assign r4_free = !r4_valid_q || op_ready_i;
  assign s4_fire = r3_valid_q && r4_free;
  assign r3_done = s4_fire && (r3_marker_q || (r3_ptr_q + PtrW'(1) == r3_end_q));
  assign r3_free = !r3_valid_q || r3_done;

  always_comb begin
    r3_valid_d  = r3_valid_q && !r3_done;
    r3_marker_d = r3_marker_q;
    r3_last_d   = r3_last_q;
    r3_value_d  = r3_value_q;
    r3_ptr_d    = r3_ptr_q;
    r3_end_d    = r3_end_q;
    r3_first_d  = r3_first_q;
    if (s4_fire) begin
      r3_ptr_d   = r3_ptr_q + PtrW'(1);
      r3_first_d = 1'b0;
    end
    if (s3_load) begin
      r3_valid_d  = 1'b1;
      r3_marker_d = tok_marker_i;
      r3_last_d   = tok_last_i;
      r3_value_d  = tok_value_i;
      r3_ptr_d    = s3_start;
      r3_end_d    = s3_end;
      r3_first_d  = 1'b1;
    end
    if (start_i) r3_valid_d = 1'b0;
  end

  always_comb begin
    r4_valid_d  = r4_valid_q && !op_ready_i;
    r4_marker_d = r4_marker_q;
    r4_last_d   = r4_last_q;
    r4_value_d  = r4_value_q;
    r4_ptr_d    = r4_ptr_q;
    r4_first_d  = r4_first_q;
    if (s4_fire) begin
      r4_valid_d  = 1'b1;
      r4_marker_d = r3_marker_q;
      r4_last_d   = r3_last_q;
      r4_value_d  = r3_value_q;
      r4_ptr_d    = r3_ptr_q;
      r4_first_d  = r3_first_q;
    end
    if (start_i) r4_valid_d = 1'b0;
  end

  // ---------------------------------------------------------------------------------------------
  // Stage 5 (WD): read the SIMD word, rows from run lengths
  // ---------------------------------------------------------------------------------------------
  logic [RW-1:0]    row_q, row_d;      // row of the next word with count 0 in this column
  logic [RW-1:0]    s5_base, s5_r0, s5_r1;
  logic [WordW-1:0] s5_word0, s5_word1;

  assign wd_re    = s5_fire && !r4_marker_q;
  assign wd_raddr = r4_ptr_q[DAW-1:0];
  assign s5_word0 = wd_rdata[0 +: WordW];
  assign s5_word1 = wd_rdata[WordW +: WordW];
  assign s5_base  = r4_first_q ? '0 : row_q;
  assign s5_r0    = s5_base + RW'(s5_word0[WordW-1 -: CntW]);
  assign s5_r1    = s5_r0 + RW'(1) + RW'(s5_word1[WordW-1 -: CntW]);
  assign row_d    = (s5_fire && !r4_marker_q) ? s5_r1 + RW'(1) : row_q;

  assign op_valid_o  = r4_valid_q;
  assign op_marker_o = r4_marker_q;
  assign op_last_o   = r4_last_q;
  assign op_iact_o   = r4_value_q;
  assign op_w0_o     = s5_word0[WeightW-1:0];
  assign op_w1_o     = s5_word1[WeightW-1:0];
  assign op_r0_o     = s5_r0[RowW-1:0];
  assign op_r1_o     = s5_r1[RowW-1:0];
  assign op_en0_o    = !r4_marker_q && (s5_word0[WeightW-1:0] != '0);
  assign op_en1_o    = !r4_marker_q && (s5_word1[WeightW-1:0] != '0);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wl_active_q     <= 1'b0;
      wl_addr_phase_q <= 1'b0;
      wl_idx_q        <= '0;
      wl_nd_q         <= '0;
      wl_prev_q       <= '0;
      loaded_q        <= 1'b0;
      r3_valid_q      <= 1'b0;
      r3_marker_q     <= 1'b0;
      r3_last_q       <= 1'b0;
      r3_value_q      <= '0;
      r3_ptr_q        <= '0;
      r3_end_q        <= '0;
      r3_first_q      <= 1'b0;
      r4_valid_q      <= 1'b0;
      r4_marker_q     <= 1'b0;
      r4_last_q       <= 1'b0;
      r4_value_q      <= '0;
      r4_ptr_q        <= '0;
      r4_first_q      <= 1'b0;
      row_q           <= '0;
    end else begin
      wl_active_q     <= wl_active_d;
      wl_addr_phase_q <= wl_addr_phase_d;
      wl_idx_q        <= wl_idx_d;
      wl_nd_q         <= wl_nd_d;
      wl_prev_q       <= wl_prev_d;
      loaded_q        <= loaded_d;
      r3_valid_q      <= r3_valid_d;
      r3_marker_q     <= r3_marker_d;
      r3_last_q       <= r3_last_d;
      r3_value_q      <= r3_value_d;
      r3_ptr_q        <= r3_ptr_d;
      r3_end_q        <= r3_end_d;
      r3_first_q      <= r3_first_d;
      r4_valid_q      <= r4_valid_d;
      r4_marker_q     <= r4_marker_d;
      r4_last_q       <= r4_last_d;
      r4_value_q      <= r4_value_d;
      r4_ptr_q        <= r4_ptr_d;
      r4_first_q      <= r4_first_d;
      row_q           <= row_d;
    end
  end

  // ---------------------------------------------------------------------------------------------
  // Assertions
  // ---------------------------------------------------------------------------------------------
  `EV2_ASSERT_INIT(simd_word_fits_port, SimdW == 2 * WordW && SimdW <= PortW && WeightAddrW <= PortW)
  `EV2_ASSERT_STREAM(wght_protocol, wght_valid_i, wght_ready_o, wght_data_i)
  // Compressed weight addresses: non-decreasing exclusive ends within the weight data SPad.
  `EV2_ASSERT_IF(wght_addr_monotonic, wa_we, (wl_entry >= wl_prev_q))
  `EV2_ASSERT_IF(wght_addr_fits_data_spad, wa_we, (32'(wl_entry) <= WeightDataDepth))
  `EV2_ASSERT_IF(wght_block_fits_data_spad, (wght_fire && !wl_addr_phase_q), (32'(wl_idx_q) < WeightDataDepth))
  `EV2_ASSERT_IF(wght_columns_fit_addr_spad, (wght_fire && wl_addr_phase_q), (32'(wl_idx_q) < WeightAddrDepth))
  // A pass that reuses the weights must have some.
  `EV2_ASSERT_IF(wght_reuse_needs_weights, (start_i && !load_w_i), loaded_q)
  // Weight columns exist for every iact token; reads stay inside the loaded block.
  `EV2_ASSERT_IF(wght_column_in_range, (s3_fire && !tok_marker_i), (32'(tok_k_i) < 32'(ncols_i)))
  `EV2_ASSERT_IF(wght_read_loaded, wd_re, (32'(r4_ptr_q) < 32'(wl_nd_q)))
  // Enabled lanes address one of the M0 psums.
  `EV2_ASSERT_IF(wght_row0_in_range, (s5_fire && op_en0_o), (32'(s5_r0) < 32'(m0_i)))
  `EV2_ASSERT_IF(wght_row1_in_range, (s5_fire && op_en1_o), (32'(s5_r1) < 32'(m0_i)))
  `EV2_ASSERT_IF(wght_column_not_empty_issue, s3_load, (tok_marker_i || (s3_end > s3_start)))

endmodule
