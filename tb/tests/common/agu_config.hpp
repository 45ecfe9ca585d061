// A nested-loop address sequence as the RTL address generator (ev2_agu) produces it, for tests.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "util/rng.hpp"

namespace ev2::tb {

template <int Loops, int AddrW, int CountW>
struct AguConfig {
  uint32_t base = 0;
  std::array<uint32_t, Loops> count{};  // 0 behaves as 1
  std::array<int32_t, Loops> stride{};

  uint64_t packed_counts() const {
    uint64_t v = 0;
    for (int k = 0; k < Loops; ++k) v |= static_cast<uint64_t>(count[k] & ((1u << CountW) - 1)) << (k * CountW);
    return v;
  }
  uint64_t packed_strides() const {
    uint64_t v = 0;
    for (int k = 0; k < Loops; ++k)
      v |= static_cast<uint64_t>(static_cast<uint32_t>(stride[k]) & ((1u << AddrW) - 1)) << (k * AddrW);
    return v;
  }

  // Innermost loop (k = 0) fastest; addresses wrap at 2^AddrW like the RTL adders.
  std::vector<uint32_t> sequence() const {
    std::vector<uint32_t> out;
    std::array<uint32_t, Loops> idx{};
    const auto n = [&](int k) { return count[k] == 0 ? 1u : count[k]; };
    while (true) {
      int64_t a = base;
      for (int k = 0; k < Loops; ++k) a += static_cast<int64_t>(idx[k]) * stride[k];
      out.push_back(static_cast<uint32_t>(a) & ((1u << AddrW) - 1));
      int k = 0;
      while (k < Loops && idx[k] + 1 >= n(k)) idx[k++] = 0;
      if (k == Loops) break;
      ++idx[k];
    }
    return out;
  }

  static AguConfig random(Rng& rng, int max_count, int max_len) {
    AguConfig c;
    do {
      c.base = static_cast<uint32_t>(rng.uniform(0, (1 << AddrW) - 1));
      uint64_t len = 1;
      for (int k = 0; k < Loops; ++k) {
        c.count[k] = static_cast<uint32_t>(rng.uniform(0, max_count));
        c.stride[k] = static_cast<int32_t>(rng.uniform(-40, 40));
        len *= c.count[k] == 0 ? 1 : c.count[k];
      }
      if (len <= static_cast<uint64_t>(max_len)) return c;
    } while (true);
  }
};

}  // namespace ev2::tb
