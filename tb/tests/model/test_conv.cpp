// Reference convolution: hand-computed cases (expected values worked out in the comments), the
// 20-bit wrap boundary, initial psums and input validation.
#include <gtest/gtest.h>

#include "helpers.hpp"
#include "model/arith.hpp"
#include "model/conv.hpp"

namespace ev2 {
namespace {

using test::expect_invalid;
using test::make;

LayerShape conv_shape(int N, int C, int H, int W, int M, int R, int S, int U = 1, int pad_h = 0, int pad_w = 0,
                      int G = 1, LayerKind kind = LayerKind::Conv) {
  return LayerShape{.name = "t",
                    .kind = kind,
                    .N = N,
                    .C = C,
                    .H = H,
                    .W = W,
                    .M = M,
                    .R = R,
                    .S = S,
                    .U = U,
                    .pad_h = pad_h,
                    .pad_w = pad_w,
                    .G = G};
}

TEST(model_conv, Hand3x3Kernel2x2) {
  // x = 1 2 3    w = 1 -1
  //     4 5 6        2  0
  //     7 8 9
  // out(e,f) = x(e,f) - x(e,f+1) + 2 x(e+1,f)
  //   (0,0) = 1 - 2 + 8  = 7     (0,1) = 2 - 3 + 10 = 9
  //   (1,0) = 4 - 5 + 14 = 13    (1,1) = 5 - 6 + 16 = 15
  const auto shape = conv_shape(1, 1, 3, 3, 1, 2, 2);
  const auto x = make<int16_t>(1, 1, 3, 3, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  const auto w = make<int8_t>(1, 1, 2, 2, {1, -1, 2, 0});
  const auto out = conv2d(shape, x, w);
  EXPECT_EQ(out.psum, make<int32_t>(1, 1, 2, 2, {7, 9, 13, 15}));
  EXPECT_EQ(out.overflow_count, 0u);
}

TEST(model_conv, HandStride2Pad1) {
  // Same x, padded by one zero on every side; w = 1 2 / 3 4; stride 2: E = (3+2-2)/2+1 = 2.
  // Windows start at rows/cols -1 and 1:
  //   (0,0): rows -1..0, cols -1..0: only x(0,0) under w(1,1):        4*1             = 4
  //   (0,1): rows -1..0, cols  1..2: x(0,1), x(0,2) under w(1,0..1):  3*2 + 4*3       = 18
  //   (1,0): rows  1..2, cols -1..0: x(1,0), x(2,0) under w(0..1,1):  2*4 + 4*7       = 36
  //   (1,1): rows  1..2, cols  1..2: 1*5 + 2*6 + 3*8 + 4*9                            = 77
  const auto shape = conv_shape(1, 1, 3, 3, 1, 2, 2, /*U=*/2, /*pad_h=*/1, /*pad_w=*/1);
  const auto x = make<int16_t>(1, 1, 3, 3, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  const auto w = make<int8_t>(1, 1, 2, 2, {1, 2, 3, 4});
  const auto out = conv2d(shape, x, w);
  EXPECT_EQ(out.psum, make<int32_t>(1, 1, 2, 2, {4, 18, 36, 77}));
}

TEST(model_conv, HandAsymmetricPadding) {
  // 1x4 input x = 1 2 3 4, 1x3 kernel w = 1 10 100, pad_h = 0, pad_w = 1, stride 1: F = 4.
  //   f=0: [0 1 2] -> 10*1 + 100*2        = 210
  //   f=1: [1 2 3] -> 1 + 20 + 300 = 321   f=2: [2 3 4] -> 2 + 30 + 400 = 432
  //   f=3: [3 4 0] -> 3 + 40              = 43
  const auto shape = conv_shape(1, 1, 1, 4, 1, 1, 3, 1, /*pad_h=*/0, /*pad_w=*/1);
  const auto out = conv2d(shape, make<int16_t>(1, 1, 1, 4, {1, 2, 3, 4}), make<int8_t>(1, 1, 1, 3, {1, 10, 100}));
  EXPECT_EQ(out.psum, make<int32_t>(1, 1, 1, 4, {210, 321, 432, 43}));
}

TEST(model_conv, HandDepthwiseTwoChannels) {
  // Depthwise, C = M = G = 2, 3x3 input, 2x2 kernel: each channel only sees its own filter.
  // ch0: x = 1..9 (row-major), w = 1 0 / 0 -1: out = x(e,f) - x(e+1,f+1) = -4 everywhere.
  // ch1: x = 1 0 2 / 0 3 0 / 4 0 5, w = 2 -1 / 0 3: out = 2 x(e,f) - x(e,f+1) + 3 x(e+1,f+1)
  //   (0,0) = 2 - 0 + 9 = 11    (0,1) = 0 - 2 + 0 = -2
  //   (1,0) = 0 - 3 + 0 = -3    (1,1) = 6 - 0 + 15 = 21
  const auto shape = conv_shape(1, 2, 3, 3, 2, 2, 2, 1, 0, 0, /*G=*/2, LayerKind::Depthwise);
  const auto x = make<int16_t>(1, 2, 3, 3, {1, 2, 3, 4, 5, 6, 7, 8, 9, /**/ 1, 0, 2, 0, 3, 0, 4, 0, 5});
  const auto w = make<int8_t>(2, 1, 2, 2, {1, 0, 0, -1, /**/ 2, -1, 0, 3});
  const auto out = conv2d(shape, x, w);
  EXPECT_EQ(out.psum, make<int32_t>(1, 2, 2, 2, {-4, -4, -4, -4, /**/ 11, -2, -3, 21}));
}

TEST(model_conv, HandDepthwiseChannelMultiplier) {
  // Depthwise with M = 2C: filters 0,1 read channel 0 and filters 2,3 read channel 1.
  // 1x1 input x = (3, 5), 1x1 weights (1, 2, 10, -1) -> (3, 6, 50, -5).
  const auto shape = conv_shape(1, 2, 1, 1, 4, 1, 1, 1, 0, 0, /*G=*/2, LayerKind::Depthwise);
  const auto out = conv2d(shape, make<int16_t>(1, 2, 1, 1, {3, 5}), make<int8_t>(4, 1, 1, 1, {1, 2, 10, -1}));
  EXPECT_EQ(out.psum, make<int32_t>(1, 4, 1, 1, {3, 6, 50, -5}));
}

TEST(model_conv, HandGroupedG2) {
  // C = 4, M = 4, G = 2, 1x1 everything: filters 0,1 read channels 0,1; filters 2,3 read 2,3.
  // x = (1, 2, 3, 4)
  //   m0: w = (1, 10)   -> 1*1 + 2*10    = 21
  //   m1: w = (-1, 2)   -> -1 + 4        = 3
  //   m2: w = (100, -7) -> 3*100 - 4*7   = 272   (reading channels 0,1 instead would give 86)
  //   m3: w = (5, 5)    -> 15 + 20       = 35
  const auto shape = conv_shape(1, 4, 1, 1, 4, 1, 1, 1, 0, 0, /*G=*/2);
  const auto x = make<int16_t>(1, 4, 1, 1, {1, 2, 3, 4});
  const auto w = make<int8_t>(4, 2, 1, 1, {1, 10, -1, 2, 100, -7, 5, 5});
  EXPECT_EQ(conv2d(shape, x, w).psum, make<int32_t>(1, 4, 1, 1, {21, 3, 272, 35}));
}

TEST(model_conv, HandFullyConnected) {
  // FC over a 2x2x2 input: x ch0 = 1 2 / 3 4, ch1 = 5 6 / 7 8.
  //   m0: all ones                          -> 1+2+...+8             = 36
  //   m1: ch0 = 1 -1 / 1 -1, ch1 = 0 0 / 0 2 -> (1-2+3-4) + 2*8     = 14
  const auto shape = conv_shape(1, 2, 2, 2, 2, 2, 2, 1, 0, 0, 1, LayerKind::FC);
  const auto x = make<int16_t>(1, 2, 2, 2, {1, 2, 3, 4, 5, 6, 7, 8});
  const auto w = make<int8_t>(2, 2, 2, 2, {1, 1, 1, 1, 1, 1, 1, 1, /**/ 1, -1, 1, -1, 0, 0, 0, 2});
  EXPECT_EQ(conv2d(shape, x, w).psum, make<int32_t>(1, 2, 1, 1, {36, 14}));
}

TEST(model_conv, HandBatchOfTwo) {
  // N = 2, 2x2 inputs, 1x1 weight 3: every image is scaled by 3 with the same weights.
  //   n0: 1 2 / 3 4    -> 3 6 / 9 12
  //   n1: -1 0 / 5 -6  -> -3 0 / 15 -18
  const auto shape = conv_shape(2, 1, 2, 2, 1, 1, 1);
  const auto x = make<int16_t>(2, 1, 2, 2, {1, 2, 3, 4, -1, 0, 5, -6});
  EXPECT_EQ(conv2d(shape, x, make<int8_t>(1, 1, 1, 1, {3})).psum,
            make<int32_t>(2, 1, 2, 2, {3, 6, 9, 12, -3, 0, 15, -18}));
}

TEST(model_conv, UnsignedIactsAreNotSignExtended) {
  // 255 is unsigned 255 (not -1): 255 * -128 = -32640; 128 * 127 = 16256; sum = -16384.
  const auto shape = conv_shape(1, 2, 1, 1, 1, 1, 1);
  const auto out = conv2d(shape, make<int16_t>(1, 2, 1, 1, {255, 128}), make<int8_t>(1, 2, 1, 1, {-128, 127}));
  EXPECT_EQ(out.psum.at(0, 0, 0, 0), -16384);
}

// 32 channels of one product each, as a pointwise layer: exact sum = 32 * iact * weight.
ConvResult thirty_two_products(int iact, int weight, int extra_iact = 0, int extra_weight = 0) {
  const auto shape = conv_shape(1, 33, 1, 1, 1, 1, 1);
  ActTensor x(1, 33, 1, 1, static_cast<int16_t>(iact));
  WeightTensor w(1, 33, 1, 1, static_cast<int8_t>(weight));
  x.at(0, 32, 0, 0) = static_cast<int16_t>(extra_iact);
  w.at(0, 32, 0, 0) = static_cast<int8_t>(extra_weight);
  return conv2d(shape, x, w);
}

TEST(model_conv, WrapAtTwoToThe19) {
  // (-128) * (-128) = 2^14; 32 of them = 2^19 = PSUM_MAX + 1 -> wraps to -2^19, one overflow.
  const auto up = thirty_two_products(-128, -128);
  EXPECT_EQ(up.exact.at(0, 0, 0, 0), 524288);
  EXPECT_EQ(up.psum.at(0, 0, 0, 0), -524288);
  EXPECT_EQ(up.overflow_count, 1u);
  // One less (an extra -1 * 1 product) is exactly PSUM_MAX: fits, no overflow.
  const auto max = thirty_two_products(-128, -128, -1, 1);
  EXPECT_EQ(max.psum.at(0, 0, 0, 0), PSUM_MAX);
  EXPECT_EQ(max.overflow_count, 0u);
  // 128 (unsigned) * -128 = -2^14; 32 of them = -2^19 = PSUM_MIN: fits.
  const auto down = thirty_two_products(128, -128);
  EXPECT_EQ(down.psum.at(0, 0, 0, 0), PSUM_MIN);
  EXPECT_EQ(down.overflow_count, 0u);
  // ... and one further below wraps to PSUM_MAX.
  const auto below = thirty_two_products(128, -128, 1, -1);
  EXPECT_EQ(below.exact.at(0, 0, 0, 0), -524289);
  EXPECT_EQ(below.psum.at(0, 0, 0, 0), PSUM_MAX);
  EXPECT_EQ(below.overflow_count, 1u);
}

TEST(model_conv, OverflowCountedPerOutput) {
  // 64 channels of 255 * 127 = 32385 each: exact 2072640 = 2^21 - 24512 -> wraps to -24512.
  // Two of the three batch images overflow; the zero image does not.
  const auto shape = conv_shape(3, 64, 1, 1, 1, 1, 1);
  ActTensor x(3, 64, 1, 1, 255);
  for (int c = 0; c < 64; ++c) x.at(1, c, 0, 0) = 0;
  const auto out = conv2d(shape, x, WeightTensor(1, 64, 1, 1, 127));
  EXPECT_EQ(out.exact.at(0, 0, 0, 0), 2072640);
  EXPECT_EQ(out.psum, make<int32_t>(3, 1, 1, 1, {-24512, 0, -24512}));
  EXPECT_EQ(out.overflow_count, 2u);
}

TEST(model_conv, InitialPsumsAreAdded) {
  // out = initial + 3 * x: initial (10, PSUM_MAX), x = (1, 1) -> (13, PSUM_MAX + 3 wraps to PSUM_MIN + 2).
  const auto shape = conv_shape(1, 1, 1, 2, 1, 1, 1);
  const auto init = make<int32_t>(1, 1, 1, 2, {10, PSUM_MAX});
  const auto out = conv2d(shape, make<int16_t>(1, 1, 1, 2, {1, 1}), make<int8_t>(1, 1, 1, 1, {3}), init);
  EXPECT_EQ(out.psum, make<int32_t>(1, 1, 1, 2, {13, PSUM_MIN + 2}));
  EXPECT_EQ(out.overflow_count, 1u);
}

TEST(model_conv, RejectsMismatchedIactDims) {
  auto shape = conv_shape(1, 3, 224, 224, 8, 3, 3);
  shape.name = "conv1";
  expect_invalid([&] { conv2d(shape, ActTensor(1, 3, 32, 32), WeightTensor(8, 3, 3, 3)); },
                 {"iact tensor is 1x3x32x32", "layer 'conv1' expects 1x3x224x224", "H: 32 != 224"});
  expect_invalid([&] { conv2d(shape, ActTensor(2, 3, 224, 224), WeightTensor(8, 3, 3, 3)); }, {"iact", "N: 2 != 1"});
}

TEST(model_conv, RejectsMismatchedWeightDims) {
  const auto shape = conv_shape(1, 4, 5, 5, 6, 3, 3, 1, 0, 0, /*G=*/2);
  // Grouped: weights are M x C/G x R x S = 6x2x3x3, not 6x4x3x3.
  expect_invalid([&] { conv2d(shape, ActTensor(1, 4, 5, 5), WeightTensor(6, 4, 3, 3)); },
                 {"weight tensor is 6x4x3x3", "expects 6x2x3x3", "C: 4 != 2"});
  expect_invalid([&] { conv2d(shape, ActTensor(1, 4, 5, 5), WeightTensor(6, 2, 3, 2)); }, {"weight", "S: 2 != 3"});
}

TEST(model_conv, RejectsMismatchedInitialPsumDims) {
  const auto shape = conv_shape(1, 1, 4, 4, 2, 3, 3);  // output 1x2x2x2
  expect_invalid([&] { conv2d(shape, ActTensor(1, 1, 4, 4), WeightTensor(2, 1, 3, 3), PsumTensor(1, 2, 4, 4)); },
                 {"initial psum tensor is 1x2x4x4", "expects 1x2x2x2", "E: 4 != 2"});
}

TEST(model_conv, RejectsOutOfRangeInitialPsum) {
  const auto shape = conv_shape(1, 1, 1, 1, 1, 1, 1);
  expect_invalid(
      [&] { conv2d(shape, ActTensor(1, 1, 1, 1), WeightTensor(1, 1, 1, 1), PsumTensor(1, 1, 1, 1, 524288)); },
      {"initial psum value 524288", "20-bit"});
}

TEST(model_conv, RejectsBadShape) {
  auto shape = conv_shape(1, 1, 3, 3, 1, 7, 3);
  shape.name = "big";
  expect_invalid([&] { conv2d(shape, ActTensor(1, 1, 3, 3), WeightTensor(1, 1, 7, 3)); }, {"layer 'big'", "R=7"});
  auto groups = conv_shape(1, 3, 3, 3, 2, 1, 1, 1, 0, 0, /*G=*/2);
  expect_invalid([&] { conv2d(groups, ActTensor(1, 3, 3, 3), WeightTensor(2, 1, 1, 1)); }, {"C=3", "G=2"});
  auto pool = conv_shape(1, 1, 2, 2, 1, 2, 2, 1, 0, 0, 1, LayerKind::Pool);
  expect_invalid([&] { conv2d(pool, ActTensor(1, 1, 2, 2), WeightTensor(1, 1, 2, 2)); }, {"pool"});
}

TEST(model_conv, RejectsBadIactValues) {
  const auto shape = conv_shape(1, 1, 1, 3, 1, 1, 1);
  const WeightTensor w(1, 1, 1, 1, 1);
  expect_invalid([&] { conv2d(shape, make<int16_t>(1, 1, 1, 3, {0, 300, 0}), w); }, {"iact value 300", "[0,0,0,1]"});
  expect_invalid([&] { conv2d(shape, make<int16_t>(1, 1, 1, 3, {-129, 0, 0}), w); }, {"iact value -129"});
  // -5 only exists signed and 200 only unsigned: no single 8-bit signedness holds both.
  expect_invalid([&] { conv2d(shape, make<int16_t>(1, 1, 1, 3, {-5, 0, 200}), w); }, {"iact", "mixes", "-5", "200"});
}

}  // namespace
}  // namespace ev2
