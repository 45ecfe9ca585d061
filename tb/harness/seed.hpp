// Per-test seeds. A test's seed is fixed (derived from its name) so CI is reproducible; EV2_SEED
// overrides it to replay a failure or to explore. A failing test prints its seed and the command
// that replays it (see gtest_main.cpp).
#pragma once

#include <cstdint>
#include <string>

#include "util/rng.hpp"

namespace ev2::tb {

// The seed of the running test: EV2_SEED (decimal or 0x-hex) if set, else a hash of
// "Suite.Test". Recorded so the failure listener can print it.
uint64_t test_seed();

// An Rng seeded with test_seed().
inline Rng test_rng() { return Rng(test_seed()); }

// "Suite.Test" of the running test ("" outside a test). Slashes from parameterised tests are
// replaced so the name can be used as a file name.
std::string current_test_name();

// Recorded seed of the running test, if test_seed() was called in it.
bool seed_used(uint64_t* seed);
void clear_seed_record();

}  // namespace ev2::tb
