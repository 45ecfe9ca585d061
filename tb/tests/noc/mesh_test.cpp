// The full mesh (8 x 2 as in v2, and a 1 x 3 row for separate east/west ports) with endpoint models in
// place of GLB banks, off-chip ports and PEs: each network pattern for iacts, weights and psums
// (psums also as vertical accumulation chains across cluster groups through PE-column models),
// configured through the C++ pattern library, with random stalls on every endpoint. Every word
// must arrive exactly once and in order, nothing may arrive where nothing is routed, and a watchdog
// fails the test on a deadlock.
#include <gtest/gtest.h>

#include <vector>

#include <verilated.h>

#include "Vnoc_mesh_1x3.h"
#include "Vnoc_mesh_8x2.h"
#include "harness/seed.hpp"
#include "noc_tb.hpp"

namespace ev2::tb::noc {
namespace {

using mapper::NocPatternKind;
using mapper::NocPatternParams;
using K = NocPatternKind;

const NocShape kV2 = NocShape::v2();
const NocShape kRow{.rows = 1, .cols = 3};

template <class Model>
uint64_t run_patterns(const NocShape& shape, const std::vector<NocPattern>& patterns, MeshEnvOptions opt = {}) {
  Rng rng = test_rng();
  Sim<Model> sim;
  MeshEnv<Model> env(sim, shape, rng.fork(), opt);
  const NocNetConfig net = mapper::compile(shape, patterns);
  sim.reset();
  env.configure(net);
  env.load(patterns);
  const uint64_t cycles = env.run(200'000, "every destination got every word");
  EXPECT_GT(env.words_delivered(), 0u);
  return cycles;
}

NocPattern pat(NocType t, K k, const NocShape& s = kV2, NocPatternParams p = {}) {
  return mapper::make_pattern(t, k, s, p);
}

// The array's broadcast router CONFIG: one write with cfg_all_i reconfigures every group in the
// same cycle (docs/layer_command.md: CONFIG messages take effect in list order). Every group is
// first set up for another pattern, so a group the write missed would misroute words.
TEST(NocMesh8x2, OneWriteConfiguresEveryGroup) {
  Rng rng = test_rng();
  Sim<Vnoc_mesh_8x2> sim;
  MeshEnv<Vnoc_mesh_8x2> env(sim, kV2, rng.fork());
  sim.reset();
  env.configure(mapper::compile(kV2, {pat(NocType::Iact, K::Broadcast)}));
  const std::vector<NocPattern> local = {pat(NocType::Iact, K::Unicast), pat(NocType::Weight, K::Unicast)};
  ASSERT_TRUE(env.configure_all_at_once(mapper::compile(kV2, local))) << "the groups' configurations differ";
  env.load(local);
  env.run(200'000, "every destination got every word");
  EXPECT_GT(env.words_delivered(), 0u);
}

// ---- iacts ----------------------------------------------------------------------------------------
TEST(NocMesh8x2Iact, Broadcast) { run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Iact, K::Broadcast)}); }
TEST(NocMesh8x2Iact, BroadcastFromTheMiddleUnderHeavyBackpressure) {
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Iact, K::Broadcast, kV2, {.source = {4, 1}})},
                              {.src_stall = 0.1, .dst_stall = 0.8, .words = 60});
}
TEST(NocMesh8x2Iact, Unicast) { run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Iact, K::Unicast)}); }
TEST(NocMesh8x2Iact, GroupedMulticast2x2) {
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Iact, K::GroupedMulticast, kV2, {.group_rows = 2, .group_cols = 2})});
}
TEST(NocMesh8x2Iact, GroupedMulticast4x1) {
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Iact, K::GroupedMulticast, kV2, {.group_rows = 4, .group_cols = 1})});
}
TEST(NocMesh8x2Iact, InterleavedMulticast) {
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Iact, K::InterleavedMulticast, kV2, {.interleave = 3})});
}
TEST(NocMesh8x2Iact, PesListenToDifferentLanes) {
  // Unicast with an irregular PE-to-lane map: some PEs take nothing, lanes cover odd PE sets.
  NocPatternParams p;
  p.iact_pe_lane = {2, -1, 0, 1, 1, 2, -1, 0, 0, 0, 2, 1};
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Iact, K::Unicast, kV2, p)});
}

// ---- weights --------------------------------------------------------------------------------------
TEST(NocMesh8x2Weight, Broadcast) { run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Weight, K::Broadcast)}); }
TEST(NocMesh8x2Weight, BroadcastFromTheEastColumn) {
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Weight, K::Broadcast, kV2, {.source = {0, 1}})});
}
TEST(NocMesh8x2Weight, Unicast) { run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Weight, K::Unicast)}); }
TEST(NocMesh8x2Weight, UnicastToOnePePerRow) {
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Weight, K::Unicast, kV2, {.weight_pe_mask = 0b0100})});
}
TEST(NocMesh8x2Weight, GroupedMulticast) {
  run_patterns<Vnoc_mesh_8x2>(
      kV2, {pat(NocType::Weight, K::GroupedMulticast, kV2, {.group_cols = 2, .weight_pe_mask = 0b0110})});
}
TEST(NocMesh8x2Weight, InterleavedMulticast) {
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Weight, K::InterleavedMulticast, kV2, {.interleave = 2})});
}

// ---- psums ----------------------------------------------------------------------------------------
TEST(NocMesh8x2Psum, Unicast) { run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Psum, K::Unicast)}); }
TEST(NocMesh8x2Psum, Broadcast) { run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Psum, K::Broadcast)}); }
TEST(NocMesh8x2Psum, GroupedMulticast) {
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Psum, K::GroupedMulticast, kV2, {.group_rows = 4})});
}
TEST(NocMesh8x2Psum, InterleavedMulticastOfOneSetIsTheColumnMulticast) {
  // Interleaving >= 2 sets is rejected by the pattern library (one vertical link per psum lane,
  // NocPatternErrors.LinkConflicts); one set is what the psum network can carry.
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Psum, K::InterleavedMulticast, kV2, {.interleave = 1})});
}
TEST(NocMesh8x2Psum, AccumulationChainDownTheWholeColumn) {
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Psum, K::AccumulationChain, kV2, {.group_rows = 8})});
}
TEST(NocMesh8x2Psum, GroupedAccumulationChains) {
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Psum, K::AccumulationChain, kV2, {.group_rows = 3})});
}
TEST(NocMesh8x2Psum, AccumulationChainUnderHeavyBackpressure) {
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Psum, K::AccumulationChain, kV2, {.group_rows = 8})},
                              {.src_stall = 0.5, .dst_stall = 0.7, .words = 60});
}

// ---- all three data types at once (the layer types of docs/architecture.md section 5) ---------
TEST(NocMesh8x2Layer, ConvIactsInterleavedWeightsGroupedPsumsChained) {
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Iact, K::InterleavedMulticast, kV2, {.interleave = 3}),
                                    pat(NocType::Weight, K::GroupedMulticast, kV2, {.group_cols = 2}),
                                    pat(NocType::Psum, K::AccumulationChain, kV2, {.group_rows = 4})});
}
TEST(NocMesh8x2Layer, DepthwiseWeightsBroadcastIactsUnicast) {
  run_patterns<Vnoc_mesh_8x2>(
      kV2, {pat(NocType::Iact, K::Unicast), pat(NocType::Weight, K::Broadcast), pat(NocType::Psum, K::Unicast)});
}
TEST(NocMesh8x2Layer, FullyConnectedIactsBroadcastWeightsUnicast) {
  run_patterns<Vnoc_mesh_8x2>(kV2, {pat(NocType::Iact, K::Broadcast), pat(NocType::Weight, K::Unicast),
                                    pat(NocType::Psum, K::AccumulationChain, kV2, {.group_rows = 8})});
}

// ---- hop counting by name (energy accounting) -----------------------------------------------------
TEST(NocMesh8x2Hops, BroadcastCrossesEveryLinkOfItsTreeOncePerWord) {
  // Lane 0 only, every PE listening: one word from (0,0) crosses the 15 links of the spanning tree
  // (1 east + 2 x 7 south) once and is delivered into each of the 16 PE clusters once.
  Rng rng = test_rng();
  Sim<Vnoc_mesh_8x2> sim;
  MeshEnv<Vnoc_mesh_8x2> env(sim, kV2, rng.fork(), {.words = 50});
  HopCounter hops(sim.context());
  EXPECT_EQ(hops.routers(), 16u * 10u);
  sim.add(hops);
  NocPatternParams p;
  p.iact_pe_lane = std::vector<int>(12, 0);
  const std::vector<NocPattern> pats = {pat(NocType::Iact, K::Broadcast, kV2, p)};
  sim.reset();
  env.configure(mapper::compile(kV2, pats));
  env.load(pats);
  env.run(100'000, "broadcast delivered");
  namespace port = mapper::noc_port;
  EXPECT_EQ(hops.hops(NocType::Iact, port::kIactLocal), 16u * 50u);
  EXPECT_EQ(hops.hops(NocType::Iact, port::kIactS), 14u * 50u);
  EXPECT_EQ(hops.hops(NocType::Iact, port::kIactE), 1u * 50u);
  EXPECT_EQ(hops.hops(NocType::Iact, port::kIactN), 0u);
  EXPECT_EQ(hops.hops(NocType::Weight, port::kWeightLocal), 0u);
}

// ---- configuration errors caught by the RTL assertions -------------------------------------------
TEST(NocMesh8x2Errors, RouteOffTheMeshAsserts) {
  Rng rng = test_rng();
  Sim<Vnoc_mesh_8x2> sim;
  MeshEnv<Vnoc_mesh_8x2> env(sim, kV2, rng.fork());
  NocNetConfig net(kV2);  // hand-made, not validated: GLB (7,0) lane 0 -> south, off the mesh
  net.router(NocType::Iact, kV2.group_index(7, 0), 0).dst_mask[mapper::noc_port::kIactLocal] =
      1u << mapper::noc_port::kIactS;
  sim.reset();
  env.configure(net);
  sim.expect_assertion("route_leaves_mesh_south");
  set_bits(sim->glb_iact_valid_i, kV2.group_index(7, 0) * 3, 1, 1);
  sim.step(3);
  EXPECT_TRUE(sim.assertion_fired("route_leaves_mesh_south"));
}

// ---- a row of three cluster groups: separate east and west ports ----------------------------------
TEST(NocMesh1x3, IactBroadcastFromTheMiddle) {
  run_patterns<Vnoc_mesh_1x3>(kRow, {pat(NocType::Iact, K::Broadcast, kRow, {.source = {0, 1}})});
}
TEST(NocMesh1x3, AllTypesAtOnce) {
  run_patterns<Vnoc_mesh_1x3>(
      kRow, {pat(NocType::Iact, K::GroupedMulticast, kRow, {.group_rows = 1, .group_cols = 2}),
             pat(NocType::Weight, K::Broadcast, kRow, {.source = {0, 2}}), pat(NocType::Psum, K::Unicast, kRow)});
}
TEST(NocMesh1x3, WeightInterleavedAcrossThreeColumns) {
  // Sets {0, 2} and {1}: set 0 passes column 1 on the east link while set 1 stays local.
  run_patterns<Vnoc_mesh_1x3>(kRow, {pat(NocType::Weight, K::InterleavedMulticast, kRow, {.interleave = 2})});
}
TEST(NocMesh1x3, IactInterleavedNeedsRows) {
  // Interleaved iact sets run along rows; one row holds only one set.
  run_patterns<Vnoc_mesh_1x3>(kRow, {pat(NocType::Iact, K::InterleavedMulticast, kRow, {.interleave = 1})});
}

}  // namespace
}  // namespace ev2::tb::noc
