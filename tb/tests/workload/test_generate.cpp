// Synthetic tensors: exact and Bernoulli densities, value ranges and skew, determinism per seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "harness/seed.hpp"
#include "workload/generate.hpp"

namespace wl = ev2::workload;
using ev2::LayerKind;
using ev2::LayerShape;

namespace {

LayerShape conv(int C, int H, int W, int M, int R, int G = 1, int N = 1) {
  LayerShape l;
  l.name = "t";
  l.kind = LayerKind::Conv;
  l.N = N;
  l.C = C;
  l.H = H;
  l.W = W;
  l.M = M;
  l.R = l.S = R;
  l.G = G;
  return l;
}

template <class T>
uint64_t nonzeros(const ev2::Tensor<T>& t) {
  return static_cast<uint64_t>(std::count_if(t.data().begin(), t.data().end(), [](T v) { return v != 0; }));
}

}  // namespace

TEST(Generate, ShapesFollowTheLayer) {
  auto rng = ev2::tb::test_rng();
  const auto l = conv(8, 10, 12, 6, 3, /*G=*/2, /*N=*/3);
  const auto w = wl::random_weights(l, 0.5, rng);
  EXPECT_EQ(w.dims(), (std::array<int, 4>{6, 4, 3, 3}));
  const auto a = wl::random_iacts(l, 0.5, false, rng);
  EXPECT_EQ(a.dims(), (std::array<int, 4>{3, 8, 10, 12}));
}

TEST(Generate, NonzeroTargetRoundsToNearest) {
  EXPECT_EQ(wl::nonzero_target(10, 0.24), 2u);
  EXPECT_EQ(wl::nonzero_target(10, 0.26), 3u);
  EXPECT_EQ(wl::nonzero_target(1000, 0.0), 0u);
  EXPECT_EQ(wl::nonzero_target(1000, 1.0), 1000u);
  EXPECT_EQ(wl::nonzero_target(3, 1.0 / 3.0), 1u);
}

TEST(Generate, ExactPlacementHitsTheTargetCount) {
  auto rng = ev2::tb::test_rng();
  const auto l = conv(16, 13, 13, 24, 3);
  for (double d : {0.0, 0.001, 0.05, 0.1, 1.0 / 3.0, 0.5, 0.77, 0.999, 1.0}) {
    SCOPED_TRACE(d);
    const auto w = wl::random_weights(l, d, rng);
    EXPECT_EQ(nonzeros(w), wl::nonzero_target(w.size(), d));
    for (bool is_signed : {false, true}) {
      const auto a = wl::random_iacts(l, d, is_signed, rng);
      EXPECT_EQ(nonzeros(a), wl::nonzero_target(a.size(), d));
    }
  }
}

TEST(Generate, BernoulliPlacementIsWithinTolerance) {
  auto rng = ev2::tb::test_rng();
  const auto l = conv(32, 32, 32, 64, 3);
  for (double d : {0.05, 0.3, 0.7}) {
    SCOPED_TRACE(d);
    const auto w = wl::random_weights(l, d, rng, wl::Placement::Bernoulli);
    const auto a = wl::random_iacts(l, d, false, rng, wl::Placement::Bernoulli);
    for (auto [count, size] : {std::pair{nonzeros(w), w.size()}, std::pair{nonzeros(a), a.size()}}) {
      const double sigma = std::sqrt(static_cast<double>(size) * d * (1 - d));
      EXPECT_NEAR(static_cast<double>(count), static_cast<double>(size) * d, 5 * sigma);
    }
  }
  EXPECT_EQ(nonzeros(wl::random_weights(l, 0.0, rng, wl::Placement::Bernoulli)), 0u);
  EXPECT_EQ(nonzeros(wl::random_weights(l, 1.0, rng, wl::Placement::Bernoulli)), static_cast<uint64_t>(64 * 32 * 9));
}

// Exact placement must not favour any position: each one is nonzero in about `density` of draws.
TEST(Generate, ExactPlacementIsUniformOverPositions) {
  auto rng = ev2::tb::test_rng();
  const auto l = conv(1, 4, 5, 1, 1);  // 20 activations
  const int trials = 4000;
  std::array<int, 20> hits{};
  for (int t = 0; t < trials; ++t) {
    const auto a = wl::random_iacts(l, 0.25, false, rng);
    for (size_t i = 0; i < a.size(); ++i) hits[i] += a.data()[i] != 0;
  }
  const double expect = trials * 0.25, sigma = std::sqrt(trials * 0.25 * 0.75);
  for (int h : hits) EXPECT_NEAR(h, expect, 5 * sigma);
}

TEST(Generate, ValueRanges) {
  auto rng = ev2::tb::test_rng();
  const auto l = conv(64, 32, 32, 64, 3);
  const auto w = wl::random_weights(l, 1.0, rng);
  const auto [wmin, wmax] = std::minmax_element(w.data().begin(), w.data().end());
  EXPECT_EQ(*wmin, -128);  // 36864 uniform draws over 255 values reach both ends
  EXPECT_EQ(*wmax, 127);
  EXPECT_EQ(nonzeros(w), w.size());

  const auto u = wl::random_iacts(l, 1.0, false, rng);
  const auto [umin, umax] = std::minmax_element(u.data().begin(), u.data().end());
  EXPECT_GE(*umin, 1);
  EXPECT_LE(*umax, 255);
  double mean = 0;
  for (auto v : u.data()) mean += v;
  mean /= static_cast<double>(u.size());
  EXPECT_GT(mean, 12.0);  // skewed toward small values, like ReLU outputs (about 16)
  EXPECT_LT(mean, 20.0);
  auto sorted = u.data();
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2), sorted.end());
  EXPECT_LE(sorted[sorted.size() / 2], 12);

  const auto s = wl::random_iacts(l, 1.0, true, rng);
  const auto [smin, smax] = std::minmax_element(s.data().begin(), s.data().end());
  EXPECT_GE(*smin, -128);
  EXPECT_LE(*smax, 127);
  const auto negatives = std::count_if(s.data().begin(), s.data().end(), [](int16_t v) { return v < 0; });
  EXPECT_NEAR(static_cast<double>(negatives), static_cast<double>(s.size()) / 2,
              5 * std::sqrt(static_cast<double>(s.size()) / 4.0));
  EXPECT_EQ(nonzeros(s), s.size());

  const auto full = wl::random_iacts(l, 1.0, false, rng, wl::Placement::Exact, wl::ValueDist::Uniform);
  const auto [fmin, fmax] = std::minmax_element(full.data().begin(), full.data().end());
  EXPECT_EQ(*fmin, 1);
  EXPECT_EQ(*fmax, 255);
  const auto sfull = wl::random_iacts(l, 1.0, true, rng, wl::Placement::Exact, wl::ValueDist::Uniform);
  const auto [sfmin, sfmax] = std::minmax_element(sfull.data().begin(), sfull.data().end());
  EXPECT_EQ(*sfmin, -128);
  EXPECT_EQ(*sfmax, 127);
}

TEST(Generate, SameSeedSameTensors) {
  const auto l = conv(8, 14, 14, 16, 3);
  for (auto placement : {wl::Placement::Exact, wl::Placement::Bernoulli}) {
    ev2::tb::Rng a(1234), b(1234), c(1235);
    EXPECT_EQ(wl::random_weights(l, 0.4, a, placement), wl::random_weights(l, 0.4, b, placement));
    EXPECT_EQ(wl::random_iacts(l, 0.6, false, a, placement), wl::random_iacts(l, 0.6, false, b, placement));
    EXPECT_EQ(wl::random_iacts(l, 0.6, true, a, placement), wl::random_iacts(l, 0.6, true, b, placement));
    EXPECT_FALSE(wl::random_weights(l, 0.4, c, placement) == wl::random_weights(l, 0.4, b, placement));
  }
}

// A fixed seed gives fixed values on every machine (integer-only sampling): pin a few.
TEST(Generate, StreamIsPinned) {
  ev2::tb::Rng rng(42);
  const auto l = conv(2, 3, 3, 2, 1);
  const auto w = wl::random_weights(l, 0.5, rng);
  const auto a = wl::random_iacts(l, 0.5, false, rng);
  std::string ws, as;
  for (auto v : w.data()) ws += std::to_string(v) + " ";
  for (auto v : a.data()) as += std::to_string(v) + " ";
  EXPECT_EQ(ws, "0 37 0 84 ");
  EXPECT_EQ(as, "7 50 0 22 13 20 0 0 0 0 1 4 23 0 6 0 0 0 ");
}

TEST(Generate, RejectsBadArguments) {
  auto rng = ev2::tb::test_rng();
  const auto l = conv(4, 4, 4, 4, 3);
  for (double d : {-0.01, 1.01, std::numeric_limits<double>::quiet_NaN()}) {
    EXPECT_THROW(wl::random_weights(l, d, rng), std::invalid_argument);
    EXPECT_THROW(wl::random_iacts(l, d, false, rng), std::invalid_argument);
  }
  LayerShape pool = conv(4, 4, 4, 4, 2);
  pool.kind = LayerKind::Pool;
  EXPECT_THROW(wl::random_weights(pool, 0.5, rng), std::invalid_argument);
  EXPECT_EQ(wl::random_iacts(pool, 0.5, false, rng).size(), 64u);
  EXPECT_THROW(wl::random_weights(conv(4, 2, 2, 4, 3), 0.5, rng), std::invalid_argument);  // kernel > input
}
