# Verilated NoC models shared by the NoC tests and the NoC bench (tb/bench/noc), so the big
# 8 x 2 mesh is verilated and compiled once per build tree.
#
# Verilator's "slow" files (symbol table, constructors, trace declarations) run once per
# simulation; for the mesh the symbol table alone is ~1 MB of C++ that takes several minutes at
# -O1 and above, and ~15 s at -O0. They are compiled at -O0 here; the evaluation code at -O1.
include_guard(GLOBAL)

# Appends -O0 to the Verilated slow files of `target` (for models built by ev2_add_rtl_test).
function(ev2_noc_slow_files_o0 target)
  get_target_property(_srcs ${target} SOURCES)
  foreach(_s ${_srcs})
    if(_s MATCHES "(__Syms|__Slow)\\.cpp$")
      set_property(SOURCE ${_s} APPEND_STRING PROPERTY COMPILE_FLAGS " -O0")
    endif()
  endforeach()
endfunction()

# ev2_noc_mesh_models: static library with Vnoc_mesh_8x2 (the v2 mesh) and Vnoc_mesh_1x3 (one row
# of three cluster groups: separate east and west router ports).
function(ev2_noc_mesh_models)
  if(TARGET ev2_noc_mesh_models)
    return()
  endif()
  add_library(ev2_noc_mesh_models STATIC)
  foreach(_shape 8x2 1x3)
    string(REPLACE "x" ";" _rc ${_shape})
    list(GET _rc 0 _rows)
    list(GET _rc 1 _cols)
    verilate(ev2_noc_mesh_models
      SOURCES ${EV2_RTL_FILES}
      TOP_MODULE ev2_noc_mesh
      PREFIX Vnoc_mesh_${_shape}
      TRACE_FST TRACE_STRUCTS
      VERILATOR_ARGS ${EV2_VERILATOR_ARGS} -GRows=${_rows} -GCols=${_cols}
      OPT_FAST -O1
      OPT_SLOW -O0
      OPT_GLOBAL -O1)
  endforeach()
  target_compile_options(ev2_noc_mesh_models PRIVATE -Wno-unused-variable)
  # The models' users include verilated headers: give them the same build switches.
  target_compile_definitions(ev2_noc_mesh_models PUBLIC VM_COVERAGE=0 VM_SC=0 VM_TRACE=1 VM_TRACE_VCD=0 VM_TRACE_FST=1)
endfunction()
