# Runs a command and checks its exact exit status and, optionally, its output. ctest's WILL_FAIL
# passes on any nonzero exit (a missing file or a crash too), and PASS_REGULAR_EXPRESSION replaces
# the exit-status check altogether; this script checks both.
#
#   cmake -DSTATUS=<n> [-DSTDOUT=<regex>] [-DSTDERR=<regex>] [-DREJECT=<regex>] [-DSTDERR_LINES=<n>]
#         -P expect_status.cmake -- <command> [args...]
#
# STDOUT / STDERR must match that stream, REJECT must match neither, and STDERR_LINES is the exact
# number of lines on stderr (1: the error is one line). Both streams are echoed so that
# `ctest --output-on-failure` shows what the command printed.
cmake_minimum_required(VERSION 3.20)

if(NOT DEFINED STATUS)
  message(FATAL_ERROR "expect_status.cmake: -DSTATUS=<exit status> is required")
endif()
set(cmd)
set(after_dashes FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE ${last})
  if(after_dashes)
    list(APPEND cmd "${CMAKE_ARGV${i}}")
  elseif("${CMAKE_ARGV${i}}" STREQUAL "--")
    set(after_dashes TRUE)
  endif()
endforeach()
if(NOT cmd)
  message(FATAL_ERROR "expect_status.cmake: no command after --")
endif()

execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REPLACE ";" " " shown "${cmd}")
message("$ ${shown}\n--- stdout ---\n${out}--- stderr ---\n${err}--- exit status: ${rc} ---")

set(failures)
if(NOT "${rc}" STREQUAL "${STATUS}")
  list(APPEND failures "exit status ${rc}, expected ${STATUS}")
endif()
if(DEFINED STDOUT AND NOT "${out}" MATCHES "${STDOUT}")
  list(APPEND failures "stdout does not match '${STDOUT}'")
endif()
if(DEFINED STDERR AND NOT "${err}" MATCHES "${STDERR}")
  list(APPEND failures "stderr does not match '${STDERR}'")
endif()
if(DEFINED REJECT AND ("${out}" MATCHES "${REJECT}" OR "${err}" MATCHES "${REJECT}"))
  list(APPEND failures "output matches '${REJECT}': '${CMAKE_MATCH_0}'")
endif()
if(DEFINED STDERR_LINES)
  string(REGEX MATCHALL "\n" newlines "${err}")
  list(LENGTH newlines lines)
  if(NOT lines EQUAL STDERR_LINES)
    list(APPEND failures "${lines} lines on stderr, expected ${STDERR_LINES}")
  endif()
endif()
if(failures)
  string(REPLACE ";" "\n  " failures "${failures}")
  message(FATAL_ERROR "expect_status.cmake:\n  ${failures}")
endif()
