// Width converter from narrow words to wide beats: the output stage's bytes become 64-bit memory
// write beats with byte strobes. A beat leaves when it is full or when the word marked last
// arrives (a partial beat, strobes covering only its words); words fill a beat LSB first.
`include "ev2_assert.svh"

module ev2_pack #(
  parameter int unsigned InW  = 8,
  parameter int unsigned OutW = 64,
  localparam int unsigned N    = OutW / InW,   // words per beat
  localparam int unsigned IdxW = $clog2(N + 1)
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            valid_i,
  output logic            ready_o,
  input  logic [InW-1:0]  data_i,
  input  logic            last_i,
  output logic            valid_o,
  input  logic            ready_i,
  output logic [OutW-1:0] data_o,
  output logic [N-1:0]    strb_o,   // one bit per word lane
  output logic            last_o
);

  logic [OutW-1:0] beat_q;
  logic [N-1:0]    strb_q;
  logic [IdxW-1:0] fill_q;
  logic            full_q, last_q;

  // The beat being filled is also the one offered: it is offered only once complete.
  assign valid_o = full_q;
  assign data_o  = beat_q;
  assign strb_o  = strb_q;
  assign last_o  = last_q;
  assign ready_o = !full_q || ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      beat_q <= '0;
      strb_q <= '0;
      fill_q <= '0;
      full_q <= 1'b0;
      last_q <= 1'b0;
    end else begin
      if (full_q && ready_i) begin
        beat_q <= '0;  // unstrobed lanes of a partial beat read as zero, not stale bytes
        full_q <= 1'b0;
        strb_q <= '0;
        fill_q <= '0;
        last_q <= 1'b0;
      end
      if (valid_i && ready_o) begin
        // A word arriving as the full beat leaves starts the next beat at lane 0.
        if (full_q) begin
          beat_q         <= OutW'(data_i);
          strb_q         <= N'(1);
          fill_q         <= IdxW'(1);
          full_q         <= last_i || (N == 1);
          last_q         <= last_i;
        end else begin
          beat_q[fill_q[IdxW-1:0]*InW +: InW] <= data_i;
          strb_q          <= strb_q | (N'(1) << fill_q);
          fill_q          <= fill_q + IdxW'(1);
          full_q          <= last_i || (fill_q == IdxW'(N - 1));
          last_q          <= last_i;
        end
      end
    end
  end

  `EV2_ASSERT_INIT(widths_divide, OutW % InW == 0)
  `EV2_ASSERT_STREAM(in_protocol, valid_i, ready_o, {data_i, last_i})
  `EV2_ASSERT_STREAM(out_protocol, valid_o, ready_i, {data_o, strb_o, last_o})

endmodule
