// Clock, reset, cycle counting, component scheduling, RTL-assertion checking and waveform dumps
// for one Verilated model. Every RTL test, and the simulator, drives its model through this class.
//
//   Sim<Vev2_fifo> sim;                 // named after the running test
//   sim.add(source); sim.add(sink);
//   sim.reset();
//   sim.run_until([&] { return sink.count() == n; }, 10'000, "all words delivered");
#pragma once

#include <verilated.h>
#include <verilated_fst_c.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>

#include "rtlsim/assertion_log.hpp"
#include "rtlsim/hier_blocks.hpp"
#include "rtlsim/component.hpp"
#include "rtlsim/run_name.hpp"
#include "rtlsim/sim_error.hpp"
#include "rtlsim/trace.hpp"

namespace ev2::tb {

template <class Model>
class Sim {
 public:
  explicit Sim(std::string name = current_run_name()) : name_(name.empty() ? "sim" : std::move(name)) {
    ctx_ = std::make_unique<VerilatedContext>();
    // An RTL assertion must fail the test, not abort the whole test executable.
    ctx_->fatalOnError(false);
    // Randomise uninitialised state (with --x-initial unique) so a missing reset shows up.
    ctx_->randReset(2);
    ctx_->randSeed(static_cast<int>(std::hash<std::string>{}(name_)&0x7fffffff));
    trace_req_ = TraceRequest::from_env();
    if (trace_req_.enabled) ctx_->traceEverOn(true);
    dut_ = std::make_unique<Model>(ctx_.get(), "TOP");
    // Names a model evaluated outside a Sim left on this thread are not this run's.
    (void)take_failed_assertions();
    dut_->clk_i = 0;
    dut_->rst_ni = 1;
    update_trace_window();
  }

  ~Sim() {
    close_trace();
    dut_->final();
    forget_hier_blocks(ctx_.get());
  }

  Sim(const Sim&) = delete;
  Sim& operator=(const Sim&) = delete;

  Model& dut() { return *dut_; }
  Model* operator->() { return dut_.get(); }
  VerilatedContext& context() { return *ctx_; }
  uint64_t cycle() const { return cycle_; }
  const std::string& name() const { return name_; }

  void add(Component& c) {
    c.attach_clock(&cycle_);
    components_.push_back(&c);
  }

  // Called at the end of every clock cycle, after the falling edge (e.g. ToggleCounter::sample).
  void on_cycle(std::function<void()> f) { cycle_hooks_.push_back(std::move(f)); }

  // Negative tests: from now on the check named `name` (the last component of its hierarchical
  // name, e.g. "cfg_dense_iacts_fit") may fail; its failures are recorded instead of thrown. Any
  // other check failing still throws, naming itself, so a test cannot pass on the wrong check.
  void expect_assertion(std::string name) { expected_assertion_ = std::move(name); }
  // Whether a check failed (with expect_assertion: the expected one; others throw).
  bool assertion_fired() const { return !assertions_fired_.empty(); }
  bool assertion_fired(std::string_view name) const {
    return std::any_of(assertions_fired_.begin(), assertions_fired_.end(),
                       [&](const std::string& hier) { return assertion_leaf(hier) == name; });
  }
  // The hierarchical names of the recorded failures, in order, one entry per check and clock edge
  // (e.g. "TOP.ev2_pe.cfg_dense_iacts_fit").
  const std::vector<std::string>& assertions_fired() const { return assertions_fired_; }

  // Holds rst_ni low for `cycles` clock cycles (components are not driven), then releases it.
  void reset(int cycles = 4) {
    dut_->rst_ni = 0;
    for (int i = 0; i < cycles; ++i) clock_edge_pair();
    dut_->rst_ni = 1;
    eval();
  }

  // One clock cycle: drive inputs, settle, sample handshakes, rising edge, falling edge.
  void step(int n = 1) {
    for (int i = 0; i < n; ++i) {
      for (Component* c : components_) c->drive();
      eval();
      for (Component* c : components_) c->sample();
      clock_edge_pair();
    }
  }

  // Steps until done() holds (checked after each cycle); throws SimError naming `what` if it has
  // not happened within max_cycles, so a hung design fails instead of hanging the test.
  uint64_t run_until(const std::function<bool()>& done, uint64_t max_cycles, std::string_view what) {
    const uint64_t start = cycle_;
    while (!done()) {
      if (cycle_ - start >= max_cycles)
        throw SimError(
            fmt::format("{}: watchdog: '{}' not reached after {} cycles (cycle {})", name_, what, max_cycles, cycle_));
      step();
    }
    return cycle_ - start;
  }

 private:
  void eval() {
    // A hierarchical top creates its blocks' models in its first eval, in the thread's context,
    // which must be this model's even when several Sims share the thread.
    Verilated::threadContextp(ctx_.get());
    dut_->eval();
    check_assertions();
  }

  void clock_edge_pair() {
    dump();
    dut_->clk_i = 1;
    ctx_->timeInc(1);
    eval();
    dump();
    dut_->clk_i = 0;
    ctx_->timeInc(1);
    eval();
    ++cycle_;
    for (auto& f : cycle_hooks_) f();
    update_trace_window();
  }

  // Verilator flags every $error in the context; the checks' names arrive through the DPI-C call
  // each makes just before it (rtlsim/assertion_log.hpp), on this thread, during this eval().
  void check_assertions() {
    if (!ctx_->gotError()) return;
    ctx_->gotError(false);
    std::vector<std::string> names = take_failed_assertions();
    // An $error that is not one of the ev2_assert.svh checks (there is none today) still fails.
    if (names.empty()) names.emplace_back("(unnamed $error)");
    for (const auto& hier : names) {
      if (expected_assertion_.empty())
        throw SimError(fmt::format("{}: RTL assertion {} failed at cycle {} (message above)", name_, hier, cycle_));
      if (assertion_leaf(hier) != expected_assertion_)
        throw SimError(fmt::format("{}: RTL assertion {} failed at cycle {}; expected only {} (message above)", name_,
                                   hier, cycle_, expected_assertion_));
    }
    for (auto& n : names) assertions_fired_.push_back(std::move(n));
  }

  void update_trace_window() {
    if (!trace_req_.enabled) return;
    if (!tfp_ && cycle_ >= trace_req_.start && cycle_ <= trace_req_.end) open_trace();
    if (tfp_ && cycle_ > trace_req_.end) close_trace();
  }

  void open_trace() {
    std::filesystem::create_directories(waves_dir());
    const std::string path = fmt::format("{}/{}.fst", waves_dir(), name_);
    tfp_ = std::make_unique<VerilatedFstC>();
    // The blocks of a hierarchical top exist after its first eval; Verilator leaves them out of the
    // top's trace, so they are added one by one (rtlsim/hier_blocks.hpp).
    if (cycle_ == 0) eval();
    dut_->trace(tfp_.get(), trace_req_.depth);
    trace_hier_blocks(ctx_.get(), tfp_.get(), trace_req_.depth);
    tfp_->open(path.c_str());
    fmt::print("[  TRACE   ] {} (cycle {})\n", path, cycle_);
  }

  void close_trace() {
    if (!tfp_) return;
    tfp_->close();
    tfp_.reset();
  }

  void dump() {
    if (tfp_) tfp_->dump(ctx_->time());
  }

  std::string name_;
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Model> dut_;
  std::unique_ptr<VerilatedFstC> tfp_;
  TraceRequest trace_req_;
  std::vector<Component*> components_;
  std::vector<std::function<void()>> cycle_hooks_;
  uint64_t cycle_ = 0;
  std::string expected_assertion_;
  std::vector<std::string> assertions_fired_;
};

}  // namespace ev2::tb
