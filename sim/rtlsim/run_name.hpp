// The name a Sim takes when it is given none (its waveform file, its messages). A test executable
// installs the running test's "Suite.Test" (tb/harness/gtest_main.cpp); elsewhere (the simulator,
// the benchmarks) there is no provider and the name is "", which Sim turns into "sim".
#pragma once

#include <string>

namespace ev2::tb {

using RunNameFn = std::string (*)();

// The provider, one per program (an inline function's static is shared by every translation unit).
inline RunNameFn& run_name_provider() {
  static RunNameFn provider = nullptr;
  return provider;
}

inline std::string current_run_name() {
  const RunNameFn f = run_name_provider();
  return f != nullptr ? f() : std::string();
}

}  // namespace ev2::tb
