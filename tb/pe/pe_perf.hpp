// Cycle measurement of one PE pass without stalls, shared by the performance tests and the
// benchmark. "Once loaded" counts from the cycle after the last weight word was accepted (the
// weight block is stationary; iacts keep streaming) to the cycle the last psum word leaves.
#pragma once

#include <cstdint>

#include "pe/pe_driver.hpp"
#include "rtlsim/sim.hpp"

namespace ev2::pe {

struct PeRunStats {
  uint64_t cycles = 0;         // configuration accepted .. last psum out
  uint64_t cycles_loaded = 0;  // last weight word in .. last psum out
  uint64_t nonzero_macs = 0;
  uint64_t dense_macs = 0;
  double macs_per_cycle() const { return cycles_loaded ? static_cast<double>(nonzero_macs) / cycles_loaded : 0.0; }
  // Cycles over the ideal nonzero_macs / 2 (1.0 = both MAC lanes busy every cycle).
  double over_ideal() const { return nonzero_macs ? cycles_loaded / (nonzero_macs / 2.0) : 0.0; }
};

template <class Model>
PeRunStats measure_pass(const PeWork& w, tb::Rng& rng, uint64_t max_cycles = 2'000'000) {
  tb::Sim<Model> sim;
  PeDriver<Model> drv(sim, rng);
  const PeGolden g = drv.add_pass(w);
  sim.reset();
  const uint64_t t0 = sim.cycle();
  uint64_t t_loaded = t0;
  sim.run_until(
      [&] {
        if (!drv.weight_port().idle()) t_loaded = sim.cycle();
        return drv.scoreboard().drained() && sim.dut().busy_o == 0;
      },
      max_cycles, "pass done");
  drv.check_done();
  PeRunStats r;
  r.cycles = sim.cycle() - t0;
  r.cycles_loaded = sim.cycle() - t_loaded;
  r.nonzero_macs = g.nonzero_macs;
  r.dense_macs = g.dense_macs;
  return r;
}

}  // namespace ev2::pe
