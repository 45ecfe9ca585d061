// Helpers shared by the CSC codec tests: random sparse matrices and error-message capture.
#pragma once

#include <fmt/core.h>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "csc/word.hpp"
#include "util/rng.hpp"

namespace ev2::csc::test {

// rows x cols column-major, each entry nonzero with probability `density`, nonzero values drawn
// uniformly from the nonzero part of the sign's 8-bit range (extremes included).
inline std::vector<int16_t> random_matrix(tb::Rng& rng, int rows, int cols, double density, Sign sign) {
  std::vector<int16_t> v(static_cast<size_t>(rows) * cols, 0);
  for (auto& x : v) {
    if (!rng.bernoulli(density)) continue;
    int16_t value = 0;
    while (value == 0) value = static_cast<int16_t>(rng.uniform(min_value(sign), max_value(sign)));
    x = value;
  }
  return v;
}

// The message of the std::invalid_argument f throws, or "<no exception>".
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "<no exception>";
}

inline std::string hex(const std::vector<uint16_t>& w) {
  std::string s;
  for (auto x : w) s += fmt::format("{}0x{:03x}", s.empty() ? "" : " ", x);
  return "[" + s + "]";
}

}  // namespace ev2::csc::test
