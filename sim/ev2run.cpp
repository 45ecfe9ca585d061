// ev2run: runs the layers of a shape file on the Verilated accelerator (ev2_top of the build's
// configuration) and checks every output bit for bit against the reference model. Per layer:
// synthetic weights and iacts at the chosen densities, the mapper's tiling, the runtime's command
// list and memory image, a run under the memory model, and a table row of measured figures.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "Vev2_top.h"
#include "energy/report.hpp"
#include "energy/tech.hpp"
#include "exit_status.hpp"
#include "mapper/eyexam.hpp"
#include "pe/pe_host.hpp"
#include "runtime/accelerator.hpp"
#include "runtime/activity.hpp"
#include "runtime/activity_detail.hpp"
#include "runtime/layer_run.hpp"
#include "workload/shape_file.hpp"

#ifndef EV2_CONFIG_NAME
#define EV2_CONFIG_NAME "small"
#endif

namespace {

using ev2::cli::Status;

constexpr double kClockHz = 200e6;
// What the memory port carries per cycle (one beat): more bandwidth than that cannot be simulated,
// and the memory model would silently give one beat per cycle for any larger value.
constexpr double kPortBytesPerCycle = ev2::iface::find_config(EV2_CONFIG_NAME)->mem_port_bits / 8.0;
// Per layer, the iacts, weights and outputs (one byte each) may take at most this much. The memory
// image holds at least that when dense, and the host keeps several copies (int16 iacts and outputs,
// the reference's int32 psums, the program's image and the memory model's), so a layer near the
// 32-bit memory port's 4 GiB would need tens of GB before the first cycle: refused before any of it
// is allocated.
constexpr uint64_t kMaxLayerDataBytes = uint64_t{1} << 30;
// CMD_ADDR and every stream and drain address are 32 bits wide (docs/layer_command.md).
constexpr uint64_t kAddressSpaceBytes = uint64_t{1} << 32;

struct Args {
  std::string file;
  std::vector<std::string> layers;
  std::vector<std::string> kinds;
  std::string label;
  double weight_density = 1.0;
  double iact_density = 1.0;
  uint64_t seed = 1;
  int latency = 20;
  double bandwidth = kPortBytesPerCycle;
  // Off by default so that a run's cycle counts stay those of a memory that never refuses beyond
  // its bandwidth (the figures in the docs); --mem-stall exercises the design's backpressure.
  double mem_stall = 0.0;
  uint64_t watchdog = 0;
  bool verbose = false;
  bool profile = false;
  std::string share = "auto";
  int share_groups = 0;
  bool energy = false;
  bool corrupt_output = false;
  int jobs = 1;
  std::string energy_json, energy_svg;
  std::string tech = EV2_TECH_TABLE;
  bool eyexam = false;
  std::string eyexam_json, eyexam_svg;
};

std::vector<std::string> kind_names() {
  std::vector<std::string> names;
  for (const auto k : {ev2::LayerKind::Conv, ev2::LayerKind::Depthwise, ev2::LayerKind::Pointwise, ev2::LayerKind::FC,
                       ev2::LayerKind::Pool})
    names.emplace_back(ev2::to_string(k));
  return names;
}

bool selected(const Args& a, const ev2::LayerShape& l) {
  if (!a.layers.empty() && std::find(a.layers.begin(), a.layers.end(), l.name) == a.layers.end()) return false;
  if (!a.kinds.empty() && std::find(a.kinds.begin(), a.kinds.end(), ev2::to_string(l.kind)) == a.kinds.end())
    return false;
  return true;
}

std::string describe_selection(const Args& a) {
  std::string s;
  for (const auto& n : a.layers) s += fmt::format(" --layer {}", n);
  for (const auto& k : a.kinds) s += fmt::format(" --kind {}", k);
  return s.empty() ? " (every layer)" : s;
}

// A layer refused by ev2run's own limits (above), reported like the mapper's and the program's.
class LayerRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Products in long double: fields go up to 1e6 (kMaxFieldValue), so N x C x H x W can pass 2^64.
void check_data_limit(const ev2::LayerShape& l) {
  using F = long double;
  const F n = l.N;
  const F bytes = n * l.C * l.H * l.W + F(l.M) * l.C_per_group() * l.R * l.S + n * l.M * l.E() * l.F();
  if (bytes > F(kMaxLayerDataBytes))
    throw LayerRefused(
        fmt::format("its iacts, weights and outputs take {:.3g} bytes, more than ev2run's limit of 1 GiB per layer",
                    static_cast<double>(bytes)));
}

void check_address_space(const ev2::runtime::LayerProgram& p) {
  if (p.memory_bytes > kAddressSpaceBytes)
    throw LayerRefused(fmt::format(
        "its memory image takes {} bytes, more than the 4 GiB the 32-bit memory port addresses", p.memory_bytes));
}

// "" when ev2run can write `path`; otherwise why not. Checked before any layer runs, so that an
// hour of simulation does not end in a report that cannot be written.
std::string unwritable(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec)) return "it is a directory";
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) return fmt::format("no directory '{}'", dir.string());
  const fs::path& target = fs::exists(p, ec) ? p : dir;
  if (::access(target.c_str(), W_OK) != 0) return fmt::format("'{}': {}", target.string(), std::strerror(errno));
  return "";
}

bool write_report(const char* option, const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (f) return true;
  fmt::print(stderr, "ev2run: {} {}: writing failed: {}\n", option, path, std::strerror(errno));
  return false;
}

// One line per layer, whatever the message holds.
std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

// What one layer produced: its printed lines, figures and energy (run_layer may run on a worker
// thread; the main thread prints outcomes in layer order).
struct LayerOutcome {
  std::string text;
  bool ran = false;
  Status status = Status::Ok;
  uint64_t cycles = 0, nz = 0, rd = 0, wr = 0, sim_cycles = 0;
  double wall = 0;
  std::optional<ev2::energy::LayerEnergy> energy;
  std::optional<ev2::mapper::Eyexam> eyexam;
};

// The one place where a layer's exception becomes its line and status. Layers run on worker
// threads, where an escaping exception would call std::terminate and lose every other layer (and
// a requested waveform), so everything ends here, out of memory included.
void record_failure(LayerOutcome& out, const std::string& layer) {
  namespace rt = ev2::runtime;
  const auto fail = [&](const char* verdict, const std::string& why, Status s) {
    out.text += fmt::format("{:<22} {}: {}\n", layer, verdict, one_line(why));
    out.status = s;
  };
  try {
    try {
      throw;
    } catch (const ev2::mapper::MapError& e) {
      fail("CANNOT MAP", e.what(), Status::Unmappable);
    } catch (const ev2::pe::PeFitError& e) {
      fail("CANNOT MAP", e.what(), Status::Unmappable);
    } catch (const rt::ProgramError& e) {
      fail("CANNOT RUN", e.what(), Status::Unmappable);
    } catch (const LayerRefused& e) {
      fail("CANNOT RUN", e.what(), Status::Unmappable);
    } catch (const ev2::tb::SimError& e) {
      fail("FAILED", e.what(), Status::RunFailed);
    } catch (const std::bad_alloc&) {
      fail("ERROR", "out of memory (std::bad_alloc)", Status::Internal);
    } catch (const std::exception& e) {
      fail("ERROR", e.what(), Status::Internal);
    } catch (...) {
      fail("ERROR", "unknown exception", Status::Internal);
    }
  } catch (...) {
    // Formatting the line failed too (memory exhausted): the status still counts.
    out.status = Status::Internal;
  }
}

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
  if (l.kind == ev2::LayerKind::Pool) {
    out.text = fmt::format("{:<22} (pool: host-side)\n", l.name);
    return out;
  }
  check_data_limit(l);
  const rt::LayerData data = rt::make_layer_data(l, ctx.dopt, a.seed * 1000003 + i);
  const rt::CompiledLayer c = rt::compile(l, ctx.array, data, ctx.dopt);
  check_address_space(c.program);
  if (a.verbose) out.text += fmt::format("  {}\n", c.schedule.summary());
  rt::RunResult r;
  if (ctx.count) {
    rt::MeasuredRun m = rt::run_program_measured<Vev2_top>(c.program, data.params, ctx.ropt, l.name);
    r = std::move(m.run);
    out.energy = rt::layer_energy(l.name, ctx.tech, m.activity);
  } else {
    r = rt::run_program<Vev2_top>(c.program, data.params, ctx.ropt, l.name);
  }
  if (a.corrupt_output && r.oacts.size()) r.oacts.data()[0] ^= 1;
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
  out.status = rep.ok() ? Status::Ok : Status::Mismatch;
  out.cycles = rep.cycles;
  out.nz = rep.nonzero_macs;
  out.rd = rep.bytes_read;
  out.wr = rep.bytes_written;
  out.sim_cycles = r.sim_cycles;
  out.wall = r.wall_seconds;
  if (a.eyexam) {
    out.eyexam = ev2::mapper::eyexam_of(c.schedule, l.name);
    out.eyexam->cycles[ev2::mapper::kEyexamSteps - 1] = static_cast<double>(rep.cycles);
    out.eyexam->measured_nonzero_macs = static_cast<double>(rep.nonzero_macs);
  }
  return out;
}

// The Eyexam table of the layers that ran and the network, and its reports; BadInput when a
// report could not be written.
Status report_eyexam(const Args& a, const std::vector<ev2::mapper::Eyexam>& layers, int pes, const std::string& label) {
  namespace mp = ev2::mapper;
  if (layers.empty()) {
    fmt::print(stderr, "ev2run: no layer ran: no Eyexam account\n");
    return (a.eyexam_json.empty() && a.eyexam_svg.empty()) ? Status::Ok : Status::BadInput;
  }
  const mp::Eyexam net = mp::eyexam_network(layers, label);
  fmt::print("\n{}\n", mp::eyexam_text(layers, net));
  Status status = Status::Ok;
  if (!a.eyexam_json.empty()) {
    if (write_report("--eyexam-json", a.eyexam_json, mp::eyexam_json(layers, net)))
      fmt::print("eyexam JSON: {}\n", a.eyexam_json);
    else
      status = Status::BadInput;
  }
  if (!a.eyexam_svg.empty()) {
    if (write_report("--eyexam-svg", a.eyexam_svg, mp::eyexam_svg(layers, net, pes)))
      fmt::print("eyexam SVG: {}\n", a.eyexam_svg);
    else
      status = Status::BadInput;
  }
  return status;
}

// Never throws: a layer's failure, of whatever kind, is its outcome.
LayerOutcome run_layer_guarded(const Args& a, const RunContext& ctx, const ev2::LayerShape& l, size_t i) {
  LayerOutcome out;
  try {
    out = run_layer(a, ctx, l, i);
  } catch (...) {
    out = {};
    record_failure(out, l.name);
  }
  return out;
}

Status run(const Args& a) {
  namespace rt = ev2::runtime;
  ev2::workload::Network net;
  try {
    net = ev2::workload::parse_shape_file(a.file);
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}\n", one_line(e.what()));
    return Status::BadInput;
  }
  RunContext ctx;
  ctx.array = ev2::mapper::array_config(EV2_CONFIG_NAME);
  const auto& array = ctx.array;
  const std::string label = a.label.empty() ? net.name : a.label;
  std::set<std::string> seen;
  std::vector<size_t> todo;  // selected layers, pool layers included (printed, not run)
  bool any_to_run = false;
  for (size_t i = 0; i < net.layers.size(); ++i)
    if (selected(a, net.layers[i])) {
      seen.insert(net.layers[i].name);
      todo.push_back(i);
      any_to_run = any_to_run || net.layers[i].kind != ev2::LayerKind::Pool;
    }
  for (const auto& n : a.layers)
    if (!seen.count(n)) {
      fmt::print(stderr, "ev2run: no layer '{}' in {}\n", n, a.file);
      return Status::BadInput;
    }
  // A selection that runs nothing would print a zero total and pass: almost always a typo.
  if (todo.empty()) {
    fmt::print(stderr, "ev2run: no layer of {} matches{}\n", a.file, describe_selection(a));
    return Status::BadInput;
  }
  if (!any_to_run) {
    fmt::print(stderr,
               "ev2run: the layers of {} that match{} are pool layers, which run on the host: nothing to simulate\n",
               a.file, describe_selection(a));
    return Status::BadInput;
  }
  for (const auto& [option, path] : {std::pair{"--energy-json", a.energy_json},
                                     {"--energy-svg", a.energy_svg},
                                     {"--eyexam-json", a.eyexam_json},
                                     {"--eyexam-svg", a.eyexam_svg}})
    if (!path.empty())
      if (const std::string why = unwritable(path); !why.empty()) {
        fmt::print(stderr, "ev2run: {} {}: cannot write the report: {}\n", option, path, why);
        return Status::BadInput;
      }
  ctx.count = a.energy || !a.energy_json.empty() || !a.energy_svg.empty();
  if (ctx.count) try {
      ctx.tech = ev2::energy::load_tech_table(a.tech);
    } catch (const std::exception& e) {
      fmt::print(stderr, "ev2run: --tech {}: {}\n", a.tech, one_line(e.what()));
      return Status::BadInput;
    }
  fmt::print("ev2run: {} on '{}' ({} x {} cluster groups, {} PEs), weight density {}, iact density {}, seed {}{}\n",
             net.name, array.name, array.group_rows, array.group_cols, array.pes(), a.weight_density, a.iact_density,
             a.seed, a.jobs > 1 ? fmt::format(", {} layers at a time", a.jobs) : "");
  fmt::print("{}\n", rt::table_header());
  std::fflush(stdout);
  ctx.dopt.weight_density = a.weight_density;
  ctx.dopt.iact_density = a.iact_density;
  ctx.dopt.share = a.share == "on"    ? ev2::mapper::MapOptions::Share::On
                   : a.share == "off" ? ev2::mapper::MapOptions::Share::Off
                                      : ev2::mapper::MapOptions::Share::Auto;
  ctx.dopt.share_groups = a.share_groups;
  ctx.ropt.memory.latency = a.latency;
  ctx.ropt.memory.bytes_per_cycle = a.bandwidth;
  ctx.ropt.memory.req_stall = a.mem_stall;
  ctx.ropt.seed = a.seed;
  ctx.ropt.profile = a.profile;
  ctx.ropt.watchdog_cycles = a.watchdog;

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
        if (l.kind == ev2::LayerKind::Pool) continue;
        check_data_limit(l);  // a refused layer's schedule could be as large as its data
        estimate[k] = ev2::mapper::build_schedule(ev2::mapper::map_layer(l, array, mo)).stats.cycles;
      } catch (...) {
        // the layer's own run reports why
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
      LayerOutcome o = run_layer_guarded(a, ctx, net.layers[todo[k]], todo[k]);
      const std::lock_guard<std::mutex> lock(mu);
      outcomes[k] = std::move(o);
      ready.notify_all();
    }
  };
  // jthread: should the main thread leave this scope by an exception, the workers are joined
  // rather than destroyed running (std::terminate).
  std::vector<std::jthread> workers;
  for (int w = 0; w < std::min<int>(a.jobs, static_cast<int>(todo.size())); ++w) try {
      workers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no room for another thread (memory, process limits): the running ones take every layer
    }
  if (workers.empty()) work();

  std::vector<ev2::energy::LayerEnergy> energies;
  std::vector<ev2::mapper::Eyexam> eyexams;
  uint64_t cycles = 0, nz = 0, rd = 0, wr = 0, sim_cycles = 0, ran = 0;
  double wall = 0;
  Status status = Status::Ok;
  for (size_t k = 0; k < todo.size(); ++k) {
    std::unique_lock<std::mutex> lock(mu);
    ready.wait(lock, [&] { return outcomes[k].has_value(); });
    LayerOutcome o = std::move(*outcomes[k]);
    lock.unlock();
    fmt::print("{}", o.text);
    std::fflush(stdout);
    if (o.energy) energies.push_back(std::move(*o.energy));
    if (o.eyexam) eyexams.push_back(std::move(*o.eyexam));
    status = ev2::cli::worse(status, o.status);
    if (!o.ran) continue;
    cycles += o.cycles;
    nz += o.nz;
    rd += o.rd;
    wr += o.wr;
    sim_cycles += o.sim_cycles;
    wall += o.wall;
    ++ran;
  }
  workers.clear();
  if (a.eyexam) status = ev2::cli::worse(status, report_eyexam(a, eyexams, array.pes(), label));
  fmt::print("total: {} layers, {} cycles ({:.3f} ms at 200 MHz), utilization {:.2f}%, DRAM {} B read / {} B written\n",
             ran, cycles, cycles / kClockHz * 1e3,
             cycles ? 100.0 * static_cast<double>(nz) / (2.0 * array.pes() * static_cast<double>(cycles)) : 0.0, rd,
             wr);
  fmt::print("simulation: {} cycles in {:.1f} s = {:.0f} cycles/s{}\n", sim_cycles, wall,
             sim_cycles / std::max(1e-9, wall), a.jobs > 1 ? " per layer process" : "");
  fmt::print("{} inferences/s at 200 MHz: {:.1f}\n", label, cycles ? kClockHz / static_cast<double>(cycles) : 0.0);
  fmt::print("{} cycles: {}\n", label, cycles);
  if (!ctx.count) return status;
  const auto& tech = ctx.tech;
  if (energies.empty()) {
    if (!a.energy_json.empty() || !a.energy_svg.empty())
      fmt::print(stderr, "ev2run: no layer was measured: energy reports not written\n");
    return status;
  }
  fmt::print("\nenergy per layer ({}):\n{}", a.tech, ev2::energy::text_table(tech, energies));
  if (!a.energy_json.empty()) {
    if (write_report("--energy-json", a.energy_json, ev2::energy::json_report(tech, energies)))
      fmt::print("energy JSON: {}\n", a.energy_json);
    else
      status = ev2::cli::worse(status, Status::BadInput);
  }
  if (!a.energy_svg.empty()) {
    if (write_report("--energy-svg", a.energy_svg,
                     ev2::energy::svg_stacked_bars(energies, label + ": energy per layer")))
      fmt::print("energy SVG: {}\n", a.energy_svg);
    else
      status = ev2::cli::worse(status, Status::BadInput);
  }
  fmt::print("{}\n", rt::energy_totals(tech, energies, label));
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ev2run: run the layers of a shape file on the Verilated accelerator (" EV2_CONFIG_NAME
               " configuration) and check every output against the reference model"};
  Args a;
  app.add_option("file", a.file, "Shape file (*.layers, docs/workloads.md)")->required();
  app.add_option("--layer", a.layers, "Only these layers (repeatable; an unknown name is an error)");
  app.add_option("--kind", a.kinds, "Only layers of these kinds (repeatable)")->check(CLI::IsMember(kind_names()));
  app.add_option("--label", a.label, "Name printed on the total lines (default: the network's name)");
  app.add_option("--weight-density", a.weight_density, "Nonzero fraction of the synthetic weights")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--iact-density", a.iact_density, "Nonzero fraction of the synthetic iacts")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--seed", a.seed, "Data and memory-jitter seed")->capture_default_str();
  app.add_option("--latency", a.latency, "Memory latency in cycles")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  app.add_option("--bandwidth", a.bandwidth,
                 fmt::format("Memory bandwidth in bytes per cycle; more than the memory port's {} is refused",
                             kPortBytesPerCycle))
      ->capture_default_str()
      ->check(CLI::Range(0.01, kPortBytesPerCycle));
  // Below 1: a memory that refuses every request would only ever end in the watchdog.
  app.add_option("--mem-stall", a.mem_stall,
                 "Probability that the memory refuses a request in a cycle (random backpressure, seeded by --seed)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.95));
  app.add_option("--watchdog", a.watchdog,
                 "Cycles after which a layer that has not finished fails (0: scaled to the layer's program)")
      ->capture_default_str();
  app.add_flag("-v,--verbose", a.verbose, "Also print each layer's tiling and program statistics");
  app.add_flag("--energy", a.energy, "Count activity (accesses, toggles, DRAM bytes) and print the energy breakdown");
  app.add_option("--energy-json", a.energy_json, "Also write the per-layer energy as JSON (implies --energy)");
  app.add_option("--energy-svg", a.energy_svg, "Also draw the per-layer energy as stacked bars (implies --energy)");
  app.add_option("--tech", a.tech, "Technology table for the energy model")->capture_default_str();
  app.add_flag("--eyexam", a.eyexam,
               "Print the Eyexam account: per layer and for the network, the nonzero MACs per cycle each step "
               "allows, from the layer's parallelism to the RTL (docs/mapper.md, \"Eyexam\")");
  app.add_option("--eyexam-json", a.eyexam_json, "Also write the Eyexam account as JSON (implies --eyexam)");
  app.add_option("--eyexam-svg", a.eyexam_svg, "Also draw the Eyexam staircase as SVG (implies --eyexam)");
  app.add_flag("--profile", a.profile, "Charge every cycle to the command being executed and print the split");
  app.add_option(
         "--share", a.share,
         "Weight sharing across cluster groups (docs/mapper.md): the mapper's choice (auto), or forced on or off "
         "where the layer allows it")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "on", "off"}));
  app.add_option("--share-groups", a.share_groups,
                 "Cluster groups per weight-sharing set (docs/mapper.md rule 10): 0 = the mapper's choice, else all "
                 "groups or an aligned power of two from 2 (implies sharing where the layer allows it)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("-j,--jobs", a.jobs,
                 "Layers simulated at once, each on its own thread and model, longest (mapper estimate) first; output "
                 "in layer order")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_flag("--corrupt-output", a.corrupt_output,
               "Self-test of the check: flip a bit of every layer's first output, which must then be a MISMATCH");
  app.footer(
      "Per layer: cycles (the CYCLES register), the mapper's estimate, MACs, nonzero MACs performed,\n"
      "utilization = nonzero MACs / (2 x PEs x cycles), DRAM bytes read / written, and the check against\n"
      "conv2d + output stage. Pool layers are host-side and skipped. Last lines: the totals,\n"
      "'<label> inferences/s at 200 MHz: X' and '<label> cycles: X'. With --energy: the energy table per\n"
      "layer (MAC, SPads, NoC, GLB, DRAM, fJ/MAC) and, last, 'energy <label> inferences/J: X'.\n"
      "With --eyexam: before the totals, per layer and for the network the nonzero MACs per cycle that\n"
      "each step allows (layer, dataflow, PEs, shape, SPads, delivery, RTL) and the biggest drop.\n"
      "A layer whose iacts, weights and outputs (one byte each) exceed 1 GiB is refused before anything\n"
      "is allocated, and one whose compiled memory image exceeds the 4 GiB of the 32-bit memory port\n"
      "before it runs (CANNOT RUN).\n\n"
      "Exit status (docs/runtime.md):\n"
      "  0  every layer bit-exact\n"
      "  1  bad input, nothing run: command line, shape file, unknown --layer, a selection that matches\n"
      "     no layer to simulate, technology table, a report file that cannot be written\n"
      "  2  a layer's outputs or counters differ from the reference (MISMATCH)\n"
      "  3  a layer cannot be mapped or run on this accelerator (CANNOT MAP / CANNOT RUN: names the limit)\n"
      "  4  a run failed: RTL assertion, watchdog timeout, error status (FAILED)\n"
      "  5  internal error: an unexpected exception or out of memory (ERROR)\n"
      "Each layer's failure is its own line and the other layers still run. When layers fail\n"
      "differently, the status is the first of 2, 4, 5, 1 (a report not written at the end), 3.");
  if (const auto exit = ev2::cli::parse_command_line(app, "ev2run", argc, argv)) return *exit;
  a.eyexam = a.eyexam || !a.eyexam_json.empty() || !a.eyexam_svg.empty();
  try {
    return ev2::cli::code(run(a));
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "ev2run: out of memory (std::bad_alloc)\n");
  } catch (const std::exception& e) {
    fmt::print(stderr, "ev2run: {}\n", one_line(e.what()));
  } catch (...) {
    fmt::print(stderr, "ev2run: unknown exception\n");
  }
  return ev2::cli::code(Status::Internal);
}
