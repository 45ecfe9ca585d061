// Every router alone: every mode (destination mask) from every source, random payloads, random
// backpressure per destination, in-order exactly-once delivery checked by a scoreboard per
// destination; concurrent sources with random valid configurations; full rate without stalls;
// the RTL assertion on an invalid configuration. Configurations come from the C++ pattern library
// (encode_router), so the library's bit layout is checked against the RTL here too.
#include <gtest/gtest.h>

#include <bit>
#include <memory>
#include <set>
#include <vector>

#include "Viact_router.h"
#include "Viact_router_h2.h"
#include "Vpsum_router.h"
#include "Vweight_router.h"
#include "harness/seed.hpp"
#include "noc_tb.hpp"

namespace ev2::tb::noc {
namespace {

using mapper::NocRouterSetting;
using mapper::RouterMode;

template <class Model>
class RouterBench {
 public:
  RouterBench(NocType type, NocShape shape, Rng& rng)
      : type_(type),
        shape_(shape),
        ports_(shape.ports(type)),
        width_(type == NocType::Psum ? kPsumW : kDataW),
        rng_(rng.fork()) {
    auto& d = sim_.dut();
    d.cfg_we_i = 0;
    set_zero(d.cfg_i);
    d.src_valid_i = 0;
    d.dst_ready_i = 0;
    set_zero(d.src_data_i);
    for (int s = 0; s < ports_; ++s) {
      srcs_.push_back(std::make_unique<StreamSource<uint64_t>>(
          fmt::format("src{}", s),
          [&d, s, this](bool v, uint64_t w) {
            set_bits(d.src_valid_i, s, 1, v);
            set_bits(d.src_data_i, s * width_, width_, w);
          },
          [&d, s] { return get_bits(d.src_ready_o, s, 1) != 0; }, rng_.fork()));
      sim_.add(*srcs_.back());
    }
    for (int k = 0; k < ports_; ++k) {
      boards_.push_back(std::make_unique<Scoreboard<uint64_t>>(fmt::format("dst{}", k)));
      sinks_.push_back(std::make_unique<StreamSink<uint64_t>>(
          fmt::format("dst{}", k), [&d, k](bool r) { set_bits(d.dst_ready_i, k, 1, r); },
          [&d, k] { return get_bits(d.dst_valid_o, k, 1) != 0; },
          [&d, k, this] { return get_bits(d.dst_data_o, k * width_, width_); }, rng_.fork()));
      sinks_.back()->on_word([this, k](const uint64_t& w) { boards_[static_cast<size_t>(k)]->observe(w); });
      sim_.add(*sinks_.back());
    }
    sim_.reset();
  }

  Sim<Model>& sim() { return sim_; }

  void configure(const NocRouterSetting& r) {
    set_cfg(sim_->cfg_i, mapper::encode_router(type_, shape_, r));
    sim_->cfg_we_i = 1;
    sim_.step();
    sim_->cfg_we_i = 0;
    setting_ = r;
  }

  // One round: every source with a non-empty mask sends `words` random words; returns cycles.
  uint64_t round(int words, double src_stall, const std::vector<double>& dst_stall) {
    for (int k = 0; k < ports_; ++k) {
      boards_[static_cast<size_t>(k)] = std::make_unique<Scoreboard<uint64_t>>(fmt::format("dst{}", k));
      sinks_[static_cast<size_t>(k)]->stall().set_probability(dst_stall[static_cast<size_t>(k)]);
    }
    for (int s = 0; s < ports_; ++s) {
      srcs_[static_cast<size_t>(s)]->stall().set_probability(src_stall);
      const uint32_t mask = setting_.dst_mask[static_cast<size_t>(s)];
      if (mask == 0) continue;
      for (int i = 0; i < words; ++i) {
        const uint64_t w = rng_.next() & width_mask(width_);
        srcs_[static_cast<size_t>(s)]->push(w);
        for (int k = 0; k < ports_; ++k)
          if ((mask >> k) & 1u) boards_[static_cast<size_t>(k)]->expect(w);
      }
    }
    const uint64_t cycles = sim_.run_until(
        [&] {
          for (auto& s : srcs_)
            if (!s->idle()) return false;
          for (auto& b : boards_)
            if (!b->drained()) return false;
          return true;
        },
        static_cast<uint64_t>(words) * 200 + 100, "every destination got every word");
    sim_.step(3);  // nothing more may arrive
    for (auto& b : boards_) b->check_drained();
    for (auto& b : boards_) delivered_ += b->matched();
    return cycles;
  }

  int ports() const { return ports_; }
  uint64_t delivered() const { return delivered_; }

 private:
  NocType type_;
  NocShape shape_;
  int ports_, width_;
  Rng rng_;
  Sim<Model> sim_;
  std::vector<std::unique_ptr<StreamSource<uint64_t>>> srcs_;
  std::vector<std::unique_ptr<StreamSink<uint64_t>>> sinks_;
  std::vector<std::unique_ptr<Scoreboard<uint64_t>>> boards_;
  NocRouterSetting setting_;
  uint64_t delivered_ = 0;
};

std::vector<double> random_stalls(Rng& rng, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(rng.pick(std::vector<double>{0.0, 0.2, 0.5, 0.8}));
  return v;
}

// Every non-empty destination mask from every source, one source at a time.
template <class Model>
void every_mode_from_every_source(NocType type, NocShape shape) {
  Rng rng = test_rng();
  RouterBench<Model> bench(type, shape, rng);
  const int p = bench.ports();
  std::set<RouterMode> modes;
  for (int s = 0; s < p; ++s) {
    for (uint32_t mask = 1; mask < (1u << p); ++mask) {
      SCOPED_TRACE(fmt::format("source {} mask {:#x}", s, mask));
      NocRouterSetting r{std::vector<uint32_t>(static_cast<size_t>(p), 0u)};
      r.dst_mask[static_cast<size_t>(s)] = mask;
      modes.insert(mapper::router_mode(type, shape, mask));
      bench.configure(r);
      bench.round(40, rng.pick(std::vector<double>{0.0, 0.3, 0.6}), random_stalls(rng, p));
    }
  }
  // The router modes of the paper that this router type has.
  EXPECT_TRUE(modes.count(RouterMode::Unicast));
  EXPECT_TRUE(modes.count(RouterMode::Broadcast));
  if (type == NocType::Iact) {
    EXPECT_TRUE(modes.count(RouterMode::HorizontalMulticast));
    EXPECT_TRUE(modes.count(RouterMode::VerticalMulticast));
  }
  if (type == NocType::Psum) EXPECT_TRUE(modes.count(RouterMode::VerticalMulticast));
  // Every mask from every source: each word reaches popcount(mask) destinations.
  uint64_t expected = 0;
  for (uint32_t mask = 1; mask < (1u << p); ++mask) expected += 40u * static_cast<uint64_t>(std::popcount(mask));
  EXPECT_EQ(bench.delivered(), expected * static_cast<uint64_t>(p));
}

// Random valid configurations: every destination gets a random source or none; all sources at once.
template <class Model>
void concurrent_sources(NocType type, NocShape shape, int rounds) {
  Rng rng = test_rng();
  RouterBench<Model> bench(type, shape, rng);
  const int p = bench.ports();
  for (int i = 0; i < rounds; ++i) {
    NocRouterSetting r{std::vector<uint32_t>(static_cast<size_t>(p), 0u)};
    for (int d = 0; d < p; ++d) {
      const auto s = rng.uniform(-1, p - 1);
      if (s >= 0) r.dst_mask[static_cast<size_t>(s)] |= 1u << d;
    }
    SCOPED_TRACE(fmt::format("round {}", i));
    bench.configure(r);
    bench.round(60, rng.pick(std::vector<double>{0.0, 0.3}), random_stalls(rng, p));
  }
  EXPECT_GT(bench.delivered(), static_cast<uint64_t>(rounds) * 60u);
}

// No stalls: a permutation (unicast from every source) and a broadcast both run at 1 word/cycle.
template <class Model>
void full_rate(NocType type, NocShape shape) {
  Rng rng = test_rng();
  RouterBench<Model> bench(type, shape, rng);
  const int p = bench.ports();
  const std::vector<double> no_stall(static_cast<size_t>(p), 0.0);
  NocRouterSetting perm{std::vector<uint32_t>(static_cast<size_t>(p), 0u)};
  for (int s = 0; s < p; ++s) perm.dst_mask[static_cast<size_t>(s)] = 1u << ((s + 1) % p);
  bench.configure(perm);
  EXPECT_LE(bench.round(200, 0.0, no_stall), 202u);
  NocRouterSetting bcast{std::vector<uint32_t>(static_cast<size_t>(p), 0u)};
  bcast.dst_mask[0] = (1u << p) - 1;
  bench.configure(bcast);
  EXPECT_LE(bench.round(200, 0.0, no_stall), 202u);
}

template <class Model>
void invalid_config_asserts(NocType type, NocShape shape) {
  Rng rng = test_rng();
  RouterBench<Model> bench(type, shape, rng);
  bench.sim().expect_assertion("cfg_one_source_per_destination");
  NocRouterSetting r{std::vector<uint32_t>(static_cast<size_t>(bench.ports()), 0u)};
  r.dst_mask[0] = 0b1;
  r.dst_mask[1] = 0b1;  // destination 0 driven by sources 0 and 1
  bench.configure(r);
  bench.sim().step(2);
  EXPECT_TRUE(bench.sim().assertion_fired("cfg_one_source_per_destination"));
}

// A source without a route is never ready (nothing is silently consumed).
template <class Model>
void unrouted_source_stalls(NocType type, NocShape shape) {
  Rng rng = test_rng();
  RouterBench<Model> bench(type, shape, rng);
  NocRouterSetting r{std::vector<uint32_t>(static_cast<size_t>(bench.ports()), 0u)};
  r.dst_mask[1] = 0b1;
  bench.configure(r);
  auto& d = bench.sim().dut();
  d.src_valid_i = 0b1;  // source 0 has no route
  set_bits(d.dst_ready_i, 0, bench.ports(), (1u << bench.ports()) - 1);
  for (int c = 0; c < 10; ++c) {
    bench.sim().step();
    EXPECT_EQ(get_bits(d.src_ready_o, 0, 1), 0u);
    EXPECT_EQ(d.dst_valid_o, 0u);
  }
}

const NocShape kV2 = NocShape::v2();
const NocShape kWide{.rows = 3, .cols = 3};

TEST(IactRouter, EveryModeFromEverySource) { every_mode_from_every_source<Viact_router>(NocType::Iact, kV2); }
TEST(IactRouter, ConcurrentSources) { concurrent_sources<Viact_router>(NocType::Iact, kV2, 40); }
TEST(IactRouter, FullRate) { full_rate<Viact_router>(NocType::Iact, kV2); }
TEST(IactRouter, TwoSourcesOnOneDestinationAsserts) { invalid_config_asserts<Viact_router>(NocType::Iact, kV2); }
TEST(IactRouter, UnroutedSourceStalls) { unrouted_source_stalls<Viact_router>(NocType::Iact, kV2); }

TEST(IactRouterEastWest, EveryModeFromEverySource) {
  every_mode_from_every_source<Viact_router_h2>(NocType::Iact, kWide);
}
TEST(IactRouterEastWest, ConcurrentSources) { concurrent_sources<Viact_router_h2>(NocType::Iact, kWide, 30); }

TEST(WeightRouter, EveryModeFromEverySource) { every_mode_from_every_source<Vweight_router>(NocType::Weight, kV2); }
TEST(WeightRouter, ConcurrentSources) { concurrent_sources<Vweight_router>(NocType::Weight, kV2, 20); }
TEST(WeightRouter, FullRate) { full_rate<Vweight_router>(NocType::Weight, kV2); }
TEST(WeightRouter, TwoSourcesOnOneDestinationAsserts) { invalid_config_asserts<Vweight_router>(NocType::Weight, kV2); }

TEST(PsumRouter, EveryModeFromEverySource) { every_mode_from_every_source<Vpsum_router>(NocType::Psum, kV2); }
TEST(PsumRouter, ConcurrentSources) { concurrent_sources<Vpsum_router>(NocType::Psum, kV2, 30); }
TEST(PsumRouter, FullRate) { full_rate<Vpsum_router>(NocType::Psum, kV2); }
TEST(PsumRouter, TwoSourcesOnOneDestinationAsserts) { invalid_config_asserts<Vpsum_router>(NocType::Psum, kV2); }
TEST(PsumRouter, UnroutedSourceStalls) { unrouted_source_stalls<Vpsum_router>(NocType::Psum, kV2); }

}  // namespace
}  // namespace ev2::tb::noc
