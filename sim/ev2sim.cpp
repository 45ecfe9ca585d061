// ev2sim: command-line front end of the Eyeriss v2 project. One subcommand per tool; each returns
// the process exit code so scripts and CI can rely on it.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "exit_status.hpp"
#include "workload/report.hpp"
#include "workload/shape_file.hpp"
#include "mapper/layer_mapper.hpp"

#ifndef EV2_WORKLOADS_DIR
#error "EV2_WORKLOADS_DIR must name the directory of the shipped *.layers files (sim/CMakeLists.txt)"
#endif

namespace {

namespace wl = ev2::workload;

struct ShapesArgs {
  std::vector<std::string> files;
  bool verbose = false;
  double tolerance_pct = wl::kDefaultTolerancePct;
};

constexpr int kExitParseError = ev2::cli::code(ev2::cli::Status::BadInput);
constexpr int kExitMismatch = ev2::cli::code(ev2::cli::Status::Mismatch);
constexpr int kExitUnmappable = ev2::cli::code(ev2::cli::Status::Unmappable);

int run_shapes(const ShapesArgs& args) {
  std::vector<std::filesystem::path> paths(args.files.begin(), args.files.end());
  if (paths.empty()) {
    paths = wl::list_shape_files(EV2_WORKLOADS_DIR);
    if (paths.empty()) {
      fmt::print(stderr, "ev2sim shapes: no *.layers files in {}\n", EV2_WORKLOADS_DIR);
      return kExitParseError;
    }
  }

  std::vector<wl::Network> nets;
  bool parse_failed = false;
  for (const auto& p : paths) {
    try {
      nets.push_back(wl::parse_shape_file(p));
    } catch (const wl::ShapeFileError& e) {
      fmt::print(stderr, "{}\n", e.what());
      parse_failed = true;
    }
  }

  if (args.verbose)
    for (const auto& n : nets) fmt::print("{}\n", wl::layer_table(n));
  if (!nets.empty()) fmt::print("{}", wl::network_table(nets, args.tolerance_pct));

  bool mismatch = false;
  for (const auto& n : nets) {
    const auto c = wl::compare(n, wl::totals(n));
    if (c.has_figure() && !c.within(args.tolerance_pct)) {
      fmt::print(stderr, "ev2sim shapes: {} ({}) misses its published figure by more than {:g}%\n", n.name, n.file,
                 args.tolerance_pct);
      mismatch = true;
    }
  }
  if (parse_failed) return kExitParseError;
  return mismatch ? kExitMismatch : 0;
}

struct MapArgs {
  std::string file;
  std::string config = "v2";
  std::string layer;
  bool verbose = false;
  double weight_density = 0.4;
  double iact_density = 0.5;
  bool dense = false;
  int share_groups = 0;
};

int run_map(const MapArgs& args) {
  namespace mp = ev2::mapper;
  wl::Network net;
  try {
    net = wl::parse_shape_file(args.file);
  } catch (const wl::ShapeFileError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return kExitParseError;
  }
  const mp::ArrayConfig array = mp::array_config(args.config);
  mp::MapOptions opt;
  opt.weight_density = args.weight_density;
  opt.iact_density = args.iact_density;
  opt.dense = args.dense;
  opt.share_groups = args.share_groups;
  fmt::print("{} on {} ({} cluster groups x {} PEs = {} PEs), weights {:.0f}% / iacts {:.0f}% nonzero{}\n", net.name,
             array.name, array.groups(), array.pe_rows * array.pe_cols, array.pes(), 100 * args.weight_density,
             100 * args.iact_density, args.dense ? ", dense mode" : "");
  fmt::print("{:<22} {:<9} {:>4} {:>4} {:>3} {:>6} {:>5} {:>6} {:>6} {:>8} {:>10} {:>6} {:>11} {:>11} {:>9}\n", "layer",
             "kind", "C0", "M0", "S0", "chains", "Ft", "Et", "share", "steps", "cycles", "util%", "DRAM w", "DRAM iact",
             "oacts");
  bool found = args.layer.empty();
  bool failed = false;
  uint64_t cycles = 0;
  double nz = 0;
  for (const auto& l : net.layers) {
    if (!args.layer.empty() && l.name != args.layer) continue;
    found = true;
    if (l.kind == ev2::LayerKind::Pool) {
      fmt::print("{:<22} {:<9} (host-side)\n", l.name, ev2::to_string(l.kind));
      continue;
    }
    try {
      const mp::Mapping m = mp::map_layer(l, array, opt);
      const mp::Schedule s = mp::build_schedule(m);
      const auto& st = s.stats;
      cycles += st.cycles;
      nz += st.nonzero_macs;
      fmt::print("{:<22} {:<9} {:>4} {:>4} {:>3} {:>6} {:>5} {:>6} {:>6} {:>8} {:>10} {:>6.1f} {:>11} {:>11} {:>9}\n",
                 l.name, ev2::to_string(l.kind), m.C0, m.M0, m.S0, m.chains, m.Ft, m.Et,
                 m.share_weights ? std::to_string(m.share_groups) : "-", st.steps, st.cycles, 100 * st.utilization,
                 st.weight_words.dram, st.iact_words.dram, st.oacts);
      if (args.verbose) {
        fmt::print("  {}\n", s.summary());
        int shown = 0;
        const int limit = args.layer.empty() ? 8 : 1 << 30;
        for (size_t g = 0; g < s.groups.size() && shown < limit; ++g)
          for (size_t i = 0; i < s.groups[g].steps.size() && shown < limit; ++i, ++shown)
            fmt::print("    {}\n", s.describe_step(static_cast<int>(g), static_cast<int>(i)));
      }
    } catch (const mp::MapError& e) {
      fmt::print(stderr, "{}\n", e.what());
      failed = true;
    }
  }
  if (!found) {
    fmt::print(stderr, "ev2sim map: no layer '{}' in {}\n", args.layer, args.file);
    return kExitParseError;
  }
  fmt::print("total: {} cycles ({:.3f} ms at 200 MHz), utilization {:.1f}%\n", cycles, cycles / 200e3,
             cycles ? 100.0 * nz / (2.0 * array.pes() * static_cast<double>(cycles)) : 0.0);
  return failed ? kExitUnmappable : 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ev2sim: Eyeriss v2 simulator tools"};
  app.require_subcommand(1);

  ShapesArgs shapes_args;
  auto* shapes = app.add_subcommand("shapes", "Totals of workload shape files against each network's published figure");
  shapes->add_option("files", shapes_args.files, "Shape files to read (default: every " EV2_WORKLOADS_DIR "/*.layers)");
  shapes->add_flag("-v,--verbose", shapes_args.verbose,
                   "Also print every layer: source line, name, kind, CxHxW -> MxExF, RxS/U, pad, G, MACs, weights");
  shapes
      ->add_option("--tolerance", shapes_args.tolerance_pct,
                   "Largest accepted deviation from a published figure, in percent")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  shapes->footer(
      "Reads shape files (format: docs/workloads.md) and prints one row per network: layers by kind,\n"
      "total MACs and weights, the published figures and our deviation from them, and OK / MISMATCH.\n\n"
      "Exit status: 0 when every file parses and every published figure is matched within the\n"
      "tolerance; 1 when a file cannot be read or parsed (the one-line error names file:line and the\n"
      "field); 2 when a network misses its published figure.");

  MapArgs map_args;
  auto* map = app.add_subcommand("map", "Map every layer of a shape file onto the array (RS+ tiling, docs/mapper.md)");
  map->add_option("file", map_args.file, "Shape file (*.layers)")->required();
  map->add_option("--config", map_args.config, "Array configuration")
      ->capture_default_str()
      ->check(CLI::IsMember({"v2", "small"}));
  map->add_option("--layer", map_args.layer, "Only this layer");
  map->add_flag("-v,--verbose", map_args.verbose,
                "Also print the statistics summary and the schedule's steps (first 8, or all with --layer)");
  map->add_option("--weight-density", map_args.weight_density, "Nonzero fraction of weights assumed")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  map->add_option("--iact-density", map_args.iact_density, "Nonzero fraction of iacts assumed (statistics only)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  map->add_flag("--dense", map_args.dense, "Dense mode (address SPads bypassed)");
  map->add_option("--share-groups", map_args.share_groups,
                  "Cluster groups per weight-sharing set: 0 = the mapper's choice, else all groups or an aligned "
                  "power of two from 2 (where the layer allows sharing)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  map->footer(
      "Prints per layer the tiling (C0 channels, M0 output channels, S0 filter columns per PE; psum chains;\n"
      "F and E tiles; share: groups per weight-sharing set), the steps of the longest cluster group, estimated cycles "
      "and utilization\n"
      "(nonzero MACs / (2 x PEs x cycles)), and DRAM traffic in 24-bit words. Pool layers are host-side.\n\n"
      "Exit status: 0 when every layer maps; 1 when the file cannot be read or the layer is unknown;\n"
      "2 when a layer cannot be mapped (the one-line error names the layer and the limit).");

  app.footer("A bad command line exits 1, an unexpected error (out of memory, ...) 5.");

  if (const auto exit = ev2::cli::parse_command_line(app, "ev2sim", argc, argv)) return *exit;
  try {
    if (shapes->parsed()) return run_shapes(shapes_args);
    if (map->parsed()) return run_map(map_args);
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "ev2sim: out of memory (std::bad_alloc)\n");
    return ev2::cli::code(ev2::cli::Status::Internal);
  } catch (const std::exception& e) {
    fmt::print(stderr, "ev2sim: {}\n", e.what());
    return ev2::cli::code(ev2::cli::Status::Internal);
  } catch (...) {
    fmt::print(stderr, "ev2sim: unknown exception\n");
    return ev2::cli::code(ev2::cli::Status::Internal);
  }
  return 0;
}
