// Width converter from narrow words to wide beats: the output stage's bytes become memory write
// beats with byte strobes. A beat leaves when it is full or when the word marked last arrives (a
// partial beat, strobes covering only its words); words fill a beat LSB first. With InWords = 2 a
// cycle may bring two words (count_i): the drain's two output-stage lanes. A second word that does
// not fit the beat it completes waits in a spill register and starts the next beat, so a beat
// leaving never costs a cycle of input.
`include "ev2_assert.svh"

module ev2_pack #(
  parameter int unsigned InW     = 8,
  parameter int unsigned OutW    = 64,
  parameter int unsigned InWords = 1,             // words offered per cycle: 1 or 2
  localparam int unsigned N    = OutW / InW,      // words per beat
  localparam int unsigned IdxW = $clog2(N + 1),
  localparam int unsigned CntW = $clog2(InWords + 1)
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   valid_i,
  output logic                   ready_o,
  input  logic [InWords*InW-1:0] data_i,    // word 0 in the low bits
  input  logic [CntW-1:0]        count_i,   // words valid this cycle, 1..InWords
  input  logic                   last_i,    // the last valid word ends the stream
  output logic                   valid_o,
  input  logic                   ready_i,
  output logic [OutW-1:0]        data_o,
  output logic [N-1:0]           strb_o,    // one bit per word lane
  output logic                   last_o
);

  logic [OutW-1:0] beat_q, beat_d;
  logic [N-1:0]    strb_q, strb_d;
  logic [IdxW-1:0] fill_q, fill_d;
  logic            full_q, full_d, last_q, last_d;
  logic            spill_q, spill_d, spill_last_q, spill_last_d;
  logic [InW-1:0]  spill_data_q, spill_data_d;

  // The beat being filled is also the one offered: it is offered only once complete. A spilled
  // last word fills the next beat by itself, so nothing is taken in the cycle it moves there.
  assign valid_o = full_q;
  assign data_o  = beat_q;
  assign strb_o  = strb_q;
  assign last_o  = last_q;
  assign ready_o = !full_q || (ready_i && !(spill_q && spill_last_q));

  always_comb begin
    beat_d       = beat_q;
    strb_d       = strb_q;
    fill_d       = fill_q;
    full_d       = full_q;
    last_d       = last_q;
    spill_d      = spill_q;
    spill_last_d = spill_last_q;
    spill_data_d = spill_data_q;
    if (full_q && ready_i) begin
      beat_d = '0;  // unstrobed lanes of a partial beat read as zero, not stale bytes
      strb_d = '0;
      fill_d = '0;
      full_d = 1'b0;
      last_d = 1'b0;
      if (spill_q) begin
        beat_d[0 +: InW] = spill_data_q;
        strb_d[0]        = 1'b1;
        fill_d           = IdxW'(1);
        full_d           = spill_last_q || (N == 1);
        last_d           = spill_last_q;
        spill_d          = 1'b0;
      end
    end
    if (valid_i && ready_o) begin
      for (int unsigned i = 0; i < InWords; i++) begin
        if (32'(i) < 32'(count_i)) begin
          if (fill_d == IdxW'(N)) begin
            spill_d      = 1'b1;
            spill_data_d = data_i[i*InW +: InW];
            spill_last_d = last_i;
          end else begin
            beat_d[fill_d*InW +: InW] = data_i[i*InW +: InW];
            strb_d                    = strb_d | (N'(1) << fill_d);
            fill_d                    = fill_d + IdxW'(1);
          end
        end
      end
      full_d = last_i || (fill_d == IdxW'(N));
      last_d = last_i && !spill_d;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      beat_q       <= '0;
      strb_q       <= '0;
      fill_q       <= '0;
      full_q       <= 1'b0;
      last_q       <= 1'b0;
      spill_q      <= 1'b0;
      spill_last_q <= 1'b0;
      spill_data_q <= '0;
    end else begin
      beat_q       <= beat_d;
      strb_q       <= strb_d;
      fill_q       <= fill_d;
      full_q       <= full_d;
      last_q       <= last_d;
      spill_q      <= spill_d;
      spill_last_q <= spill_last_d;
      spill_data_q <= spill_data_d;
    end
  end

  `EV2_ASSERT_INIT(widths_divide, OutW % InW == 0)
  `EV2_ASSERT_INIT(one_or_two_words, InWords == 1 || (InWords == 2 && N >= 2))
  `EV2_ASSERT_IF(count_in_range, valid_i, (count_i != '0 && 32'(count_i) <= InWords))
  // A spill holds one word, so it only arises while the full beat waits to leave.
  `EV2_ASSERT_IF(spill_only_behind_a_full_beat, spill_q, full_q)
  `EV2_ASSERT_STREAM(in_protocol, valid_i, ready_o, {data_i, count_i, last_i})
  `EV2_ASSERT_STREAM(out_protocol, valid_o, ready_i, {data_o, strb_o, last_o})

endmodule
