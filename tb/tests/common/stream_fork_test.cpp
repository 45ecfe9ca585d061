#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <vector>

#include "Vstream_fork3.h"
#include "harness/scoreboard.hpp"
#include "harness/seed.hpp"
#include "harness/stream.hpp"
#include "rtlsim/sim.hpp"

namespace ev2::tb {
namespace {

constexpr int kOutputs = 3;

// The destination mask travels with the word (bits 15:13) so sel_i is stable per word.
void random_multicast(double in_stall, double out_stall, int words) {
  Rng rng = test_rng();
  Sim<Vstream_fork3> sim;
  auto& dut = sim.dut();
  StreamSource<uint16_t> src(
      "in",
      [&](bool v, uint16_t d) {
        dut.valid_i = v;
        dut.data_i = d;
        dut.sel_i = d >> 13;
      },
      [&] { return dut.ready_o != 0; }, rng.fork(), in_stall);
  std::vector<std::unique_ptr<StreamSink<uint16_t>>> sinks;
  std::vector<std::unique_ptr<Scoreboard<uint16_t>>> boards;
  for (int i = 0; i < kOutputs; ++i) {
    boards.push_back(std::make_unique<Scoreboard<uint16_t>>(fmt::format("out{}", i)));
    sinks.push_back(std::make_unique<StreamSink<uint16_t>>(
        fmt::format("out{}", i), [&, i](bool r) { dut.ready_i = (dut.ready_i & ~(1u << i)) | (unsigned(r) << i); },
        [&, i] { return ((dut.valid_o >> i) & 1) != 0; }, [&] { return static_cast<uint16_t>(dut.data_o); }, rng.fork(),
        out_stall));
    sinks[i]->on_word([&, i](uint16_t w) { boards[i]->observe(w); });
  }
  for (int k = 0; k < words; ++k) {
    const auto sel = static_cast<uint16_t>(rng.uniform(0, 7));
    const auto w = static_cast<uint16_t>((sel << 13) | rng.uniform(0, 0x1fff));
    src.push(w);
    for (int i = 0; i < kOutputs; ++i)
      if ((sel >> i) & 1) boards[i]->expect(w);
  }
  sim.add(src);
  for (auto& s : sinks) sim.add(*s);
  sim.reset();
  sim.run_until([&] { return src.idle() && boards[0]->drained() && boards[1]->drained() && boards[2]->drained(); },
                100000, "every selected output got every word");
  sim.step(5);  // nothing more may arrive
  for (auto& b : boards) b->check_drained();
}

TEST(StreamFork, ExactlyOnceUnderRandomStalls) {
  for (double s_in : {0.0, 0.5})
    for (double s_out : {0.0, 0.3, 0.8}) random_multicast(s_in, s_out, 400);
}

TEST(StreamFork, BroadcastAtFullRateWhenAllReady) {
  Sim<Vstream_fork3> sim;
  sim.reset();
  sim->sel_i = 0x7;
  sim->valid_i = 1;
  sim->ready_i = 0x7;
  for (int c = 0; c < 10; ++c) {
    sim->data_i = static_cast<uint16_t>(c);
    sim->eval();
    EXPECT_EQ(sim->ready_o, 1);
    EXPECT_EQ(sim->valid_o, 0x7);
    sim.step();
  }
}

}  // namespace
}  // namespace ev2::tb
