ev2_fifo.sv
ev2_spill_reg.sv
ev2_rr_arb.sv
ev2_stream_fork.sv
ev2_sram_1r1w.sv
ev2_agu.sv
ev2_regfile.sv
