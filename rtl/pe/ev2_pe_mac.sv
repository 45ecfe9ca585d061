// One MAC lane of the PE (two per PE: SIMD 2), spanning pipeline stages 6 and 7:
//   stage 6 (MUL): operand registers a_q, w_q -> 9 x 8 signed multiplier -> product register prod_q
//   stage 7 (ACC): sum_o = acc_i + prod_q, 20-bit two's complement wrap-around
// Operand and product registers load only when the lane does a real MAC (op_load_i, prod_load_i):
// a gated lane (zero weight, SIMD pad) keeps its registers, so its multiplier inputs do not toggle,
// which is what clock gating buys in silicon. Datapath registers have no reset (control decides
// when they are valid).
module ev2_pe_mac #(
  parameter int unsigned IactW   = ev2_pkg::IactW,
  parameter int unsigned WeightW = ev2_pkg::WeightW,
  parameter int unsigned PsumW   = ev2_pkg::PsumW
) (
  input  logic               clk_i,
  input  logic               op_load_i,      // stage 5 -> 6: take iact_i / weight_i
  input  logic [IactW-1:0]   iact_i,
  input  logic               iact_signed_i,  // iact_i is signed (else unsigned)
  input  logic [WeightW-1:0] weight_i,       // always signed
  input  logic               prod_load_i,    // stage 6 -> 7: register the product
  input  logic [PsumW-1:0]   acc_i  /*verilator public_flat_rd*/,  // stage 7: psum read from the SPad
  output logic [PsumW-1:0]   sum_o  /*verilator public_flat_rd*/
);

  localparam int unsigned AW = IactW + 1;   // iact as 9-bit signed
  localparam int unsigned WW = WeightW;
  localparam int unsigned PW = AW + WW;     // 17-bit signed product
  localparam int unsigned SW = PsumW;

  // MAC operands and product, readable by name for energy work (docs/pe.md).
  logic [AW-1:0] a_q    /*verilator public_flat_rd*/;
  logic [WW-1:0] w_q    /*verilator public_flat_rd*/;
  logic [PW-1:0] prod_q /*verilator public_flat_rd*/;
  logic [PW-1:0] prod_d, a_ext, w_ext;

  always_ff @(posedge clk_i) begin
    if (op_load_i) begin
      a_q <= {iact_signed_i & iact_i[IactW-1], iact_i};
      w_q <= weight_i;
    end
    if (prod_load_i) prod_q <= prod_d;
  end

  // Both operands sign-extended to the product width first: the multiply is then exact in PW bits.
  assign a_ext  = {{(PW - AW){a_q[AW-1]}}, a_q};
  assign w_ext  = {{(PW - WW){w_q[WW-1]}}, w_q};
  assign prod_d = $signed(a_ext) * $signed(w_ext);
  assign sum_o  = acc_i + {{(SW - PW){prod_q[PW-1]}}, prod_q};

endmodule
