ev2_glb_bank.sv
