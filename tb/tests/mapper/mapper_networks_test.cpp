// Every weighted layer of every shipped network maps on v2 (shape only, ~40% weights / ~50%
// iacts), with the schedule's statistics consistent with the layer.
#include <fmt/core.h>

#include "mapper_test_util.hpp"
#include "workload/shape_file.hpp"

namespace ev2::mapper::test {
namespace {

TEST(MapperNetworks, EveryLayerMapsOnV2) {
  const auto files = workload::list_shape_files(EV2_WORKLOADS_DIR);
  ASSERT_FALSE(files.empty());
  MapOptions o;
  o.weight_density = 0.4;
  o.iact_density = 0.5;
  for (const auto& f : files) {
    const auto net = workload::parse_shape_file(f);
    uint64_t cycles = 0;
    double nz = 0;
    for (const auto& l : net.layers) {
      if (l.kind == LayerKind::Pool) continue;
      SCOPED_TRACE(net.name + " " + l.name);
      Mapping m;
      ASSERT_NO_THROW(m = map_layer(l, ArrayConfig::v2(), o));
      const auto s = build_schedule(m);
      EXPECT_EQ(s.stats.macs, l.macs());
      EXPECT_EQ(s.stats.oacts, l.oact_count());
      EXPECT_GT(s.stats.utilization, 0.0);
      EXPECT_LE(s.stats.utilization, 1.0);
      cycles += s.stats.cycles;
      nz += s.stats.nonzero_macs;
    }
    fmt::print("  {:<24} cycles {:>12}  utilization {:5.1f}%\n", net.name, cycles,
               100.0 * nz / (2.0 * ArrayConfig::v2().pes() * static_cast<double>(cycles)));
  }
}

}  // namespace
}  // namespace ev2::mapper::test
