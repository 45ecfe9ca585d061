ev2_pkg.sv
