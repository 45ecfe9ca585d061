// Exit statuses shared by ev2run and ev2sim, so that scripts and CI can tell a wrong result from a
// refused layer, a crashed run or a bad command line (table: docs/runtime.md, "Exit status").
#pragma once

#include <CLI/CLI.hpp>

#include <array>
#include <optional>
#include <string>

namespace ev2::cli {

enum class Status : int {
  Ok = 0,
  BadInput = 1,    // command line, shape file, technology table, an output file that cannot be written
  Mismatch = 2,    // the RTL's outputs or counters differ from the reference (ev2sim shapes: a published figure)
  Unmappable = 3,  // the layer does not fit the accelerator: mapper, program or memory limits
  RunFailed = 4,   // RTL assertion, watchdog timeout, error status
  Internal = 5,    // an unexpected exception, out of memory
};

// Several layers can fail differently; the run reports the most serious failure. A wrong result
// is what a verification run exists to catch, so it wins over everything; a crashed run is a bug
// too, but one that announced itself; an internal error says nothing about the hardware; a layer
// the accelerator cannot take is a known limit. Bad input normally stops the run before any
// layer, so it only competes when a report cannot be written at the end.
inline Status worse(Status a, Status b) {
  constexpr std::array kMostSeriousFirst = {Status::Mismatch, Status::RunFailed, Status::Internal, Status::BadInput,
                                            Status::Unmappable};
  for (const Status s : kMostSeriousFirst)
    if (a == s || b == s) return s;
  return Status::Ok;
}

constexpr int code(Status s) { return static_cast<int>(s); }

// CLI11 exits with its own codes (105 for a failed check, 106 for a missing argument, ...); every
// command-line problem is BadInput here, and --help is Ok. Returns the status to exit with when
// the program should not go on. The error is one line, like every other error of these programs.
inline std::optional<int> parse_command_line(CLI::App& app, const char* program, int argc, char** argv) {
  app.failure_message([program](const CLI::App*, const CLI::Error& e) {
    return std::string(program) + ": " + e.what() + " (" + program + " --help for usage)\n";
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? code(Status::Ok) : code(Status::BadInput);
  }
  return std::nullopt;
}

}  // namespace ev2::cli
