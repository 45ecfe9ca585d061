// Test bench top (not part of the accelerator): a copy engine built from the memory-path blocks.
// Channel 0 reads [src, src + 8*beats) into channel 1, which writes it to [dst, ...); channel 2
// independently reads [src2, ...) into an output stream the C++ test stalls at random, to show a
// slow consumer does not block the other channels.
module dma_copy_tb (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        start_i,
  input  logic [31:0] src_i,
  input  logic [31:0] dst_i,
  input  logic [31:0] src2_i,
  input  logic [19:0] beats_i,
  input  logic [19:0] beats2_i,
  output logic        busy_o,
  // channel 2's data
  output logic        out_valid_o,
  input  logic        out_ready_i,
  output logic [63:0] out_data_o,
  // memory port
  output logic        mem_req_valid_o,
  input  logic        mem_req_ready_i,
  output logic        mem_req_write_o,
  output logic [31:0] mem_req_addr_o,
  output logic [63:0] mem_req_wdata_o,
  output logic [7:0]  mem_req_wstrb_o,
  input  logic        mem_rsp_valid_i,
  output logic        mem_rsp_ready_o,
  input  logic [63:0] mem_rsp_data_i
);

  logic [2:0]    req_valid, req_ready, req_write;
  logic [3*32-1:0] req_addr;
  logic [3*64-1:0] req_wdata;
  logic [3*8-1:0]  req_wstrb;
  logic [2:0]    rsp_valid;
  logic [63:0]   rsp_data;
  logic          copy_valid, copy_ready, busy_rd, busy_wr, busy_rd2;
  logic [63:0]   copy_data;

  ev2_dma_rd u_rd (
    .clk_i, .rst_ni, .start_i, .addr_i(src_i), .beats_i, .busy_o(busy_rd), .req_done_o(),
    .req_valid_o(req_valid[0]), .req_ready_i(req_ready[0]), .req_addr_o(req_addr[0 +: 32]),
    .rsp_valid_i(rsp_valid[0]), .rsp_ready_o(), .rsp_data_i(rsp_data),
    .valid_o(copy_valid), .ready_i(copy_ready), .data_o(copy_data)
  );
  assign req_write[0] = 1'b0;
  assign req_wdata[0 +: 64] = '0;
  assign req_wstrb[0 +: 8] = '0;

  ev2_dma_wr u_wr (
    .clk_i, .rst_ni, .start_i, .addr_i(dst_i), .beats_i, .busy_o(busy_wr),
    .valid_i(copy_valid), .ready_o(copy_ready), .data_i(copy_data), .strb_i(8'hff),
    .req_valid_o(req_valid[1]), .req_ready_i(req_ready[1]), .req_addr_o(req_addr[32 +: 32]),
    .req_wdata_o(req_wdata[64 +: 64]), .req_wstrb_o(req_wstrb[8 +: 8])
  );
  assign req_write[1] = 1'b1;

  ev2_dma_rd u_rd2 (
    .clk_i, .rst_ni, .start_i, .addr_i(src2_i), .beats_i(beats2_i), .busy_o(busy_rd2), .req_done_o(),
    .req_valid_o(req_valid[2]), .req_ready_i(req_ready[2]), .req_addr_o(req_addr[64 +: 32]),
    .rsp_valid_i(rsp_valid[2]), .rsp_ready_o(), .rsp_data_i(rsp_data),
    .valid_o(out_valid_o), .ready_i(out_ready_i), .data_o(out_data_o)
  );
  assign req_write[2] = 1'b0;
  assign req_wdata[128 +: 64] = '0;
  assign req_wstrb[16 +: 8] = '0;

  ev2_mem_arb #(.N(3)) u_arb (
    .clk_i, .rst_ni,
    .ch_req_valid_i(req_valid), .ch_req_ready_o(req_ready), .ch_req_write_i(req_write),
    .ch_req_addr_i(req_addr), .ch_req_wdata_i(req_wdata), .ch_req_wstrb_i(req_wstrb),
    .ch_rsp_valid_o(rsp_valid), .ch_rsp_data_o(rsp_data),
    .mem_req_valid_o, .mem_req_ready_i, .mem_req_write_o, .mem_req_addr_o, .mem_req_wdata_o,
    .mem_req_wstrb_o, .mem_rsp_valid_i, .mem_rsp_ready_o, .mem_rsp_data_i
  );

  assign busy_o = busy_rd || busy_wr || busy_rd2;

  // Writes are posted: the write channel must never be handed a read response.
  always_ff @(posedge clk_i) begin
    if (rst_ni && rsp_valid[1]) $error("read response routed to the write channel");
  end

endmodule
