// PE configuration word and PE-internal widths (docs/pe.md). The configuration travels as one flat
// word on the PE's cfg port; these constants name its fields so the RTL and the C++ side
// (tb/pe/pe_host.hpp mirrors them) agree on the layout.
package ev2_pe_pkg;

  // Configuration word fields: [Off +: W]. Values are stored as they are (no "minus one").
  localparam int unsigned CfgC0W = 5;   // input channels per PE, 1..16
  localparam int unsigned CfgM0W = 6;   // output channels per PE, 1..32
  localparam int unsigned CfgSW  = 5;   // filter width, 1..16
  localparam int unsigned CfgUW  = 3;   // stride, 1..4
  localparam int unsigned CfgFW  = 12;  // output positions (windows) in this pass, 1..4095

  localparam int unsigned CfgC0Off        = 0;
  localparam int unsigned CfgM0Off        = CfgC0Off + CfgC0W;   // 5
  localparam int unsigned CfgSOff         = CfgM0Off + CfgM0W;   // 11
  localparam int unsigned CfgUOff         = CfgSOff + CfgSW;     // 16
  localparam int unsigned CfgFOff         = CfgUOff + CfgUW;     // 19
  localparam int unsigned CfgDenseBit     = CfgFOff + CfgFW;     // 31: 1 = dense mode
  localparam int unsigned CfgSignedBit    = CfgDenseBit + 1;     // 32: 1 = iacts are signed
  localparam int unsigned CfgPsumInBit    = CfgSignedBit + 1;    // 33: 1 = add psums from psum_i
  localparam int unsigned CfgLoadWBit     = CfgPsumInBit + 1;    // 34: 1 = load weights first
  localparam int unsigned CfgW            = CfgLoadWBit + 1;     // 35

  // Largest stride the iact address word can describe (U address entries of IactAddrW bits).
  localparam int unsigned MaxU = 4;

endpackage
