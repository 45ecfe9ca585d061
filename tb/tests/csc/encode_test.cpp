// Hand-written exact encodings: every expected word is written out in hex, so a change to the bit
// layout, run breaking or address semantics shows up as a diff here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "csc/matrix.hpp"
#include "csc_test_util.hpp"

namespace ev2::csc {
namespace {

using test::hex;
using Words = std::vector<uint16_t>;

Words column(std::vector<int16_t> v, Sign sign = Sign::Signed, Mode mode = Mode::Compressed) {
  return encode_column(v, mode, sign);
}

// A column of `rows` zeros with `value` at row `at`.
std::vector<int16_t> one_at(int rows, int at, int16_t value) {
  std::vector<int16_t> v(static_cast<size_t>(rows), 0);
  v[static_cast<size_t>(at)] = value;
  return v;
}

void expect_round_trip(const std::vector<int16_t>& v, const Words& expected, Sign sign = Sign::Signed) {
  const Words got = encode_column(v, Mode::Compressed, sign);
  EXPECT_EQ(got, expected) << "got " << hex(got) << " expected " << hex(expected);
  EXPECT_EQ(decode_column(expected, static_cast<int>(v.size()), Mode::Compressed, sign), v);
}

TEST(CscEncode, SingleValueAfterZeros) {
  expect_round_trip({0, 0, 5, 0, 0, 0}, {0x205});
  expect_round_trip({5}, {0x005});
  expect_round_trip({0, 0, 0, 0, 0, 0, 0, 9}, {0x709});
}

TEST(CscEncode, AdjacentValuesAndSigns) {
  expect_round_trip({1, 0, -1, 0}, {0x001, 0x1ff});
  expect_round_trip({-128, 127, 0, 0, -2}, {0x080, 0x07f, 0x2fe});
  expect_round_trip({1, 2, 3, 4}, {0x001, 0x002, 0x003, 0x004});
}

TEST(CscEncode, RunOfExactly15ZerosNeedsNoBreaker) { expect_round_trip(one_at(16, 15, 7), {0xf07}); }

TEST(CscEncode, RunOf16ZerosTakesOneBreaker) {
  // The breaker covers rows 0..15 (15 counted zeros + its own explicit zero); the 7 sits at row 16.
  expect_round_trip(one_at(17, 16, 7), {0xf00, 0x007});
}

TEST(CscEncode, RunOf17Zeros) { expect_round_trip(one_at(18, 17, 7), {0xf00, 0x107}); }
TEST(CscEncode, RunOf31Zeros) { expect_round_trip(one_at(32, 31, 7), {0xf00, 0xf07}); }
TEST(CscEncode, RunOf32Zeros) { expect_round_trip(one_at(33, 32, 7), {0xf00, 0xf00, 0x007}); }
TEST(CscEncode, RunOf47And48Zeros) {
  expect_round_trip(one_at(48, 47, -3), {0xf00, 0xf00, 0xffd});
  expect_round_trip(one_at(49, 48, -3), {0xf00, 0xf00, 0xf00, 0x0fd});
}

TEST(CscEncode, LongRunBetweenValues) {
  std::vector<int16_t> v(20, 0);
  v[0] = 3;
  v[17] = 4;  // 16 zeros between them
  expect_round_trip(v, {0x003, 0xf00, 0x004});
}

TEST(CscEncode, TrailingZerosAreNotEncoded) {
  std::vector<int16_t> v(40, 0);
  v[0] = 9;
  expect_round_trip(v, {0x009});
  v[20] = 1;  // 19 zeros, then 19 trailing zeros
  expect_round_trip(v, {0x009, 0xf00, 0x301});
}

TEST(CscEncode, AllZeroColumnHasNoWords) {
  expect_round_trip(std::vector<int16_t>(1, 0), {});
  expect_round_trip(std::vector<int16_t>(40, 0), {});
}

TEST(CscEncode, UnsignedExtremes) {
  expect_round_trip({255, 0, 128, 1}, {0x0ff, 0x180, 0x001}, Sign::Unsigned);
  // The same bits read signed.
  EXPECT_EQ(decode_column(Words{0x0ff, 0x180, 0x001}, 4, Mode::Compressed, Sign::Signed),
            (std::vector<int16_t>{-1, 0, -128, 1}));
}

TEST(CscEncode, OutOfRangeValuesRejected) {
  using test::error_of;
  using ::testing::HasSubstr;
  EXPECT_THAT(error_of([] { column({0, 128}, Sign::Signed); }), HasSubstr("value 128 at row 1 is outside the signed"));
  EXPECT_THAT(error_of([] { column({-129}, Sign::Signed); }), HasSubstr("outside the signed 8-bit range [-128, 127]"));
  EXPECT_THAT(error_of([] { column({-1}, Sign::Unsigned); }), HasSubstr("outside the unsigned 8-bit range [0, 255]"));
  EXPECT_THAT(error_of([] { column({256}, Sign::Unsigned); }), HasSubstr("value 256"));
  EXPECT_THAT(error_of([] { column({300}, Sign::Unsigned, Mode::Dense); }), HasSubstr("value 300"));
}

TEST(CscEncode, MatrixWithLeadingAndConsecutiveZeroColumns) {
  // 3 rows x 7 columns: columns 0, 1, 3, 4, 6 are all zero.
  const std::vector<int16_t> v = {0, 0, 0,   // col 0
                                  0, 0, 0,   // col 1
                                  0, 1, 0,   // col 2
                                  0, 0, 0,   // col 3
                                  0, 0, 0,   // col 4
                                  2, 0, 3,   // col 5
                                  0, 0, 0};  // col 6
  const CscMatrix m = encode(v, 3, 7, Mode::Compressed, Sign::Signed);
  EXPECT_EQ(m.words, (Words{0x101, 0x002, 0x103}));
  EXPECT_EQ(m.addr, (Words{0, 0, 1, 1, 1, 3, 3}));
  EXPECT_EQ(m.rows, 3);
  EXPECT_EQ(m.cols, 7);
  EXPECT_EQ(decode(m, Sign::Signed), v);
  EXPECT_EQ(m.column(0).size(), 0u);
  EXPECT_EQ(m.column(5).size(), 2u);
  EXPECT_EQ(m.column(5)[0], 0x002);
}

TEST(CscEncode, AllZeroMatrix) {
  const std::vector<int16_t> v(5 * 4, 0);
  const CscMatrix m = encode(v, 5, 4, Mode::Compressed, Sign::Unsigned);
  EXPECT_TRUE(m.words.empty());
  EXPECT_EQ(m.addr, (Words{0, 0, 0, 0}));
  EXPECT_EQ(decode(m, Sign::Unsigned), v);
}

TEST(CscEncode, OnlyLastColumnNonzero) {
  std::vector<int16_t> v(4 * 5, 0);
  v[4 * 4 + 3] = -7;
  const CscMatrix m = encode(v, 4, 5, Mode::Compressed, Sign::Signed);
  EXPECT_EQ(m.words, (Words{0x3f9}));
  EXPECT_EQ(m.addr, (Words{0, 0, 0, 0, 1}));
  EXPECT_EQ(decode(m, Sign::Signed), v);
}

TEST(CscEncode, EmptyMatrix) {
  const CscMatrix m = encode(std::vector<int16_t>{}, 4, 0, Mode::Compressed, Sign::Signed);
  EXPECT_TRUE(m.words.empty());
  EXPECT_TRUE(m.addr.empty());
  EXPECT_TRUE(decode(m, Sign::Signed).empty());
}

TEST(CscEncode, DenseModeStoresEveryValueWithCountZero) {
  const std::vector<int16_t> v = {0, 5, 0, -2, /* col 1 */ 0, 0, 0, 0};
  const CscMatrix m = encode(v, 4, 2, Mode::Dense, Sign::Signed);
  EXPECT_EQ(m.words, (Words{0x000, 0x005, 0x000, 0x0fe, 0x000, 0x000, 0x000, 0x000}));
  EXPECT_EQ(m.addr, (Words{4, 8}));  // redundant, produced for uniformity
  EXPECT_EQ(decode(m, Sign::Signed), v);
  // A run of 20 zeros is not broken in dense mode: every zero is its own word.
  std::vector<int16_t> zeros(20, 0);
  zeros[19] = 255;
  const Words d = encode_column(zeros, Mode::Dense, Sign::Unsigned);
  ASSERT_EQ(d.size(), 20u);
  EXPECT_EQ(d[0], 0x000);
  EXPECT_EQ(d[19], 0x0ff);
}

TEST(CscEncode, ShapeErrors) {
  using test::error_of;
  using ::testing::HasSubstr;
  EXPECT_THAT(error_of([] { encode(std::vector<int16_t>(5, 0), 2, 3, Mode::Compressed, Sign::Signed); }),
              HasSubstr("5 values given for a 2x3 matrix (6 expected)"));
  EXPECT_THAT(error_of([] { encode(std::vector<int16_t>{}, 0, 0, Mode::Compressed, Sign::Signed); }),
              HasSubstr("rows=0 must be at least 1"));
  EXPECT_THAT(error_of([] { encode(std::vector<int16_t>{}, 1, -1, Mode::Compressed, Sign::Signed); }),
              HasSubstr("cols=-1 must not be negative"));
}

}  // namespace
}  // namespace ev2::csc
