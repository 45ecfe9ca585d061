# PE cluster and cluster group (docs/cluster.md). Paths relative to rtl/cluster.
ev2_pe_cluster.sv
ev2_cluster_group.sv
