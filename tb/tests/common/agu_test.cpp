#include <gtest/gtest.h>

#include "Vagu.h"
#include "agu_config.hpp"
#include "harness/scoreboard.hpp"
#include "harness/seed.hpp"
#include "harness/stream.hpp"
#include "rtlsim/sim.hpp"

namespace ev2::tb {
namespace {

using Cfg = AguConfig<4, 10, 10>;

// Runs one configured sequence and checks every address and the last flag.
void run_sequence(Sim<Vagu>& sim, StreamSink<uint32_t>& sink, Scoreboard<uint32_t>& sb, const Cfg& cfg) {
  const auto seq = cfg.sequence();
  for (size_t i = 0; i < seq.size(); ++i) sb.expect(seq[i] | (i + 1 == seq.size() ? 0x80000000u : 0));
  sim->base_i = cfg.base;
  sim->count_i = cfg.packed_counts();
  sim->stride_i = cfg.packed_strides();
  sim->start_i = 1;
  sim.step();
  sim->start_i = 0;
  sim.run_until([&] { return sb.drained(); }, 20 * seq.size() + 20, "address sequence complete");
  sim.step(2);
  EXPECT_EQ(sim->busy_o, 0);
  sb.check_drained();
}

TEST(Agu, RandomLoopNestsWithStalls) {
  Rng rng = test_rng();
  Sim<Vagu> sim;
  sim->start_i = 0;
  StreamSink<uint32_t> sink(
      "addr", [&](bool r) { sim->ready_i = r; }, [&] { return sim->valid_o != 0; },
      [&] { return static_cast<uint32_t>(sim->addr_o) | (sim->last_o ? 0x80000000u : 0); }, rng.fork(), 0.3);
  Scoreboard<uint32_t> sb("addr");
  sink.on_word([&](uint32_t a) { sb.observe(a); });
  sim.add(sink);
  sim.reset();
  for (int i = 0; i < 60; ++i) {
    sink.stall().set_probability(rng.pick(std::vector<double>{0.0, 0.3, 0.8}));
    run_sequence(sim, sink, sb, Cfg::random(rng, 7, 600));
  }
}

TEST(Agu, SingleAddressAndFullRate) {
  Sim<Vagu> sim;
  sim->start_i = 0;
  Rng rng = test_rng();
  StreamSink<uint32_t> sink(
      "addr", [&](bool r) { sim->ready_i = r; }, [&] { return sim->valid_o != 0; },
      [&] { return static_cast<uint32_t>(sim->addr_o) | (sim->last_o ? 0x80000000u : 0); }, rng.fork(), 0.0);
  Scoreboard<uint32_t> sb("addr");
  sink.on_word([&](uint32_t a) { sb.observe(a); });
  sim.add(sink);
  sim.reset();
  Cfg one;  // all counts 0: a single address
  one.base = 17;
  run_sequence(sim, sink, sb, one);
  Cfg linear;
  linear.count = {100, 3, 0, 0};
  linear.stride = {1, -50, 0, 0};
  const uint64_t before = sim.cycle();
  run_sequence(sim, sink, sb, linear);
  EXPECT_LE(sim.cycle() - before, 300u + 4u) << "one address per cycle";
}

}  // namespace
}  // namespace ev2::tb
