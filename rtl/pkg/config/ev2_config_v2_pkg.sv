// Array shape of Eyeriss v2 as published: 8 x 2 cluster groups of 3 x 4 PEs (192 PEs).
// Exactly one ev2_config_<name>_pkg.sv is compiled into a build (CMake EV2_CONFIG), as CVA6 does.
package ev2_config_pkg;
  localparam int unsigned ClusterGroupRows = 8;
  localparam int unsigned ClusterGroupCols = 2;
  localparam int unsigned PeRows = 3;
  localparam int unsigned PeCols = 4;
  // Output drains in flight at once, one output byte per cycle each, sharing the 8 B/cycle memory
  // port with the weight and iact reads (docs/accelerator.md, "Drain engines").
  localparam int unsigned DrainEngines = 4;
endpackage
