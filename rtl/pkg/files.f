ev2_pkg.sv
ev2_if_pkg.sv
