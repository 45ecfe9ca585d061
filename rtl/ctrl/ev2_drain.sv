// Drain: finished psums leave a psum bank as 40-bit words (two psums, docs/pe.md), go through the
// per-channel output stage, and come out as the bytes written to memory: one word per cycle, so
// two bytes per cycle (two output-stage lanes), the rate a psum bank reads at. A drain covers
// `windows_i` output positions of `m0_i` channels each (ceil(m0/2) words per position; with an odd
// m0 the upper half of each position's last word is not a psum and gives no byte). Channel i of a
// position uses the parameters at param-table entry table_base_i + i, loaded beforehand through
// the write port.
`include "ev2_assert.svh"

module ev2_drain #(
  parameter int unsigned TableDepth = ev2_if_pkg::ParamTableDepth,
  parameter int unsigned WindowsW   = ev2_if_pkg::DrainWindowsW,
  localparam int unsigned PsumW     = ev2_pkg::PsumW,
  localparam int unsigned TableW    = $clog2(TableDepth),
  localparam int unsigned M0W       = ev2_if_pkg::DrainM0W,
  localparam int unsigned ParamW    = ev2_if_pkg::ParamW  // ev2_if_pkg::channel_params_t
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // parameter table (per output channel)
  input  logic                param_we_i,
  input  logic [TableW-1:0]   param_addr_i,
  input  logic [ParamW-1:0]   param_data_i,   // ev2_if_pkg::channel_params_t
  // layer modes
  input  logic                relu_i,
  input  logic                out_signed_i,
  // one drain
  input  logic                start_i,
  input  logic [WindowsW-1:0] windows_i,
  input  logic [M0W-1:0]      m0_i,           // 1..32
  input  logic [TableW-1:0]   table_base_i,
  output logic                busy_o,
  output logic                taking_o,       // psum words of the drain still to take
  // psum words in
  input  logic                valid_i,
  output logic                ready_o,
  input  logic [2*PsumW-1:0]  data_i,
  // output bytes
  output logic                valid_o,
  input  logic                ready_i,
  output logic [15:0]         data_o,         // byte 0 in the low bits
  output logic [1:0]          count_o,        // bytes this cycle: 1 or 2
  output logic                last_o,
  output logic [1:0]          sat_low_o,      // per byte: clipped (for the status counters)
  output logic [1:0]          sat_high_o
);

  // ---- words in, one per cycle: both psums of a word are outputs unless m0 is odd and the word
  // ends its position (then the upper half is not a psum) ------------------------------------------
  logic [WindowsW-1:0] win_left_q;
  logic [M0W-1:0]      m0_q, ch_q;        // channel of the word's low psum (even)
  logic [TableW-1:0]   base_q;
  logic                word_two, word_ends_pos, word_last, word_fire, s1_ready;

  assign word_two      = (32'(ch_q) + 1 < 32'(m0_q));
  assign word_ends_pos = (32'(ch_q) + 2 >= 32'(m0_q));
  assign word_last     = (win_left_q == WindowsW'(1)) && word_ends_pos;
  assign ready_o       = (!s1_valid_q || s1_ready) && (win_left_q != '0);
  assign word_fire     = valid_i && ready_o;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      win_left_q <= '0;
      m0_q       <= '0;
      ch_q       <= '0;
      base_q     <= '0;
    end else if (start_i) begin
      win_left_q <= windows_i;
      m0_q       <= m0_i;
      ch_q       <= '0;
      base_q     <= table_base_i;
    end else if (word_fire) begin
      if (word_ends_pos) begin
        ch_q       <= '0;
        win_left_q <= win_left_q - WindowsW'(1);
      end else begin
        ch_q <= ch_q + M0W'(2);
      end
    end
  end

  // ---- parameter lookup: one stage holding the word while the table is read ---------------------
  // The table is split into even and odd entries, so the two consecutive channels of a word are
  // read in one cycle from two half-size tables (no second read port): entry a is in the even
  // table at a/2 when a is even, else in the odd one; a word starting on an odd entry takes its
  // second channel from the even table's next line.
  localparam int unsigned HalfW = TableW - 1;
  logic                s1_valid_q, s1_two_q, s1_last_q, s1_swap_q;
  logic [PsumW-1:0]    s1_psum0_q, s1_psum1_q;
  logic [TableW-1:0]   entry;
  logic [HalfW-1:0]    even_raddr, odd_raddr;
  ev2_if_pkg::channel_params_t even_params, odd_params, params0, params1;

  assign entry      = base_q + TableW'(ch_q);
  assign odd_raddr  = entry[TableW-1:1];
  assign even_raddr = entry[TableW-1:1] + HalfW'(entry[0]);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) s1_valid_q <= 1'b0;
    else if (!s1_valid_q || s1_ready) s1_valid_q <= valid_i && (win_left_q != '0);
  end
  always_ff @(posedge clk_i) begin
    if (word_fire) begin
      s1_psum0_q <= data_i[0 +: PsumW];
      s1_psum1_q <= data_i[PsumW +: PsumW];
      s1_two_q   <= word_two;
      s1_last_q  <= word_last;
      s1_swap_q  <= entry[0];
    end
  end

  // The tables' read data change only when a new word enters the stage, so they stay aligned
  // with s1 while the output stages stall.
  ev2_sram_1r1w #(.Width(ParamW), .Depth(TableDepth / 2)) u_params_even (
    .clk_i, .rst_ni,
    .we_i   (param_we_i && !param_addr_i[0]),
    .waddr_i(param_addr_i[TableW-1:1]),
    .wdata_i(param_data_i),
    .re_i   (word_fire),
    .raddr_i(even_raddr),
    .rdata_o(even_params)
  );
  ev2_sram_1r1w #(.Width(ParamW), .Depth(TableDepth / 2)) u_params_odd (
    .clk_i, .rst_ni,
    .we_i   (param_we_i && param_addr_i[0]),
    .waddr_i(param_addr_i[TableW-1:1]),
    .wdata_i(param_data_i),
    .re_i   (word_fire),
    .raddr_i(odd_raddr),
    .rdata_o(odd_params)
  );
  assign params0 = s1_swap_q ? odd_params : even_params;
  assign params1 = s1_swap_q ? even_params : odd_params;

  // ---- two output-stage lanes in lockstep: same valid, same ready, so the same occupancy -------
  logic [1:0] tag0;
  logic       lane1_ready, lane1_valid, lane1_sat_low, lane1_sat_high, out_two;
  logic [7:0] lane1_oact;

  ev2_output_stage #(
    .MultW (ev2_if_pkg::ParamMultW),
    .ShiftW(ev2_if_pkg::ParamShiftW),
    .TagW  (2)
  ) u_stage0 (
    .clk_i, .rst_ni,
    .relu_i,
    .out_signed_i,
    .valid_i   (s1_valid_q),
    .ready_o   (s1_ready),
    .psum_i    (s1_psum0_q),
    .bias_i    (params0.bias),
    .mult_i    (params0.mult),
    .shift_i   (params0.shift),
    .tag_i     ({s1_two_q, s1_last_q}),
    .valid_o,
    .ready_i,
    .oact_o    (data_o[7:0]),
    .tag_o     (tag0),
    .sat_low_o (sat_low_o[0]),
    .sat_high_o(sat_high_o[0])
  );
  // Lane 1 runs on a word's upper psum even when it is not an output (odd m0); its byte and
  // clip flags are then dropped.
  ev2_output_stage #(
    .MultW (ev2_if_pkg::ParamMultW),
    .ShiftW(ev2_if_pkg::ParamShiftW),
    .TagW  (1)
  ) u_stage1 (
    .clk_i, .rst_ni,
    .relu_i,
    .out_signed_i,
    .valid_i   (s1_valid_q),
    .ready_o   (lane1_ready),
    .psum_i    (s1_psum1_q),
    .bias_i    (params1.bias),
    .mult_i    (params1.mult),
    .shift_i   (params1.shift),
    .tag_i     (1'b0),
    .valid_o   (lane1_valid),
    .ready_i,
    .oact_o    (lane1_oact),
    .tag_o     (),
    .sat_low_o (lane1_sat_low),
    .sat_high_o(lane1_sat_high)
  );
  assign out_two       = tag0[1];
  assign last_o        = tag0[0];
  assign count_o       = out_two ? 2'd2 : 2'd1;
  assign data_o[15:8]  = lane1_oact;
  assign sat_low_o[1]  = out_two && lane1_sat_low;
  assign sat_high_o[1] = out_two && lane1_sat_high;

  assign busy_o   = (win_left_q != '0) || s1_valid_q || valid_o;
  assign taking_o = (win_left_q != '0);

  `EV2_ASSERT(lanes_in_lockstep, (lane1_ready == s1_ready) && (lane1_valid == valid_o))
  `EV2_ASSERT_INIT(table_splits_in_halves, TableDepth % 2 == 0 && TableDepth >= 4)
  // The bias is added to the psum at its width (channel_params_t.bias).
  `EV2_ASSERT_INIT(bias_is_a_psum, ev2_if_pkg::ParamBiasW == PsumW)
  `EV2_ASSERT_IF(no_start_while_busy, start_i, !busy_o)
  `EV2_ASSERT_IF(m0_in_range, start_i, (m0_i >= M0W'(1) && m0_i <= M0W'(32)))
  `EV2_ASSERT_IF(no_param_write_while_draining, param_we_i, (win_left_q == '0))
  `EV2_ASSERT_STREAM(in_protocol, valid_i, ready_o, data_i)

endmodule
