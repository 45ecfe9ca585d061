ev2_glb_bank.sv
ev2_glb_cluster.sv
