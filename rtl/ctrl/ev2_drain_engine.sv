// One drain engine: psum words from a psum bank -> output stages (ev2_drain) -> bytes packed into
// beats of the DataW-bit memory port -> posted writes from a byte address (aligned to a beat). The
// command processor owns several of these so that drains of different banks overlap: one engine
// turns one psum word (two psums) into two bytes per cycle, and early MobileNet layers produce far
// more outputs than the array needs cycles to compute them.
//
// The parameter table is written through param_* while the engine is idle; the command processor
// writes every engine's copy at once, so any engine can take any drain.
`include "ev2_assert.svh"

module ev2_drain_engine #(
  parameter int unsigned AddrW      = 32,
  parameter int unsigned CountW     = 24,
  parameter int unsigned TableDepth = ev2_if_pkg::ParamTableDepth,
  parameter int unsigned DataW      = 64,
  localparam int unsigned TableW    = $clog2(TableDepth),
  localparam int unsigned PsumW     = ev2_pkg::PsumW,
  localparam int unsigned ParamW    = ev2_if_pkg::ParamW
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // parameter table and layer modes
  input  logic                param_we_i,
  input  logic [TableW-1:0]   param_addr_i,
  input  logic [ParamW-1:0]   param_data_i,
  input  logic                relu_i,
  input  logic                out_signed_i,
  // one drain: `windows_i` positions of `m0_i` channels to byte address addr_i
  input  logic                start_i,
  input  logic [AddrW-1:0]    addr_i,
  input  logic [ev2_if_pkg::DrainWindowsW-1:0] windows_i,
  input  logic [ev2_if_pkg::DrainM0W-1:0]      m0_i,
  input  logic [TableW-1:0]   table_base_i,
  output logic                active_o,     // psum words still to take from the bank
  output logic                idle_o,       // nothing in flight, every write accepted
  // psum words in
  input  logic                valid_i,
  output logic                ready_o,
  input  logic [2*PsumW-1:0]  data_i,
  // saturation events, one per output byte that left the output stage clipped
  output logic [1:0]          sat_low_o,
  output logic [1:0]          sat_high_o,
  // memory write channel
  output logic                req_valid_o,
  input  logic                req_ready_i,
  output logic [AddrW-1:0]    req_addr_o,
  output logic [DataW-1:0]    req_wdata_o,
  output logic [DataW/8-1:0]  req_wstrb_o
);

  logic              drain_busy, drain_taking, wr_busy;
  logic              byte_valid, byte_ready, byte_last;
  logic [1:0]        byte_count, byte_sat_low, byte_sat_high;
  logic [15:0]       byte_data;
  logic              beat_valid, beat_ready;
  logic [DataW-1:0]  beat_data;
  logic [DataW/8-1:0] beat_strb;
  logic [CountW-1:0] beats;

  assign beats = CountW'((32'(windows_i) * 32'(m0_i) + DataW / 8 - 1) >> $clog2(DataW / 8));

  ev2_drain #(.TableDepth(TableDepth), .WindowsW(ev2_if_pkg::DrainWindowsW)) u_drain (
    .clk_i, .rst_ni,
    .param_we_i,
    .param_addr_i,
    .param_data_i,
    .relu_i,
    .out_signed_i,
    .start_i,
    .windows_i,
    .m0_i,
    .table_base_i,
    .busy_o      (drain_busy),
    .taking_o    (drain_taking),
    .valid_i,
    .ready_o,
    .data_i,
    .valid_o     (byte_valid),
    .ready_i     (byte_ready),
    .data_o      (byte_data),
    .count_o     (byte_count),
    .last_o      (byte_last),
    .sat_low_o   (byte_sat_low),
    .sat_high_o  (byte_sat_high)
  );

  ev2_pack #(.InW(8), .OutW(DataW), .InWords(2)) u_pack (
    .clk_i, .rst_ni,
    .valid_i(byte_valid),
    .ready_o(byte_ready),
    .data_i (byte_data),
    .count_i(byte_count),
    .last_i (byte_last),
    .valid_o(beat_valid),
    .ready_i(beat_ready),
    .data_o (beat_data),
    .strb_o (beat_strb),
    .last_o ()
  );

  ev2_dma_wr #(.AddrW(AddrW), .BeatsW(CountW), .DataW(DataW)) u_wr (
    .clk_i, .rst_ni,
    .start_i,
    .addr_i,
    .beats_i    (beats),
    .busy_o     (wr_busy),
    .valid_i    (beat_valid),
    .ready_o    (beat_ready),
    .data_i     (beat_data),
    .strb_i     (beat_strb),
    .req_valid_o,
    .req_ready_i,
    .req_addr_o,
    .req_wdata_o,
    .req_wstrb_o
  );

  // The array selects the engine's bank only while words are still to come: a bank whose next
  // read sequence starts while the engine finishes its last outputs is not offered to it.
  assign active_o   = drain_taking;
  assign idle_o     = !drain_busy && !wr_busy && !beat_valid;
  assign sat_low_o  = {2{byte_valid && byte_ready}} & byte_sat_low;
  assign sat_high_o = {2{byte_valid && byte_ready}} & byte_sat_high;

  `EV2_ASSERT_IF(no_start_unless_idle, start_i, idle_o)

endmodule
