// Eyeriss v2 accelerator top level: register interface (host), command processor, array of
// cluster groups, and the memory port (MemPortBits wide, a power of two from 64 to 1024). Flat
// ports only (Verilator cannot take interface ports on the top module).
//
// Registers (32-bit, byte addresses; reads answer the next cycle): the map and the field layouts
// are ev2_if_pkg's (generated from rtl/pkg/ev2_interface.json; table in docs/interface.md):
// CTRL, STATUS, CMD_ADDR, CMD_WORDS, CYCLES_LO/HI, COMMANDS, SAT_LOW, SAT_HIGH, CONFIG, MACS_LO/HI,
// STALL_FETCH, STALL_CONFIG, STALL_ENGINE, STALL_WAIT, STALL_MEM, CONFIG2, CONFIG3. CONFIG,
// CONFIG2 and CONFIG3 report the configuration this top was elaborated with (ev2_config_check has checked it), so the
// runtime can refuse a program compiled for another one. Every counter restarts at start; the
// 32-bit ones wrap.
`include "ev2_assert.svh"

module ev2_top #(
  parameter int unsigned Rows     = ev2_config_pkg::ClusterGroupRows,
  parameter int unsigned Cols     = ev2_config_pkg::ClusterGroupCols,
  parameter bit          Counters = 1'b0,
  // Drains of different psum banks in flight at once (two output bytes per cycle each).
  parameter int unsigned DrainEngines = ev2_config_pkg::DrainEngines,
  parameter int unsigned StreamEngines = ev2_config_pkg::StreamEngines,
  parameter int unsigned MemPortBits = ev2_config_pkg::MemPortBits
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // register interface
  input  logic        reg_valid_i,
  output logic        reg_ready_o,
  input  logic        reg_write_i,
  input  logic [ev2_if_pkg::RegAddrW-1:0] reg_addr_i,
  input  logic [31:0] reg_wdata_i,
  output logic        reg_rvalid_o,
  output logic [31:0] reg_rdata_o,
  // memory port
  output logic        mem_req_valid_o,
  input  logic        mem_req_ready_i,
  output logic        mem_req_write_o,
  output logic [31:0] mem_req_addr_o,
  output logic [MemPortBits-1:0]   mem_req_wdata_o,
  output logic [MemPortBits/8-1:0] mem_req_wstrb_o,
  input  logic        mem_rsp_valid_i,
  output logic        mem_rsp_ready_o,
  input  logic [MemPortBits-1:0]   mem_rsp_data_i
);

  localparam int unsigned TargetW = ev2_if_pkg::TargetW;
  localparam int unsigned CountW  = ev2_if_pkg::StreamWordsW;  // the command processor's lengths
  localparam int unsigned DW      = ev2_pkg::NocDataW;
  localparam int unsigned PW      = ev2_pkg::NocPsumW;

  // ---- registers ---------------------------------------------------------------------------------
  logic [31:0] cmd_addr_q, cmd_words_q, rdata_q;
  logic [63:0] cycles_q;
  logic        rvalid_q, start;
  logic        busy, done, error;
  logic [ev2_if_pkg::OpW-1:0] error_op;
  logic [31:0] commands, sat_low, sat_high;
  localparam int unsigned MacBits = 2 * Rows * Cols * ev2_config_pkg::PeRows * ev2_config_pkg::PeCols;
  logic [MacBits-1:0] array_macs;
  logic [3:0]  cp_stall;
  logic [63:0] macs_q;
  logic [5*32-1:0] stall_q;   // fetch, config, engine, wait, memory at [32i +: 32]

  assign reg_ready_o  = 1'b1;
  ev2_if_pkg::ctrl_reg_t    ctrl_wdata;
  ev2_if_pkg::status_reg_t  status;
  ev2_if_pkg::config_reg_t  config_reg;
  ev2_if_pkg::config2_reg_t config2_reg;
  ev2_if_pkg::config3_reg_t config3_reg;

  assign ctrl_wdata   = reg_wdata_i;
  assign start        = reg_valid_i && reg_write_i && (reg_addr_i == ev2_if_pkg::RegCtrl) && ctrl_wdata.start &&
                        !busy;
  assign reg_rvalid_o = rvalid_q;
  assign reg_rdata_o  = rdata_q;

  // Reserved CTRL bits are ignored.
  logic unused_ctrl_bits;
  assign unused_ctrl_bits = ^ctrl_wdata;

  always_comb begin
    status          = '0;
    status.busy     = busy;
    status.done     = done;
    status.error    = error;
    status.error_op = error_op;
  end

  // What this top was built with; ev2_config_check has checked that every value fits its field.
  always_comb begin
    config_reg               = '0;
    config_reg.rows          = ev2_if_pkg::RegConfigRowsW'(Rows);
    config_reg.cols          = ev2_if_pkg::RegConfigColsW'(Cols);
    config_reg.pe_rows       = ev2_if_pkg::RegConfigPeRowsW'(ev2_config_pkg::PeRows);
    config_reg.pe_cols       = ev2_if_pkg::RegConfigPeColsW'(ev2_config_pkg::PeCols);
    config_reg.iact_banks    = ev2_if_pkg::RegConfigIactBanksW'(ev2_noc_pkg::IactLanes);
    config2_reg                   = '0;
    config2_reg.iact_bank_words   = ev2_if_pkg::RegConfig2IactBankWordsW'(ev2_if_pkg::IactBankWords);
    config2_reg.psum_bank_words   = ev2_if_pkg::RegConfig2PsumBankWordsW'(ev2_if_pkg::PsumBankWords);
    config2_reg.param_table_depth = ev2_if_pkg::RegConfig2ParamTableDepthW'(ev2_if_pkg::ParamTableDepth);
    config3_reg                = '0;
    config3_reg.drain_engines  = ev2_if_pkg::RegConfig3DrainEnginesW'(DrainEngines);
    config3_reg.stream_engines = ev2_if_pkg::RegConfig3StreamEnginesW'(StreamEngines);
    config3_reg.mem_port_bits  = ev2_if_pkg::RegConfig3MemPortBitsW'(MemPortBits);
  end

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
        if (reg_addr_i == ev2_if_pkg::RegCmdAddr)  cmd_addr_q  <= reg_wdata_i;
        if (reg_addr_i == ev2_if_pkg::RegCmdWords) cmd_words_q <= reg_wdata_i;
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
          ev2_if_pkg::RegStatus:      rdata_q <= status;
          ev2_if_pkg::RegCmdAddr:     rdata_q <= cmd_addr_q;
          ev2_if_pkg::RegCmdWords:    rdata_q <= cmd_words_q;
          ev2_if_pkg::RegCyclesLo:    rdata_q <= cycles_q[31:0];
          ev2_if_pkg::RegCyclesHi:    rdata_q <= cycles_q[63:32];
          ev2_if_pkg::RegCommands:    rdata_q <= commands;
          ev2_if_pkg::RegSatLow:      rdata_q <= sat_low;
          ev2_if_pkg::RegSatHigh:     rdata_q <= sat_high;
          ev2_if_pkg::RegConfig:      rdata_q <= config_reg;
          ev2_if_pkg::RegMacsLo:      rdata_q <= macs_q[31:0];
          ev2_if_pkg::RegMacsHi:      rdata_q <= macs_q[63:32];
          ev2_if_pkg::RegStallFetch:  rdata_q <= stall_q[0 +: 32];
          ev2_if_pkg::RegStallConfig: rdata_q <= stall_q[32 +: 32];
          ev2_if_pkg::RegStallEngine: rdata_q <= stall_q[64 +: 32];
          ev2_if_pkg::RegStallWait:   rdata_q <= stall_q[96 +: 32];
          ev2_if_pkg::RegStallMem:    rdata_q <= stall_q[128 +: 32];
          ev2_if_pkg::RegConfig2:     rdata_q <= config2_reg;
          ev2_if_pkg::RegConfig3:     rdata_q <= config3_reg;
          // An unknown address reads 0xbad000xx (xx = the address).
          default: rdata_q <= 32'hbad0_0000 | 32'(reg_addr_i);
        endcase
      end
    end
  end

  // ---- command processor and array ---------------------------------------------------------------
  localparam int unsigned D = DrainEngines;
  localparam int unsigned S = StreamEngines;
  logic               cfg_valid, cfg_ready, cfg_last, array_idle, array_streams_in_idle;
  logic [D-1:0]       drain_active, drain_valid, drain_ready;
  logic [TargetW-1:0] cfg_target;
  logic [D*TargetW-1:0] drain_source;
  logic [63:0]        cfg_data;
  logic [S-1:0]       st_valid, st_ready, st_last;
  logic [S*DW-1:0]    st_data;
  logic [S*TargetW-1:0] st_target;
  logic [D*PW-1:0]    drain_data;

  ev2_cmdproc #(.DrainEngines(D), .StreamEngines(S), .DataW(MemPortBits)) u_cmdproc (
    .clk_i, .rst_ni,
    .start_i       (start),
    .cmd_addr_i    (cmd_addr_q),
    .cmd_words_i   (cmd_words_q[CountW-1:0]),
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
    .streams_in_idle_i(array_streams_in_idle),
    .mem_req_valid_o, .mem_req_ready_i, .mem_req_write_o, .mem_req_addr_o, .mem_req_wdata_o,
    .mem_req_wstrb_o, .mem_rsp_valid_i, .mem_rsp_ready_o, .mem_rsp_data_i
  );

  ev2_array #(.Rows(Rows), .Cols(Cols), .Counters(Counters), .DrainEngines(D), .StreamEngines(S)) u_array (
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
    .streams_in_idle_o(array_streams_in_idle),
    .macs_o        (array_macs)
  );

  // The configuration this top reports in CONFIG / CONFIG2 is legal (the same rules as the C++
  // side's ev2::iface::config_error), and the interface's iact bank count is the NoC's.
  ev2_config_check #(
    .ClusterGroupRows(Rows),
    .ClusterGroupCols(Cols),
    .DrainEngines    (DrainEngines),
    .StreamEngines   (StreamEngines),
    .MemPortBits     (MemPortBits)
  ) u_config_check ();
  if (ev2_if_pkg::IactBanks != ev2_noc_pkg::IactLanes) begin : g_bad_iact_banks
    $fatal(1, "ev2_top: ev2_if_pkg::IactBanks differs from ev2_noc_pkg::IactLanes");
  end

  // Stream ends are implied by the counts the units were configured with.
  logic unused_st_last;
  assign unused_st_last = ^st_last;

endmodule
