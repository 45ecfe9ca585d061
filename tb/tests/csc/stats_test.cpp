// Compression statistics, checked by hand and against counts taken straight from the values
// (not from the encoder's output).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "csc/stats.hpp"
#include "csc_test_util.hpp"
#include "harness/seed.hpp"

namespace ev2::csc {
namespace {

TEST(CscStats, HandCountedPlain) {
  // 20 rows x 2 columns: col 0 = 3 at row 0 and 4 at row 17 (16 zeros between: one breaker),
  // col 1 all zero.
  std::vector<int16_t> v(40, 0);
  v[0] = 3;
  v[17] = 4;
  const CscStats s = stats(encode(v, 20, 2, Mode::Compressed, Sign::Signed), 4);
  EXPECT_EQ(s.values, 40);
  EXPECT_EQ(s.nonzeros, 2);
  EXPECT_EQ(s.words, 3);
  EXPECT_EQ(s.zero_words, 1);
  EXPECT_EQ(s.pad_words, 0);
  EXPECT_EQ(s.data_bits, 36);
  EXPECT_EQ(s.addr_bits, 8);
  EXPECT_EQ(s.compressed_bits, 44);
  EXPECT_EQ(s.dense_bits, 320);
  EXPECT_DOUBLE_EQ(s.ratio, 320.0 / 44.0);
  EXPECT_EQ(describe(s), "40 values, 2 nonzero, 3 words (1 zero, 0 pad), 44 bits vs 320 dense (7.27x)");
}

TEST(CscStats, HandCountedSimd) {
  // The 3 x 4 block of CscSimd2.ExactPackingWithOddTailsAndEmptyColumn: 4 entries, 2 pads.
  const std::vector<int16_t> v = {1, 0, 2, 0, 0, 0, 0, -3, 0, 4, 5, 6};
  const CscStats s = stats(encode_weights_simd2(v, 3, 4, Mode::Compressed), 7);
  EXPECT_EQ(s.nonzeros, 6);
  EXPECT_EQ(s.words, 8);
  EXPECT_EQ(s.zero_words, 0);
  EXPECT_EQ(s.pad_words, 2);
  EXPECT_EQ(s.data_bits, 96);
  EXPECT_EQ(s.addr_bits, 28);
  EXPECT_EQ(s.compressed_bits, 124);
  EXPECT_EQ(s.dense_bits, 96);
  EXPECT_DOUBLE_EQ(s.ratio, 96.0 / 124.0);
}

TEST(CscStats, DenseModeHasNoAddressCost) {
  const std::vector<int16_t> v = {1, 0, -1, 0, 0, 0};
  const CscStats p = stats(encode(v, 3, 2, Mode::Dense, Sign::Signed), 4);
  EXPECT_EQ(p.words, 6);
  EXPECT_EQ(p.nonzeros, 2);
  EXPECT_EQ(p.zero_words, 4);  // stored zeros
  EXPECT_EQ(p.addr_bits, 0);
  EXPECT_EQ(p.compressed_bits, 72);
  const CscStats w = stats(encode_weights_simd2(v, 3, 2, Mode::Dense), 7);
  EXPECT_EQ(w.words, 8);
  EXPECT_EQ(w.pad_words, 2);
  EXPECT_EQ(w.zero_words, 4);
  EXPECT_EQ(w.compressed_bits, 96);
}

TEST(CscStats, EmptyAndAllZero) {
  const CscStats e = stats(encode(std::vector<int16_t>{}, 4, 0, Mode::Compressed, Sign::Signed), 4);
  EXPECT_EQ(e.compressed_bits, 0);
  EXPECT_DOUBLE_EQ(e.ratio, 1.0);
  const CscStats z = stats(encode(std::vector<int16_t>(16, 0), 8, 2, Mode::Compressed, Sign::Signed), 4);
  EXPECT_EQ(z.words, 0);
  EXPECT_EQ(z.compressed_bits, 8);  // two address entries, nothing else
  EXPECT_DOUBLE_EQ(z.ratio, 128.0 / 8.0);
}

TEST(CscStats, RejectsMalformed) {
  CscMatrix m{3, 1, Mode::Compressed, {0x301}, {1}};
  EXPECT_THAT(test::error_of([&] { stats(m, 4); }), ::testing::HasSubstr("puts a value at row 3"));
}

// Independent counts from the values: a nonzero preceded by a zero gap g costs g / 16 breakers.
struct Expected {
  int64_t nonzeros = 0, breakers = 0, pads = 0;
};
Expected count(const std::vector<int16_t>& v, int rows, int cols) {
  Expected e;
  for (int k = 0; k < cols; ++k) {
    int64_t gap = 0, col_words = 0;
    for (int r = 0; r < rows; ++r) {
      if (v[static_cast<size_t>(k) * rows + r] == 0) {
        ++gap;
        continue;
      }
      ++e.nonzeros;
      e.breakers += gap / 16;
      col_words += 1 + gap / 16;
      gap = 0;
    }
    e.pads += col_words % 2;
  }
  return e;
}

TEST(CscStats, MatchesIndependentCountsOnRandomMatrices) {
  auto rng = tb::test_rng();
  for (int trial = 0; trial < 300; ++trial) {
    const int rows = static_cast<int>(rng.uniform(1, 80));
    const int cols = static_cast<int>(rng.uniform(0, 12));
    const double density = rng.real() * rng.real();  // favour sparse, long runs
    const auto v = test::random_matrix(rng, rows, cols, density, Sign::Signed);
    const Expected e = count(v, rows, cols);
    const int64_t words = e.nonzeros + e.breakers;

    const CscStats p = stats(encode(v, rows, cols, Mode::Compressed, Sign::Signed), 4);
    EXPECT_EQ(p.values, int64_t{rows} * cols);
    EXPECT_EQ(p.nonzeros, e.nonzeros);
    EXPECT_EQ(p.zero_words, e.breakers);
    EXPECT_EQ(p.words, words);
    EXPECT_EQ(p.pad_words, 0);
    EXPECT_EQ(p.compressed_bits, 12 * words + 4 * cols);
    EXPECT_EQ(p.dense_bits, 8 * int64_t{rows} * cols);

    const CscStats w = stats(encode_weights_simd2(v, rows, cols, Mode::Compressed), 7);
    EXPECT_EQ(w.nonzeros, e.nonzeros);
    EXPECT_EQ(w.zero_words, e.breakers);
    EXPECT_EQ(w.pad_words, e.pads);
    EXPECT_EQ(w.words, words + e.pads);
    EXPECT_EQ(w.compressed_bits, 12 * (words + e.pads) + 7 * cols);

    const CscStats d = stats(encode_weights_simd2(v, rows, cols, Mode::Dense), 7);
    EXPECT_EQ(d.nonzeros, e.nonzeros);
    EXPECT_EQ(d.zero_words, int64_t{rows} * cols - e.nonzeros);
    EXPECT_EQ(d.pad_words, rows % 2 ? cols : 0);
    EXPECT_EQ(d.compressed_bits, 24 * int64_t{(rows + 1) / 2} * cols);
  }
}

}  // namespace
}  // namespace ev2::csc
