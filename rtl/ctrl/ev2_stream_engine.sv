// One stream engine of the command processor: reads `words_i` 24-bit NoC words packed in memory
// from byte address `addr_i` (ceil(24 * words / DataW) beats of the DataW-bit memory port, the
// address aligned to a beat) and sends them, one per cycle, tagged with the target they are for,
// to the array's injection network.
//
// Streams are pipelined: a new one is accepted (ready_o) once the previous one has issued all of
// its memory reads, and its reads go out while the previous stream's words are still being sent.
// Each accepted stream's word count and target wait in a small queue for the unpacker. Without
// this every stream paid the memory latency once more, and a depthwise layer's many short iact
// rows left the memory port idle half of the time.
`include "ev2_assert.svh"

module ev2_stream_engine #(
  parameter int unsigned AddrW   = 32,
  parameter int unsigned CountW  = 24,
  parameter int unsigned TargetW = 16,
  parameter int unsigned DataW   = 64,
  // Beats in flight: enough to keep one word per cycle through a 20-cycle memory latency (a
  // 64-bit beat holds 2.67 words, a 1024-bit one 42.7).
  parameter int unsigned Depth   = (2048 / DataW > 4) ? 2048 / DataW : 4
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               start_i,
  input  logic [AddrW-1:0]   addr_i,
  input  logic [CountW-1:0]  words_i,
  input  logic [TargetW-1:0] target_i,
  output logic               ready_o,   // may start a stream this cycle
  output logic               busy_o,    // a stream's words still to fetch or to send
  // memory channel
  output logic               req_valid_o,
  input  logic               req_ready_i,
  output logic [AddrW-1:0]   req_addr_o,
  input  logic               rsp_valid_i,
  input  logic [DataW-1:0]   rsp_data_i,
  // words out
  output logic               valid_o,
  input  logic               ready_i,
  output logic [23:0]        data_o,
  output logic [TargetW-1:0] target_o,
  output logic               last_o
);

  localparam int unsigned BeatsW = CountW;

  localparam int unsigned DescW  = CountW + TargetW;

  logic              beat_valid, beat_ready, rd_busy, rd_req_done, up_busy, up_start;
  logic [DataW-1:0]  beat;
  logic [BeatsW-1:0] beats;
  logic [TargetW-1:0] target_q;
  logic              desc_ready, desc_valid;
  logic [DescW-1:0]  desc;

  // 24-bit words packed back to back, whole beats.
  assign beats   = BeatsW'((32'(words_i) * 24 + DataW - 1) >> $clog2(DataW));
  assign ready_o = rd_req_done && desc_ready;

  ev2_dma_rd #(.AddrW(AddrW), .BeatsW(BeatsW), .DataW(DataW), .Depth(Depth)) u_rd (
    .clk_i, .rst_ni,
    .start_i,
    .addr_i,
    .beats_i    (beats),
    .busy_o     (rd_busy),
    .req_done_o (rd_req_done),
    .req_valid_o,
    .req_ready_i,
    .req_addr_o,
    .rsp_valid_i,
    .rsp_ready_o(),
    .rsp_data_i,
    .valid_o    (beat_valid),
    .ready_i    (beat_ready),
    .data_o     (beat)
  );

  // Streams whose reads are issued, in order, waiting for the unpacker.
  ev2_fifo #(.Width(DescW), .Depth(2)) u_desc (
    .clk_i, .rst_ni,
    .flush_i(1'b0),
    .valid_i(start_i),
    .ready_o(desc_ready),
    .data_i ({target_i, words_i}),
    .valid_o(desc_valid),
    .ready_i(up_start),
    .data_o (desc),
    .level_o()
  );

  assign up_start = desc_valid && !up_busy;

  ev2_unpack #(.InW(DataW), .OutW(24), .CountW(CountW)) u_unpack (
    .clk_i, .rst_ni,
    .start_i(up_start),
    .count_i(desc[CountW-1:0]),
    .busy_o (up_busy),
    .valid_i(beat_valid),
    .ready_o(beat_ready),
    .data_i (beat),
    .valid_o,
    .ready_i,
    .data_o,
    .avail_o(),
    .take2_i(1'b0),
    .last_o
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)       target_q <= '0;
    else if (up_start) target_q <= desc[CountW +: TargetW];
  end
  assign target_o = target_q;
  assign busy_o   = rd_busy || up_busy || desc_valid;

  `EV2_ASSERT_IF(no_start_unless_ready, start_i, ready_o)

endmodule
