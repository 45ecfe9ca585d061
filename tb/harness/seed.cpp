#include "harness/seed.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace ev2::tb {
namespace {
bool g_used = false;
uint64_t g_seed = 0;

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}
}  // namespace

std::string current_test_name() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info == nullptr) return "";
  std::string name = std::string(info->test_suite_name()) + "." + info->name();
  for (char& c : name)
    if (c == '/') c = '_';
  return name;
}

uint64_t test_seed() {
  uint64_t seed;
  if (const char* env = std::getenv("EV2_SEED"); env != nullptr && *env != '\0') {
    char* end = nullptr;
    seed = std::strtoull(env, &end, 0);
    if (end == env || *end != '\0') throw std::invalid_argument(std::string("EV2_SEED is not a number: ") + env);
  } else {
    seed = fnv1a(current_test_name());
  }
  g_used = true;
  g_seed = seed;
  return seed;
}

bool seed_used(uint64_t* seed) {
  if (g_used && seed != nullptr) *seed = g_seed;
  return g_used;
}

void clear_seed_record() { g_used = false; }

}  // namespace ev2::tb
