// One GLB bank (docs/architecture.md section 6): a 1R1W SRAM with a nested-loop address generator
// on each side. Words arriving on the input stream are stored at the write generator's addresses in
// order; the read generator's addresses are read out as the output stream. Both sides run at one
// word per cycle and at the same time, so a psum bank can feed stored psums to the PE array and
// take the accumulated ones back in the same pass (read and write use separate ports).
//
// rd_wait_wr_i holds the read side until the write side has finished its sequence: a bank that
// is filled once and then read (several times, by the read loops) needs no further handshake.
`include "ev2_assert.svh"

module ev2_glb_bank #(
  parameter int unsigned Width  = 24,
  parameter int unsigned Depth  = 512,
  parameter int unsigned Loops  = 4,
  parameter int unsigned CountW = 10,
  localparam int unsigned AddrW = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // Write side: configuration (sampled on wr_start_i) and data in.
  input  logic                    wr_start_i,
  input  logic [AddrW-1:0]        wr_base_i,
  input  logic [Loops*CountW-1:0] wr_count_i,
  input  logic [Loops*AddrW-1:0]  wr_stride_i,
  input  logic                    in_valid_i,
  output logic                    in_ready_o,
  input  logic [Width-1:0]        in_data_i,
  output logic                    wr_busy_o,
  // Read side: configuration (sampled on rd_start_i) and data out.
  input  logic                    rd_start_i,
  input  logic                    rd_wait_wr_i,
  input  logic [AddrW-1:0]        rd_base_i,
  input  logic [Loops*CountW-1:0] rd_count_i,
  input  logic [Loops*AddrW-1:0]  rd_stride_i,
  output logic                    out_valid_o,
  input  logic                    out_ready_i,
  output logic [Width-1:0]        out_data_o,
  output logic                    out_last_o,  // with the final word of the read sequence
  output logic                    rd_busy_o    // read sequence or its words still in the bank
);

  localparam int unsigned OutDepth = 3;  // covers the SRAM read latency at full rate

  // Write side.
  logic             wagu_valid, wagu_busy;
  logic [AddrW-1:0] waddr;
  logic             we;

  ev2_agu #(.Loops(Loops), .AddrW(AddrW), .CountW(CountW)) u_wr_agu (
    .clk_i, .rst_ni,
    .start_i (wr_start_i),
    .base_i  (wr_base_i),
    .count_i (wr_count_i),
    .stride_i(wr_stride_i),
    .valid_o (wagu_valid),
    .ready_i (in_valid_i),
    .addr_o  (waddr),
    .last_o  (),
    .busy_o  (wagu_busy)
  );

  assign in_ready_o = wagu_valid;
  assign we         = in_valid_i && wagu_valid;
  assign wr_busy_o  = wagu_busy;

  // Read side: issue a read when the output buffer will have room for its word.
  logic             ragu_valid, ragu_ready, ragu_last, ragu_busy;
  logic [AddrW-1:0] raddr;
  logic             re;
  logic             inflight_q, inflight_last_q;
  logic [Width-1:0] rdata;
  logic [1:0]       out_level;
  logic             wait_wr_q;

  ev2_agu #(.Loops(Loops), .AddrW(AddrW), .CountW(CountW)) u_rd_agu (
    .clk_i, .rst_ni,
    .start_i (rd_start_i),
    .base_i  (rd_base_i),
    .count_i (rd_count_i),
    .stride_i(rd_stride_i),
    .valid_o (ragu_valid),
    .ready_i (ragu_ready),
    .addr_o  (raddr),
    .last_o  (ragu_last),
    .busy_o  (ragu_busy)
  );

  // The read side may only start once the write sequence it waits for has ended.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)         wait_wr_q <= 1'b0;
    else if (rd_start_i) wait_wr_q <= rd_wait_wr_i;
    else if (!wagu_busy) wait_wr_q <= 1'b0;
  end

  assign ragu_ready = !wait_wr_q && !wr_start_i &&
                      ({1'b0, out_level} + {2'b0, inflight_q} < 3'(OutDepth));
  assign re         = ragu_valid && ragu_ready;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      inflight_q      <= 1'b0;
      inflight_last_q <= 1'b0;
    end else begin
      inflight_q      <= re;
      inflight_last_q <= re && ragu_last;
    end
  end

  ev2_sram_1r1w #(.Width(Width), .Depth(Depth)) u_sram (
    .clk_i, .rst_ni,
    .we_i   (we),
    .waddr_i(waddr),
    .wdata_i(in_data_i),
    .re_i   (re),
    .raddr_i(raddr),
    .rdata_o(rdata)
  );

  logic fifo_ready;
  ev2_fifo #(.Width(Width + 1), .Depth(OutDepth)) u_out_fifo (
    .clk_i, .rst_ni,
    .flush_i(1'b0),
    .valid_i(inflight_q),
    .ready_o(fifo_ready),
    .data_i ({inflight_last_q, rdata}),
    .valid_o(out_valid_o),
    .ready_i(out_ready_i),
    .data_o ({out_last_o, out_data_o}),
    .level_o(out_level)
  );

  assign rd_busy_o = ragu_busy || inflight_q || out_valid_o;

  `EV2_ASSERT_IF(read_word_has_room, inflight_q, fifo_ready)
  `EV2_ASSERT_IF(no_write_without_sequence, in_valid_i && !wagu_busy, !we)

endmodule
