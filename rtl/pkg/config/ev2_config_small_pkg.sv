// Array shape of the small configuration used by fast tests: 2 x 1 cluster groups of 3 x 4 PEs.
// Exactly one ev2_config_<name>_pkg.sv is compiled into a build (CMake EV2_CONFIG), as CVA6 does.
package ev2_config_pkg;
  localparam int unsigned ClusterGroupRows = 2;
  localparam int unsigned ClusterGroupCols = 1;
  localparam int unsigned PeRows = 3;
  localparam int unsigned PeCols = 4;
endpackage
