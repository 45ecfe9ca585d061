// One GLB bank (docs/architecture.md section 6): a 1R1W SRAM with a nested-loop address generator
// on each side. Words arriving on the input stream are stored at the write generator's addresses in
// order; the read generator's addresses are read out as the output stream. Both sides run at one
// word per cycle and at the same time, so a psum bank can feed stored psums to the PE array and
// take the accumulated ones back in the same pass (read and write use separate ports).
//
// rd_wait_wr_i holds the read side until the write side has finished its sequence: a bank that
// is filled once and then read (several times, by the read loops) needs no further handshake.
//
// Length words (wr_len_i / rd_len_i with the start; docs/glb.md, "Length words"): the sequence's
// length is a word in the bank instead of the configuration. The write side stores the stream's
// first word L at base and then L words at base + 1, ...; the read side reads L from base and then
// sends the L words after it (L itself is not sent). The same configuration then fits rows of any
// length, so the cluster groups' banks, whose sparse rows differ in length, take one broadcast.
`include "ev2_assert.svh"

module ev2_glb_bank #(
  parameter int unsigned Width  = 24,
  parameter int unsigned Depth  = 512,
  parameter int unsigned Loops  = 4,
  parameter int unsigned CountW = 10,
  parameter bit          LenWords = 1'b1,  // length words (wr_len_i / rd_len_i) built; psum banks: 0
  localparam int unsigned AddrW = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // Write side: configuration (sampled on wr_start_i) and data in.
  input  logic                    wr_start_i,
  input  logic                    wr_len_i,       // the stream's first word is the length
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
  input  logic                    rd_len_i,       // the word at base is the length
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

  // A length-word sequence is two AGU sequences: the length word alone (all counts 0, i.e. 1),
  // then L words from base + 1 at stride 1 (loop 0), started the cycle after L is known.
  localparam logic [Loops*AddrW-1:0] UnitStride = (Loops * AddrW)'(1);

  // Without LenWords the inputs are ignored and the length-word logic is constant away.
  logic wr_len, rd_len;
  assign wr_len = LenWords && wr_len_i;
  assign rd_len = LenWords && rd_len_i;

  // Write side.
  logic              wagu_valid, wagu_busy, wagu_start;
  logic [AddrW-1:0]  waddr, wagu_base;
  logic [Loops*CountW-1:0] wagu_count;
  logic [Loops*AddrW-1:0]  wagu_stride;
  logic              we, wr_busy;
  logic              wr_len_q, wr_restart_q;   // taking the length word; starting its words
  logic [CountW-1:0] wr_len_count_q;
  logic [AddrW-1:0]  wr_len_base_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_len_q     <= 1'b0;
      wr_restart_q <= 1'b0;
    end else begin
      wr_restart_q <= 1'b0;
      if (wr_start_i) begin
        wr_len_q <= wr_len;
      end else if (we && wr_len_q) begin
        wr_len_q     <= 1'b0;
        wr_restart_q <= 1'b1;
      end
    end
  end
  always_ff @(posedge clk_i) begin
    if (we && wr_len_q) begin
      wr_len_count_q <= in_data_i[CountW-1:0];
      wr_len_base_q  <= waddr + AddrW'(1);
    end
  end

  assign wagu_start  = wr_start_i || wr_restart_q;
  assign wagu_base   = wr_restart_q ? wr_len_base_q : wr_base_i;
  assign wagu_count  = wr_restart_q ? (Loops * CountW)'(wr_len_count_q) : (wr_len ? '0 : wr_count_i);
  assign wagu_stride = wr_restart_q ? UnitStride : wr_stride_i;

  ev2_agu #(.Loops(Loops), .AddrW(AddrW), .CountW(CountW)) u_wr_agu (
    .clk_i, .rst_ni,
    .start_i (wagu_start),
    .base_i  (wagu_base),
    .count_i (wagu_count),
    .stride_i(wagu_stride),
    .valid_o (wagu_valid),
    .ready_i (in_valid_i),
    .addr_o  (waddr),
    .last_o  (),
    .busy_o  (wagu_busy)
  );

  assign in_ready_o = wagu_valid;
  assign we         = in_valid_i && wagu_valid;
  assign wr_busy    = wagu_busy || wr_len_q || wr_restart_q;
  assign wr_busy_o  = wr_busy;

  // Read side: issue a read when the output buffer will have room for its word.
  logic             ragu_valid, ragu_ready, ragu_last, ragu_busy, ragu_start;
  logic [AddrW-1:0] raddr, ragu_base;
  logic [Loops*CountW-1:0] ragu_count;
  logic [Loops*AddrW-1:0]  ragu_stride;
  logic             re;
  logic             inflight_q, inflight_last_q;
  logic [Width-1:0] rdata;
  logic [1:0]       out_level;
  logic             wait_wr_q;
  logic             rd_len_q, inflight_len_q, rd_restart_q;  // reading the length word; its words
  logic [AddrW-1:0] rd_len_base_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_len_q       <= 1'b0;
      inflight_len_q <= 1'b0;
      rd_restart_q   <= 1'b0;
    end else begin
      inflight_len_q <= re && rd_len_q;
      rd_restart_q   <= inflight_len_q;
      if (rd_start_i)          rd_len_q <= rd_len;
      else if (re && rd_len_q) rd_len_q <= 1'b0;
    end
  end
  always_ff @(posedge clk_i) begin
    if (re && rd_len_q) rd_len_base_q <= raddr + AddrW'(1);
  end

  // The length word's read data arrive the cycle after its read (inflight_len_q) and start the
  // words the cycle after that; the count register is the SRAM's output, held until the next read.
  logic [CountW-1:0] rd_len_count_q;
  always_ff @(posedge clk_i) begin
    if (inflight_len_q) rd_len_count_q <= rdata[CountW-1:0];
  end

  assign ragu_start  = rd_start_i || rd_restart_q;
  assign ragu_base   = rd_restart_q ? rd_len_base_q : rd_base_i;
  assign ragu_count  = rd_restart_q ? (Loops * CountW)'(rd_len_count_q) : (rd_len ? '0 : rd_count_i);
  assign ragu_stride = rd_restart_q ? UnitStride : rd_stride_i;

  ev2_agu #(.Loops(Loops), .AddrW(AddrW), .CountW(CountW)) u_rd_agu (
    .clk_i, .rst_ni,
    .start_i (ragu_start),
    .base_i  (ragu_base),
    .count_i (ragu_count),
    .stride_i(ragu_stride),
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
    else if (!wr_busy)   wait_wr_q <= 1'b0;
  end

  assign ragu_ready = !wait_wr_q && !wr_start_i &&
                      ({1'b0, out_level} + {2'b0, inflight_q} < 3'(OutDepth));
  assign re         = ragu_valid && ragu_ready;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      inflight_q      <= 1'b0;
      inflight_last_q <= 1'b0;
    end else begin
      inflight_q      <= re && !rd_len_q;   // the length word is not sent
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

  assign rd_busy_o = ragu_busy || inflight_q || out_valid_o || rd_len_q || inflight_len_q || rd_restart_q;

  `EV2_ASSERT_IF(read_word_has_room, inflight_q, fifo_ready)
  `EV2_ASSERT_IF(no_write_without_sequence, in_valid_i && !wagu_busy, !we)
  // A length word counts the words after it in the bank: 1 .. Depth - 1.
  `EV2_ASSERT_IF(write_length_in_range, we && wr_len_q,
                 (in_data_i[CountW-1:0] != '0 && 32'(in_data_i[CountW-1:0]) < Depth && (in_data_i >> CountW) == '0))
  `EV2_ASSERT_IF(read_length_in_range, inflight_len_q, (rdata[CountW-1:0] != '0 && 32'(rdata[CountW-1:0]) < Depth))

endmodule
