// SPad fit checks at and just past every limit of docs/architecture.md section 4.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "csc/fit.hpp"
#include "csc/segments.hpp"
#include "csc_test_util.hpp"

namespace ev2::csc {
namespace {

using ::testing::HasSubstr;

TEST(CscFit, IactWindowLimits) {
  EXPECT_TRUE(iact_window_fits(9, 15, Mode::Compressed));
  EXPECT_TRUE(iact_window_fits(0, 0, Mode::Compressed));
  const Fit cols = iact_window_fits(10, 15, Mode::Compressed);
  EXPECT_FALSE(cols);
  EXPECT_EQ(cols.reason, "iact window needs 10 address entries (one per column), iact address SPad holds 9");
  const Fit words = iact_window_fits(3, 17, Mode::Compressed);
  EXPECT_FALSE(words);
  EXPECT_THAT(words.reason, HasSubstr("iact window needs 17 data words, iact data SPad holds 16"));
}

TEST(CscFit, IactExclusiveEndAddressNeedsAFifthBitForAFullSpad) {
  // 16 words fill the data SPad, but the last exclusive-end address is 16, which 4 bits cannot hold.
  const Fit f = iact_window_fits(2, 16, Mode::Compressed);
  EXPECT_FALSE(f);
  EXPECT_EQ(f.reason, "iact window's last column ends at address 16, a 4-bit iact address entry holds at most 15");
  SpadLimits wide;
  wide.iact_addr_bits = 5;
  EXPECT_TRUE(iact_window_fits(2, 16, Mode::Compressed, wide));
  EXPECT_EQ(iact_window_fits(2, 17, Mode::Compressed, wide).reason,
            "iact window needs 17 data words, iact data SPad holds 16");
  // Dense mode bypasses addresses: a full data SPad is fine.
  EXPECT_TRUE(iact_window_fits(2, 16, Mode::Dense));
}

TEST(CscFit, IactDenseIgnoresAddressEntries) {
  EXPECT_TRUE(iact_window_fits(16, 16, Mode::Dense));
  EXPECT_EQ(iact_window_fits(17, 17, Mode::Dense).reason, "iact window needs 17 data words, iact data SPad holds 16");
}

TEST(CscFit, IactWindowFromSegments) {
  // C0 = 4, W = 6, U = 2: three segments, every value nonzero -> 24 words.
  std::vector<int16_t> v(24, 1);
  auto segs = encode_iact_segments(v, 4, 6, 2, Mode::Compressed, Sign::Unsigned);
  const Fit all = iact_window_fits(segs);
  EXPECT_FALSE(all);
  EXPECT_THAT(all.reason, HasSubstr("needs 24 data words"));
  // Two segments of a sparse row: 4 columns, 2 words.
  std::vector<int16_t> sparse(16, 0);
  sparse[1] = 3;
  sparse[14] = 200;
  auto s2 = encode_iact_segments(sparse, 4, 4, 2, Mode::Compressed, Sign::Unsigned);
  EXPECT_TRUE(iact_window_fits(s2));
  s2[1].mode = Mode::Dense;
  EXPECT_THAT(test::error_of([&] { iact_window_fits(s2); }), HasSubstr("window mixes modes"));
}

TEST(CscFit, WeightBlockLimits) {
  EXPECT_TRUE(weight_block_fits(32, 16, 96, Mode::Compressed));
  EXPECT_EQ(weight_block_fits(32, 16, 97, Mode::Compressed).reason,
            "weight block needs 97 SIMD words, weight data SPad holds 96");
  EXPECT_EQ(weight_block_fits(32, 16, 103, Mode::Compressed).reason,
            "weight block needs 103 SIMD words, weight data SPad holds 96");
  EXPECT_EQ(weight_block_fits(32, 17, 96, Mode::Compressed).reason,
            "weight block needs 17 address entries (one per column), weight address SPad holds 16");
  EXPECT_EQ(weight_block_fits(33, 16, 96, Mode::Compressed).reason,
            "weight block has 33 rows (output channels, one psum each), psum SPad holds 32");
  // Dense: columns are not limited by the address SPad.
  EXPECT_TRUE(weight_block_fits(2, 96, 96, Mode::Dense));
  EXPECT_FALSE(weight_block_fits(2, 97, 97, Mode::Dense));
  // With a wider data SPad the 7-bit address becomes the limit: 127 fits, 128 does not.
  SpadLimits big;
  big.weight_data_entries = 200;
  EXPECT_TRUE(weight_block_fits(32, 16, 127, Mode::Compressed, big));
  EXPECT_EQ(weight_block_fits(32, 16, 128, Mode::Compressed, big).reason,
            "weight block's last column ends at address 128, a 7-bit weight address entry holds at most 127");
}

TEST(CscFit, AllViolationsReported) {
  const Fit f = weight_block_fits(40, 20, 130, Mode::Compressed);
  EXPECT_FALSE(f);
  EXPECT_EQ(f.reason,
            "weight block has 40 rows (output channels, one psum each), psum SPad holds 32; "
            "weight block needs 20 address entries (one per column), weight address SPad holds 16; "
            "weight block needs 130 SIMD words, weight data SPad holds 96; "
            "weight block's last column ends at address 130, a 7-bit weight address entry holds at most 127");
}

TEST(CscFit, WeightBlockFromEncoding) {
  // M0 = 32, 6 columns fully dense in value: 16 SIMD words per column, 96 total -> exactly fits.
  std::vector<int16_t> v(32 * 6, -5);
  EXPECT_TRUE(weight_block_fits(encode_weights_simd2(v, 32, 6, Mode::Compressed)));
  std::vector<int16_t> v7(32 * 7, -5);
  EXPECT_EQ(weight_block_fits(encode_weights_simd2(v7, 32, 7, Mode::Compressed)).reason,
            "weight block needs 112 SIMD words, weight data SPad holds 96");
  // Sparse: 16 columns of M0 = 32 with 5 nonzeros each (3 SIMD words per column) -> 48 words.
  std::vector<int16_t> sp(32 * 16, 0);
  for (int k = 0; k < 16; ++k)
    for (int r : {0, 7, 8, 20, 31}) sp[static_cast<size_t>(k) * 32 + r] = 1;
  const SimdMatrix m = encode_weights_simd2(sp, 32, 16, Mode::Compressed);
  EXPECT_EQ(m.words24.size(), 48u);
  EXPECT_TRUE(weight_block_fits(m));
}

TEST(CscFit, NegativeSizesAreErrors) {
  EXPECT_THAT(test::error_of([] { iact_window_fits(-1, 0, Mode::Compressed); }), HasSubstr("negative size"));
  EXPECT_THAT(test::error_of([] { weight_block_fits(1, 1, -3, Mode::Compressed); }), HasSubstr("negative size"));
}

}  // namespace
}  // namespace ev2::csc
