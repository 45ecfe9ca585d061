// Command processor: executes a layer's command list from memory (docs/layer_command.md).
// It fetches 64-bit command words, forwards configuration payloads to the array's configuration
// bus, starts the StreamEngines stream engines (memory -> NoC injection) and the drain engines (psum bank ->
// output stage -> memory), loads the output-stage parameter tables, and waits on barriers. A
// DRAIN goes to the lowest-numbered idle drain engine, so up to DrainEngines drains of different
// banks run at once. All memory traffic shares the one memory port through ev2_mem_arb (channels:
// commands, one per stream engine, then one per drain engine's writes). The port is DataW bits wide:
// a beat carries DataW / 64 command words, DataW / 24 stream words, DataW / 8 output bytes. Opcodes and header fields
// come from ev2_if_pkg, generated with the C++ side from rtl/pkg/ev2_interface.json.
`include "ev2_assert.svh"

module ev2_cmdproc #(
  parameter int unsigned AddrW      = 32,
  parameter int unsigned TableDepth = ev2_if_pkg::ParamTableDepth,
  parameter int unsigned DrainEngines = 1,
  parameter int unsigned StreamEngines = 2,
  parameter int unsigned DataW      = 64,   // memory port width, a power of two from 64 to 1024
  // Tags and stream lengths are header fields; the list length counts the same way.
  localparam int unsigned TargetW   = ev2_if_pkg::TargetW,
  localparam int unsigned CountW    = ev2_if_pkg::StreamWordsW,
  localparam int unsigned TableW    = $clog2(TableDepth),
  localparam int unsigned D         = DrainEngines,
  localparam int unsigned S         = StreamEngines,
  localparam int unsigned SW        = DataW / 8,
  localparam int unsigned PsumW     = ev2_pkg::PsumW,
  localparam int unsigned DW        = ev2_pkg::NocDataW
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  // control and status (register interface)
  input  logic               start_i,
  input  logic [AddrW-1:0]   cmd_addr_i,    // first command word
  input  logic [CountW-1:0]  cmd_words_i,   // length of the list in 64-bit words
  output logic               busy_o,
  output logic               done_o,        // list ended with END; cleared by start
  output logic               error_o,       // list stopped on a bad command; cleared by start
  output logic [ev2_if_pkg::OpW-1:0] error_op_o,  // the opcode that stopped it
  output logic [31:0]        commands_o,    // commands executed
  output logic [31:0]        sat_low_o,     // outputs clipped low / high by the output stage
  output logic [31:0]        sat_high_o,
  // why the processor did not advance this cycle (at most one bit): [0] waiting for a command
  // word from memory, [1] a CONFIG word held by the array, [2] a STREAM / DRAIN waiting for its
  // engine, [3] a WAIT barrier
  output logic [3:0]         stall_o,
  // configuration bus to the array: payload words of CONFIG commands, tagged with the target
  output logic               cfg_valid_o,
  input  logic               cfg_ready_i,
  output logic [TargetW-1:0] cfg_target_o,
  output logic [63:0]        cfg_data_o,
  output logic               cfg_last_o,
  // stream engines -> array injection
  output logic [S-1:0]       st_valid_o,
  input  logic [S-1:0]       st_ready_i,
  output logic [S*DW-1:0]    st_data_o,
  output logic [S*TargetW-1:0] st_target_o,
  output logic [S-1:0]       st_last_o,
  // drain engine e: psum words from the bank it selected, at [e*W +: W]
  output logic [D*TargetW-1:0] drain_source_o,
  output logic [D-1:0]         drain_active_o,
  input  logic [D-1:0]         drain_valid_i,
  output logic [D-1:0]         drain_ready_o,
  input  logic [D*2*PsumW-1:0] drain_data_i,
  // array status for WAIT
  input  logic               array_idle_i,
  input  logic               streams_in_idle_i,  // the array holds no word of a finished stream
  // memory port
  output logic               mem_req_valid_o,
  input  logic               mem_req_ready_i,
  output logic               mem_req_write_o,
  output logic [AddrW-1:0]   mem_req_addr_o,
  output logic [DataW-1:0]   mem_req_wdata_o,
  output logic [SW-1:0]      mem_req_wstrb_o,
  input  logic               mem_rsp_valid_i,
  output logic               mem_rsp_ready_o,
  input  logic [DataW-1:0]   mem_rsp_data_i
);

  localparam logic [ev2_if_pkg::OpW-1:0] OpEnd    = ev2_if_pkg::OpEnd;
  localparam logic [ev2_if_pkg::OpW-1:0] OpConfig = ev2_if_pkg::OpConfig;
  localparam logic [ev2_if_pkg::OpW-1:0] OpStream = ev2_if_pkg::OpStream;
  localparam logic [ev2_if_pkg::OpW-1:0] OpDrain  = ev2_if_pkg::OpDrain;
  localparam logic [ev2_if_pkg::OpW-1:0] OpParams = ev2_if_pkg::OpParams;
  localparam logic [ev2_if_pkg::OpW-1:0] OpMode   = ev2_if_pkg::OpMode;
  localparam logic [ev2_if_pkg::OpW-1:0] OpWait   = ev2_if_pkg::OpWait;
  localparam logic [ev2_if_pkg::OpW-1:0] OpCfgList = ev2_if_pkg::OpCfglist;

  // ---- memory channels ---------------------------------------------------------------------------
  localparam int unsigned Ch = 1 + S + D;  // 0 commands, 1.. stream engines, 1+S.. drain writes
  localparam int unsigned R  = 1 + S;      // read channels
  logic [Ch-1:0]       ch_req_valid, ch_req_ready, ch_req_write, ch_rsp_valid;
  logic [Ch*AddrW-1:0] ch_req_addr;
  logic [Ch*DataW-1:0] ch_req_wdata;
  logic [Ch*SW-1:0]    ch_req_wstrb;
  logic [DataW-1:0]    ch_rsp_data;

  ev2_mem_arb #(.N(Ch), .AddrW(AddrW), .DataW(DataW)) u_arb (
    .clk_i, .rst_ni,
    .ch_req_valid_i(ch_req_valid), .ch_req_ready_o(ch_req_ready), .ch_req_write_i(ch_req_write),
    .ch_req_addr_i(ch_req_addr), .ch_req_wdata_i(ch_req_wdata), .ch_req_wstrb_i(ch_req_wstrb),
    .ch_rsp_valid_o(ch_rsp_valid), .ch_rsp_data_o(ch_rsp_data),
    .mem_req_valid_o, .mem_req_ready_i, .mem_req_write_o, .mem_req_addr_o, .mem_req_wdata_o,
    .mem_req_wstrb_o, .mem_rsp_valid_i, .mem_rsp_ready_o, .mem_rsp_data_i
  );
  assign ch_req_write = {{D{1'b1}}, {R{1'b0}}};
  for (genvar c = 0; c < R; c++) begin : g_read_channel
    assign ch_req_wdata[c*DataW +: DataW] = '0;
    assign ch_req_wstrb[c*SW +: SW]       = '0;
  end

  // ---- command fetch -------------------------------------------------------------------------------
  // The decoder sees the next two command words and takes two at once (cmd_take2) for a STREAM or
  // DRAIN with its address word and for a CFGLIST header with its first entry; else one per cycle.
  logic        cmd_valid, cmd_ready, cmd_take2, fetch_busy, unpack_busy;
  logic [63:0] cmd, cmd_next;
  logic [1:0]  cmd_avail;

  // 32 64-bit fetches in flight: a command list is mostly short CONFIG messages, so the fetch must
  // keep one word per cycle through the memory's latency (8 gave 0.4 words/cycle at 20 cycles). A
  // wider beat carries DataW / 64 words, and needs as many fewer reads in flight.
  localparam int unsigned FetchDepth = (32 * 64 / DataW > 4) ? 32 * 64 / DataW : 4;
  logic             fetch_valid, fetch_ready;
  logic [DataW-1:0] fetch_beat;
  logic [CountW-1:0] fetch_beats;
  assign fetch_beats = CountW'((32'(cmd_words_i) * 64 + DataW - 1) >> $clog2(DataW));

  ev2_dma_rd #(.AddrW(AddrW), .BeatsW(CountW), .DataW(DataW), .Depth(FetchDepth)) u_fetch (
    .clk_i, .rst_ni,
    .start_i,
    .addr_i     (cmd_addr_i),
    .beats_i    (fetch_beats),
    .busy_o     (fetch_busy),
    .req_done_o (),
    .req_valid_o(ch_req_valid[0]),
    .req_ready_i(ch_req_ready[0]),
    .req_addr_o (ch_req_addr[0 +: AddrW]),
    .rsp_valid_i(ch_rsp_valid[0]),
    .rsp_ready_o(),
    .rsp_data_i (ch_rsp_data),
    .valid_o    (fetch_valid),
    .ready_i    (fetch_ready),
    .data_o     (fetch_beat)
  );

  ev2_unpack #(.InW(DataW), .OutW(64), .CountW(CountW), .Peek(2)) u_unpack (
    .clk_i, .rst_ni,
    .start_i,
    .count_i(cmd_words_i),
    .busy_o (unpack_busy),
    .valid_i(fetch_valid),
    .ready_o(fetch_ready),
    .data_i (fetch_beat),
    .valid_o(cmd_valid),
    .ready_i(cmd_ready),
    .data_o ({cmd_next, cmd}),
    .avail_o(cmd_avail),
    .take2_i(cmd_take2),
    .last_o ()
  );

  // ---- stream engines ------------------------------------------------------------------------------
  logic [S-1:0]     st_start, st_busy, st_accept;
  logic [AddrW-1:0] arg_addr;
  logic [63:0]      hdr_q, launch_hdr;
  logic             pair, list_pair;

  // Views of the command word just fetched (`cmd`, decoded as it arrives) and of the header being
  // executed (`hdr_q`), one per opcode that gives the bits a meaning.
  ev2_if_pkg::cmd_hdr_t    cmd_hdr;
  ev2_if_pkg::config_hdr_t cmd_config;
  ev2_if_pkg::params_hdr_t cmd_params;
  ev2_if_pkg::mode_hdr_t   cmd_mode;
  ev2_if_pkg::stream_hdr_t cmd_stream;
  ev2_if_pkg::cfglist_hdr_t cmd_cfglist;
  ev2_if_pkg::cfg_list_entry_t entry, entry_next;
  ev2_if_pkg::cmd_hdr_t    hdr;
  ev2_if_pkg::config_hdr_t config_hdr;
  ev2_if_pkg::stream_hdr_t stream_hdr;
  ev2_if_pkg::drain_hdr_t  drain_hdr;
  ev2_if_pkg::wait_hdr_t   wait_hdr;
  assign cmd_hdr    = cmd;
  assign cmd_config = cmd;
  assign cmd_params = cmd;
  assign cmd_mode   = cmd;
  assign cmd_stream = cmd;
  assign cmd_cfglist = cmd;
  assign entry      = cmd;
  assign entry_next = cmd_next;
  assign hdr        = hdr_q;
  assign config_hdr = hdr_q;
  assign wait_hdr   = hdr_q;
  // The STREAM / DRAIN being launched: the header arriving with its address (pair), else the one
  // held while its address arrives or its engine frees.
  assign launch_hdr = pair ? cmd : hdr_q;
  assign stream_hdr = launch_hdr;
  assign drain_hdr  = launch_hdr;

  // Each view is read only in the fields its opcode uses (reserved bits never): the views are
  // copies of `cmd` and `hdr_q`, so the rest is not logic left unused.
  logic unused_hdr_bits;
  assign unused_hdr_bits = ^{cmd_hdr, cmd_config, cmd_params, cmd_mode, cmd_stream, cmd_cfglist, entry, entry_next, hdr, config_hdr, stream_hdr,
                             drain_hdr, wait_hdr, cmd_next, unpack_busy};

  for (genvar e = 0; e < S; e++) begin : g_stream
    ev2_stream_engine #(.AddrW(AddrW), .CountW(CountW), .TargetW(TargetW), .DataW(DataW)) u_engine (
      .clk_i, .rst_ni,
      .start_i    (st_start[e]),
      .addr_i     (arg_addr),
      .words_i    (stream_hdr.words),
      .target_i   (stream_hdr.target),
      .ready_o    (st_accept[e]),
      .busy_o     (st_busy[e]),
      .req_valid_o(ch_req_valid[1+e]),
      .req_ready_i(ch_req_ready[1+e]),
      .req_addr_o (ch_req_addr[(1+e)*AddrW +: AddrW]),
      .rsp_valid_i(ch_rsp_valid[1+e]),
      .rsp_data_i (ch_rsp_data),
      .valid_o    (st_valid_o[e]),
      .ready_i    (st_ready_i[e]),
      .data_o     (st_data_o[e*DW +: DW]),
      .target_o   (st_target_o[e*TargetW +: TargetW]),
      .last_o     (st_last_o[e])
    );
  end

  // ---- drain engines: psum words -> output stage -> bytes -> beats -> memory ----------------------
  logic [D-1:0]         drain_start, drain_idle_e;
  logic [2*D-1:0]       drain_sat_low, drain_sat_high;   // per engine, per byte lane
  logic                 drain_launch, drain_idle, any_drain_free, relu_q, out_signed_q, param_we;
  logic [TableW-1:0]    param_addr_q;
  logic [D*TargetW-1:0] drain_source_q;

  // The lowest-numbered idle engine takes the next DRAIN (lowest set bit of the idle mask).
  assign any_drain_free = |drain_idle_e;
  assign drain_start    = drain_launch ? (drain_idle_e & (~drain_idle_e + D'(1))) : '0;

  for (genvar e = 0; e < D; e++) begin : g_drain
    ev2_drain_engine #(.AddrW(AddrW), .CountW(CountW), .TableDepth(TableDepth), .DataW(DataW)) u_engine (
      .clk_i, .rst_ni,
      .param_we_i  (param_we),
      .param_addr_i(param_addr_q),
      .param_data_i(cmd[ev2_if_pkg::ParamW-1:0]),
      .relu_i      (relu_q),
      .out_signed_i(out_signed_q),
      .start_i     (drain_start[e]),
      .addr_i      (arg_addr),
      .windows_i   (drain_hdr.windows),
      .m0_i        (drain_hdr.m0),
      .table_base_i(TableW'(drain_hdr.table_base)),
      .active_o    (drain_active_o[e]),
      .idle_o      (drain_idle_e[e]),
      .valid_i     (drain_valid_i[e]),
      .ready_o     (drain_ready_o[e]),
      .data_i      (drain_data_i[e*2*PsumW +: 2*PsumW]),
      .sat_low_o   (drain_sat_low[2*e +: 2]),
      .sat_high_o  (drain_sat_high[2*e +: 2]),
      .req_valid_o (ch_req_valid[R+e]),
      .req_ready_i (ch_req_ready[R+e]),
      .req_addr_o  (ch_req_addr[(R+e)*AddrW +: AddrW]),
      .req_wdata_o (ch_req_wdata[(R+e)*DataW +: DataW]),
      .req_wstrb_o (ch_req_wstrb[(R+e)*SW +: SW])
    );
  end

  assign drain_idle     = &drain_idle_e;
  assign drain_source_o = drain_source_q;

  // ---- decoder ---------------------------------------------------------------------------------------
  typedef enum logic [2:0] {Idle, Header, Payload, Argument, Launch, Barrier, Stopped} state_e;
  state_e state_q, state_d;
  logic [31:0] left_q, left_d;       // payload words still to forward
  logic [63:0] hdr_d;
  logic [AddrW-1:0] arg_q;
  logic        done_q, error_q, relu_d, out_signed_d;
  logic [ev2_if_pkg::OpW-1:0] op, error_op_q;
  logic [31:0] commands_q, sat_low_q, sat_high_q;
  logic        cmd_fire, is_params, is_list, launch_ok, barrier_ok, count_cmd, bad_cmd;
  logic [ev2_if_pkg::OpW-1:0] launch_op;
  localparam int unsigned EngW = (S > 1) ? $clog2(S) : 1;
  logic [EngW-1:0] engine_idx;

  assign op        = hdr.op;
  assign is_params = (op == OpParams);
  assign cmd_fire  = cmd_valid && cmd_ready;
  assign engine_idx = EngW'(stream_hdr.engine);
  // A header the processor cannot execute: an unknown opcode, or a stream engine it does not have.
  assign bad_cmd   = (cmd_hdr.op > ev2_if_pkg::OpMax) ||
                     (cmd_hdr.op == OpStream && 32'(cmd_stream.engine) >= S);
  // A STREAM or DRAIN header with its address word behind it: both are taken this cycle.
  assign pair      = (state_q == Header) && cmd_valid && (cmd_avail == 2'd2) &&
                     ((cmd_hdr.op == OpStream && !bad_cmd) || cmd_hdr.op == OpDrain);
  // A CFGLIST header with its first entry behind it: the entry goes out in the header's cycle.
  assign list_pair = (state_q == Header) && cmd_valid && (cmd_avail == 2'd2) && (cmd_hdr.op == OpCfgList) &&
                     (cmd_cfglist.words != '0);
  assign cmd_take2 = pair || (list_pair && cfg_ready_i);
  assign arg_addr  = pair ? cmd_next[AddrW-1:0] : (state_q == Argument) ? cmd[AddrW-1:0] : arg_q;

  // What a launch needs to be free, and what a barrier waits for.
  // (An engine that does not exist stops the list at its header: bad_cmd.)
  assign launch_op = pair ? cmd_hdr.op : op;
  assign launch_ok = (launch_op == OpStream) ? st_accept[engine_idx] : any_drain_free;
  assign barrier_ok = (!wait_hdr.streams || (!(|st_busy) && streams_in_idle_i)) &&
                      (!wait_hdr.drain || drain_idle) && (!wait_hdr.array || array_idle_i);

  assign stall_o[0] = (state_q == Header || state_q == Payload || state_q == Argument) && !cmd_valid;
  assign stall_o[1] = (state_q == Payload) && !is_params && cmd_valid && !cfg_ready_i;
  assign stall_o[2] = (state_q == Launch) && !launch_ok;
  assign stall_o[3] = (state_q == Barrier) && !barrier_ok;

  // Payload words go to the configuration bus, or to the parameter table. A CFGLIST entry is a
  // whole one-word message with its own target.
  assign is_list      = (op == OpCfgList);
  assign cfg_valid_o  = ((state_q == Payload) && !is_params && cmd_valid) || list_pair;
  assign cfg_target_o = list_pair ? entry_next.target : is_list ? entry.target : config_hdr.target;
  assign cfg_data_o   = list_pair ? 64'(entry_next.data) : is_list ? 64'(entry.data) : cmd;
  assign cfg_last_o   = list_pair || is_list || (left_q == 32'd1);
  assign param_we     = (state_q == Payload) && is_params && cmd_valid;

  always_comb begin
    cmd_ready = 1'b0;
    case (state_q)
      Header:   cmd_ready = 1'b1;
      Payload:  cmd_ready = is_params ? 1'b1 : cfg_ready_i;
      Argument: cmd_ready = 1'b1;
      // After END or an error, words still being fetched are discarded so the fetch can finish.
      Stopped:  cmd_ready = 1'b1;
      default:  cmd_ready = 1'b0;
    endcase
  end

  always_comb begin
    state_d      = state_q;
    hdr_d        = hdr_q;
    left_d       = left_q;
    relu_d       = relu_q;
    out_signed_d = out_signed_q;
    // The STREAM / DRAIN in hand starts when its engine is free: taken with its address (pair), its
    // address arriving (an engine free then starts with it, a cycle sooner), or waiting in Launch.
    st_start     = '0;
    drain_launch = 1'b0;
    if (launch_ok && (pair || (state_q == Argument && cmd_fire) || state_q == Launch)) begin
      if (launch_op == OpStream) st_start[engine_idx] = 1'b1;
      else                       drain_launch = 1'b1;
    end
    count_cmd    = 1'b0;
    unique case (state_q)
      Idle: ;
      Header: begin
        if (cmd_fire) begin
          hdr_d     = cmd;
          count_cmd = 1'b1;
          unique case (cmd_hdr.op)
            OpEnd:    state_d = Stopped;
            OpConfig, OpParams, OpCfgList: begin
              unique case (cmd_hdr.op)
                OpParams:  left_d = 32'(cmd_params.count);
                OpCfgList: left_d = 32'(cmd_cfglist.words) - ((list_pair && cfg_ready_i) ? 32'd1 : 32'd0);
                default:   left_d = 32'(cmd_config.words);
              endcase
              state_d = (left_d == 32'd0) ? Header : Payload;
            end
            // With its address word here too the command launches now (or waits in Launch).
            OpStream, OpDrain: begin
              if (bad_cmd) begin
                state_d = Stopped;
              end else if (!pair) begin
                state_d = Argument;
              end else begin
                state_d = launch_ok ? Header : Launch;
              end
            end
            OpMode: begin
              relu_d       = cmd_mode.relu;
              out_signed_d = cmd_mode.out_signed;
            end
            OpWait:   state_d = Barrier;
            default:  state_d = Stopped;
          endcase
        end
      end
      Payload: begin
        if (cmd_fire) begin
          left_d = left_q - 32'd1;
          if (left_q == 32'd1) state_d = Header;
        end
      end
      Argument: if (cmd_fire) state_d = launch_ok ? Header : Launch;
      Launch:   if (launch_ok) state_d = Header;
      Barrier: if (barrier_ok) state_d = Header;
      Stopped: ;
      default: state_d = Stopped;
    endcase
    if (start_i) state_d = Header;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q        <= Idle;
      hdr_q          <= '0;
      left_q         <= '0;
      arg_q          <= '0;
      relu_q         <= 1'b0;
      out_signed_q   <= 1'b0;
      done_q         <= 1'b0;
      error_q        <= 1'b0;
      error_op_q     <= '0;
      param_addr_q   <= '0;
      drain_source_q <= '0;
      commands_q     <= '0;
      sat_low_q      <= '0;
      sat_high_q     <= '0;
    end else begin
      state_q      <= state_d;
      hdr_q        <= hdr_d;
      left_q       <= left_d;
      relu_q       <= relu_d;
      out_signed_q <= out_signed_d;
      if (state_q == Argument && cmd_fire) arg_q <= cmd[AddrW-1:0];
      else if (pair)                       arg_q <= cmd_next[AddrW-1:0];
      if (state_q == Header && cmd_fire && cmd_hdr.op == OpParams) param_addr_q <= TableW'(cmd_params.first);
      else if (param_we) param_addr_q <= param_addr_q + TableW'(1);
      for (int unsigned e = 0; e < D; e++)
        if (drain_start[e]) drain_source_q[e*TargetW +: TargetW] <= drain_hdr.source;
      if (count_cmd) commands_q <= commands_q + 32'd1;
      sat_low_q  <= sat_low_q + 32'($countones(drain_sat_low));
      sat_high_q <= sat_high_q + 32'($countones(drain_sat_high));
      if (start_i) begin
        done_q     <= 1'b0;
        error_q    <= 1'b0;
        commands_q <= '0;
        sat_low_q  <= '0;
        sat_high_q <= '0;
      end else if (state_q == Header && cmd_fire) begin
        if (cmd_hdr.op == OpEnd) done_q <= 1'b1;
        else if (bad_cmd) begin
          error_q    <= 1'b1;
          error_op_q <= cmd_hdr.op;
        end
      end
    end
  end

  // Busy until END (or an error) and until everything it started has finished.
  assign busy_o     = (state_q != Idle && state_q != Stopped) || fetch_busy || (|st_busy) || !drain_idle;
  assign done_o     = done_q && !busy_o;
  assign error_o    = error_q;
  assign error_op_o = error_op_q;
  assign commands_o = commands_q;
  assign sat_low_o  = sat_low_q;
  assign sat_high_o = sat_high_q;

  // The table entries a header can name reach every entry (and no further than the table).
  `EV2_ASSERT_INIT(table_fits_header, TableW == ev2_if_pkg::DrainTableBaseW &&
                                      TableW == ev2_if_pkg::ParamsFirstW)
  `EV2_ASSERT_INIT(engines_fit_header, S <= (1 << ev2_if_pkg::StreamEngineW))
  `EV2_ASSERT_IF(no_start_while_busy, start_i, !busy_o)
  `EV2_ASSERT(writes_get_no_response, ch_rsp_valid[Ch-1:R] == '0)
  `EV2_ASSERT_STREAM(cfg_protocol, cfg_valid_o, cfg_ready_i, {cfg_target_o, cfg_data_o, cfg_last_o})

endmodule
