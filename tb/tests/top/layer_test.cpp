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
#include "pe/pe_host.hpp"
#include "runtime/layer_run.hpp"

namespace ev2::runtime {
namespace {

mapper::ArrayConfig this_array() { return mapper::array_config(EV2_CONFIG_NAME); }

bool verbose() { return std::getenv("EV2_VERBOSE") != nullptr; }

// Runs a compiled layer; every output and both clip counters must match.
LayerReport check_run(const LayerShape& l, const LayerData& data, const CompiledLayer& c, const RunOptions& ropt) {
  const mapper::ArrayConfig array = this_array();
  if (verbose()) fmt::print("{}\n{}\n", c.schedule.summary(), c.schedule.describe());
  const RunResult r = run_program<Vev2_top>(c.program, data.params, ropt);
  const Reference ref = reference_outputs(l, data);
  const LayerReport rep = compare(l, array, c, ref, r.oacts, r.counters());
  if (verbose()) fmt::print("{}\n{}\n", table_header(), table_row(rep));
  EXPECT_TRUE(rep.ok()) << rep.first_mismatch << " (" << rep.mismatches << " outputs differ)";
  EXPECT_EQ(r.commands, c.program.stats.commands);
  // The processor's stall causes exclude each other; every layer ends at a barrier while its PEs
  // compute; random request backpressure shows in the memory stall counter.
  const Stalls& s = r.stalls;
  EXPECT_LE(uint64_t{s.fetch} + s.config + s.engine + s.wait, r.cycles);
  EXPECT_GT(s.wait, 0u);
  EXPECT_GT(s.fetch, 0u) << "the first command word comes from memory";
  EXPECT_LE(s.memory, r.cycles);
  if (ropt.memory.req_stall > 0) EXPECT_GT(s.memory, 0u);
  // Everything read from memory is the command list or a stream the program accounted for.
  const auto& st = c.program.stats;
  EXPECT_EQ(r.memory.bytes_read, st.weight_bytes_read + st.iact_bytes_read + st.list_words * 8);
  return rep;
}

// Maps, compiles and runs one layer.
LayerReport run_one(const LayerShape& l, const DataOptions& dopt, tb::Rng& rng, const RunOptions& ropt,
                    const ProgramOptions& popt = {}) {
  const LayerData data = make_layer_data(l, dopt, rng.next());
  return check_run(l, data, compile(l, this_array(), data, dopt, popt), ropt);
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

// Groups that split a layer by output rows need the same weights: the runtime streams them once
// to group 0xff, and every group's PEs must take every word (bit-exact under memory stalls, which
// make the groups' ports ready at different times).
TEST(Layer, SharedWeightsAreBroadcastToEveryGroup) {
  tb::Rng rng = tb::test_rng();
  const LayerShape l = make_layer("pw_rows", LayerKind::Pointwise, 1, 24, 12, 12, 16, 1, 1, 1, 0);
  const mapper::ArrayConfig array = this_array();
  DataOptions d;
  d.weight_density = 0.5;
  d.iact_density = 0.6;
  const CompiledLayer c = compile(l, array, make_layer_data(l, d, rng.next()), d);
  if (array.groups() > 1) EXPECT_GT(c.program.stats.stream_broadcasts, 0u) << c.schedule.summary();
  RunOptions o = quiet_memory();
  o.memory.req_stall = 0.3;
  o.memory.latency_jitter = 6;
  o.seed = rng.next();
  run_one(l, d, rng, o);
}

// Weight sharing (docs/mapper.md rule 10): the groups take different output tiles of the same
// column blocks, so each weight block leaves memory once for all groups; the tiles are padded to
// a multiple of the groups with passes that take the broadcast, compute on zero rows and are never
// drained. Forced on and off for a deep layer (the psum bank holds two output rows, so unshared blocks
// load once per E tile) whose 3 tiles leave one group of 2 (small) padding.
TEST(Layer, GroupsShareWeightBlocksAcrossOutputTiles) {
  tb::Rng rng = tb::test_rng();
  const mapper::ArrayConfig array = this_array();
  if (array.groups() < 2) GTEST_SKIP() << "one cluster group";
  const LayerShape l = make_layer("share", LayerKind::Conv, 1, 40, 15, 15, 72, 3, 3, 1, 1);
  uint64_t weight_bytes[2] = {0, 0};
  for (const bool on : {false, true}) {
    SCOPED_TRACE(on ? "sharing" : "not sharing");
    DataOptions d;
    d.weight_density = 0.5;
    d.iact_density = 0.6;
    d.share = on ? mapper::MapOptions::Share::On : mapper::MapOptions::Share::Off;
    const CompiledLayer c = compile(l, array, make_layer_data(l, d, 7), d);
    EXPECT_EQ(c.schedule.map.share_weights, on) << c.schedule.summary();
    weight_bytes[on] = c.program.stats.weight_bytes_read;
    if (on) {
      EXPECT_GT(c.schedule.stats.discarded_passes, 0u) << c.schedule.summary();
      EXPECT_GT(c.program.stats.stream_broadcasts, 0u) << c.schedule.summary();
    }
    RunOptions o = quiet_memory();
    o.memory.req_stall = 0.3;
    o.memory.latency_jitter = 6;
    o.seed = rng.next();
    run_one(l, d, rng, o);
  }
  EXPECT_LT(weight_bytes[1], weight_bytes[0]) << "shared weight blocks must leave memory once per wave";
}

// Which stream engine carries a stream is the runtime's choice (it balances them by words): a
// port fed by one engine may be fed by the other in a later batch, while the first engine's
// target still names the port. The same program with every stream's engine drawn at random
// (a port is fed once between two waits for the engines, so any choice is legal) must stay
// bit-exact, weights and iact rows alike.
TEST(Layer, StreamEnginesAreInterchangeable) {
  tb::Rng rng = tb::test_rng();
  const LayerShape l = make_layer("engines", LayerKind::Conv, 1, 12, 12, 10, 16, 3, 3, 1, 1);
  DataOptions d;
  d.weight_density = 0.5;
  d.iact_density = 0.6;
  const LayerData data = make_layer_data(l, d, rng.next());
  CompiledLayer c = compile(l, this_array(), data, d);
  std::vector<uint64_t> w = c.program.list.words();
  uint64_t streams = 0, moved = 0;
  for (size_t i = 0; i < w.size(); i += command_words(w[i])) {
    if (iface::opcode(w[i]) != Op::Stream) continue;
    const auto engine = static_cast<uint64_t>(rng.uniform(0, 1));
    moved += ((w[i] >> 48) & 1) != engine;
    w[i] = (w[i] & ~(uint64_t{1} << 48)) | (engine << 48);
    ++streams;
  }
  CommandList list;
  for (uint64_t word : w) list.raw(word);
  ASSERT_GT(streams, 20u) << c.schedule.summary();
  ASSERT_GT(moved, 5u);
  c.program.list = list;
  ASSERT_EQ(c.program.image.front().first, c.program.list_addr);
  c.program.image.front().second = list.bytes();
  RunOptions o = quiet_memory();
  o.memory.req_stall = 0.3;
  o.memory.latency_jitter = 6;
  o.seed = rng.next();
  check_run(l, data, c, o);
}

// A 3 x 3 stride-1 conv needs input row y for output rows y-1, y and y+1 in consecutive steps:
// the row stays in its iact bank slot and is streamed once. Many slots per bank (the next
// phase's rows prefetched while this one computes) and, with the program laid out for banks of
// one row each, a single slot (no prefetch) must both read every row from where it was put,
// under memory stalls.
TEST(Layer, IactRowsStayInTheBanksAcrossSteps) {
  tb::Rng rng = tb::test_rng();
  const mapper::ArrayConfig array = this_array();
  DataOptions d;
  d.weight_density = 0.5;
  d.iact_density = 0.6;
  const LayerShape l = make_layer("rows", LayerKind::Conv, 1, 6, 12, 10, 8, 3, 3, 1, 1);
  for (const bool one_slot : {false, true}) {
    SCOPED_TRACE(one_slot ? "one slot per bank" : "banks of many slots");
    ProgramOptions po;
    CompiledLayer c = compile(l, array, make_layer_data(l, d, rng.next()), d, po);
    if (one_slot) {
      po.limits.iact_bank_words = static_cast<int>(c.program.stats.iact_longest_row * 3 / 2);
      c = compile(l, array, make_layer_data(l, d, rng.next()), d, po);
      EXPECT_EQ(c.program.stats.iact_slots, 1u);
    } else {
      EXPECT_GT(c.program.stats.iact_slots, 2u);
    }
    // One slot per bank: another column's phase evicts a row before its next use unless the
    // columns share rows. Many slots: about two rows in three stay.
    const auto& s = c.program.stats;
    EXPECT_GT(s.iact_row_hits, one_slot ? 0u : s.phases) << c.schedule.summary();
    EXPECT_LT(s.iact_words * (one_slot ? 1 : 2), s.iact_reads) << c.schedule.summary();
    RunOptions o = quiet_memory();
    o.memory.req_stall = 0.3;
    o.memory.latency_jitter = 5;
    o.seed = rng.next();
    run_one(l, d, rng, o, po);
  }
}

// Up to 256 output channels the output-stage parameter table is loaded once; a wider layer
// cycles its channel blocks through the table's slots, waiting for the drain engines before each
// reload. Both must give the right parameters to every channel.
TEST(Layer, WideLayerCyclesTheParameterSlots) {
  tb::Rng rng = tb::test_rng();
  DataOptions d;
  d.weight_density = 0.6;
  d.iact_density = 0.7;
  for (const int M : {256, 300}) {
    SCOPED_TRACE(fmt::format("M = {}", M));
    RunOptions o = quiet_memory();
    o.memory.req_stall = 0.2;
    o.seed = rng.next();
    run_one(make_layer("pw_wide", LayerKind::Pointwise, 1, 8, 3, 3, M, 1, 1, 1, 0), d, rng, o);
  }
  // A depthwise layer's columns drain a few channels each: a slot holds the aligned 32 channels
  // around the block that missed, so the neighbouring blocks hit it (one load per 32 channels per
  // round over them), where a slot of one block each missed on every drain.
  const LayerShape dw = make_layer("dw_wide", LayerKind::Depthwise, 1, 288, 3, 3, 288, 3, 3, 1, 1, 288);
  const CompiledLayer c = compile(dw, this_array(), make_layer_data(dw, d, rng.next()), d);
  const std::vector<uint64_t>& w = c.program.list.words();
  uint64_t loads = 0;
  for (size_t i = 0; i < w.size(); i += command_words(w[i])) loads += iface::opcode(w[i]) == Op::Params;
  EXPECT_GT(c.program.stats.drains, 2 * 288u / 32) << c.schedule.summary();
  EXPECT_LE(loads, 2 * 288u / 32) << c.schedule.summary();
  RunOptions o = quiet_memory();
  o.memory.req_stall = 0.2;
  o.seed = rng.next();
  run_one(dw, d, rng, o);
}

RunOptions random_memory(tb::Rng& rng) {
  RunOptions o;
  o.memory.latency = static_cast<int>(rng.uniform(1, 40));
  o.memory.latency_jitter = static_cast<int>(rng.uniform(0, 8));
  o.memory.bytes_per_cycle = rng.pick(std::vector<double>{8.0, 4.0, 2.0});
  o.memory.req_stall = rng.pick(std::vector<double>{0.0, 0.1, 0.3});
  o.seed = rng.next();
  return o;
}

const std::vector<double> kDensities = {1.0, 0.7, 0.4, 0.1};

// Small layers of every kind the mapper takes: conv (R, S 1..5, stride 1..4, padding), depthwise
// (channel multiplier 1..2), pointwise, FC, grouped conv; batch 1 or 2.
LayerShape random_layer(tb::Rng& rng, int i) {
  const int kind = static_cast<int>(rng.uniform(0, 4));
  const int N = rng.bernoulli(0.2) ? 2 : 1;
  const std::string name = fmt::format("rand{}", i);
  const auto u = [&](int lo, int hi) { return static_cast<int>(rng.uniform(lo, hi)); };
  switch (kind) {
    case 0: {
      const int R = u(1, 5), S = u(1, 5), U = u(1, 4), pad = u(0, std::min(R, S) / 2);
      const int H = u(std::max(R, S), std::max(R, S) + 6);
      return make_layer(name, LayerKind::Conv, N, u(1, 8), H, H + u(0, 2), u(1, 24), R, S, U, pad);
    }
    case 1: {
      const int C = u(1, 16), R = rng.pick(std::vector<int>{3, 3, 5, 1}), H = u(R, R + 6);
      return make_layer(name, LayerKind::Depthwise, N, C, H, H, C * u(1, 2), R, R, u(1, 2), R / 2, C);
    }
    case 2: {
      const int H = u(1, 6);
      return make_layer(name, LayerKind::Pointwise, N, u(1, 40), H, H, u(1, 40), 1, 1, 1, 0);
    }
    case 3: {
      const int H = u(1, 3);
      return make_layer(name, LayerKind::FC, N, u(1, 16), H, H, u(1, 40), H, H, 1, 0);
    }
    default: {
      const int G = u(2, 3), H = u(3, 6);
      return make_layer(name, LayerKind::Conv, N, G * u(1, 4), H, H, G * u(1, 8), 3, 3, 1, 1, G);
    }
  }
}

std::string describe(const LayerShape& l, const DataOptions& d) {
  return fmt::format("{}: {} N={} C={} H={} W={} M={} R={} S={} U={} pad={} G={} wd={} id={} {}", l.name,
                     to_string(l.kind), l.N, l.C, l.H, l.W, l.M, l.R, l.S, l.U, l.pad_h, l.G, d.weight_density,
                     d.iact_density, d.iact_signed ? "signed" : "unsigned");
}

TEST(Layer, RandomLayersRandomMemory) {
  tb::Rng rng = tb::test_rng();
  const int count = std::getenv("EV2_LAYERS") ? std::atoi(std::getenv("EV2_LAYERS")) : 24;
  for (int i = 0; i < count; ++i) {
    const LayerShape l = random_layer(rng, i);
    DataOptions d;
    d.weight_density = rng.pick(kDensities);
    d.iact_density = rng.pick(kDensities);
    d.iact_signed = rng.bernoulli(0.3);
    d.relu = rng.bernoulli(0.7);
    d.out_signed = !d.relu && rng.bernoulli(0.5);
    ProgramOptions po;
    po.linear_glb = rng.bernoulli(0.7);  // else every bank side as a full two-word CONFIG glb
    SCOPED_TRACE(describe(l, d) + (po.linear_glb ? "" : ", full GLB configurations"));
    if (verbose()) fmt::print("{}\n", describe(l, d));
    run_one(l, d, rng, random_memory(rng), po);
    if (::testing::Test::HasFailure()) return;
  }
}

// A layer the array cannot take is refused with the limit it breaks, before anything runs.
TEST(Layer, UnmappableLayerIsRefusedWithTheLimit) {
  tb::Rng rng = tb::test_rng();
  const LayerShape l = make_layer("stride5", LayerKind::Conv, 1, 2, 12, 12, 4, 5, 5, 5, 0);
  const LayerData data = make_layer_data(l, DataOptions{}, rng.next());
  try {
    (void)compile(l, this_array(), data, DataOptions{});
    FAIL() << "a stride of 5 was accepted";
  } catch (const mapper::MapError& e) {
    EXPECT_NE(std::string(e.what()).find("stride5"), std::string::npos) << e.what();
  }
}

// A list that can never finish (a PE started but never fed, then a barrier on the array) ends in
// the watchdog's error naming the layer and how far the list got, not in a hang.
TEST(Layer, HungProgramHitsTheWatchdog) {
  LayerProgram prog;
  prog.layer_name = "hung";
  prog.array = this_array();
  prog.layer = make_layer("hung", LayerKind::Conv, 1, 1, 3, 3, 1, 1, 1, 1, 0);
  pe::PeConfig cfg;
  prog.list.config(0x0010, {pe::config_word(cfg)});
  prog.list.wait(WaitArray);
  prog.list.end();
  prog.list_addr = 0x1000;
  prog.image.emplace_back(prog.list_addr, prog.list.bytes());
  prog.memory_bytes = 0x2000;
  RunOptions o = quiet_memory();
  o.watchdog_cycles = 5000;
  try {
    (void)run_program<Vev2_top>(prog, OutputStageParams::uniform(1, 0, 1, 0, false, false), o);
    FAIL() << "the run finished";
  } catch (const tb::SimError& e) {
    EXPECT_NE(std::string(e.what()).find("watchdog"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("hung"), std::string::npos) << e.what();
  }
}

// A program compiled for another configuration is refused before it starts, in one line naming
// the CONFIG fields that differ (the runtime reads the top's CONFIG and CONFIG2 registers).
TEST(Layer, ProgramForAnotherConfigurationIsRefused) {
  tb::Rng rng = tb::test_rng();
  const LayerShape l = make_layer("other", LayerKind::Conv, 1, 4, 6, 6, 4, 3, 3, 1, 1);
  const DataOptions d;
  const LayerData data = make_layer_data(l, d, rng.next());
  CompiledLayer c = compile(l, this_array(), data, d);
  const std::string other = std::string(EV2_CONFIG_NAME) == "v2" ? "small" : "v2";
  c.program.array = mapper::array_config(other);
  try {
    (void)run_program<Vev2_top>(c.program, data.params, quiet_memory());
    FAIL() << "a program compiled for '" << other << "' ran on '" << EV2_CONFIG_NAME << "'";
  } catch (const tb::SimError& e) {
    const std::string msg = e.what();
    if (verbose()) fmt::print("{}\n", msg);
    EXPECT_NE(msg.find("compiled for configuration '" + other + "'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("CONFIG.rows"), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
  }
  // The generated description of this build's configuration passes its own rules, and is what
  // the top reports.
  const iface::ArrayShape* shape = iface::find_config(EV2_CONFIG_NAME);
  ASSERT_NE(shape, nullptr);
  EXPECT_EQ(iface::config_error(*shape), "");
  Accelerator<Vev2_top> acc("ev2_top", tb::MemoryConfig{}, 1);
  EXPECT_EQ(config_mismatch(*shape, acc.read(reg::kConfig), acc.read(reg::kConfig2), acc.read(reg::kConfig3)), "");
  const auto config3 = iface::Config3Reg::unpack(acc.read(reg::kConfig3));
  EXPECT_EQ(config3.drain_engines, static_cast<uint64_t>(shape->drain_engines));
  EXPECT_EQ(config3.stream_engines, static_cast<uint64_t>(shape->stream_engines));
  EXPECT_EQ(config3.mem_port_bits, static_cast<uint64_t>(shape->mem_port_bits));
}

}  // namespace
}  // namespace ev2::runtime
