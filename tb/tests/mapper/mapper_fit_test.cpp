// What the mapper refuses, with the exact one-line messages, and the limits it respects.
#include "harness/seed.hpp"
#include "mapper_test_util.hpp"

namespace ev2::mapper::test {
namespace {

std::string map_error(const LayerShape& l, const MapOptions& o = {}, const ArrayConfig& a = ArrayConfig::small()) {
  try {
    map_layer(l, a, o);
  } catch (const MapError& e) {
    return e.what();
  }
  return "";
}

TEST(MapperFit, PoolRefused) {
  auto l = make_layer("pool1", LayerKind::Pool, 1, 8, 8, 8, 8, 2, 2, 2, 0);
  EXPECT_EQ(map_error(l), "layer 'pool1': pool layers run on the host (no weights, no MACs on the array)");
}

TEST(MapperFit, StrideAbove4Refused) {
  auto l = make_layer("conv_s5", LayerKind::Conv, 1, 3, 20, 20, 8, 5, 5, 5, 0);
  EXPECT_EQ(map_error(l),
            "layer 'conv_s5': stride U=5, the PE takes 1..4 (an iact address word holds 4 column entries)");
}

TEST(MapperFit, BadShapeRefused) {
  auto l = make_layer("bad", LayerKind::Conv, 1, 3, 4, 4, 8, 7, 7, 1, 0);
  EXPECT_EQ(map_error(l).rfind("layer 'bad': ", 0), 0u);
}

TEST(MapperFit, WideKernelWithoutColumnSplit) {
  auto l = make_layer("conv1", LayerKind::Conv, 1, 3, 227, 227, 96, 11, 11, 4, 0);
  MapOptions o;
  o.split_filter_columns = false;
  EXPECT_EQ(map_error(l, o),
            "layer 'conv1': S=11 needs 12 iact address entries per window (ceil(S/U)*U, U=4), the iact address SPad "
            "holds 9 (filter-column split disabled)");
  EXPECT_EQ(map_error(l), "");  // split by filter column instead
}

TEST(MapperFit, ForcedChannelsTooMany) {
  auto l = make_layer("c", LayerKind::Conv, 1, 16, 8, 8, 8, 3, 3, 1, 1);
  MapOptions o;
  o.force_c0 = 6;
  EXPECT_EQ(map_error(l, o),
            "layer 'c': C0=6 x 3 window columns = 18 iact words per window, the iact data SPad holds 15 (4-bit "
            "exclusive-end address)");
  o.force_c0 = 5;
  EXPECT_EQ(map_error(l, o), "");
}

TEST(MapperFit, ForcedDenseWeightsTooMany) {
  auto l = make_layer("pw", LayerKind::Pointwise, 1, 15, 4, 4, 32, 1, 1, 1, 0);
  MapOptions o;
  o.force_m0 = 32;
  o.force_c0 = 15;
  EXPECT_EQ(map_error(l, o),
            "layer 'pw': M0=32 x C0=15 x S=1, block (group 0, m 0..31, r 0, c 0..14, s 0..0): weight block needs 240 "
            "SIMD words, weight data SPad holds 96; weight block's last column ends at address 240, a 7-bit weight "
            "address entry holds at most 127");
}

TEST(MapperFit, ForcedM0AbovePsumSpad) {
  auto l = make_layer("pw", LayerKind::Pointwise, 1, 8, 4, 4, 64, 1, 1, 1, 0);
  MapOptions o;
  o.force_m0 = 33;
  EXPECT_EQ(map_error(l, o), "layer 'pw': M0=33 output channels, the psum SPad holds 32");
}

TEST(MapperFit, EveryPassFitsItsSpadsAndBanks) {
  // Shape-only mappings over many shapes: configuration words valid, psum banks and iact banks
  // within their sizes (data-dependent fits are checked by the executor tests).
  tb::Rng rng = tb::test_rng();
  for (int i = 0; i < 80; ++i) {
    const int R = static_cast<int>(rng.uniform(1, 11));
    const int U = static_cast<int>(rng.uniform(1, 4));
    const int H = static_cast<int>(rng.uniform(R, R + 40));
    auto l = make_layer("s", LayerKind::Conv, 1, static_cast<int>(rng.uniform(1, 300)), H, H,
                        static_cast<int>(rng.uniform(1, 300)), R, R, U, R / 2);
    MapOptions o;
    o.weight_density = rng.pick(std::vector<double>{1.0, 0.5, 0.2});
    const auto m = map_layer(l, ArrayConfig::v2(), o);
    const auto s = build_schedule(m);
    EXPECT_EQ(s.stats.macs, l.macs()) << m.describe();
    EXPECT_EQ(s.stats.oacts, l.oact_count()) << m.describe();
    for (const auto& g : s.groups)
      for (const auto& st : g.steps)
        for (const auto& cp : st.cols) {
          // In bank words as the runtime lays them out: ceil(M0/2) words per window, row i of the
          // E tile at i * Ft * ceil(M0/2).
          const int words = (cp.M0 + 1) / 2;
          if (cp.bank_in || !cp.final_out)
            ASSERT_LE(cp.bank_offset / cp.M0 * words + cp.F * words, m.array.psum_bank_entries() / 2) << m.describe();
          for (const auto& p : cp.pes) ASSERT_TRUE(pe::check_config(p.cfg, m.array.spad)) << p.cfg.describe();
        }
  }
}

}  // namespace
}  // namespace ev2::mapper::test
