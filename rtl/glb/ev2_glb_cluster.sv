// GLB cluster of one cluster group (docs/architecture.md section 6; docs/glb.md "GLB cluster"):
// IactBanks iact banks (512 x 24 bits = 1.5 kB each) and PsumBanks psum banks (384 x 40 bits =
// 1.875 kB each, two 20-bit psums per word = one psum port word), each an ev2_glb_bank.
//
// iact bank k: the off-chip stream ext_iact k (24-bit words from the stream engine) is either
//   stored (write AGU) and the bank's read side feeds iact router k (glb_iact k), or, in bypass
//   mode, passed through an ev2_spill_reg straight to iact router k (the bank is then unused).
// psum bank j: router psum output j (psums from the top PE of column j) -> bank write side;
//   bank read side -> router psum input j (stored psums into the bottom PE), or, in drain mode,
//   -> drain output j (final psums to the output stage), with out_last marking the last word.
//
// Configuration: a registered write port. On cfg_we_i the word cfg_data_i is taken for side
// cfg_side_i (0 write, 1 read) of bank cfg_bank_i (0 .. IactBanks-1 iact banks, then the psum
// banks); the bank sees the start one cycle later. Fields of cfg_data_i (ev2_if_pkg::glb_cfg_t,
// generated from rtl/pkg/ev2_interface.json; CfgDataW = 96):
//   [9:0]   base address
//   [49:10] loop counts, loop k at [10 + 10k +: 10] (0 behaves as 1; innermost loop k = 0)
//   [89:50] loop strides, loop k at [50 + 10k +: 10], two's complement (psum banks use the
//           low 9 bits of base and strides)
//   [90]    start: start this side's address sequence (0: only update the mode bit)
//   [91]    wait_wr (read side): the read sequence waits until the write sequence has ended
//   [92]    mode: write side of an iact bank = bypass; read side of a psum bank = drain;
//           ignored otherwise. Registered on every write to that side, start or not.
//   [93]    len (iact banks, with start): the sequence's length is a word in the bank
//           (ev2_glb_bank, docs/glb.md "Length words"); counts and strides are ignored
//   [95:94] reserved (0)
// Rules (asserted): start a side only while it is idle; change a mode only while the bank is idle.
// Status: wr_busy_o / rd_busy_o per bank (same numbering), high from the cycle after the
// configuration write until the sequence has ended and (read side) its words have left; an iact
// bank in bypass mode reports words held in its bypass register as rd_busy.
`include "ev2_assert.svh"

module ev2_glb_cluster #(
  parameter int unsigned IactDepth = ev2_if_pkg::IactBankWords,
  parameter int unsigned PsumDepth = ev2_if_pkg::PsumBankWords,
  parameter int unsigned Loops     = ev2_if_pkg::GlbCfgCountN,
  parameter int unsigned CountW    = ev2_if_pkg::GlbCfgCountW,
  localparam int unsigned IactBanks = ev2_noc_pkg::IactLanes,
  localparam int unsigned PsumBanks = ev2_config_pkg::PeCols,
  localparam int unsigned NumBanks  = IactBanks + PsumBanks,
  localparam int unsigned BankW     = $clog2(NumBanks),
  localparam int unsigned DW        = ev2_pkg::NocDataW,
  localparam int unsigned PW        = ev2_pkg::NocPsumW,
  localparam int unsigned CfgAddrW  = ev2_if_pkg::GlbCfgBaseW,
  localparam int unsigned CfgDataW  = ev2_if_pkg::GlbCfgW
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // configuration and status
  input  logic                    cfg_we_i,
  input  logic [BankW-1:0]        cfg_bank_i,
  input  logic                    cfg_side_i,     // 0 write side, 1 read side
  input  logic [CfgDataW-1:0]     cfg_data_i,
  output logic [NumBanks-1:0]     wr_busy_o,
  output logic [NumBanks-1:0]     rd_busy_o,
  // off-chip iact streams, one per iact bank
  input  logic [IactBanks-1:0]    ext_iact_valid_i,
  output logic [IactBanks-1:0]    ext_iact_ready_o,
  input  logic [IactBanks*DW-1:0] ext_iact_data_i,
  // -> iact router k (router cluster glb_iact_*_i)
  output logic [IactBanks-1:0]    glb_iact_valid_o,
  input  logic [IactBanks-1:0]    glb_iact_ready_i,
  output logic [IactBanks*DW-1:0] glb_iact_data_o,
  // psum bank j read side -> psum router j (router cluster glb_psum_*_i)
  output logic [PsumBanks-1:0]    glb_psum_valid_o,
  input  logic [PsumBanks-1:0]    glb_psum_ready_i,
  output logic [PsumBanks*PW-1:0] glb_psum_data_o,
  // psum router j -> psum bank j write side (router cluster glb_psum_*_o)
  input  logic [PsumBanks-1:0]    glb_psum_valid_i,
  output logic [PsumBanks-1:0]    glb_psum_ready_o,
  input  logic [PsumBanks*PW-1:0] glb_psum_data_i,
  // psum bank j read side -> output stage (drain mode)
  output logic [PsumBanks-1:0]    drain_valid_o,
  input  logic [PsumBanks-1:0]    drain_ready_i,
  output logic [PsumBanks*PW-1:0] drain_data_o,
  output logic [PsumBanks-1:0]    drain_last_o
);

  localparam int unsigned BaseOff   = ev2_if_pkg::GlbCfgBaseLsb;
  localparam int unsigned CountOff  = ev2_if_pkg::GlbCfgCountLsb;
  localparam int unsigned StrideOff = ev2_if_pkg::GlbCfgStrideLsb;
  localparam int unsigned StartBit  = ev2_if_pkg::GlbCfgStartLsb;
  localparam int unsigned WaitBit   = ev2_if_pkg::GlbCfgWaitWrLsb;
  localparam int unsigned ModeBit   = ev2_if_pkg::GlbCfgModeLsb;
  localparam int unsigned LenBit    = ev2_if_pkg::GlbCfgLenLsb;

  // ---------------------------------------------------------------------------------------------
  // Configuration register: the last written sequence and a one-cycle start pulse per bank side.
  localparam int unsigned IactAW = $clog2(IactDepth);
  localparam int unsigned PsumAW = $clog2(PsumDepth);
  localparam int unsigned RegAW  = (IactAW > PsumAW) ? IactAW : PsumAW;  // stored address bits

  logic [RegAW-1:0]        base_q;
  logic [Loops*CountW-1:0] count_q;
  logic [Loops*RegAW-1:0]  stride_q;
  logic                    wait_q, len_q;
  logic [NumBanks-1:0]     wr_start_q, rd_start_q;
  logic [IactBanks-1:0]    bypass_q;   // iact bank k: write-side mode bit
  logic [PsumBanks-1:0]    drain_q;    // psum bank j: read-side mode bit

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_start_q <= '0;
      rd_start_q <= '0;
      bypass_q   <= '0;
      drain_q    <= '0;
    end else begin
      wr_start_q <= '0;
      rd_start_q <= '0;
      for (int unsigned b = 0; b < NumBanks; b++) begin
        if (cfg_we_i && 32'(cfg_bank_i) == b) begin
          if (cfg_side_i) rd_start_q[b] <= cfg_data_i[StartBit];
          else            wr_start_q[b] <= cfg_data_i[StartBit];
        end
      end
      for (int unsigned k = 0; k < IactBanks; k++) begin
        if (cfg_we_i && !cfg_side_i && 32'(cfg_bank_i) == k) bypass_q[k] <= cfg_data_i[ModeBit];
      end
      for (int unsigned j = 0; j < PsumBanks; j++) begin
        if (cfg_we_i && cfg_side_i && 32'(cfg_bank_i) == IactBanks + j) drain_q[j] <= cfg_data_i[ModeBit];
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (cfg_we_i) begin
      base_q   <= cfg_data_i[BaseOff +: RegAW];
      count_q  <= cfg_data_i[CountOff +: Loops * CountW];
      for (int unsigned l = 0; l < Loops; l++) begin
        stride_q[l*RegAW +: RegAW] <= cfg_data_i[StrideOff + l*CfgAddrW +: RegAW];
      end
      wait_q   <= cfg_data_i[WaitBit];
      len_q    <= cfg_data_i[LenBit];
    end
  end

  // ---------------------------------------------------------------------------------------------
  // iact banks
  logic [Loops*IactAW-1:0] iact_stride;
  for (genvar l = 0; l < Loops; l++) begin : g_iact_stride
    assign iact_stride[l*IactAW +: IactAW] = stride_q[l*RegAW +: IactAW];
  end

  for (genvar k = 0; k < IactBanks; k++) begin : g_iact
    logic          bypass;
    logic          bank_in_valid, bank_in_ready, bank_out_valid, bank_out_ready;
    logic [DW-1:0] bank_out_data;
    logic          byp_in_valid, byp_in_ready, byp_out_valid, byp_out_ready;
    logic [DW-1:0] byp_out_data;
    logic          bank_wr_busy, bank_rd_busy;

    assign bypass = bypass_q[k];

    // off-chip stream: into the bank or into the bypass register
    assign bank_in_valid       = ext_iact_valid_i[k] && !bypass;
    assign byp_in_valid        = ext_iact_valid_i[k] && bypass;
    assign ext_iact_ready_o[k] = bypass ? byp_in_ready : bank_in_ready;

    ev2_glb_bank #(
      .Width (DW),
      .Depth (IactDepth),
      .Loops (Loops),
      .CountW(CountW)
    ) u_bank (
      .clk_i,
      .rst_ni,
      .wr_start_i  (wr_start_q[k]),
      .wr_len_i    (len_q),
      .wr_base_i   (base_q[IactAW-1:0]),
      .wr_count_i  (count_q),
      .wr_stride_i (iact_stride),
      .in_valid_i  (bank_in_valid),
      .in_ready_o  (bank_in_ready),
      .in_data_i   (ext_iact_data_i[k*DW +: DW]),
      .wr_busy_o   (bank_wr_busy),
      .rd_start_i  (rd_start_q[k]),
      .rd_wait_wr_i(wait_q),
      .rd_len_i    (len_q),
      .rd_base_i   (base_q[IactAW-1:0]),
      .rd_count_i  (count_q),
      .rd_stride_i (iact_stride),
      .out_valid_o (bank_out_valid),
      .out_ready_i (bank_out_ready),
      .out_data_o  (bank_out_data),
      .out_last_o  (),
      .rd_busy_o   (bank_rd_busy)
    );

    // bypass: one spill register, so no valid/ready path runs from the router into the stream
    // engine (in store mode the bank's ports are registered too)
    ev2_spill_reg #(
      .Width(DW)
    ) u_bypass (
      .clk_i,
      .rst_ni,
      .valid_i(byp_in_valid),
      .ready_o(byp_in_ready),
      .data_i (ext_iact_data_i[k*DW +: DW]),
      .valid_o(byp_out_valid),
      .ready_i(byp_out_ready),
      .data_o (byp_out_data)
    );

    assign glb_iact_valid_o[k]         = bypass ? byp_out_valid : bank_out_valid;
    assign glb_iact_data_o[k*DW +: DW] = bypass ? byp_out_data : bank_out_data;
    assign bank_out_ready              = glb_iact_ready_i[k] && !bypass;
    assign byp_out_ready               = glb_iact_ready_i[k] && bypass;

    assign wr_busy_o[k] = bank_wr_busy || wr_start_q[k];
    assign rd_busy_o[k] = bank_rd_busy || rd_start_q[k] || byp_out_valid;

    `EV2_ASSERT_IF(mode_change_only_idle,
                   cfg_we_i && 32'(cfg_bank_i) == k && !cfg_side_i && cfg_data_i[ModeBit] != bypass,
                   !bank_wr_busy && !bank_rd_busy && !byp_out_valid)
    `EV2_ASSERT_IF(bypass_leaves_bank_idle, bypass, !bank_in_valid && !bank_out_ready)
  end

  // ---------------------------------------------------------------------------------------------
  // psum banks
  logic [Loops*PsumAW-1:0] psum_stride;
  for (genvar l = 0; l < Loops; l++) begin : g_psum_stride
    assign psum_stride[l*PsumAW +: PsumAW] = stride_q[l*RegAW +: PsumAW];
  end

  for (genvar j = 0; j < PsumBanks; j++) begin : g_psum
    localparam int unsigned B = IactBanks + j;
    logic          drain;
    logic          out_valid, out_ready, out_last;
    logic [PW-1:0] out_data;
    logic          bank_wr_busy, bank_rd_busy;

    assign drain = drain_q[j];

    ev2_glb_bank #(
      .Width (PW),
      .Depth (PsumDepth),
      .Loops (Loops),
      .CountW(CountW),
      .LenWords(1'b0)
    ) u_bank (
      .clk_i,
      .rst_ni,
      .wr_start_i  (wr_start_q[B]),
      .wr_len_i    (1'b0),
      .wr_base_i   (base_q[PsumAW-1:0]),
      .wr_count_i  (count_q),
      .wr_stride_i (psum_stride),
      .in_valid_i  (glb_psum_valid_i[j]),
      .in_ready_o  (glb_psum_ready_o[j]),
      .in_data_i   (glb_psum_data_i[j*PW +: PW]),
      .wr_busy_o   (bank_wr_busy),
      .rd_start_i  (rd_start_q[B]),
      .rd_wait_wr_i(wait_q),
      .rd_len_i    (1'b0),
      .rd_base_i   (base_q[PsumAW-1:0]),
      .rd_count_i  (count_q),
      .rd_stride_i (psum_stride),
      .out_valid_o (out_valid),
      .out_ready_i (out_ready),
      .out_data_o  (out_data),
      .out_last_o  (out_last),
      .rd_busy_o   (bank_rd_busy)
    );

    assign glb_psum_valid_o[j]         = out_valid && !drain;
    assign glb_psum_data_o[j*PW +: PW] = out_data;
    assign drain_valid_o[j]            = out_valid && drain;
    assign drain_data_o[j*PW +: PW]    = out_data;
    assign drain_last_o[j]             = out_last;
    assign out_ready                   = drain ? drain_ready_i[j] : glb_psum_ready_i[j];

    assign wr_busy_o[B] = bank_wr_busy || wr_start_q[B];
    assign rd_busy_o[B] = bank_rd_busy || rd_start_q[B];

    `EV2_ASSERT_IF(mode_change_only_idle,
                   cfg_we_i && 32'(cfg_bank_i) == B && cfg_side_i && cfg_data_i[ModeBit] != drain,
                   !bank_rd_busy)
  end

  // ---------------------------------------------------------------------------------------------
  `EV2_ASSERT_INIT(iact_depth_fits_base, IactDepth <= (1 << CfgAddrW) && IactDepth > 1)
  `EV2_ASSERT_INIT(psum_depth_fits_base, PsumDepth <= (1 << CfgAddrW) && PsumDepth > 1)
  `EV2_ASSERT_INIT(cfg_fields_fit, ModeBit < CfgDataW && LenBit < CfgDataW)
  // Length words are an iact bank feature; a psum bank's sequences are fixed by the pass.
  `EV2_ASSERT_IF(len_only_for_iact_banks, cfg_we_i && cfg_data_i[StartBit] && cfg_data_i[LenBit],
                 32'(cfg_bank_i) < IactBanks)
  // The loop nest is the one the configuration word describes.
  `EV2_ASSERT_INIT(cfg_loops_are_the_word_s, Loops == ev2_if_pkg::GlbCfgCountN && Loops == ev2_if_pkg::GlbCfgStrideN &&
                                             CountW == ev2_if_pkg::GlbCfgCountW &&
                                             CfgAddrW == ev2_if_pkg::GlbCfgStrideW)
  `EV2_ASSERT_IF(cfg_bank_in_range, cfg_we_i, 32'(cfg_bank_i) < NumBanks)
  `EV2_ASSERT_IF(no_start_while_wr_busy, cfg_we_i && !cfg_side_i && cfg_data_i[StartBit],
                 !wr_busy_o[cfg_bank_i])
  `EV2_ASSERT_IF(no_start_while_rd_busy, cfg_we_i && cfg_side_i && cfg_data_i[StartBit],
                 !rd_busy_o[cfg_bank_i])
  for (genvar k = 0; k < IactBanks; k++) begin : g_assert_iact
    `EV2_ASSERT_STREAM(ext_iact_in, ext_iact_valid_i[k], ext_iact_ready_o[k], ext_iact_data_i[k*DW +: DW])
  end
  for (genvar j = 0; j < PsumBanks; j++) begin : g_assert_psum
    `EV2_ASSERT_STREAM(glb_psum_in, glb_psum_valid_i[j], glb_psum_ready_o[j], glb_psum_data_i[j*PW +: PW])
  end

endmodule
