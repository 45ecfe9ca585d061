// The 20-bit wrap rule, checked against a second formula (mod arithmetic instead of bit masks).
#include <gtest/gtest.h>

#include "harness/seed.hpp"
#include "model/arith.hpp"

namespace ev2 {
namespace {

int64_t wrap_by_mod(int64_t v) {
  constexpr int64_t mod = int64_t{1} << 20;
  int64_t r = ((v % mod) + mod) % mod;  // 0 .. 2^20-1
  return r >= (mod / 2) ? r - mod : r;
}

TEST(model_arith, WrapBoundaries) {
  EXPECT_EQ(PSUM_MIN, -524288);
  EXPECT_EQ(PSUM_MAX, 524287);
  EXPECT_EQ(wrap_psum(0), 0);
  EXPECT_EQ(wrap_psum(-1), -1);
  EXPECT_EQ(wrap_psum(524287), 524287);
  EXPECT_EQ(wrap_psum(524288), -524288);  // 2^19 wraps to -2^19
  EXPECT_EQ(wrap_psum(-524288), -524288);
  EXPECT_EQ(wrap_psum(-524289), 524287);  // -2^19 - 1 wraps to 2^19 - 1
  EXPECT_EQ(wrap_psum(1 << 20), 0);
  EXPECT_EQ(wrap_psum((int64_t{1} << 20) + 5), 5);
  EXPECT_EQ(wrap_psum(-(int64_t{3} << 20) - 7), -7);
  EXPECT_EQ(wrap_psum(INT64_MIN), 0);
  EXPECT_EQ(wrap_psum(INT64_MAX), -1);
  EXPECT_EQ(psum_add(PSUM_MAX, 1), PSUM_MIN);
  EXPECT_EQ(psum_add(PSUM_MIN, -1), PSUM_MAX);
  EXPECT_TRUE(fits_psum(PSUM_MAX));
  EXPECT_FALSE(fits_psum(int64_t{PSUM_MAX} + 1));
  EXPECT_TRUE(fits_psum(PSUM_MIN));
  EXPECT_FALSE(fits_psum(int64_t{PSUM_MIN} - 1));
  static_assert(wrap_psum(524288) == -524288, "wrap_psum is usable at compile time");
}

TEST(model_arith, ActRanges) {
  EXPECT_TRUE(fits_act(-128, true));
  EXPECT_FALSE(fits_act(128, true));
  EXPECT_TRUE(fits_act(255, false));
  EXPECT_FALSE(fits_act(-1, false));
}

TEST(model_arith, WrapMatchesModFormula) {
  auto rng = tb::test_rng();
  for (int i = 0; i < 100000; ++i) {
    const int64_t v =
        rng.bernoulli(0.5) ? rng.uniform(-(int64_t{1} << 40), int64_t{1} << 40) : rng.uniform(-3000000, 3000000);
    ASSERT_EQ(wrap_psum(v), wrap_by_mod(v)) << "v=" << v;
  }
}

}  // namespace
}  // namespace ev2
