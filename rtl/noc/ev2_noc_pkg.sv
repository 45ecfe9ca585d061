// NoC constants shared by the routers, the router cluster, the mesh and (mirrored by hand) the C++
// pattern library in sim/mapper/noc_pattern.hpp. docs/noc.md explains every number here.
//
// The configuration widths are functions here so that every module computes them the same way
// (the router cluster, the mesh, the cluster group and the array each need the router-cluster
// width). Functions assign their name instead of `return`: Yosys 0.23 cannot parse `return`.
package ev2_noc_pkg;

  // Routers per cluster group ("lanes"). A lane only ever talks to the same lane of a neighbour.
  // Weight lanes = ev2_config_pkg::PeRows (weight router r feeds PE row r) and psum lanes =
  // ev2_config_pkg::PeCols (psum router j serves PE column j) are taken from ev2_config_pkg in the
  // modules: Yosys 0.23 cannot read one package's constant from inside another package's
  // localparam (inside a function, evaluated where it is called, it can: noc_cfg_w below).
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

  // Configuration bits of one router with `ports` sources and destinations: per source a
  // destination mask, per destination a source select.
  function automatic int unsigned router_cfg_w(int unsigned ports);
    router_cfg_w = ports * ports + ports * $clog2(ports);
  endfunction

  // Configuration bits of one ev2_router_cluster (one cluster group's CONFIG unit router) with
  // `numh` horizontal ports per iact / weight router: the routers of every lane, then the iact
  // all-to-all (a lane code per PE) and the weight all-to-all (one bit per PE, then one
  // header-mode bit per PE row). 189 for numh = 1 with 3 x 4 PEs. The C++ side: NocShape::cluster_cfg_width (sim/mapper/noc_pattern.cpp).
  function automatic int unsigned noc_cfg_w(int unsigned numh);
    noc_cfg_w = IactLanes * router_cfg_w(3 + numh)
              + ev2_config_pkg::PeRows * router_cfg_w(1 + numh)
              + ev2_config_pkg::PeCols * router_cfg_w(PsumPorts)
              + ev2_config_pkg::PeRows * ev2_config_pkg::PeCols * ($clog2(IactLanes + 1) + 1)
              + ev2_config_pkg::PeRows;   // weight all-to-all header mode, per PE row
  endfunction

endpackage
