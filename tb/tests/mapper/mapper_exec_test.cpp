// Random layers of every kind, mapped with their real weights, scheduled and executed from the
// PEs' encoded streams: the result must equal conv2d on the whole layer, bit for bit.
#include <fmt/core.h>

#include "harness/seed.hpp"
#include "mapper_test_util.hpp"

namespace ev2::mapper::test {
namespace {

const std::vector<double> kDensities = {1.0, 0.7, 0.4, 0.1};

LayerShape random_layer(tb::Rng& rng, int i) {
  const int kind = static_cast<int>(rng.uniform(0, 4));
  const int N = rng.bernoulli(0.25) ? 2 : 1;
  const std::string name = fmt::format("rand{}", i);
  switch (kind) {
    case 0: {  // conv: any kernel up to 7x7, stride 1..4, padding
      const int R = static_cast<int>(rng.uniform(1, 7)), S = static_cast<int>(rng.uniform(1, 7));
      const int U = static_cast<int>(rng.uniform(1, 4));
      const int pad = static_cast<int>(rng.uniform(0, std::min(R, S) / 2));
      const int H = static_cast<int>(rng.uniform(std::max(R, S), std::max(R, S) + 8));
      return make_layer(name, LayerKind::Conv, N, static_cast<int>(rng.uniform(1, 12)), H,
                        H + static_cast<int>(rng.uniform(0, 3)), static_cast<int>(rng.uniform(1, 40)), R, S, U, pad);
    }
    case 1: {  // depthwise, channel multiplier 1..3 (now and then > 32 outputs per group)
      const int C = static_cast<int>(rng.uniform(1, 24));
      const int mult = rng.bernoulli(0.1) ? 33 : static_cast<int>(rng.uniform(1, 3));
      const int R = rng.pick(std::vector<int>{3, 3, 5, 7, 1});
      const int U = static_cast<int>(rng.uniform(1, 2));
      const int H = static_cast<int>(rng.uniform(R, R + 8));
      return make_layer(name, LayerKind::Depthwise, N, C, H, H, C * mult, R, R, U, R / 2, C);
    }
    case 2: {  // pointwise
      const int H = static_cast<int>(rng.uniform(1, 10));
      return make_layer(name, LayerKind::Pointwise, N, static_cast<int>(rng.uniform(1, 70)), H, H,
                        static_cast<int>(rng.uniform(1, 70)), 1, 1, 1, 0);
    }
    case 3: {  // fc over a small feature map
      const int H = static_cast<int>(rng.uniform(1, 4));
      return make_layer(name, LayerKind::FC, N, static_cast<int>(rng.uniform(1, 20)), H, H,
                        static_cast<int>(rng.uniform(1, 50)), H, H, 1, 0);
    }
    default: {  // grouped conv
      const int G = static_cast<int>(rng.uniform(2, 4));
      const int H = static_cast<int>(rng.uniform(3, 8));
      return make_layer(name, LayerKind::Conv, N, G * static_cast<int>(rng.uniform(2, 6)), H, H,
                        G * static_cast<int>(rng.uniform(1, 12)), 3, 3, 1, 1, G);
    }
  }
}

void random_layers(const ArrayConfig& a, int count) {
  tb::Rng rng = tb::test_rng();
  for (int i = 0; i < count; ++i) {
    const LayerShape l = random_layer(rng, i);
    const double wd = rng.pick(kDensities), id = rng.pick(kDensities);
    const bool dense = rng.bernoulli(0.15);
    SCOPED_TRACE(fmt::format("layer {}: {} N={} C={} H={} W={} M={} R={} S={} U={} pad={} G={} wd={} id={}{}", i,
                             to_string(l.kind), l.N, l.C, l.H, l.W, l.M, l.R, l.S, l.U, l.pad_h, l.G, wd, id,
                             dense ? " dense" : ""));
    run_layer(l, a, wd, id, rng.bernoulli(0.5), rng, dense);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(MapperExec, RandomLayersSmall) { random_layers(ArrayConfig::small(), 120); }
TEST(MapperExec, RandomLayersV2) { random_layers(ArrayConfig::v2(), 60); }

// Weight sharing (docs/mapper.md rule 10): the groups take different output tiles of the same
// column blocks, padded with discarded passes to a multiple of the groups. Forced on for random
// convolutions: every output written once from a real pass, none from a padding pass.
TEST(MapperExec, GroupsShareWeightBlocksAcrossOutputTiles) {
  tb::Rng rng = tb::test_rng();
  for (const ArrayConfig& a : {ArrayConfig::small(), ArrayConfig::v2()}) {
    int shared = 0, padded = 0;
    for (int i = 0; i < 40; ++i) {
      const int R = static_cast<int>(rng.uniform(1, 5)), U = static_cast<int>(rng.uniform(1, 2));
      const int H = static_cast<int>(rng.uniform(R + 2, R + 20));
      const int C = static_cast<int>(rng.uniform(1, 40));
      const LayerShape l = make_layer(fmt::format("share{}", i), LayerKind::Conv, rng.bernoulli(0.2) ? 2 : 1, C, H, H,
                                      static_cast<int>(rng.uniform(1, 70)), R, R, U, R / 2);
      SCOPED_TRACE(fmt::format("{} layer {}: C={} H={} M={} R={} U={} N={}", a.name, i, l.C, l.H, l.M, R, U, l.N));
      MapOptions o;
      o.share = MapOptions::Share::On;
      try {
        (void)map_layer(l, a, o);
      } catch (const MapError& e) {
        EXPECT_NE(std::string(e.what()).find("weight sharing needs"), std::string::npos) << e.what();
        continue;
      }
      const ExecResult r =
          run_layer(l, a, rng.pick(kDensities), rng.pick(kDensities), false, rng, false, MapOptions::Share::On);
      const Mapping m = map_layer(l, a, o);
      EXPECT_TRUE(m.share_weights);
      ++shared;
      padded += build_schedule(m).stats.discarded_passes > 0;
      if (::testing::Test::HasFailure()) return;
      (void)r;
    }
    EXPECT_GT(shared, 20);
    EXPECT_GT(padded, 5);
  }
}

// Sharing in sets (rule 10 with share_groups < groups): the aligned sets of K groups take different
// column blocks, the groups of a set the same blocks at every step (one group-set stream each) and
// different output tiles. Random convolutions on v2 with K = 2, 4 and 8: every output written once
// (the executor), every set's groups in step with the same blocks, and the sets busy.
TEST(MapperExec, GroupSetsShareWeightBlocksAmongThemselves) {
  tb::Rng rng = tb::test_rng();
  const ArrayConfig a = ArrayConfig::v2();
  int runs = 0;
  for (int i = 0; i < 30; ++i) {
    const int K = 1 << rng.uniform(1, 3);
    const int R = rng.bernoulli(0.5) ? 1 : 3;
    const int H = static_cast<int>(rng.uniform(R + 2, R + 14));
    const LayerShape l =
        make_layer(fmt::format("sets{}", i), R == 1 ? LayerKind::Pointwise : LayerKind::Conv, 1,
                   static_cast<int>(rng.uniform(8, 60)), H, H, static_cast<int>(rng.uniform(40, 200)), R, R, 1, R / 2);
    SCOPED_TRACE(fmt::format("layer {}: C={} H={} M={} R={}, sets of {}", i, l.C, l.H, l.M, R, K));
    MapOptions o;
    o.share = MapOptions::Share::On;
    o.share_groups = K;
    Mapping m;
    try {
      m = map_layer(l, a, o);
    } catch (const MapError& e) {
      EXPECT_NE(std::string(e.what()).find("weight sharing needs"), std::string::npos) << e.what();
      continue;
    }
    ASSERT_TRUE(m.share_weights);
    ASSERT_EQ(m.share_groups, K);
    const Schedule s = build_schedule(m);
    std::set<std::vector<int>> first_blocks;  // the blocks each set starts with
    for (int g = 0; g < a.groups(); ++g) {
      const auto& mine = s.groups[static_cast<size_t>(g)].steps;
      const auto& lead = s.groups[static_cast<size_t>(g - g % K)].steps;
      ASSERT_EQ(mine.size(), lead.size()) << "group " << g << " runs as many steps as its set";
      for (size_t k = 0; k < mine.size(); ++k) {
        ASSERT_EQ(mine[k].cols.size(), lead[k].cols.size());
        for (size_t c = 0; c < mine[k].cols.size(); ++c) {
          EXPECT_EQ(mine[k].cols[c].mb, lead[k].cols[c].mb) << "group " << g << " step " << k;
          EXPECT_EQ(mine[k].cols[c].gb, lead[k].cols[c].gb) << "group " << g << " step " << k;
        }
      }
      if (g % K == 0 && !mine.empty()) first_blocks.insert({mine[0].cols[0].gb, mine[0].cols[0].mb});
    }
    EXPECT_EQ(static_cast<int>(first_blocks.size()), a.groups() / K) << "every set starts on its own blocks";
    run_layer(l, a, rng.pick(kDensities), rng.pick(kDensities), false, rng, false, MapOptions::Share::On, K);
    ++runs;
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(runs, 15);
  MapOptions bad;
  bad.share_groups = 3;
  const LayerShape l = make_layer("odd", LayerKind::Pointwise, 1, 32, 8, 8, 64, 1, 1, 1, 0);
  try {
    (void)map_layer(l, a, bad);
    ADD_FAILURE() << "sets of 3 groups are refused";
  } catch (const MapError& e) {
    EXPECT_NE(std::string(e.what()).find("aligned power of two"), std::string::npos) << e.what();
  }
}

TEST(MapperExec, WideKernelSplitsFilterColumns) {
  tb::Rng rng = tb::test_rng();
  // AlexNet conv1-like: S=11, U=4 keeps 12 columns per window; split into column chunks.
  const auto l = make_layer("wide", LayerKind::Conv, 1, 3, 27, 27, 8, 11, 11, 4, 2);
  const auto r = run_layer(l, ArrayConfig::small(), 0.5, 0.6, false, rng);
  EXPECT_GT(r.pe_passes, 0u);
  const auto m = map_layer(l, ArrayConfig::small());
  EXPECT_LT(m.S0, 11);
}

TEST(MapperExec, DepthwiseIsPackedBlockDiagonal) {
  tb::Rng rng = tb::test_rng();
  const auto l = make_layer("dw", LayerKind::Depthwise, 1, 20, 9, 9, 40, 3, 3, 1, 1, 20);
  const auto m = map_layer(l, ArrayConfig::small());
  EXPECT_TRUE(m.packed);
  EXPECT_GT(m.gk, 1);
  run_layer(l, ArrayConfig::small(), 0.5, 0.5, true, rng);
}

TEST(MapperExec, LongReductionAccumulatesInPsumBank) {
  tb::Rng rng = tb::test_rng();
  const auto l = make_layer("deep", LayerKind::Conv, 1, 40, 6, 30, 20, 3, 3, 1, 1);
  const auto m = map_layer(l, ArrayConfig::small());
  EXPECT_GT(m.chains, 1);
  EXPECT_LE(m.Et * m.Ft * m.M0, ArrayConfig::small().psum_bank_entries());
  run_layer(l, ArrayConfig::small(), 0.4, 0.5, false, rng);
}

TEST(MapperExec, SparseWeightsPackMoreThan192NominalPerPe) {
  tb::Rng rng = tb::test_rng();
  const auto l = make_layer("pw", LayerKind::Pointwise, 1, 45, 4, 4, 64, 1, 1, 1, 0);
  const WeightTensor sparse = workload::random_weights(l, 0.2, rng);
  MapOptions o;
  o.weights = &sparse;
  // The largest block (M0 = 32) fits only because the real weights are sparse; the mapper may
  // still prefer a smaller M0 for speed (docs/mapper.md rule 5), so the block size is forced.
  o.force_m0 = 32;
  const auto ms = map_layer(l, ArrayConfig::small(), o);
  EXPECT_GT(ms.M0 * ms.C0, 192) << ms.describe();
  MapOptions od;
  od.force_m0 = 32;
  EXPECT_THROW(map_layer(l, ArrayConfig::small(), od), MapError) << "a dense estimate must not fit 32 x C0 > 192";
  const auto md = map_layer(l, ArrayConfig::small());
  EXPECT_LE(md.M0 * md.C0, 192) << md.describe();
  run_layer(l, ArrayConfig::small(), 0.2, 0.5, false, rng);
}

TEST(MapperExec, BatchAndOverflowWrap) {
  tb::Rng rng = tb::test_rng();
  // Dense uniform operands and a long reduction: many psums overflow 20 bits and must wrap.
  const auto l = make_layer("wrap", LayerKind::Conv, 3, 30, 5, 5, 6, 3, 3, 1, 1);
  run_layer(l, ArrayConfig::small(), 1.0, 1.0, true, rng);
}

TEST(MapperExec, MobileNetSmallLayers) {
  // Real MobileNet-0.5-128 layers at batch 1 (the late, small ones; the executor runs in seconds).
  tb::Rng rng = tb::test_rng();
  const auto a = ArrayConfig::v2();
  for (const auto& l : {make_layer("conv12_dw", LayerKind::Depthwise, 1, 256, 8, 8, 256, 3, 3, 2, 1, 256),
                        make_layer("conv13_dw", LayerKind::Depthwise, 1, 512, 4, 4, 512, 3, 3, 1, 1, 512),
                        make_layer("conv13_pw", LayerKind::Pointwise, 1, 512, 4, 4, 512, 1, 1, 1, 0),
                        make_layer("fc", LayerKind::FC, 1, 512, 1, 1, 1000, 1, 1, 1, 0)}) {
    SCOPED_TRACE(l.name);
    run_layer(l, a, 0.4, 0.5, false, rng);
  }
}

}  // namespace
}  // namespace ev2::mapper::test
