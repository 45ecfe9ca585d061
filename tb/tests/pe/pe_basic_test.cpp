// Directed PE passes: the SPad limits, zero patterns the CSC format has to get right, extreme
// operand values, 20-bit wrap-around, psum chains and weight reuse. Every pass is checked against
// the reference model (psums) and the analytic access model (counters).
#include <gtest/gtest.h>

#include <functional>

#include "Vev2_pe.h"
#include "Vev2_pe_cnt.h"
#include "harness/seed.hpp"
#include "model/arith.hpp"
#include "pe/pe_counters.hpp"
#include "pe/pe_driver.hpp"
#include "pe/pe_gen.hpp"

namespace ev2::pe {
namespace {

using csc::Mode;
using csc::Sign;
using tb::Rng;
using tb::Sim;

// Runs the passes back to back on one PE with the given stalls and checks psums and counters.
void run_passes(const std::vector<PeWork>& passes, Rng& rng, PeStalls st = {}) {
  Sim<Vev2_pe_cnt> sim;
  PeDriver<Vev2_pe_cnt> drv(sim, rng, st);
  PeAccesses want;
  for (const auto& w : passes) {
    drv.add_pass(w);
    want += expected_accesses(w);
  }
  sim.reset();
  drv.run(1'000'000);
  const PeAccesses got = read_counters(sim.context());
  EXPECT_EQ(got, want) << "counters: " << to_string(got) << "\nexpected: " << to_string(want);
}

// Each pass once without stalls and once with stalls on every port.
void run_both(const PeWork& w, Rng& rng) {
  SCOPED_TRACE(w.cfg.describe());
  run_passes({w}, rng);
  run_passes({w}, rng, PeStalls::all(0.4));
}

PeWork with_values(PeConfig cfg, const std::function<int16_t(int c, int x)>& iact,
                   const std::function<int8_t(int m, int c, int s)>& weight) {
  PeWork w;
  w.cfg = cfg;
  w.iacts.resize(static_cast<size_t>(cfg.C0) * cfg.width());
  for (int x = 0; x < cfg.width(); ++x)
    for (int c = 0; c < cfg.C0; ++c) w.iacts[static_cast<size_t>(x) * cfg.C0 + c] = iact(c, x);
  w.weights.resize(static_cast<size_t>(cfg.M0) * cfg.C0 * cfg.S);
  for (int m = 0; m < cfg.M0; ++m)
    for (int c = 0; c < cfg.C0; ++c)
      for (int s = 0; s < cfg.S; ++s) w.weights[(static_cast<size_t>(m) * cfg.C0 + c) * cfg.S + s] = weight(m, c, s);
  return w;
}

TEST(PeBasic, DenseNoStalls) {
  Rng rng = tb::test_rng();
  Sim<Vev2_pe> sim;  // the plain model (no counters) works the same
  PeDriver<Vev2_pe> drv(sim, rng);
  drv.add_pass(random_work(rng, make_config(2, 4, 3, 1, 4, Mode::Dense), 1.0, 1.0));
  sim.reset();
  drv.run(5000);
  EXPECT_EQ(drv.scoreboard().matched(), 8u);
}

TEST(PeBasic, SparseWithStalls) {
  Rng rng = tb::test_rng();
  Sim<Vev2_pe> sim;
  PeDriver<Vev2_pe> drv(sim, rng, PeStalls::all(0.5));
  drv.add_pass(random_fitting_work(rng, make_config(2, 5, 3, 2, 6, Mode::Compressed), 0.6, 0.6));
  sim.reset();
  drv.run(20000);
  EXPECT_EQ(drv.scoreboard().matched(), 18u);
}

// The largest shapes each SPad allows.
TEST(PeEdge, SpadLimits) {
  Rng rng = tb::test_rng();
  // {configuration, iact density, weight density}: dense enough to fill the SPads they test.
  struct Case {
    PeConfig cfg;
    double di, dw;
  };
  const std::vector<Case> cases = {
      {make_config(1, 32, 9, 1, 6, Mode::Compressed), 0.9, 0.6},   // S = 9: the iact address SPad's 9 columns
      {make_config(1, 12, 16, 1, 4, Mode::Dense), 0.9, 0.9},       // S = 16: dense iact data SPad, 96 weight words
      {make_config(16, 32, 1, 1, 5, Mode::Compressed), 0.7, 0.3},  // C0 = 16, M0 = 32, ~90 weight words
      {make_config(16, 12, 1, 1, 4, Mode::Dense), 0.9, 0.9},       // 16 iacts a window, 6 x 16 = 96 weight words
      {make_config(2, 32, 8, 1, 3, Mode::Compressed), 0.4, 0.3},   // 16 weight columns
      {make_config(4, 16, 3, 1, 8, Mode::Dense), 0.9, 0.9},        // 96 weight words, 12 + 4 iact words
      {make_config(1, 1, 1, 1, 1, Mode::Compressed), 1.0, 1.0},    // smallest pass
      {make_config(1, 1, 1, 1, 1, Mode::Dense), 1.0, 1.0},
      {make_config(3, 7, 2, 4, 5, Mode::Compressed), 0.5, 0.6},   // S < U: columns no window reads
      {make_config(2, 9, 5, 4, 4, Mode::Compressed), 0.4, 0.6},   // ceil(S/U) = 2, 8 columns stored
      {make_config(1, 17, 9, 3, 3, Mode::Compressed), 0.9, 0.6},  // 9 columns in 3 segments
      {make_config(4, 3, 1, 4, 3, Mode::Dense), 0.7, 0.7},        // S < U in dense mode
  };
  for (const auto& [cfg, di, dw] : cases) {
    ASSERT_TRUE(check_config(cfg)) << cfg.describe() << ": " << check_config(cfg).reason;
    run_both(random_fitting_work(rng, cfg, di, dw), rng);
  }
}

// Many windows in one pass: the circular SPads wrap many times.
TEST(PeEdge, LongPass) {
  Rng rng = tb::test_rng();
  run_both(random_fitting_work(rng, make_config(2, 6, 3, 1, 300, Mode::Compressed), 0.5, 0.7), rng);
  run_both(random_fitting_work(rng, make_config(3, 5, 2, 2, 200, Mode::Dense), 0.7, 0.7), rng);
}

// Zero patterns: everything zero, leading and consecutive empty columns, empty segments, empty
// weight columns, a weight block with no nonzero at all.
TEST(PeEdge, ZeroPatterns) {
  Rng rng = tb::test_rng();
  for (Mode mode : {Mode::Compressed, Mode::Dense}) {
    const PeConfig cfg = make_config(3, 6, 3, 1, 6, mode);
    auto some = [&](int, int) { return static_cast<int16_t>(rng.uniform(1, 100)); };
    auto wsome = [&](int, int, int) { return static_cast<int8_t>(rng.uniform(-100, 100) | 1); };
    run_both(with_values(
                 cfg, [](int, int) { return int16_t{0}; }, wsome),
             rng);                                                                   // no iact
    run_both(with_values(cfg, some, [](int, int, int) { return int8_t{0}; }), rng);  // no weight
    run_both(with_values(
                 cfg, [](int, int) { return int16_t{0}; }, [](int, int, int) { return int8_t{0}; }),
             rng);
    // Only x = 5 and x = 6 nonzero: leading and consecutive empty columns and segments.
    run_both(with_values(
                 cfg, [&](int c, int x) { return static_cast<int16_t>(x == 5 || x == 6 ? c + 1 : 0); }, wsome),
             rng);
    // Only channel C0-1 nonzero: every column starts with a zero run.
    run_both(with_values(
                 cfg, [&](int c, int) { return static_cast<int16_t>(c == 2 ? 7 : 0); }, wsome),
             rng);
    // Weight columns (c, s) with s == 1 all zero: iacts there are dropped after stage 3.
    run_both(with_values(cfg, some, [&](int m, int, int s) { return static_cast<int8_t>(s == 1 ? 0 : m - 3); }), rng);
  }
}

// Zero runs longer than 15 in a weight column are broken by explicit zero words (count 15).
TEST(PeEdge, WeightRunBreakers) {
  Rng rng = tb::test_rng();
  const PeConfig cfg = make_config(2, 32, 2, 1, 4, Mode::Compressed);
  // Column (c, s): one nonzero at row 31, or rows 0 and 31, or 16 and 31: runs of 31, 30, 15 zeros.
  auto w = with_values(
      cfg, [&](int, int) { return static_cast<int16_t>(rng.uniform(1, 50)); },
      [](int m, int c, int s) {
        const int k = s * 2 + c;
        if (m == 31) return int8_t{-77};
        if (k == 1 && m == 0) return int8_t{5};
        if (k == 2 && m == 16) return int8_t{-128};
        return int8_t{0};
      });
  const auto block = weight_block(w);
  int breakers = 0;
  for (uint32_t p : block.words24)
    for (uint16_t h : {csc::pair_first(p), csc::pair_second(p)}) breakers += h == csc::kRunBreaker;
  EXPECT_GE(breakers, 3) << "the test data must contain run breakers";
  run_both(w, rng);
}

// Operand extremes: -128 x -128 (largest product), 255 x -128 (unsigned iacts), mixed.
TEST(PeArith, ExtremeValues) {
  Rng rng = tb::test_rng();
  for (Mode mode : {Mode::Compressed, Mode::Dense}) {
    run_both(with_values(
                 make_config(4, 8, 3, 1, 4, mode, Sign::Signed), [](int, int) { return int16_t{-128}; },
                 [](int, int, int) { return int8_t{-128}; }),
             rng);
    run_both(with_values(
                 make_config(4, 8, 3, 1, 4, mode, Sign::Unsigned), [](int, int) { return int16_t{255}; },
                 [](int, int, int) { return int8_t{-128}; }),
             rng);
    run_both(
        with_values(
            make_config(4, 8, 3, 1, 4, mode, Sign::Signed),
            [](int c, int x) { return static_cast<int16_t>((c + x) % 3 == 0 ? -128 : ((c + x) % 3 == 1 ? 127 : -1)); },
            [](int m, int c, int s) { return static_cast<int8_t>((m + c + s) % 2 ? 127 : -128); }),
        rng);
  }
}

// The same bytes read as signed and as unsigned iacts give different psums.
TEST(PeArith, SignednessMatters) {
  Rng rng = tb::test_rng();
  for (Mode mode : {Mode::Compressed, Mode::Dense}) {
    PeWork u = random_fitting_work(rng, make_config(3, 6, 3, 1, 5, mode, Sign::Unsigned), 0.8, 0.8);
    for (auto& v : u.iacts) v = static_cast<int16_t>(v | 0x80);  // every nonzero iact >= 128
    for (auto& v : u.iacts) v = v == 0x80 ? 0 : v;
    PeWork s = u;
    s.cfg.sign = Sign::Signed;
    for (auto& v : s.iacts) v = static_cast<int16_t>(static_cast<int8_t>(v & 0xff));
    EXPECT_NE(reference(u).psum, reference(s).psum);
    run_both(u, rng);
    run_both(s, rng);
  }
}

// Incoming psums: the PE adds psum_i to its own psums word by word.
TEST(PePsum, InputStream) {
  Rng rng = tb::test_rng();
  for (Mode mode : {Mode::Compressed, Mode::Dense}) {
    for (int M0 : {1, 2, 7, 16, 17, 32}) {
      PeConfig cfg = make_config(2, M0, 2, 1, 5, mode);
      cfg.psum_in = true;
      run_both(random_fitting_work(rng, cfg, 0.6, 0.6), rng);
    }
  }
}

// A sum that leaves the 20-bit range wraps exactly like the reference model's.
TEST(PePsum, WrapAround) {
  Rng rng = tb::test_rng();
  for (Mode mode : {Mode::Compressed, Mode::Dense}) {
    PeConfig cfg = make_config(4, 6, 3, 1, 4, mode, Sign::Unsigned);
    cfg.psum_in = true;
    // Positive overflow: 255 x 127 x 12 on top of PSUM_MAX - 1000; negative: x -128 below PSUM_MIN.
    for (int8_t wv : {int8_t{127}, int8_t{-128}}) {
      PeWork w = with_values(
          cfg, [](int, int) { return int16_t{255}; }, [&](int, int, int) { return wv; });
      w.psum_init.assign(static_cast<size_t>(cfg.F) * cfg.M0, wv > 0 ? PSUM_MAX - 1000 : PSUM_MIN + 1000);
      const PeGolden g = reference(w);
      EXPECT_EQ(g.overflow, static_cast<uint64_t>(cfg.F) * cfg.M0) << "every output must overflow";
      run_both(w, rng);
    }
  }
}

// A psum chain over passes: each pass's output is the next pass's psum input (as when the input
// channels of a layer are split over several passes of one PE), and the final psums wrap.
TEST(PePsum, ChainOverPasses) {
  Rng rng = tb::test_rng();
  PeConfig cfg = make_config(4, 10, 3, 1, 6, Mode::Compressed, Sign::Unsigned);
  cfg.psum_in = true;
  std::vector<PeWork> passes;
  std::vector<int32_t> psum(static_cast<size_t>(cfg.F) * cfg.M0, 0);
  int64_t exact_max = 0;
  for (int p = 0; p < 6; ++p) {
    PeWork w = with_values(
        cfg, [&](int, int) { return static_cast<int16_t>(rng.uniform(200, 255)); },
        [&](int, int, int) { return static_cast<int8_t>(rng.uniform(100, 127)); });
    w.psum_init = psum;
    psum = reference(w).psum;
    passes.push_back(w);
    exact_max += 12LL * 255 * 127;
  }
  EXPECT_GT(exact_max, PSUM_MAX) << "the chain must overflow 20 bits";
  run_passes(passes, rng);
  run_passes(passes, rng, PeStalls::all(0.3));
}

// A pass may reuse the weights the previous pass loaded (new iacts, stride, windows, signedness).
TEST(PeWeights, ReuseAcrossPasses) {
  Rng rng = tb::test_rng();
  for (Mode mode : {Mode::Compressed, Mode::Dense}) {
    PeWork a = random_fitting_work(rng, make_config(3, 9, 3, 1, 5, mode), 0.6, 0.5);
    PeConfig cb = a.cfg;
    cb.load_weights = false;
    cb.U = 2;
    cb.F = 7;
    cb.sign = Sign::Unsigned;
    PeWork b = random_fitting_work(rng, cb, 0.5, 0.5);
    b.weights = a.weights;
    PeConfig cc = a.cfg;
    cc.load_weights = false;
    cc.psum_in = true;
    PeWork c = random_fitting_work(rng, cc, 0.7, 0.5);
    c.weights = a.weights;
    run_passes({a, b, c}, rng);
    run_passes({a, b, c}, rng, PeStalls::all(0.5));
  }
}

// Only psum_o stalls, for a long time: the PE must hold its output and stop cleanly.
TEST(PeStall, OutputBackpressure) {
  Rng rng = tb::test_rng();
  PeStalls st;
  st.psum_out = 0.95;
  run_passes({random_fitting_work(rng, make_config(2, 16, 3, 1, 8, Mode::Dense), 1.0, 1.0)}, rng, st);
  st.psum_out = 0;
  st.psum_in = 0.95;
  PeConfig cfg = make_config(2, 8, 3, 1, 8, Mode::Compressed);
  cfg.psum_in = true;
  run_passes({random_fitting_work(rng, cfg, 0.5, 0.5)}, rng, st);
}

}  // namespace
}  // namespace ev2::pe
