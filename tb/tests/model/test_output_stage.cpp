// Output stage: hand cases for every step of the formula, random checks against an __int128
// restatement of it, the tensor form and parameter validation.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "harness/seed.hpp"
#include "helpers.hpp"
#include "model/arith.hpp"
#include "model/conv.hpp"
#include "model/output_stage.hpp"

namespace ev2 {
namespace {

using test::expect_invalid;
using test::make;

// Shorthand: signed output, no ReLU, bias 0, unless given.
int16_t os(int32_t psum, uint16_t mult, uint8_t shift, bool relu = false, bool out_signed = true, int32_t bias = 0) {
  return output_stage_one(psum, bias, mult, shift, relu, out_signed);
}

TEST(model_output_stage, RoundHalfUp) {
  // k = 1: prod / 2 rounded half toward +inf.
  EXPECT_EQ(os(3, 1, 1), 2);    //  1.5  ->  2   ((3 + 1) >> 1)
  EXPECT_EQ(os(-3, 1, 1), -1);  // -1.5  -> -1   ((-3 + 1) >> 1 = -2 >> 1)
  EXPECT_EQ(os(1, 1, 1), 1);    //  0.5  ->  1
  EXPECT_EQ(os(-1, 1, 1), 0);   // -0.5  ->  0
  // k = 2: quarters.
  EXPECT_EQ(os(5, 1, 2), 1);    //  1.25 ->  1
  EXPECT_EQ(os(6, 1, 2), 2);    //  1.5  ->  2
  EXPECT_EQ(os(7, 1, 2), 2);    //  1.75 ->  2
  EXPECT_EQ(os(-5, 1, 2), -1);  // -1.25 -> -1   ((-5 + 2) >> 2 = -3 >> 2 = -1)
  EXPECT_EQ(os(-6, 1, 2), -1);  // -1.5  -> -1
  EXPECT_EQ(os(-7, 1, 2), -2);  // -1.75 -> -2   ((-7 + 2) >> 2 = -5 >> 2 = -2)
}

TEST(model_output_stage, ShiftZeroIsNoRounding) {
  EXPECT_EQ(os(97, 1, 0), 97);
  EXPECT_EQ(os(-97, 1, 0), -97);
  EXPECT_EQ(os(50, 2, 0, false, false), 100);  // 50 * 2
  EXPECT_EQ(os(0, 65535, 0), 0);
}

TEST(model_output_stage, BiasIsAddedBeforeTheMultiply) {
  // s = 1 + 2 = 3, prod = 15, (15 + 2) >> 2 = 4 (3.75 -> 4). Bias after the multiply would give
  // (5 + 2 + 2) >> 2 = 2.
  EXPECT_EQ(os(1, 5, 2, false, true, /*bias=*/2), 4);
  EXPECT_EQ(os(100, 1, 0, false, true, /*bias=*/-3), 97);
}

TEST(model_output_stage, Relu) {
  EXPECT_EQ(os(-50, 1, 0, /*relu=*/true, /*signed=*/true), 0);
  EXPECT_EQ(os(-50, 1, 0, /*relu=*/true, /*signed=*/false), 0);
  EXPECT_EQ(os(-50, 1, 0, /*relu=*/false, /*signed=*/true), -50);
  EXPECT_EQ(os(50, 1, 0, /*relu=*/true, /*signed=*/true), 50);
  // ReLU acts after rounding: -1 rounds to 0 (-0.5 -> 0), -3 to -1 then ReLU gives 0.
  EXPECT_EQ(os(-3, 1, 1, /*relu=*/true), 0);
}

TEST(model_output_stage, Saturation) {
  EXPECT_EQ(os(1000, 1, 0, false, /*signed=*/true), 127);
  EXPECT_EQ(os(-1000, 1, 0, false, /*signed=*/true), -128);
  EXPECT_EQ(os(127, 1, 0, false, true), 127);
  EXPECT_EQ(os(-128, 1, 0, false, true), -128);
  EXPECT_EQ(os(128, 1, 0, false, true), 127);
  EXPECT_EQ(os(1000, 1, 0, false, /*signed=*/false), 255);
  EXPECT_EQ(os(255, 1, 0, false, false), 255);
  EXPECT_EQ(os(256, 1, 0, false, false), 255);
  EXPECT_EQ(os(-1, 1, 0, false, /*signed=*/false), 0);
  const auto hi = output_stage_steps(200, 0, 1, 0, false, true);
  EXPECT_EQ(hi.saturated, 1);
  const auto lo = output_stage_steps(-1, 0, 1, 0, false, false);
  EXPECT_EQ(lo.saturated, -1);
  const auto relu = output_stage_steps(-1, 0, 1, 0, true, false);
  EXPECT_EQ(relu.saturated, 0) << "negatives removed by ReLU are not clipping";
}

TEST(model_output_stage, ExtremesUseTheFullWidth) {
  // s = -2^20, prod = -2^20 * 65535 = -68718428160 (37-bit), + 2^30 then >> 31: -31.5.. -> -32.
  const auto lo = output_stage_steps(PSUM_MIN, PSUM_MIN, 65535, 31, false, true);
  EXPECT_EQ(lo.sum, -1048576);
  EXPECT_EQ(lo.prod, -68718428160);
  EXPECT_EQ(lo.rounded, -32);
  EXPECT_EQ(lo.out, -32);
  // s = 2^20 - 2, prod = 68718297090; prod + 2^30 = 69792038914 needs 38 bits; >> 31 = 32.
  const auto hi = output_stage_steps(PSUM_MAX, PSUM_MAX, 65535, 31, false, true);
  EXPECT_EQ(hi.sum, 1048574);
  EXPECT_EQ(hi.prod, 68718297090);
  EXPECT_EQ(hi.rounded, 32);
  // With k = 0 the product itself saturates.
  EXPECT_EQ(os(PSUM_MAX, 65535, 0), 127);
  EXPECT_EQ(os(PSUM_MIN, 65535, 0), -128);
}

TEST(model_output_stage, StepsReportIntermediates) {
  // p = -40, b = 10: s = -30; m = 3: prod = -90; k = 2: (-90 + 2) >> 2 = -88 >> 2 = -22; ReLU -> 0.
  const auto st = output_stage_steps(-40, 10, 3, 2, true, false);
  EXPECT_EQ(st.sum, -30);
  EXPECT_EQ(st.prod, -90);
  EXPECT_EQ(st.rounded, -22);
  EXPECT_EQ(st.relu, 0);
  EXPECT_EQ(st.out, 0);
  EXPECT_EQ(st.saturated, 0);
}

// The formula restated independently: r = floor((2 * prod + 2^k) / 2^(k+1)), i.e. round(prod / 2^k)
// with ties up, for every k including 0, in __int128 with an explicit floor division.
__extension__ typedef __int128 i128;  // __extension__: GCC/Clang builtin, quiet under -Wpedantic

i128 floor_div(i128 a, i128 b) {
  i128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int16_t reference(int32_t p, int32_t b, uint16_t m, int k, bool relu, bool out_signed, int* sat) {
  const i128 prod = (static_cast<i128>(p) + b) * m;
  i128 r = floor_div(2 * prod + (static_cast<i128>(1) << k), static_cast<i128>(1) << (k + 1));
  if (relu && r < 0) r = 0;
  const i128 lo = out_signed ? -128 : 0, hi = out_signed ? 127 : 255;
  *sat = r < lo ? -1 : r > hi ? 1 : 0;
  return static_cast<int16_t>(r < lo ? lo : r > hi ? hi : r);
}

TEST(model_output_stage, RandomMatchesInt128Formula) {
  auto rng = tb::test_rng();
  for (int i = 0; i < 300000; ++i) {
    // Mix full-range values with small ones, where rounding and saturation boundaries live.
    const bool small = rng.bernoulli(0.5);
    const auto p = static_cast<int32_t>(small ? rng.uniform(-300, 300) : rng.uniform(PSUM_MIN, PSUM_MAX));
    const auto b = static_cast<int32_t>(small ? rng.uniform(-300, 300) : rng.uniform(PSUM_MIN, PSUM_MAX));
    const auto m = static_cast<uint16_t>(rng.bernoulli(0.3) ? rng.uniform(0, 4) : rng.uniform(0, 65535));
    const auto k = static_cast<uint8_t>(rng.uniform(0, 31));
    const bool relu = rng.bernoulli(0.5), sgn = rng.bernoulli(0.5);
    int sat = 0;
    const int16_t want = reference(p, b, m, k, relu, sgn, &sat);
    const auto got = output_stage_steps(p, b, m, k, relu, sgn);
    ASSERT_EQ(got.out, want) << fmt::format("p={} b={} m={} k={} relu={} signed={}", p, b, m, k, relu, sgn);
    ASSERT_EQ(got.saturated, sat) << fmt::format("p={} b={} m={} k={} relu={} signed={}", p, b, m, k, relu, sgn);
  }
}

TEST(model_output_stage, TensorUsesPerChannelParams) {
  // N = 2, M = 2, 1x2 pixels. Channel 0: bias 1, mult 1, shift 0. Channel 1: bias 0, mult 3, shift 1.
  //   n0 ch0: (10, 200) + 1        -> (11, 127 clipped high)
  //   n0 ch1: (3, -100) * 3 / 2    -> (4.5 -> 5, -150 -> -128 clipped low)
  //   n1 ch0: (-129, 0) + 1        -> (-128, 1)
  //   n1 ch1: (-1, 1) * 3 / 2      -> (-1.5 -> -1, 1.5 -> 2)
  const auto psum = make<int32_t>(2, 2, 1, 2, {10, 200, 3, -100, -129, 0, -1, 1});
  const OutputStageParams params{{1, 0}, {1, 3}, {0, 1}, false, true};
  const auto res = output_stage(psum, params);
  EXPECT_EQ(res.oacts, make<int16_t>(2, 2, 1, 2, {11, 127, 5, -128, -128, 1, -1, 2}));
  EXPECT_EQ(res.saturated_high, 1u);
  EXPECT_EQ(res.saturated_low, 1u);
  EXPECT_EQ(res.saturated(), 2u);
}

TEST(model_output_stage, TensorMatchesScalarOnRandomData) {
  auto rng = tb::test_rng();
  for (int iter = 0; iter < 50; ++iter) {
    const int N = static_cast<int>(rng.uniform(1, 2)), M = static_cast<int>(rng.uniform(1, 8));
    const int E = static_cast<int>(rng.uniform(1, 5)), F = static_cast<int>(rng.uniform(1, 5));
    PsumTensor psum(N, M, E, F);
    for (auto& v : psum.data()) v = static_cast<int32_t>(rng.uniform(-20000, 20000));
    OutputStageParams p;
    for (int m = 0; m < M; ++m) {
      p.bias.push_back(static_cast<int32_t>(rng.uniform(-1000, 1000)));
      p.mult.push_back(static_cast<uint16_t>(rng.uniform(0, 65535)));
      p.shift.push_back(static_cast<uint8_t>(rng.uniform(10, 22)));
    }
    p.relu = rng.bernoulli(0.5);
    p.out_signed = rng.bernoulli(0.5);
    const auto res = output_stage(psum, p);
    uint64_t low = 0, high = 0;
    for (int n = 0; n < N; ++n)
      for (int m = 0; m < M; ++m)
        for (int e = 0; e < E; ++e)
          for (int f = 0; f < F; ++f) {
            int sat = 0;
            const auto want =
                reference(psum.at(n, m, e, f), p.bias[m], p.mult[m], p.shift[m], p.relu, p.out_signed, &sat);
            ASSERT_EQ(res.oacts.at(n, m, e, f), want);
            low += sat < 0;
            high += sat > 0;
          }
    EXPECT_EQ(res.saturated_low, low);
    EXPECT_EQ(res.saturated_high, high);
  }
}

TEST(model_output_stage, RejectsBadParams) {
  const PsumTensor psum(1, 3, 2, 2);
  auto good = OutputStageParams::uniform(3, 0, 1, 0, false, true);
  EXPECT_EQ(good.check(3), "");
  EXPECT_NO_THROW(output_stage(psum, good));

  auto p = good;
  p.bias.pop_back();
  expect_invalid([&] { output_stage(psum, p); }, {"bias has 2 entries", "M=3"});
  p = good;
  p.mult.push_back(1);
  expect_invalid([&] { output_stage(psum, p); }, {"mult has 4 entries"});
  p = good;
  p.shift = {};
  expect_invalid([&] { output_stage(psum, p); }, {"shift has 0 entries"});
  p = good;
  p.shift[2] = 32;
  expect_invalid([&] { output_stage(psum, p); }, {"shift[2]=32"});
  p = good;
  p.bias[1] = 524288;
  expect_invalid([&] { output_stage(psum, p); }, {"bias[1]=524288", "20-bit"});
  p = good;
  p.bias[0] = -524289;
  expect_invalid([&] { output_stage(psum, p); }, {"bias[0]=-524289"});

  PsumTensor wide(1, 3, 2, 2);
  wide.at(0, 1, 1, 0) = 600000;
  expect_invalid([&] { output_stage(wide, good); }, {"psum value 600000", "[0,1,1,0]"});
}

TEST(model_output_stage, ScalarRejectsBadInputs) {
  expect_invalid([] { output_stage_one(524288, 0, 1, 0, false, true); }, {"psum=524288"});
  expect_invalid([] { output_stage_one(0, -524289, 1, 0, false, true); }, {"bias=-524289"});
  expect_invalid([] { output_stage_one(0, 0, 1, 32, false, true); }, {"shift=32"});
}

TEST(model_output_stage, ToFixedPoint) {
  // 0.5 * 2^17 = 65536 is one too many, so shift 16, mult 32768.
  auto fp = to_fixed_point(0.5);
  EXPECT_EQ(fp.mult, 32768);
  EXPECT_EQ(fp.shift, 16);
  fp = to_fixed_point(1.0);
  EXPECT_EQ(fp.mult, 32768);
  EXPECT_EQ(fp.shift, 15);
  // 0.001 * 2^25 = 33554.43 -> 33554; 2^26 would need 67109.
  fp = to_fixed_point(0.001);
  EXPECT_EQ(fp.mult, 33554);
  EXPECT_EQ(fp.shift, 25);
  // ... and a psum of 1000 at that scale gives 1000 * 33554 / 2^25 = 0.99999 -> 1.
  EXPECT_EQ(output_stage_one(1000, 0, fp.mult, fp.shift, false, true), 1);
  fp = to_fixed_point(1e-12);  // below 2^-31 resolution
  EXPECT_EQ(fp.mult, 0);
  EXPECT_EQ(fp.shift, 31);
  fp = to_fixed_point(0.0);
  EXPECT_EQ(fp.mult, 0);
  fp = to_fixed_point(65535.0);
  EXPECT_EQ(fp.mult, 65535);
  EXPECT_EQ(fp.shift, 0);
  expect_invalid([] { to_fixed_point(70000.0); }, {"scale=70000"});
  expect_invalid([] { to_fixed_point(-0.5); }, {"scale=-0.5"});
}

TEST(model_output_stage, DocWorkedExample) {
  // docs/arithmetic.md section 5, number for number.
  const LayerShape shape{.name = "doc", .kind = LayerKind::Pointwise, .C = 3, .H = 1, .W = 1, .M = 1};
  const auto conv = conv2d(shape, make<int16_t>(1, 3, 1, 1, {200, 17, 0}), make<int8_t>(1, 3, 1, 1, {5, 60, -128}));
  EXPECT_EQ(conv.psum.at(0, 0, 0, 0), 2020);
  EXPECT_EQ(conv.overflow_count, 0u);
  const auto fp = to_fixed_point(0.0123);
  EXPECT_EQ(fp.mult, 51590);
  EXPECT_EQ(fp.shift, 22);
  const auto st = output_stage_steps(2020, -34, fp.mult, fp.shift, false, false);
  EXPECT_EQ(st.sum, 1986);
  EXPECT_EQ(st.prod, 102457740);
  EXPECT_EQ(st.out, 24);
  const auto neg = output_stage_steps(-700, 20, fp.mult, fp.shift, false, true);
  EXPECT_EQ(neg.prod, -35081200);
  EXPECT_EQ(neg.out, -8);
  EXPECT_EQ(output_stage_one(-700, 20, fp.mult, fp.shift, true, true), 0);
}

}  // namespace
}  // namespace ev2
