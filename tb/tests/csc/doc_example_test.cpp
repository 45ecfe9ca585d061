// The worked examples of docs/csc.md §9, word for word. If one of these fails, either the codec or
// the document is wrong: fix whichever is, never just the expected value.
#include <gtest/gtest.h>

#include "csc/csc.hpp"

namespace ev2::csc {
namespace {

TEST(CscDocExample, IactSegment) {
  const int C0 = 20, U = 3;
  std::vector<int16_t> v(static_cast<size_t>(C0) * U, 0);
  v[1 * C0 + 17] = 9;
  v[2 * C0 + 0] = 255;
  v[2 * C0 + 16] = 7;
  const auto segs = encode_iact_segments(v, C0, U, U, Mode::Compressed, Sign::Unsigned);
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0].words, (std::vector<uint16_t>{0xF00, 0x109, 0x0FF, 0xF07}));
  EXPECT_EQ(segs[0].addr, (std::vector<uint16_t>{0, 2, 4}));
  const CscStats s = stats(segs[0], 4);
  EXPECT_EQ(s.words, 4);
  EXPECT_EQ(s.nonzeros, 3);
  EXPECT_EQ(s.zero_words, 1);
  EXPECT_EQ(s.compressed_bits, 60);
  EXPECT_EQ(s.dense_bits, 480);
  EXPECT_DOUBLE_EQ(s.ratio, 8.0);
  EXPECT_EQ(decode_iact_segments(segs, U, Sign::Unsigned), v);
}

// w[m][c][s] for M0 = 5, C0 = 2, S = 2, built from the table's columns (c, s).
std::vector<int16_t> doc_weight_block() {
  const int M0 = 5, C0 = 2, S = 2;
  const int16_t col[4][5] = {{0, 0, 5, 0, 0}, {0, 0, 0, 0, 0}, {-1, 0, 0, 0, 3}, {1, 2, 0, 0, -128}};
  std::vector<int16_t> w(static_cast<size_t>(M0) * C0 * S);
  for (int m = 0; m < M0; ++m)
    for (int c = 0; c < C0; ++c)
      for (int s = 0; s < S; ++s) w[static_cast<size_t>((m * C0 + c) * S + s)] = col[weight_column(c, s, C0)][m];
  return w;
}

TEST(CscDocExample, WeightBlockCompressed) {
  const auto cols = weight_block_to_columns(doc_weight_block(), 5, 2, 2);
  const SimdMatrix m = encode_weights_simd2(cols, 5, 4, Mode::Compressed);
  EXPECT_EQ(m.words24, (std::vector<uint32_t>{0x000205, 0x3030FF, 0x002001, 0x000280}));
  EXPECT_EQ(m.addr, (std::vector<uint16_t>{1, 1, 2, 4}));
  const CscStats s = stats(m, 7);
  EXPECT_EQ(s.words, 8);
  EXPECT_EQ(s.nonzeros, 6);
  EXPECT_EQ(s.pad_words, 2);
  EXPECT_EQ(s.compressed_bits, 124);
  EXPECT_EQ(s.dense_bits, 160);
  EXPECT_EQ(columns_to_weight_block(decode_weights_simd2(m), 5, 2, 2), doc_weight_block());
}

TEST(CscDocExample, WeightBlockDense) {
  const auto cols = weight_block_to_columns(doc_weight_block(), 5, 2, 2);
  const SimdMatrix m = encode_weights_simd2(cols, 5, 4, Mode::Dense);
  EXPECT_EQ(m.words24, (std::vector<uint32_t>{0x000000, 0x000005, 0x000000, 0x000000, 0x000000, 0x000000, 0x0000FF,
                                              0x000000, 0x000003, 0x002001, 0x000000, 0x000080}));
  EXPECT_EQ(m.addr, (std::vector<uint16_t>{3, 6, 9, 12}));
  EXPECT_EQ(decode_weights_simd2(m), cols);
}

}  // namespace
}  // namespace ev2::csc
