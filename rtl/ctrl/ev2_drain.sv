// Drain: finished psums leave a psum bank as 40-bit words (two psums, docs/pe.md), go through the
// per-channel output stage, and come out as the bytes written to memory. A drain covers `windows_i`
// output positions of `m0_i` channels each (ceil(m0/2) words per position; with an odd m0 the upper
// half of each position's last word is not a psum and is skipped). Channel i of a position uses
// the parameters at param-table entry table_base_i + i, loaded beforehand through the write port.
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
  output logic [7:0]          data_o,
  output logic                last_o,
  output logic                sat_low_o,      // this byte was clipped (for the status counters)
  output logic                sat_high_o
);

  // ---- split words into psums, one per cycle, with their channel -------------------------------
  logic [WindowsW-1:0] win_left_q;
  logic [M0W-1:0]      m0_q, ch_q;        // channel within the current position
  logic [TableW-1:0]   base_q;
  logic                half_q;            // 0: low psum of the word, 1: high psum
  logic                split_valid, split_ready, split_last, split_fire, word_done;

  assign split_valid = valid_i && (win_left_q != '0);
  assign split_last  = (win_left_q == WindowsW'(1)) && (ch_q + M0W'(1) == m0_q);
  // A word is consumed after its high psum, or after its low psum when that ends the position.
  assign word_done   = half_q || (ch_q + M0W'(1) == m0_q);
  assign split_fire  = split_valid && split_ready;
  assign ready_o     = split_ready && (win_left_q != '0) && word_done;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      win_left_q <= '0;
      m0_q       <= '0;
      ch_q       <= '0;
      base_q     <= '0;
      half_q     <= 1'b0;
    end else if (start_i) begin
      win_left_q <= windows_i;
      m0_q       <= m0_i;
      ch_q       <= '0;
      base_q     <= table_base_i;
      half_q     <= 1'b0;
    end else if (split_fire) begin
      if (ch_q + M0W'(1) == m0_q) begin
        ch_q       <= '0;
        half_q     <= 1'b0;
        win_left_q <= win_left_q - WindowsW'(1);
      end else begin
        ch_q   <= ch_q + M0W'(1);
        half_q <= !half_q;
      end
    end
  end

  // ---- parameter lookup: one stage holding the psum while the table is read --------------------
  logic              s1_valid_q, s1_last_q, s1_ready;
  logic [PsumW-1:0]  s1_psum_q;
  ev2_if_pkg::channel_params_t params;

  assign split_ready = !s1_valid_q || s1_ready;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) s1_valid_q <= 1'b0;
    else if (split_ready) s1_valid_q <= split_valid;
  end
  always_ff @(posedge clk_i) begin
    if (split_fire) begin
      s1_psum_q <= half_q ? data_i[PsumW +: PsumW] : data_i[0 +: PsumW];
      s1_last_q <= split_last;
    end
  end

  // The table's read data changes only when a new psum enters the stage, so it stays aligned
  // with s1 while the output stage stalls.
  ev2_sram_1r1w #(.Width(ParamW), .Depth(TableDepth)) u_params (
    .clk_i, .rst_ni,
    .we_i   (param_we_i),
    .waddr_i(param_addr_i),
    .wdata_i(param_data_i),
    .re_i   (split_fire),
    .raddr_i(base_q + TableW'(ch_q)),
    .rdata_o(params)
  );

  ev2_output_stage #(
    .MultW (ev2_if_pkg::ParamMultW),
    .ShiftW(ev2_if_pkg::ParamShiftW),
    .TagW  (1)
  ) u_stage (
    .clk_i, .rst_ni,
    .relu_i,
    .out_signed_i,
    .valid_i   (s1_valid_q),
    .ready_o   (s1_ready),
    .psum_i    (s1_psum_q),
    .bias_i    (params.bias),
    .mult_i    (params.mult),
    .shift_i   (params.shift),
    .tag_i     (s1_last_q),
    .valid_o,
    .ready_i,
    .oact_o    (data_o),
    .tag_o     (last_o),
    .sat_low_o,
    .sat_high_o
  );

  assign busy_o   = (win_left_q != '0) || s1_valid_q || valid_o;
  assign taking_o = (win_left_q != '0);

  // The bias is added to the psum at its width (channel_params_t.bias).
  `EV2_ASSERT_INIT(bias_is_a_psum, ev2_if_pkg::ParamBiasW == PsumW)
  `EV2_ASSERT_IF(no_start_while_busy, start_i, !busy_o)
  `EV2_ASSERT_IF(m0_in_range, start_i, (m0_i >= M0W'(1) && m0_i <= M0W'(32)))
  `EV2_ASSERT_IF(no_param_write_while_draining, param_we_i, (win_left_q == '0))
  `EV2_ASSERT_STREAM(in_protocol, valid_i, ready_o, data_i)

endmodule
