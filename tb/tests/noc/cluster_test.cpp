// The router cluster alone: every source port (GLB, off-chip, PE, mesh inputs) and every
// destination port (PEs through the all-to-all networks, GLB, mesh outputs) driven by endpoint
// models. Random valid configurations of all ten routers and both all-to-all networks, encoded by
// the C++ library (encode_group), all sources at once, random stalls; plus link latency and rate.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <tuple>
#include <vector>

#include "Vrouter_cluster.h"
#include "harness/seed.hpp"
#include "noc_tb.hpp"

namespace ev2::tb::noc {
namespace {

namespace port = mapper::noc_port;

// One router port of the cluster seen from outside: source ports take words from a StreamSource,
// destination ports deliver into a StreamSink (for local iact/weight destinations: into PE sinks).
void zero_inputs(Vrouter_cluster& d) {
  d.cfg_we_i = 0;
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
  set_zero(d.iact_n_valid_i);
  set_zero(d.iact_n_data_i);
  set_zero(d.iact_n_ready_i);
  set_zero(d.iact_s_valid_i);
  set_zero(d.iact_s_data_i);
  set_zero(d.iact_s_ready_i);
  set_zero(d.iact_h_valid_i);
  set_zero(d.iact_h_data_i);
  set_zero(d.iact_h_ready_i);
  set_zero(d.weight_h_valid_i);
  set_zero(d.weight_h_data_i);
  set_zero(d.weight_h_ready_i);
  set_zero(d.psum_n_valid_i);
  set_zero(d.psum_n_data_i);
  set_zero(d.psum_s_ready_i);
}

struct Endpoint {
  NocType type;
  int lane;
  int port;
};

class ClusterBench {
 public:
  explicit ClusterBench(Rng& rng) : rng_(rng.fork()), shape_{.rows = 1, .cols = 2} {
    auto& d = sim_.dut();
    zero_inputs(d);
    // Sources: [type][lane][port]; sinks likewise (local iact/weight destinations are PE sinks).
    for (int t = 0; t < 3; ++t) {
      const auto type = static_cast<NocType>(t);
      for (int lane = 0; lane < shape_.lanes(type); ++lane)
        for (int p = 0; p < shape_.ports(type); ++p) add_source(type, lane, p);
    }
    add_mesh_sinks();
    for (int pe = 0; pe < 12; ++pe) {
      pe_iact_.push_back(
          add_sink(fmt::format("PE {} iact", pe), d.pe_iact_valid_o, d.pe_iact_ready_i, d.pe_iact_data_o, pe, kDataW));
      pe_weight_.push_back(add_sink(fmt::format("PE {} weight", pe), d.pe_weight_valid_o, d.pe_weight_ready_i,
                                    d.pe_weight_data_o, pe, kDataW));
    }
    sim_.reset();
  }

  Sim<Vrouter_cluster>& sim() { return sim_; }
  Vrouter_cluster& dut() { return sim_.dut(); }
  uint64_t delivered() const { return delivered_; }

  // A random valid configuration: per router destination a random source (or none); PEs take a
  // random iact lane (or none); each weight row a random PE mask, or header mode.
  NocNetConfig random_config() {
    NocNetConfig net(shape_);
    for (int pe = 0; pe < 12; ++pe) net.iact_pe_lane[static_cast<size_t>(pe)] = static_cast<int>(rng_.uniform(-1, 2));
    for (int r = 0; r < 3; ++r) {
      net.weight_headed[static_cast<size_t>(r)] = rng_.bernoulli(0.3);
      net.weight_pe_mask[static_cast<size_t>(r)] =
          net.weight_headed[static_cast<size_t>(r)] ? 0u : static_cast<uint32_t>(rng_.uniform(0, 15));
    }
    for (int t = 0; t < 3; ++t) {
      const auto type = static_cast<NocType>(t);
      for (int lane = 0; lane < shape_.lanes(type); ++lane) {
        auto& r = net.router(type, 0, lane);
        for (int dp = 0; dp < shape_.ports(type); ++dp) {
          // A local destination nobody takes would stall its source: leave it unrouted.
          if (type == NocType::Iact && dp == port::kIactLocal) {
            bool taken = false;
            for (int pe = 0; pe < 12; ++pe) taken = taken || net.iact_pe_lane[static_cast<size_t>(pe)] == lane;
            if (!taken) continue;
          }
          if (type == NocType::Weight && dp == port::kWeightLocal &&
              net.weight_pe_mask[static_cast<size_t>(lane)] == 0 && !net.weight_headed[static_cast<size_t>(lane)])
            continue;
          const auto s = rng_.uniform(-1, shape_.ports(type) - 1);
          if (s >= 0) r.dst_mask[static_cast<size_t>(s)] |= 1u << dp;
        }
      }
    }
    return net;
  }

  void configure(const NocNetConfig& net) {
    set_cfg(sim_->cfg_i, mapper::encode_group(net, 0));
    sim_->cfg_we_i = 1;
    sim_.step();
    sim_->cfg_we_i = 0;
  }

  // Every routed source sends `words` words; every destination checks what it gets.
  uint64_t round(const NocNetConfig& net, int words, double src_stall, double dst_stall) {
    for (auto& s : sinks_) {
      s.board = std::make_unique<Scoreboard<uint64_t>>(s.sink->name());
      s.sink->stall().set_probability(rng_.bernoulli(0.5) ? dst_stall : 0.0);
    }
    for (auto& src : sources_) {
      src.src->stall().set_probability(src_stall);
      const uint32_t mask = net.router(src.ep.type, 0, src.ep.lane).dst_mask[static_cast<size_t>(src.ep.port)];
      if (mask == 0) continue;
      const int w = src.ep.type == NocType::Psum ? kPsumW : kDataW;
      // A weight row in header mode (docs/noc.md, "Weight block headers") takes blocks, each behind
      // a header naming its PE columns and length: every column gets its blocks' words, in order,
      // the headers none (a mesh port the source also feeds gets every word).
      const bool headed = src.ep.type == NocType::Weight && ((mask >> port::kWeightLocal) & 1u) &&
                          net.weight_headed[static_cast<size_t>(src.ep.lane)];
      std::vector<uint64_t> data;
      std::vector<std::vector<uint64_t>> to_column(4);
      while (static_cast<int>(data.size()) < words) {
        if (!headed) {
          data.push_back(rng_.next() & width_mask(w));
          continue;
        }
        const auto cols = static_cast<uint64_t>(rng_.uniform(1, 15));
        const auto n = static_cast<uint64_t>(rng_.uniform(1, 9));
        data.push_back(iface::WeightHdr{cols, n}.pack());
        for (uint64_t i = 0; i < n; ++i) {
          data.push_back(rng_.next() & width_mask(w));
          for (int c = 0; c < 4; ++c)
            if ((cols >> c) & 1u) to_column[static_cast<size_t>(c)].push_back(data.back());
        }
      }
      src.src->push(data.begin(), data.end());
      for (int dp = 0; dp < shape_.ports(src.ep.type); ++dp) {
        if (!((mask >> dp) & 1u)) continue;
        if (headed && dp == port::kWeightLocal) {
          for (int c = 0; c < 4; ++c)
            for (uint64_t x : to_column[static_cast<size_t>(c)])
              sinks_[pe_weight_[static_cast<size_t>(src.ep.lane * 4 + c)]].board->expect(x);
          continue;
        }
        for (Sink* s : receivers(net, src.ep.type, src.ep.lane, dp))
          for (uint64_t x : data) s->board->expect(x);
      }
    }
    const uint64_t cycles = sim_.run_until(
        [&] {
          for (auto& s : sources_)
            if (!s.src->idle()) return false;
          for (auto& s : sinks_)
            if (!s.board->drained()) return false;
          return true;
        },
        static_cast<uint64_t>(words) * 200 + 100, "every destination got every word");
    sim_.step(5);
    for (auto& s : sinks_) s.board->check_drained();
    for (auto& s : sinks_) delivered_ += s.board->matched();
    return cycles;
  }

 private:
  struct Source {
    Endpoint ep;
    std::unique_ptr<StreamSource<uint64_t>> src;
  };
  struct Sink {
    std::unique_ptr<StreamSink<uint64_t>> sink;
    std::unique_ptr<Scoreboard<uint64_t>> board;
  };

  template <class V, class R, class D>
  void add_source_port(Endpoint ep, const std::string& name, V& valid, R& ready, D& data, int idx, int w) {
    sources_.push_back({ep, std::make_unique<StreamSource<uint64_t>>(
                                name,
                                [&valid, &data, idx, w](bool v, uint64_t x) {
                                  set_bits(valid, idx, 1, v);
                                  set_bits(data, idx * w, w, x);
                                },
                                [&ready, idx] { return get_bits(ready, idx, 1) != 0; }, rng_.fork())});
    set_bits(valid, idx, 1, 0);
    sim_.add(*sources_.back().src);
  }

  void add_source(NocType t, int lane, int p) {
    auto& d = sim_.dut();
    const Endpoint ep{t, lane, p};
    const std::string name =
        fmt::format("{} lane {} source {}", mapper::noc_type_name(t), lane, mapper::port_name(t, shape_, p));
    switch (t) {
      case NocType::Iact:
        if (p == port::kIactLocal)
          add_source_port(ep, name, d.glb_iact_valid_i, d.glb_iact_ready_o, d.glb_iact_data_i, lane, kDataW);
        if (p == port::kIactN)
          add_source_port(ep, name, d.iact_n_valid_i, d.iact_n_ready_o, d.iact_n_data_i, lane, kDataW);
        if (p == port::kIactS)
          add_source_port(ep, name, d.iact_s_valid_i, d.iact_s_ready_o, d.iact_s_data_i, lane, kDataW);
        if (p == port::kIactE)
          add_source_port(ep, name, d.iact_h_valid_i, d.iact_h_ready_o, d.iact_h_data_i, lane, kDataW);
        break;
      case NocType::Weight:
        if (p == port::kWeightLocal)
          add_source_port(ep, name, d.ext_weight_valid_i, d.ext_weight_ready_o, d.ext_weight_data_i, lane, kDataW);
        if (p == port::kWeightE)
          add_source_port(ep, name, d.weight_h_valid_i, d.weight_h_ready_o, d.weight_h_data_i, lane, kDataW);
        break;
      case NocType::Psum:
        if (p == port::kPsumGlb)
          add_source_port(ep, name, d.glb_psum_valid_i, d.glb_psum_ready_o, d.glb_psum_data_i, lane, kPsumW);
        if (p == port::kPsumPe)
          add_source_port(ep, name, d.pe_psum_valid_i, d.pe_psum_ready_o, d.pe_psum_data_i, lane, kPsumW);
        if (p == port::kPsumV)
          add_source_port(ep, name, d.psum_n_valid_i, d.psum_n_ready_o, d.psum_n_data_i, lane, kPsumW);
        break;
    }
  }

  template <class V, class R, class D>
  size_t add_sink(const std::string& name, V& valid, R& ready, D& data, int idx, int w) {
    auto sink = std::make_unique<StreamSink<uint64_t>>(
        name, [&ready, idx](bool r) { set_bits(ready, idx, 1, r); },
        [&valid, idx] { return get_bits(valid, idx, 1) != 0; }, [&data, idx, w] { return get_bits(data, idx * w, w); },
        rng_.fork());
    sinks_.push_back({std::move(sink), std::make_unique<Scoreboard<uint64_t>>(name)});
    const size_t i = sinks_.size() - 1;
    sinks_[i].sink->on_word([this, i](const uint64_t& x) { sinks_[i].board->observe(x); });
    sim_.add(*sinks_[i].sink);
    return i;
  }

  void add_mesh_sinks() {
    auto& d = sim_.dut();
    for (int k = 0; k < 3; ++k) {
      mesh_sink_[{NocType::Iact, k, port::kIactN}] = add_sink(fmt::format("iact lane {} N out", k), d.iact_n_valid_o,
                                                              d.iact_n_ready_i, d.iact_n_data_o, k, kDataW);
      mesh_sink_[{NocType::Iact, k, port::kIactS}] = add_sink(fmt::format("iact lane {} S out", k), d.iact_s_valid_o,
                                                              d.iact_s_ready_i, d.iact_s_data_o, k, kDataW);
      mesh_sink_[{NocType::Iact, k, port::kIactE}] = add_sink(fmt::format("iact lane {} H out", k), d.iact_h_valid_o,
                                                              d.iact_h_ready_i, d.iact_h_data_o, k, kDataW);
      mesh_sink_[{NocType::Weight, k, port::kWeightE}] = add_sink(
          fmt::format("weight lane {} H out", k), d.weight_h_valid_o, d.weight_h_ready_i, d.weight_h_data_o, k, kDataW);
    }
    for (int j = 0; j < 4; ++j) {
      mesh_sink_[{NocType::Psum, j, port::kPsumGlb}] =
          add_sink(fmt::format("psum lane {} GLB write", j), d.glb_psum_valid_o, d.glb_psum_ready_i, d.glb_psum_data_o,
                   j, kPsumW);
      mesh_sink_[{NocType::Psum, j, port::kPsumPe}] = add_sink(
          fmt::format("psum lane {} bottom PE", j), d.pe_psum_valid_o, d.pe_psum_ready_i, d.pe_psum_data_o, j, kPsumW);
      mesh_sink_[{NocType::Psum, j, port::kPsumV}] = add_sink(fmt::format("psum lane {} S out", j), d.psum_s_valid_o,
                                                              d.psum_s_ready_i, d.psum_s_data_o, j, kPsumW);
    }
  }

  std::vector<Sink*> receivers(const NocNetConfig& net, NocType t, int lane, int dp) {
    std::vector<Sink*> v;
    if (t == NocType::Iact && dp == port::kIactLocal) {
      for (int pe = 0; pe < 12; ++pe)
        if (net.iact_pe_lane[static_cast<size_t>(pe)] == lane) v.push_back(&sinks_[pe_iact_[static_cast<size_t>(pe)]]);
    } else if (t == NocType::Weight && dp == port::kWeightLocal) {
      for (int c = 0; c < 4; ++c)
        if ((net.weight_pe_mask[static_cast<size_t>(lane)] >> c) & 1u)
          v.push_back(&sinks_[pe_weight_[static_cast<size_t>(lane * 4 + c)]]);
    } else {
      v.push_back(&sinks_[mesh_sink_.at({t, lane, dp})]);
    }
    return v;
  }

  Rng rng_;
  NocShape shape_;
  uint64_t delivered_ = 0;
  Sim<Vrouter_cluster> sim_;
  std::vector<Source> sources_;
  std::vector<Sink> sinks_;
  std::vector<size_t> pe_iact_, pe_weight_;
  std::map<std::tuple<NocType, int, int>, size_t> mesh_sink_;
};

TEST(RouterCluster, RandomConfigurationsAllPortsAtOnce) {
  Rng rng = test_rng();
  ClusterBench bench(rng);
  for (int i = 0; i < 60; ++i) {
    SCOPED_TRACE(fmt::format("round {}", i));
    const NocNetConfig net = bench.random_config();
    bench.configure(net);
    bench.round(net, 60, rng.pick(std::vector<double>{0.0, 0.3}), rng.pick(std::vector<double>{0.0, 0.4, 0.8}));
  }
  // Roughly half of the ~70 destinations are routed per round.
  EXPECT_GT(bench.delivered(), 60u * 60u * 20u);
}

TEST(RouterCluster, FullRateWithoutStalls) {
  Rng rng = test_rng();
  ClusterBench bench(rng);
  // Every PE takes a lane and every router forwards its local source to every destination it can:
  // broadcast from GLB / off-chip / PE sources, N -> S for iacts; the rest unrouted.
  NocNetConfig net(NocShape{.rows = 1, .cols = 2});
  for (int pe = 0; pe < 12; ++pe) net.iact_pe_lane[static_cast<size_t>(pe)] = pe / 4;
  for (int r = 0; r < 3; ++r) net.weight_pe_mask[static_cast<size_t>(r)] = 0xf;
  for (int k = 0; k < 3; ++k) {
    net.router(NocType::Iact, 0, k).dst_mask[port::kIactLocal] = 0b1101;  // local, S, H
    net.router(NocType::Iact, 0, k).dst_mask[port::kIactS] = 0b0010;      // S in -> N out
    net.router(NocType::Weight, 0, k).dst_mask[port::kWeightLocal] = 0b11;
  }
  for (int j = 0; j < 4; ++j) {
    net.router(NocType::Psum, 0, j).dst_mask[port::kPsumGlb] = 0b010;  // GLB -> bottom PE
    net.router(NocType::Psum, 0, j).dst_mask[port::kPsumPe] = 0b101;   // top PE -> GLB + south
  }
  bench.configure(net);
  EXPECT_LE(bench.round(net, 300, 0.0, 0.0), 303u);
}

TEST(RouterCluster, LinkLatencyIsOneCycleAndLocalDeliveryIsCombinational) {
  Rng rng = test_rng();
  Sim<Vrouter_cluster> sim;
  auto& d = sim.dut();
  zero_inputs(d);
  NocNetConfig net(NocShape{.rows = 1, .cols = 2});
  net.router(NocType::Iact, 0, 0).dst_mask[port::kIactN] = 1u << port::kIactS;  // pass-through N -> S
  net.router(NocType::Iact, 0, 1).dst_mask[port::kIactLocal] = 1u << port::kIactLocal;
  net.iact_pe_lane[5] = 1;
  set_cfg(d.cfg_i, mapper::encode_group(net, 0));
  d.cfg_we_i = 1;
  sim.reset();
  sim.step();
  d.cfg_we_i = 0;
  d.iact_s_ready_i = 0b001;
  d.pe_iact_ready_i = 1u << 5;
  // GLB lane 1 -> PE 5 in the same cycle.
  set_bits(d.glb_iact_valid_i, 1, 1, 1);
  set_bits(d.glb_iact_data_i, 1 * kDataW, kDataW, 0xabcdef);
  d.iact_n_valid_i = 0b001;
  set_bits(d.iact_n_data_i, 0, kDataW, 0x123456);
  d.eval();
  EXPECT_EQ(get_bits(d.pe_iact_valid_o, 5, 1), 1u);
  EXPECT_EQ(get_bits(d.pe_iact_data_o, 5 * kDataW, kDataW), 0xabcdefu);
  EXPECT_EQ(get_bits(d.glb_iact_ready_o, 1, 1), 1u);
  EXPECT_EQ(get_bits(d.iact_s_valid_o, 0, 1), 0u) << "a link must not pass a word through combinationally";
  EXPECT_EQ(get_bits(d.iact_n_ready_o, 0, 1), 1u);
  sim.step();
  d.glb_iact_valid_i = 0;
  d.iact_n_valid_i = 0;
  d.eval();
  EXPECT_EQ(get_bits(d.iact_s_valid_o, 0, 1), 1u) << "the word must leave on the link one cycle later";
  EXPECT_EQ(get_bits(d.iact_s_data_o, 0, kDataW), 0x123456u);
  sim.step();
  d.eval();
  EXPECT_EQ(get_bits(d.iact_s_valid_o, 0, 1), 0u);
}

}  // namespace
}  // namespace ev2::tb::noc
