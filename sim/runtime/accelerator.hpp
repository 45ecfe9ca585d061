// Runs a LayerProgram on a Verilated ev2_top (any configuration: the model class is the template
// argument): loads the image into the memory model, writes the registers, starts the command list,
// runs to done under a watchdog, and reads back the outputs and counters.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include <fmt/core.h>

#include "rtlsim/memory_model.hpp"
#include "rtlsim/sim.hpp"
#include "rtlsim/sim_error.hpp"
#include "runtime/layer_program.hpp"
#include "runtime/layer_run.hpp"
#include "util/math.hpp"
#include "util/rng.hpp"

namespace ev2::runtime {

// Register map of ev2_top (generated: docs/interface.md).
namespace reg = iface::reg;

// The stall counters: cycles the command processor could not advance, by cause, and cycles a
// memory request waited for the port.
struct Stalls {
  uint32_t fetch = 0;   // waiting for command words
  uint32_t config = 0;  // a CONFIG word held by the array
  uint32_t engine = 0;  // a STREAM / DRAIN waiting for its engine
  uint32_t wait = 0;    // at WAIT barriers
  uint32_t memory = 0;  // memory backpressure on requests
};

struct RunOptions {
  tb::MemoryConfig memory{};     // size_bytes is raised to what the program needs
  uint64_t seed = 1;             // memory jitter / backpressure
  uint64_t watchdog_cycles = 0;  // 0: derived from the program's size
  int poll_interval = 32;        // cycles between STATUS reads
  // Reads COMMANDS every cycle and charges each cycle to the command the processor is on
  // (RunResult::profile): where a layer's time goes, by opcode and WAIT condition.
  bool profile = false;
};

struct RunResult {
  uint64_t cycles = 0;      // CYCLES register: busy cycles of the command list
  uint64_t sim_cycles = 0;  // clock cycles simulated (with the register accesses)
  uint32_t commands = 0;
  uint32_t sat_low = 0, sat_high = 0;
  uint64_t macs = 0;  // MACS register
  Stalls stalls;
  tb::MemoryStats memory;
  ActTensor oacts;  // N x M x E x F
  double wall_seconds = 0;
  std::map<std::string, uint64_t> profile;  // cycles per command kind (RunOptions::profile)
  RunCounters counters() const { return {cycles, macs, memory.bytes_read, memory.bytes_written, sat_low, sat_high}; }
};

// "CONFIG pe", "STREAM weight", "WAIT array", ... for the command at word index i of a list.
inline std::string command_kind(const std::vector<uint64_t>& w, size_t i) {
  const uint64_t h = w[i];
  switch (iface::opcode(h)) {
    case Op::Config:
      return fmt::format("CONFIG {}", iface::unit_kind(iface::target_unit(iface::ConfigHdr::unpack(h).target)));
    case Op::Stream:
      return fmt::format("STREAM {}", iface::unit_kind(iface::target_unit(iface::StreamHdr::unpack(h).target)));
    case Op::Wait: {
      const auto m = iface::WaitHdr::unpack(h);
      return m.array ? "WAIT array" : m.drain ? "WAIT drain" : "WAIT streams";
    }
    case Op::Drain:
    case Op::Cfglist:
    case Op::Params:
    case Op::Mode:
    case Op::End:
      return iface::op_name(iface::opcode(h));
  }
  return "?";
}

using iface::config_mismatch;

template <class Top>
class Accelerator {
 public:
  Accelerator(const std::string& name, tb::MemoryConfig mem_cfg, uint64_t seed)
      : sim_(name), d_(sim_.dut()), mem_("dram", tb::bind_memory_port(d_), mem_cfg, tb::Rng(seed)) {
    d_.reg_valid_i = 0;
    sim_.add(mem_);
    sim_.reset();
  }

  tb::Sim<Top>& sim() { return sim_; }
  tb::MemoryModel& memory() { return mem_; }

  void write(uint8_t addr, uint32_t v) {
    d_.reg_valid_i = 1;
    d_.reg_write_i = 1;
    d_.reg_addr_i = addr;
    d_.reg_wdata_i = v;
    sim_.step();
    d_.reg_valid_i = 0;
  }
  uint32_t read(uint8_t addr) {
    d_.reg_valid_i = 1;
    d_.reg_write_i = 0;
    d_.reg_addr_i = addr;
    sim_.step();
    d_.reg_valid_i = 0;
    if (!d_.reg_rvalid_o) throw tb::SimError(fmt::format("register read of {:#x} got no response", addr));
    return d_.reg_rdata_o;
  }

  // Runs the program; throws tb::SimError on a watchdog timeout, an error status or an RTL
  // assertion.
  RunResult run(const LayerProgram& prog, const RunOptions& opt) {
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& [addr, bytes] : prog.image) mem_.write_bytes(addr, bytes);
    const uint64_t c0 = sim_.cycle();
    // A program laid out for another array shape or buffer size would fail in obscure ways (a
    // unit that does not exist, a bank overrun): refuse it here with the fields that differ.
    if (const std::string diff =
            config_mismatch(prog.array.shape(), read(reg::kConfig), read(reg::kConfig2), read(reg::kConfig3));
        !diff.empty())
      throw tb::SimError(fmt::format("layer '{}': compiled for configuration '{}' but the accelerator's {}",
                                     prog.layer_name, prog.array.name, diff));
    write(reg::kCmdAddr, static_cast<uint32_t>(prog.list_addr));
    write(reg::kCmdWords, static_cast<uint32_t>(prog.list.words().size()));
    write(reg::kCtrl, 1);
    const uint64_t watchdog = opt.watchdog_cycles ? opt.watchdog_cycles : default_watchdog(prog);
    uint32_t status = 0;
    std::vector<size_t> starts;  // word index of each command
    if (opt.profile) {
      const auto& w = prog.list.words();
      for (size_t i = 0; i < w.size(); i += command_words(w[i])) starts.push_back(i);
    }
    RunResult r;
    while (true) {
      if (opt.profile) {
        // COMMANDS counts headers taken: the command being executed is the last one counted.
        const uint32_t taken = read(reg::kCommands);
        if (taken > 0 && taken <= starts.size()) r.profile[command_kind(prog.list.words(), starts[taken - 1])] += 2;
      } else {
        sim_.step(opt.poll_interval);
      }
      status = read(reg::kStatus);
      if (!iface::StatusReg::unpack(status).busy) break;
      if (sim_.cycle() - c0 > watchdog)
        throw tb::SimError(fmt::format(
            "layer '{}': watchdog: the command list has not finished after {} cycles ({} of {} commands done); "
            "raise RunOptions::watchdog_cycles if the layer is just long",
            prog.layer_name, watchdog, read(reg::kCommands), prog.stats.commands));
    }
    const auto st = iface::StatusReg::unpack(status);
    if (st.error)
      throw tb::SimError(fmt::format("layer '{}': the command processor stopped with an error (opcode {:#04x})",
                                     prog.layer_name, st.error_op));
    if (!st.done) throw tb::SimError(fmt::format("layer '{}': idle without done", prog.layer_name));
    r.cycles = read(reg::kCyclesLo) | (uint64_t{read(reg::kCyclesHi)} << 32);
    r.commands = read(reg::kCommands);
    r.sat_low = read(reg::kSatLow);
    r.sat_high = read(reg::kSatHigh);
    r.macs = read(reg::kMacsLo) | (uint64_t{read(reg::kMacsHi)} << 32);
    r.stalls = {read(reg::kStallFetch), read(reg::kStallConfig), read(reg::kStallEngine), read(reg::kStallWait),
                read(reg::kStallMem)};
    r.sim_cycles = sim_.cycle() - c0;
    r.memory = mem_.stats();
    r.oacts = prog.gather([&](uint64_t a, size_t n) { return mem_.read_bytes(a, n); }, out_signed_);
    r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
  }

  void set_out_signed(bool s) { out_signed_ = s; }

 private:
  // Generous: every streamed word, drained word and command many times over.
  static uint64_t default_watchdog(const LayerProgram& p) {
    const auto& s = p.stats;
    return 200000 + 64 * (s.weight_words + s.iact_words + s.drain_words + s.list_words) + 8 * s.nonzero_macs;
  }

  tb::Sim<Top> sim_;
  Top& d_;
  tb::MemoryModel mem_;
  bool out_signed_ = false;
};

// One layer on a fresh accelerator instance with memory sized for the program.
template <class Top>
RunResult run_program(const LayerProgram& prog, const OutputStageParams& params, const RunOptions& opt,
                      const std::string& name = "ev2_top", const std::function<void(Accelerator<Top>&)>& before = {}) {
  tb::MemoryConfig mc = opt.memory;
  mc.size_bytes = std::max<uint64_t>(mc.size_bytes, round_up(prog.memory_bytes, 4096));
  Accelerator<Top> acc(name, mc, opt.seed);
  acc.set_out_signed(params.out_signed);
  if (before) before(acc);
  return acc.run(prog, opt);
}

}  // namespace ev2::runtime
