// Shared NoC testbench pieces: configuration vectors into Verilator ports, a PE-column model for
// psum chains, and MeshEnv, the endpoint models (GLB banks, off-chip ports, PEs) around
// ev2_noc_mesh that turn a set of NocPatterns into traffic and expected streams.
#pragma once

#include <verilated.h>
#include <verilated_syms.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include <fmt/core.h>

#include "harness/port_bits.hpp"
#include "harness/scoreboard.hpp"
#include "harness/stream.hpp"
#include "mapper/noc_pattern.hpp"
#include "rtlsim/component.hpp"
#include "rtlsim/sim.hpp"
#include "rtlsim/sim_error.hpp"
#include "rtlsim/stall.hpp"
#include "util/rng.hpp"

namespace ev2::tb::noc {

using mapper::BitVec;
using mapper::EndpointKind;
using mapper::NocFlow;
using mapper::NocNetConfig;
using mapper::NocPattern;
using mapper::NocShape;
using mapper::NocType;

constexpr int kDataW = 24;
constexpr int kPsumW = 40;

// Writes a configuration vector into a cfg_i port of any width.
template <class T>
void set_cfg(T& port, const BitVec& bits) {
  set_zero(port);
  for (int i = 0; i < bits.width(); i += 32) {
    const int w = std::min(32, bits.width() - i);
    set_bits(port, i, w, bits.get(i, w));
  }
}

// ---- PE column model for psums -----------------------------------------------------------------
// Takes psums at the bottom PE (from the psum router) and hands transform(psum) to the psum router
// from the top PE, with at most `capacity` psums inside the column, so a stalled consumer
// backpressures the whole chain. Without input ("generating") it emits a preloaded stream.
inline uint64_t pe_column_transform(int group, int lane, uint64_t psum) {
  // Each PE column adds its own contribution to both 20-bit psums (wrap-around per half).
  const uint64_t d = static_cast<uint64_t>(group * 7 + lane * 3 + 1);
  const uint64_t lo = ((psum & 0xfffff) + d) & 0xfffff;
  const uint64_t hi = (((psum >> 20) & 0xfffff) + 2 * d) & 0xfffff;
  return (hi << 20) | lo;
}

class PeColumnModel : public Component {
 public:
  struct Port {
    std::function<bool()> in_valid;
    std::function<uint64_t()> in_data;
    std::function<void(bool)> set_in_ready;
    std::function<void(bool, uint64_t)> set_out;
    std::function<bool()> out_ready;
  };

  PeColumnModel(std::string name, int group, int lane, Port port, Rng rng, double in_stall, double out_stall,
                int capacity = 2)
      : name_(std::move(name)),
        group_(group),
        lane_(lane),
        port_(std::move(port)),
        in_stall_(rng.fork(), in_stall),
        out_stall_(rng.fork(), out_stall),
        capacity_(capacity),
        board_(name_ + " input") {}

  void set_fed(bool fed) { fed_ = fed; }
  // Whether the top PE's output is routed anywhere; if not, psums that arrive are consumed.
  void set_emits(bool emits) { emits_ = emits; }
  void preload(const std::vector<uint64_t>& words) { q_.insert(q_.end(), words.begin(), words.end()); }
  Scoreboard<uint64_t>& board() { return board_; }
  bool idle() const { return q_.empty() && board_.drained(); }
  uint64_t sent() const { return sent_; }

  void drive() override {
    in_ready_ = fed_ && static_cast<int>(q_.size()) < capacity_ && !in_stall_.roll();
    port_.set_in_ready(in_ready_);
    if (!presenting_) presenting_ = !q_.empty() && !out_stall_.roll();
    if (presenting_) last_ = q_.front();
    port_.set_out(presenting_, last_);
  }

  void sample() override {
    if (presenting_ && port_.out_ready()) {
      q_.pop_front();
      presenting_ = false;
      ++sent_;
    }
    const bool v = port_.in_valid();
    if (in_stalled_ && (!v || port_.in_data() != in_held_))
      throw SimError(fmt::format("{}: psum input dropped or changed while stalled (cycle {})", name_, cycle()));
    in_stalled_ = v && !in_ready_;
    if (v) in_held_ = port_.in_data();
    if (v && in_ready_) {
      const uint64_t w = port_.in_data();
      board_.observe(w);
      if (emits_) q_.push_back(pe_column_transform(group_, lane_, w));
    }
  }

 private:
  std::string name_;
  int group_, lane_;
  Port port_;
  Stall in_stall_, out_stall_;
  int capacity_;
  Scoreboard<uint64_t> board_;
  std::deque<uint64_t> q_;
  bool fed_ = false;
  bool emits_ = false;
  bool in_ready_ = false;
  bool presenting_ = false;
  bool in_stalled_ = false;
  uint64_t in_held_ = 0;
  uint64_t last_ = 0;
  uint64_t sent_ = 0;
};

// Fails the test if a destination that no pattern feeds ever shows valid.
class SilentMonitor : public Component {
 public:
  SilentMonitor(std::string name, std::function<bool(int)> valid, int n)
      : name_(std::move(name)), valid_(std::move(valid)), n_(n), watched_(static_cast<size_t>(n), true) {}
  void unwatch(int i) { watched_[static_cast<size_t>(i)] = false; }
  void drive() override {}
  void sample() override {
    for (int i = 0; i < n_; ++i)
      if (watched_[static_cast<size_t>(i)] && valid_(i))
        throw SimError(
            fmt::format("{} {}: a word arrived where no pattern routes anything (cycle {})", name_, i, cycle()));
  }

 private:
  std::string name_;
  std::function<bool(int)> valid_;
  int n_;
  std::vector<bool> watched_;
};

// Counts NoC hops by name: every router's public `dst_fire` (one bit per destination port, set in
// a cycle in which a word leaves through that port), summed per data type and port number.
class HopCounter : public Component {
 public:
  explicit HopCounter(VerilatedContext& ctx) {
    for (const auto& [name, scope] : *ctx.scopeNameMap()) {
      const VerilatedVarNameMap* vars = scope->varsp();
      if (vars == nullptr) continue;
      const auto it = vars->find("dst_fire");
      if (it == vars->end()) continue;
      const std::string n = name;
      int t = -1;
      if (n.find(".g_iact[") != std::string::npos) t = static_cast<int>(NocType::Iact);
      if (n.find(".g_weight[") != std::string::npos) t = static_cast<int>(NocType::Weight);
      if (n.find(".g_psum[") != std::string::npos) t = static_cast<int>(NocType::Psum);
      if (t < 0) continue;
      routers_.push_back({t, static_cast<const uint8_t*>(it->second.datap())});
    }
  }
  size_t routers() const { return routers_.size(); }
  uint64_t hops(NocType t, int port) const { return counts_[static_cast<size_t>(t)][static_cast<size_t>(port)]; }
  void drive() override {}
  void sample() override {
    for (const auto& r : routers_)
      for (int p = 0; p < 8; ++p)
        if ((*r.fire >> p) & 1u) ++counts_[static_cast<size_t>(r.type)][static_cast<size_t>(p)];
  }

 private:
  struct Entry {
    int type;
    const uint8_t* fire;
  };
  std::vector<Entry> routers_;
  uint64_t counts_[3][8] = {};
};

// ---- the mesh with endpoint models ---------------------------------------------------------------
struct MeshEnvOptions {
  double src_stall = 0.3;  // GLB / off-chip sources and PE column outputs
  double dst_stall = 0.3;  // PE inputs and GLB psum writes
  int words = 200;         // words per source
  bool keep_words = false;
  bool watch_unrouted = true;  // fail if a word shows up at a destination no pattern feeds
};

template <class Model>
class MeshEnv {
 public:
  MeshEnv(Sim<Model>& sim, const NocShape& shape, Rng rng, MeshEnvOptions opt = {})
      : sim_(sim), dut_(sim.dut()), s_(shape), rng_(rng), opt_(opt) {
    auto& d = dut_;
    set_zero(d.cfg_we_i);
    set_zero(d.cfg_addr_i);
    set_zero(d.cfg_all_i);
    set_zero(d.cfg_i);
    set_zero(d.glb_iact_valid_i);
    set_zero(d.glb_iact_data_i);
    set_zero(d.ext_weight_valid_i);
    set_zero(d.ext_weight_data_i);
    set_zero(d.glb_psum_valid_i);
    set_zero(d.glb_psum_data_i);
    set_zero(d.glb_psum_ready_i);
    set_zero(d.pe_iact_ready_i);
    set_zero(d.pe_weight_ready_i);
    set_zero(d.pe_psum_ready_i);
    set_zero(d.pe_psum_valid_i);
    set_zero(d.pe_psum_data_i);
    const int G = s_.groups(), P = s_.num_pe(), L = s_.pe_cols;
    silent_.push_back(std::make_unique<SilentMonitor>(
        "iact PE", [&d](int i) { return get_bits(d.pe_iact_valid_o, i, 1) != 0; }, G * P));
    silent_.push_back(std::make_unique<SilentMonitor>(
        "weight PE", [&d](int i) { return get_bits(d.pe_weight_valid_o, i, 1) != 0; }, G * P));
    silent_.push_back(std::make_unique<SilentMonitor>(
        "psum bottom PE", [&d](int i) { return get_bits(d.pe_psum_valid_o, i, 1) != 0; }, G * L));
    silent_.push_back(std::make_unique<SilentMonitor>(
        "psum GLB write", [&d](int i) { return get_bits(d.glb_psum_valid_o, i, 1) != 0; }, G * L));
    if (opt_.watch_unrouted)
      for (auto& m : silent_) sim_.add(*m);
  }

  // Writes every cluster group's configuration (one group per cycle).
  void configure(const NocNetConfig& net) {
    for (int g = 0; g < s_.groups(); ++g) {
      set_cfg(dut_.cfg_i, mapper::encode_group(net, g));
      dut_.cfg_addr_i = static_cast<std::remove_reference_t<decltype(dut_.cfg_addr_i)>>(g);
      dut_.cfg_we_i = 1;
      sim_.step();
    }
    dut_.cfg_we_i = 0;
  }

  // Writes a configuration that is the same for every group to all of them in one cycle
  // (cfg_all_i, the array's broadcast CONFIG); false if the groups' configurations differ.
  bool configure_all_at_once(const NocNetConfig& net) {
    const BitVec first = mapper::encode_group(net, 0);
    for (int g = 1; g < s_.groups(); ++g)
      if (mapper::encode_group(net, g) != first) return false;
    set_cfg(dut_.cfg_i, first);
    dut_.cfg_all_i = 1;
    dut_.cfg_we_i = 1;
    sim_.step();
    dut_.cfg_we_i = 0;
    dut_.cfg_all_i = 0;
    return true;
  }

  // Creates the endpoint models of every flow and the words they carry.
  void load(const std::vector<NocPattern>& patterns) {
    for (const NocPattern& p : patterns) {
      if (p.type == NocType::Psum) {
        load_psum(p);
      } else {
        for (const NocFlow& f : p.flows) load_data_flow(p.type, f);
      }
    }
  }

  bool done() const {
    for (const auto& s : sources_)
      if (!s->idle()) return false;
    for (const auto& b : boards_)
      if (!b->drained()) return false;
    for (const auto& [k, pe] : pe_cols_)
      if (!pe->idle()) return false;
    return true;
  }

  // Runs until every word arrived (watchdog: max_cycles), then checks nothing more arrives.
  uint64_t run(uint64_t max_cycles, const std::string& what) {
    const uint64_t cycles = sim_.run_until([&] { return done(); }, max_cycles, what);
    sim_.step(10);
    check();
    return cycles;
  }

  void check() const {
    for (const auto& b : boards_) b->check_drained();
    for (const auto& [k, pe] : pe_cols_) pe->board().check_drained();
  }

  uint64_t words_delivered() const {
    uint64_t n = 0;
    for (const auto& b : boards_) n += b->matched();
    for (const auto& [k, pe] : pe_cols_) n += pe->board().matched();
    return n;
  }
  int num_sources() const { return static_cast<int>(sources_.size()) + generating_pes_; }
  // Latency probe: the cycle each destination board last matched a word.
  const std::vector<std::unique_ptr<StreamSink<uint64_t>>>& sinks() const { return sinks_; }
  const std::vector<std::unique_ptr<StreamSource<uint64_t>>>& sources() const { return sources_; }

 private:
  std::vector<uint64_t> random_words(int width) {
    std::vector<uint64_t> w;
    for (int i = 0; i < opt_.words; ++i) w.push_back(rng_.next() & width_mask(width));
    return w;
  }

  StreamSource<uint64_t>& add_source(std::string name, std::function<void(bool, uint64_t)> set,
                                     std::function<bool()> ready) {
    sources_.push_back(std::make_unique<StreamSource<uint64_t>>(std::move(name), std::move(set), std::move(ready),
                                                                rng_.fork(), opt_.src_stall));
    sim_.add(*sources_.back());
    return *sources_.back();
  }

  Scoreboard<uint64_t>& add_sink(std::string name, std::function<void(bool)> set_ready, std::function<bool()> valid,
                                 std::function<uint64_t()> data) {
    boards_.push_back(std::make_unique<Scoreboard<uint64_t>>(name));
    sinks_.push_back(std::make_unique<StreamSink<uint64_t>>(name, std::move(set_ready), std::move(valid),
                                                            std::move(data), rng_.fork(), opt_.dst_stall));
    auto* b = boards_.back().get();
    sinks_.back()->keep_words(opt_.keep_words);
    sinks_.back()->on_word([b](const uint64_t& w) { b->observe(w); });
    sim_.add(*sinks_.back());
    return *b;
  }

  std::string gname(int g) const { return fmt::format("({},{})", g / s_.cols, g % s_.cols); }

  void load_data_flow(NocType t, const NocFlow& f) {
    auto& d = dut_;
    const int g = s_.group_index(f.src.row, f.src.col);
    const int lanes = s_.lanes(t);
    const int idx = g * lanes + f.lane;
    const auto words = random_words(kDataW);
    if (t == NocType::Iact) {
      auto& src = add_source(
          fmt::format("GLB iact {} lane {}", gname(g), f.lane),
          [&d, idx](bool v, uint64_t w) {
            set_bits(d.glb_iact_valid_i, idx, 1, v);
            set_bits(d.glb_iact_data_i, idx * kDataW, kDataW, w);
          },
          [&d, idx] { return get_bits(d.glb_iact_ready_o, idx, 1) != 0; });
      src.push(words.begin(), words.end());
    } else {
      auto& src = add_source(
          fmt::format("off-chip weight {} lane {}", gname(g), f.lane),
          [&d, idx](bool v, uint64_t w) {
            set_bits(d.ext_weight_valid_i, idx, 1, v);
            set_bits(d.ext_weight_data_i, idx * kDataW, kDataW, w);
          },
          [&d, idx] { return get_bits(d.ext_weight_ready_o, idx, 1) != 0; });
      src.push(words.begin(), words.end());
    }
    for (const auto& dst : f.dsts) {
      const int dg = s_.group_index(dst.group.row, dst.group.col);
      for (int pe = 0; pe < s_.num_pe(); ++pe) {
        const bool hit = t == NocType::Iact
                             ? ((dst.pe_mask >> pe) & 1u) != 0
                             : (pe / s_.pe_cols == f.lane && ((dst.pe_mask >> (pe % s_.pe_cols)) & 1u) != 0);
        if (!hit) continue;
        const int pi = dg * s_.num_pe() + pe;
        Scoreboard<uint64_t>* b;
        if (t == NocType::Iact) {
          silent_[0]->unwatch(pi);
          b = &add_sink(
              fmt::format("iact PE {} of {}", pe, gname(dg)),
              [&d, pi](bool r) { set_bits(d.pe_iact_ready_i, pi, 1, r); },
              [&d, pi] { return get_bits(d.pe_iact_valid_o, pi, 1) != 0; },
              [&d, pi] { return get_bits(d.pe_iact_data_o, pi * kDataW, kDataW); });
        } else {
          silent_[1]->unwatch(pi);
          b = &add_sink(
              fmt::format("weight PE {} of {}", pe, gname(dg)),
              [&d, pi](bool r) { set_bits(d.pe_weight_ready_i, pi, 1, r); },
              [&d, pi] { return get_bits(d.pe_weight_valid_o, pi, 1) != 0; },
              [&d, pi] { return get_bits(d.pe_weight_data_o, pi * kDataW, kDataW); });
        }
        for (uint64_t w : words) b->expect(w);
      }
    }
  }

  // psum endpoints: key (group, lane, kind)
  using Ep = std::tuple<int, int, int>;

  void load_psum(const NocPattern& p) {
    // Which flow feeds each destination endpoint, and which endpoints are sources.
    std::map<Ep, Ep> fed_by;
    std::vector<Ep> srcs;
    for (const NocFlow& f : p.flows) {
      const Ep se{s_.group_index(f.src.row, f.src.col), f.lane, static_cast<int>(f.src_kind)};
      srcs.push_back(se);
      for (const auto& dst : f.dsts)
        fed_by[{s_.group_index(dst.group.row, dst.group.col), f.lane, static_cast<int>(dst.kind)}] = se;
    }
    // Stream each source endpoint emits (acyclic: the pattern compiled).
    std::map<Ep, std::vector<uint64_t>> stream;
    std::function<const std::vector<uint64_t>&(const Ep&)> emit = [&](const Ep& e) -> const std::vector<uint64_t>& {
      if (auto it = stream.find(e); it != stream.end()) return it->second;
      std::vector<uint64_t> out;
      const auto [g, lane, kind] = e;
      if (kind == static_cast<int>(EndpointKind::Pe)) {
        if (auto it = fed_by.find({g, lane, static_cast<int>(EndpointKind::Pe)}); it != fed_by.end()) {
          for (uint64_t w : emit(it->second)) out.push_back(pe_column_transform(g, lane, w));
        } else {
          out = random_words(kPsumW);
        }
      } else {
        out = random_words(kPsumW);
      }
      return stream[e] = out;
    };
    auto& d = dut_;
    for (const Ep& e : srcs) {
      const auto [g, lane, kind] = e;
      const int idx = g * s_.pe_cols + lane;
      const auto& words = emit(e);
      if (kind == static_cast<int>(EndpointKind::Glb)) {
        auto& src = add_source(
            fmt::format("GLB psum read {} lane {}", gname(g), lane),
            [&d, idx](bool v, uint64_t w) {
              set_bits(d.glb_psum_valid_i, idx, 1, v);
              set_bits(d.glb_psum_data_i, idx * kPsumW, kPsumW, w);
            },
            [&d, idx] { return get_bits(d.glb_psum_ready_o, idx, 1) != 0; });
        src.push(words.begin(), words.end());
      } else {
        auto& pe = pe_column(g, lane);
        pe.set_emits(true);
        if (!fed_by.count({g, lane, static_cast<int>(EndpointKind::Pe)})) {
          pe.preload(words);
          ++generating_pes_;
        }
      }
    }
    for (const auto& [dst, se] : fed_by) {
      const auto [g, lane, kind] = dst;
      const int idx = g * s_.pe_cols + lane;
      const auto& words = emit(se);
      if (kind == static_cast<int>(EndpointKind::Glb)) {
        silent_[3]->unwatch(idx);
        auto& b = add_sink(
            fmt::format("GLB psum write {} lane {}", gname(g), lane),
            [&d, idx](bool r) { set_bits(d.glb_psum_ready_i, idx, 1, r); },
            [&d, idx] { return get_bits(d.glb_psum_valid_o, idx, 1) != 0; },
            [&d, idx] { return get_bits(d.glb_psum_data_o, idx * kPsumW, kPsumW); });
        for (uint64_t w : words) b.expect(w);
      } else {
        silent_[2]->unwatch(idx);
        auto& pe = pe_column(g, lane);
        pe.set_fed(true);
        for (uint64_t w : words) pe.board().expect(w);
      }
    }
  }

  PeColumnModel& pe_column(int g, int lane) {
    auto it = pe_cols_.find({g, lane});
    if (it != pe_cols_.end()) return *it->second;
    auto& d = dut_;
    const int idx = g * s_.pe_cols + lane;
    PeColumnModel::Port port{[&d, idx] { return get_bits(d.pe_psum_valid_o, idx, 1) != 0; },
                             [&d, idx] { return get_bits(d.pe_psum_data_o, idx * kPsumW, kPsumW); },
                             [&d, idx](bool r) { set_bits(d.pe_psum_ready_i, idx, 1, r); },
                             [&d, idx](bool v, uint64_t w) {
                               set_bits(d.pe_psum_valid_i, idx, 1, v);
                               set_bits(d.pe_psum_data_i, idx * kPsumW, kPsumW, w);
                             },
                             [&d, idx] { return get_bits(d.pe_psum_ready_o, idx, 1) != 0; }};
    auto pe = std::make_unique<PeColumnModel>(fmt::format("PE column {} of {}", lane, gname(g)), g, lane,
                                              std::move(port), rng_.fork(), opt_.dst_stall, opt_.src_stall);
    auto& ref = *pe;
    sim_.add(ref);
    pe_cols_[{g, lane}] = std::move(pe);
    return ref;
  }

  Sim<Model>& sim_;
  Model& dut_;
  NocShape s_;
  Rng rng_;
  MeshEnvOptions opt_;
  std::vector<std::unique_ptr<SilentMonitor>> silent_;
  std::vector<std::unique_ptr<StreamSource<uint64_t>>> sources_;
  std::vector<std::unique_ptr<StreamSink<uint64_t>>> sinks_;
  std::vector<std::unique_ptr<Scoreboard<uint64_t>>> boards_;
  std::map<std::pair<int, int>, std::unique_ptr<PeColumnModel>> pe_cols_;
  int generating_pes_ = 0;
};

}  // namespace ev2::tb::noc
