// PE bit-toggle counts (sim/rtlsim/toggle_counter.hpp, on the nets of sim/pe/pe_toggles.hpp)
// against Verilator's own --coverage-toggle counts on the same model and the same run of random
// PE passes (docs/energy.md, "PE toggles", "Cross-check against Verilator").
//
// Two counters watch the run. `every` samples after each settle that can change a net (after the
// inputs are driven, and after the clock edge), which is what Verilator's toggle coverage sees: it
// must agree with coverage bit for bit on every public PE net and on the psum ports. `per_cycle`
// samples once per cycle, as the energy model does, on the energy buses only (SPad addresses and
// data, MAC operands, psum ports): it must agree too, because those buses change at most once per
// cycle. (A write enable that follows an input valid glitches within a cycle; enables are access
// counts, not energy buses.)
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "Vev2_pe_cov.h"
#include "harness/coverage_toggles.hpp"
#include "harness/seed.hpp"
#include "pe/pe_driver.hpp"
#include "pe/pe_gen.hpp"
#include "pe/pe_toggles.hpp"
#include "rtlsim/component.hpp"
#include "rtlsim/toggle_counter.hpp"

namespace ev2::pe {
namespace {

using Model = Vev2_pe_cov;

// Samples a counter after the inputs of the cycle have settled (Component::sample runs then).
class SettleSampler : public tb::Component {
 public:
  explicit SettleSampler(tb::ToggleCounter& c) : c_(c) {}
  void drive() override {}
  void sample() override { c_.sample(); }

 private:
  tb::ToggleCounter& c_;
};

// Every signal of `counter` whose count differs from the coverage file (or is missing from it).
std::vector<std::string> mismatches(const tb::ToggleCounter& counter, const std::map<std::string, uint64_t>& cov) {
  std::vector<std::string> bad;
  for (const auto& s : counter.signals()) {
    const auto it = cov.find(s.name);
    if (it == cov.end())
      bad.push_back(fmt::format("{}: counted {}, not in the coverage file", s.name, s.toggles));
    else if (it->second != s.toggles)
      bad.push_back(fmt::format("{}: counted {}, Verilator {}", s.name, s.toggles, it->second));
  }
  return bad;
}

// All public nets of the PE (SPad ports with their enables, MAC lanes and their strobes) plus the
// psum ports: a superset of the energy buses.
std::vector<tb::ToggleRule> all_public_rules() { return {{"pe", R"(TOP\.ev2_pe\..*)"}}; }

// `passes` random passes: random shapes, both modes, signed and unsigned iacts, psum input,
// sparsity from fully dense to 95% zeros (a shape whose data does not fit the SPads is redrawn).
void queue_random_passes(PeDriver<Model>& drv, tb::Rng& rng, int passes) {
  for (int p = 0; p < passes;) {
    const auto mode = rng.bernoulli(0.5) ? csc::Mode::Dense : csc::Mode::Compressed;
    const PeConfig cfg = random_config(rng, mode);
    const double di = random_density(rng), dw = random_density(rng);
    for (int attempt = 0; attempt < 20; ++attempt) {
      const PeWork w = random_work(rng, cfg, di, dw);
      if (!check_work(w)) continue;
      drv.add_pass(w);
      ++p;
      break;
    }
  }
}

void cross_check(const PeStalls& stalls, int passes, const std::string& tag) {
  tb::Rng rng = tb::test_rng();
  tb::Sim<Model> sim;
  PeDriver<Model> drv(sim, rng, stalls);
  queue_random_passes(drv, rng, passes);
  sim.reset();

  tb::ToggleCounter every(sim.context(), all_public_rules());
  add_pe_port_toggles(every, sim.dut());
  tb::ToggleCounter per_cycle(sim.context(), pe_toggle_rules());
  add_pe_port_toggles(per_cycle, sim.dut());
  // The lookup found every net: 5 SPads x 6 ports, 2 MAC lanes x 5, mac_fire, mac_gated, 2 ports.
  ASSERT_EQ(every.signals().size(), 5u * 6 + 2 * 5 + 2 + 2) << "public PE nets missing from the symbol table";
  ASSERT_EQ(per_cycle.signals().size(), kPeToggleSignals + 2) << "energy buses missing from the symbol table";

  SettleSampler settle(every);
  sim.add(settle);
  sim.on_cycle([&] {
    every.sample();
    per_cycle.sample();
  });
  // All three count from here. Per instance: the two MAC lanes separately (with --flatten).
  sim.context().coveragep()->forcePerInstance(true);
  sim.context().coveragep()->zero();
  every.set_enabled(true);
  per_cycle.set_enabled(true);
  const uint64_t cycles = drv.run(2'000'000);
  ASSERT_GT(cycles, 10'000u) << "too short a run to mean anything";
  const std::string path = fmt::format("{}/pe_toggle_test.{}.dat", tb::waves_dir(), tag);
  std::filesystem::create_directories(tb::waves_dir());
  sim.context().coveragep()->write(path.c_str());
  const auto coverage = tb::read_coverage_toggles(path);

  // 1. Exact agreement with Verilator on every net when sampled at every settle.
  for (const auto& m : mismatches(every, coverage)) ADD_FAILURE() << "every-settle count: " << m;

  // 2. Per-cycle sampling (the energy model's) is exact on the energy buses.
  for (const auto& m : mismatches(per_cycle, coverage)) ADD_FAILURE() << "per-cycle count: " << m;

  // 3. Every energy bus and both psum ports really toggled, in every class.
  for (const auto& s : per_cycle.signals()) EXPECT_GT(s.toggles, 0u) << s.name << " never toggled";
  const auto classes = per_cycle.by_class();
  for (const char* c : {"iact_spad", "weight_spad", "psum_spad", "mac", "noc"})
    EXPECT_GT(classes.count(c) ? classes.at(c) : 0, 1000u) << "class " << c;

  // 4. The comparison can fail: one toggle more on one bus is reported, and only that bus.
  auto perturbed = coverage;
  const std::string victim = per_cycle.signals().front().name;
  perturbed[victim] += 1;
  const auto bad = mismatches(per_cycle, perturbed);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_NE(bad.front().find(victim), std::string::npos);
  auto missing = coverage;
  missing.erase(victim);
  EXPECT_EQ(mismatches(per_cycle, missing).size(), 1u);

  uint64_t total = 0;
  for (const auto& [c, n] : classes) total += n;
  ::testing::Test::RecordProperty("cycles", std::to_string(cycles));
  ::testing::Test::RecordProperty("energy_bus_toggles", std::to_string(total));
}

// The counter's loads cover every byte of a signal whatever its size (Verilator keeps 1, 2, 4, 8
// bytes or whole 32-bit words), count nothing while disabled, and switching on rebaselines.
TEST(ToggleCounter, SignalsOfEveryStorageSize) {
  tb::Sim<Model> sim;  // any model: the counter needs a context with a symbol table
  tb::ToggleCounter counter(sim.context(), {});
  uint8_t b1 = 0;
  uint16_t b2 = 0;
  uint32_t b4 = 0;
  uint64_t b8 = 0;
  uint32_t wide[3] = {0, 0, 0};  // a 65..96-bit VlWide
  counter.add_signal("b1", "x", &b1, sizeof b1);
  counter.add_signal("b2", "x", &b2, sizeof b2);
  counter.add_signal("b4", "y", &b4, sizeof b4);
  counter.add_signal("b8", "y", &b8, sizeof b8);
  counter.add_signal("wide", "z", wide, sizeof wide);
  b1 = 0xff;  // while disabled: not counted, and the reference moves on when enabled
  counter.sample();
  counter.set_enabled(true);
  b1 = 0x0f;
  b2 = 0x8001;
  b4 = 0x80000001u;
  b8 = 0x8000000000000001ull;
  wide[0] = 1;
  wide[1] = 0x80000000u;
  wide[2] = 0xffffffffu;
  counter.sample();
  counter.sample();  // no change: nothing added
  wide[2] = 0;
  counter.sample();
  EXPECT_EQ(counter.toggles("b1"), 4u);
  EXPECT_EQ(counter.toggles("b2"), 2u);
  EXPECT_EQ(counter.toggles("b4"), 2u);
  EXPECT_EQ(counter.toggles("b8"), 2u);
  EXPECT_EQ(counter.toggles("wide"), 2u + 32 + 32);
  const auto by_class = counter.by_class();
  EXPECT_EQ(by_class.at("x"), 6u);
  EXPECT_EQ(by_class.at("y"), 4u);
  EXPECT_EQ(by_class.at("z"), 66u);
  EXPECT_THROW(counter.toggles("nope"), tb::SimError);
}

TEST(PeToggles, EqualVerilatorCoverageNoStalls) { cross_check({}, 150, "nostall"); }

TEST(PeToggles, EqualVerilatorCoverageRandomStalls) { cross_check(PeStalls::all(0.3), 100, "stalls"); }

}  // namespace
}  // namespace ev2::pe
