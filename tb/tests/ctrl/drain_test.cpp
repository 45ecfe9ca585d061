// One drain engine (psum words -> two output-stage lanes -> packed beats -> memory writes) against
// the reference output stage: random parameter tables, channel counts (odd ones end a position on a
// half word), table bases (odd ones start a word's pair on the odd table), windows, ReLU and
// signedness, with random stalls on the psum input and the memory write channel.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <vector>

#include "Vdrain_engine.h"
#include "harness/seed.hpp"
#include "harness/stream.hpp"
#include "interface/ev2_interface.hpp"
#include "model/arith.hpp"
#include "model/output_stage.hpp"
#include "rtlsim/sim.hpp"

namespace ev2::tb {
namespace {

constexpr int kTable = 256;
constexpr int kBeatBytes = 8;  // DataW = 64
constexpr uint64_t kMask20 = (1u << 20) - 1;

struct Write {
  uint32_t addr;
  uint64_t data;
  uint8_t strb;
  bool operator==(const Write&) const = default;
};

// Counts the clip flags of every byte the engine emits.
class SatCounter : public Component {
 public:
  explicit SatCounter(Vdrain_engine& dut) : dut_(dut) {}
  void drive() override {}
  void sample() override {
    low += __builtin_popcount(dut_.sat_low_o);
    high += __builtin_popcount(dut_.sat_high_o);
  }
  int low = 0;
  int high = 0;

 private:
  Vdrain_engine& dut_;
};

struct Drain {
  int windows;
  int m0;
  int base;
  uint32_t addr;
  std::vector<uint64_t> words;       // psum words as the bank sends them
  std::map<uint32_t, uint8_t> want;  // byte address -> output byte
  int sat_low = 0;
  int sat_high = 0;
};

int32_t random_psum(Rng& rng) {
  return static_cast<int32_t>(rng.bernoulli(0.2) ? rng.uniform(PSUM_MIN, PSUM_MAX) : rng.uniform(-3000, 3000));
}

Drain make_drain(Rng& rng, const std::vector<iface::ChannelParams>& table, bool relu, bool out_signed, uint32_t addr) {
  Drain d;
  d.windows = static_cast<int>(rng.uniform(1, 12));
  d.m0 = static_cast<int>(rng.bernoulli(0.3) ? rng.uniform(1, 4) : rng.uniform(1, 32));
  d.base = static_cast<int>(rng.uniform(0, kTable - d.m0));
  d.addr = addr;
  for (int w = 0; w < d.windows; ++w) {
    for (int c = 0; c < d.m0; c += 2) {
      int32_t p[2] = {random_psum(rng), random_psum(rng)};
      for (int k = 0; k < 2 && c + k < d.m0; ++k) {
        const iface::ChannelParams& cp = table[static_cast<size_t>(d.base + c + k)];
        const auto s = output_stage_steps(p[k], static_cast<int32_t>(cp.bias), static_cast<uint16_t>(cp.mult),
                                          static_cast<uint8_t>(cp.shift), relu, out_signed);
        d.want[addr + static_cast<uint32_t>(w * d.m0 + c + k)] = static_cast<uint8_t>(s.out);
        d.sat_low += s.saturated < 0;
        d.sat_high += s.saturated > 0;
      }
      // With an odd m0 the upper half of a position's last word is not a psum: random bits.
      d.words.push_back((static_cast<uint64_t>(p[1]) & kMask20) << 20 | (static_cast<uint64_t>(p[0]) & kMask20));
    }
  }
  return d;
}

std::vector<iface::ChannelParams> random_table(Rng& rng) {
  std::vector<iface::ChannelParams> t(kTable);
  for (auto& p : t) {
    p.bias = rng.uniform(-4000, 4000);
    p.mult = static_cast<uint64_t>(rng.uniform(0, 65535) >> rng.uniform(0, 12));
    p.shift = static_cast<uint64_t>(rng.uniform(0, 20));
  }
  return t;
}

struct Bench {
  Sim<Vdrain_engine> sim;
  Rng rng;
  StreamSource<uint64_t> psums;
  StreamSink<Write> writes;
  SatCounter sat;

  Bench(Rng r, double in_stall, double out_stall)
      : rng(std::move(r)),
        psums(
            "psums",
            [this](bool v, uint64_t w) {
              sim->valid_i = v;
              sim->data_i = w;
            },
            [this] { return sim->ready_o != 0; }, rng.fork(), in_stall),
        writes(
            "writes", [this](bool r) { sim->req_ready_i = r; }, [this] { return sim->req_valid_o != 0; },
            [this] {
              return Write{sim->req_addr_o, sim->req_wdata_o, sim->req_wstrb_o};
            },
            rng.fork(), out_stall),
        sat(sim.dut()) {
    sim->start_i = 0;
    sim->param_we_i = 0;
    sim.add(psums);
    sim.add(writes);
    sim.add(sat);
    sim.reset();
  }

  void load_table(const std::vector<iface::ChannelParams>& table) {
    for (int i = 0; i < kTable; ++i) {
      sim->param_we_i = 1;
      sim->param_addr_i = static_cast<uint8_t>(i);
      sim->param_data_i = table[static_cast<size_t>(i)].pack();
      sim.step();
    }
    sim->param_we_i = 0;
  }

  // Runs one drain to completion and returns its cycles from start to idle.
  uint64_t run(const Drain& d) {
    sim->start_i = 1;
    sim->addr_i = d.addr;
    sim->windows_i = static_cast<uint16_t>(d.windows);
    sim->m0_i = static_cast<uint8_t>(d.m0);
    sim->table_base_i = static_cast<uint8_t>(d.base);
    sim.step();
    sim->start_i = 0;
    psums.push(d.words.begin(), d.words.end());
    return 1 +
           sim.run_until([&] { return psums.idle() && sim->idle_o != 0; }, 50 * d.words.size() + 200, "drain finished");
  }
};

// The bytes the engine wrote, by address (strobed lanes only).
std::map<uint32_t, uint8_t> written(const std::vector<Write>& writes) {
  std::map<uint32_t, uint8_t> mem;
  for (const Write& w : writes) {
    EXPECT_EQ(w.addr % kBeatBytes, 0u) << "writes are whole beats";
    for (int b = 0; b < kBeatBytes; ++b) {
      if ((w.strb >> b) & 1) {
        const uint32_t a = w.addr + static_cast<uint32_t>(b);
        EXPECT_EQ(mem.count(a), 0u) << "byte " << a << " written twice";
        mem[a] = static_cast<uint8_t>(w.data >> (8 * b));
      }
    }
  }
  return mem;
}

void run_random(double in_stall, double out_stall, int drains) {
  Rng rng = test_rng();
  Bench bench(rng.fork(), in_stall, out_stall);
  std::map<uint32_t, uint8_t> want;
  int sat_low = 0;
  int sat_high = 0;
  int odd_m0 = 0;
  int odd_base = 0;
  uint32_t addr = 0x1000;
  for (int i = 0; i < drains; ++i) {
    const bool relu = rng.bernoulli(0.5);
    const bool out_signed = rng.bernoulli(0.5);
    bench.sim->relu_i = relu;
    bench.sim->out_signed_i = out_signed;
    const auto table = random_table(rng);
    bench.load_table(table);
    const Drain d = make_drain(rng, table, relu, out_signed, addr);
    odd_m0 += d.m0 % 2;
    odd_base += d.base % 2;
    bench.run(d);
    want.insert(d.want.begin(), d.want.end());
    sat_low += d.sat_low;
    sat_high += d.sat_high;
    addr += static_cast<uint32_t>((d.windows * d.m0 + kBeatBytes - 1) / kBeatBytes * kBeatBytes);
  }
  EXPECT_GT(odd_m0, drains / 8);
  EXPECT_GT(odd_base, drains / 8);
  const auto got = written(bench.writes.received());
  ASSERT_EQ(got.size(), want.size());
  int wrong = 0;
  for (const auto& [a, byte] : want) {
    const auto it = got.find(a);
    if (it == got.end() || it->second != byte) {
      if (++wrong <= 5) ADD_FAILURE() << fmt::format("byte {:#x}: want {:#04x}", a, byte);
    }
  }
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(bench.sat.low, sat_low);
  EXPECT_EQ(bench.sat.high, sat_high);
  EXPECT_GT(sat_low + sat_high, 0) << "the random mix must clip some outputs";
}

TEST(DrainEngine, RandomDrainsNoStalls) { run_random(0.0, 0.0, 60); }
TEST(DrainEngine, RandomDrainsRandomStalls) { run_random(0.3, 0.4, 60); }
TEST(DrainEngine, RandomDrainsHeavyWriteStalls) { run_random(0.1, 0.8, 30); }

// A psum bank reads one word per cycle; the engine keeps up: two bytes per cycle.
TEST(DrainEngine, OneWordPerCycle) {
  Rng rng = test_rng();
  Bench bench(rng.fork(), 0.0, 0.0);
  bench.load_table(random_table(rng));
  Drain full;
  full.windows = 16;
  full.m0 = 32;
  full.base = 0;
  full.addr = 0;
  full.words.assign(16 * 16, 0);
  const uint64_t cycles = bench.run(full);
  EXPECT_LE(cycles, full.words.size() + 12) << "256 words, 512 bytes";
  EXPECT_EQ(bench.writes.count(), 512u / kBeatBytes);
}

}  // namespace
}  // namespace ev2::tb
