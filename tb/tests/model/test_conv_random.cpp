// Randomized checks of the reference convolution against an independent implementation
// (im2col + matrix multiply per group, wrap by modulo), plus the two properties the chip relies
// on: wrapping after every add in any order gives the same psums, and splitting the input
// channels over passes chained through initial psums gives the same psums.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "harness/seed.hpp"
#include "helpers.hpp"
#include "model/arith.hpp"
#include "model/conv.hpp"

namespace ev2 {
namespace {

std::string describe(const LayerShape& s) {
  return fmt::format("{} N={} C={} H={} W={} M={} R={} S={} U={} pad={},{} G={}", to_string(s.kind), s.N, s.C, s.H, s.W,
                     s.M, s.R, s.S, s.U, s.pad_h, s.pad_w, s.G);
}

// ---- Independent model: im2col + GEMM, exact int64, wrap by modulo ----------------------------

struct Naive {
  WideTensor exact;
  PsumTensor psum;
  uint64_t overflows = 0;
};

int64_t wrap_by_mod(int64_t v) {
  constexpr int64_t mod = int64_t{1} << 20;
  const int64_t r = ((v % mod) + mod) % mod;
  return r >= mod / 2 ? r - mod : r;
}

Naive naive_conv(const LayerShape& s, const ActTensor& x, const WeightTensor& w) {
  const int E = (s.H + 2 * s.pad_h - s.R) / s.U + 1;
  const int F = (s.W + 2 * s.pad_w - s.S) / s.U + 1;
  const int Cg = s.C / s.G, Mg = s.M / s.G, K = Cg * s.R * s.S, P = E * F;
  Naive out{WideTensor(s.N, s.M, E, F), PsumTensor(s.N, s.M, E, F), 0};
  for (int n = 0; n < s.N; ++n) {
    for (int g = 0; g < s.G; ++g) {
      // cols[k][p]: k = (c, r, s) within the group, p = output pixel; padding reads 0.
      std::vector<int64_t> cols(static_cast<size_t>(K) * P, 0);
      for (int c = 0; c < Cg; ++c)
        for (int r = 0; r < s.R; ++r)
          for (int q = 0; q < s.S; ++q) {
            const int k = (c * s.R + r) * s.S + q;
            for (int e = 0; e < E; ++e)
              for (int f = 0; f < F; ++f) {
                const int h = e * s.U + r - s.pad_h, ww = f * s.U + q - s.pad_w;
                if (h >= 0 && h < s.H && ww >= 0 && ww < s.W)
                  cols[static_cast<size_t>(k) * P + e * F + f] = x.at(n, g * Cg + c, h, ww);
              }
          }
      // [Mg x K] * [K x P]; the weight tensor's row m is already (c, r, s)-ordered like k.
      for (int mm = 0; mm < Mg; ++mm) {
        const int m = g * Mg + mm;
        const int8_t* wrow = &w.data()[w.index(m, 0, 0, 0)];
        for (int p = 0; p < P; ++p) {
          int64_t acc = 0;
          for (int k = 0; k < K; ++k) acc += int64_t{wrow[k]} * cols[static_cast<size_t>(k) * P + p];
          out.exact.at(n, m, p / F, p % F) = acc;
          out.psum.at(n, m, p / F, p % F) = static_cast<int32_t>(wrap_by_mod(acc));
          if (acc < -(1 << 19) || acc > (1 << 19) - 1) ++out.overflows;
        }
      }
    }
  }
  return out;
}

// ---- Random layers --------------------------------------------------------------------------

struct Case {
  LayerShape shape;
  ActTensor x;
  WeightTensor w;
};

// A random valid layer of any kind. `hot` picks extreme values and deep reductions so that
// many outputs overflow 20 bits.
Case random_case(tb::Rng& rng, bool hot) {
  LayerShape s;
  s.name = "rand";
  s.N = static_cast<int>(rng.uniform(1, 2));
  const int flavour = static_cast<int>(rng.uniform(0, 4));
  const int Cg = static_cast<int>(hot ? rng.uniform(4, 16) : rng.uniform(1, 4));
  if (flavour == 0) {  // depthwise, maybe with channel multiplier
    s.kind = LayerKind::Depthwise;
    s.G = s.C = static_cast<int>(rng.uniform(1, 5));
    s.M = s.C * static_cast<int>(rng.uniform(1, 2));
  } else {
    s.G = flavour == 1 ? static_cast<int>(rng.uniform(2, 3)) : 1;
    s.C = s.G * Cg;
    s.M = s.G * static_cast<int>(rng.uniform(1, 4));
  }
  if (flavour == 4) {  // fc
    s.kind = LayerKind::FC;
    s.H = static_cast<int>(rng.uniform(1, 4));
    s.W = static_cast<int>(rng.uniform(1, 4));
    s.R = s.H;
    s.S = s.W;
  } else {
    s.H = static_cast<int>(rng.uniform(1, 9));
    s.W = static_cast<int>(rng.uniform(1, 9));
    s.pad_h = static_cast<int>(rng.uniform(0, 2));
    s.pad_w = static_cast<int>(rng.uniform(0, 2));
    s.R = static_cast<int>(rng.uniform(1, std::min(5, s.H + 2 * s.pad_h)));
    s.S = static_cast<int>(rng.uniform(1, std::min(5, s.W + 2 * s.pad_w)));
    s.U = static_cast<int>(rng.uniform(1, 4));
    if (s.R == 1 && s.S == 1 && s.kind == LayerKind::Conv && s.G == 1 && rng.bernoulli(0.5))
      s.kind = LayerKind::Pointwise;
  }
  Case c{s, ActTensor(s.N, s.C, s.H, s.W), WeightTensor(s.M, s.C_per_group(), s.R, s.S)};
  const bool is_signed = rng.bernoulli(0.5);
  if (hot) {
    // Same-sign extreme products push sums far past 2^19.
    for (auto& v : c.x.data())
      v = static_cast<int16_t>(is_signed ? rng.pick<int>({-128, -127}) : rng.pick<int>({255, 254}));
    for (auto& v : c.w.data())
      v = static_cast<int8_t>(is_signed ? rng.pick<int>({-128, -127}) : rng.pick<int>({127, 126}));
  } else {
    test::fill_acts(c.x, rng, is_signed, rng.pick<double>({0.0, 0.5}));
    test::fill_weights(c.w, rng, rng.pick<double>({0.0, 0.5}));
  }
  return c;
}

TEST(model_conv_random, MatchesIm2colGemm) {
  auto rng = tb::test_rng();
  uint64_t overflows = 0;
  for (int iter = 0; iter < 600; ++iter) {
    const bool hot = iter % 4 == 3;
    const auto c = random_case(rng, hot);
    ASSERT_EQ(c.shape.check(), "") << describe(c.shape);
    SCOPED_TRACE(fmt::format("iter {} {}", iter, describe(c.shape)));
    const auto got = conv2d(c.shape, c.x, c.w);
    const auto want = naive_conv(c.shape, c.x, c.w);
    ASSERT_EQ(got.exact, want.exact);
    ASSERT_EQ(got.psum, want.psum);
    ASSERT_EQ(got.overflow_count, want.overflows);
    overflows += got.overflow_count;
  }
  EXPECT_GT(overflows, 100u) << "the hot cases should have exercised the wrap";
}

TEST(model_conv_random, WrapOnEveryAddInAnyOrderIsTheSame) {
  // What the RTL does: start from an initial psum, add one 20-bit-wrapped product at a time, in
  // whatever order the mapping produces.
  auto rng = tb::test_rng();
  for (int iter = 0; iter < 200; ++iter) {
    const auto c = random_case(rng, iter % 2 == 0);
    const auto& s = c.shape;
    SCOPED_TRACE(fmt::format("iter {} {}", iter, describe(s)));
    PsumTensor init(s.N, s.M, s.E(), s.F());
    for (auto& v : init.data()) v = static_cast<int32_t>(rng.uniform(PSUM_MIN, PSUM_MAX));
    const auto got = conv2d(s, c.x, c.w, init);
    for (int n = 0; n < s.N; ++n)
      for (int m = 0; m < s.M; ++m)
        for (int e = 0; e < s.E(); ++e)
          for (int f = 0; f < s.F(); ++f) {
            std::vector<int32_t> products;
            const int g = m / s.M_per_group();
            for (int cg = 0; cg < s.C_per_group(); ++cg)
              for (int r = 0; r < s.R; ++r)
                for (int q = 0; q < s.S; ++q) {
                  const int h = e * s.U - s.pad_h + r, x = f * s.U - s.pad_w + q;
                  if (h < 0 || h >= s.H || x < 0 || x >= s.W) continue;
                  products.push_back(int32_t{c.w.at(m, cg, r, q)} * c.x.at(n, g * s.C_per_group() + cg, h, x));
                }
            for (size_t i = products.size(); i > 1; --i)  // Fisher-Yates with our own RNG
              std::swap(products[i - 1], products[static_cast<size_t>(rng.uniform(0, static_cast<int64_t>(i) - 1))]);
            int32_t acc = init.at(n, m, e, f);
            for (int32_t p : products) acc = psum_add(acc, wrap_psum(p));
            ASSERT_EQ(got.psum.at(n, m, e, f), acc) << "output " << n << "," << m << "," << e << "," << f;
          }
  }
}

TEST(model_conv_random, ChannelSplitChainsThroughInitialPsums) {
  auto rng = tb::test_rng();
  for (int iter = 0; iter < 200; ++iter) {
    LayerShape s;
    s.name = "split";
    s.N = static_cast<int>(rng.uniform(1, 2));
    s.C = static_cast<int>(rng.uniform(2, 24));
    s.M = static_cast<int>(rng.uniform(1, 4));
    s.H = static_cast<int>(rng.uniform(3, 7));  // >= the largest kernel, so any padding is valid
    s.W = static_cast<int>(rng.uniform(3, 7));
    s.R = static_cast<int>(rng.uniform(1, 3));
    s.S = static_cast<int>(rng.uniform(1, 3));
    s.U = static_cast<int>(rng.uniform(1, 2));
    s.pad_h = static_cast<int>(rng.uniform(0, 1));
    s.pad_w = static_cast<int>(rng.uniform(0, 1));
    ASSERT_EQ(s.check(), "");
    SCOPED_TRACE(fmt::format("iter {} {}", iter, describe(s)));
    ActTensor x(s.N, s.C, s.H, s.W);
    WeightTensor w(s.M, s.C, s.R, s.S);
    test::fill_acts(x, rng, rng.bernoulli(0.5));
    test::fill_weights(w, rng);
    const auto whole = conv2d(s, x, w);

    // Pass 1 takes channels [0, C1), pass 2 [C1, C) starting from pass 1's psums.
    const int C1 = static_cast<int>(rng.uniform(1, s.C - 1));
    auto part = [&](int c_begin, int c_end) {
      LayerShape p = s;
      p.C = c_end - c_begin;
      ActTensor px(s.N, p.C, s.H, s.W);
      WeightTensor pw(s.M, p.C, s.R, s.S);
      for (int n = 0; n < s.N; ++n)
        for (int c = 0; c < p.C; ++c)
          for (int h = 0; h < s.H; ++h)
            for (int ww = 0; ww < s.W; ++ww) px.at(n, c, h, ww) = x.at(n, c_begin + c, h, ww);
      for (int m = 0; m < s.M; ++m)
        for (int c = 0; c < p.C; ++c)
          for (int r = 0; r < s.R; ++r)
            for (int q = 0; q < s.S; ++q) pw.at(m, c, r, q) = w.at(m, c_begin + c, r, q);
      return std::tuple{p, px, pw};
    };
    const auto [s1, x1, w1] = part(0, C1);
    const auto [s2, x2, w2] = part(C1, s.C);
    const auto first = conv2d(s1, x1, w1);
    const auto second = conv2d(s2, x2, w2, first.psum);
    ASSERT_EQ(second.psum, whole.psum);
  }
}

}  // namespace
}  // namespace ev2
