// Random PE passes for the tests and the benchmark.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "model/arith.hpp"
#include "pe/pe_host.hpp"
#include "rtlsim/sim_error.hpp"
#include "util/rng.hpp"

namespace ev2::pe {

inline PeConfig make_config(int C0, int M0, int S, int U, int F, csc::Mode mode, csc::Sign sign = csc::Sign::Signed) {
  PeConfig c;
  c.C0 = C0;
  c.M0 = M0;
  c.S = S;
  c.U = U;
  c.F = F;
  c.mode = mode;
  c.sign = sign;
  return c;
}

// A nonzero 8-bit value: iacts of the pass's signedness, weights signed.
inline int16_t random_nonzero(tb::Rng& rng, bool is_signed) {
  int16_t v;
  do v = static_cast<int16_t>(rng.uniform(is_signed ? -128 : 0, is_signed ? 127 : 255));
  while (v == 0);
  return v;
}

// Operands with the given densities (probability that a value is nonzero); random initial psums
// when the configuration takes psum input.
inline PeWork random_work(tb::Rng& rng, const PeConfig& cfg, double iact_density, double weight_density) {
  PeWork w;
  w.cfg = cfg;
  const bool is_signed = cfg.sign == csc::Sign::Signed;
  w.iacts.resize(static_cast<size_t>(cfg.C0) * cfg.width());
  for (auto& v : w.iacts) v = rng.bernoulli(iact_density) ? random_nonzero(rng, is_signed) : 0;
  w.weights.resize(static_cast<size_t>(cfg.M0) * cfg.C0 * cfg.S);
  for (auto& v : w.weights) v = static_cast<int8_t>(rng.bernoulli(weight_density) ? random_nonzero(rng, true) : 0);
  if (cfg.psum_in) {
    w.psum_init.resize(static_cast<size_t>(cfg.F) * cfg.M0);
    for (auto& v : w.psum_init) v = static_cast<int32_t>(rng.uniform(PSUM_MIN, PSUM_MAX));
  }
  return w;
}

// Draws data until it fits the SPads (dense iacts make compressed windows large).
inline PeWork random_fitting_work(tb::Rng& rng, const PeConfig& cfg, double iact_density, double weight_density) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    PeWork w = random_work(rng, cfg, iact_density, weight_density);
    if (check_work(w)) return w;
  }
  throw tb::SimError("no fitting data for " + cfg.describe());
}

// A random configuration that fits the SPads (any data fits in dense mode; compressed data is
// checked by the caller). F is kept small so a test runs many configurations.
inline PeConfig random_config(tb::Rng& rng, csc::Mode mode, int max_f = 6) {  // F up to 8 * max_f now and then
  for (;;) {
    PeConfig c;
    c.mode = mode;
    c.C0 = static_cast<int>(rng.uniform(1, rng.bernoulli(0.5) ? 4 : 16));
    c.M0 = static_cast<int>(rng.uniform(1, 32));
    c.S = static_cast<int>(rng.uniform(1, std::max(1, 16 / c.C0)));
    c.U = static_cast<int>(rng.uniform(1, 4));
    c.F = static_cast<int>(rng.uniform(1, rng.bernoulli(0.2) ? 8 * max_f : max_f));
    c.sign = rng.bernoulli(0.5) ? csc::Sign::Signed : csc::Sign::Unsigned;
    c.psum_in = rng.bernoulli(0.5);
    if (check_config(c)) return c;
  }
}

// Densities the random tests sweep: 0% .. 95% sparsity, plus fully dense.
inline double random_density(tb::Rng& rng) {
  static const std::vector<double> d = {1.0, 0.95, 0.75, 0.5, 0.25, 0.05, 0.0};
  return rng.pick(d);
}

}  // namespace ev2::pe
