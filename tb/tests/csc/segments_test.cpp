// iact rows cut into C0 x U segments, each its own CSC matrix with segment-relative addresses.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "csc/segments.hpp"
#include "csc_test_util.hpp"
#include "harness/seed.hpp"

namespace ev2::csc {
namespace {

using test::error_of;
using ::testing::HasSubstr;
using Words = std::vector<uint16_t>;

TEST(CscSegments, Count) {
  EXPECT_EQ(iact_segment_count(8, 2), 4);
  EXPECT_EQ(iact_segment_count(7, 3), 3);
  EXPECT_EQ(iact_segment_count(1, 4), 1);
  EXPECT_EQ(iact_segment_count(0, 2), 0);
  EXPECT_THAT(error_of([] { iact_segment_count(4, 0); }), HasSubstr("U=0 must be at least 1"));
}

TEST(CscSegments, ExactEncodingWithRelativeAddresses) {
  // C0 = 2 channels, W = 5 x-positions, U = 2: segments {x0,x1}, {x2,x3}, {x4} (short).
  const std::vector<int16_t> v = {0, 0,   // x0
                                  0, 4,   // x1
                                  0, 0,   // x2
                                  0, 0,   // x3
                                  9, 1};  // x4
  const auto segs = encode_iact_segments(v, 2, 5, 2, Mode::Compressed, Sign::Unsigned);
  ASSERT_EQ(segs.size(), 3u);
  EXPECT_EQ(segs[0].words, (Words{0x104}));
  EXPECT_EQ(segs[0].addr, (Words{0, 1}));  // leading zero column
  EXPECT_EQ(segs[1].words, (Words{}));
  EXPECT_EQ(segs[1].addr, (Words{0, 0}));  // all-zero segment
  EXPECT_EQ(segs[2].cols, 1);
  EXPECT_EQ(segs[2].words, (Words{0x009, 0x001}));
  EXPECT_EQ(segs[2].addr, (Words{2}));  // relative to the segment, not to the row
  for (const auto& s : segs) EXPECT_EQ(s.rows, 2);
  EXPECT_EQ(decode_iact_segments(segs, 2, Sign::Unsigned), v);
}

TEST(CscSegments, DenseSegments) {
  const std::vector<int16_t> v = {1, 0, 0, 2, 255, 0};  // C0 = 2, W = 3, U = 3
  const auto segs = encode_iact_segments(v, 2, 3, 3, Mode::Dense, Sign::Unsigned);
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0].words, (Words{0x001, 0x000, 0x000, 0x002, 0x0ff, 0x000}));
  EXPECT_EQ(segs[0].addr, (Words{2, 4, 6}));
  EXPECT_EQ(decode_iact_segments(segs, 3, Sign::Unsigned), v);
}

TEST(CscSegments, EachSegmentIsTheEncodingOfItsColumns) {
  auto rng = tb::test_rng();
  for (int trial = 0; trial < 200; ++trial) {
    const int C0 = static_cast<int>(rng.uniform(1, 40));
    const int W = static_cast<int>(rng.uniform(0, 20));
    const int U = static_cast<int>(rng.uniform(1, 4));
    const Sign sign = rng.bernoulli(0.5) ? Sign::Signed : Sign::Unsigned;
    const Mode mode = rng.bernoulli(0.8) ? Mode::Compressed : Mode::Dense;
    const auto v = test::random_matrix(rng, C0, W, rng.real(), sign);
    const auto segs = encode_iact_segments(v, C0, W, U, mode, sign);
    ASSERT_EQ(static_cast<int>(segs.size()), (W + U - 1) / U);
    for (size_t j = 0; j < segs.size(); ++j) {
      const int x0 = static_cast<int>(j) * U;
      const int cols = std::min(U, W - x0);
      const std::vector<int16_t> part(v.begin() + x0 * C0, v.begin() + (x0 + cols) * C0);
      EXPECT_EQ(segs[j], encode(part, C0, cols, mode, sign)) << "segment " << j;
    }
    EXPECT_EQ(decode_iact_segments(segs, U, sign), v) << "C0=" << C0 << " W=" << W << " U=" << U;
  }
}

TEST(CscSegments, DecodeRejectsBadSegmentation) {
  const std::vector<int16_t> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};  // C0 = 2, W = 5
  auto segs = encode_iact_segments(v, 2, 5, 2, Mode::Compressed, Sign::Signed);
  EXPECT_THAT(error_of([&] { decode_iact_segments(segs, 3, Sign::Signed); }),
              HasSubstr("segment 0 has 2 columns; every segment but the last has U=3"));
  EXPECT_THAT(error_of([&] { decode_iact_segments(segs, 1, Sign::Signed); }),
              HasSubstr("segment 0 has 2 columns; every segment but the last has U=1"));
  auto short_first = segs;
  std::swap(short_first[0], short_first[2]);
  EXPECT_THAT(error_of([&] { decode_iact_segments(short_first, 2, Sign::Signed); }),
              HasSubstr("segment 0 has 1 columns"));
  auto rows = segs;
  rows[1] = encode(std::vector<int16_t>{1, 2, 3, 4, 5, 6}, 3, 2, Mode::Compressed, Sign::Signed);
  EXPECT_THAT(error_of([&] { decode_iact_segments(rows, 2, Sign::Signed); }),
              HasSubstr("segment 1 has 3 rows, segment 0 has 2"));
  auto modes = segs;
  modes[2] = encode(std::vector<int16_t>{9, 10}, 2, 1, Mode::Dense, Sign::Signed);
  EXPECT_THAT(error_of([&] { decode_iact_segments(modes, 2, Sign::Signed); }),
              HasSubstr("segment 2 is dense, segment 0 is compressed"));
  auto broken = segs;
  broken[1].addr[0] = 5;
  EXPECT_THAT(error_of([&] { decode_iact_segments(broken, 2, Sign::Signed); }),
              HasSubstr("segment 1: csc: addr[0]=5 points past the end of the 4 data words"));
  auto empty_last = segs;
  empty_last[2] = encode(std::vector<int16_t>{}, 2, 0, Mode::Compressed, Sign::Signed);
  EXPECT_THAT(error_of([&] { decode_iact_segments(empty_last, 2, Sign::Signed); }),
              HasSubstr("last segment 2 has 0 columns; it must have 1..U=2"));
}

TEST(CscSegments, EncodeRejectsBadShape) {
  EXPECT_THAT(
      error_of([] { encode_iact_segments(std::vector<int16_t>(5, 0), 2, 3, 2, Mode::Compressed, Sign::Signed); }),
      HasSubstr("5 values given for C0=2 x W=3 (6 expected)"));
  EXPECT_THAT(error_of([] { encode_iact_segments(std::vector<int16_t>{}, 0, 0, 2, Mode::Compressed, Sign::Signed); }),
              HasSubstr("C0=0 must be at least 1"));
}

}  // namespace
}  // namespace ev2::csc
