// The integer helpers of sim/util/math.hpp, at and around every boundary.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "util/math.hpp"

namespace ev2 {
namespace {

TEST(Math, CeilingDivision) {
  EXPECT_EQ(cdiv(0, 2), 0);
  EXPECT_EQ(cdiv(1, 2), 1);
  EXPECT_EQ(cdiv(2, 2), 1);
  EXPECT_EQ(cdiv(3, 2), 2);
  EXPECT_EQ(cdiv(11, 4), 3);
  EXPECT_EQ(cdiv(12, 4), 3);
  EXPECT_EQ(cdiv(7, 1), 7);
  static_assert(cdiv(65, 32) == 3);
}

TEST(Math, CeilingDivisionKeepsTheDividendsType) {
  const uint64_t big = uint64_t{1} << 40;
  EXPECT_EQ(cdiv(big + 1, 8), (big >> 3) + 1);
  static_assert(std::is_same_v<decltype(cdiv(std::size_t{5}, 2)), std::size_t>);
}

TEST(Math, RoundUp) {
  EXPECT_EQ(round_up(uint64_t{0}, 8), 0u);
  EXPECT_EQ(round_up(uint64_t{1}, 8), 8u);
  EXPECT_EQ(round_up(uint64_t{8}, 8), 8u);
  EXPECT_EQ(round_up(uint64_t{9}, 8), 16u);
  EXPECT_EQ(round_up(uint64_t{4097}, 4096), 8192u);
  EXPECT_EQ(round_up(std::size_t{7} * 3, 8), 24u);  // 7 24-bit words in whole 64-bit beats
}

}  // namespace
}  // namespace ev2
