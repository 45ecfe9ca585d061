// Integer arithmetic the libraries, tests and benchmarks share: ceiling division and rounding up
// to a multiple (word counts, segment counts, aligned byte sizes).
#pragma once

#include <concepts>

namespace ev2 {

// ceil(a / b) for a >= 0 and b > 0, in a's type.
template <std::integral T, std::integral U>
constexpr T cdiv(T a, U b) {
  return (a + static_cast<T>(b) - 1) / static_cast<T>(b);
}

// a rounded up to a multiple of m (a >= 0, m > 0), in a's type.
template <std::integral T, std::integral U>
constexpr T round_up(T a, U m) {
  return cdiv(a, m) * static_cast<T>(m);
}

}  // namespace ev2
