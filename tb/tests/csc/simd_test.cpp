// SIMD-2 weight packing: exact 24-bit words, per-column odd-tail padding, 24-bit addresses, the
// (c, s) column order, and rejection of anything pack_simd2 would not produce.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "csc/weights.hpp"
#include "csc_test_util.hpp"

namespace ev2::csc {
namespace {

using test::error_of;
using ::testing::HasSubstr;
using W24 = std::vector<uint32_t>;
using Addr = std::vector<uint16_t>;

TEST(CscSimd2, ExactPackingWithOddTailsAndEmptyColumn) {
  // M0 = 3 rows, 4 columns.
  const std::vector<int16_t> v = {1, 0,  2,   // col 0: words 0x001 0x102            -> one entry, no pad
                                  0, 0,  0,   // col 1: empty                        -> no entry
                                  0, -3, 0,   // col 2: word 0x1fd                   -> padded
                                  4, 5,  6};  // col 3: words 0x004 0x005 0x006      -> 2 entries, second padded
  const SimdMatrix m = encode_weights_simd2(v, 3, 4, Mode::Compressed);
  EXPECT_EQ(m.words24, (W24{0x102001, 0x0001fd, 0x005004, 0x000006}));
  EXPECT_EQ(m.addr, (Addr{1, 1, 2, 4}));  // exclusive ends in 24-bit entries
  EXPECT_EQ(decode_weights_simd2(m), v);
}

TEST(CscSimd2, EachColumnPaddedIndependently) {
  // Two odd columns are not merged into one entry: each starts on a 24-bit boundary.
  const std::vector<int16_t> v = {7, 0, /* col 1 */ 0, 8};
  const SimdMatrix m = encode_weights_simd2(v, 2, 2, Mode::Compressed);
  EXPECT_EQ(m.words24, (W24{0x000007, 0x000108}));
  EXPECT_EQ(m.addr, (Addr{1, 2}));
  EXPECT_EQ(decode_weights_simd2(m), v);
}

TEST(CscSimd2, LeadingAndConsecutiveZeroColumns) {
  std::vector<int16_t> v(2 * 6, 0);
  v[2 * 2 + 1] = -1;    // col 2 row 1
  v[2 * 5 + 0] = 127;   // col 5 row 0
  v[2 * 5 + 1] = -128;  // col 5 row 1
  const SimdMatrix m = encode_weights_simd2(v, 2, 6, Mode::Compressed);
  EXPECT_EQ(m.words24, (W24{0x0001ff, 0x08007f}));
  EXPECT_EQ(m.addr, (Addr{0, 0, 1, 1, 1, 2}));
  EXPECT_EQ(decode_weights_simd2(m), v);
}

TEST(CscSimd2, RunBreakerInsideAPair) {
  std::vector<int16_t> v(20, 0);
  v[17] = 3;  // 17 zeros: breaker + count 1
  const SimdMatrix m = encode_weights_simd2(v, 20, 1, Mode::Compressed);
  EXPECT_EQ(m.words24, (W24{0x103f00}));
  EXPECT_EQ(decode_weights_simd2(m), v);
}

TEST(CscSimd2, DenseOddRowsPadEveryColumn) {
  const std::vector<int16_t> v = {1, 0, -1, /* col 1 */ 0, 0, 0};
  const SimdMatrix m = encode_weights_simd2(v, 3, 2, Mode::Dense);
  EXPECT_EQ(m.words24, (W24{0x000001, 0x0000ff, 0x000000, 0x000000}));
  EXPECT_EQ(m.addr, (Addr{2, 4}));
  EXPECT_EQ(decode_weights_simd2(m), v);
}

TEST(CscSimd2, DenseEvenRowsHaveNoPad) {
  const std::vector<int16_t> v = {1, 2, 0, -4};
  const SimdMatrix m = encode_weights_simd2(v, 4, 1, Mode::Dense);
  EXPECT_EQ(m.words24, (W24{0x002001, 0x0fc000}));
  EXPECT_EQ(decode_weights_simd2(m), v);
}

TEST(CscSimd2, WeightsAreSigned) {
  EXPECT_THAT(error_of([] { encode_weights_simd2(std::vector<int16_t>{200}, 1, 1, Mode::Compressed); }),
              HasSubstr("outside the signed 8-bit range"));
}

TEST(CscSimd2, PackUnpackIsExactInverse) {
  const CscMatrix plain =
      encode(std::vector<int16_t>{0, 3, 0, 0, 5, 6, 0, 0, 0}, 3, 3, Mode::Compressed, Sign::Unsigned);
  const SimdMatrix packed = pack_simd2(plain);
  EXPECT_EQ(unpack_simd2(packed), plain);
}

SimdMatrix reference() {  // well formed: 3 rows, 3 columns
  return SimdMatrix{3, 3, Mode::Compressed, {0x102001, 0x0001fd}, {1, 1, 2}};
}

TEST(CscSimd2Error, ReferenceIsAccepted) {
  EXPECT_EQ(error_of([] { unpack_simd2(reference()); }), "<no exception>");
}

TEST(CscSimd2Error, PadInFirstHalf) {
  auto m = reference();
  m.words24[1] = 0x1fd000;
  EXPECT_THAT(error_of([&] { decode_weights_simd2(m); }),
              HasSubstr("column 2: SIMD word 1 = 0x1fd000 has the pad 0x000 in its first half"));
  m.words24[1] = 0x000000;  // an all-pad entry is never produced either
  EXPECT_THAT(error_of([&] { decode_weights_simd2(m); }), HasSubstr("in its first half"));
}

TEST(CscSimd2Error, PadInsideAColumn) {
  SimdMatrix m{3, 1, Mode::Compressed, {0x000001, 0x000002}, {2}};
  EXPECT_THAT(error_of([&] { decode_weights_simd2(m); }),
              HasSubstr("column 0: SIMD word 0 = 0x000001 has the pad 0x000 in its second half but is not the column's "
                        "last word"));
}

TEST(CscSimd2Error, NonzeroDensePad) {
  SimdMatrix m{3, 1, Mode::Dense, {0x000001, 0x0050ff}, {2}};
  EXPECT_THAT(error_of([&] { decode_weights_simd2(m); }),
              HasSubstr("has a nonzero pad half 0x005; the pad must be 0x000"));
}

TEST(CscSimd2Error, BitsAbove23) {
  auto m = reference();
  m.words24[0] |= 0x1000000;
  EXPECT_THAT(error_of([&] { decode_weights_simd2(m); }), HasSubstr("has bits above bit 23"));
}

TEST(CscSimd2Error, Addresses) {
  auto m = reference();
  m.addr = {1, 0, 2};
  EXPECT_THAT(error_of([&] { decode_weights_simd2(m); }), HasSubstr("address not monotonic: addr[1]=0 < addr[0]=1"));
  m.addr = {1, 1, 3};
  EXPECT_THAT(error_of([&] { decode_weights_simd2(m); }),
              HasSubstr("addr[2]=3 points past the end of the 2 SIMD words"));
  m.addr = {1, 1, 1};
  EXPECT_THAT(error_of([&] { decode_weights_simd2(m); }), HasSubstr("2 SIMD words but the last column ends at 1"));
  m.addr = {1, 2};
  EXPECT_THAT(error_of([&] { decode_weights_simd2(m); }),
              HasSubstr("address vector has 2 entries, matrix has 3 columns"));
}

TEST(CscSimd2Error, PlainContentCheckedAfterUnpacking) {
  auto m = reference();
  m.words24[1] = 0x0003fd;  // count 3 in a 3-row column
  EXPECT_THAT(error_of([&] { decode_weights_simd2(m); }), HasSubstr("column 2: word 0 = 0x3fd puts a value at row 3"));
  m = SimdMatrix{3, 1, Mode::Dense, {0x000001}, {1}};  // dense column one entry short
  EXPECT_THAT(error_of([&] { decode_weights_simd2(m); }), HasSubstr("dense column has 1 words, expected 3"));
}

TEST(CscWeightOrder, ColumnIsSMajor) {
  EXPECT_EQ(weight_column(0, 0, 4), 0);
  EXPECT_EQ(weight_column(3, 0, 4), 3);
  EXPECT_EQ(weight_column(0, 1, 4), 4);
  EXPECT_EQ(weight_column(2, 2, 4), 10);
}

TEST(CscWeightOrder, BlockToColumns) {
  // M0=2, C0=2, S=3: w[m][c][s] = 100*m + 10*c + s (values small enough to be weights after scaling).
  const int M0 = 2, C0 = 2, S = 3;
  std::vector<int16_t> w;
  for (int m = 0; m < M0; ++m)
    for (int c = 0; c < C0; ++c)
      for (int s = 0; s < S; ++s) w.push_back(static_cast<int16_t>(100 * m + 10 * c + s));
  const auto cols = weight_block_to_columns(w, M0, C0, S);
  // Column index s*C0 + c holds M0 values m = 0..M0-1.
  const std::vector<int16_t> expected = {0, 100, 10, 110, 1, 101, 11, 111, 2, 102, 12, 112};
  EXPECT_EQ(cols, expected);
  EXPECT_EQ(columns_to_weight_block(cols, M0, C0, S), w);
  EXPECT_THAT(error_of([&] { weight_block_to_columns(w, 2, 2, 2); }), HasSubstr("12 weights given for M0=2 C0=2 S=2"));
}

}  // namespace
}  // namespace ev2::csc
