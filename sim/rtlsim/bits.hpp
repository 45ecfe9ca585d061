// Word access and bit counting for the signal samplers (toggle counting, activity counting), on
// the storage Verilator gives a signal: 1, 2, 4 or 8 bytes per word.
#pragma once

#include <cstdint>
#include <cstring>

namespace ev2::tb {

inline uint64_t load_word(const uint8_t* p, uint32_t bytes) {
  switch (bytes) {
    case 1:
      return *p;
    case 2: {
      uint16_t v;
      std::memcpy(&v, p, 2);
      return v;
    }
    case 4: {
      uint32_t v;
      std::memcpy(&v, p, 4);
      return v;
    }
    default: {
      uint64_t v;
      std::memcpy(&v, p, 8);
      return v;
    }
  }
}

// Without -mpopcnt, __builtin_popcountll is a library call; this is a handful of instructions.
inline uint64_t popcount64(uint64_t x) {
#ifdef __POPCNT__
  return static_cast<uint64_t>(__builtin_popcountll(x));
#else
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  return (x * 0x0101010101010101ULL) >> 56;
#endif
}

}  // namespace ev2::tb
