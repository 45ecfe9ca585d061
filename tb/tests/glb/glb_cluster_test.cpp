// The GLB cluster (docs/glb.md, "GLB cluster"): iact banks in bypass and store+read modes with
// reuse loop nests, psum banks accumulating over several passes through an emulated PE column
// (C++ adds each pass's contribution to the psums the bank streams out and returns them to the
// bank's write side), then drained. Every port stalls at random; outputs are compared with C++
// models of the banks (address sequences from the loop nests, memory contents).
#include <gtest/gtest.h>

#include <array>
#include <deque>
#include <memory>
#include <vector>

#include <fmt/core.h>

#include "Vglb_cluster.h"
#include "harness/port_bits.hpp"
#include "harness/scoreboard.hpp"
#include "harness/seed.hpp"
#include "harness/stream.hpp"
#include "rtlsim/sim.hpp"
#include "interface/ev2_interface.hpp"
#include "tests/common/agu_config.hpp"

namespace ev2::cl {
namespace {

using tb::get_bit;
using tb::get_bits;
using tb::Rng;
using tb::set_bit;
using tb::set_bits;
using tb::set_zero;
using tb::Sim;
using Nest = tb::AguConfig<4, 9, 10>;

constexpr int kIactBanks = iface::kIactBanks, kPsumBanks = 4;
constexpr int kDW = 24, kPW = 40;
constexpr int kIactDepth = iface::kIactBankWords, kPsumDepth = iface::kPsumBankWords;
constexpr uint32_t kMask24 = (1u << 24) - 1;
constexpr uint64_t kMask40 = (uint64_t{1} << 40) - 1;

// The configuration word (generated layout, docs/interface.md) as the three 32-bit words of the
// Verilated 96-bit port.
struct CfgWord {
  std::array<uint32_t, 3> w{};
};

CfgWord cfg_word(const Nest& n, bool start, bool wait_wr, bool mode) {
  iface::GlbCfg g;
  g.base = n.base;
  for (size_t k = 0; k < 4; ++k) {
    g.count[k] = n.count[k];
    g.stride[k] = static_cast<uint64_t>(static_cast<uint32_t>(n.stride[k]));  // cut to the field
  }
  g.start = start;
  g.wait_wr = wait_wr;
  g.mode = mode;
  const auto p = g.pack();
  return CfgWord{{static_cast<uint32_t>(p[0]), static_cast<uint32_t>(p[0] >> 32), static_cast<uint32_t>(p[1])}};
}

int32_t lane(uint64_t w, int i) {
  const uint32_t v = static_cast<uint32_t>(w >> (20 * i)) & 0xfffff;
  return static_cast<int32_t>(v << 12) >> 12;
}
uint64_t add_psums(uint64_t a, uint64_t b) {
  uint64_t out = 0;
  for (int i = 0; i < 2; ++i)
    out |= (static_cast<uint64_t>(static_cast<uint32_t>(lane(a, i) + lane(b, i)) & 0xfffff)) << (20 * i);
  return out;
}

struct Word40 {
  uint64_t bits = 0;
  bool last = false;
  bool operator==(const Word40& o) const { return bits == o.bits && last == o.last; }
};

}  // namespace
}  // namespace ev2::cl

template <>
struct fmt::formatter<ev2::cl::Word40> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  template <class Ctx>
  auto format(const ev2::cl::Word40& w, Ctx& ctx) const {
    return fmt::format_to(ctx.out(), "0x{:010x}{}", w.bits, w.last ? " (last)" : "");
  }
};

namespace ev2::cl {
namespace {

class GlbBench {
 public:
  GlbBench(Rng& rng, double stall) : rng_(rng) {
    auto& d = sim_.dut();
    d.cfg_we_i = 0;
    d.cfg_bank_i = 0;
    d.cfg_side_i = 0;
    set_zero(d.cfg_data_i);
    d.ext_iact_valid_i = 0;
    set_zero(d.ext_iact_data_i);
    d.glb_iact_ready_i = 0;
    d.glb_psum_ready_i = 0;
    d.glb_psum_valid_i = 0;
    set_zero(d.glb_psum_data_i);
    d.drain_ready_i = 0;
    for (int k = 0; k < kIactBanks; ++k) {
      ext_.push_back(std::make_unique<tb::StreamSource<uint32_t>>(
          fmt::format("ext_iact{}", k),
          [this, k](bool v, const uint32_t& w) {
            set_bit(dut().ext_iact_valid_i, k, v);
            set_bits(dut().ext_iact_data_i, k * kDW, kDW, w);
          },
          [this, k] { return get_bit(dut().ext_iact_ready_o, k); }, rng.fork(), stall));
      iact_sb_.push_back(std::make_unique<tb::Scoreboard<uint32_t>>(fmt::format("glb_iact{}", k)));
      iact_out_.push_back(std::make_unique<tb::StreamSink<uint32_t>>(
          fmt::format("glb_iact{}", k), [this, k](bool r) { set_bit(dut().glb_iact_ready_i, k, r); },
          [this, k] { return get_bit(dut().glb_iact_valid_o, k); },
          [this, k] { return static_cast<uint32_t>(get_bits(dut().glb_iact_data_o, k * kDW, kDW)); }, rng.fork(),
          stall));
      iact_out_.back()->on_word([this, k](const uint32_t& w) { iact_sb_[k]->observe(w); });
    }
    for (int j = 0; j < kPsumBanks; ++j) {
      // Emulated PE column: psums out of the bank, plus this pass's contribution, back in.
      back_.push_back(std::make_unique<tb::StreamSource<uint64_t>>(
          fmt::format("column{} top", j),
          [this, j](bool v, const uint64_t& w) {
            set_bit(dut().glb_psum_valid_i, j, v);
            set_bits(dut().glb_psum_data_i, j * kPW, kPW, w);
          },
          [this, j] { return get_bit(dut().glb_psum_ready_o, j); }, rng.fork(), stall));
      contrib_.emplace_back();
      to_col_.push_back(std::make_unique<tb::StreamSink<uint64_t>>(
          fmt::format("column{} bottom", j), [this, j](bool r) { set_bit(dut().glb_psum_ready_i, j, r); },
          [this, j] { return get_bit(dut().glb_psum_valid_o, j); },
          [this, j] { return get_bits(dut().glb_psum_data_o, j * kPW, kPW); }, rng.fork(), stall));
      to_col_.back()->on_word([this, j](const uint64_t& w) {
        if (contrib_[j].empty()) throw tb::SimError(fmt::format("psum bank {}: unexpected word to the PE column", j));
        back_[j]->push(add_psums(w, contrib_[j].front()));
        contrib_[j].pop_front();
      });
      drain_sb_.push_back(std::make_unique<tb::Scoreboard<Word40>>(fmt::format("drain{}", j)));
      drain_.push_back(std::make_unique<tb::StreamSink<Word40>>(
          fmt::format("drain{}", j), [this, j](bool r) { set_bit(dut().drain_ready_i, j, r); },
          [this, j] { return get_bit(dut().drain_valid_o, j); },
          [this, j] {
            return Word40{get_bits(dut().drain_data_o, j * kPW, kPW), get_bit(dut().drain_last_o, j)};
          },
          rng.fork(), stall));
      drain_.back()->on_word([this, j](const Word40& w) { drain_sb_[j]->observe(w); });
    }
    for (auto& c : ext_) sim_.add(*c);
    for (auto& c : iact_out_) sim_.add(*c);
    for (auto& c : back_) sim_.add(*c);
    for (auto& c : to_col_) sim_.add(*c);
    for (auto& c : drain_) sim_.add(*c);
    sim_.reset();
  }

  Vglb_cluster& dut() { return sim_.dut(); }
  Sim<Vglb_cluster>& sim() { return sim_; }

  // One configuration write (one cycle).
  void write_cfg(int bank, int side, const CfgWord& c) {
    dut().cfg_we_i = 1;
    dut().cfg_bank_i = bank;
    dut().cfg_side_i = side;
    for (int i = 0; i < 3; ++i) dut().cfg_data_i[i] = c.w[i];
    sim_.step();
    dut().cfg_we_i = 0;
  }

  void run_until_idle(const char* what) {
    sim_.run_until(
        [this] {
          for (auto& s : iact_sb_)
            if (!s->drained()) return false;
          for (auto& s : drain_sb_)
            if (!s->drained()) return false;
          for (auto& s : ext_)
            if (!s->idle()) return false;
          for (auto& s : back_)
            if (!s->idle()) return false;
          return dut().wr_busy_o == 0 && dut().rd_busy_o == 0;
        },
        200'000, what);
    for (int j = 0; j < kPsumBanks; ++j)
      if (!contrib_[j].empty())
        throw tb::SimError(fmt::format("psum bank {}: {} psum words never read", j, contrib_[j].size()));
  }

  std::vector<std::unique_ptr<tb::StreamSource<uint32_t>>> ext_;
  std::vector<std::unique_ptr<tb::StreamSink<uint32_t>>> iact_out_;
  std::vector<std::unique_ptr<tb::Scoreboard<uint32_t>>> iact_sb_;
  std::vector<std::unique_ptr<tb::StreamSource<uint64_t>>> back_;
  std::vector<std::deque<uint64_t>> contrib_;
  std::vector<std::unique_ptr<tb::StreamSink<uint64_t>>> to_col_;
  std::vector<std::unique_ptr<tb::StreamSink<Word40>>> drain_;
  std::vector<std::unique_ptr<tb::Scoreboard<Word40>>> drain_sb_;

 private:
  Rng& rng_;
  Sim<Vglb_cluster> sim_;
};

// A random loop nest whose addresses stay below depth.
Nest random_nest(Rng& rng, int depth, int max_count, int max_len) {
  for (;;) {
    Nest n = Nest::random(rng, max_count, max_len);
    bool ok = true;
    for (uint32_t a : n.sequence()) ok = ok && a < static_cast<uint32_t>(depth);
    if (ok) return n;
  }
}

Nest linear(uint32_t base, uint32_t n) {
  Nest c;
  c.base = base;
  c.count = {n, 0, 0, 0};
  c.stride = {1, 0, 0, 0};
  return c;
}

// iact bank k in bypass: words go straight through, in order.
void bypass_bank(GlbBench& b, Rng& rng, int k, int n) {
  b.write_cfg(k, 0, cfg_word(linear(0, 1), false, false, true));
  for (int i = 0; i < n; ++i) {
    const uint32_t w = static_cast<uint32_t>(rng.next()) & kMask24;
    b.ext_[k]->push(w);
    b.iact_sb_[k]->expect(w);
  }
}

// iact bank k: fill with a write nest, then read it with a reuse nest (read waits for the
// write); the read nest only visits written addresses.
void store_bank(GlbBench& b, Rng& rng, int k, bool random_write) {
  std::vector<int64_t> mem(kIactDepth, -1);
  Nest wr =
      random_write ? random_nest(rng, kIactDepth, 6, 150) : linear(static_cast<uint32_t>(rng.uniform(0, 200)), 200);
  std::vector<uint32_t> words;
  for (uint32_t a : wr.sequence()) {
    const uint32_t w = static_cast<uint32_t>(rng.next()) & kMask24;
    mem[a] = w;
    words.push_back(w);
  }
  Nest rd;
  for (;;) {
    if (!random_write && rng.bernoulli(0.5)) {
      // sliding windows: a window of L words re-read at every step of U words (iact row reuse)
      const uint32_t L = static_cast<uint32_t>(rng.uniform(2, 12)), U = static_cast<uint32_t>(rng.uniform(1, 4));
      rd.base = wr.base;
      rd.count = {L, static_cast<uint32_t>(rng.uniform(1, 20)), static_cast<uint32_t>(rng.uniform(1, 3)), 0};
      rd.stride = {1, static_cast<int32_t>(U), 0, 0};
    } else {
      rd = random_nest(rng, kIactDepth, 8, 300);
      if (rng.bernoulli(0.7)) rd.base = wr.base;
    }
    bool ok = true;
    for (uint32_t a : rd.sequence()) ok = ok && mem[a] >= 0;
    if (ok) break;
  }
  for (uint32_t a : rd.sequence()) b.iact_sb_[k]->expect(static_cast<uint32_t>(mem[a]));
  b.write_cfg(k, 0, cfg_word(wr, true, false, false));
  b.write_cfg(k, 1, cfg_word(rd, true, true, false));
  b.ext_[k]->push(words.begin(), words.end());  // after the mode is set: not into the bypass
}

void iact_round(Rng& rng, double stall) {
  GlbBench b(rng, stall);
  // Round 1: bank 0 bypass, bank 1 store with a sliding-window read, bank 2 random nests.
  bypass_bank(b, rng, 0, 300);
  store_bank(b, rng, 1, false);
  store_bank(b, rng, 2, true);
  b.run_until_idle("iact round 1");
  // Round 2: modes swapped (bank 0 store, bank 1 bypass), bank 2 again.
  store_bank(b, rng, 0, false);
  bypass_bank(b, rng, 1, 200);
  b.write_cfg(2, 0, cfg_word(linear(0, 1), false, false, false));
  store_bank(b, rng, 2, rng.bernoulli(0.5));
  b.run_until_idle("iact round 2");
  for (int k = 0; k < kIactBanks; ++k) EXPECT_GT(b.iact_sb_[k]->matched(), 0u);
}

TEST(GlbCluster, IactBypassAndStoreNoStalls) {
  Rng rng = tb::test_rng();
  iact_round(rng, 0.0);
}

TEST(GlbCluster, IactBypassAndStoreStalls) {
  Rng rng = tb::test_rng();
  for (double st : {0.2, 0.5, 0.8}) iact_round(rng, st);
}

// A psum-bank pass order: the same distinct addresses read and written in one pass.
Nest psum_nest(Rng& rng, int n0, int n1) {
  Nest c;
  c.base = static_cast<uint32_t>(rng.uniform(0, kPsumDepth - n0 * n1));
  c.count = {static_cast<uint32_t>(n0), static_cast<uint32_t>(n1), 0, 0};
  if (rng.bernoulli(0.5))
    c.stride = {1, n0, 0, 0};  // window after window
  else
    c.stride = {n1, 1, 0, 0};  // transposed order
  return c;
}

// Psum accumulation over `passes` passes in all four psum banks at once: pass 0 stores the
// column's first psums, every later pass streams the stored psums into the (emulated) column and
// stores what comes back, the drain reads the final psums.
void psum_accumulate(Rng& rng, double stall, int passes) {
  GlbBench b(rng, stall);
  std::array<Nest, kPsumBanks> nest;
  std::array<std::vector<uint64_t>, kPsumBanks> sum;
  for (int j = 0; j < kPsumBanks; ++j) {
    const int n0 = static_cast<int>(rng.uniform(1, 24)), n1 = static_cast<int>(rng.uniform(1, 16));
    nest[j] = psum_nest(rng, n0, n1);
    sum[j].assign(static_cast<size_t>(n0) * n1, 0);
  }
  auto rand40 = [&] { return rng.next() & kMask40; };
  for (int p = 0; p < passes; ++p) {
    for (int j = 0; j < kPsumBanks; ++j) {
      const bool drain = false;
      b.write_cfg(3 + j, 0, cfg_word(nest[j], true, false, false));
      if (p == 0) {
        for (auto& s : sum[j]) {  // the column's first psums, no stored psums read
          s = rand40();
          b.back_[j]->push(s);
        }
      } else {
        for (auto& s : sum[j]) {
          const uint64_t c = rand40();
          b.contrib_[j].push_back(c);
          s = add_psums(s, c);
        }
        b.write_cfg(3 + j, 1, cfg_word(nest[j], true, false, drain));
      }
    }
    b.run_until_idle(fmt::format("psum pass {}", p).c_str());
  }
  // Drain: the final psums in the nest's order, last flag on the last word.
  for (int j = 0; j < kPsumBanks; ++j) {
    // sequence position i visits address seq[i]; sum[j][i] was accumulated at that position
    for (size_t i = 0; i < sum[j].size(); ++i) b.drain_sb_[j]->expect(Word40{sum[j][i], i + 1 == sum[j].size()});
    b.write_cfg(3 + j, 1, cfg_word(nest[j], true, false, true));
  }
  b.run_until_idle("drain");
  for (int j = 0; j < kPsumBanks; ++j) EXPECT_EQ(b.drain_sb_[j]->matched(), sum[j].size());
  // Back to the router: drain mode off again, one more read pass reaches the column.
  for (int j = 0; j < kPsumBanks; ++j) {
    b.write_cfg(3 + j, 0, cfg_word(nest[j], true, false, false));
    for (auto& s : sum[j]) b.contrib_[j].push_back(0);
    b.write_cfg(3 + j, 1, cfg_word(nest[j], true, false, false));
  }
  b.run_until_idle("read pass after drain");
}

TEST(GlbCluster, PsumAccumulateAndDrain) {
  Rng rng = tb::test_rng();
  psum_accumulate(rng, 0.0, 3);
  for (double st : {0.2, 0.5, 0.8}) psum_accumulate(rng, st, 4);
}

// Full rate: with no stalls a psum pass moves one word per cycle per bank.
TEST(GlbCluster, PsumFullRate) {
  Rng rng = tb::test_rng();
  GlbBench b(rng, 0.0);
  const Nest n = linear(0, 384);
  for (int j = 0; j < kPsumBanks; ++j) {
    b.write_cfg(3 + j, 0, cfg_word(n, true, false, false));
    for (int i = 0; i < 384; ++i) b.back_[j]->push(static_cast<uint64_t>(i));
  }
  b.run_until_idle("fill");
  const uint64_t start = b.sim().cycle();
  for (int j = 0; j < kPsumBanks; ++j) {
    b.write_cfg(3 + j, 0, cfg_word(n, true, false, false));
    for (int i = 0; i < 384; ++i) b.contrib_[j].push_back(1);
    b.write_cfg(3 + j, 1, cfg_word(n, true, false, false));
  }
  b.run_until_idle("accumulate");
  const uint64_t cycles = b.sim().cycle() - start;
  EXPECT_LE(cycles, 384u + 30u) << "a psum pass of 384 words per bank took " << cycles << " cycles";
}

}  // namespace
}  // namespace ev2::cl
