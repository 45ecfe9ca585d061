# Verilated NoC models shared by the NoC tests and the NoC bench (tb/bench/noc), so the big
# 8 x 2 mesh is verilated and compiled once per build tree.
include_guard(GLOBAL)

# ev2_noc_mesh_models: library with Vnoc_mesh_8x2 (the v2 mesh) and Vnoc_mesh_1x3 (one row
# of three cluster groups: separate east and west router ports).
function(ev2_noc_mesh_models)
  if(TARGET ev2_noc_mesh_models)
    return()
  endif()
  add_library(ev2_noc_mesh_models INTERFACE)
  foreach(_shape 8x2 1x3)
    string(REPLACE "x" ";" _rc ${_shape})
    list(GET _rc 0 _rows)
    list(GET _rc 1 _cols)
    ev2_verilate(ev2_noc_mesh_models ev2_noc_mesh:Vnoc_mesh_${_shape}:Rows=${_rows},Cols=${_cols})
  endforeach()
endfunction()
