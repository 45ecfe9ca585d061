# Builds a hierarchically Verilated model (cmake/ev2.cmake, _ev2_top_model_hier):
#   cmake -DVERILATOR=<verilator> -DARGS=<file, one argument per line> -DDIR=<Mdir> -DOUT=<archive>
#         -DAR=<ar> [-DCCACHE_BASEDIR=<dir>] -P build_hier_model.cmake
# Verilator verilates and compiles (--build) into DIR; its output goes to DIR.log, whose end is
# printed on failure. Every archive it makes (one per hierarchical block, one for the top) is then
# merged into OUT, so that a link resolves references between them in any order.
file(STRINGS ${ARGS} args)
if(CCACHE_BASEDIR)
  # Cached objects are reused between build trees and clones (as for the rest of the build).
  set(ENV{CCACHE_BASEDIR} ${CCACHE_BASEDIR})
  set(ENV{CCACHE_NOHASHDIR} 1)
endif()
file(REMOVE ${OUT})
execute_process(COMMAND ${VERILATOR} ${args} OUTPUT_FILE ${DIR}.log ERROR_FILE ${DIR}.log RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(STRINGS ${DIR}.log lines)
  list(LENGTH lines n)
  math(EXPR first "${n} - 60")
  if(first LESS 0)
    set(first 0)
  endif()
  list(SUBLIST lines ${first} -1 tail)
  list(JOIN tail "\n" tail)
  message(FATAL_ERROR "${tail}\nVerilator failed (${rc}); the whole output is in ${DIR}.log")
endif()

file(GLOB_RECURSE archives ${DIR}/*.a)
list(REMOVE_ITEM archives ${OUT})
if(NOT archives)
  message(FATAL_ERROR "no archive under ${DIR}: see ${DIR}.log")
endif()
set(script "CREATE ${OUT}\n")
foreach(a ${archives})
  string(APPEND script "ADDLIB ${a}\n")
endforeach()
string(APPEND script "SAVE\nEND\n")
file(WRITE ${OUT}.mri "${script}")
execute_process(COMMAND ${AR} -M INPUT_FILE ${OUT}.mri RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${AR} -M ${OUT}.mri failed (${rc})")
endif()
