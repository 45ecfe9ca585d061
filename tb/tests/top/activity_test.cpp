// Activity counting on whole-layer runs of the accelerator top (sim/runtime/activity.hpp): every
// count is checked exactly against an independent source - the program's statistics (words
// streamed into the GLB, psum bank words, words read out), the PE access model
// (pe::expected_accesses of every pass, rebuilt from the schedule and the layer's tensors), the
// memory model's byte counts - and counting off, switching at run time and the energy estimate.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "Vev2_top.h"
#include "energy/report.hpp"
#include "energy/tech.hpp"
#include "harness/seed.hpp"
#include "mapper/blocks.hpp"
#include "pe/pe_host.hpp"
#include "runtime/accelerator.hpp"
#include "runtime/activity.hpp"
#include "runtime/layer_run.hpp"
#include "util/math.hpp"

namespace ev2::runtime {
namespace {

mapper::ArrayConfig this_array() { return mapper::array_config(EV2_CONFIG_NAME); }
bool verbose() { return std::getenv("EV2_VERBOSE") != nullptr; }

struct Case {
  LayerShape layer;
  DataOptions data;
};

DataOptions densities(double w, double i) {
  DataOptions d;
  d.weight_density = w;
  d.iact_density = i;
  return d;
}

// Small layers that between them use every counted path: psum chains longer than a PE column
// (psum bank read-modify-write, PE -> PE psums), weight reuse, sparse and dense data.
std::vector<Case> cases() {
  return {
      {make_layer("conv_chain", LayerKind::Conv, 1, 20, 6, 6, 8, 3, 3, 1, 1), densities(0.5, 0.6)},
      {make_layer("depthwise", LayerKind::Depthwise, 1, 8, 6, 6, 8, 3, 3, 1, 1, 8), densities(1.0, 1.0)},
      {make_layer("fc", LayerKind::FC, 1, 16, 2, 2, 20, 2, 2, 1, 0), densities(0.4, 0.7)},
  };
}

RunOptions quiet_memory() {
  RunOptions o;
  o.memory.latency = 10;
  return o;
}

struct Prepared {
  LayerData data;
  CompiledLayer c;
};

Prepared prepare(const Case& k, uint64_t seed) {
  Prepared p{make_layer_data(k.layer, k.data, seed), {}};
  p.c = compile(k.layer, this_array(), p.data, k.data);
  if (verbose()) fmt::print("{}\n", p.c.schedule.summary());
  return p;
}

// What the counters must show, from the schedule and the tensors alone: every PE pass rebuilt as
// the program compiler builds it (layer_program.cpp, plan_step) and fed to the PE access model.
struct Expected {
  pe::PeAccesses pe;
  uint64_t iact_deliveries = 0;    // iact words into PEs: every pass's iact stream
  uint64_t weight_deliveries = 0;  // weight words into PEs: every loading pass's weight stream
  uint64_t bank_in_words = 0;      // psum bank words read into bottom PEs
  uint64_t pe_below_words = 0;     // psum words a PE takes from the PE below
  uint64_t pe_passes = 0;
};

Expected expected_from_schedule(const mapper::Schedule& sch, const mapper::ArrayConfig& A, const LayerData& data) {
  const mapper::Mapping& map = sch.map;
  Expected e;
  std::vector<std::vector<int8_t>> stored(static_cast<size_t>(A.groups() * A.pe_rows * A.pe_cols));
  for (size_t g = 0; g < sch.groups.size(); ++g)
    for (const auto& step : sch.groups[g].steps)
      for (const auto& cp : step.cols) {
        if (cp.bank_in) e.bank_in_words += static_cast<uint64_t>(cp.F) * ((cp.M0 + 1) / 2);
        for (size_t r = 0; r < cp.pes.size(); ++r) {
          const mapper::PePass& p = cp.pes[r];
          pe::PeWork w;
          w.cfg = p.cfg;
          const int width = p.cfg.width();
          w.iacts = p.item < 0 ? std::vector<int16_t>(static_cast<size_t>(p.cfg.C0) * width, 0)
                               : mapper::iact_row_values(map, data.iacts, p.n, p.c_begin, p.cfg.C0, p.y, p.x0, width);
          auto& sw = stored[(g * A.pe_rows + r) * A.pe_cols + static_cast<size_t>(cp.col)];
          if (p.cfg.load_weights)
            sw = p.item < 0 ? std::vector<int8_t>(static_cast<size_t>(p.cfg.M0) * p.cfg.C0 * p.cfg.S, 0)
                            : mapper::weight_block_values(map, data.weights, cp.gb, cp.mb,
                                                          map.items[static_cast<size_t>(p.item)]);
          w.weights = sw;
          if (p.cfg.psum_in) w.psum_init.assign(static_cast<size_t>(p.cfg.F) * p.cfg.M0, 0);
          e.pe += pe::expected_accesses(w);
          const pe::PeStreams st = pe::encode(w);
          e.iact_deliveries += st.iact.size();
          e.weight_deliveries += st.weight.size();
          if (p.psum_src == mapper::PsumSrc::PeBelow)
            e.pe_below_words += static_cast<uint64_t>(p.cfg.F) * p.cfg.psum_words();
          ++e.pe_passes;
        }
      }
  return e;
}

void expect_pe_equal(const pe::PeAccesses& got, const pe::PeAccesses& want) {
  EXPECT_EQ(got, want) << "RTL counters: " << pe::to_string(got) << "\nPE model:     " << pe::to_string(want);
}

// Every exact relation between the counters and the independent sources, for a run counted from
// start to end on a fresh accelerator.
void check_counts(const Prepared& p, const MeasuredRun& m) {
  const ProgramStats& s = p.c.program.stats;
  const ActivityDetail& d = m.detail;
  const mapper::ArrayConfig A = this_array();
  const Expected e = expected_from_schedule(p.c.schedule, A, p.data);
  ASSERT_EQ(e.pe_passes, s.pe_passes);

  // What was found: every block of this array size.
  EXPECT_EQ(d.pes, A.pes());
  EXPECT_EQ(d.glb_iact_banks, A.groups() * A.iact_banks);
  EXPECT_EQ(d.glb_psum_banks, A.groups() * A.psum_banks);
  EXPECT_EQ(d.iact_routers, A.groups() * A.iact_banks);
  EXPECT_EQ(d.weight_routers, A.groups() * A.pe_rows);
  EXPECT_EQ(d.psum_routers, A.groups() * A.pe_cols);
  EXPECT_EQ(d.iact_a2a, A.groups());
  EXPECT_EQ(d.weight_a2a, A.groups());

  // Cycles: every simulated cycle of the run.
  EXPECT_EQ(d.cycles, m.run.sim_cycles);
  EXPECT_LE(m.run.cycles, d.cycles);

  // GLB SRAM writes = words streamed into iact banks (length words included) + psum bank words
  // written; reads = words read out to the NoC and the length word of every iact row read + psums
  // read back into PE columns + drained words.
  EXPECT_EQ(d.glb_iact_writes, s.iact_words);
  EXPECT_EQ(d.glb_psum_writes, s.psum_bank_words);
  EXPECT_EQ(d.glb_iact_writes + d.glb_psum_writes, s.iact_words + s.psum_bank_words);
  EXPECT_EQ(d.glb_iact_reads, s.iact_reads + s.iact_row_reads);
  EXPECT_EQ(d.glb_psum_reads, e.bank_in_words + s.drain_words);

  // PEs: the RTL counters equal the PE access model of every pass; MACs = the program's nonzero MACs.
  expect_pe_equal(d.pe, e.pe);
  EXPECT_EQ(d.pe.macs, s.nonzero_macs);
  // SPad writes and the words streamed: every weight word is written once into the weight address
  // or data SPad; every iact word carries one address entry per segment column or two data words.
  EXPECT_EQ(d.pe.weight_addr_wr + d.pe.weight_data_wr, s.weight_words);
  EXPECT_LE(d.pe.iact_data_wr, 2 * d.iact_deliveries);
  EXPECT_GE(d.pe.iact_addr_wr + d.pe.iact_data_wr, d.iact_deliveries);
  // Every MAC writes its psum once (docs/pe.md).
  EXPECT_EQ(d.pe.psum_wr, d.pe.macs);

  // NoC: words into PEs = the passes' streams; router outputs = the program's words and, for
  // weights, the block headers the all-to-all consumes.
  EXPECT_EQ(d.weight_deliveries, s.weight_words);
  EXPECT_EQ(d.weight_deliveries, e.weight_deliveries);
  EXPECT_EQ(d.weight_router_local, s.weight_words + s.weight_headers);
  EXPECT_EQ(d.iact_deliveries, e.iact_deliveries);
  EXPECT_EQ(d.iact_router_local, s.iact_reads);
  EXPECT_EQ(d.psum_router_glb, s.psum_bank_words);
  EXPECT_EQ(d.psum_router_pe, e.bank_in_words);
  EXPECT_EQ(d.psum_pe_to_pe(), e.pe_below_words);
  // The runtime routes every group on its own: no word crosses a mesh link.
  EXPECT_EQ(d.iact_router_mesh + d.weight_router_mesh + d.psum_router_mesh, 0u);
  EXPECT_EQ(d.noc_words(),
            e.iact_deliveries + e.weight_deliveries + s.psum_bank_words + e.bank_in_words + e.pe_below_words);

  // DRAM bytes = the memory model's.
  EXPECT_EQ(d.dram_bytes_read, m.run.memory.bytes_read);
  EXPECT_EQ(d.dram_bytes_written, m.run.memory.bytes_written);
  EXPECT_EQ(m.activity.dram_bytes, m.run.memory.bytes_read + m.run.memory.bytes_written);

  // The Activity carries them class by class.
  const energy::Activity& a = m.activity;
  EXPECT_EQ(a.cycles, d.cycles);
  EXPECT_EQ(a.macs, p.c.program.layer.macs());
  EXPECT_EQ(a.accesses.at("mac"), s.nonzero_macs);
  EXPECT_EQ(a.accesses.at("mac_gated"), e.pe.gated_macs);
  EXPECT_EQ(a.accesses.at("glb"), d.glb_accesses());
  EXPECT_EQ(a.accesses.at("noc"), d.noc_words());
  EXPECT_EQ(a.accesses.at("psum_spad"), e.pe.psum_rd + e.pe.psum_wr);
  EXPECT_EQ(a.accesses.at("clock"), static_cast<uint64_t>(A.pes()) * d.cycles);
  EXPECT_GT(a.accesses.at("control"), 0u);
  EXPECT_LE(a.accesses.at("control"), a.accesses.at("clock"));
  for (const char* cls : {"glb", "iact_spad", "weight_spad", "psum_spad", "mac"})
    EXPECT_GT(a.toggles.count(cls) ? a.toggles.at(cls) : 0, 0u) << cls;
}

void expect_bit_exact(const Case& k, const Prepared& p, const RunResult& r) {
  const Reference ref = reference_outputs(k.layer, p.data);
  const LayerReport rep = compare(k.layer, this_array(), p.c, ref, r.oacts, r.counters());
  EXPECT_TRUE(rep.ok()) << rep.first_mismatch;
}

TEST(Activity, CountsMatchProgramPeModelAndMemory) {
  tb::Rng rng = tb::test_rng();
  for (const Case& k : cases()) {
    SCOPED_TRACE(k.layer.name);
    const Prepared p = prepare(k, rng.next());
    const MeasuredRun m = run_program_measured<Vev2_top>(p.c.program, p.data.params, quiet_memory());
    if (verbose()) fmt::print("{}:\n{}", k.layer.name, describe(m.detail));
    expect_bit_exact(k, p, m.run);
    check_counts(p, m);
  }
}

// The same with random memory latency and backpressure: the counts are data-determined, so every
// relation still holds exactly however the run is timed.
TEST(Activity, CountsHoldUnderMemoryBackpressure) {
  tb::Rng rng = tb::test_rng();
  const Case k = cases()[0];
  const Prepared p = prepare(k, rng.next());
  RunOptions o;
  o.memory.latency = 30;
  o.memory.latency_jitter = 7;
  o.memory.bytes_per_cycle = 2.0;
  o.memory.req_stall = 0.3;
  o.seed = rng.next();
  const MeasuredRun m = run_program_measured<Vev2_top>(p.c.program, p.data.params, o);
  expect_bit_exact(k, p, m.run);
  check_counts(p, m);
}

bool all_zero(const ActivityDetail& d) {
  const energy::Activity a = to_activity(d);
  for (const auto& [cls, n] : a.accesses)
    if (n != 0) return false;
  for (const auto& [cls, n] : a.toggles)
    if (n != 0) return false;
  return a.cycles == 0 && a.dram_bytes == 0 && d.glb_iact_reads == 0 && d.iact_router_local == 0 &&
         d.weight_router_local == 0 && d.psum_router_mesh == 0;
}

// Attached but off: nothing is counted, and counting does not change what the accelerator does.
TEST(Activity, CountingOffGivesNoActivity) {
  tb::Rng rng = tb::test_rng();
  const Case k = cases()[0];
  const Prepared p = prepare(k, rng.next());
  const MeasuredRun off =
      run_program_measured<Vev2_top>(p.c.program, p.data.params, quiet_memory(), "ev2_top", {}, false);
  EXPECT_TRUE(all_zero(off.detail)) << describe(off.detail);
  EXPECT_EQ(off.detail.pes, this_array().pes());  // the signals were found all the same
  expect_bit_exact(k, p, off.run);
  const MeasuredRun on = run_program_measured<Vev2_top>(p.c.program, p.data.params, quiet_memory());
  EXPECT_EQ(on.run.cycles, off.run.cycles);
  EXPECT_EQ(on.run.sim_cycles, off.run.sim_cycles);
  EXPECT_EQ(on.run.memory.bytes_read, off.run.memory.bytes_read);
  EXPECT_GT(on.detail.pe.macs, 0u);
}

// Switched at run time on one accelerator: on for a run, off for the next, on for a third. The
// counts are those of the two counted runs (the access counts, data-determined, exactly twice one
// run's; cycles and DRAM bytes those of the counted runs).
TEST(Activity, SwitchesAtRunTime) {
  tb::Rng rng = tb::test_rng();
  const Case k = cases()[2];
  const Prepared p = prepare(k, rng.next());
  const LayerProgram& prog = p.c.program;
  const RunOptions opt = quiet_memory();
  tb::MemoryConfig mc = opt.memory;
  mc.size_bytes = round_up(prog.memory_bytes, 4096);
  Accelerator<Vev2_top> acc("activity_switch", mc, opt.seed);
  ActivityCounter counter(acc);
  EXPECT_TRUE(all_zero(counter.detail()));

  counter.set_enabled(true);
  const RunResult r1 = acc.run(prog, opt);
  const ActivityDetail one = counter.detail();
  counter.set_enabled(false);
  const RunResult r2 = acc.run(prog, opt);
  expect_bit_exact(k, p, r2);
  const ActivityDetail still = counter.detail();
  EXPECT_EQ(still.cycles, one.cycles);
  EXPECT_EQ(still.pe, one.pe);
  EXPECT_EQ(still.glb_accesses(), one.glb_accesses());
  EXPECT_EQ(still.dram_bytes_read, one.dram_bytes_read);
  EXPECT_EQ(still.toggles, one.toggles);
  counter.set_enabled(true);
  const RunResult r3 = acc.run(prog, opt);
  expect_bit_exact(k, p, r3);
  const ActivityDetail two = counter.detail();

  EXPECT_EQ(one.cycles, r1.sim_cycles);
  EXPECT_EQ(two.cycles, r1.sim_cycles + r3.sim_cycles);
  pe::PeAccesses twice = one.pe;
  twice += one.pe;
  EXPECT_EQ(two.pe, twice);
  EXPECT_EQ(two.pe_busy_cycles > one.pe_busy_cycles, true);
  EXPECT_EQ(two.glb_iact_writes, 2 * one.glb_iact_writes);
  EXPECT_EQ(two.glb_iact_reads, 2 * one.glb_iact_reads);
  EXPECT_EQ(two.glb_psum_writes, 2 * one.glb_psum_writes);
  EXPECT_EQ(two.glb_psum_reads, 2 * one.glb_psum_reads);
  EXPECT_EQ(two.noc_words(), 2 * one.noc_words());
  EXPECT_EQ(two.iact_deliveries, 2 * one.iact_deliveries);
  EXPECT_EQ(two.weight_deliveries, 2 * one.weight_deliveries);
  EXPECT_EQ(two.dram_bytes_read, 2 * one.dram_bytes_read);  // the same program reads the same words
  EXPECT_EQ(two.dram_bytes_written, 2 * one.dram_bytes_written);
  // The memory model's statistics are cumulative: the counted runs are the first and the third.
  EXPECT_EQ(two.dram_bytes_read, r1.memory.bytes_read + (r3.memory.bytes_read - r2.memory.bytes_read));
  EXPECT_EQ(two.dram_bytes_written, r1.memory.bytes_written + (r3.memory.bytes_written - r2.memory.bytes_written));
  EXPECT_EQ(one.pe.macs, prog.stats.nonzero_macs);
}

// Toggles counted per access (the default) against every change of the same buses (gate_toggles
// off, tb::ToggleCounter): per port, the change between two accesses is at most the sum of the
// changes in between, so gated <= ungated class by class; and an access flips at most its port's
// address and data bits, which bounds the gated count by the accesses the counters saw.
TEST(Activity, GatedTogglesBoundedByAccessesAndBusChanges) {
  tb::Rng rng = tb::test_rng();
  const Case k = cases()[0];
  const Prepared p = prepare(k, rng.next());
  ActivityOptions ungated;
  ungated.gate_toggles = false;
  const MeasuredRun g = run_program_measured<Vev2_top>(p.c.program, p.data.params, quiet_memory());
  const MeasuredRun u = run_program_measured<Vev2_top>(p.c.program, p.data.params, quiet_memory(), "ev2_top", ungated);
  ASSERT_EQ(g.run.sim_cycles, u.run.sim_cycles);  // the same run
  EXPECT_EQ(g.detail.pe, u.detail.pe);
  const auto& gt = g.detail.toggles;
  const auto& ut = u.detail.toggles;
  for (const char* cls : {"glb", "iact_spad", "weight_spad", "psum_spad", "mac"}) {
    ASSERT_TRUE(gt.count(cls) && ut.count(cls)) << cls;
    EXPECT_GT(gt.at(cls), 0u) << cls;
    EXPECT_LE(gt.at(cls), ut.at(cls)) << cls;
    if (verbose()) fmt::print("  {:<12} gated {:>9} ungated {:>9}\n", cls, gt.at(cls), ut.at(cls));
  }
  // Address + data bits per access (docs/pe.md SPads, docs/glb.md banks).
  const ActivityDetail& d = g.detail;
  const pe::PeAccesses& a = d.pe;
  EXPECT_LE(gt.at("iact_spad"),
            (a.iact_addr_rd + a.iact_addr_wr) * (4 + 4) + (a.iact_data_rd + a.iact_data_wr) * (4 + 12));
  EXPECT_LE(gt.at("weight_spad"),
            (a.weight_addr_rd + a.weight_addr_wr) * (4 + 7) + (a.weight_data_rd + a.weight_data_wr) * (7 + 24));
  EXPECT_LE(gt.at("psum_spad"), (a.psum_rd + a.psum_wr) * (5 + 20));
  EXPECT_LE(gt.at("mac"), a.macs * (9 + 8 + 20));
  EXPECT_LE(gt.at("glb"),
            (d.glb_iact_writes + d.glb_iact_reads) * (9 + 24) + (d.glb_psum_writes + d.glb_psum_reads) * (9 + 40));
}

// estimate() gives a positive energy in every class and report bucket that had activity, and the
// per-layer reports (row, totals, table, JSON, SVG) carry the layers.
TEST(Activity, EstimateHasEveryBucket) {
  tb::Rng rng = tb::test_rng();
  const energy::TechTable tech = energy::load_tech_table(energy::default_tech_table_path());
  std::vector<energy::LayerEnergy> layers;
  for (const Case& k : cases()) {
    SCOPED_TRACE(k.layer.name);
    const Prepared p = prepare(k, rng.next());
    const MeasuredRun m = run_program_measured<Vev2_top>(p.c.program, p.data.params, quiet_memory());
    const energy::LayerEnergy le = layer_energy(k.layer.name, tech, m.activity);
    for (const auto& [cls, n] : m.activity.accesses) {
      if (n == 0) continue;
      ASSERT_TRUE(le.breakdown.pj.count(cls)) << cls;
      EXPECT_GT(le.breakdown.pj.at(cls), 0.0) << cls;
    }
    EXPECT_GT(le.breakdown.pj.at("dram"), 0.0);
    for (const auto& [bucket, pj] : energy::by_bucket(le.breakdown)) EXPECT_GT(pj, 0.0) << bucket;
    // Toggles add to the access part: the SPad classes cost more than their accesses alone.
    for (const char* cls : {"iact_spad", "weight_spad", "psum_spad", "mac", "glb"})
      EXPECT_GT(le.breakdown.pj.at(cls), static_cast<double>(m.activity.accesses.at(cls)) * tech.cost(cls).access_pj)
          << cls;
    layers.push_back(le);
  }
  const std::string row = energy_row(tech, layers[0]);
  EXPECT_NE(row.find("conv_chain"), std::string::npos);
  const std::string totals = energy_totals(tech, layers, "three");
  EXPECT_NE(totals.find("energy three inferences/J: "), std::string::npos) << totals;
  EXPECT_NE(energy::text_table(tech, layers).find("depthwise"), std::string::npos);
  EXPECT_NE(energy::json_report(tech, layers).find("\"fc\""), std::string::npos);
  EXPECT_NE(energy::svg_stacked_bars(layers, "t").find("<svg"), std::string::npos);
  if (verbose())
    fmt::print("{}\n{}\n{}\n{}\n{}", energy_header(), row, energy_row(tech, layers[1]), energy_row(tech, layers[2]),
               totals);
}

// What counting costs: the same layer without a counter, attached but off, on, and on without
// toggles. Simulated cycles per second of the run itself (Accelerator::run's wall time; printed,
// not asserted: the machine is shared), and the time to construct the counter (symbol-table scan).
TEST(Activity, CountingOverhead) {
  tb::Rng rng = tb::test_rng();
  const Case k = cases()[0];
  const Prepared p = prepare(k, rng.next());
  const int reps = std::getenv("EV2_REPS") ? std::atoi(std::getenv("EV2_REPS")) : 3;
  const RunOptions opt = quiet_memory();
  tb::MemoryConfig mc = opt.memory;
  mc.size_bytes = round_up(p.c.program.memory_bytes, 4096);
  struct Mode {
    const char* name;
    int kind;  // 0 no counter, 1 off, 2 on, 3 on without toggles
  };
  double base = 0;
  for (const Mode mode :
       {Mode{"no counter", 0}, Mode{"counter off", 1}, Mode{"counter on", 2}, Mode{"on, no toggles", 3}}) {
    uint64_t cycles = 0;
    double wall = 0, setup = 0;
    for (int i = 0; i < reps; ++i) {
      Accelerator<Vev2_top> acc("activity_overhead", mc, opt.seed);
      std::unique_ptr<ActivityCounter> counter;
      if (mode.kind != 0) {
        ActivityOptions ao;
        ao.glb_toggles = ao.pe_toggles = mode.kind != 3;
        const auto t0 = std::chrono::steady_clock::now();
        counter = std::make_unique<ActivityCounter>(acc, ao);
        setup += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        counter->set_enabled(mode.kind != 1);
      }
      const RunResult r = acc.run(p.c.program, opt);
      cycles += r.sim_cycles;
      wall += r.wall_seconds;
      if (counter && mode.kind != 1) EXPECT_EQ(counter->detail().pe.macs, p.c.program.stats.nonzero_macs);
    }
    const double rate = cycles / std::max(wall, 1e-9);
    if (mode.kind == 0) base = rate;
    fmt::print("[ activity ] {:<15} {:>8} cycles {:>7.3f} s {:>9.0f} cycles/s  {:.2f}x time  setup {:.1f} ms\n",
               mode.name, cycles, wall, rate, base / rate, 1e3 * setup / reps);
  }
  // The counter's own cost per cycle, without the model: sample() alone on a settled model.
  Accelerator<Vev2_top> acc("activity_sample_cost", mc, opt.seed);
  for (const bool toggles : {true, false}) {
    ActivityOptions ao;
    ao.glb_toggles = ao.pe_toggles = toggles;
    tb::Sim<Vev2_top>& sim = acc.sim();
    ActivityCounter counter(sim.context(), &acc.memory(), ao);  // not added to the Sim: sampled by hand
    counter.set_enabled(true);
    const int n = 20000;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) counter.sample();
    const double us = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / n * 1e6;
    fmt::print(
        "[ activity ] sample() alone, {:<11}: {:.2f} us per cycle ({} event signals, {} toggle signals); "
        "the model: {:.1f} us per cycle\n",
        toggles ? "toggles" : "no toggles", us, counter.event_signals(), counter.toggle_signals(), 1e6 / base);
    EXPECT_EQ(counter.detail().cycles, static_cast<uint64_t>(n));
  }
}

}  // namespace
}  // namespace ev2::runtime
