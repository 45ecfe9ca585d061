# PE: SPads, 7-stage SIMD-2 pipeline (docs/pe.md). Paths relative to rtl/pe.
ev2_pe_pkg.sv
ev2_pe_mac.sv
ev2_pe_iact.sv
ev2_pe_wght.sv
ev2_pe_accum.sv
ev2_pe.sv
