// Reads the per-bit toggle counts that a model built with --coverage-toggle writes
// (contextp->coveragep()->write(file)), summed per signal and keyed "hier.signal" like
// ToggleCounter's names, so the two can be compared on the same run.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <string>

#include "rtlsim/sim_error.hpp"

namespace ev2::tb {

inline std::map<std::string, uint64_t> read_coverage_toggles(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw SimError("cannot read coverage file " + path);
  std::map<std::string, uint64_t> totals;
  std::string line;
  while (std::getline(in, line)) {
    // C '<\001key\002value...>' count
    if (line.size() < 4 || line[0] != 'C') continue;
    const size_t open = line.find('\'');
    const size_t close = line.rfind('\'');
    if (open == std::string::npos || close <= open) continue;
    const std::string body = line.substr(open + 1, close - open - 1);
    const uint64_t count = std::stoull(line.substr(close + 1));
    std::map<std::string, std::string> kv;
    size_t pos = 0;
    while (pos < body.size()) {
      const size_t k0 = body.find('\001', pos);
      if (k0 == std::string::npos) break;
      const size_t k1 = body.find('\002', k0);
      const size_t next = body.find('\001', k1);
      kv[body.substr(k0 + 1, k1 - k0 - 1)] =
          body.substr(k1 + 1, (next == std::string::npos ? body.size() : next) - k1 - 1);
      pos = next == std::string::npos ? body.size() : next;
    }
    if (kv["page"].rfind("v_toggle", 0) != 0) continue;
    std::string sig = kv["o"];
    if (const size_t br = sig.find('['); br != std::string::npos) sig.resize(br);
    totals[kv["h"] + "." + sig] += count;
  }
  return totals;
}

}  // namespace ev2::tb
