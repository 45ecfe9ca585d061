// Per-test seeds: derived from the test's name, overridden by EV2_SEED.
#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

#include "harness/seed.hpp"

namespace ev2::tb {
namespace {

TEST(Seed, DerivedFromTestNameAndOverridable) {
  unsetenv("EV2_SEED");
  const uint64_t a = test_seed();
  EXPECT_EQ(a, test_seed()) << "same test, same seed";
  setenv("EV2_SEED", "0x1234", 1);
  EXPECT_EQ(test_seed(), 0x1234u);
  setenv("EV2_SEED", "not-a-number", 1);
  EXPECT_THROW(test_seed(), std::invalid_argument);
  unsetenv("EV2_SEED");
}

}  // namespace
}  // namespace ev2::tb
