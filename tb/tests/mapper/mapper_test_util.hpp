// Helpers of the mapper tests: build a layer, map, schedule, execute, and report.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "mapper/layer_mapper.hpp"
#include "model/layer.hpp"
#include "util/rng.hpp"
#include "workload/generate.hpp"

namespace ev2::mapper::test {

using ev2::make_layer;

// Maps with the real weights, executes and expects a bit-exact match. Returns the result.
inline ExecResult run_layer(const LayerShape& l, const ArrayConfig& a, double wd, double id, bool is_signed,
                            tb::Rng& rng, bool dense = false, MapOptions::Share share = MapOptions::Share::Auto,
                            int share_groups = 0) {
  const WeightTensor w = workload::random_weights(l, wd, rng);
  const ActTensor x =
      workload::random_iacts(l, id, is_signed, rng, workload::Placement::Exact,
                             rng.bernoulli(0.5) ? workload::ValueDist::Uniform : workload::ValueDist::Skewed);
  MapOptions o;
  o.weights = &w;
  o.iact_signed = is_signed;
  o.dense = dense;
  o.weight_density = wd;
  o.iact_density = id;
  o.share = share;
  o.share_groups = share_groups;
  const Mapping m = map_layer(l, a, o);
  const Schedule s = build_schedule(m);
  EXPECT_EQ(s.stats.macs, l.macs()) << m.describe();
  EXPECT_EQ(s.stats.oacts, l.oact_count()) << m.describe();
  ExecResult r = execute(s, x, w);
  EXPECT_TRUE(r.match) << r.mismatch << "\n  " << m.describe();
  return r;
}

}  // namespace ev2::mapper::test
