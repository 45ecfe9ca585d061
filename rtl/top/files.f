# Top level: ev2_top (registers, counters) over the command processor (rtl/ctrl) and the array
# (docs/accelerator.md). Paths relative to rtl/top.
ev2_array.sv
ev2_config_check.sv
ev2_top.sv
