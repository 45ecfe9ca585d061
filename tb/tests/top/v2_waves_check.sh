#!/bin/sh
# Waveforms of the v2 model (hierarchical build: each cluster group is a separately compiled
# model that the harness adds to the FST itself, sim/rtlsim/hier_blocks.hpp): a window of a
# pointwise layer dumped by ev2run_v2, then opened headless in GTKWave with the PE view of
# tb/tests/pe/pe_waves.tcl on one PE deep inside the array. Prints the script's count line.
# Usage: v2_waves_check.sh <ev2run_v2> <layers file> <pe_waves.tcl> <output dir>
set -eu
rm -rf "$4" && mkdir -p "$4"
EV2_TRACE=100:300 EV2_WAVES_DIR="$4" "$1" "$2" --layer pwconv > "$4/run.log"
EV2_WAVES_CHECK=1 EV2_WAVES_PE='TOP.ev2_top.u_array.g_group[5].u_group.ev2_cluster_group_d.u_pe.g_pe[7].u_pe' \
  xvfb-run -a gtkwave -S "$3" "$4/pwconv.fst" 2>&1 | grep "pe_waves.tcl:"
