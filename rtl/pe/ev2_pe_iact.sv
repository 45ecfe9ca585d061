// PE iact side: the iact port loader, the iact address and data SPads, and pipeline stages 1-2.
//
//   loader   iact port words -> holding register -> one SPad write per cycle. Compressed: per
//            segment one address word (U 4-bit exclusive-end entries, relative to the segment)
//            then ceil(n/2) data words of two 12-bit CSC words; dense: ceil(C0*cols/2) data words.
//            Both SPads are circular buffers: the address SPad holds columns (slot = column mod
//            IactAddrDepth), the data SPad words (position mod IactDataDepth); entries are stored
//            as absolute end positions mod IactDataDepth, so a column's words are [prev end, end).
//   stage 1  (IA) column generator: for each window column s = 0..S-1 reads the column's end from
//            the iact address SPad (dense: computed, SPad bypassed) -> column descriptor R1; after
//            column S-1 a window-end marker that also carries the start of the next window.
//   stage 2  (ID) walks R1: reads one iact data word per cycle, tracks the channel from the run
//            lengths, drops zeros (run breakers, dense zeros) and sends nonzero iacts as tokens
//            {value, weight column k = s*C0 + c} to stage 3 (register R2). A marker frees the
//            oldest segment (the window slides by U columns) and is passed on.
// Positions are counted modulo 2*IactDataDepth so "full" and "empty" differ; compressed mode keeps
// at most IactDataDepth-1 words (a 4-bit exclusive end cannot name a 16-word column), dense mode
// IactDataDepth.
`include "ev2_assert.svh"

module ev2_pe_iact #(
  parameter int unsigned IactAddrDepth = ev2_pkg::IactAddrDepth,
  parameter int unsigned IactAddrW     = ev2_pkg::IactAddrW,
  parameter int unsigned IactDataDepth = ev2_pkg::IactDataDepth,
  parameter int unsigned WordW         = ev2_pkg::CscWordW,
  parameter int unsigned IactW         = ev2_pkg::IactW,
  parameter int unsigned PortW         = ev2_pkg::NocDataW,
  parameter int unsigned KW            = $clog2(ev2_pkg::WeightAddrDepth),  // weight column index
  parameter int unsigned C0W           = ev2_pe_pkg::CfgC0W,
  parameter int unsigned SW            = ev2_pe_pkg::CfgSW,
  parameter int unsigned UW            = ev2_pe_pkg::CfgUW,
  parameter int unsigned FW            = ev2_pe_pkg::CfgFW,
  parameter int unsigned MaxU          = ev2_pe_pkg::MaxU,
  parameter bit          Counters      = 1'b0,
  localparam int unsigned SegW         = FW + 1,   // segments in a pass: F - 1 + ceil(S/U)
  localparam int unsigned SegWordsW    = 7         // words of a dense segment: C0 * U <= 64
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // pass control: start_i pulses once with the configuration below already valid
  input  logic                 start_i,
  input  logic [C0W-1:0]       c0_i,
  input  logic [SW-1:0]        s_i,
  input  logic [UW-1:0]        u_i,
  input  logic [FW-1:0]        f_i,
  input  logic                 dense_i,
  input  logic [SegW-1:0]      nsegs_i,        // segments in this pass
  input  logic [UW-1:0]        last_cols_i,    // columns of the last segment (1..U)
  input  logic [SegWordsW-1:0] seg_words_i,    // dense: words of a full segment (C0*U)
  input  logic [SegWordsW-1:0] last_words_i,   // dense: words of the last segment
  // iact port
  input  logic                 iact_valid_i,
  output logic                 iact_ready_o,
  input  logic [PortW-1:0]     iact_data_i,
  // tokens to stage 3 (R2): a nonzero iact or a window-end marker
  output logic                 tok_valid_o,
  input  logic                 tok_ready_i,
  output logic                 tok_marker_o,
  output logic                 tok_last_o,     // marker of the pass's last window
  output logic [IactW-1:0]     tok_value_o,
  output logic [KW-1:0]        tok_k_o
);

  localparam int unsigned DP      = IactAddrW + 1;                  // data position width
  localparam int unsigned SlotW   = $clog2(IactAddrDepth);
  localparam int unsigned AvailW  = $clog2(IactAddrDepth + 1);
  localparam int unsigned DataAW  = $clog2(IactDataDepth);
  localparam int unsigned CntW    = ev2_pkg::CscCountW;
  localparam int unsigned ChW     = C0W + 1;                        // channel walk (breakers)
  localparam int unsigned KBW     = KW + 2;                         // k before the range check
  localparam int unsigned HoldNW  = $clog2(MaxU + 1);
  localparam int unsigned HoldIW  = $clog2(MaxU);

  // ---------------------------------------------------------------------------------------------
  // SPads
  // ---------------------------------------------------------------------------------------------
  logic                 addr_re, addr_we;
  logic [SlotW-1:0]     addr_raddr, addr_waddr;
  logic [IactAddrW-1:0] addr_rdata, addr_wdata;
  logic                 data_re, data_we;
  logic [DataAW-1:0]    data_raddr, data_waddr;
  logic [WordW-1:0]     data_rdata, data_wdata;

  ev2_regfile #(.Width(IactAddrW), .Depth(IactAddrDepth), .NumRead(1), .NumWrite(1), .Counters(Counters))
  u_addr_spad (
    .clk_i, .rst_ni,
    .re_i(addr_re), .raddr_i(addr_raddr), .rdata_o(addr_rdata),
    .we_i(addr_we), .waddr_i(addr_waddr), .wdata_i(addr_wdata)
  );

  ev2_regfile #(.Width(WordW), .Depth(IactDataDepth), .NumRead(1), .NumWrite(1), .Counters(Counters))
  u_data_spad (
    .clk_i, .rst_ni,
    .re_i(data_re), .raddr_i(data_raddr), .rdata_o(data_rdata),
    .we_i(data_we), .waddr_i(data_waddr), .wdata_i(data_wdata)
  );

  // Slot arithmetic modulo IactAddrDepth for a base slot plus an offset below 2*IactAddrDepth.
  function automatic logic [SlotW-1:0] slot_add(logic [SlotW-1:0] base, logic [SW-1:0] off);
    logic [SW+1:0] sum;
    sum = (SW + 2)'(base) + (SW + 2)'(off);
    if (sum >= (SW + 2)'(IactAddrDepth)) sum = sum - (SW + 2)'(IactAddrDepth);
    if (sum >= (SW + 2)'(IactAddrDepth)) sum = sum - (SW + 2)'(IactAddrDepth);
    slot_add = sum[SlotW-1:0];
  endfunction

  // ---------------------------------------------------------------------------------------------
  // Occupancy: columns in the address SPad, words in the data SPad
  // ---------------------------------------------------------------------------------------------
  logic              active_q, active_d;        // a pass is running on this side
  logic [SlotW-1:0]  addr_tail_q, addr_tail_d;  // next slot to write
  logic [AvailW-1:0] addr_used_q, addr_used_d;  // occupied slots
  logic [DP-1:0]     data_tail_q, data_tail_d;  // next data position to write
  logic [DP-1:0]     data_head_q, data_head_d;  // oldest stored position (start of stage 2's window)
  logic [DP-1:0]     data_used;
  logic [DP-1:0]     data_cap;
  logic              free_seg;                  // stage 2 passes a (non-last) window marker
  logic [DP-1:0]     free_base;                 // ... and the next window starts here

  assign data_used = data_tail_q - data_head_q;
  assign data_cap  = dense_i ? DP'(IactDataDepth) : DP'(IactDataDepth - 1);

  // ---------------------------------------------------------------------------------------------
  // Loader: port word -> holding register -> one SPad write per cycle
  // ---------------------------------------------------------------------------------------------
  logic [SegW-1:0]      ld_seg_q, ld_seg_d;        // segment the next port word belongs to
  logic                 ld_addr_phase_q, ld_addr_phase_d;  // next word is an address word
  logic [SegWordsW-1:0] ld_left_q, ld_left_d;      // data words still to come in this segment
  logic [DP-1:0]        ld_base_q, ld_base_d;      // data position of this segment's first word
  logic [PortW-1:0]     hold_q, hold_d;
  logic [HoldNW-1:0]    hold_n_q, hold_n_d;        // items left in the holding register
  logic [HoldIW-1:0]    hold_i_q, hold_i_d;        // next item
  logic                 hold_addr_q, hold_addr_d;  // items are address entries (else data words)
  logic [DP-1:0]        hold_base_q, hold_base_d;  // segment base for address entries
  logic                 ld_done;
  logic [UW-1:0]        ld_cols;
  logic                 iact_fire, hold_write;
  logic [IactAddrW-1:0] hdr_n;                     // words of the segment named by an address word
  logic [SegWordsW-1:0] take;

  assign ld_done   = (ld_seg_q == nsegs_i);
  assign ld_cols   = (ld_seg_q == nsegs_i - SegW'(1)) ? last_cols_i : u_i;
  assign hold_write = (hold_n_q != '0) &&
                      (hold_addr_q ? (32'(addr_used_q) < IactAddrDepth) : (data_used < data_cap));
  assign iact_ready_o = active_q && !ld_done &&
                        ((hold_n_q == '0) || ((hold_n_q == HoldNW'(1)) && hold_write));
  assign iact_fire = iact_valid_i && iact_ready_o;
  assign hdr_n     = iact_data_i[(32'(ld_cols) - 1) * IactAddrW +: IactAddrW];
  assign take      = (ld_left_q >= SegWordsW'(2)) ? SegWordsW'(2) : ld_left_q;

  // SPad writes from the holding register
  assign addr_we    = hold_write && hold_addr_q;
  assign addr_waddr = addr_tail_q;
  assign addr_wdata = hold_base_q[IactAddrW-1:0] + hold_q[32'(hold_i_q) * IactAddrW +: IactAddrW];
  assign data_we    = hold_write && !hold_addr_q;
  assign data_waddr = data_tail_q[DataAW-1:0];
  assign data_wdata = hold_q[32'(hold_i_q) * WordW +: WordW];

  always_comb begin
    ld_seg_d        = ld_seg_q;
    ld_addr_phase_d = ld_addr_phase_q;
    ld_left_d       = ld_left_q;
    ld_base_d       = ld_base_q;
    hold_d          = hold_q;
    hold_n_d        = hold_n_q;
    hold_i_d        = hold_i_q;
    hold_addr_d     = hold_addr_q;
    hold_base_d     = hold_base_q;
    if (hold_write) begin
      hold_n_d = hold_n_q - HoldNW'(1);
      hold_i_d = hold_i_q + HoldIW'(1);
    end
    if (iact_fire) begin
      hold_d   = iact_data_i;
      hold_i_d = '0;
      if (ld_addr_phase_q) begin
        hold_n_d    = HoldNW'(ld_cols);
        hold_addr_d = 1'b1;
        hold_base_d = ld_base_q;
        ld_base_d   = ld_base_q + DP'(hdr_n);
        if (hdr_n == '0) begin
          ld_seg_d = ld_seg_q + SegW'(1);      // all-zero segment: no data words follow
        end else begin
          ld_left_d       = SegWordsW'(hdr_n);
          ld_addr_phase_d = 1'b0;
        end
      end else begin
        hold_n_d    = HoldNW'(take);
        hold_addr_d = 1'b0;
        ld_left_d   = ld_left_q - take;
        if (ld_left_q == take) begin
          ld_seg_d        = ld_seg_q + SegW'(1);
          ld_addr_phase_d = !dense_i;
          ld_left_d       = (ld_seg_q + SegW'(1) == nsegs_i - SegW'(1)) ? last_words_i : seg_words_i;
        end
      end
    end
    if (start_i) begin
      ld_seg_d        = '0;
      ld_addr_phase_d = !dense_i;
      ld_left_d       = (nsegs_i == SegW'(1)) ? last_words_i : seg_words_i;
      ld_base_d       = '0;
      hold_n_d        = '0;
      hold_i_d        = '0;
    end
  end

  // ---------------------------------------------------------------------------------------------
  // Stage 1 (IA): window column generator -> R1
  // ---------------------------------------------------------------------------------------------
  logic [FW-1:0]     s1_f_q, s1_f_d;          // window
  logic [SW-1:0]     s1_s_q, s1_s_d;          // column in the window; S = marker
  logic [SlotW-1:0]  s1_slot_q, s1_slot_d;    // address slot of window column 0
  logic [DP-1:0]     s1_base_q, s1_base_d;    // data position where window column 0 starts
  logic [DP-1:0]     s1_prev_q, s1_prev_d;    // end of the previous column
  logic [KBW-1:0]    s1_kbase_q, s1_kbase_d;  // s * C0
  logic [AvailW-1:0] s1_avail_q, s1_avail_d;  // loaded columns from s1_slot on (compressed)
  logic              s1_done_q, s1_done_d;    // last marker issued
  logic              s1_is_marker, s1_last, s1_ready_col, s1_fire;
  logic [DP-1:0]     s1_start, s1_end, s1_new_base;

  // R1: the column descriptor stage 2 walks (or a marker)
  logic              r1_valid_q, r1_valid_d;
  logic              r1_marker_q, r1_marker_d;
  logic              r1_last_q, r1_last_d;
  logic [DP-1:0]     r1_p_q, r1_p_d;          // next word (marker: start of the next window)
  logic [DP-1:0]     r1_end_q, r1_end_d;
  logic [KBW-1:0]    r1_kbase_q, r1_kbase_d;
  logic [ChW-1:0]    r1_c_q, r1_c_d;          // channel of the next word with count 0
  logic              r1_done;                 // R1 finishes this cycle
  logic              r1_free;

  assign s1_is_marker = (s1_s_q == s_i);
  assign s1_last      = (s1_f_q == f_i - FW'(1));
  // Column s (or, for a marker, column U-1 whose end is the next window's start) loaded yet?
  always_comb begin
    if (!active_q || s1_done_q) begin
      s1_ready_col = 1'b0;
    end else if (dense_i) begin
      s1_ready_col = 1'b1;
    end else if (s1_is_marker) begin
      s1_ready_col = s1_last || (32'(u_i) <= 32'(s1_avail_q));
    end else begin
      s1_ready_col = (32'(s1_s_q) < 32'(s1_avail_q));
    end
  end
  assign s1_fire = s1_ready_col && r1_free;

  assign addr_raddr = slot_add(s1_slot_q, s1_is_marker ? (SW'(u_i) - SW'(1)) : s1_s_q);
  assign addr_re    = s1_fire && !dense_i && !(s1_is_marker && s1_last);

  // Compressed: a column's length is its stored end minus its start, modulo IactDataDepth (the
  // subtraction must stay IactAddrW bits wide, hence the separate signals).
  logic [IactAddrW-1:0] s1_col_len, s1_seg_len;
  assign s1_start   = (s1_s_q == '0) ? s1_base_q : s1_prev_q;
  assign s1_col_len = addr_rdata - s1_start[IactAddrW-1:0];
  assign s1_seg_len = addr_rdata - s1_base_q[IactAddrW-1:0];
  always_comb begin
    if (dense_i) begin
      s1_end      = s1_start + DP'(c0_i);
      s1_new_base = s1_base_q + DP'(seg_words_i);
    end else begin
      s1_end      = s1_start + DP'(s1_col_len);
      s1_new_base = s1_base_q + DP'(s1_seg_len);
    end
  end

  always_comb begin
    s1_f_d     = s1_f_q;
    s1_s_d     = s1_s_q;
    s1_slot_d  = s1_slot_q;
    s1_base_d  = s1_base_q;
    s1_prev_d  = s1_prev_q;
    s1_kbase_d = s1_kbase_q;
    s1_done_d  = s1_done_q;
    s1_avail_d = s1_avail_q + AvailW'(addr_we);
    if (s1_fire) begin
      if (!s1_is_marker) begin
        s1_s_d     = s1_s_q + SW'(1);
        s1_prev_d  = s1_end;
        s1_kbase_d = s1_kbase_q + KBW'(c0_i);
      end else if (s1_last) begin
        s1_done_d = 1'b1;
      end else begin
        s1_f_d     = s1_f_q + FW'(1);
        s1_s_d     = '0;
        s1_kbase_d = '0;
        s1_slot_d  = slot_add(s1_slot_q, SW'(u_i));
        s1_base_d  = s1_new_base;
        if (!dense_i) s1_avail_d = s1_avail_q + AvailW'(addr_we) - AvailW'(u_i);
      end
    end
    if (start_i) begin
      s1_f_d     = '0;
      s1_s_d     = '0;
      s1_slot_d  = '0;
      s1_base_d  = '0;
      s1_prev_d  = '0;
      s1_kbase_d = '0;
      s1_done_d  = 1'b0;
      s1_avail_d = '0;
    end
  end

  // ---------------------------------------------------------------------------------------------
  // Stage 2 (ID): walk R1, read the iact data SPad -> R2
  // ---------------------------------------------------------------------------------------------
  logic              r2_valid_q, r2_valid_d;
  logic              r2_marker_q, r2_marker_d;
  logic              r2_last_q, r2_last_d;
  logic [IactW-1:0]  r2_value_q, r2_value_d;
  logic [KBW-1:0]    r2_k_q, r2_k_d;
  logic              r2_free, r2_load;
  logic              r1_empty, r1_avail, r1_seg_loaded, s2_fire, s2_nonzero;
  logic [CntW-1:0]   s2_count;
  logic [IactW-1:0]  s2_value;
  logic [ChW-1:0]    s2_c;

  assign r2_free    = !r2_valid_q || tok_ready_i;
  assign r1_empty   = (r1_p_q == r1_end_q);
  // Word r1_p is loaded when it lies between head and tail (positions modulo 2*depth).
  assign r1_avail   = ((r1_p_q - data_head_q) < data_used);
  // A marker frees the window's oldest segment; when S < U that segment has columns no window
  // reads, and the marker waits until they are loaded too, so the head never passes the tail.
  assign r1_seg_loaded = r1_last_q || ((r1_p_q - data_head_q) <= data_used);
  assign s2_fire    = r1_valid_q && (r1_marker_q ? (r2_free && r1_seg_loaded)
                                                 : (!r1_empty && r1_avail && r2_free));
  assign data_re    = s2_fire && !r1_marker_q;
  assign data_raddr = r1_p_q[DataAW-1:0];
  assign s2_count   = data_rdata[WordW-1 -: CntW];
  assign s2_value   = data_rdata[IactW-1:0];
  assign s2_c       = r1_c_q + ChW'(s2_count);
  assign s2_nonzero = (s2_value != '0);
  assign r2_load    = s2_fire && (r1_marker_q || s2_nonzero);
  assign r1_done    = r1_valid_q && (r1_marker_q ? s2_fire
                                                 : (r1_empty || (s2_fire && (r1_p_q + DP'(1) == r1_end_q))));
  assign r1_free    = !r1_valid_q || r1_done;
  assign free_seg   = s2_fire && r1_marker_q && !r1_last_q;
  assign free_base  = r1_p_q;

  always_comb begin
    r1_valid_d  = r1_valid_q && !r1_done;
    r1_marker_d = r1_marker_q;
    r1_last_d   = r1_last_q;
    r1_p_d      = r1_p_q;
    r1_end_d    = r1_end_q;
    r1_kbase_d  = r1_kbase_q;
    r1_c_d      = r1_c_q;
    if (s2_fire && !r1_marker_q) begin
      r1_p_d = r1_p_q + DP'(1);
      r1_c_d = s2_c + ChW'(1);
    end
    if (s1_fire) begin
      r1_valid_d  = 1'b1;
      r1_marker_d = s1_is_marker;
      r1_last_d   = s1_last;
      r1_p_d      = s1_is_marker ? s1_new_base : s1_start;
      r1_end_d    = s1_end;
      r1_kbase_d  = s1_kbase_q;
      r1_c_d      = '0;
    end
    if (start_i) r1_valid_d = 1'b0;
  end

  always_comb begin
    r2_valid_d  = r2_valid_q && !tok_ready_i;
    r2_marker_d = r2_marker_q;
    r2_last_d   = r2_last_q;
    r2_value_d  = r2_value_q;
    r2_k_d      = r2_k_q;
    if (r2_load) begin
      r2_valid_d  = 1'b1;
      r2_marker_d = r1_marker_q;
      r2_last_d   = r1_last_q;
      r2_value_d  = s2_value;
      r2_k_d      = r1_kbase_q + KBW'(s2_c);
    end
    if (start_i) r2_valid_d = 1'b0;
  end

  assign tok_valid_o  = r2_valid_q;
  assign tok_marker_o = r2_marker_q;
  assign tok_last_o   = r2_last_q;
  assign tok_value_o  = r2_value_q;
  assign tok_k_o      = r2_k_q[KW-1:0];

  // ---------------------------------------------------------------------------------------------
  // Occupancy updates
  // ---------------------------------------------------------------------------------------------
  always_comb begin
    addr_tail_d = addr_we ? slot_add(addr_tail_q, SW'(1)) : addr_tail_q;
    addr_used_d = addr_used_q + AvailW'(addr_we) - (free_seg && !dense_i ? AvailW'(u_i) : '0);
    data_tail_d = data_tail_q + DP'(data_we);
    data_head_d = free_seg ? free_base : data_head_q;
    active_d    = active_q;
    if (tok_valid_o && tok_ready_i && tok_marker_o && tok_last_o) active_d = 1'b0;
    if (start_i) begin
      addr_tail_d = '0;
      addr_used_d = '0;
      data_tail_d = '0;
      data_head_d = '0;
      active_d    = 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      active_q        <= 1'b0;
      addr_tail_q     <= '0;
      addr_used_q     <= '0;
      data_tail_q     <= '0;
      data_head_q     <= '0;
      ld_seg_q        <= '0;
      ld_addr_phase_q <= 1'b0;
      ld_left_q       <= '0;
      ld_base_q       <= '0;
      hold_n_q        <= '0;
      hold_i_q        <= '0;
      hold_addr_q     <= 1'b0;
      hold_base_q     <= '0;
      s1_f_q          <= '0;
      s1_s_q          <= '0;
      s1_slot_q       <= '0;
      s1_base_q       <= '0;
      s1_prev_q       <= '0;
      s1_kbase_q      <= '0;
      s1_avail_q      <= '0;
      s1_done_q       <= 1'b1;
      r1_valid_q      <= 1'b0;
      r1_marker_q     <= 1'b0;
      r1_last_q       <= 1'b0;
      r1_p_q          <= '0;
      r1_end_q        <= '0;
      r1_kbase_q      <= '0;
      r1_c_q          <= '0;
      r2_valid_q      <= 1'b0;
      r2_marker_q     <= 1'b0;
      r2_last_q       <= 1'b0;
      r2_value_q      <= '0;
      r2_k_q          <= '0;
    end else begin
      active_q        <= active_d;
      addr_tail_q     <= addr_tail_d;
      addr_used_q     <= addr_used_d;
      data_tail_q     <= data_tail_d;
      data_head_q     <= data_head_d;
      ld_seg_q        <= ld_seg_d;
      ld_addr_phase_q <= ld_addr_phase_d;
      ld_left_q       <= ld_left_d;
      ld_base_q       <= ld_base_d;
      hold_n_q        <= hold_n_d;
      hold_i_q        <= hold_i_d;
      hold_addr_q     <= hold_addr_d;
      hold_base_q     <= hold_base_d;
      s1_f_q          <= s1_f_d;
      s1_s_q          <= s1_s_d;
      s1_slot_q       <= s1_slot_d;
      s1_base_q       <= s1_base_d;
      s1_prev_q       <= s1_prev_d;
      s1_kbase_q      <= s1_kbase_d;
      s1_avail_q      <= s1_avail_d;
      s1_done_q       <= s1_done_d;
      r1_valid_q      <= r1_valid_d;
      r1_marker_q     <= r1_marker_d;
      r1_last_q       <= r1_last_d;
      r1_p_q          <= r1_p_d;
      r1_end_q        <= r1_end_d;
      r1_kbase_q      <= r1_kbase_d;
      r1_c_q          <= r1_c_d;
      r2_valid_q      <= r2_valid_d;
      r2_marker_q     <= r2_marker_d;
      r2_last_q       <= r2_last_d;
      r2_value_q      <= r2_value_d;
      r2_k_q          <= r2_k_d;
    end
  end

  // The holding register is datapath: no reset.
  always_ff @(posedge clk_i) begin
    hold_q <= hold_d;
  end

  // ---------------------------------------------------------------------------------------------
  // Assertions
  // ---------------------------------------------------------------------------------------------
`ifndef SYNTHESIS
  logic [IactAddrW-1:0] hdr_prev_max;  // largest entry before the last one of an address word
  logic                 hdr_monotonic;
  always_comb begin
    hdr_monotonic = 1'b1;
    hdr_prev_max  = '0;
    for (int unsigned i = 0; i < MaxU; i++) begin
      if (i < 32'(ld_cols)) begin
        if (iact_data_i[i*IactAddrW +: IactAddrW] < hdr_prev_max) hdr_monotonic = 1'b0;
        hdr_prev_max = iact_data_i[i*IactAddrW +: IactAddrW];
      end
    end
  end
`endif

  `EV2_ASSERT_INIT(data_depth_pow2, IactDataDepth == (1 << IactAddrW))
  `EV2_ASSERT_INIT(hold_fits_address_word, MaxU * IactAddrW <= PortW && 2 * WordW <= PortW)
  `EV2_ASSERT_STREAM(iact_protocol, iact_valid_i, iact_ready_o, iact_data_i)
  // A segment's address entries are exclusive ends: non-decreasing, within one segment.
  `EV2_ASSERT_IF(iact_addr_monotonic, (iact_fire && ld_addr_phase_q), hdr_monotonic)
  `EV2_ASSERT_IF(iact_segment_fits, (iact_fire && ld_addr_phase_q), (DP'(hdr_n) <= data_cap))
  // The window does not fit the SPads (the C++ fit check rejects such data): stage 2 waits for a
  // word that cannot be loaded because the data SPad is full, or stage 1 waits for a column that
  // cannot be loaded because the address SPad is full.
  `EV2_ASSERT(iact_window_fits_data_spad,
              !(r1_valid_q && !r1_marker_q && !r1_empty && !r1_avail && (hold_n_q != '0) && !hold_addr_q &&
                (data_used >= data_cap)))
  // (Only when no marker waits in R1: until stage 2 passes it, stage 1 may legitimately wait for
  // the slots of the segment that marker frees.)
  `EV2_ASSERT(iact_window_fits_addr_spad,
              !(active_q && !s1_done_q && !dense_i && !s1_ready_col && !(r1_valid_q && r1_marker_q) &&
                (hold_n_q != '0) && hold_addr_q && (32'(addr_used_q) >= IactAddrDepth)))
  // A nonzero iact lies inside the C0 rows of its column.
  `EV2_ASSERT_IF(iact_channel_in_range, (r2_load && !r1_marker_q), (32'(s2_c) < 32'(c0_i)))
  // Stage 2 reads only loaded words; the loader never overwrites a word still in use.
  `EV2_ASSERT_IF(iact_read_loaded, data_re, r1_avail)
  `EV2_ASSERT_IF(iact_data_no_overflow, data_we, (data_used < data_cap))
  `EV2_ASSERT_IF(iact_addr_no_overflow, addr_we, (32'(addr_used_q) < IactAddrDepth))
  `EV2_ASSERT_IF(iact_head_behind_tail, free_seg, ((free_base - data_head_q) <= data_used))
  `EV2_ASSERT_IF(iact_port_only_when_expected, iact_fire, (active_q && !ld_done))

endmodule
