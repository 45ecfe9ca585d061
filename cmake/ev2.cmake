# Project helpers: the RTL file list and the two ways tests are built.
#
#   ev2_add_test(NAME <exe> SOURCES <cpp...> [LIBS <libs...>] [LABELS <labels...>])
#     A GoogleTest executable of pure C++ (reference model, codec, parsers).
#
#   ev2_cli_test(<name> STATUS <n> [STDOUT|STDERR|REJECT <regex>] [STDERR_LINES <n>] COMMAND ...)
#     A command run with its exact exit status and output checked.
#
#   ev2_verilate(<target> <top>[:<prefix>[:<params>]] [Verilator args...])
#     One Verilated model in any target (benchmarks, shared model libraries).
#
#   ev2_add_rtl_test(NAME <exe> SOURCES <cpp...> MODELS <top>[:<prefix>[:<-Gparam=value,...>]]...
#                    [LIBS ...] [LABELS ...] [VERILATOR_ARGS ...])
#     A GoogleTest executable that drives one or more Verilated models through the shared harness.
#     Each MODELS entry verilates the whole RTL file list with that top module; a prefix and
#     parameter overrides let one executable hold several parameterisations of the same module.

set(EV2_RTL_DIR ${PROJECT_SOURCE_DIR}/rtl)
set(EV2_WAIVERS ${EV2_RTL_DIR}/lint/waivers.vlt)

if(EV2_WITH_RTL)
# rtl/files.f lists the blocks in compile order; each block's files.f lists its files.
# scripts/rtl_files.sh reads the same lists for lint and synthesis.
function(_ev2_read_list path out)
  file(STRINGS ${path} _lines)
  set(_items)
  foreach(_line ${_lines})
    string(REGEX REPLACE "#.*" "" _line "${_line}")
    string(STRIP "${_line}" _line)
    if(NOT _line STREQUAL "")
      list(APPEND _items ${_line})
    endif()
  endforeach()
  set(${out} ${_items} PARENT_SCOPE)
endfunction()

set(EV2_RTL_FILES ${EV2_RTL_DIR}/pkg/config/ev2_config_${EV2_CONFIG}_pkg.sv)
_ev2_read_list(${EV2_RTL_DIR}/files.f _ev2_blocks)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${EV2_RTL_DIR}/files.f)
foreach(_block ${_ev2_blocks})
  set(_list ${EV2_RTL_DIR}/${_block}/files.f)
  if(EXISTS ${_list})
    _ev2_read_list(${_list} _files)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_list})
    foreach(_f ${_files})
      list(APPEND EV2_RTL_FILES ${EV2_RTL_DIR}/${_block}/${_f})
    endforeach()
  endif()
endforeach()

set(EV2_VERILATOR_ARGS
  -Wall --assert --x-assign unique --x-initial unique
  -I${EV2_RTL_DIR}/common
  ${EV2_WAIVERS})
endif()

# Registers the gtest cases of an executable with ctest as "<exe>.<Suite>.<Test>" (so
# `ctest -R pe_test` selects an executable) and labels them. Labels go through the directory
# property because gtest_discover_tests keeps only the first element of a list-valued LABELS.
function(_ev2_discover target labels)
  gtest_discover_tests(${target} TEST_PREFIX "${target}." DISCOVERY_TIMEOUT 60 DISCOVERY_MODE PRE_TEST)
  if(labels)
    set_property(DIRECTORY APPEND PROPERTY LABELS ${labels})
  endif()
endfunction()

function(ev2_add_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ev2_gtest_main ${T_LIBS})
  _ev2_discover(${T_NAME} "${T_LABELS}")
endfunction()

# ev2_verilate(<target> <top>[:<prefix>[:<param=value,...>]] [extra Verilator args...])
# Verilates the RTL file list with that top and links the model into <target> (_ev2_model).
function(ev2_verilate target model)
  string(REPLACE ":" ";" _parts "${model}")
  list(LENGTH _parts _n)
  list(GET _parts 0 _top)
  set(_prefix V${_top})
  set(_gargs)
  if(_n GREATER 1)
    list(GET _parts 1 _prefix)
  endif()
  if(_n GREATER 2)
    list(GET _parts 2 _params)
    string(REPLACE "," ";" _params "${_params}")
    foreach(_p ${_params})
      list(APPEND _gargs -G${_p})
    endforeach()
  endif()
  _ev2_model(${target} TOP ${_top} PREFIX ${_prefix} FILES ${EV2_RTL_FILES} ARGS ${_gargs} ${ARGN})
endfunction()

# _ev2_model(<target> TOP <module> PREFIX <class> FILES <rtl...> [ARGS <Verilator args...>]
#            [HIER <module>] [OPT_FAST <flag>])
# One Verilated model, built at build time by Verilator's own make (cmake/build_model.cmake) into
# one archive that <target> links, with the project's flags and ccache. A small model's C++ is
# compiled as one file (VM_PARALLEL_BUILDS=0: the Verilator headers are parsed once, not once per
# generated file, which is most of a small model's compile time); a big one file by file, in
# parallel. Hot code at OPT_FAST (-O1 unless given), run-once code at -O0. HIER: that module is a
# Verilator hierarchical block, compiled once however often it is instantiated. The Verilator
# runtime is one library for the whole build (ev2_verilated_runtime).
function(_ev2_model target)
  cmake_parse_arguments(M "" "TOP;PREFIX;HIER;OPT_FAST" "FILES;ARGS" ${ARGN})
  if(NOT M_OPT_FAST)
    set(M_OPT_FAST -O1)
  endif()
  find_program(EV2_VERILATOR verilator REQUIRED)
  find_package(ZLIB REQUIRED)
  find_package(Threads REQUIRED)
  _ev2_verilated_runtime()
  set(mdir ${CMAKE_CURRENT_BINARY_DIR}/${target}.models/${M_PREFIX})
  set(lib ${mdir}/lib${M_PREFIX}.a)
  cmake_host_system_information(RESULT _jobs QUERY NUMBER_OF_LOGICAL_CORES)
  set(make_flags CXX=${CMAKE_CXX_COMPILER} OPT_FAST=${M_OPT_FAST} OPT_SLOW=-O0)
  if(CCACHE_PROGRAM)
    list(APPEND make_flags OBJCACHE=${CCACHE_PROGRAM})
  endif()
  # --output-split 50000 (2.5x the default): fewer, bigger generated files, less header parsing.
  set(args --cc --top-module ${M_TOP} --prefix ${M_PREFIX} --Mdir ${mdir} --output-split 50000 --trace-fst --trace-structs
           ${EV2_VERILATOR_ARGS} ${M_ARGS})
  set(deps)
  if(M_HIER)
    # -Wno-UNOPTFLAT: see rtl/lint/waivers.vlt (false loops through the block's ports).
    set(vlt ${mdir}.hier.vlt)
    file(CONFIGURE OUTPUT ${vlt} CONTENT "`verilator_config\nhier_block -module \"${M_HIER}\"\n")
    list(APPEND args --hierarchical -Wno-UNOPTFLAT ${vlt})
    set(deps ${vlt})
  endif()
  list(APPEND args ${M_FILES})
  # The arguments go through a file, one per line, so that no shell quotes them.
  string(REPLACE ";" "\n" args "${args}")
  file(CONFIGURE OUTPUT ${mdir}.args CONTENT "${args}\n")
  string(REPLACE ";" "\n" make_flags "${make_flags}")
  file(CONFIGURE OUTPUT ${mdir}.make CONTENT "${make_flags}\n")
  set(script ${PROJECT_SOURCE_DIR}/cmake/build_model.cmake)
  # Two steps: what includes the model's header waits for the first only; the link for the second.
  add_custom_command(
    OUTPUT ${mdir}/${M_PREFIX}.h
    COMMAND ${CMAKE_COMMAND} -DSTEP=verilate -DVERILATOR=${EV2_VERILATOR} -DARGS=${mdir}.args -DDIR=${mdir}
            -P ${script}
    DEPENDS ${M_FILES} ${EV2_WAIVERS} ${deps} ${mdir}.args ${script}
    COMMENT "Verilating ${M_PREFIX} (${M_TOP}) for ${target}"
    VERBATIM)
  set(outputs ${lib})
  if(M_HIER)
    list(APPEND outputs ${mdir}/link.rsp)
  endif()
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${CMAKE_COMMAND} -DSTEP=compile -DMAKE_FLAGS=${mdir}.make -DDIR=${mdir} -DPREFIX=${M_PREFIX} -DOUT=${lib}
            -DHIER=${M_HIER} -DJOBS=${_jobs} -DAR=${CMAKE_AR} -DCXX=${CMAKE_CXX_COMPILER}
            -DINCLUDE=${VERILATOR_ROOT}/include -DCCACHE_BASEDIR=${PROJECT_SOURCE_DIR} -P ${script}
    DEPENDS ${mdir}/${M_PREFIX}.h ${mdir}.make ${script}
    COMMENT "Compiling ${M_PREFIX} (${M_TOP}) for ${target}"
    VERBATIM)
  add_custom_target(${target}_${M_PREFIX} DEPENDS ${mdir}/${M_PREFIX}.h)
  add_custom_target(${target}_${M_PREFIX}_lib DEPENDS ${outputs})
  add_dependencies(${target} ${target}_${M_PREFIX})

  get_target_property(type ${target} TYPE)
  set(scope PUBLIC)
  if(type STREQUAL "INTERFACE_LIBRARY")
    set(scope INTERFACE)
  endif()
  target_include_directories(${target} ${scope} ${mdir})
  # ev2_rtlsim after the model: it holds the C side of the RTL checks' DPI-C call and the registry
  # of hierarchical blocks; the runtime last.
  target_link_libraries(${target} ${scope} ${lib} ev2_rtlsim ev2_verilated_runtime)
  if(M_HIER)
    # --wrap of each block's creation call (cmake/build_model.cmake writes the file).
    target_link_options(${target} ${scope} @${mdir}/link.rsp)
  endif()
endfunction()

# The Verilator runtime, compiled once per build tree, with the switches every model is built
# with (tracing to FST on; coverage and DPI linked where a model uses them).
function(_ev2_verilated_runtime)
  if(TARGET ev2_verilated_runtime)
    return()
  endif()
  set(rt ${VERILATOR_ROOT}/include)
  add_library(ev2_verilated_runtime STATIC ${rt}/verilated.cpp ${rt}/verilated_dpi.cpp ${rt}/verilated_fst_c.cpp
                                           ${rt}/verilated_threads.cpp ${rt}/verilated_cov.cpp)
  target_include_directories(ev2_verilated_runtime PUBLIC ${rt} ${rt}/vltstd)
  target_compile_definitions(ev2_verilated_runtime PUBLIC VM_COVERAGE=0 VM_SC=0 VM_TRACE=1 VM_TRACE_VCD=0
                                                          VM_TRACE_FST=1)
  target_compile_options(ev2_verilated_runtime PRIVATE -faligned-new -Wno-unused-variable)
  target_link_libraries(ev2_verilated_runtime PUBLIC ZLIB::ZLIB Threads::Threads atomic)
endfunction()

function(ev2_add_rtl_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;MODELS;LIBS;LABELS;VERILATOR_ARGS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ev2_gtest_main ev2_harness ${T_LIBS})
  foreach(_model ${T_MODELS})
    ev2_verilate(${T_NAME} ${_model} ${T_VERILATOR_ARGS})
  endforeach()
  _ev2_discover(${T_NAME} "${T_LABELS}")
endfunction()

# ev2_top_model([CONFIG <name>]): the accelerator top level (Vev2_top) of the configured array
# (EV2_CONFIG: target ev2_top_model) or of another configuration (target ev2_top_model_<name>),
# built with its simulation-only access counters (Counters=1: PE SPad and MAC counts for the
# energy model; they do not change behaviour). One model per configuration and build tree, shared
# by the top-level tests, the simulator programs and the benchmarks.
#
# EV2_HIER_BLOCK names a module that Verilator compiles once, as a hierarchical block, however
# often the array instantiates it (docs/build.md, "Hierarchical verilation"): the cluster group by
# default, which takes the v2 top from ~205 MB of generated C++ to ~19 MB. Empty: one flat model,
# every instance compiled on its own (what `make bench-sim` compares against).
set(EV2_HIER_BLOCK "ev2_cluster_group" CACHE STRING "Module Verilated once as a hierarchical block (empty: flat)")

function(ev2_top_model)
  cmake_parse_arguments(M "" "CONFIG" "" ${ARGN})
  if(NOT M_CONFIG)
    set(M_CONFIG ${EV2_CONFIG})
  endif()
  set(target ev2_top_model)
  if(NOT M_CONFIG STREQUAL EV2_CONFIG)
    set(target ev2_top_model_${M_CONFIG})
  endif()
  if(TARGET ${target})
    return()
  endif()
  # The same RTL with the configuration's package in front.
  set(files ${EV2_RTL_FILES})
  list(REMOVE_AT files 0)
  list(PREPEND files ${EV2_RTL_DIR}/pkg/config/ev2_config_${M_CONFIG}_pkg.sv)
  add_library(${target} INTERFACE)
  if(EV2_HIER_BLOCK)
    # Hot code at -O3: the block is small, so -O3 costs no more build time than -O1 did, and the
    # v2 model simulates ~25% faster (docs/build.md, "Hierarchical verilation").
    _ev2_model(${target} TOP ev2_top PREFIX Vev2_top FILES ${files} ARGS -GCounters=1'b1 HIER ${EV2_HIER_BLOCK}
               OPT_FAST -O3)
  else()
    _ev2_model(${target} TOP ev2_top PREFIX Vev2_top FILES ${files} ARGS -GCounters=1'b1)
  endif()
endfunction()

# Command-line tests check the exact exit status (sim/exit_status.hpp, docs/runtime.md "Exit
# status") and, where given, the output: ctest's WILL_FAIL would pass on any nonzero exit (a missing
# file or a crash too), and PASS_REGULAR_EXPRESSION replaces the exit-status check.
#   ev2_cli_test(<name> STATUS <n> [STDOUT <regex>] [STDERR <regex>] [REJECT <regex>]
#                [STDERR_LINES <n>] COMMAND <program> [args...])
# The words ev2run and ev2sim in the command stand for the built programs. Used for the programs'
# command lines (tb/tests/cli) and for any other command whose failure is the point of the test.
# What ev2run prints in place of a layer's figures when that layer went wrong (a run that must
# succeed REJECTs it).
set(EV2_LAYER_ERRORS "MISMATCH|CANNOT MAP|CANNOT RUN|FAILED|ERROR")

function(ev2_cli_test name)
  cmake_parse_arguments(PARSE_ARGV 1 T "" "STATUS;STDOUT;STDERR;REJECT;STDERR_LINES" "COMMAND")
  set(defs "-DSTATUS=${T_STATUS}")
  foreach(key STDOUT STDERR REJECT STDERR_LINES)
    if(DEFINED T_${key})
      list(APPEND defs "-D${key}=${T_${key}}")
    endif()
  endforeach()
  list(TRANSFORM T_COMMAND REPLACE "^(ev2run|ev2sim)$" "$<TARGET_FILE:\\1>")
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} ${defs} -P ${PROJECT_SOURCE_DIR}/cmake/expect_status.cmake --
                                ${T_COMMAND})
endfunction()
