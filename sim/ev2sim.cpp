// ev2sim: command-line front end of the Eyeriss v2 project. One subcommand per tool; each returns
// the process exit code so scripts and CI can rely on it.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "workload/report.hpp"
#include "workload/shape_file.hpp"

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

constexpr int kExitParseError = 1;
constexpr int kExitMismatch = 2;

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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ev2sim: Eyeriss v2 simulator tools"};
  app.require_subcommand(1);

  ShapesArgs shapes_args;
  auto* shapes = app.add_subcommand(
      "shapes",
      "Totals of workload shape files against each network's published figure");
  shapes->add_option("files", shapes_args.files, "Shape files to read (default: every " EV2_WORKLOADS_DIR "/*.layers)");
  shapes->add_flag("-v,--verbose", shapes_args.verbose,
                   "Also print every layer: source line, name, kind, CxHxW -> MxExF, RxS/U, pad, G, MACs, weights");
  shapes->add_option("--tolerance", shapes_args.tolerance_pct,
                     "Largest accepted deviation from a published figure, in percent")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  shapes->footer(
      "Reads shape files (format: docs/workloads.md) and prints one row per network: layers by kind,\n"
      "total MACs and weights, the published figures and our deviation from them, and OK / MISMATCH.\n\n"
      "Exit status: 0 when every file parses and every published figure is matched within the\n"
      "tolerance; 1 when a file cannot be read or parsed (the one-line error names file:line and the\n"
      "field); 2 when a network misses its published figure.");

  CLI11_PARSE(app, argc, argv);

  if (shapes->parsed()) return run_shapes(shapes_args);
  return 0;
}
