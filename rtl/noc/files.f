# NoC: routers, router cluster, mesh (docs/noc.md). Paths relative to rtl/noc.
ev2_noc_pkg.sv
ev2_noc_stream_check.sv
ev2_noc_xbar.sv
ev2_noc_router.sv
ev2_iact_router.sv
ev2_weight_router.sv
ev2_psum_router.sv
ev2_noc_iact_a2a.sv
ev2_noc_weight_a2a.sv
ev2_router_cluster.sv
ev2_noc_mesh_links.sv
ev2_noc_mesh.sv
