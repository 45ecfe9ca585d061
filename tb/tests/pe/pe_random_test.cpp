// Random row-stationary passes: random C0, M0 (1..32), S, U (1..4), F, iact and weight sparsity
// 0..95% (and fully dense) drawn independently, signed and unsigned iacts, psum input, weight
// reuse, random stalls on every port; psums checked against the reference model and the access
// counters against the analytic access model.
#include <gtest/gtest.h>

#include "Vev2_pe_cnt.h"
#include "harness/seed.hpp"
#include "pe/pe_counters.hpp"
#include "pe/pe_driver.hpp"
#include "pe/pe_gen.hpp"

#include <fmt/ranges.h>

#include <cstdlib>

namespace ev2::pe {
namespace {

using tb::Rng;
using tb::Sim;

PeStalls random_stalls(Rng& rng) {
  static const std::vector<double> p = {0.0, 0.0, 0.2, 0.5, 0.8};
  return {rng.pick(p), rng.pick(p), rng.pick(p), rng.pick(p), rng.pick(p)};
}

// A random pass that fits the PE. With `reuse`, the pass keeps prev's weight block.
PeWork random_pass(Rng& rng, csc::Mode mode, const PeWork* reuse) {
  for (;;) {
    PeConfig cfg = random_config(rng, mode);
    if (reuse) {  // same weight block, new iacts / stride / windows / signedness
      cfg.C0 = reuse->cfg.C0;
      cfg.M0 = reuse->cfg.M0;
      cfg.S = reuse->cfg.S;
      cfg.mode = reuse->cfg.mode;
      cfg.load_weights = false;
      if (!check_config(cfg)) continue;
    }
    const double di = random_density(rng), dw = random_density(rng);
    for (int attempt = 0; attempt < 20; ++attempt) {
      PeWork w = random_work(rng, cfg, di, dw);
      if (reuse) w.weights = reuse->weights;
      if (check_work(w)) return w;
    }
  }
}

// `sims` simulations of `passes` back-to-back passes each; `mixed` draws the mode per pass.
void random_passes(csc::Mode mode, int sims, int passes, bool stalls, bool mixed = false) {
  Rng rng = tb::test_rng();
  for (int i = 0; i < sims; ++i) {
    Sim<Vev2_pe_cnt> sim;
    const PeStalls st = stalls ? random_stalls(rng) : PeStalls{};
    PeDriver<Vev2_pe_cnt> drv(sim, rng, st);
    PeAccesses want;
    std::vector<std::string> what;
    PeWork prev;
    for (int p = 0; p < passes; ++p) {
      const auto m = mixed ? (rng.bernoulli(0.5) ? csc::Mode::Dense : csc::Mode::Compressed) : mode;
      const bool reuse = p > 0 && rng.bernoulli(0.25);
      const PeWork w = random_pass(rng, m, reuse ? &prev : nullptr);
      drv.add_pass(w);
      want += expected_accesses(w);
      what.push_back(w.cfg.describe());
      prev = w;
    }
    const std::string ctx = fmt::format("sim {}: passes [{}]; stalls cfg {} iact {} weight {} psum_in {} psum_out {}",
                                        i, fmt::join(what, " | "), st.cfg, st.iact, st.weight, st.psum_in, st.psum_out);
    // EV2_PE_SIM=i replays only simulation i of the test (with EV2_TRACE for its waveform).
    if (const char* only = std::getenv("EV2_PE_SIM"); only != nullptr && std::atoi(only) != i) continue;
    sim.reset();
    try {
      drv.run(400'000);
    } catch (const tb::SimError& e) {
      FAIL() << e.what() << "\n  in " << ctx;
    }
    const PeAccesses got = read_counters(sim.context());
    ASSERT_EQ(got, want) << "counters: " << to_string(got) << "\nexpected: " << to_string(want) << "\n  in " << ctx;
  }
}

TEST(PeRandom, CompressedNoStalls) { random_passes(csc::Mode::Compressed, 200, 3, false); }
TEST(PeRandom, CompressedRandomStalls) { random_passes(csc::Mode::Compressed, 600, 3, true); }
TEST(PeRandom, DenseNoStalls) { random_passes(csc::Mode::Dense, 150, 3, false); }
TEST(PeRandom, DenseRandomStalls) { random_passes(csc::Mode::Dense, 400, 3, true); }
// Mixed modes back to back: the PE must reset its pointers between passes.
TEST(PeRandom, MixedModesBackToBack) { random_passes(csc::Mode::Dense, 200, 4, true, true); }

}  // namespace
}  // namespace ev2::pe
