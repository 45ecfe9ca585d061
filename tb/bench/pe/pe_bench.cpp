// PE benchmark: one PE, one weight block (C0=4 input channels x S=3 taps x M0=16 output channels
// = 96 SIMD words, the weight data SPad full), 64 output positions, stride 1, no stalls. Prints
// cycles against iact and weight sparsity. "Once loaded" counts from the last weight word in to the
// last psum out (iacts keep streaming). Ideal = nonzero MAC pairs / 2 (both MAC lanes busy).
#include <fmt/core.h>

#include <ctime>
#include <vector>

#include "Vev2_pe.h"
#include "pe/pe_gen.hpp"
#include "pe/pe_perf.hpp"

using namespace ev2;
using namespace ev2::pe;

int main() {
  tb::Rng rng(0x0e1e55);
  const int C0 = 4, S = 3, M0 = 16, U = 1, F = 64;
  const std::vector<double> sparsity = {0.0, 0.25, 0.5, 0.75, 0.9, 0.95};

  fmt::print("PE benchmark: C0={} S={} M0={} U={} F={} (dense MACs per pass {}), no stalls\n", C0, S, M0, U, F,
             F * M0 * C0 * S);
  fmt::print("{:<10} {:>6} {:>6} {:>8} {:>9} {:>10} {:>10} {:>9}\n", "mode", "iact%0", "wght%0", "cycles", "loaded",
             "nz MACs", "MACs/cyc", "vs ideal");
  uint64_t sim_cycles = 0;
  const std::clock_t t0 = std::clock();
  auto row = [&](const char* mode, const PeWork& w) {
    const PeRunStats r = measure_pass<Vev2_pe>(w, rng);
    sim_cycles += r.cycles;
    int zi = 0, zw = 0;
    for (auto v : w.iacts) zi += v == 0;
    for (auto v : w.weights) zw += v == 0;
    fmt::print("{:<10} {:>5.0f}% {:>5.0f}% {:>8} {:>9} {:>10} {:>10.3f} {:>8.2f}x\n", mode,
               100.0 * zi / static_cast<double>(w.iacts.size()), 100.0 * zw / static_cast<double>(w.weights.size()),
               r.cycles, r.cycles_loaded, r.nonzero_macs, r.macs_per_cycle(), r.over_ideal());
    return r;
  };

  double ratio_50 = 0;
  for (double si : sparsity) {
    for (double sw : sparsity) {
      const PeWork w =
          random_fitting_work(rng, make_config(C0, M0, S, U, F, csc::Mode::Compressed), 1.0 - si, 1.0 - sw);
      const PeRunStats r = row("sparse", w);
      if (si == 0.5 && sw == 0.5) ratio_50 = r.over_ideal();
    }
  }
  const PeWork dense = random_work(rng, make_config(C0, M0, S, U, F, csc::Mode::Dense), 1.0, 1.0);
  const PeRunStats d = row("dense", dense);
  const double secs = static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
  fmt::print("\nsparse 50%/50%: {:.2f}x the ideal nonzero MACs / 2 (target <= 1.3x)\n", ratio_50);
  fmt::print("model speed: {:.0f}k PE cycles per CPU second (Verilator, assertions on, no tracing)\n",
             sim_cycles / secs / 1e3);
  fmt::print("pe dense MACs/cycle: {:.3f}\n", d.macs_per_cycle());
  return 0;
}
