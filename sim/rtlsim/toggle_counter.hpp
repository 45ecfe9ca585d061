// Bit-toggle counting on named RTL signals, for the energy model. Signals must be visible in the
// model's symbol table (marked /*verilator public_flat_rd*/ in the RTL, or the whole model built
// with --public-flat-rw), or be added by pointer (add_signal, for ports of the top module). The
// counter finds them once by hierarchical name, keeps a shadow copy, and at each sample() adds
// popcount(now ^ shadow) per signal: about 4 ns per signal per call, 1.1x on a PE model
// (tb/bench/energy), and one branch while disabled. Verilator 5.006 does not put 2-D unpacked
// arrays in the symbol table, so count 1-D arrays or per-instance signals.
#pragma once

#include <verilated.h>
#include <verilated_syms.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "rtlsim/bits.hpp"
#include "rtlsim/sim_error.hpp"

namespace ev2::tb {

// Signals whose full name ("TOP.ev2_pe.u_psum_spad.waddr_i") matches `pattern` are counted in
// class `block_class` (e.g. "psum_spad"). The first matching rule wins.
struct ToggleRule {
  std::string block_class;
  std::string pattern;  // ECMAScript regex, matched against the whole name
};

class ToggleCounter {
 public:
  struct Signal {
    std::string name;
    std::string block_class;
    const uint8_t* data;
    size_t bytes;
    uint64_t toggles = 0;
  };

  ToggleCounter(VerilatedContext& ctx, const std::vector<ToggleRule>& rules) {
    std::vector<std::regex> res;
    for (const auto& r : rules) res.emplace_back(r.pattern);
    const VerilatedScopeNameMap* scopes = ctx.scopeNameMap();
    if (scopes == nullptr) throw SimError("toggle counter: the model has no symbol table (no public signals)");
    for (const auto& [scope_name, scope] : *scopes) {
      const VerilatedVarNameMap* vars = scope->varsp();
      if (vars == nullptr) continue;
      for (const auto& [var_name, var] : *vars) {
        if (var.isParam()) continue;
        const std::string full = std::string(scope_name) + "." + var_name;
        for (size_t i = 0; i < res.size(); ++i) {
          if (!std::regex_match(full, res[i])) continue;
          add_signal(full, rules[i].block_class, var.datap(), var.totalSize());
          break;
        }
      }
    }
  }

  // Adds a signal the symbol table does not hold (e.g. a port of the top module: `&dut.data_o`),
  // under the name the coverage file gives it ("TOP.<top>.<port>").
  void add_signal(const std::string& name, const std::string& block_class, const void* data, size_t bytes) {
    const auto* p = static_cast<const uint8_t*>(data);
    const auto index = static_cast<uint32_t>(signals_.size());
    signals_.push_back(Signal{name, block_class, p, bytes, 0});
    // Verilator stores 1, 2, 4 or 8 bytes, or whole 32-bit words (VlWide): one chunk of up to 8
    // bytes per load in sample().
    for (size_t off = 0; off < bytes;) {
      const size_t n = bytes - off >= 8 ? 8 : bytes - off >= 4 ? 4 : bytes - off >= 2 ? 2 : 1;
      chunks_.push_back(Chunk{p + off, tb::load_word(p + off, n), 0, static_cast<uint32_t>(n), index});
      off += n;
    }
  }

  // Counting off costs one branch per sample(); switching it on takes the current values as the
  // reference, so toggles while off are never counted.
  void set_enabled(bool on) {
    if (on && !enabled_) rebaseline();
    enabled_ = on;
  }
  bool enabled() const { return enabled_; }

  // Takes the current values as the reference without counting (e.g. after reset).
  void rebaseline() {
    for (auto& c : chunks_) c.shadow = tb::load_word(c.data, c.bytes);
  }

  // Adds the bits that changed since the last sample.
  void sample() {
    if (!enabled_) return;
    for (auto& c : chunks_) {
      const uint64_t now = tb::load_word(c.data, c.bytes);
      c.toggles += tb::popcount64(now ^ c.shadow);  // no branch on the data: it would mispredict
      c.shadow = now;
    }
    dirty_ = true;
  }

  const std::vector<Signal>& signals() const {
    sync();
    return signals_;
  }

  uint64_t toggles(const std::string& name) const {
    for (const auto& s : signals())
      if (s.name == name) return s.toggles;
    throw SimError(fmt::format("toggle counter: no signal '{}'", name));
  }

  std::map<std::string, uint64_t> by_class() const {
    std::map<std::string, uint64_t> m;
    for (const auto& s : signals()) m[s.block_class] += s.toggles;
    return m;
  }

 private:
  // The hot state of sample(): one entry per load, counts folded into signals_ when read.
  struct Chunk {
    const uint8_t* data;
    uint64_t shadow;
    uint64_t toggles;
    uint32_t bytes;
    uint32_t signal;
  };

  void sync() const {
    if (!dirty_) return;
    for (auto& s : signals_) s.toggles = 0;
    for (const auto& c : chunks_) signals_[c.signal].toggles += c.toggles;
    dirty_ = false;
  }

  mutable std::vector<Signal> signals_;
  std::vector<Chunk> chunks_;
  bool enabled_ = false;
  mutable bool dirty_ = false;
};

}  // namespace ev2::tb
