// The toggle counter against Verilator's own toggle coverage on the same run: both must count
// exactly the same number of bit flips on every register and port of a FIFO under random traffic.
#include <gtest/gtest.h>

#include <filesystem>

#include "Vfifo_cov.h"
#include "harness/coverage_toggles.hpp"
#include "rtlsim/toggle_counter.hpp"
#include "tests/common/stream_pipe.hpp"

namespace ev2::tb {
namespace {

TEST(ToggleCounter, EqualsVerilatorToggleCoverage) {
  Rng rng = test_rng();
  Sim<Vfifo_cov> sim;
  sim->flush_i = 0;
  sim->valid_i = 0;
  sim->ready_i = 0;
  sim->data_i = 0;
  sim.reset();
  ToggleCounter counter(sim.context(),
                        {{"fifo", R"(TOP\.ev2_fifo\.(level_q|wptr_q|rptr_q|data_o|valid_o|ready_o|data_i))"}});
  ASSERT_EQ(counter.signals().size(), 7u) << "signal lookup by name failed";
  // Both start counting from here.
  sim.context().coveragep()->zero();
  counter.set_enabled(true);
  sim.on_cycle([&] { counter.sample(); });
  run_stream_pipe(sim, rng, 2000, 0.3, 0.3);

  const std::string path = fmt::format("{}/toggle_counter_test.dat", waves_dir());
  std::filesystem::create_directories(waves_dir());
  sim.context().coveragep()->write(path.c_str());
  const auto coverage = read_coverage_toggles(path);
  uint64_t total = 0;
  for (const auto& s : counter.signals()) {
    ASSERT_TRUE(coverage.count(s.name)) << s.name << " missing from coverage";
    EXPECT_EQ(s.toggles, coverage.at(s.name)) << s.name;
    total += s.toggles;
  }
  EXPECT_GT(total, 10000u) << "the run must actually toggle the signals";
  EXPECT_EQ(counter.by_class().at("fifo"), total);
}

}  // namespace
}  // namespace ev2::tb
