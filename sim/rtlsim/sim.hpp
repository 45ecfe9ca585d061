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

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>

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
    ctx_->randSeed(static_cast<int>(std::hash<std::string>{}(name_) & 0x7fffffff));
    trace_req_ = TraceRequest::from_env();
    if (trace_req_.enabled) ctx_->traceEverOn(true);
    dut_ = std::make_unique<Model>(ctx_.get(), "TOP");
    dut_->clk_i = 0;
    dut_->rst_ni = 1;
    update_trace_window();
  }

  ~Sim() {
    close_trace();
    dut_->final();
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

  // Negative tests: RTL assertion failures are recorded instead of thrown.
  void expect_assertions(bool on) { expect_assertions_ = on; }
  bool assertion_fired() const { return assertion_fired_; }

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
        throw SimError(fmt::format("{}: watchdog: '{}' not reached after {} cycles (cycle {})", name_, what,
                                   max_cycles, cycle_));
      step();
    }
    return cycle_ - start;
  }

 private:
  void eval() {
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

  void check_assertions() {
    if (!ctx_->gotError()) return;
    assertion_fired_ = true;
    ctx_->gotError(false);
    if (!expect_assertions_)
      throw SimError(fmt::format("{}: RTL assertion failed at cycle {} (message above)", name_, cycle_));
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
    dut_->trace(tfp_.get(), trace_req_.depth);
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
  bool expect_assertions_ = false;
  bool assertion_fired_ = false;
};

}  // namespace ev2::tb
