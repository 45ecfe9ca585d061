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
# Verilates the RTL file list with that top into <target>, with the project's flags: hot code at
# -O1 (docs/build.md), run-once constructors and symbol tables at -O0, which takes minutes off
# the build of a big model (the 8 x 2 mesh, the top level).
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
  verilate(${target}
    SOURCES ${EV2_RTL_FILES}
    TOP_MODULE ${_top}
    PREFIX ${_prefix}
    TRACE_FST TRACE_STRUCTS
    VERILATOR_ARGS ${EV2_VERILATOR_ARGS} ${_gargs} ${ARGN}
    OPT_FAST -O1
    OPT_SLOW -O0)
  # The RTL checks report their names through a DPI-C import whose C side is in ev2_rtlsim
  # (sim/rtlsim/assertion_log.cpp); linking it here puts it after a model library on every link line.
  target_link_libraries(${target} PUBLIC ev2_rtlsim)
  # Verilator's generated code is not ours to warn about.
  target_compile_options(${target} PRIVATE -Wno-unused-variable)
  # The trace code runs only while an FST is being written (EV2_TRACE); at -O0 it compiles several
  # times faster, which matters for the v2 top (~70 MB of trace C++ out of ~200 MB).
  get_target_property(_srcs ${target} SOURCES)
  foreach(_s ${_srcs})
    if(_s MATCHES "__Trace__[0-9]+\\.cpp$")
      set_property(SOURCE ${_s} APPEND PROPERTY COMPILE_OPTIONS -O0)
    endif()
  endforeach()
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

# ev2_top_model(): static library `ev2_top_model` with the accelerator top level of the configured
# array (Vev2_top, EV2_CONFIG) built with its simulation-only access counters (Counters=1: PE SPad
# and MAC counts for the energy model; they do not change behaviour). One model per build tree,
# shared by the top-level tests, the simulator (ev2run) and the benchmarks: the v2 top is ~200 MB
# of generated C++, so it must be compiled once.
function(ev2_top_model)
  if(TARGET ev2_top_model)
    return()
  endif()
  add_library(ev2_top_model STATIC)
  ev2_verilate(ev2_top_model ev2_top:Vev2_top:Counters=1'b1)
  target_compile_definitions(ev2_top_model PUBLIC VM_COVERAGE=0 VM_SC=0 VM_TRACE=1 VM_TRACE_VCD=0 VM_TRACE_FST=1)
endfunction()

# Command-line tests check the exact exit status (sim/exit_status.hpp, docs/runtime.md "Exit
# status") and, where given, the output: ctest's WILL_FAIL would pass on any nonzero exit (a missing
# file or a crash too), and PASS_REGULAR_EXPRESSION replaces the exit-status check.
#   ev2_cli_test(<name> STATUS <n> [STDOUT <regex>] [STDERR <regex>] [REJECT <regex>]
#                [STDERR_LINES <n>] COMMAND <program> [args...])
# The words ev2run and ev2sim in the command stand for the built programs. Used for the programs'
# command lines (tb/tests/cli) and for any other command whose failure is the point of the test.
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
