// Width converter from wide beats to narrow words: the memory port's 64-bit beats become the
// NoC's 24-bit words (8 words in every 3 beats, no padding in memory). Words are taken LSB first;
// a sequence of `count_i` words starts with start_i, and the bits left over in the last beat are
// dropped so the next sequence starts on a fresh beat. With Peek > 1 the next Peek words are shown
// at once (word 0 in the low bits) and ready_i with take2_i takes two of them in one cycle (the
// command processor reads a header and its argument together).
`include "ev2_assert.svh"

module ev2_unpack #(
  parameter int unsigned InW    = 64,
  parameter int unsigned OutW   = 24,
  parameter int unsigned CountW = 16,
  parameter int unsigned Peek   = 1,   // words shown at once (1 or 2)
  localparam int unsigned BufW  = InW + Peek * OutW,
  localparam int unsigned LvlW  = $clog2(BufW + 1),
  localparam int unsigned AvW   = $clog2(Peek + 1)
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              start_i,   // begin a sequence of count_i words
  input  logic [CountW-1:0] count_i,
  output logic              busy_o,
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [InW-1:0]    data_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [Peek*OutW-1:0] data_o,
  output logic [AvW-1:0]    avail_o,   // words of the sequence shown in data_o (valid_o: >= 1)
  input  logic              take2_i,   // with ready_i: take two words (avail_o >= 2, Peek >= 2)
  output logic              last_o     // word 0 is the final word of the sequence
);

  logic [BufW-1:0]   buf_q, buf_d;
  logic [LvlW-1:0]   bits_q, bits_d;    // valid bits in buf_q, from bit 0
  logic [CountW-1:0] left_q, left_d;    // words still to emit
  logic              pop, pop2, push;
  logic [LvlW-1:0]   pop_bits;
  logic [LvlW-1:0]   bits_after_pop;
  logic [CountW-1:0] words_after;
  logic [CountW+4:0] need_bits;

  assign valid_o = (left_q != '0) && (bits_q >= LvlW'(OutW));
  assign data_o  = buf_q[Peek*OutW-1:0];
  assign last_o  = valid_o && (left_q == CountW'(1));
  always_comb begin
    avail_o = '0;
    for (int unsigned k = 1; k <= Peek; k++)
      if (32'(bits_q) >= k * OutW && 32'(left_q) >= k) avail_o = AvW'(k);
  end
  assign pop     = valid_o && ready_i;
  assign pop2    = pop && (Peek > 1) && take2_i;
  assign pop_bits       = pop2 ? LvlW'(2 * OutW) : pop ? LvlW'(OutW) : '0;
  assign bits_after_pop = bits_q - pop_bits;
  assign words_after    = left_q - (pop2 ? CountW'(2) : pop ? CountW'(1) : '0);
  assign need_bits      = (CountW + 5)'(words_after) * (CountW + 5)'(OutW);
  // Take a beat only while its bits are still needed for this sequence's words (the memory side
  // fetches exactly ceil(count * OutW / InW) beats). ready_o follows ready_i combinationally
  // through `pop`, which keeps full rate without a larger buffer.
  assign ready_o = (32'(bits_after_pop) + InW <= BufW) &&
                   ((CountW + 5)'(bits_after_pop) < need_bits);
  assign push    = valid_i && ready_o;
  assign busy_o  = (left_q != '0);

  always_comb begin
    buf_d  = buf_q;
    bits_d = bits_q;
    left_d = left_q;
    if (pop2) buf_d = buf_q >> (2 * OutW);
    else if (pop) buf_d = buf_q >> OutW;
    bits_d = bits_after_pop;
    left_d = words_after;
    if (push) begin
      buf_d  = buf_d | (BufW'(data_i) << bits_d);
      bits_d = bits_d + LvlW'(InW);
    end
    if (start_i) begin
      buf_d  = '0;
      bits_d = '0;
      left_d = count_i;
    end else if (left_d == '0) begin
      // Sequence over: drop the unused tail of the last beat.
      buf_d  = '0;
      bits_d = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      buf_q  <= '0;
      bits_q <= '0;
      left_q <= '0;
    end else begin
      buf_q  <= buf_d;
      bits_q <= bits_d;
      left_q <= left_d;
    end
  end

  `EV2_ASSERT_IF(no_start_while_busy, start_i, !busy_o)
  `EV2_ASSERT_STREAM(in_protocol, valid_i, ready_o, data_i)
  // Word 0 holds while it waits; the words behind it may still arrive.
  `EV2_ASSERT_STREAM(out_protocol, valid_o, ready_i, data_o[OutW-1:0])
  `EV2_ASSERT_IF(take2_needs_two_words, pop && take2_i, Peek > 1 && avail_o >= AvW'(2))

endmodule
