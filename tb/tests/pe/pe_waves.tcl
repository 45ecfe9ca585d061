# GTKWave script for a PE test waveform (docs/pe.md, "Waveforms"): adds the pass control, the
# pipeline valids stage by stage, every SPad's read/write enables and addresses, and the MAC
# operands, grouped and named.
#   gtkwave -S tb/tests/pe/pe_waves.tcl build/waves/<Suite>.<Test>.fst
# With EV2_WAVES_CHECK=1 it prints how many signals it found and quits (headless check:
#   EV2_WAVES_CHECK=1 xvfb-run -a gtkwave -S tb/tests/pe/pe_waves.tcl <file>.fst).
# EV2_WAVES_PE names the PE in a bigger model (default TOP.ev2_pe, the PE tests' top), e.g. in the
# top level: TOP.ev2_top.u_array.g_group[0].u_group.ev2_cluster_group_d.u_pe.g_pe[0].u_pe
set pe TOP.ev2_pe
if {[info exists ::env(EV2_WAVES_PE)]} { set pe $::env(EV2_WAVES_PE) }
set groups [list \
  "pass" [list clk_i busy_o cfg_valid_i cfg_ready_o start_q \
               iact_valid_i iact_ready_o iact_data_i wght_valid_i wght_ready_o wght_data_i \
               psum_valid_i psum_ready_o psum_data_i psum_valid_o psum_ready_i psum_data_o] \
  "stage1 IA (iact addr SPad)" [list u_iact.s1_ready_col u_iact.s1_f_q u_iact.s1_s_q \
               u_iact.u_addr_spad.re_i u_iact.u_addr_spad.raddr_i u_iact.addr_rdata \
               u_iact.u_addr_spad.we_i u_iact.u_addr_spad.waddr_i] \
  "stage2 ID (iact data SPad)" [list u_iact.r1_valid_q u_iact.r1_marker_q u_iact.r1_p_q u_iact.r1_end_q \
               u_iact.u_data_spad.re_i u_iact.u_data_spad.raddr_i u_iact.data_rdata \
               u_iact.u_data_spad.we_i u_iact.u_data_spad.waddr_i] \
  "stage3 WA (weight addr SPad)" [list u_iact.r2_valid_q u_iact.r2_marker_q u_iact.r2_value_q u_iact.r2_k_q \
               u_wght.u_addr_spad.re_i u_wght.u_addr_spad.raddr_i u_wght.u_addr_spad.we_i u_wght.u_addr_spad.waddr_i] \
  "stage4 WI (issue)" [list u_wght.r3_valid_q u_wght.r3_marker_q u_wght.r3_ptr_q u_wght.r3_end_q] \
  "stage5 WD (weight data SPad)" [list u_wght.r4_valid_q u_wght.r4_marker_q u_wght.u_data_spad.re_i \
               u_wght.u_data_spad.raddr_i u_wght.wd_rdata u_wght.u_data_spad.we_i u_wght.u_data_spad.waddr_i \
               u_wght.op_r0_o u_wght.op_r1_o u_wght.op_en0_o u_wght.op_en1_o] \
  "stage6 MUL" [list u_accum.r5_valid_q u_accum.r5_marker_q u_accum.u_mac0.a_q u_accum.u_mac0.w_q \
               u_accum.u_mac1.a_q u_accum.u_mac1.w_q] \
  "stage7 ACC (psum SPad)" [list u_accum.r6_valid_q u_accum.r6_marker_q u_accum.u_mac0.prod_q u_accum.u_mac1.prod_q \
               u_accum.mac_fire u_accum.mac_gated u_accum.u_psum_spad.re_i u_accum.u_psum_spad.raddr_i \
               u_accum.u_psum_spad.we_i u_accum.u_psum_spad.waddr_i u_accum.u_psum_spad.wdata_i] \
  "drain" [list u_accum.drain_active_q u_accum.drain_bank_q u_accum.mac_bank_q u_accum.drain_idx_q \
               u_accum.written_q] \
]
set found 0
set wanted 0
foreach {name sigs} $groups {
  set full {}
  foreach s $sigs { lappend full "$pe.$s" }
  incr wanted [llength $full]
  gtkwave::/Edit/Insert_Comment "-- $name --"
  incr found [gtkwave::addSignalsFromList $full]
}
puts "pe_waves.tcl: added $found of $wanted PE signals"
gtkwave::/Time/Zoom/Zoom_Full
if {[info exists ::env(EV2_WAVES_CHECK)]} { gtkwave::/File/Quit }
