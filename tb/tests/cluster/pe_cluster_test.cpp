// The PE cluster (docs/cluster.md) computing real row-stationary CONV slices, driven directly at
// its router-side ports: filter row r on PE row r, output-channel group j on PE column j, the
// iact row e*U + r multicast to the PEs of row r, weights unicast per PE (loaded once, reused by
// the following passes), initial psums injected at the bottom of each column, one output row per
// pass. The psums leaving the top of each column are compared bit-exactly with ev2::conv2d over
// the whole slice. Random sparsity, both modes, signed and unsigned iacts, random stalls on every
// port.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "Vpe_cluster.h"
#include "cluster_tb.hpp"
#include "harness/scoreboard.hpp"
#include "harness/seed.hpp"
#include "harness/stream.hpp"
#include "model/arith.hpp"
#include "model/conv.hpp"
#include "pe/pe_driver.hpp"
#include "pe/pe_gen.hpp"
#include "pe/pe_host.hpp"
#include "rtlsim/sim.hpp"

namespace ev2::cl {
namespace {

using pe::PeConfig;
using pe::PeWork;
using pe::PsumWord;
using tb::Rng;
using tb::Sim;

constexpr int kRows = 3, kCols = 4, kNumPe = kRows * kCols;
constexpr int kCfgW = pe::cfgw::Width, kDW = 24, kPW = 40;

struct Stalls {
  double cfg = 0, iact = 0, weight = 0, psum_in = 0, psum_out = 0;
};

// Every port of the cluster driven from C++.
class ClusterBench {
 public:
  ClusterBench(Sim<Vpe_cluster>& sim, Rng& rng, Stalls st) : sim_(sim) {
    auto& d = sim_.dut();
    d.cfg_valid_i = 0;
    d.pe_iact_valid_i = 0;
    d.pe_weight_valid_i = 0;
    d.pe_psum_valid_i = 0;
    d.pe_psum_ready_i = 0;
    set_zero(d.cfg_data_i);
    set_zero(d.pe_iact_data_i);
    set_zero(d.pe_weight_data_i);
    set_zero(d.pe_psum_data_i);
    for (int p = 0; p < kNumPe; ++p) {
      cfg_.push_back(std::make_unique<tb::StreamSource<uint64_t>>(
          fmt::format("cfg{}", p),
          [this, p](bool v, const uint64_t& w) {
            set_bit(dut().cfg_valid_i, p, v);
            set_bits(dut().cfg_data_i, p * kCfgW, kCfgW, w);
          },
          [this, p] { return get_bit(dut().cfg_ready_o, p); }, rng.fork(), st.cfg));
      wght_.push_back(std::make_unique<tb::StreamSource<uint32_t>>(
          fmt::format("weight{}", p),
          [this, p](bool v, const uint32_t& w) {
            set_bit(dut().pe_weight_valid_i, p, v);
            set_bits(dut().pe_weight_data_i, p * kDW, kDW, w);
          },
          [this, p] { return get_bit(dut().pe_weight_ready_o, p); }, rng.fork(), st.weight));
    }
    for (int r = 0; r < kRows; ++r) {
      std::vector<MulticastSource<uint32_t>::Setter> set;
      std::vector<MulticastSource<uint32_t>::ReadyGetter> ready;
      for (int j = 0; j < kCols; ++j) {
        const int p = r * kCols + j;
        set.emplace_back([this, p](bool v, const uint32_t& w) {
          set_bit(dut().pe_iact_valid_i, p, v);
          set_bits(dut().pe_iact_data_i, p * kDW, kDW, w);
        });
        ready.emplace_back([this, p] { return get_bit(dut().pe_iact_ready_o, p); });
      }
      iact_.push_back(
          std::make_unique<MulticastSource<uint32_t>>(fmt::format("iact row {}", r), set, ready, rng.fork(), st.iact));
    }
    for (int j = 0; j < kCols; ++j) {
      psin_.push_back(std::make_unique<tb::StreamSource<uint64_t>>(
          fmt::format("psum_in{}", j),
          [this, j](bool v, const uint64_t& w) {
            set_bit(dut().pe_psum_valid_i, j, v);
            set_bits(dut().pe_psum_data_i, j * kPW, kPW, w);
          },
          [this, j] { return get_bit(dut().pe_psum_ready_o, j); }, rng.fork(), st.psum_in));
      sb_.push_back(std::make_unique<tb::Scoreboard<PsumWord>>(fmt::format("column {} psum_o", j)));
      psout_.push_back(std::make_unique<tb::StreamSink<PsumWord>>(
          fmt::format("psum_out{}", j), [this, j](bool r) { set_bit(dut().pe_psum_ready_i, j, r); },
          [this, j] { return get_bit(dut().pe_psum_valid_o, j); },
          [this, j] { return PsumWord{get_bits(dut().pe_psum_data_o, j * kPW, kPW)}; }, rng.fork(), st.psum_out));
      psout_.back()->keep_words(false);
      psout_.back()->on_word([this, j](const PsumWord& w) { sb_[j]->observe(w); });
    }
    for (auto& s : cfg_) sim_.add(*s);
    for (auto& s : wght_) sim_.add(*s);
    for (auto& s : iact_) sim_.add(*s);
    for (auto& s : psin_) sim_.add(*s);
    for (auto& s : psout_) sim_.add(*s);
  }

  Vpe_cluster& dut() { return sim_.dut(); }

  // PE (r, j)'s pass: configuration and weights; the iact stream goes to the row's multicast.
  void pe_pass(int r, int j, const pe::PeStreams& s) {
    const int p = r * kCols + j;
    cfg_[p]->push(s.cfg);
    wght_[p]->push(s.weight.begin(), s.weight.end());
  }
  void row_iacts(int r, const std::vector<uint32_t>& words) { iact_[r]->push(words.begin(), words.end()); }
  void column_psum_in(int j, const std::vector<uint64_t>& words) { psin_[j]->push(words.begin(), words.end()); }
  void expect_top(int j, const std::vector<uint64_t>& words) {
    for (uint64_t w : words) sb_[j]->expect(PsumWord{w});
  }

  uint64_t run(uint64_t max_cycles) {
    const uint64_t n = sim_.run_until(
        [this] {
          for (auto& s : sb_)
            if (!s->drained()) return false;
          for (auto& s : cfg_)
            if (!s->idle()) return false;
          return dut().busy_o == 0;
        },
        max_cycles, "every column's psums out, PEs idle");
    for (auto& s : sb_) s->check_drained();
    for (int p = 0; p < kNumPe; ++p)
      if (!wght_[p]->idle())
        throw tb::SimError(fmt::format("PE {} weight port: {} word(s) never taken", p, wght_[p]->pending()));
    for (int r = 0; r < kRows; ++r)
      if (!iact_[r]->idle())
        throw tb::SimError(fmt::format("iact row {}: {} word(s) never taken", r, iact_[r]->pending()));
    for (int j = 0; j < kCols; ++j)
      if (!psin_[j]->idle())
        throw tb::SimError(fmt::format("column {} psum_i: {} word(s) never taken", j, psin_[j]->pending()));
    return n;
  }

 private:
  Sim<Vpe_cluster>& sim_;
  std::vector<std::unique_ptr<tb::StreamSource<uint64_t>>> cfg_;
  std::vector<std::unique_ptr<tb::StreamSource<uint32_t>>> wght_;
  std::vector<std::unique_ptr<MulticastSource<uint32_t>>> iact_;
  std::vector<std::unique_ptr<tb::StreamSource<uint64_t>>> psin_;
  std::vector<std::unique_ptr<tb::StreamSink<PsumWord>>> psout_;
  std::vector<std::unique_ptr<tb::Scoreboard<PsumWord>>> sb_;
};

// A CONV slice for one cluster: R = 3 filter rows (one per PE row), M = 4 * M0 output channels
// (M0 per column), E output rows = E passes.
struct Slice {
  LayerShape shape;
  ActTensor iacts;
  WeightTensor weights;
  PsumTensor init;     // injected at the bottom of each column (zeros when !inject)
  bool inject = true;  // bottom PEs take initial psums
  csc::Mode mode = csc::Mode::Compressed;
  csc::Sign sign = csc::Sign::Signed;
  int M0 = 1;
};

// Random slice: C0 = C input channels, S, U (any_stride: 1..3), sparsity from the PE test mix.
Slice random_slice(Rng& rng, csc::Mode mode, bool inject) {
  Slice sl;
  auto& sh = sl.shape;
  sl.mode = mode;
  sl.inject = inject;
  sl.sign = rng.bernoulli(0.5) ? csc::Sign::Signed : csc::Sign::Unsigned;
  sh.name = "cluster_slice";
  sh.kind = LayerKind::Conv;
  sh.N = 1;
  sh.R = kRows;
  sh.C = static_cast<int>(rng.uniform(1, 4));
  sh.S = static_cast<int>(rng.uniform(1, 3));
  sh.U = static_cast<int>(rng.uniform(1, 2));
  sl.M0 = static_cast<int>(rng.uniform(1, 8));
  sh.M = kCols * sl.M0;
  const int E = static_cast<int>(rng.uniform(2, 6)), F = static_cast<int>(rng.uniform(3, 16));
  sh.H = (E - 1) * sh.U + sh.R;
  sh.W = (F - 1) * sh.U + sh.S;
  static const std::vector<double> dens = {1.0, 0.75, 0.5, 0.25, 0.05};
  const double di = rng.pick(dens), dw = rng.pick(dens);
  const bool is_signed = sl.sign == csc::Sign::Signed;
  sl.iacts = ActTensor(1, sh.C, sh.H, sh.W);
  for (auto& v : sl.iacts.data()) v = rng.bernoulli(di) ? pe::random_nonzero(rng, is_signed) : 0;
  sl.weights = WeightTensor(sh.M, sh.C, sh.R, sh.S);
  for (auto& v : sl.weights.data()) v = static_cast<int8_t>(rng.bernoulli(dw) ? pe::random_nonzero(rng, true) : 0);
  sl.init = PsumTensor(1, sh.M, E, F);
  if (inject)
    for (auto& v : sl.init.data()) v = static_cast<int32_t>(rng.uniform(PSUM_MIN, PSUM_MAX));
  return sl;
}

// PE (r, j)'s pass for output row e.
PeWork pe_work(const Slice& sl, int r, int j, int e) {
  const auto& sh = sl.shape;
  PeWork w;
  PeConfig& c = w.cfg;
  c.C0 = sh.C;
  c.M0 = sl.M0;
  c.S = sh.S;
  c.U = sh.U;
  c.F = sh.F();
  c.mode = sl.mode;
  c.sign = sl.sign;
  c.psum_in = r > 0 || sl.inject;
  c.load_weights = e == 0;
  const int y = e * sh.U + r;
  w.iacts.resize(static_cast<size_t>(c.C0) * c.width());
  for (int x = 0; x < c.width(); ++x)
    for (int ch = 0; ch < c.C0; ++ch) w.iacts[static_cast<size_t>(x) * c.C0 + ch] = sl.iacts.at(0, ch, y, x);
  w.weights.resize(static_cast<size_t>(c.M0) * c.C0 * c.S);
  for (int m = 0; m < c.M0; ++m)
    for (int ch = 0; ch < c.C0; ++ch)
      for (int s = 0; s < c.S; ++s)
        w.weights[(static_cast<size_t>(m) * c.C0 + ch) * c.S + s] = sl.weights.at(j * sl.M0 + m, ch, r, s);
  if (c.psum_in) {
    w.psum_init.assign(static_cast<size_t>(c.F) * c.M0, 0);
    if (r == 0)
      for (int f = 0; f < c.F; ++f)
        for (int m = 0; m < c.M0; ++m)
          w.psum_init[static_cast<size_t>(f) * c.M0 + m] = sl.init.at(0, j * sl.M0 + m, e, f);
  }
  return w;
}

// Every pass's streams; false if some PE pass does not fit the SPads (draw new data).
bool fits(const Slice& sl) {
  for (int e = 0; e < sl.shape.E(); ++e)
    for (int r = 0; r < kRows; ++r)
      for (int j = 0; j < kCols; ++j)
        if (!pe::check_work(pe_work(sl, r, j, e))) return false;
  return true;
}

Slice fitting_slice(Rng& rng, csc::Mode mode, bool inject) {
  for (int attempt = 0; attempt < 500; ++attempt) {
    Slice sl = random_slice(rng, mode, inject);
    if (fits(sl)) return sl;
  }
  throw tb::SimError("no fitting slice");
}

std::string describe(const Slice& sl) {
  const auto& sh = sl.shape;
  return fmt::format("C={} M={} (M0={}) H={} W={} R={} S={} U={} E={} F={} {} {} {}", sh.C, sh.M, sl.M0, sh.H, sh.W,
                     sh.R, sh.S, sh.U, sh.E(), sh.F(), sl.mode == csc::Mode::Dense ? "dense" : "compressed",
                     sl.sign == csc::Sign::Signed ? "signed" : "unsigned", sl.inject ? "init psums" : "no init");
}

// Runs the slice on the cluster: E passes, weights loaded in the first; returns cycles.
uint64_t run_slice(const Slice& sl, Rng& rng, Stalls st) {
  SCOPED_TRACE(describe(sl));
  const auto& sh = sl.shape;
  const ConvResult gold = sl.inject ? conv2d(sh, sl.iacts, sl.weights, sl.init) : conv2d(sh, sl.iacts, sl.weights);
  Sim<Vpe_cluster> sim;
  ClusterBench b(sim, rng, st);
  uint64_t words = 0;
  for (int e = 0; e < sh.E(); ++e) {
    for (int r = 0; r < kRows; ++r) {
      for (int j = 0; j < kCols; ++j) {
        const pe::PeStreams s = pe::encode(pe_work(sl, r, j, e));
        b.pe_pass(r, j, s);
        if (j == 0) b.row_iacts(r, s.iact);  // the same row for every PE of row r
        if (r == 0) b.column_psum_in(j, s.psum_in);
      }
    }
    for (int j = 0; j < kCols; ++j) {
      std::vector<int32_t> fm(static_cast<size_t>(sh.F()) * sl.M0);
      for (int f = 0; f < sh.F(); ++f)
        for (int m = 0; m < sl.M0; ++m) fm[static_cast<size_t>(f) * sl.M0 + m] = gold.psum.at(0, j * sl.M0 + m, e, f);
      const auto packed = pe::pack_psums(fm, sh.F(), sl.M0);
      words += packed.size();
      b.expect_top(j, packed);
    }
  }
  sim.reset();
  const uint64_t cycles = b.run(400'000);
  EXPECT_GT(words, 0u);
  if (std::getenv("EV2_VERBOSE")) fmt::print("  {}: {} psum words checked, {} cycles\n", describe(sl), words, cycles);
  return cycles;
}

Stalls random_stalls(Rng& rng) {
  static const std::vector<double> p = {0.0, 0.2, 0.5};
  return {rng.pick(p), rng.pick(p), rng.pick(p), rng.pick(p), rng.pick(p)};
}

TEST(PeCluster, ConvSliceNoStalls) {
  Rng rng = tb::test_rng();
  for (csc::Mode mode : {csc::Mode::Compressed, csc::Mode::Dense}) run_slice(fitting_slice(rng, mode, true), rng, {});
}

// Random slices, multi-pass with weight reuse, random stalls on every port.
TEST(PeCluster, ConvSliceRandom) {
  Rng rng = tb::test_rng();
  for (int i = 0; i < 60; ++i) {
    const csc::Mode mode = rng.bernoulli(0.5) ? csc::Mode::Dense : csc::Mode::Compressed;
    const Slice sl = fitting_slice(rng, mode, rng.bernoulli(0.7));
    run_slice(sl, rng, random_stalls(rng));
  }
}

// Heavy backpressure at the top and starved inputs: the chains must neither drop nor duplicate.
TEST(PeCluster, ConvSliceHeavyStalls) {
  Rng rng = tb::test_rng();
  run_slice(fitting_slice(rng, csc::Mode::Compressed, true), rng, {0.3, 0.6, 0.6, 0.8, 0.9});
  run_slice(fitting_slice(rng, csc::Mode::Dense, true), rng, {0.0, 0.0, 0.0, 0.0, 0.95});
}

}  // namespace
}  // namespace ev2::cl
