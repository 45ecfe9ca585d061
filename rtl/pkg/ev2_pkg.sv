// Architecture constants shared by every block (docs/architecture.md sections 2-5). These do not
// change between array configurations; the array shape lives in ev2_config_pkg.
package ev2_pkg;

  // Arithmetic (section 2)
  localparam int unsigned IactW   = 8;   // input activation
  localparam int unsigned WeightW = 8;   // weight
  localparam int unsigned PsumW   = 20;  // partial sum, two's complement, wrap-around

  // CSC words (section 3): {count[3:0], data[7:0]}
  localparam int unsigned CscCountW = 4;
  localparam int unsigned CscWordW  = CscCountW + IactW;  // 12
  localparam int unsigned Simd      = 2;                  // weights per weight word
  localparam int unsigned WeightWordW = Simd * CscWordW;  // 24

  // PE scratch pads (section 4): entries x bits
  localparam int unsigned IactAddrDepth    = 9;
  localparam int unsigned IactAddrW        = 4;
  localparam int unsigned IactDataDepth    = 16;
  localparam int unsigned WeightAddrDepth  = 16;
  localparam int unsigned WeightAddrW      = 7;
  localparam int unsigned WeightDataDepth  = 96;
  localparam int unsigned PsumDepth        = 32;

  // NoC port widths (section 5)
  localparam int unsigned NocDataW = 24;         // iact and weight ports
  localparam int unsigned NocPsumW = 2 * PsumW;  // psum ports: two 20-bit psums

endpackage
