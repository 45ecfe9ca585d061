// Host-side pooling: hand cases (padding, round-half-up ties, signed inputs), a random check
// against a padded-copy implementation, and validation.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "harness/seed.hpp"
#include "helpers.hpp"
#include "model/pooling.hpp"

namespace ev2 {
namespace {

using test::expect_invalid;
using test::make;

LayerShape pool_shape(PoolKind kind, int N, int C, int H, int W, int R, int S, int U, int pad_h = 0, int pad_w = 0) {
  return LayerShape{.name = "pool",
                    .kind = LayerKind::Pool,
                    .N = N,
                    .C = C,
                    .H = H,
                    .W = W,
                    .M = C,
                    .R = R,
                    .S = S,
                    .U = U,
                    .pad_h = pad_h,
                    .pad_w = pad_w,
                    .G = 1,
                    .pool = kind};
}

TEST(model_pooling, Max2x2Stride2) {
  // 1 5 | 2 0
  // 3 4 | 8 1      -> 5 8
  // ----+----         9 7
  // 0 0 | 7 6
  // 9 2 | 3 3
  const auto x = make<int16_t>(1, 1, 4, 4, {1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 7, 6, 9, 2, 3, 3});
  EXPECT_EQ(pool2d(pool_shape(PoolKind::Max, 1, 1, 4, 4, 2, 2, 2), x), make<int16_t>(1, 1, 2, 2, {5, 8, 9, 7}));
}

TEST(model_pooling, MaxIgnoresPaddingForSignedInputs) {
  // x = -5 -3 / -7 -9, 2x2 window, stride 1, pad 1: 3x3 output. Padding is never a candidate,
  // so windows holding only negatives stay negative (zero padding would give 0 everywhere on
  // the border).
  //   row 0: {-5}, {-5,-3}, {-3}          -> -5 -3 -3
  //   row 1: {-5,-7}, all four, {-3,-9}   -> -5 -3 -3
  //   row 2: {-7}, {-7,-9}, {-9}          -> -7 -7 -9
  const auto x = make<int16_t>(1, 1, 2, 2, {-5, -3, -7, -9});
  EXPECT_EQ(pool2d(pool_shape(PoolKind::Max, 1, 1, 2, 2, 2, 2, 1, 1, 1), x),
            make<int16_t>(1, 1, 3, 3, {-5, -3, -3, -5, -3, -3, -7, -7, -9}));
}

TEST(model_pooling, AvgRoundsHalfUp) {
  // Signed 2x6 input, 2x2 windows, stride 2: sums -10, 10, -11 over 4 ->
  //   -2.5 -> -2,  2.5 -> 3,  -2.75 -> -3
  const auto x = make<int16_t>(1, 1, 2, 6, {-1, -2, 1, 2, -2, -3, /**/ -3, -4, 3, 4, -3, -3});
  EXPECT_EQ(pool2d(pool_shape(PoolKind::Avg, 1, 1, 2, 6, 2, 2, 2), x), make<int16_t>(1, 1, 1, 3, {-2, 3, -3}));
}

TEST(model_pooling, AvgCountsPaddingInTheDivisor) {
  // x = 6 8 / 12 16, 2x2 window, stride 1, pad 1: every window divides by 4, padding adds 0.
  //   row 0: 6/4 = 1.5 -> 2      14/4 = 3.5 -> 4     8/4 = 2
  //   row 1: 18/4 = 4.5 -> 5     42/4 = 10.5 -> 11   24/4 = 6
  //   row 2: 12/4 = 3            28/4 = 7            16/4 = 4
  const auto x = make<int16_t>(1, 1, 2, 2, {6, 8, 12, 16});
  EXPECT_EQ(pool2d(pool_shape(PoolKind::Avg, 1, 1, 2, 2, 2, 2, 1, 1, 1), x),
            make<int16_t>(1, 1, 3, 3, {2, 4, 2, 5, 11, 6, 3, 7, 4}));
}

TEST(model_pooling, GlobalAvgPerChannelAndImage) {
  // N = 2, C = 2, global 3x3 average (divisor 9):
  //   n0 c0: 1..9 sums to 45 -> 5       n0 c1: all 255 -> 255
  //   n1 c0: 8 ones -> 8/9 = 0.89 -> 1  n1 c1: 4 -> 0.44 -> 0
  ActTensor x(2, 2, 3, 3);
  for (int i = 0; i < 9; ++i) {
    x.at(0, 0, i / 3, i % 3) = static_cast<int16_t>(i + 1);
    x.at(0, 1, i / 3, i % 3) = 255;
    x.at(1, 0, i / 3, i % 3) = i == 4 ? 0 : 1;
  }
  x.at(1, 1, 1, 1) = 4;
  EXPECT_EQ(pool2d(pool_shape(PoolKind::Avg, 2, 2, 3, 3, 3, 3, 1), x), make<int16_t>(2, 2, 1, 1, {5, 255, 1, 0}));
}

// Independent version: copy into a padded plane (sentinel for max, 0 for avg), then reduce each
// window; avg rounds in floating point (exact enough: ties are exact, near-ties are >= 1/R*S away).
ActTensor naive_pool(const LayerShape& s, const ActTensor& x) {
  const int Hp = s.H + 2 * s.pad_h, Wp = s.W + 2 * s.pad_w;
  const int E = (Hp - s.R) / s.U + 1, F = (Wp - s.S) / s.U + 1;
  const bool is_max = s.pool == PoolKind::Max;
  ActTensor out(s.N, s.C, E, F);
  for (int n = 0; n < s.N; ++n)
    for (int c = 0; c < s.C; ++c) {
      std::vector<int> padded(static_cast<size_t>(Hp) * Wp, is_max ? std::numeric_limits<int>::min() : 0);
      for (int h = 0; h < s.H; ++h)
        for (int w = 0; w < s.W; ++w) padded[static_cast<size_t>(h + s.pad_h) * Wp + w + s.pad_w] = x.at(n, c, h, w);
      for (int e = 0; e < E; ++e)
        for (int f = 0; f < F; ++f) {
          int best = std::numeric_limits<int>::min();
          long sum = 0;
          for (int r = 0; r < s.R; ++r)
            for (int q = 0; q < s.S; ++q) {
              const int v = padded[static_cast<size_t>(e * s.U + r) * Wp + f * s.U + q];
              best = std::max(best, v);
              sum += v;
            }
          out.at(n, c, e, f) =
              static_cast<int16_t>(is_max ? best : std::floor(static_cast<double>(sum) / (s.R * s.S) + 0.5));
        }
    }
  return out;
}

TEST(model_pooling, RandomMatchesPaddedCopy) {
  auto rng = tb::test_rng();
  for (int iter = 0; iter < 400; ++iter) {
    const auto kind = rng.bernoulli(0.5) ? PoolKind::Max : PoolKind::Avg;
    const int R = static_cast<int>(rng.uniform(1, 4)), S = static_cast<int>(rng.uniform(1, 4));
    const int pad_h = static_cast<int>(rng.uniform(0, R - 1)), pad_w = static_cast<int>(rng.uniform(0, S - 1));
    const int H = static_cast<int>(rng.uniform(std::max(1, R - 2 * pad_h), 9));
    const int W = static_cast<int>(rng.uniform(std::max(1, S - 2 * pad_w), 9));
    const auto s = pool_shape(kind, static_cast<int>(rng.uniform(1, 2)), static_cast<int>(rng.uniform(1, 3)), H, W, R,
                              S, static_cast<int>(rng.uniform(1, 3)), pad_h, pad_w);
    ASSERT_EQ(s.check(), "");
    SCOPED_TRACE(fmt::format("iter {} {} N={} C={} H={} W={} R={} S={} U={} pad={},{}", iter,
                             kind == PoolKind::Max ? "max" : "avg", s.N, s.C, H, W, R, S, s.U, pad_h, pad_w));
    ActTensor x(s.N, s.C, H, W);
    test::fill_acts(x, rng, rng.bernoulli(0.5), 0.3);
    ASSERT_EQ(pool2d(s, x), naive_pool(s, x));
  }
}

TEST(model_pooling, RejectsBadInputs) {
  const auto good = pool_shape(PoolKind::Max, 1, 2, 4, 4, 2, 2, 2);
  expect_invalid([&] { pool2d(good, ActTensor(1, 3, 4, 4)); }, {"iact tensor is 1x3x4x4", "C: 3 != 2"});
  auto conv = good;
  conv.kind = LayerKind::Conv;
  expect_invalid([&] { pool2d(conv, ActTensor(1, 2, 4, 4)); }, {"not a pool layer"});
  auto padded = good;
  padded.pad_h = 2;
  expect_invalid([&] { pool2d(padded, ActTensor(1, 2, 4, 4)); }, {"pad_h=2", "R=2"});
  padded = good;
  padded.pad_w = 3;
  expect_invalid([&] { pool2d(padded, ActTensor(1, 2, 4, 4)); }, {"pad_w=3"});
  auto channels = good;
  channels.M = 3;
  expect_invalid([&] { pool2d(channels, ActTensor(1, 2, 4, 4)); }, {"M=3"});
  expect_invalid([&] { pool2d(good, ActTensor(1, 2, 4, 4, 256)); }, {"iact value 256"});
}

}  // namespace
}  // namespace ev2
