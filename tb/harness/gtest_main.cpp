// GoogleTest main shared by every test executable: prints, for each failing test that drew a
// seed, the seed and the exact command that replays it.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include "harness/seed.hpp"
#include "rtlsim/run_name.hpp"

namespace {

class SeedReporter : public ::testing::EmptyTestEventListener {
 public:
  explicit SeedReporter(std::string exe) : exe_(std::move(exe)) {}

  void OnTestStart(const ::testing::TestInfo&) override { ev2::tb::clear_seed_record(); }

  void OnTestEnd(const ::testing::TestInfo& info) override {
    uint64_t seed = 0;
    if (info.result()->Failed() && ev2::tb::seed_used(&seed)) {
      fmt::print(stderr,
                 "[  SEED    ] {}.{} used seed 0x{:016x}; replay: EV2_SEED=0x{:016x} {} --gtest_filter='{}.{}'\n",
                 info.test_suite_name(), info.name(), seed, seed, exe_, info.test_suite_name(), info.name());
    }
  }

 private:
  std::string exe_;
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  // A Sim constructed without a name is named after the running test.
  ev2::tb::run_name_provider() = &ev2::tb::current_test_name;
  ::testing::UnitTest::GetInstance()->listeners().Append(new SeedReporter(argv[0]));
  return RUN_ALL_TESTS();
}
