// Delivers one input stream to a selected subset of N outputs, each selected output exactly once
// per word. Outputs that are ready take the word at once; the input is released only when every
// selected output has taken it, so a stalled destination stalls the source and nothing is
// dropped or duplicated. This is the building block of multicast and broadcast in the NoC.
`include "ev2_assert.svh"

module ev2_stream_fork #(
  parameter int unsigned N     = 2,
  parameter int unsigned Width = 8
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic [N-1:0]     sel_i,     // destinations of the current word; must be stable per word
  input  logic             valid_i,
  output logic             ready_o,
  input  logic [Width-1:0] data_i,
  output logic [N-1:0]     valid_o,
  input  logic [N-1:0]     ready_i,
  output logic [Width-1:0] data_o
);

  logic [N-1:0] done_q, done_d;  // outputs that already took the current word

  assign data_o  = data_i;
  assign valid_o = {N{valid_i}} & sel_i & ~done_q;
  // A word with no destination is consumed silently: nothing would ever take it otherwise.
  assign ready_o = &(~sel_i | done_q | ready_i);

  always_comb begin
    done_d = done_q | (valid_o & ready_i);
    if (valid_i && ready_o) done_d = '0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) done_q <= '0;
    else         done_q <= done_d;
  end

  `EV2_ASSERT_STREAM(in_protocol, valid_i, ready_o, data_i)
  `EV2_ASSERT_STABLE(sel_stable, valid_i && !ready_o, sel_i)
  `EV2_ASSERT(done_only_selected, (done_q & ~sel_i) == '0)

endmodule
