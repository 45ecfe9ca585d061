# Timing constraints for the Eyeriss v2 reference clock (docs/architecture.md section 1: 200 MHz).
# Used by any standard-cell flow the RTL is taken through; Yosys' generic `make synth` ignores it.
create_clock -name clk -period 5.000 [get_ports clk_i]
set_clock_uncertainty 0.250 [get_clocks clk]

# rst_ni is asynchronous (active low); its release is synchronised outside the accelerator.
set_false_path -from [get_ports rst_ni]

# Off-chip boundary (register interface and memory port): budget 40% of the period each way.
set_input_delay  2.0 -clock clk [remove_from_collection [all_inputs] [get_ports {clk_i rst_ni}]]
set_output_delay 2.0 -clock clk [all_outputs]
