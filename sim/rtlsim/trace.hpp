// Waveform control from the environment, so any test can be re-run with a waveform:
//   EV2_TRACE=1            dump the whole test to <build>/waves/<Suite>.<Test>.fst
//   EV2_TRACE=START:END    dump only cycles START..END (a window keeps long runs small)
//   EV2_TRACE_DEPTH=N      hierarchy levels to dump (default: all)
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>

namespace ev2::tb {

struct TraceRequest {
  bool enabled = false;
  uint64_t start = 0;
  uint64_t end = UINT64_MAX;
  int depth = 99;

  static TraceRequest from_env() {
    TraceRequest r;
    const char* t = std::getenv("EV2_TRACE");
    if (t == nullptr || *t == '\0' || std::string(t) == "0") return r;
    r.enabled = true;
    std::string s(t);
    if (auto colon = s.find(':'); colon != std::string::npos) {
      r.start = std::strtoull(s.substr(0, colon).c_str(), nullptr, 10);
      r.end = std::strtoull(s.substr(colon + 1).c_str(), nullptr, 10);
    }
    if (const char* d = std::getenv("EV2_TRACE_DEPTH")) r.depth = std::atoi(d);
    return r;
  }
};

inline std::string waves_dir() {
  if (const char* d = std::getenv("EV2_WAVES_DIR")) return d;
#ifdef EV2_WAVES_DIR
  return EV2_WAVES_DIR;
#else
  return "waves";
#endif
}

}  // namespace ev2::tb
