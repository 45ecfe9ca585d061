// Bit widths of the datapath and the one wrap rule every model, test and RTL checker shares.
// The contract behind these numbers is docs/arithmetic.md.
#pragma once

#include <cstdint>

namespace ev2 {

inline constexpr int PSUM_W = 20;  // partial-sum width: two's complement, wraps on every add
inline constexpr int32_t PSUM_MIN = -(int32_t{1} << (PSUM_W - 1));
inline constexpr int32_t PSUM_MAX = (int32_t{1} << (PSUM_W - 1)) - 1;

inline constexpr int ACT_W = 8;     // iacts and oacts: signed -128..127 or unsigned 0..255
inline constexpr int WEIGHT_W = 8;  // weights: always signed

// Reduce any integer modulo 2^PSUM_W into the signed PSUM_W-bit range, i.e. keep the low 20 bits
// and sign-extend them. This is exactly what a 20-bit adder does to every sum, and because it is
// a ring homomorphism (Z -> Z/2^20) it can be applied once at the end instead of after each add.
constexpr int32_t wrap_psum(int64_t v) {
  constexpr uint64_t mask = (uint64_t{1} << PSUM_W) - 1;
  constexpr uint64_t sign = uint64_t{1} << (PSUM_W - 1);
  // Unsigned arithmetic: no implementation-defined shifts of negative numbers.
  const uint64_t low = static_cast<uint64_t>(v) & mask;
  return static_cast<int32_t>(static_cast<int64_t>(low ^ sign) - static_cast<int64_t>(sign));
}

// True when v is representable without wrapping, i.e. an exact sum a 20-bit psum holds correctly.
constexpr bool fits_psum(int64_t v) { return v >= PSUM_MIN && v <= PSUM_MAX; }

// One 20-bit psum add, as a PE or psum router does it.
constexpr int32_t psum_add(int32_t a, int32_t b) { return wrap_psum(int64_t{a} + b); }

// Range of an 8-bit activation of the given signedness.
constexpr int32_t act_min(bool is_signed) { return is_signed ? -128 : 0; }
constexpr int32_t act_max(bool is_signed) { return is_signed ? 127 : 255; }
constexpr bool fits_act(int64_t v, bool is_signed) { return v >= act_min(is_signed) && v <= act_max(is_signed); }

}  // namespace ev2
