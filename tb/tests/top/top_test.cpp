// The accelerator top level: register interface, a command list run through the whole top
// (command processor + array), configuration messages into the array, error reporting.
// End-to-end layer runs come with the runtime that turns mapper schedules into command lists.
#include <gtest/gtest.h>

#include <string>

#include "Vev2_top.h"
#include "harness/seed.hpp"
#include "rtlsim/memory_model.hpp"
#include "rtlsim/sim.hpp"
#include "runtime/accelerator.hpp"
#include "runtime/command_list.hpp"

namespace ev2::tb {
namespace {

// The runtime's driver (registers, memory model) with a command list written by hand.
struct Top {
  runtime::Accelerator<Vev2_top> acc;
  Sim<Vev2_top>& sim;
  explicit Top(Rng rng)
      : acc(current_test_name(), MemoryConfig{1 << 20, 10, 4, 8.0, 0.1}, rng.next()), sim(acc.sim()) {}
  void write(uint8_t addr, uint32_t v) { acc.write(addr, v); }
  uint32_t read(uint8_t addr) { return acc.read(addr); }
  uint32_t run(const runtime::CommandList& list) {
    acc.memory().write_bytes(0x1000, list.bytes());
    write(0x08, 0x1000);
    write(0x0C, static_cast<uint32_t>(list.words().size()));
    write(0x00, 1);
    sim.run_until([&] { return (read(0x04) & 1) == 0; }, 100000, "command list finished");
    return read(0x04);
  }
};

TEST(Top, Registers) {
  Top t(test_rng());
  const uint32_t cfg = t.read(0x24);
  const bool v2 = std::string(EV2_CONFIG_NAME) == "v2";
  EXPECT_EQ(cfg & 0xff, v2 ? 8u : 2u) << "cluster-group rows of the " << EV2_CONFIG_NAME << " configuration";
  EXPECT_EQ((cfg >> 8) & 0xff, v2 ? 2u : 1u);
  EXPECT_EQ((cfg >> 16) & 0xf, 3u);
  EXPECT_EQ((cfg >> 20) & 0xf, 4u);
  t.write(0x08, 0x12340);
  t.write(0x0C, 77);
  EXPECT_EQ(t.read(0x08), 0x12340u);
  EXPECT_EQ(t.read(0x0C), 77u);
  EXPECT_EQ(t.read(0x04), 0u) << "idle, not done, no error after reset";
  for (uint8_t a = 0x28; a <= 0x40; a += 4) EXPECT_EQ(t.read(a), 0u) << fmt::format("counter {:#x} after reset", a);
  EXPECT_EQ(t.read(0x7C), 0xbad0007cu) << "an unknown register reads as a marker";
}

TEST(Top, ConfigurationMessagesReachEveryUnitKind) {
  Top t(test_rng());
  runtime::CommandList list;
  // Router clusters of both groups (all routes off), every GLB bank side of group 1 (not started),
  // then a barrier on the array and END.
  for (uint16_t g = 0; g < 2; ++g) list.config(static_cast<uint16_t>(g << 8), std::vector<uint64_t>(3, 0));  // 189 bits
  for (uint16_t u = 0x20; u < 0x2e; ++u) list.config(static_cast<uint16_t>(0x100 | u), {0, 0});
  list.wait(runtime::WaitArray | runtime::WaitStreams | runtime::WaitDrain);
  list.end();
  const uint32_t status = t.run(list);
  EXPECT_EQ(status & 0x6, 0x2u) << "done without error";
  EXPECT_EQ(t.read(0x18), 2u + 14u + 2u);
  const uint32_t cycles = t.read(0x10);
  EXPECT_GT(cycles, 0u) << "cycle counter";
  EXPECT_EQ(t.read(0x28), 0u) << "no PE ran, so no MACs";
  EXPECT_GT(t.read(0x30), 0u) << "the list is fetched from memory (latency 10)";
  EXPECT_LE(t.read(0x30) + t.read(0x34) + t.read(0x38) + t.read(0x3C), cycles);
}

TEST(Top, BadOpcodeIsReported) {
  Top t(test_rng());
  runtime::CommandList list;
  list.raw(0x42ULL << 56);
  list.end();
  const uint32_t status = t.run(list);
  EXPECT_EQ(status & 0x4, 0x4u);
  EXPECT_EQ((status >> 8) & 0xff, 0x42u);
}

TEST(Top, UnknownTargetTripsAnAssertion) {
  Top t(test_rng());
  t.sim.expect_assertion("cfg_target_exists");
  runtime::CommandList list;
  list.config(0x7700, {1});  // group 0x77 exists in no configuration
  list.end();
  t.run(list);
  EXPECT_TRUE(t.sim.assertion_fired("cfg_target_exists"));
}

}  // namespace
}  // namespace ev2::tb
