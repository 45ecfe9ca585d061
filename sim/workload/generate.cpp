#include "workload/generate.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace ev2::workload {

namespace {

void check_density(double density) {
  if (!(density >= 0.0 && density <= 1.0))
    throw std::invalid_argument(fmt::format("density {} is outside [0, 1]", density));
}

void check_layer(const LayerShape& l) {
  if (auto why = l.check(); !why.empty()) throw std::invalid_argument(fmt::format("layer '{}': {}", l.name, why));
}

// Cumulative integer weights of the skewed magnitude distribution over 1..255. Integer arithmetic
// keeps the table, and so every generated tensor, identical on every platform.
const std::array<uint64_t, 255>& skewed_cdf() {
  static const std::array<uint64_t, 255> cdf = [] {
    std::array<uint64_t, 255> c{};
    uint64_t w = uint64_t{1} << 40, sum = 0;
    for (auto& e : c) {
      sum += w;
      e = sum;
      w -= w / 16;
    }
    return c;
  }();
  return cdf;
}

// A magnitude in 1..max_mag (max_mag <= 255).
int draw_magnitude(tb::Rng& rng, int max_mag, ValueDist dist) {
  if (dist == ValueDist::Uniform) return static_cast<int>(rng.uniform(1, max_mag));
  const auto& cdf = skewed_cdf();
  const auto last = cdf.begin() + max_mag;
  const auto r = static_cast<uint64_t>(rng.uniform(0, static_cast<int64_t>(*(last - 1)) - 1));
  return static_cast<int>(std::upper_bound(cdf.begin(), last, r) - cdf.begin()) + 1;
}

// Calls set(i) for the chosen nonzero positions i of [0, size), in increasing order.
template <class Set>
void place(uint64_t size, double density, tb::Rng& rng, Placement placement, Set&& set) {
  if (placement == Placement::Bernoulli) {
    for (uint64_t i = 0; i < size; ++i)
      if (rng.bernoulli(density)) set(i);
    return;
  }
  // Selection sampling (Knuth's Algorithm S): element i is chosen with probability
  // needed / remaining, which picks exactly `needed` positions, each subset equally likely.
  uint64_t needed = nonzero_target(size, density);
  for (uint64_t i = 0; i < size && needed > 0; ++i) {
    const uint64_t remaining = size - i;
    if (needed == remaining || static_cast<uint64_t>(rng.uniform(0, static_cast<int64_t>(remaining) - 1)) < needed) {
      set(i);
      --needed;
    }
  }
}

}  // namespace

uint64_t nonzero_target(uint64_t size, double density) {
  check_density(density);
  return std::min<uint64_t>(size, static_cast<uint64_t>(std::llround(density * static_cast<double>(size))));
}

WeightTensor random_weights(const LayerShape& l, double density, tb::Rng& rng, Placement placement) {
  check_density(density);
  check_layer(l);
  if (l.kind == LayerKind::Pool)
    throw std::invalid_argument(fmt::format("layer '{}': a pool layer has no weights", l.name));
  WeightTensor t(l.M, l.C_per_group(), l.R, l.S);
  auto& d = t.data();
  place(d.size(), density, rng, placement, [&](uint64_t i) {
    const auto v = rng.uniform(-128, 126);  // 255 nonzero values: shift 0..126 up to 1..127
    d[i] = static_cast<int8_t>(v >= 0 ? v + 1 : v);
  });
  return t;
}

ActTensor random_iacts(const LayerShape& l, double density, bool is_signed, tb::Rng& rng, Placement placement,
                       ValueDist values) {
  check_density(density);
  check_layer(l);
  ActTensor t(l.N, l.C, l.H, l.W);
  auto& d = t.data();
  place(d.size(), density, rng, placement, [&](uint64_t i) {
    if (!is_signed) {
      d[i] = static_cast<int16_t>(draw_magnitude(rng, 255, values));
    } else if (rng.bernoulli(0.5)) {
      d[i] = static_cast<int16_t>(-draw_magnitude(rng, 128, values));
    } else {
      d[i] = static_cast<int16_t>(draw_magnitude(rng, 127, values));
    }
  });
  return t;
}

}  // namespace ev2::workload
