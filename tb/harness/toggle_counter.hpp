// Bit-toggle counting on named RTL signals, for the energy model. Signals must be visible in the
// model's symbol table (marked /*verilator public_flat_rd*/ in the RTL, or the whole model built
// with --public-flat-rw). The counter finds them once by hierarchical name, keeps a shadow copy,
// and at each sample() adds popcount(now ^ shadow) per signal: a few ns per signal per call, and
// nothing at all while disabled. Verilator 5.006 does not put 2-D unpacked arrays in the symbol
// table, so count 1-D arrays or per-instance signals.
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

#include "harness/sim_error.hpp"

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
    std::vector<uint8_t> shadow;
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
          Signal s{full, rules[i].block_class, static_cast<const uint8_t*>(var.datap()), var.totalSize(), {}, 0};
          s.shadow.assign(s.data, s.data + s.bytes);
          signals_.push_back(std::move(s));
          break;
        }
      }
    }
  }

  void set_enabled(bool on) {
    if (on && !enabled_) rebaseline();
    enabled_ = on;
  }
  bool enabled() const { return enabled_; }

  // Takes the current values as the reference without counting (e.g. after reset).
  void rebaseline() {
    for (auto& s : signals_) std::memcpy(s.shadow.data(), s.data, s.bytes);
  }

  // Adds the bits that changed since the last sample.
  void sample() {
    if (!enabled_) return;
    for (auto& s : signals_) {
      size_t i = 0;
      for (; i + 8 <= s.bytes; i += 8) {
        uint64_t a, b;
        std::memcpy(&a, s.data + i, 8);
        std::memcpy(&b, s.shadow.data() + i, 8);
        s.toggles += static_cast<uint64_t>(__builtin_popcountll(a ^ b));
      }
      for (; i < s.bytes; ++i) s.toggles += static_cast<uint64_t>(__builtin_popcount(s.data[i] ^ s.shadow[i]));
      std::memcpy(s.shadow.data(), s.data, s.bytes);
    }
  }

  const std::vector<Signal>& signals() const { return signals_; }

  uint64_t toggles(const std::string& name) const {
    for (const auto& s : signals_)
      if (s.name == name) return s.toggles;
    throw SimError(fmt::format("toggle counter: no signal '{}'", name));
  }

  std::map<std::string, uint64_t> by_class() const {
    std::map<std::string, uint64_t> m;
    for (const auto& s : signals_) m[s.block_class] += s.toggles;
    return m;
  }

 private:
  std::vector<Signal> signals_;
  bool enabled_ = false;
};

}  // namespace ev2::tb
