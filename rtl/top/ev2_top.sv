// Eyeriss v2 accelerator top level: register interface (host), command processor, array of
// cluster groups, and the 64-bit memory port. Flat ports only (Verilator cannot take interface
// ports on the top module).
//
// Registers (32-bit, byte addresses; reads answer the next cycle):
//   0x00 CTRL        write 1: start the command list (ignored while busy)
//   0x04 STATUS      [0] busy, [1] done, [2] error, [15:8] opcode that caused the error
//   0x08 CMD_ADDR    byte address of the command list (8-byte aligned)
//   0x0C CMD_WORDS   length of the command list in 64-bit words
//   0x10 CYCLES_LO   cycles since the last start while busy (64-bit counter, low half)
//   0x14 CYCLES_HI
//   0x18 COMMANDS    commands executed
//   0x1C SAT_LOW     outputs clipped low by the output stage
//   0x20 SAT_HIGH    outputs clipped high
//   0x24 CONFIG      [7:0] cluster-group rows, [15:8] columns, [19:16] PE rows, [23:20] PE columns
//   0x28 MACS_LO     MACs the PEs accumulated since the last start (64-bit, low half): the
//   0x2C MACS_HI       nonzero (iact, weight) products, so utilization = MACS / (2 x PEs x CYCLES)
//   0x30 STALL_FETCH  cycles the command processor waited for command words from memory
//   0x34 STALL_CONFIG cycles a CONFIG word waited for the array to take it
//   0x38 STALL_ENGINE cycles a STREAM or DRAIN waited for a free engine
//   0x3C STALL_WAIT   cycles spent at WAIT barriers
//   0x40 STALL_MEM    cycles a memory request waited for the port (memory backpressure)
// Every counter restarts at start; the 32-bit ones wrap.
`include "ev2_assert.svh"

module ev2_top #(
  parameter int unsigned Rows     = ev2_config_pkg::ClusterGroupRows,
  parameter int unsigned Cols     = ev2_config_pkg::ClusterGroupCols,
  parameter bit          Counters = 1'b0,
  // Drains of different psum banks in flight at once (one output byte per cycle each).
  parameter int unsigned DrainEngines = ev2_config_pkg::DrainEngines
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // register interface
  input  logic        reg_valid_i,
  output logic        reg_ready_o,
  input  logic        reg_write_i,
  input  logic [7:0]  reg_addr_i,
  input  logic [31:0] reg_wdata_i,
  output logic        reg_rvalid_o,
  output logic [31:0] reg_rdata_o,
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

  localparam int unsigned TargetW = 16;
  localparam int unsigned DW      = ev2_pkg::NocDataW;
  localparam int unsigned PW      = ev2_pkg::NocPsumW;

  // ---- registers ---------------------------------------------------------------------------------
  logic [31:0] cmd_addr_q, cmd_words_q, rdata_q;
  logic [63:0] cycles_q;
  logic        rvalid_q, start;
  logic        busy, done, error;
  logic [7:0]  error_op;
  logic [31:0] commands, sat_low, sat_high;
  localparam int unsigned MacBits = 2 * Rows * Cols * ev2_config_pkg::PeRows * ev2_config_pkg::PeCols;
  logic [MacBits-1:0] array_macs;
  logic [3:0]  cp_stall;
  logic [63:0] macs_q;
  logic [5*32-1:0] stall_q;   // fetch, config, engine, wait, memory at [32i +: 32]

  assign reg_ready_o  = 1'b1;
  assign start        = reg_valid_i && reg_write_i && (reg_addr_i == 8'h00) && reg_wdata_i[0] && !busy;
  assign reg_rvalid_o = rvalid_q;
  assign reg_rdata_o  = rdata_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cmd_addr_q  <= '0;
      cmd_words_q <= '0;
      cycles_q    <= '0;
      macs_q      <= '0;
      stall_q     <= '0;
      rvalid_q    <= 1'b0;
      rdata_q     <= '0;
    end else begin
      rvalid_q <= reg_valid_i && !reg_write_i;
      if (reg_valid_i && reg_write_i) begin
        if (reg_addr_i == 8'h08) cmd_addr_q  <= reg_wdata_i;
        if (reg_addr_i == 8'h0C) cmd_words_q <= reg_wdata_i;
      end
      if (start)     cycles_q <= '0;
      else if (busy) cycles_q <= cycles_q + 64'd1;
      if (start) begin
        macs_q <= '0;
        stall_q <= '0;
      end else begin
        macs_q <= macs_q + 64'($countones(array_macs));
        for (int unsigned i = 0; i < 4; i++) stall_q[32*i +: 32] <= stall_q[32*i +: 32] + 32'(cp_stall[i]);
        stall_q[128 +: 32] <= stall_q[128 +: 32] + 32'(mem_req_valid_o && !mem_req_ready_i);
      end
      if (reg_valid_i && !reg_write_i) begin
        unique case (reg_addr_i)
          8'h04:   rdata_q <= {16'd0, error_op, 5'd0, error, done, busy};
          8'h08:   rdata_q <= cmd_addr_q;
          8'h0C:   rdata_q <= cmd_words_q;
          8'h10:   rdata_q <= cycles_q[31:0];
          8'h14:   rdata_q <= cycles_q[63:32];
          8'h18:   rdata_q <= commands;
          8'h1C:   rdata_q <= sat_low;
          8'h20:   rdata_q <= sat_high;
          8'h24:   rdata_q <= {8'd0, 4'(ev2_config_pkg::PeCols), 4'(ev2_config_pkg::PeRows), 8'(Cols), 8'(Rows)};
          8'h28:   rdata_q <= macs_q[31:0];
          8'h2C:   rdata_q <= macs_q[63:32];
          8'h30:   rdata_q <= stall_q[0 +: 32];
          8'h34:   rdata_q <= stall_q[32 +: 32];
          8'h38:   rdata_q <= stall_q[64 +: 32];
          8'h3C:   rdata_q <= stall_q[96 +: 32];
          8'h40:   rdata_q <= stall_q[128 +: 32];
          default: rdata_q <= 32'hbad0_0000 | {24'd0, reg_addr_i};
        endcase
      end
    end
  end

  // ---- command processor and array ---------------------------------------------------------------
  localparam int unsigned D = DrainEngines;
  logic               cfg_valid, cfg_ready, cfg_last, array_idle;
  logic [D-1:0]       drain_active, drain_valid, drain_ready;
  logic [TargetW-1:0] cfg_target;
  logic [D*TargetW-1:0] drain_source;
  logic [63:0]        cfg_data;
  logic [1:0]         st_valid, st_ready, st_last;
  logic [2*DW-1:0]    st_data;
  logic [2*TargetW-1:0] st_target;
  logic [D*PW-1:0]    drain_data;

  ev2_cmdproc #(.DrainEngines(D)) u_cmdproc (
    .clk_i, .rst_ni,
    .start_i       (start),
    .cmd_addr_i    (cmd_addr_q),
    .cmd_words_i   (cmd_words_q[23:0]),
    .busy_o        (busy),
    .done_o        (done),
    .error_o       (error),
    .error_op_o    (error_op),
    .commands_o    (commands),
    .sat_low_o     (sat_low),
    .sat_high_o    (sat_high),
    .stall_o       (cp_stall),
    .cfg_valid_o   (cfg_valid),
    .cfg_ready_i   (cfg_ready),
    .cfg_target_o  (cfg_target),
    .cfg_data_o    (cfg_data),
    .cfg_last_o    (cfg_last),
    .st_valid_o    (st_valid),
    .st_ready_i    (st_ready),
    .st_data_o     (st_data),
    .st_target_o   (st_target),
    .st_last_o     (st_last),
    .drain_source_o(drain_source),
    .drain_active_o(drain_active),
    .drain_valid_i (drain_valid),
    .drain_ready_o (drain_ready),
    .drain_data_i  (drain_data),
    .array_idle_i  (array_idle),
    .mem_req_valid_o, .mem_req_ready_i, .mem_req_write_o, .mem_req_addr_o, .mem_req_wdata_o,
    .mem_req_wstrb_o, .mem_rsp_valid_i, .mem_rsp_ready_o, .mem_rsp_data_i
  );

  ev2_array #(.Rows(Rows), .Cols(Cols), .Counters(Counters), .DrainEngines(D)) u_array (
    .clk_i, .rst_ni,
    .cfg_valid_i   (cfg_valid),
    .cfg_ready_o   (cfg_ready),
    .cfg_target_i  (cfg_target),
    .cfg_data_i    (cfg_data),
    .cfg_last_i    (cfg_last),
    .st_valid_i    (st_valid),
    .st_ready_o    (st_ready),
    .st_data_i     (st_data),
    .st_target_i   (st_target),
    .drain_source_i(drain_source),
    .drain_active_i(drain_active),
    .drain_valid_o (drain_valid),
    .drain_ready_i (drain_ready),
    .drain_data_o  (drain_data),
    .idle_o        (array_idle),
    .macs_o        (array_macs)
  );

  // Stream ends are implied by the counts the units were configured with.
  logic unused_st_last;
  assign unused_st_last = ^st_last;

endmodule
