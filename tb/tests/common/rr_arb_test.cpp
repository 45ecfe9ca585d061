#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <vector>

#include "Vrr_arb3.h"
#include "Vrr_arb4.h"
#include "harness/scoreboard.hpp"
#include "harness/seed.hpp"
#include "harness/stream.hpp"
#include "rtlsim/sim.hpp"

namespace ev2::tb {
namespace {

// Words carry their input index in the top 4 bits so the output can be checked per input.
template <class Model, int N>
void random_arbitration(double in_stall, double out_stall, int words_per_input) {
  Rng rng = test_rng();
  Sim<Model> sim;
  auto& dut = sim.dut();
  std::array<uint16_t, N> data{};
  auto apply = [&] {
    uint64_t packed = 0;
    for (int i = 0; i < N; ++i) packed |= static_cast<uint64_t>(data[i]) << (16 * i);
    dut.data_i = packed;
  };
  std::vector<std::unique_ptr<StreamSource<uint16_t>>> sources;
  std::vector<std::unique_ptr<Scoreboard<uint16_t>>> boards;
  for (int i = 0; i < N; ++i) {
    sources.push_back(std::make_unique<StreamSource<uint16_t>>(
        fmt::format("in{}", i),
        [&, i](bool v, uint16_t d) {
          dut.valid_i = (dut.valid_i & ~(1u << i)) | (static_cast<unsigned>(v) << i);
          data[i] = d;
          apply();
        },
        [&, i] { return ((dut.ready_o >> i) & 1) != 0; }, rng.fork(), in_stall));
    boards.push_back(std::make_unique<Scoreboard<uint16_t>>(fmt::format("from in{}", i)));
    for (int k = 0; k < words_per_input; ++k) {
      const auto w = static_cast<uint16_t>((i << 12) | rng.uniform(0, 0xfff));
      sources[i]->push(w);
      boards[i]->expect(w);
    }
    sim.add(*sources[i]);
  }
  StreamSink<uint16_t> sink(
      "out", [&](bool r) { dut.ready_i = r; }, [&] { return dut.valid_o != 0; },
      [&] { return static_cast<uint16_t>(dut.data_o); }, rng.fork(), out_stall);
  sink.on_word([&](uint16_t w) {
    const int from = w >> 12;
    ASSERT_LT(from, N);
    EXPECT_EQ(dut.idx_o, from) << "idx_o does not name the input the word came from";
    boards[from]->observe(w);
  });
  sim.add(sink);
  sim.reset();
  sim.run_until([&] { return sink.count() == static_cast<uint64_t>(N * words_per_input); }, 200000, "all words out");
  for (auto& b : boards) b->check_drained();
}

TEST(RrArb, FourInputsRandomStalls) {
  for (double s_in : {0.0, 0.5, 0.9})
    for (double s_out : {0.0, 0.5, 0.9}) random_arbitration<Vrr_arb4, 4>(s_in, s_out, 200);
}

TEST(RrArb, ThreeInputsRandomStalls) {
  for (double s_in : {0.0, 0.5})
    for (double s_out : {0.0, 0.7}) random_arbitration<Vrr_arb3, 3>(s_in, s_out, 200);
}

TEST(RrArb, FairWhenAllRequest) {
  Sim<Vrr_arb4> sim;
  sim.reset();
  sim->valid_i = 0xf;
  sim->data_i = 0;
  sim->ready_i = 1;
  std::array<int, 4> grants{};
  int last = -1;
  for (int c = 0; c < 400; ++c) {
    sim->eval();
    ASSERT_EQ(sim->valid_o, 1);
    const int g = sim->idx_o;
    if (last >= 0) EXPECT_EQ(g, (last + 1) % 4) << "round-robin order broken at cycle " << c;
    last = g;
    ++grants[g];
    sim.step();
  }
  for (int g : grants) EXPECT_EQ(g, 100);
}

TEST(RrArb, HoldsWinnerWhileStalled) {
  Sim<Vrr_arb4> sim;
  sim.reset();
  sim->valid_i = 0x4;  // only input 2
  sim->data_i = 0x2222ULL << 32;
  sim->ready_i = 0;
  sim.step();
  EXPECT_EQ(sim->idx_o, 2);
  sim->valid_i = 0x5;  // input 0 has priority now, but the stalled word of input 2 must stay
  sim->data_i |= 0x1111;
  sim.step();
  sim->eval();
  EXPECT_EQ(sim->idx_o, 2);
  EXPECT_EQ(sim->data_o, 0x2222);
}

}  // namespace
}  // namespace ev2::tb
