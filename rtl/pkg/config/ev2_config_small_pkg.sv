// Array shape of the small configuration used by fast tests: 2 x 1 cluster groups of 3 x 4 PEs.
// Exactly one ev2_config_<name>_pkg.sv is compiled into a build (CMake EV2_CONFIG), as CVA6 does.
package ev2_config_pkg;
  localparam int unsigned ClusterGroupRows = 2;
  localparam int unsigned ClusterGroupCols = 1;
  localparam int unsigned PeRows = 3;
  localparam int unsigned PeCols = 4;
  // Output drains in flight at once, one output byte per cycle each, sharing the 8 B/cycle memory
  // port with the weight and iact reads (docs/accelerator.md, "Drain engines").
  localparam int unsigned DrainEngines = 2;
endpackage
