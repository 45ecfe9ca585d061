// The C++ NoC pattern library alone: configuration layout, the four patterns per data type, and
// a clear error for every kind of invalid pattern. RTL tests (router_test, mesh_test) check the
// same bits against the hardware.
#include <gtest/gtest.h>

#include <string>

#include <fmt/core.h>

#include "mapper/noc_pattern.hpp"

namespace ev2::mapper {
namespace {

using K = NocPatternKind;
using T = NocType;

// Runs f and returns the NocPatternError message ("" if nothing was thrown).
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const NocPatternError& e) {
    return e.what();
  }
  return "";
}

TEST(NocPattern, ConfigurationLayoutMatchesRtl) {
  const NocShape v2 = NocShape::v2();
  EXPECT_EQ(v2.num_h(), 1);
  EXPECT_EQ(v2.router_cfg_width(T::Iact), 4 * 4 + 4 * 2);
  EXPECT_EQ(v2.router_cfg_width(T::Weight), 2 * 2 + 2 * 1);
  EXPECT_EQ(v2.router_cfg_width(T::Psum), 3 * 3 + 3 * 2);
  EXPECT_EQ(v2.router_cfg_offset(T::Weight, 0), 72);
  EXPECT_EQ(v2.router_cfg_offset(T::Psum, 0), 90);
  EXPECT_EQ(v2.iact_a2a_offset(), 150);
  EXPECT_EQ(v2.weight_a2a_offset(), 174);
  EXPECT_EQ(v2.cluster_cfg_width(), 189);
  const NocShape wide{.rows = 3, .cols = 3};
  EXPECT_EQ(wide.num_h(), 2);
  EXPECT_EQ(wide.router_cfg_width(T::Iact), 5 * 5 + 5 * 3);
  EXPECT_EQ(wide.cluster_cfg_width(), 3 * 40 + 3 * 15 + 4 * 15 + 24 + 12 + 3);
}

TEST(NocPattern, RouterEncoding) {
  const NocShape s = NocShape::v2();
  NocRouterSetting r{{0, 0, 0, 0}};
  r.dst_mask[noc_port::kIactN] = (1u << noc_port::kIactLocal) | (1u << noc_port::kIactS);
  r.dst_mask[noc_port::kIactLocal] = 1u << noc_port::kIactE;
  const BitVec b = encode_router(T::Iact, s, r);
  ASSERT_EQ(b.width(), 24);
  EXPECT_EQ(b.get(0, 4), 1u << noc_port::kIactE);                                   // local's mask
  EXPECT_EQ(b.get(4, 4), (1u << noc_port::kIactLocal) | (1u << noc_port::kIactS));  // N's mask
  EXPECT_EQ(b.get(8, 8), 0u);
  EXPECT_EQ(b.get(16 + 0 * 2, 2), static_cast<uint64_t>(noc_port::kIactN));      // local <- N
  EXPECT_EQ(b.get(16 + 2 * 2, 2), static_cast<uint64_t>(noc_port::kIactN));      // S <- N
  EXPECT_EQ(b.get(16 + 3 * 2, 2), static_cast<uint64_t>(noc_port::kIactLocal));  // E <- local
  EXPECT_EQ(router_mode(T::Iact, s, r.dst_mask[noc_port::kIactN]), RouterMode::VerticalMulticast);
  EXPECT_EQ(router_mode(T::Iact, s, r.dst_mask[noc_port::kIactLocal]), RouterMode::Unicast);
  EXPECT_EQ(router_mode(T::Iact, s, 0b1110), RouterMode::Broadcast);
  EXPECT_EQ(router_mode(T::Iact, s, 0b1001), RouterMode::HorizontalMulticast);
  EXPECT_EQ(router_mode(T::Iact, s, 0b1111), RouterMode::Broadcast);
  EXPECT_EQ(router_mode(T::Weight, s, 0b11), RouterMode::Broadcast);
  EXPECT_EQ(router_mode(T::Psum, s, 0b011), RouterMode::Multicast);
  EXPECT_EQ(router_mode(T::Psum, s, 0b110), RouterMode::VerticalMulticast);
}

TEST(NocPattern, EveryPatternCompilesOnV2) {
  const NocShape s = NocShape::v2();
  for (T t : {T::Iact, T::Weight, T::Psum}) {
    for (K k : {K::Broadcast, K::Unicast, K::GroupedMulticast, K::InterleavedMulticast, K::AccumulationChain}) {
      if (k == K::AccumulationChain && t != T::Psum) continue;
      NocPatternParams prm;
      prm.interleave = t == T::Psum ? 1 : (t == T::Iact ? 3 : 2);
      prm.group_rows = t == T::Psum ? 4 : 2;
      prm.group_cols = 2;
      SCOPED_TRACE(fmt::format("{} {}", noc_type_name(t), pattern_kind_name(k)));
      const NocPattern p = make_pattern(t, k, s, prm);
      EXPECT_FALSE(p.flows.empty());
      const NocNetConfig net = compile(s, {p});
      for (int g = 0; g < s.groups(); ++g) EXPECT_EQ(encode_group(net, g).width(), 189);
    }
  }
}

TEST(NocPattern, SmallShapeCompiles) {
  // 2 x 1: no horizontal neighbour at all.
  const NocShape s = NocShape::small();
  EXPECT_EQ(s.cluster_cfg_width(), 189);
  for (T t : {T::Iact, T::Weight, T::Psum})
    for (K k : {K::Broadcast, K::Unicast, K::GroupedMulticast, K::InterleavedMulticast}) {
      SCOPED_TRACE(fmt::format("{} {}", noc_type_name(t), pattern_kind_name(k)));
      EXPECT_NO_THROW(compile(s, {make_pattern(t, k, s, {.group_rows = 2, .interleave = t == T::Iact ? 2 : 1})}));
    }
  EXPECT_NO_THROW(compile(s, {make_pattern(T::Psum, K::AccumulationChain, s, {.group_rows = 2})}));
  NocPattern across{T::Iact, K::Custom, "east of the mesh", {}};
  across.flows.push_back({0, {0, 0}, EndpointKind::Glb, {{{0, 1}, EndpointKind::Pe, 0xf}}});
  EXPECT_NE(error_of([&] { compile(s, {across}); }).find("outside the 2x1 mesh"), std::string::npos);
}

TEST(NocPattern, IactBroadcastUsesEveryRouterMode) {
  const NocShape s = NocShape::v2();
  const NocNetConfig net = compile(s, {make_pattern(T::Iact, K::Broadcast, s)});
  // Source (0,0): local -> {local, S, H} = broadcast; column 1 below row 0: N -> {local, S}.
  EXPECT_EQ(net.router(T::Iact, 0, 0).dst_mask[noc_port::kIactLocal],
            (1u << noc_port::kIactLocal) | (1u << noc_port::kIactS) | (1u << noc_port::kIactE));
  EXPECT_EQ(router_mode(T::Iact, s, net.router(T::Iact, 0, 0).dst_mask[0]), RouterMode::Broadcast);
  EXPECT_EQ(router_mode(T::Iact, s, net.router(T::Iact, s.group_index(3, 1), 0).dst_mask[noc_port::kIactN]),
            RouterMode::VerticalMulticast);
  EXPECT_EQ(router_mode(T::Iact, s, net.router(T::Iact, s.group_index(7, 1), 0).dst_mask[noc_port::kIactN]),
            RouterMode::Unicast);
  // Every PE of every group listens: PE row r takes lane r.
  for (int g = 0; g < s.groups(); ++g)
    for (int pe = 0; pe < s.num_pe(); ++pe) EXPECT_EQ(net.iact_pe_lane[static_cast<size_t>(g * 12 + pe)], pe / 4);
  EXPECT_NE(describe(net).find("broadcast"), std::string::npos);
}

TEST(NocPattern, InterleavedIactUsesOneLanePerSet) {
  const NocShape s = NocShape::v2();
  const NocNetConfig net = compile(s, {make_pattern(T::Iact, K::InterleavedMulticast, s, {.interleave = 3})});
  for (int r = 0; r < s.rows; ++r)
    for (int c = 0; c < s.cols; ++c)
      for (int pe = 0; pe < s.num_pe(); ++pe)
        EXPECT_EQ(net.iact_pe_lane[static_cast<size_t>(s.group_index(r, c) * 12 + pe)], r % 3);
  // Row 1 passes set 0 through on lane 0 without delivering it locally.
  EXPECT_EQ(net.router(T::Iact, s.group_index(1, 0), 0).dst_mask[noc_port::kIactN], 1u << noc_port::kIactS);
}

TEST(NocPattern, PsumChainRunsDownTheColumn) {
  const NocShape s = NocShape::v2();
  const NocNetConfig net = compile(s, {make_pattern(T::Psum, K::AccumulationChain, s, {.group_rows = 8})});
  // Head: GLB -> PE; middle: PE -> V and V -> PE; tail: PE -> GLB.
  const auto& head = net.router(T::Psum, s.group_index(0, 1), 2);
  EXPECT_EQ(head.dst_mask[noc_port::kPsumGlb], 1u << noc_port::kPsumPe);
  EXPECT_EQ(head.dst_mask[noc_port::kPsumPe], 1u << noc_port::kPsumV);
  const auto& mid = net.router(T::Psum, s.group_index(4, 1), 2);
  EXPECT_EQ(mid.dst_mask[noc_port::kPsumV], 1u << noc_port::kPsumPe);
  EXPECT_EQ(mid.dst_mask[noc_port::kPsumPe], 1u << noc_port::kPsumV);
  const auto& tail = net.router(T::Psum, s.group_index(7, 1), 2);
  EXPECT_EQ(tail.dst_mask[noc_port::kPsumPe], 1u << noc_port::kPsumGlb);
}

TEST(NocPatternErrors, DestinationWithTwoSources) {
  const NocShape s = NocShape::v2();
  NocPattern p{T::Iact, K::Custom, "two sources", {}};
  p.flows.push_back({0, {0, 0}, EndpointKind::Glb, {{{2, 0}, EndpointKind::Pe, 0x1}}});
  p.flows.push_back({1, {1, 0}, EndpointKind::Glb, {{{2, 0}, EndpointKind::Pe, 0x3}}});
  const std::string e = error_of([&] { compile(s, {p}); });
  EXPECT_NE(e.find("destination PE 0 of cluster group (2,0) has two sources"), std::string::npos) << e;

  // Low level: two source ports claiming one destination port.
  NocNetConfig net(s);
  net.router(T::Weight, 0, 0).dst_mask[noc_port::kWeightLocal] = 1u << noc_port::kWeightLocal;
  net.router(T::Weight, 0, 0).dst_mask[noc_port::kWeightE] = 1u << noc_port::kWeightLocal;
  const std::string e2 = error_of([&] { validate(net); });
  EXPECT_NE(e2.find("destination port local has two sources"), std::string::npos) << e2;
}

TEST(NocPatternErrors, PsumCycle) {
  const NocShape s = NocShape::v2();
  NocPattern p{T::Psum, K::Custom, "loop", {}};
  p.flows.push_back({0, {3, 0}, EndpointKind::Pe, {{{3, 0}, EndpointKind::Pe, 0}}});
  const std::string e = error_of([&] { compile(s, {p}); });
  EXPECT_NE(e.find("cycle"), std::string::npos) << e;
}

TEST(NocPatternErrors, IactRingIsACycle) {
  // (0,0) S -> (1,0) H -> (1,1) N -> (0,1) H -> (0,0): a ring of pass-throughs.
  const NocShape s = NocShape::v2();
  NocNetConfig net(s);
  net.router(T::Iact, s.group_index(0, 0), 0).dst_mask[noc_port::kIactE] = 1u << noc_port::kIactS;
  net.router(T::Iact, s.group_index(1, 0), 0).dst_mask[noc_port::kIactN] = 1u << noc_port::kIactE;
  net.router(T::Iact, s.group_index(1, 1), 0).dst_mask[noc_port::kIactE] = 1u << noc_port::kIactN;
  net.router(T::Iact, s.group_index(0, 1), 0).dst_mask[noc_port::kIactS] = 1u << noc_port::kIactE;
  const std::string e = error_of([&] { validate(net); });
  EXPECT_NE(e.find("iact lane 0: cycle"), std::string::npos) << e;
}

TEST(NocPatternErrors, Unreachable) {
  const NocShape s = NocShape::v2();
  NocPattern w{T::Weight, K::Custom, "weights down", {}};
  w.flows.push_back({0, {0, 0}, EndpointKind::Glb, {{{1, 0}, EndpointKind::Pe, 0xf}}});
  std::string e = error_of([&] { compile(s, {w}); });
  EXPECT_NE(e.find("weight routers have no vertical links"), std::string::npos) << e;

  NocPattern p{T::Psum, K::Custom, "psums up", {}};
  p.flows.push_back({0, {4, 0}, EndpointKind::Glb, {{{2, 0}, EndpointKind::Pe, 0}}});
  e = error_of([&] { compile(s, {p}); });
  EXPECT_NE(e.find("psums only travel south"), std::string::npos) << e;

  // Low level: forwarding from a link nobody drives.
  NocNetConfig net(s);
  net.router(T::Iact, s.group_index(2, 0), 1).dst_mask[noc_port::kIactN] = 1u << noc_port::kIactLocal;
  for (int pe = 0; pe < 12; ++pe) net.iact_pe_lane[static_cast<size_t>(s.group_index(2, 0) * 12 + pe)] = 1;
  e = error_of([&] { validate(net); });
  EXPECT_NE(e.find("unreachable"), std::string::npos) << e;
}

TEST(NocPatternErrors, OffTheMeshAndDeadEnd) {
  const NocShape s = NocShape::v2();
  NocNetConfig net(s);
  net.router(T::Iact, s.group_index(7, 0), 0).dst_mask[noc_port::kIactLocal] = 1u << noc_port::kIactS;
  std::string e = error_of([&] { validate(net); });
  EXPECT_NE(e.find("leads off the mesh"), std::string::npos) << e;

  NocNetConfig dead(s);
  dead.router(T::Psum, s.group_index(2, 1), 3).dst_mask[noc_port::kPsumGlb] = 1u << noc_port::kPsumV;
  e = error_of([&] { validate(dead); });
  EXPECT_NE(e.find("dead end"), std::string::npos) << e;

  NocNetConfig no_pe(s);
  no_pe.router(T::Iact, 0, 2).dst_mask[noc_port::kIactLocal] = 1u << noc_port::kIactLocal;
  e = error_of([&] { validate(no_pe); });
  EXPECT_NE(e.find("no PE takes iact lane 2"), std::string::npos) << e;
}

TEST(NocPatternErrors, LinkConflicts) {
  const NocShape s = NocShape::v2();
  // Interleaved psums cross each other on the single vertical link of a psum lane.
  std::string e = error_of([&] { compile(s, {make_pattern(T::Psum, K::InterleavedMulticast, s, {.interleave = 2})}); });
  EXPECT_NE(e.find("link conflict"), std::string::npos) << e;
  // More interleaved iact sets than lanes.
  e = error_of([&] { make_pattern(T::Iact, K::InterleavedMulticast, s, {.interleave = 4}); });
  EXPECT_NE(e.find("need 4 iact lanes"), std::string::npos) << e;
  // Two patterns of one data type fighting over a link.
  e = error_of([&] { compile(s, {make_pattern(T::Iact, K::Broadcast, s), make_pattern(T::Iact, K::Unicast, s)}); });
  EXPECT_FALSE(e.empty());
  // Chains are psum-only.
  e = error_of([&] { make_pattern(T::Iact, K::AccumulationChain, s); });
  EXPECT_NE(e.find("psum pattern"), std::string::npos) << e;
}

TEST(NocPattern, PatternsOfDifferentTypesCombine) {
  const NocShape s = NocShape::v2();
  // FC-like: iacts broadcast, weights unicast, psums chained down the whole column.
  const NocNetConfig net = compile(s, {make_pattern(T::Iact, K::Broadcast, s), make_pattern(T::Weight, K::Unicast, s),
                                       make_pattern(T::Psum, K::AccumulationChain, s, {.group_rows = 8})});
  EXPECT_NO_THROW(validate(net));
}

TEST(NocPattern, WideMeshUsesEastAndWestPorts) {
  const NocShape s{.rows = 3, .cols = 3};
  const NocNetConfig net = compile(s, {make_pattern(T::Iact, K::Broadcast, s, {.source = {1, 1}}),
                                       make_pattern(T::Weight, K::Broadcast, s, {.source = {0, 1}})});
  const auto& centre = net.router(T::Iact, s.group_index(1, 1), 0);
  EXPECT_EQ(centre.dst_mask[noc_port::kIactLocal], 0b11111u);
  EXPECT_EQ(router_mode(T::Iact, s, centre.dst_mask[noc_port::kIactLocal]), RouterMode::Broadcast);
  EXPECT_EQ(net.router(T::Weight, s.group_index(2, 1), 1).dst_mask[noc_port::kWeightLocal], 0b111u);
}

}  // namespace
}  // namespace ev2::mapper
