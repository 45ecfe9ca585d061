#include <gtest/gtest.h>

#include "Vspill_reg.h"
#include "stream_pipe.hpp"

namespace ev2::tb {
namespace {

TEST(SpillReg, RandomStalls) {
  Rng rng = test_rng();
  for (double in_stall : {0.0, 0.4, 0.9}) {
    for (double out_stall : {0.0, 0.4, 0.9}) {
      Sim<Vspill_reg> sim;
      SCOPED_TRACE(fmt::format("in_stall={} out_stall={}", in_stall, out_stall));
      run_stream_pipe(sim, rng, 500, in_stall, out_stall);
    }
  }
}

TEST(SpillReg, FullThroughput) {
  Rng rng = test_rng();
  Sim<Vspill_reg> sim;
  const auto r = run_stream_pipe(sim, rng, 1000, 0.0, 0.0);
  EXPECT_LE(r.cycles, r.words + 2);
}

TEST(SpillReg, ReadyDoesNotDependOnDownstreamReadyCombinationally) {
  Sim<Vspill_reg> sim;
  sim.reset();
  sim->valid_i = 1;
  sim->data_i = 7;
  sim->ready_i = 0;
  sim.step(2);  // both entries full
  const auto ready_before = sim->ready_o;
  sim->ready_i = 1;
  sim->eval();
  EXPECT_EQ(sim->ready_o, ready_before) << "ready_o must come from flops only";
  EXPECT_EQ(ready_before, 0);
}

}  // namespace
}  // namespace ev2::tb
