// Whole layers on the accelerator top level: the mapper's schedule compiled into a command list and
// memory image (sim/runtime), run on ev2_top against the memory model with random latency and
// backpressure, outputs read back and compared bit for bit with the reference model
// (conv2d + output stage), and the output stage's clip counters with the reference's.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include <cstdlib>
#include <string>

#include "Vev2_top.h"
#include "harness/seed.hpp"
#include "runtime/accelerator.hpp"
#include "runtime/layer_run.hpp"

namespace ev2::runtime {
namespace {

mapper::ArrayConfig this_array() { return mapper::array_config(EV2_CONFIG_NAME); }

LayerShape make_layer(std::string name, LayerKind kind, int N, int C, int H, int W, int M, int R, int S, int U,
                      int pad, int G = 1) {
  LayerShape l;
  l.name = std::move(name);
  l.kind = kind;
  l.N = N;
  l.C = C;
  l.H = H;
  l.W = W;
  l.M = M;
  l.R = R;
  l.S = S;
  l.U = U;
  l.pad_h = l.pad_w = pad;
  l.G = G;
  return l;
}

bool verbose() { return std::getenv("EV2_VERBOSE") != nullptr; }

// Maps, compiles and runs one layer; every output and both clip counters must match.
LayerReport run_one(const LayerShape& l, const DataOptions& dopt, tb::Rng& rng, const RunOptions& ropt) {
  const mapper::ArrayConfig array = this_array();
  const LayerData data = make_layer_data(l, dopt, rng.next());
  const CompiledLayer c = compile(l, array, data, dopt);
  if (verbose()) fmt::print("{}\n{}\n", c.schedule.summary(), c.schedule.describe());
  const RunResult r = run_program<Vev2_top>(c.program, data.params, ropt);
  const Reference ref = reference_outputs(l, data);
  const LayerReport rep = compare(l, array, c, ref, r.oacts, r.cycles, r.memory.bytes_read, r.memory.bytes_written,
                                  r.sat_low, r.sat_high);
  if (verbose()) fmt::print("{}\n{}\n", table_header(), table_row(rep));
  EXPECT_TRUE(rep.ok()) << rep.first_mismatch << " (" << rep.mismatches << " outputs differ)";
  EXPECT_EQ(r.commands, c.program.stats.commands);
  return rep;
}

RunOptions quiet_memory() {
  RunOptions o;
  o.memory.latency = 10;
  return o;
}

TEST(Layer, SmallConvDense) {
  tb::Rng rng = tb::test_rng();
  run_one(make_layer("conv3x3", LayerKind::Conv, 1, 3, 8, 8, 8, 3, 3, 1, 1), DataOptions{}, rng, quiet_memory());
}

}  // namespace
}  // namespace ev2::runtime
