// Activity counting on a whole-accelerator run (ev2_top built with Counters=1, any array size):
// GLB bank reads and writes, NoC words per port, DRAM bytes and bit toggles per cycle, the PEs'
// access counters at the end; the result is an energy::Activity (runtime/activity_detail.hpp).
// Header-only because it needs the Verilated model's symbol table; docs/energy.md, "Whole-layer
// activity".
//
//   Accelerator<Vev2_top> acc(...);
//   ActivityCounter counter(acc);            // finds every bank, router, all-to-all and PE by name
//   counter.set_enabled(true);               // switchable at any cycle; off costs one branch a cycle
//   RunResult r = acc.run(prog, opt);
//   energy::Activity a = counter.activity(layer.macs());   // while the model still exists
//
// or, for one layer on a fresh accelerator: run_program_measured<Vev2_top>(prog, params, opt).
//
// Events are sampled as a tb::Component, after the inputs of the cycle are driven and the model
// has settled, just before the clock edge: a set handshake or enable bit there is exactly one
// transfer at that edge (sampling after the edge would see the next cycle's state with this
// cycle's inputs).
//
// Toggles are counted per access by default (gate_toggles): a port's address and data bus is
// compared with its value at that port's previous access, in the cycles its enable is set (SPad
// and GLB write ports: we_i; read ports: re_i; a MAC lane's psum input: mac_fire). In an array
// the buses also move when nothing is accessed - a SPad's write data is the PE port, which carries
// the words of the other PEs of the row; a GLB bank's write data is the stream engine's bus; a
// register file's read data follows its address - so counting every change (gate_toggles off,
// what sim/rtlsim/toggle_counter.hpp does on pe/pe_toggles.hpp's buses) charges activity no access
// performs. Registers that load only when used (the MAC operands, the GLB SRAM's read data) are
// counted on every change either way.
#pragma once

#include <verilated.h>
#include <verilated_syms.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "mapper/noc_pattern.hpp"
#include "pe/pe_toggles.hpp"
#include "rtlsim/bits.hpp"
#include "rtlsim/component.hpp"
#include "rtlsim/memory_model.hpp"
#include "rtlsim/sim.hpp"
#include "rtlsim/sim_error.hpp"
#include "rtlsim/toggle_counter.hpp"
#include "runtime/accelerator.hpp"
#include "runtime/activity_detail.hpp"
#include "util/math.hpp"

namespace ev2::runtime {

struct ActivityOptions {
  bool glb_toggles = true;   // address and data buses of every GLB SRAM (class glb)
  bool pe_toggles = true;    // SPad and MAC buses of every PE (the buses of pe/pe_toggles.hpp)
  bool gate_toggles = true;  // per access (see above); off: every change, with tb::ToggleCounter
};

class ActivityCounter : public tb::Component {
 public:
  // Finds the counted signals in `ctx`'s symbol table. Register the counter with the Sim
  // (sim.add(counter)) or use the constructors below, which do. Throws tb::SimError when the model
  // has no PE counters (not built with Counters=1) or no GLB banks / routers.
  ActivityCounter(VerilatedContext& ctx, const tb::MemoryModel* memory, const ActivityOptions& opt = {})
      : memory_(memory) {
    discover(ctx, opt);
  }
  template <class Top>
  ActivityCounter(tb::Sim<Top>& sim, const tb::MemoryModel* memory, const ActivityOptions& opt = {})
      : ActivityCounter(sim.context(), memory, opt) {
    sim.add(*this);
  }
  template <class Top>
  explicit ActivityCounter(Accelerator<Top>& acc, const ActivityOptions& opt = {})
      : ActivityCounter(acc.sim(), &acc.memory(), opt) {}

  // Registered with a Sim by address: neither copied nor moved, and alive while the Sim runs.
  ActivityCounter(const ActivityCounter&) = delete;
  ActivityCounter& operator=(const ActivityCounter&) = delete;

  // Counting starts or stops at the next cycle; the counts of several on-periods add up.
  void set_enabled(bool on) {
    if (on == enabled_) return;
    if (on) {
      pe_base_ = read_pe_raw();
      if (memory_) mem_base_ = memory_->stats();
    } else {
      fold_open_period(closed_);
    }
    if (toggles_) toggles_->set_enabled(on);
    if (on) rebaseline_buses();
    enabled_ = on;
  }
  bool enabled() const { return enabled_; }

  // Everything counted so far. Reads the PE counters, so call it while the model exists.
  ActivityDetail detail() const {
    ActivityDetail d = closed_;
    if (enabled_) fold_open_period(d);
    d.cycles = cycles_;
    d.glb_iact_writes = counts_[kGlbIactWr];
    d.glb_iact_reads = counts_[kGlbIactRd];
    d.glb_psum_writes = counts_[kGlbPsumWr];
    d.glb_psum_reads = counts_[kGlbPsumRd];
    d.iact_router_local = counts_[kIactLocal];
    d.iact_router_mesh = counts_[kIactMesh];
    d.weight_router_local = counts_[kWeightLocal];
    d.weight_router_mesh = counts_[kWeightMesh];
    d.psum_router_glb = counts_[kPsumGlb];
    d.psum_router_pe = counts_[kPsumPe];
    d.psum_router_mesh = counts_[kPsumMesh];
    d.iact_deliveries = counts_[kIactA2a];
    d.weight_deliveries = counts_[kWeightA2a];
    d.toggles.clear();
    if (toggles_) d.toggles = toggles_->by_class();
    for (size_t c = 0; c < kNumClasses; ++c)
      if (has_class_[c]) d.toggles[class_name(static_cast<ToggleClass>(c))] += toggle_counts_[c];
    d.pes = static_cast<int>(pes_.size());
    d.glb_iact_banks = found_[kGlbIactWr];
    d.glb_psum_banks = found_[kGlbPsumWr];
    d.iact_routers = found_[kIactLocal];
    d.weight_routers = found_[kWeightLocal];
    d.psum_routers = found_[kPsumGlb];
    d.iact_a2a = found_[kIactA2a];
    d.weight_a2a = found_[kWeightA2a];
    return d;
  }
  energy::Activity activity(uint64_t nominal_macs = 0) const { return to_activity(detail(), nominal_macs); }

  // What was found, e.g. for a sanity message.
  size_t pes() const { return pes_.size(); }
  size_t event_signals() const { return events_.size(); }
  // Toggle-counted buses: port slices of gated buses plus free-running registers (gate_toggles),
  // or tb::ToggleCounter signals.
  size_t toggle_signals() const {
    return gated_buses_.size() + free_buses_.size() + (toggles_ ? toggles_->signals().size() : 0);
  }
  // The ungated toggle counter (gate_toggles off), for per-signal figures; else nullptr.
  const tb::ToggleCounter* toggle_counter() const { return toggles_.get(); }

  void drive() override {}
  void sample() override {
    if (!enabled_) return;
    ++cycles_;
    for (const Event& e : events_) counts_[e.counter] += tb::popcount64(tb::load_word(e.data, e.bytes) & e.mask);
    for (const Gate& g : gates_) {
      if ((tb::load_word(g.en, g.en_bytes) & g.en_mask) == 0) continue;
      for (uint32_t i = g.first; i < g.first + g.count; ++i) count_bus(gated_buses_[i]);
    }
    for (Bus& b : free_buses_) count_bus(b);
    if (toggles_) toggles_->sample();
  }

 private:
  enum ToggleClass : uint32_t { kGlb, kIactSpad, kWeightSpad, kPsumSpad, kMac, kNumClasses };
  static const char* class_name(ToggleClass c) {
    static const char* names[] = {"glb", "iact_spad", "weight_spad", "psum_spad", "mac"};
    return names[c];
  }
  // A bus (or one port's slice of it, `mask`) whose toggles are counted against `shadow`.
  struct Bus {
    const uint8_t* data;
    uint64_t mask;
    uint64_t shadow;
    uint32_t bytes;
    uint32_t cls;
  };
  // Buses [first, first + count) of gated_buses_ are counted in the cycles (en & en_mask) != 0.
  struct Gate {
    const uint8_t* en;
    uint64_t en_mask;
    uint32_t en_bytes;
    uint32_t first, count;
  };
  void count_bus(Bus& b) {
    const uint64_t v = tb::load_word(b.data, b.bytes) & b.mask;
    toggle_counts_[b.cls] += tb::popcount64(v ^ b.shadow);
    b.shadow = v;
  }
  void rebaseline_buses() {
    for (Bus& b : gated_buses_) b.shadow = tb::load_word(b.data, b.bytes) & b.mask;
    for (Bus& b : free_buses_) b.shadow = tb::load_word(b.data, b.bytes) & b.mask;
  }
  static const VerilatedVar& require_var(const std::string& scope_name, const VerilatedScope* scope, const char* var) {
    const VerilatedVar* v = find_var(scope, var);
    if (v == nullptr) throw tb::SimError(fmt::format("activity counter: no public '{}' in '{}'", var, scope_name));
    if (v->packed().elements() > 64)
      throw tb::SimError(fmt::format("activity counter: '{}.{}' is wider than 64 bits", scope_name, var));
    return *v;
  }
  static int bits_of(const VerilatedVar& v) { return v.packed().elements(); }
  static uint64_t ones(int n) { return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1; }
  Bus make_bus(const VerilatedVar& v, uint64_t mask, ToggleClass c) {
    has_class_[c] = true;
    return Bus{static_cast<const uint8_t*>(v.datap()), mask_of(v) & mask, 0, bytes_of(v), c};
  }
  // Port p of an enable vector gates slice p of each bus (buses split evenly among the ports).
  void add_gated_ports(const std::string& scope_name, const VerilatedScope* scope, const char* enable,
                       std::initializer_list<const char*> buses, ToggleClass c) {
    const VerilatedVar& en = require_var(scope_name, scope, enable);
    const int ports = bits_of(en);
    for (int p = 0; p < ports; ++p) {
      Gate g{static_cast<const uint8_t*>(en.datap()), uint64_t{1} << p, bytes_of(en),
             static_cast<uint32_t>(gated_buses_.size()), 0};
      for (const char* name : buses) {
        const VerilatedVar& v = require_var(scope_name, scope, name);
        const int w = bits_of(v) / ports;
        if (w * ports != bits_of(v))
          throw tb::SimError(fmt::format("activity counter: '{}.{}' ({} bits) is not {} equal ports", scope_name, name,
                                         bits_of(v), ports));
        gated_buses_.push_back(make_bus(v, ones(w) << (p * w), c));
        ++g.count;
      }
      gates_.push_back(g);
    }
  }
  void add_free_bus(const std::string& scope_name, const VerilatedScope* scope, const char* name, ToggleClass c) {
    const VerilatedVar& v = require_var(scope_name, scope, name);
    free_buses_.push_back(make_bus(v, ~uint64_t{0}, c));
  }
  // Gated toggle buses of one scope, if it is a counted block: a PE SPad, a MAC lane, a GLB SRAM.
  void add_gated_toggles(const std::string& name, const VerilatedScope* scope, const VerilatedScopeNameMap& scopes,
                         const ActivityOptions& opt) {
    if (opt.glb_toggles && ends_with(name, ".u_bank.u_sram") && contains(name, ".u_glb.") &&
        (contains(name, ".g_iact[") || contains(name, ".g_psum["))) {
      add_gated_ports(name, scope, "we_i", {"waddr_i", "wdata_i"}, kGlb);
      add_gated_ports(name, scope, "re_i", {"raddr_i"}, kGlb);
      add_free_bus(name, scope, "rdata_o", kGlb);  // registered: loads only on a read
      return;
    }
    if (!opt.pe_toggles) return;
    ToggleClass c = kNumClasses;
    if (ends_with(name, ".u_iact.u_addr_spad") || ends_with(name, ".u_iact.u_data_spad"))
      c = kIactSpad;
    else if (ends_with(name, ".u_wght.u_addr_spad") || ends_with(name, ".u_wght.u_data_spad"))
      c = kWeightSpad;
    else if (ends_with(name, ".u_accum.u_psum_spad"))
      c = kPsumSpad;
    if (c != kNumClasses) {
      add_gated_ports(name, scope, "we_i", {"waddr_i", "wdata_i"}, c);
      add_gated_ports(name, scope, "re_i", {"raddr_i", "rdata_o"}, c);
      return;
    }
    for (int lane = 0; lane < 2; ++lane) {
      if (!ends_with(name, fmt::format(".u_accum.u_mac{}", lane))) continue;
      add_free_bus(name, scope, "a_q", kMac);  // operand registers: load only for a real MAC
      add_free_bus(name, scope, "w_q", kMac);
      // The psum read for the lane's accumulate, used in the cycles mac_fire[lane] is set.
      const std::string accum = name.substr(0, name.size() - std::string(".u_mac0").size());
      const auto it = scopes.find(accum.c_str());
      if (it == scopes.end()) throw tb::SimError(fmt::format("activity counter: no scope '{}'", accum));
      const VerilatedVar& fire = require_var(accum, it->second, "mac_fire");
      const VerilatedVar& acc = require_var(name, scope, "acc_i");
      gates_.push_back(Gate{static_cast<const uint8_t*>(fire.datap()), uint64_t{1} << lane, bytes_of(fire),
                            static_cast<uint32_t>(gated_buses_.size()), 1});
      gated_buses_.push_back(make_bus(acc, ~uint64_t{0}, kMac));
    }
  }

  enum Counter : uint32_t {
    kGlbIactWr,
    kGlbIactRd,
    kGlbPsumWr,
    kGlbPsumRd,
    kIactLocal,
    kIactMesh,
    kWeightLocal,
    kWeightMesh,
    kPsumGlb,
    kPsumPe,
    kPsumMesh,
    kIactA2a,
    kWeightA2a,
    kNumCounters
  };
  struct Event {
    const uint8_t* data;
    uint64_t mask;
    uint32_t bytes;
    uint32_t counter;
  };
  // The PE counters, in this order (pe_counters.hpp names).
  static constexpr int kPeCounters = 15;
  struct PeSignals {
    std::array<const uint8_t*, kPeCounters> data;
  };
  using PeRaw = std::vector<std::array<uint32_t, kPeCounters>>;

  static bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
  }
  static bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

  static const VerilatedVar* find_var(const VerilatedScope* scope, const char* name) {
    const VerilatedVarNameMap* vars = scope->varsp();
    if (vars == nullptr) return nullptr;
    const auto it = vars->find(name);
    return it == vars->end() ? nullptr : &it->second;
  }
  static uint32_t bytes_of(const VerilatedVar& v) {
    const int bits = v.packed().elements();
    return bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8;
  }
  static uint64_t mask_of(const VerilatedVar& v) {
    const int bits = v.packed().elements();
    return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  }

  void add_event(const std::string& scope_name, const VerilatedScope* scope, const char* var, Counter c,
                 uint64_t bit_mask = ~uint64_t{0}) {
    const VerilatedVar* v = find_var(scope, var);
    if (v == nullptr) throw tb::SimError(fmt::format("activity counter: no public '{}' in '{}'", var, scope_name));
    if (v->packed().elements() > 64)
      throw tb::SimError(fmt::format("activity counter: '{}.{}' is wider than 64 bits", scope_name, var));
    events_.push_back(Event{static_cast<const uint8_t*>(v->datap()), mask_of(*v) & bit_mask, bytes_of(*v), c});
  }

  void discover(VerilatedContext& ctx, const ActivityOptions& opt) {
    namespace np = mapper::noc_port;
    const VerilatedScopeNameMap* scopes = ctx.scopeNameMap();
    if (scopes == nullptr) throw tb::SimError("activity counter: the model has no symbol table (no public signals)");
    std::vector<std::string> pe_scopes;
    for (const auto& [cname, scope] : *scopes) {
      const std::string name(cname);
      if (ends_with(name, ".u_bank.u_sram") && contains(name, ".u_glb.")) {
        const bool iact = contains(name, ".g_iact[");
        if (!iact && !contains(name, ".g_psum[")) continue;
        add_event(name, scope, "we_i", iact ? kGlbIactWr : kGlbPsumWr);
        add_event(name, scope, "re_i", iact ? kGlbIactRd : kGlbPsumRd);
        ++found_[iact ? kGlbIactWr : kGlbPsumWr];
      } else if (ends_with(name, ".u_router.u_router")) {
        if (contains(name, ".g_iact[")) {
          add_event(name, scope, "dst_fire", kIactLocal, uint64_t{1} << np::kIactLocal);
          add_event(name, scope, "dst_fire", kIactMesh, ~(uint64_t{1} << np::kIactLocal));
          ++found_[kIactLocal];
        } else if (contains(name, ".g_weight[")) {
          add_event(name, scope, "dst_fire", kWeightLocal, uint64_t{1} << np::kWeightLocal);
          add_event(name, scope, "dst_fire", kWeightMesh, ~(uint64_t{1} << np::kWeightLocal));
          ++found_[kWeightLocal];
        } else if (contains(name, ".g_psum[")) {
          add_event(name, scope, "dst_fire", kPsumGlb, uint64_t{1} << np::kPsumGlb);
          add_event(name, scope, "dst_fire", kPsumPe, uint64_t{1} << np::kPsumPe);
          add_event(name, scope, "dst_fire", kPsumMesh, uint64_t{1} << np::kPsumV);
          ++found_[kPsumGlb];
        }
      } else if (ends_with(name, ".u_iact_a2a")) {
        add_event(name, scope, "out_fire", kIactA2a);
        ++found_[kIactA2a];
      } else if (ends_with(name, ".u_weight_a2a")) {
        add_event(name, scope, "out_fire", kWeightA2a);
        ++found_[kWeightA2a];
      } else if (ends_with(name, ".u_accum.g_counters")) {
        pe_scopes.push_back(name.substr(0, name.size() - std::string(".u_accum.g_counters").size()));
      }
    }
    if (pe_scopes.empty())
      throw tb::SimError("activity counter: no PE access counters in the model (build the top with Counters=1)");
    if (found_[kGlbIactWr] + found_[kGlbPsumWr] == 0 ||
        found_[kIactLocal] + found_[kWeightLocal] + found_[kPsumGlb] == 0)
      throw tb::SimError("activity counter: no public GLB SRAM or router handshakes in the model");
    for (const auto& pe : pe_scopes) pes_.push_back(pe_signals(*scopes, pe));

    if (opt.gate_toggles) {
      for (const auto& [cname, scope] : *scopes) add_gated_toggles(cname, scope, *scopes, opt);
      return;
    }
    std::vector<tb::ToggleRule> rules;
    if (opt.glb_toggles)
      rules.push_back({"glb", R"(.*\.u_glb\.g_(iact|psum)\[\d+\]\.u_bank\.u_sram\.(waddr_i|wdata_i|raddr_i|rdata_o))"});
    if (opt.pe_toggles)
      for (const auto& r : pe::pe_toggle_rules(R"(.*\.u_pe)")) rules.push_back(r);
    if (!rules.empty()) toggles_ = std::make_unique<tb::ToggleCounter>(ctx, rules);
  }

  static PeSignals pe_signals(const VerilatedScopeNameMap& scopes, const std::string& pe) {
    static const std::array<std::pair<const char*, const char*>, kPeCounters> names{{
        {"u_iact.u_addr_spad.g_counters", "rd_count_q"},
        {"u_iact.u_addr_spad.g_counters", "wr_count_q"},
        {"u_iact.u_data_spad.g_counters", "rd_count_q"},
        {"u_iact.u_data_spad.g_counters", "wr_count_q"},
        {"u_wght.u_addr_spad.g_counters", "rd_count_q"},
        {"u_wght.u_addr_spad.g_counters", "wr_count_q"},
        {"u_wght.u_data_spad.g_counters", "rd_count_q"},
        {"u_wght.u_data_spad.g_counters", "wr_count_q"},
        {"u_accum.u_psum_spad.g_counters", "rd_count_q"},
        {"u_accum.u_psum_spad.g_counters", "wr_count_q"},
        {"u_accum.g_counters", "mac_count_q"},
        {"u_accum.g_counters", "gated_count_q"},
        {"u_accum.g_counters", "psum_in_count_q"},
        {"g_counters", "windows_q"},
        {"g_counters", "cycles_busy_q"},
    }};
    PeSignals s{};
    for (size_t i = 0; i < names.size(); ++i) {
      const std::string scope = pe + "." + names[i].first;
      const auto it = scopes.find(scope.c_str());
      const VerilatedVar* v = it == scopes.end() ? nullptr : find_var(it->second, names[i].second);
      if (v == nullptr || v->packed().elements() != 32)
        throw tb::SimError(fmt::format(
            "activity counter: no 32-bit counter '{}.{}' (is the top built with Counters=1?)", scope, names[i].second));
      s.data[i] = static_cast<const uint8_t*>(v->datap());
    }
    return s;
  }

  PeRaw read_pe_raw() const {
    PeRaw raw(pes_.size());
    for (size_t p = 0; p < pes_.size(); ++p)
      for (int i = 0; i < kPeCounters; ++i)
        std::memcpy(&raw[p][static_cast<size_t>(i)], pes_[p].data[static_cast<size_t>(i)], 4);
    return raw;
  }

  // Adds the PE counters and DRAM bytes of the running on-period (since set_enabled(true)) to `d`.
  // The RTL counters are 32 bits: differences modulo 2^32 hold while a period adds less than 2^32
  // events per PE and counter.
  void fold_open_period(ActivityDetail& d) const {
    const PeRaw now = read_pe_raw();
    for (size_t p = 0; p < pes_.size(); ++p) {
      std::array<uint64_t, kPeCounters> v{};
      for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<uint32_t>(now[p][i] - pe_base_[p][i]);
      pe::PeAccesses a;
      a.iact_addr_rd = v[0];
      a.iact_addr_wr = v[1];
      a.iact_data_rd = v[2];
      a.iact_data_wr = v[3];
      a.weight_addr_rd = v[4];
      a.weight_addr_wr = v[5];
      a.weight_data_rd = v[6];
      a.weight_data_wr = v[7];
      a.psum_rd = v[8];
      a.psum_wr = v[9];
      a.macs = v[10];
      a.gated_macs = v[11];
      a.psum_in_words = v[12];
      a.windows = v[13];
      d.pe += a;
      d.pe_busy_cycles += v[14];
    }
    if (memory_) {
      const tb::MemoryStats& m = memory_->stats();
      d.dram_bytes_read += m.bytes_read - mem_base_.bytes_read;
      d.dram_bytes_written += m.bytes_written - mem_base_.bytes_written;
    }
  }

  const tb::MemoryModel* memory_;
  std::vector<Event> events_;
  std::array<uint64_t, kNumCounters> counts_{};
  std::array<int, kNumCounters> found_{};
  std::vector<PeSignals> pes_;
  std::unique_ptr<tb::ToggleCounter> toggles_;  // gate_toggles off
  std::vector<Gate> gates_;                     // gate_toggles on
  std::vector<Bus> gated_buses_, free_buses_;
  std::array<uint64_t, kNumClasses> toggle_counts_{};
  std::array<bool, kNumClasses> has_class_{};
  bool enabled_ = false;
  uint64_t cycles_ = 0;
  PeRaw pe_base_;
  tb::MemoryStats mem_base_{};
  ActivityDetail closed_;  // PE counters and DRAM bytes of finished on-periods
};

// One layer on a fresh accelerator (as run_program) with activity counting on for the whole run
// (`count` false: attached but off, for overhead measurements); the detail and the Activity are
// taken before the model is destroyed.
struct MeasuredRun {
  RunResult run;
  ActivityDetail detail;
  energy::Activity activity;
};

template <class Top>
MeasuredRun run_program_measured(const LayerProgram& prog, const OutputStageParams& params, const RunOptions& opt,
                                 const std::string& name = "ev2_top", const ActivityOptions& aopt = {},
                                 bool count = true) {
  tb::MemoryConfig mc = opt.memory;
  mc.size_bytes = std::max<uint64_t>(mc.size_bytes, round_up(prog.memory_bytes, 4096));
  Accelerator<Top> acc(name, mc, opt.seed);
  acc.set_out_signed(params.out_signed);
  ActivityCounter counter(acc, aopt);
  counter.set_enabled(count);
  MeasuredRun m;
  m.run = acc.run(prog, opt);
  m.detail = counter.detail();
  m.activity = to_activity(m.detail, prog.layer.macs());
  return m;
}

}  // namespace ev2::runtime
