// NoC constants shared by the routers, the router cluster, the mesh and (mirrored by hand) the C++
// pattern library in sim/mapper/noc_pattern.hpp. docs/noc.md explains every number here.
//
// Only localparams (no functions): a package function keeps the whole package alive in Verilator,
// which then reports every constant a module does not use. Configuration widths are therefore
// written out as formulas in the modules that need them (ports P, SelW = $clog2(P)):
//   router     CfgW = P*P + P*SelW      (per source a destination mask, per destination a select)
package ev2_noc_pkg;

  // Routers per cluster group ("lanes"). A lane only ever talks to the same lane of a neighbour.
  // Weight lanes = ev2_config_pkg::PeRows (weight router r feeds PE row r) and psum lanes =
  // ev2_config_pkg::PeCols (psum router j serves PE column j) are taken from ev2_config_pkg in the
  // modules: Yosys 0.23 cannot read one package's constant from inside another package.
  localparam int unsigned IactLanes = 3;  // iact routers = GLB iact banks

  // Port numbers. Source i and destination i of a router are the two directions of one pair.
  // iact router: 3 + NumH ports (NumH = 1 horizontal port when the mesh has <= 2 columns, else 2)
  localparam int unsigned IactPortLocal = 0;  // src: GLB iact bank / off-chip; dst: PE cluster
  localparam int unsigned IactPortN     = 1;  // north neighbour
  localparam int unsigned IactPortS     = 2;  // south neighbour
  localparam int unsigned IactPortE     = 3;  // east neighbour (NumH = 1: the other column)
  localparam int unsigned IactPortW     = 4;  // west neighbour (NumH = 2 only)
  // weight router: 1 + NumH ports, horizontal links only
  localparam int unsigned WeightPortLocal = 0;  // src: off-chip; dst: PE row of this lane
  localparam int unsigned WeightPortE     = 1;  // east neighbour (NumH = 1: the other column)
  localparam int unsigned WeightPortW     = 2;  // west neighbour (NumH = 2 only)
  // psum router: 3 ports, vertical links only, psums travel north -> south
  localparam int unsigned PsumPortGlb = 0;  // src: GLB psum bank (read); dst: GLB psum bank (write)
  localparam int unsigned PsumPortPe  = 1;  // src: top PE of the column; dst: bottom PE
  localparam int unsigned PsumPortV   = 2;  // src: from the north neighbour; dst: to the south one
  localparam int unsigned PsumPorts   = 3;

endpackage
