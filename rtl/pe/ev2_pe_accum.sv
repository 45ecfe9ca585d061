// PE accumulation side: pipeline stages 6-7 (two MAC lanes), the psum SPad (2 read + 2 write
// ports) and the psum drain that merges the incoming psums (psum_i) and sends the results (psum_o).
//
//   stage 6  (MUL) R5: rows, lane enables; the MAC lanes hold the operands -> products -> R6
//   stage 7  (ACC) R6: psum SPad read (port l for lane l), + product, write back (port l).
//            An entry not yet written in this window reads as 0 without an SPad read (a per-entry
//            written bit), so a window never has to clear its psums first.
//   drain    A window-end marker reaching stage 7 starts the drain of that window's psums: word i
//            = {psum[2i+1], psum[2i]} (+ the matching psum_i word when psum input is on) goes out
//            on psum_o through a spill register. When M0 <= PsumDepth/2 the psum SPad is used as
//            two banks (ping-pong): the drain of window f reads one bank on the read ports the MAC
//            lanes leave free while window f+1 accumulates into the other, so draining is hidden
//            behind compute. Otherwise the next window's MACs wait for the drain.
`include "ev2_assert.svh"

module ev2_pe_accum #(
  parameter int unsigned PsumDepth = ev2_pkg::PsumDepth,
  parameter int unsigned PsumW     = ev2_pkg::PsumW,
  parameter int unsigned IactW     = ev2_pkg::IactW,
  parameter int unsigned WeightW   = ev2_pkg::WeightW,
  parameter int unsigned M0W       = ev2_pe_pkg::CfgM0W,
  parameter bit          Counters  = 1'b0,
  localparam int unsigned RowW     = $clog2(PsumDepth),
  localparam int unsigned WpcW     = M0W - 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // pass control
  input  logic                 start_i,
  input  logic [M0W-1:0]       m0_i,
  input  logic [WpcW-1:0]      wpc_i,          // ceil(M0/2): psum words per window
  input  logic                 iact_signed_i,
  input  logic                 psum_in_i,      // add psum_i to every output word
  output logic                 window_done_o,  // a window's last psum word left the drain
  output logic                 pass_done_o,    // ... and it was the pass's last window
  output logic [1:0]           macs_o,         // MACs accumulated this cycle, one bit per lane
  // ops from stage 5
  input  logic                 op_valid_i,
  output logic                 op_ready_o,
  input  logic                 op_marker_i,
  input  logic                 op_last_i,
  input  logic [IactW-1:0]     op_iact_i,
  input  logic [WeightW-1:0]   op_w0_i,
  input  logic [WeightW-1:0]   op_w1_i,
  input  logic [RowW-1:0]      op_r0_i,
  input  logic [RowW-1:0]      op_r1_i,
  input  logic                 op_en0_i,
  input  logic                 op_en1_i,
  // psum ports: two 20-bit psums per word, channel 2i in [PsumW-1:0]
  input  logic                 psum_valid_i,
  output logic                 psum_ready_o,
  input  logic [2*PsumW-1:0]   psum_data_i,
  output logic                 psum_valid_o,
  input  logic                 psum_ready_i,
  output logic [2*PsumW-1:0]   psum_data_o
);

  localparam int unsigned HalfDepth = PsumDepth / 2;

  // ---------------------------------------------------------------------------------------------
  // Psum SPad: port l serves MAC lane l, or the drain when lane l does not read
  // ---------------------------------------------------------------------------------------------
  logic [1:0]         ps_re, ps_we;
  logic [2*RowW-1:0]  ps_raddr, ps_waddr;
  logic [2*PsumW-1:0] ps_rdata, ps_wdata;

  ev2_regfile #(.Width(PsumW), .Depth(PsumDepth), .NumRead(2), .NumWrite(2), .Counters(Counters))
  u_psum_spad (
    .clk_i, .rst_ni,
    .re_i(ps_re), .raddr_i(ps_raddr), .rdata_o(ps_rdata),
    .we_i(ps_we), .waddr_i(ps_waddr), .wdata_i(ps_wdata)
  );

  logic pingpong;   // two psum banks of PsumDepth/2 entries
  assign pingpong = (32'(m0_i) <= HalfDepth);

  // ---------------------------------------------------------------------------------------------
  // Stage 6 (MUL) and stage 7 (ACC) control
  // ---------------------------------------------------------------------------------------------
  logic            r5_valid_q, r5_marker_q, r5_last_q, r5_en0_q, r5_en1_q;
  logic [RowW-1:0] r5_r0_q, r5_r1_q;
  logic            r6_valid_q, r6_marker_q, r6_last_q, r6_en0_q, r6_en1_q;
  logic [RowW-1:0] r6_r0_q, r6_r1_q;
  logic            op_fire, s6_fire, s7_fire, r5_free, r6_free, s7_mac;
  logic            mac_bank_q, mac_bank_d;       // bank the current window accumulates into
  logic            drain_active_q, drain_active_d;
  logic            drain_bank_q, drain_bank_d;
  logic            drain_last_q, drain_last_d;
  logic [PsumDepth-1:0] written_q, written_d;    // entry written in its current window
  logic [RowW-1:0] e0, e1;                       // psum entries of lanes 0 and 1 in stage 7
  logic [1:0]      lane_rd;                      // lane l reads port l this cycle
  logic [PsumW-1:0] acc0, acc1, sum0, sum1;

  // Every stage 7 op and the marker wait for a drain of the same bank.
  logic s7_blocked;
  assign s7_blocked = drain_active_q && (r6_marker_q || !pingpong || (drain_bank_q == mac_bank_q));

  assign op_fire    = op_valid_i && op_ready_o;
  assign r6_free    = !r6_valid_q || s7_fire;
  assign s6_fire    = r5_valid_q && r6_free;
  assign r5_free    = !r5_valid_q || s6_fire;
  assign op_ready_o = r5_free;
  assign s7_fire    = r6_valid_q && !s7_blocked;
  assign s7_mac     = s7_fire && !r6_marker_q;

  function automatic logic [RowW-1:0] entry(logic pp, logic bank, logic [RowW-1:0] row);
    entry = pp ? {bank, row[RowW-2:0]} : row;
  endfunction

  assign e0 = entry(pingpong, mac_bank_q, r6_r0_q);
  assign e1 = entry(pingpong, mac_bank_q, r6_r1_q);
  assign lane_rd[0] = s7_mac && r6_en0_q && written_q[e0];
  assign lane_rd[1] = s7_mac && r6_en1_q && written_q[e1];
  assign acc0 = lane_rd[0] ? ps_rdata[0 +: PsumW] : '0;
  assign acc1 = lane_rd[1] ? ps_rdata[PsumW +: PsumW] : '0;

  // Energy observables: a MAC fires when its lane accumulates; a gated MAC is a lane slot of an
  // issued SIMD word whose weight is zero (pad, run breaker, dense zero).
  logic [1:0] mac_fire  /*verilator public_flat_rd*/;
  logic [1:0] mac_gated /*verilator public_flat_rd*/;
  assign mac_fire  = {s7_mac && r6_en1_q, s7_mac && r6_en0_q};
  assign mac_gated = {s7_mac && !r6_en1_q, s7_mac && !r6_en0_q};
  assign macs_o    = mac_fire;

  ev2_pe_mac #(.IactW(IactW), .WeightW(WeightW), .PsumW(PsumW)) u_mac0 (
    .clk_i,
    .op_load_i(op_fire && op_en0_i), .iact_i(op_iact_i), .iact_signed_i, .weight_i(op_w0_i),
    .prod_load_i(s6_fire && r5_en0_q),
    .acc_i(acc0), .sum_o(sum0)
  );

  ev2_pe_mac #(.IactW(IactW), .WeightW(WeightW), .PsumW(PsumW)) u_mac1 (
    .clk_i,
    .op_load_i(op_fire && op_en1_i), .iact_i(op_iact_i), .iact_signed_i, .weight_i(op_w1_i),
    .prod_load_i(s6_fire && r5_en1_q),
    .acc_i(acc1), .sum_o(sum1)
  );

  assign ps_we    = mac_fire;
  assign ps_waddr = {e1, e0};
  assign ps_wdata = {sum1, sum0};

  // ---------------------------------------------------------------------------------------------
  // Drain
  // ---------------------------------------------------------------------------------------------
  logic [RowW-1:0]  drain_idx_q, drain_idx_d;    // output word of the window being drained
  logic [1:0]       got_q, got_d;                // half already fetched into h_q
  logic [PsumW-1:0] h_q [2];
  logic [PsumW-1:0] h_d [2];
  logic [RowW-1:0]  de [2];                      // entries of the two halves
  logic [1:0]       half_exists, need, need_rd, zero_now, port_of, rd_now, have;
  logic [1:0]       drain_port_used;             // SPad port p serves the drain
  logic [RowW-1:0]  drain_port_addr [2];
  logic [PsumW-1:0] val [2];
  logic             complete, spill_ready, push, last_word;
  logic [RowW:0]    row_lo;

  assign row_lo = {drain_idx_q, 1'b0};
  assign half_exists[0] = 1'b1;
  assign half_exists[1] = (32'(row_lo) + 1 < 32'(m0_i));
  assign de[0] = entry(pingpong, drain_bank_q, row_lo[RowW-1:0]);
  assign de[1] = entry(pingpong, drain_bank_q, row_lo[RowW-1:0] + RowW'(1));

  always_comb begin
    logic [1:0] free;
    free = ~lane_rd;
    drain_port_used = '0;
    drain_port_addr[0] = de[0];
    drain_port_addr[1] = de[1];
    port_of = '0;
    rd_now  = '0;
    for (int l = 0; l < 2; l++) begin
      need[l]     = drain_active_q && !got_q[l] && half_exists[l];
      need_rd[l]  = need[l] && written_q[de[l]];
      zero_now[l] = need[l] && !written_q[de[l]];
      if (need_rd[l]) begin
        if (free[l]) begin            // prefer the half's own port
          rd_now[l] = 1'b1;
          port_of[l] = 1'(l);
          free[l] = 1'b0;
        end else if (free[1-l]) begin
          rd_now[l] = 1'b1;
          port_of[l] = 1'(1 - l);
          free[1-l] = 1'b0;
        end
      end
      if (rd_now[l]) begin
        drain_port_used[port_of[l]] = 1'b1;
        drain_port_addr[port_of[l]] = de[l];
      end
    end
  end

  // Separate from the port assignment above: the read data depends on the read addresses.
  always_comb begin
    for (int l = 0; l < 2; l++) begin
      if (got_q[l])         val[l] = h_q[l];
      else if (rd_now[l])   val[l] = ps_rdata[32'(port_of[l]) * PsumW +: PsumW];
      else                  val[l] = '0;
      have[l] = got_q[l] || rd_now[l] || zero_now[l] || !half_exists[l];
    end
  end

  assign ps_re       = lane_rd | drain_port_used;
  assign ps_raddr[0 +: RowW]    = lane_rd[0] ? e0 : drain_port_addr[0];
  assign ps_raddr[RowW +: RowW] = lane_rd[1] ? e1 : drain_port_addr[1];

  assign complete     = drain_active_q && (&have);
  assign psum_ready_o = complete && spill_ready && psum_in_i;
  assign push         = complete && spill_ready && (!psum_in_i || psum_valid_i);
  assign last_word    = (32'(drain_idx_q) + 1 == 32'(wpc_i));

  logic [PsumW-1:0] out_lo, out_hi;
  assign out_lo = val[0] + (psum_in_i ? psum_data_i[0 +: PsumW] : '0);
  assign out_hi = half_exists[1] ? val[1] + (psum_in_i ? psum_data_i[PsumW +: PsumW] : '0) : '0;

  ev2_spill_reg #(.Width(2 * PsumW)) u_out (
    .clk_i, .rst_ni,
    .valid_i(push), .ready_o(spill_ready), .data_i({out_hi, out_lo}),
    .valid_o(psum_valid_o), .ready_i(psum_ready_i), .data_o(psum_data_o)
  );

  assign window_done_o = push && last_word;
  assign pass_done_o   = push && last_word && drain_last_q;

  always_comb begin
    drain_active_d = drain_active_q;
    drain_bank_d   = drain_bank_q;
    drain_last_d   = drain_last_q;
    drain_idx_d    = drain_idx_q;
    got_d          = got_q;
    h_d[0]         = h_q[0];
    h_d[1]         = h_q[1];
    mac_bank_d     = mac_bank_q;
    written_d      = written_q;
    // MAC writes mark entries; the drain frees every entry it has fetched.
    if (mac_fire[0]) written_d[e0] = 1'b1;
    if (mac_fire[1]) written_d[e1] = 1'b1;
    for (int l = 0; l < 2; l++) begin
      if (rd_now[l] || zero_now[l]) written_d[de[l]] = 1'b0;
    end
    if (push) begin
      got_d       = '0;
      drain_idx_d = drain_idx_q + RowW'(1);
      if (last_word) drain_active_d = 1'b0;
    end else begin
      for (int l = 0; l < 2; l++) begin
        if (rd_now[l] || zero_now[l]) begin
          got_d[l] = 1'b1;
          h_d[l]   = val[l];
        end
      end
    end
    if (s7_fire && r6_marker_q) begin
      drain_active_d = 1'b1;
      drain_bank_d   = mac_bank_q;
      drain_last_d   = r6_last_q;
      drain_idx_d    = '0;
      got_d          = '0;
      mac_bank_d     = pingpong ? !mac_bank_q : 1'b0;
    end
    if (start_i) begin
      drain_active_d = 1'b0;
      mac_bank_d     = 1'b0;
      written_d      = '0;
    end
  end

  // ---------------------------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      r5_valid_q     <= 1'b0;
      r5_marker_q    <= 1'b0;
      r5_last_q      <= 1'b0;
      r5_en0_q       <= 1'b0;
      r5_en1_q       <= 1'b0;
      r5_r0_q        <= '0;
      r5_r1_q        <= '0;
      r6_valid_q     <= 1'b0;
      r6_marker_q    <= 1'b0;
      r6_last_q      <= 1'b0;
      r6_en0_q       <= 1'b0;
      r6_en1_q       <= 1'b0;
      r6_r0_q        <= '0;
      r6_r1_q        <= '0;
      mac_bank_q     <= 1'b0;
      drain_active_q <= 1'b0;
      drain_bank_q   <= 1'b0;
      drain_last_q   <= 1'b0;
      drain_idx_q    <= '0;
      got_q          <= '0;
      written_q      <= '0;
    end else begin
      if (start_i) begin
        r5_valid_q <= 1'b0;
      end else if (r5_free) begin
        r5_valid_q <= op_valid_i;
        if (op_valid_i) begin
          r5_marker_q <= op_marker_i;
          r5_last_q   <= op_last_i;
          r5_en0_q    <= op_en0_i;
          r5_en1_q    <= op_en1_i;
          r5_r0_q     <= op_r0_i;
          r5_r1_q     <= op_r1_i;
        end
      end
      if (start_i) begin
        r6_valid_q <= 1'b0;
      end else if (r6_free) begin
        r6_valid_q <= r5_valid_q;
        if (r5_valid_q) begin
          r6_marker_q <= r5_marker_q;
          r6_last_q   <= r5_last_q;
          r6_en0_q    <= r5_en0_q;
          r6_en1_q    <= r5_en1_q;
          r6_r0_q     <= r5_r0_q;
          r6_r1_q     <= r5_r1_q;
        end
      end
      mac_bank_q     <= mac_bank_d;
      drain_active_q <= drain_active_d;
      drain_bank_q   <= drain_bank_d;
      drain_last_q   <= drain_last_d;
      drain_idx_q    <= drain_idx_d;
      got_q          <= got_d;
      written_q      <= written_d;
    end
  end

  always_ff @(posedge clk_i) begin
    h_q[0] <= h_d[0];
    h_q[1] <= h_d[1];
  end

`ifndef SYNTHESIS
  if (Counters) begin : g_counters
    logic [31:0] mac_count_q   /*verilator public_flat_rd*/;
    logic [31:0] gated_count_q /*verilator public_flat_rd*/;
    logic [31:0] psum_in_count_q /*verilator public_flat_rd*/;   // psum_i words added
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        mac_count_q     <= '0;
        gated_count_q   <= '0;
        psum_in_count_q <= '0;
      end else begin
        mac_count_q     <= mac_count_q + 32'($countones(mac_fire));
        gated_count_q   <= gated_count_q + 32'($countones(mac_gated));
        psum_in_count_q <= psum_in_count_q + 32'(psum_valid_i && psum_ready_o);
      end
    end
  end
`endif

  // ---------------------------------------------------------------------------------------------
  // Assertions
  // ---------------------------------------------------------------------------------------------
  `EV2_ASSERT_INIT(psum_depth_even, PsumDepth % 2 == 0 && (1 << RowW) == PsumDepth)
  `EV2_ASSERT_STREAM(psum_in_protocol, psum_valid_i, psum_ready_o, psum_data_i)
  // No psum read of an entry never written in this window (pass of the accumulation).
  `EV2_ASSERT_IF(psum_read_port0_written, ps_re[0], written_q[ps_raddr[0 +: RowW]])
  `EV2_ASSERT_IF(psum_read_port1_written, ps_re[1], written_q[ps_raddr[RowW +: RowW]])
  // MAC writes never touch the bank being drained.
  `EV2_ASSERT_IF(psum_write_not_draining, ps_we != '0,
                 !(drain_active_q && (!pingpong || (drain_bank_q == mac_bank_q))))
  `EV2_ASSERT_IF(psum_rows_in_range, (s7_mac && r6_en0_q), (32'(r6_r0_q) < 32'(m0_i)))
  `EV2_ASSERT_IF(psum_rows_in_range1, (s7_mac && r6_en1_q), (32'(r6_r1_q) < 32'(m0_i)))
  `EV2_ASSERT_IF(psum_no_input_unless_enabled, (psum_valid_i && psum_ready_o), psum_in_i)

endmodule
