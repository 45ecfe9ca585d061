// ev2run: runs the layers of a shape file on the Verilated accelerator (ev2_top of the build's
// configuration) and checks every output bit for bit against the reference model. Per layer:
// synthetic weights and iacts at the chosen densities, the mapper's tiling, the runtime's command
// list and memory image, a run under the memory model, and a table row of measured figures.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <fstream>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "Vev2_top.h"
#include "energy/report.hpp"
#include "energy/tech.hpp"
#include "runtime/accelerator.hpp"
#include "runtime/activity.hpp"
#include "runtime/activity_detail.hpp"
#include "runtime/layer_run.hpp"
#include "workload/shape_file.hpp"

#ifndef EV2_CONFIG_NAME
#define EV2_CONFIG_NAME "small"
#endif

namespace {

constexpr int kExitParseError = 1;
constexpr int kExitMismatch = 2;
constexpr int kExitUnmappable = 3;
constexpr double kClockHz = 200e6;

struct Args {
  std::string file;
  std::vector<std::string> layers;
  std::vector<std::string> kinds;
  std::string label;
  double weight_density = 1.0;
  double iact_density = 1.0;
  uint64_t seed = 1;
  int latency = 20;
  double bandwidth = 8.0;
  bool verbose = false;
  bool profile = false;
  bool energy = false;
  int jobs = 1;
  std::string energy_json, energy_svg;
  std::string tech = EV2_TECH_TABLE;
};

bool selected(const Args& a, const ev2::LayerShape& l) {
  if (!a.layers.empty() && std::find(a.layers.begin(), a.layers.end(), l.name) == a.layers.end()) return false;
  if (!a.kinds.empty() && std::find(a.kinds.begin(), a.kinds.end(), ev2::to_string(l.kind)) == a.kinds.end())
    return false;
  return true;
}

// What one layer produced: its printed lines, figures and energy (run_layer may run on a worker
// thread; the main thread prints outcomes in layer order).
struct LayerOutcome {
  std::string text;
  bool ran = false, ok = true, unmappable = false;
  uint64_t cycles = 0, nz = 0, rd = 0, wr = 0, sim_cycles = 0;
  double wall = 0;
  std::optional<ev2::energy::LayerEnergy> energy;
};

struct RunContext {
  ev2::mapper::ArrayConfig array;
  ev2::runtime::DataOptions dopt;
  ev2::runtime::RunOptions ropt;
  bool count = false;
  ev2::energy::TechTable tech;
};

LayerOutcome run_layer(const Args& a, const RunContext& ctx, const ev2::LayerShape& l, size_t i) {
  namespace rt = ev2::runtime;
  LayerOutcome out;
  try {
    const rt::LayerData data = rt::make_layer_data(l, ctx.dopt, a.seed * 1000003 + i);
    const rt::CompiledLayer c = rt::compile(l, ctx.array, data, ctx.dopt);
    if (a.verbose) out.text += fmt::format("  {}\n", c.schedule.summary());
    rt::RunResult r;
    if (ctx.count) {
      rt::MeasuredRun m = rt::run_program_measured<Vev2_top>(c.program, data.params, ctx.ropt, l.name);
      r = std::move(m.run);
      out.energy = rt::layer_energy(l.name, ctx.tech, m.activity);
    } else {
      r = rt::run_program<Vev2_top>(c.program, data.params, ctx.ropt, l.name);
    }
    const rt::Reference ref = rt::reference_outputs(l, data);
    const rt::LayerReport rep = rt::compare(l, ctx.array, c, ref, r.oacts, r.counters());
    out.text += fmt::format("{}\n", rt::table_row(rep));
    const auto& st = c.program.stats;
    if (a.verbose) {
      out.text += fmt::format(
          "  {} commands ({} B), {} phases, {} router configs, {} drains, {} broadcast streams, {} iact words streamed "
          "({} rows read from the banks again); {:.0f} simulated cycles/s\n",
          st.commands, st.list_words * 8, st.phases, st.router_configs, st.drains, st.stream_broadcasts, st.iact_words,
          st.iact_row_hits, r.sim_cycles / std::max(1e-9, r.wall_seconds));
      out.text += fmt::format("  stall cycles (registers): fetch {}, config {}, engine {}, wait {}; memory port {}\n",
                              r.stalls.fetch, r.stalls.config, r.stalls.engine, r.stalls.wait, r.stalls.memory);
      out.text += fmt::format("  DRAM read: weights {} B, iact rows {} B, command list {} B\n", st.weight_bytes_read,
                              st.iact_bytes_read, st.list_words * 8);
    }
    if (a.profile) {
      std::vector<std::pair<uint64_t, std::string>> by;
      for (const auto& [k, v] : r.profile) by.emplace_back(v, k);
      std::sort(by.rbegin(), by.rend());
      out.text += "  cycles by command:";
      for (const auto& [v, k] : by)
        out.text += fmt::format(" {} {:.1f}%,", k, 100.0 * v / std::max<uint64_t>(1, r.sim_cycles));
      out.text += "\n";
    }
    out.ran = true;
    out.ok = rep.ok();
    out.cycles = rep.cycles;
    out.nz = rep.nonzero_macs;
    out.rd = rep.bytes_read;
    out.wr = rep.bytes_written;
    out.sim_cycles = r.sim_cycles;
    out.wall = r.wall_seconds;
  } catch (const ev2::mapper::MapError& e) {
    out.text += fmt::format("{:<22} CANNOT MAP: {}\n", l.name, e.what());
    out.unmappable = true;
  } catch (const rt::ProgramError& e) {
    out.text += fmt::format("{:<22} CANNOT RUN: {}\n", l.name, e.what());
    out.unmappable = true;
  } catch (const ev2::tb::SimError& e) {
    // Layers run on worker threads, where an escaping exception would abort the whole run (and
    // leave a requested waveform unwritten): an RTL assertion, a watchdog timeout or an error
    // status fails this layer, and the others still run.
    out.text += fmt::format("{:<22} FAILED: {}\n", l.name, e.what());
    out.ok = false;
  }
  return out;
}

int run(const Args& a) {
  namespace rt = ev2::runtime;
  ev2::workload::Network net;
  try {
    net = ev2::workload::parse_shape_file(a.file);
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}\n", e.what());
    return kExitParseError;
  }
  RunContext ctx;
  ctx.array = ev2::mapper::array_config(EV2_CONFIG_NAME);
  const auto& array = ctx.array;
  const std::string label = a.label.empty() ? net.name : a.label;
  std::set<std::string> seen;
  std::vector<size_t> todo;  // selected layers, pool layers included (printed, not run)
  for (size_t i = 0; i < net.layers.size(); ++i)
    if (selected(a, net.layers[i])) {
      seen.insert(net.layers[i].name);
      todo.push_back(i);
    }
  for (const auto& n : a.layers)
    if (!seen.count(n)) {
      fmt::print(stderr, "ev2run: no layer '{}' in {}\n", n, a.file);
      return kExitParseError;
    }
  fmt::print("ev2run: {} on '{}' ({} x {} cluster groups, {} PEs), weight density {}, iact density {}, seed {}{}\n",
             net.name, array.name, array.group_rows, array.group_cols, array.pes(), a.weight_density, a.iact_density,
             a.seed, a.jobs > 1 ? fmt::format(", {} layers at a time", a.jobs) : "");
  fmt::print("{}\n", rt::table_header());
  std::fflush(stdout);
  ctx.dopt.weight_density = a.weight_density;
  ctx.dopt.iact_density = a.iact_density;
  ctx.ropt.memory.latency = a.latency;
  ctx.ropt.memory.bytes_per_cycle = a.bandwidth;
  ctx.ropt.seed = a.seed;
  ctx.ropt.profile = a.profile;
  ctx.count = a.energy || !a.energy_json.empty() || !a.energy_svg.empty();
  if (ctx.count) ctx.tech = ev2::energy::load_tech_table(a.tech);

  // Layers are independent (own data, own model and context), so --jobs N runs N of them at once
  // on worker threads; outcomes are printed in layer order as soon as all earlier ones are in.
  // Workers take the longest layers first (the mapper's estimate), so that one long layer at the
  // end does not run alone.
  std::vector<size_t> order(todo.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  if (a.jobs > 1) {
    std::vector<uint64_t> estimate(todo.size(), 0);
    ev2::mapper::MapOptions mo;
    mo.weight_density = a.weight_density;
    mo.iact_density = a.iact_density;
    for (size_t k = 0; k < todo.size(); ++k) try {
        const auto& l = net.layers[todo[k]];
        if (l.kind != ev2::LayerKind::Pool)
          estimate[k] = ev2::mapper::build_schedule(ev2::mapper::map_layer(l, array, mo)).stats.cycles;
      } catch (const ev2::mapper::MapError&) {
        // reported when the layer runs
      }
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return estimate[x] > estimate[y]; });
  }
  std::vector<std::optional<LayerOutcome>> outcomes(todo.size());
  std::mutex mu;
  std::condition_variable ready;
  std::atomic<size_t> next{0};
  const auto work = [&] {
    for (size_t n = next++; n < todo.size(); n = next++) {
      const size_t k = order[n];
      const auto& l = net.layers[todo[k]];
      LayerOutcome o;
      if (l.kind == ev2::LayerKind::Pool) o.text = fmt::format("{:<22} (pool: host-side)\n", l.name);
      else o = run_layer(a, ctx, l, todo[k]);
      const std::lock_guard<std::mutex> lock(mu);
      outcomes[k] = std::move(o);
      ready.notify_all();
    }
  };
  std::vector<std::thread> workers;
  for (int w = 0; w < std::min<int>(a.jobs, static_cast<int>(todo.size())); ++w) workers.emplace_back(work);

  std::vector<ev2::energy::LayerEnergy> energies;
  uint64_t cycles = 0, nz = 0, rd = 0, wr = 0, sim_cycles = 0, ran = 0;
  double wall = 0;
  bool mismatch = false, unmappable = false;
  for (size_t k = 0; k < todo.size(); ++k) {
    std::unique_lock<std::mutex> lock(mu);
    ready.wait(lock, [&] { return outcomes[k].has_value(); });
    LayerOutcome o = std::move(*outcomes[k]);
    lock.unlock();
    fmt::print("{}", o.text);
    std::fflush(stdout);
    if (o.energy) energies.push_back(std::move(*o.energy));
    mismatch = mismatch || !o.ok;
    unmappable = unmappable || o.unmappable;
    if (!o.ran) continue;
    cycles += o.cycles;
    nz += o.nz;
    rd += o.rd;
    wr += o.wr;
    sim_cycles += o.sim_cycles;
    wall += o.wall;
    ++ran;
  }
  for (auto& t : workers) t.join();
  fmt::print("total: {} layers, {} cycles ({:.3f} ms at 200 MHz), utilization {:.2f}%, DRAM {} B read / {} B written\n",
             ran, cycles, cycles / kClockHz * 1e3,
             cycles ? 100.0 * static_cast<double>(nz) / (2.0 * array.pes() * static_cast<double>(cycles)) : 0.0, rd, wr);
  fmt::print("simulation: {} cycles in {:.1f} s = {:.0f} cycles/s{}\n", sim_cycles, wall,
             sim_cycles / std::max(1e-9, wall), a.jobs > 1 ? " per layer process" : "");
  fmt::print("{} inferences/s at 200 MHz: {:.1f}\n", label, cycles ? kClockHz / static_cast<double>(cycles) : 0.0);
  fmt::print("{} cycles: {}\n", label, cycles);
  const auto& tech = ctx.tech;
  if (ctx.count && !energies.empty()) {
    fmt::print("\nenergy per layer ({}):\n{}", a.tech, ev2::energy::text_table(tech, energies));
    if (!a.energy_json.empty()) {
      std::ofstream(a.energy_json) << ev2::energy::json_report(tech, energies);
      fmt::print("energy JSON: {}\n", a.energy_json);
    }
    if (!a.energy_svg.empty()) {
      std::ofstream(a.energy_svg) << ev2::energy::svg_stacked_bars(energies, label + ": energy per layer");
      fmt::print("energy SVG: {}\n", a.energy_svg);
    }
    fmt::print("{}\n", rt::energy_totals(tech, energies, label));
  }
  if (mismatch) return kExitMismatch;
  if (unmappable) return kExitUnmappable;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ev2run: run the layers of a shape file on the Verilated accelerator (" EV2_CONFIG_NAME
               " configuration) and check every output against the reference model"};
  Args a;
  app.add_option("file", a.file, "Shape file (*.layers, docs/workloads.md)")->required();
  app.add_option("--layer", a.layers, "Only these layers (repeatable)");
  app.add_option("--kind", a.kinds, "Only layers of these kinds: conv, dwconv, pwconv, fc (repeatable)");
  app.add_option("--label", a.label, "Name printed on the total lines (default: the network's name)");
  app.add_option("--weight-density", a.weight_density, "Nonzero fraction of the synthetic weights")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--iact-density", a.iact_density, "Nonzero fraction of the synthetic iacts")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--seed", a.seed, "Data and memory-jitter seed")->capture_default_str();
  app.add_option("--latency", a.latency, "Memory latency in cycles")->capture_default_str()->check(CLI::Range(1, 10000));
  app.add_option("--bandwidth", a.bandwidth, "Memory bandwidth in bytes per cycle")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 64.0));
  app.add_flag("-v,--verbose", a.verbose, "Also print each layer's tiling and program statistics");
  app.add_flag("--energy", a.energy, "Count activity (accesses, toggles, DRAM bytes) and print the energy breakdown");
  app.add_option("--energy-json", a.energy_json, "Also write the per-layer energy as JSON (implies --energy)");
  app.add_option("--energy-svg", a.energy_svg, "Also draw the per-layer energy as stacked bars (implies --energy)");
  app.add_option("--tech", a.tech, "Technology table for the energy model")->capture_default_str();
  app.add_flag("--profile", a.profile, "Charge every cycle to the command being executed and print the split");
  app.add_option("-j,--jobs", a.jobs, "Layers simulated at once, each on its own thread and model, longest (mapper estimate) first; output in layer order")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.footer(
      "Per layer: cycles (the CYCLES register), the mapper's estimate, MACs, nonzero MACs performed,\n"
      "utilization = nonzero MACs / (2 x PEs x cycles), DRAM bytes read / written, and the check against\n"
      "conv2d + output stage. Pool layers are host-side and skipped. Last lines: the totals,\n"
      "'<label> inferences/s at 200 MHz: X' and '<label> cycles: X'. With --energy: the energy table per\n"
      "layer (MAC, SPads, NoC, GLB, DRAM, fJ/MAC) and, last, 'energy <label> inferences/J: X'.\n\n"
      "Exit status: 0 all bit-exact; 1 bad file or unknown --layer; 2 a mismatch, or a run that failed\n"
      "(RTL assertion, watchdog timeout, error status: the layer's line says which); 3 a layer cannot be\n"
      "mapped or run (its error names the limit).");
  CLI11_PARSE(app, argc, argv);
  try {
    return run(a);
  } catch (const std::exception& e) {
    fmt::print(stderr, "ev2run: {}\n", e.what());
    return kExitMismatch;
  }
}
