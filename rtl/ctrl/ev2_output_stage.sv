// Output stage: a finished 20-bit psum becomes an 8-bit output activation on its way off chip.
// Bit-exact with sim/model/output_stage.hpp (docs/arithmetic.md):
//   s = p + b (21 b), prod = s * m (37 b, m unsigned), r = k ? (prod + 2^(k-1)) >>> k : prod,
//   r = relu ? max(r, 0) : r, out = saturate(r) to int8 or uint8.
// Three register stages (add, multiply, round/clip) so the 21 x 16 multiplier has a cycle to
// itself at 200 MHz. Each stage holds its word while the next is stalled; bubbles collapse.
`include "ev2_assert.svh"

module ev2_output_stage #(
  parameter int unsigned PsumW  = ev2_pkg::PsumW,
  parameter int unsigned MultW  = 16,
  parameter int unsigned ShiftW = 5,
  parameter int unsigned TagW   = 1,   // carried alongside (e.g. channel or address), unchanged
  localparam int unsigned SumW  = PsumW + 1,
  localparam int unsigned ProdW = SumW + MultW
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  // Static for a layer.
  input  logic              relu_i,
  input  logic              out_signed_i,
  // One psum with its channel's parameters.
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [PsumW-1:0]  psum_i,
  input  logic [PsumW-1:0]  bias_i,
  input  logic [MultW-1:0]  mult_i,
  input  logic [ShiftW-1:0] shift_i,
  input  logic [TagW-1:0]   tag_i,
  // One output activation (raw byte, signed or unsigned per out_signed_i).
  output logic              valid_o,
  input  logic              ready_i,
  output logic [7:0]        oact_o,
  output logic [TagW-1:0]   tag_o,
  output logic              sat_low_o,   // clipped at the bottom of the range (not by ReLU)
  output logic              sat_high_o   // clipped at the top of the range
);

  // Stage enables: a stage loads when it is empty or its word moves on this cycle.
  logic v1_q, v2_q, v3_q;
  logic en1, en2, en3;
  assign en3     = !v3_q || ready_i;
  assign en2     = !v2_q || en3;
  assign en1     = !v1_q || en2;
  assign ready_o = en1;

  // Stage 1: s = p + b, exact.
  logic signed [SumW-1:0]  sum_q;
  logic [MultW-1:0]        mult1_q;
  logic [ShiftW-1:0]       shift1_q;
  logic [TagW-1:0]         tag1_q;
  // Stage 2: prod = s * m, exact (m is unsigned: zero-extend before the signed multiply).
  logic signed [ProdW-1:0] prod_q;
  logic [ShiftW-1:0]       shift2_q;
  logic [TagW-1:0]         tag2_q;
  // Stage 3: rounded, rectified, saturated.
  logic [7:0]              oact_q;
  logic [TagW-1:0]         tag3_q;
  logic                    sat_low_q, sat_high_q;

  logic signed [SumW-1:0]  sum_d;
  logic signed [ProdW-1:0] prod_d;
  assign sum_d  = $signed({psum_i[PsumW-1], psum_i}) + $signed({bias_i[PsumW-1], bias_i});
  assign prod_d = ProdW'(sum_q) * $signed({{(ProdW - MultW){1'b0}}, mult1_q});

  // Round half up: add 2^(k-1), then shift right arithmetically. One extra bit of headroom keeps
  // the addition exact for every prod.
  logic signed [ProdW:0] rounded;
  logic        [ProdW:0] half;
  logic signed [ProdW:0] clipped;
  logic [7:0]            oact_d;
  logic                  sat_low_d, sat_high_d;
  always_comb begin
    // 2^(k-1), and 0 for k = 0.
    half = ((ProdW + 1)'(1) << shift2_q) >> 1;
    rounded = ($signed({prod_q[ProdW-1], prod_q}) + $signed(half)) >>> shift2_q;
    clipped = (relu_i && rounded < 0) ? '0 : rounded;
    sat_low_d  = 1'b0;
    sat_high_d = 1'b0;
    if (out_signed_i) begin
      if (clipped > (ProdW + 1)'(127)) begin
        oact_d = 8'h7f;
        sat_high_d = 1'b1;
      end else if (clipped < -(ProdW + 1)'(128)) begin
        oact_d = 8'h80;
        sat_low_d = 1'b1;
      end else begin
        oact_d = clipped[7:0];
      end
    end else begin
      if (clipped > (ProdW + 1)'(255)) begin
        oact_d = 8'hff;
        sat_high_d = 1'b1;
      end else if (clipped < 0) begin
        oact_d = 8'h00;
        sat_low_d = 1'b1;
      end else begin
        oact_d = clipped[7:0];
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v1_q <= 1'b0;
      v2_q <= 1'b0;
      v3_q <= 1'b0;
    end else begin
      if (en1) v1_q <= valid_i;
      if (en2) v2_q <= v1_q;
      if (en3) v3_q <= v2_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (en1 && valid_i) begin
      sum_q    <= sum_d;
      mult1_q  <= mult_i;
      shift1_q <= shift_i;
      tag1_q   <= tag_i;
    end
    if (en2 && v1_q) begin
      prod_q   <= prod_d;
      shift2_q <= shift1_q;
      tag2_q   <= tag1_q;
    end
    if (en3 && v2_q) begin
      oact_q     <= oact_d;
      sat_low_q  <= sat_low_d;
      sat_high_q <= sat_high_d;
      tag3_q     <= tag2_q;
    end
  end

  assign valid_o    = v3_q;
  assign oact_o     = oact_q;
  assign tag_o      = tag3_q;
  assign sat_low_o  = sat_low_q;
  assign sat_high_o = sat_high_q;

  `EV2_ASSERT_STREAM(in_protocol, valid_i, ready_o, {psum_i, bias_i, mult_i, shift_i, tag_i})

endmodule
