// NoC figures on the 8 x 2 mesh (docs/noc.md, "Bench"): per network pattern and data type, the
// delivered words per cycle per source port with no backpressure anywhere, and the latency of a
// broadcast to all 16 cluster groups. The last line is the unicast rate per port (the minimum over
// iacts, weights and psums).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "Vnoc_mesh_8x2.h"
#include "rtlsim/sim.hpp"
#include "noc_tb.hpp"

namespace {

using namespace ev2::tb;
using namespace ev2::tb::noc;
using ev2::mapper::GroupPos;
using ev2::mapper::NocPatternKind;
using ev2::mapper::NocPatternParams;
using K = NocPatternKind;

constexpr int kWords = 2000;

struct Figure {
  double per_port;
  uint64_t cycles;
  int sources;
  uint64_t delivered;
};

Figure measure(const NocShape& shape, const std::vector<NocPattern>& patterns) {
  Sim<Vnoc_mesh_8x2> sim("noc_bench");
  MeshEnv<Vnoc_mesh_8x2> env(sim, shape, Rng(1), {.src_stall = 0.0, .dst_stall = 0.0, .words = kWords});
  const NocNetConfig net = ev2::mapper::compile(shape, patterns);
  sim.reset();
  env.configure(net);
  env.load(patterns);
  const uint64_t cycles = env.run(50ull * kWords + 1000, "bench traffic");
  return {static_cast<double>(kWords) / static_cast<double>(cycles), cycles, env.num_sources(), env.words_delivered()};
}

// Cycles from the source handing one word to the network until the last PE of the last cluster
// group has it (all PEs ready), for an iact broadcast from `src`.
int broadcast_latency(const NocShape& shape, GroupPos src) {
  Sim<Vnoc_mesh_8x2> sim("noc_bench_latency");
  auto& d = sim.dut();
  MeshEnv<Vnoc_mesh_8x2> env(sim, shape, Rng(2), {.watch_unrouted = false});
  NocPatternParams p;
  p.source = src;
  p.iact_pe_lane = std::vector<int>(12, 0);  // every PE listens to lane 0
  const NocPattern pat = ev2::mapper::make_pattern(NocType::Iact, K::Broadcast, shape, p);
  sim.reset();
  env.configure(ev2::mapper::compile(shape, {pat}));
  for (int i = 0; i < shape.groups() * 12; ++i) set_bits(d.pe_iact_ready_i, i, 1, 1);
  const int idx = shape.group_index(src.row, src.col) * 3;
  set_bits(d.glb_iact_valid_i, idx, 1, 1);
  set_bits(d.glb_iact_data_i, idx * kDataW, kDataW, 0x5a5a5a);
  std::vector<bool> got(static_cast<size_t>(shape.groups() * 12), false);
  int last = -1;
  for (int c = 0; c < 100 && last < 0; ++c) {
    d.eval();
    if (c == 0 && get_bits(d.glb_iact_ready_o, idx, 1) == 0) return -1;
    for (int i = 0; i < shape.groups() * 12; ++i)
      if (get_bits(d.pe_iact_valid_o, i, 1)) got[static_cast<size_t>(i)] = true;
    if (std::all_of(got.begin(), got.end(), [](bool b) { return b; })) last = c;
    sim.step();
    set_bits(d.glb_iact_valid_i, idx, 1, 0);
  }
  return last;
}

}  // namespace

int main() {
  const NocShape s = NocShape::v2();
  auto pat = [&](NocType t, K k, NocPatternParams p = {}) { return ev2::mapper::make_pattern(t, k, s, p); };
  struct Row {
    std::string name;
    std::vector<NocPattern> patterns;
  };
  const std::vector<Row> rows = {
      {"iact broadcast", {pat(NocType::Iact, K::Broadcast)}},
      {"iact unicast", {pat(NocType::Iact, K::Unicast)}},
      {"iact grouped multicast 2x2", {pat(NocType::Iact, K::GroupedMulticast, {.group_rows = 2, .group_cols = 2})}},
      {"iact interleaved multicast 3", {pat(NocType::Iact, K::InterleavedMulticast, {.interleave = 3})}},
      {"weight broadcast (per row)", {pat(NocType::Weight, K::Broadcast)}},
      {"weight unicast", {pat(NocType::Weight, K::Unicast)}},
      {"weight grouped multicast 1x2", {pat(NocType::Weight, K::GroupedMulticast, {.group_cols = 2})}},
      {"weight interleaved multicast 2", {pat(NocType::Weight, K::InterleavedMulticast, {.interleave = 2})}},
      {"psum broadcast (per column)", {pat(NocType::Psum, K::Broadcast)}},
      {"psum unicast", {pat(NocType::Psum, K::Unicast)}},
      {"psum grouped multicast 4x1", {pat(NocType::Psum, K::GroupedMulticast, {.group_rows = 4})}},
      {"psum accumulation chain 8", {pat(NocType::Psum, K::AccumulationChain, {.group_rows = 8})}},
  };
  fmt::print("NoC bench: 8 x 2 mesh, {} words per source, no backpressure\n", kWords);
  fmt::print("{:<34} {:>8} {:>10} {:>14} {:>18}\n", "pattern", "sources", "cycles", "words/cyc/port",
             "delivered/cycle");
  double unicast = 1e9;
  for (const Row& r : rows) {
    const Figure f = measure(s, r.patterns);
    fmt::print("{:<34} {:>8} {:>10} {:>14.3f} {:>18.1f}\n", r.name, f.sources, f.cycles, f.per_port,
               static_cast<double>(f.delivered) / static_cast<double>(f.cycles));
    if (r.name.find("unicast") != std::string::npos) unicast = std::min(unicast, f.per_port);
  }
  for (GroupPos src : {GroupPos{0, 0}, GroupPos{3, 0}}) {
    const int lat = broadcast_latency(s, src);
    fmt::print("iact broadcast latency from cluster group ({},{}) to all 16 cluster groups (192 PEs): {} cycles\n",
               src.row, src.col, lat);
  }
  fmt::print("noc unicast words/cycle/port: {:.3f}\n", unicast);
  std::fflush(stdout);
  return 0;
}
