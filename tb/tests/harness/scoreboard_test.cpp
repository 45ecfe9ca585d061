#include <gtest/gtest.h>

#include "harness/scoreboard.hpp"

namespace ev2::tb {
namespace {

TEST(Scoreboard, MatchesInOrder) {
  Scoreboard<int> sb("sb");
  sb.expect(1);
  sb.expect(2);
  sb.observe(1);
  sb.observe(2);
  EXPECT_TRUE(sb.drained());
  EXPECT_EQ(sb.matched(), 2u);
  EXPECT_NO_THROW(sb.check_drained());
}

TEST(Scoreboard, MismatchNamesIndexAndValues) {
  Scoreboard<int> sb("psums");
  sb.expect(1);
  sb.expect(2);
  sb.observe(1);
  try {
    sb.observe(5);
    FAIL() << "mismatch not detected";
  } catch (const SimError& e) {
    EXPECT_STREQ(e.what(), "psums: word #1 mismatch: expected 2, got 5");
  }
}

TEST(Scoreboard, UnexpectedAndMissingWords) {
  Scoreboard<int> sb("out");
  EXPECT_THROW(sb.observe(3), SimError);
  sb.expect(4);
  EXPECT_THROW(sb.check_drained(), SimError);
}

}  // namespace
}  // namespace ev2::tb
