// Energy counting benchmark: what toggle counting costs on a PE simulation. The same fixed-seed
// workload (random passes: both modes, mixed shapes and sparsity, no stalls) runs three times on
// one ev2_pe: with no counter at all, with the ToggleCounter of the energy buses
// (sim/pe/pe_toggles.hpp) attached but disabled, and with it enabled. Prints simulated cycles, wall
// and CPU seconds and cycles per wall second of each, the toggles per class of the counted run,
// and last the wall-time ratio counter on / counter off (target <= 2x). Not a test: it never fails
// on speed. `energy_bench [passes]` (default 1300 passes, about 1.9M PE cycles per run).
#include <fmt/core.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <map>
#include <string>
#include <vector>

#include "Vev2_pe.h"
#include "pe/pe_driver.hpp"
#include "pe/pe_gen.hpp"
#include "pe/pe_toggles.hpp"
#include "rtlsim/sim.hpp"
#include "rtlsim/toggle_counter.hpp"
#include "util/rng.hpp"

using namespace ev2;
using namespace ev2::pe;

namespace {

enum class Counting { None, Off, On };

const char* name_of(Counting c) {
  switch (c) {
    case Counting::None:
      return "no counter";
    case Counting::Off:
      return "counter off";
    case Counting::On:
      return "counter on";
  }
  return "?";
}

// Random passes that fit the PE, F up to 48 (wider than the tests: fewer, longer passes).
std::vector<PeWork> workload(uint64_t seed, int passes) {
  tb::Rng rng(seed);
  std::vector<PeWork> out;
  while (static_cast<int>(out.size()) < passes) {
    const auto mode = rng.bernoulli(0.5) ? csc::Mode::Dense : csc::Mode::Compressed;
    const PeConfig cfg = random_config(rng, mode, 48);
    const double di = random_density(rng), dw = random_density(rng);
    for (int attempt = 0; attempt < 20; ++attempt) {
      PeWork w = random_work(rng, cfg, di, dw);
      if (!check_work(w)) continue;
      out.push_back(std::move(w));
      break;
    }
  }
  return out;
}

struct Result {
  uint64_t cycles = 0;
  double seconds = 0;                       // wall clock
  double cpu_seconds = 0;                   // this process (the machine may be shared)
  std::map<std::string, uint64_t> toggles;  // per class (counter on)
  size_t signals = 0;
  double rate() const { return seconds > 0 ? cycles / seconds : 0.0; }
};

Result run(const std::vector<PeWork>& passes, Counting mode) {
  tb::Rng rng(0xbe4c);  // stream drivers (no stalls: unused, but forked the same way every run)
  tb::Sim<Vev2_pe> sim("energy_bench");
  PeDriver<Vev2_pe> drv(sim, rng);
  for (const auto& w : passes) drv.add_pass(w);
  sim.reset();
  std::unique_ptr<tb::ToggleCounter> counter;
  if (mode != Counting::None) {
    counter = std::make_unique<tb::ToggleCounter>(sim.context(), pe_toggle_rules());
    add_pe_port_toggles(*counter, sim.dut());
    counter->set_enabled(mode == Counting::On);
    sim.on_cycle([c = counter.get()] { c->sample(); });
  }
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  Result r;
  r.cycles = drv.run(100'000'000);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.cpu_seconds = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  if (counter) {
    r.toggles = counter->by_class();
    r.signals = counter->signals().size();
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  // Passes (default ~2M PE cycles per run); a first argument overrides it.
  const int passes = argc > 1 ? std::atoi(argv[1]) : 1300;
  const std::vector<PeWork> work = workload(0xe4e6, passes);

  fmt::print("energy counting benchmark: one ev2_pe, {} random passes (seed 0xe4e6), no stalls\n", passes);
  fmt::print("{:<12} {:>10} {:>8} {:>8} {:>12}\n", "mode", "cycles", "wall s", "CPU s", "cycles/s");
  std::map<Counting, Result> res;
  for (Counting m : {Counting::None, Counting::Off, Counting::On}) {
    res[m] = run(work, m);
    const Result& r = res[m];
    fmt::print("{:<12} {:>10} {:>8.2f} {:>8.2f} {:>11.0f}k\n", name_of(m), r.cycles, r.seconds, r.cpu_seconds,
               r.rate() / 1e3);
  }
  const Result& on = res[Counting::On];
  const Result& off = res[Counting::Off];
  if (on.cycles != off.cycles || res[Counting::None].cycles != off.cycles) {
    fmt::print("error: the runs differ in cycles; the workload is not deterministic\n");
    return 1;
  }
  fmt::print("\ncounted: {} signals (sim/pe/pe_toggles.hpp)\n", on.signals);
  uint64_t total = 0;
  for (const auto& [cls, n] : on.toggles) {
    fmt::print("  {:<12} {:>12} toggles {:>8.2f} per cycle\n", cls, n, static_cast<double>(n) / on.cycles);
    total += n;
  }
  fmt::print("  {:<12} {:>12} toggles {:>8.2f} per cycle\n", "total", total, static_cast<double>(total) / on.cycles);
  fmt::print("counter attached but off: {:.2f}x the run without a counter\n", res[Counting::None].rate() / off.rate());
  fmt::print("in CPU time: counter on {:.2f}x counter off\n", on.cpu_seconds / off.cpu_seconds);
  fmt::print("energy counting overhead: {:.2f}x\n", on.seconds / off.seconds);
  return 0;
}
