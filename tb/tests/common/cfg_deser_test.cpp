#include <gtest/gtest.h>

#include <vector>

#include "Vcfg_deser.h"
#include "harness/seed.hpp"
#include "harness/stream.hpp"
#include "rtlsim/sim.hpp"

namespace ev2::tb {
namespace {

struct Word {
  uint64_t data;
  bool last;
};

// 150-bit values in up to three words, random stalls on both sides. A shorter message rewrites
// only its own words, so the expected value is the running register image.
TEST(CfgDeser, AssemblesMessagesUnderStalls) {
  Rng rng = test_rng();
  Sim<Vcfg_deser> sim;
  StreamSource<Word> in(
      "in",
      [&](bool v, const Word& w) {
        sim->valid_i = v;
        sim->data_i = w.data;
        sim->last_i = w.last;
      },
      [&] { return sim->ready_o != 0; }, rng.fork(), 0.3);
  std::vector<std::vector<uint32_t>> got;
  StreamSink<int> out(
      "out", [&](bool r) { sim->ready_i = r; }, [&] { return sim->valid_o != 0; }, [&] { return 0; }, rng.fork(), 0.5);
  out.on_word([&](int) { got.emplace_back(sim->data_o.m_storage, sim->data_o.m_storage + 5); });
  std::vector<std::vector<uint32_t>> want;
  std::vector<uint64_t> reg(3, 0);
  for (int m = 0; m < 50; ++m) {
    const int n = static_cast<int>(rng.uniform(1, 3));
    for (int i = 0; i < n; ++i) {
      uint64_t w = rng.next();
      if (i == 2) w &= (1ULL << 22) - 1;  // bits 128..149 only
      reg[static_cast<size_t>(i)] = w;
      in.push(Word{w, i == n - 1});
    }
    want.push_back({static_cast<uint32_t>(reg[0]), static_cast<uint32_t>(reg[0] >> 32), static_cast<uint32_t>(reg[1]),
                    static_cast<uint32_t>(reg[1] >> 32), static_cast<uint32_t>(reg[2])});
  }
  sim->valid_i = 0;
  sim->ready_i = 0;
  sim.add(in);
  sim.add(out);
  sim.reset();
  sim.run_until([&] { return out.count() == want.size(); }, 10000, "all messages");
  ASSERT_EQ(got.size(), want.size());
  for (size_t m = 0; m < want.size(); ++m) EXPECT_EQ(got[m], want[m]) << "message " << m;
}

TEST(CfgDeser, ExactValue) {
  Sim<Vcfg_deser> sim;
  sim->valid_i = 0;
  sim->ready_i = 0;
  sim.reset();
  const uint64_t w[3] = {0x0123456789abcdefULL, 0xfedcba9876543210ULL, 0x3a5a5aULL};
  for (int i = 0; i < 3; ++i) {
    sim->valid_i = 1;
    sim->data_i = w[i];
    sim->last_i = i == 2;
    sim.step();
  }
  sim->valid_i = 0;
  sim.step();
  ASSERT_EQ(sim->valid_o, 1);
  EXPECT_EQ(sim->ready_o, 0) << "holds the next message until this one is taken";
  EXPECT_EQ(sim->data_o.m_storage[0], 0x89abcdefu);
  EXPECT_EQ(sim->data_o.m_storage[1], 0x01234567u);
  EXPECT_EQ(sim->data_o.m_storage[2], 0x76543210u);
  EXPECT_EQ(sim->data_o.m_storage[3], 0xfedcba98u);
  EXPECT_EQ(sim->data_o.m_storage[4], 0x3a5a5au);
  sim->ready_i = 1;
  sim.step();
  EXPECT_EQ(sim->valid_o, 0);
}

}  // namespace
}  // namespace ev2::tb
