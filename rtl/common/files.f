ev2_fifo.sv
ev2_spill_reg.sv
ev2_rr_arb.sv
ev2_stream_fork.sv
