// Weight all-to-all between the weight routers of a cluster group and its PE cluster: weight
// router r feeds PE row r only, multicast to any subset of the row's PeCols PEs (unicast = one
// PE, exactly once per PE, stalled by any selected PE that is not ready).
//
// Configuration (sampled when cfg_we_i is high, cleared by reset), LSB first:
//   [r*PeCols +: PeCols]  PE columns of row r that take router r's weights (mask mode)
//   [NumPe + r]           row r in header mode: the mask above must be 0, and each block on the
//                         row's port is preceded by a header word (ev2_if_pkg::weight_hdr_t: the
//                         block's columns and length), consumed here. A row's blocks for
//                         different columns then follow each other on one stream, with no
//                         reconfiguration between them (docs/noc.md, "Weight block headers").
// A router port whose row has neither a mask nor header mode is never ready. A configuration
// write must not change the setting of a row while that row delivers a word or is inside a block
// (asserted): rewriting it unchanged is fine, so the iact routes of a cluster group can be set
// while weights stream.
`include "ev2_assert.svh"

module ev2_noc_weight_a2a #(
  parameter int unsigned PeRows = ev2_config_pkg::PeRows,
  parameter int unsigned PeCols = ev2_config_pkg::PeCols,
  parameter int unsigned Width  = ev2_pkg::NocDataW,
  localparam int unsigned NumPe = PeRows * PeCols,
  localparam int unsigned CfgW  = NumPe + PeRows
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    cfg_we_i,
  input  logic [CfgW-1:0]         cfg_i,
  input  logic [PeRows-1:0]       in_valid_i,   // weight router r local destination
  output logic [PeRows-1:0]       in_ready_o,
  input  logic [PeRows*Width-1:0] in_data_i,
  output logic [NumPe-1:0]        out_valid_o,  // PE p = r * PeCols + c
  input  logic [NumPe-1:0]        out_ready_i,
  output logic [NumPe*Width-1:0]  out_data_o
);

  localparam int unsigned WordsW = ev2_if_pkg::WeightHdrWordsW;

  logic [CfgW-1:0]  cfg_q;
  logic [NumPe-1:0] out_fire /*verilator public_flat_rd*/;
  logic [PeRows-1:0] row_busy;   // a row that delivers a word or is inside a headed block

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)       cfg_q <= '0;
    else if (cfg_we_i) cfg_q <= cfg_i;
  end

  for (genvar r = 0; r < PeRows; r++) begin : g_row
    logic              fork_ready, fork_valid, headed, hdr_fire, data_fire;
    logic [PeCols-1:0] sel;
    logic [Width-1:0]  row_data;
    // Header mode: the block being delivered (its columns and the words still to come).
    logic [PeCols-1:0] hdr_cols_q;
    logic [WordsW-1:0] hdr_left_q;
    // The header's fields by position (Yosys 0.23 does not see struct fields of a variable
    // declared in a generate block).
    logic [ev2_if_pkg::WeightHdrColsW-1:0] hdr_cols;
    logic [WordsW-1:0]                     hdr_words;

    assign headed     = cfg_q[NumPe + r];
    assign hdr_cols   = in_data_i[r*Width + ev2_if_pkg::WeightHdrColsLsb +: ev2_if_pkg::WeightHdrColsW];
    assign hdr_words  = in_data_i[r*Width + ev2_if_pkg::WeightHdrWordsLsb +: WordsW];
    assign sel        = headed ? hdr_cols_q : cfg_q[r*PeCols +: PeCols];
    // In header mode a word with no block open is the next header: taken here, not forwarded.
    assign fork_valid = in_valid_i[r] && (!headed || (hdr_left_q != '0));
    assign hdr_fire   = headed && (hdr_left_q == '0) && in_valid_i[r];
    assign data_fire  = fork_valid && fork_ready;

    ev2_stream_fork #(
      .N    (PeCols),
      .Width(Width)
    ) u_fork (
      .clk_i,
      .rst_ni,
      .sel_i  (sel),
      .valid_i(fork_valid),
      .ready_o(fork_ready),
      .data_i (in_data_i[r*Width +: Width]),
      .valid_o(out_valid_o[r*PeCols +: PeCols]),
      .ready_i(out_ready_i[r*PeCols +: PeCols]),
      .data_o (row_data)
    );

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        hdr_cols_q <= '0;
        hdr_left_q <= '0;
      end else if (hdr_fire) begin
        hdr_cols_q <= PeCols'(hdr_cols);
        hdr_left_q <= hdr_words;
      end else if (data_fire && headed) begin
        hdr_left_q <= hdr_left_q - WordsW'(1);
      end
    end

    always_comb begin
      if (headed) in_ready_o[r] = (hdr_left_q == '0) || fork_ready;
      else        in_ready_o[r] = fork_ready && (cfg_q[r*PeCols +: PeCols] != '0);
    end
    for (genvar c = 0; c < PeCols; c++) begin : g_col
      assign out_data_o[(r*PeCols + c)*Width +: Width] = row_data;
    end

    assign row_busy[r] = (out_fire[r*PeCols +: PeCols] != '0) || (headed && (hdr_left_q != '0));

    `EV2_ASSERT_IF(header_names_columns, hdr_fire,
                   (hdr_cols != '0) && ((32'(hdr_cols) >> PeCols) == 0) && (hdr_words != '0))
    `EV2_ASSERT_IF(header_mode_has_no_mask, headed, cfg_q[r*PeCols +: PeCols] == '0)
    `EV2_ASSERT_IF(cfg_row_unchanged_while_busy, cfg_we_i && row_busy[r],
                   (cfg_i[r*PeCols +: PeCols] == cfg_q[r*PeCols +: PeCols]) && (cfg_i[NumPe + r] == headed))
  end

  // Handshake rules: inputs checked by the forks (in_protocol), every PE port here.
  ev2_noc_stream_check #(
    .N    (NumPe),
    .Width(Width)
  ) u_out_check (
    .clk_i,
    .rst_ni,
    .valid_i(out_valid_o),
    .ready_i(out_ready_i),
    .data_i (out_data_o)
  );

  assign out_fire = out_valid_o & out_ready_i;

endmodule
