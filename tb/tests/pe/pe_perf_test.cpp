// Throughput regression checks (the benchmark tb/bench/pe prints the full table): dense data keeps
// both MAC lanes busy, and sparse passes take cycles proportional to their nonzero work.
#include <gtest/gtest.h>

#include "Vev2_pe.h"
#include "harness/seed.hpp"
#include "pe/pe_gen.hpp"
#include "pe/pe_perf.hpp"

namespace ev2::pe {
namespace {

using csc::Mode;

TEST(PePerf, DenseSustainsTwoMacsPerCycle) {
  tb::Rng rng = tb::test_rng();
  // The weight data SPad full (16 psums x 12 columns = 96 SIMD words), 12 iacts a window.
  const PeWork w = random_work(rng, make_config(4, 16, 3, 1, 64, Mode::Dense), 1.0, 1.0);
  const PeRunStats r = measure_pass<Vev2_pe>(w, rng);
  EXPECT_EQ(r.nonzero_macs, r.dense_macs);
  EXPECT_GE(r.macs_per_cycle(), 1.8) << r.nonzero_macs << " MACs in " << r.cycles_loaded << " cycles";
}

TEST(PePerf, SparseCyclesFollowNonzeroWork) {
  tb::Rng rng = tb::test_rng();
  const PeWork w = random_fitting_work(rng, make_config(4, 16, 3, 1, 64, Mode::Compressed), 0.5, 0.5);
  const PeRunStats r = measure_pass<Vev2_pe>(w, rng);
  EXPECT_LE(r.over_ideal(), 1.3) << r.nonzero_macs << " nonzero MACs in " << r.cycles_loaded << " cycles";
}

}  // namespace
}  // namespace ev2::pe
