// One 12-bit CSC word {count[3:0], data[7:0]} and the value conventions around it. Everything that
// builds or reads words goes through these helpers so the bit layout lives in exactly one place.
// Format reference: docs/csc.md.
#pragma once

#include <cstdint>

namespace ev2::csc {

// Compressed: only nonzeros (plus run breakers) are stored, located by run lengths and addresses.
// Dense: every value is stored with count 0, columns have a fixed length, addresses are bypassed.
enum class Mode { Compressed, Dense };

// How the 8-bit data field is read back. The bits do not say; the layer command does
// (docs/architecture.md section 2).
enum class Sign { Signed, Unsigned };

inline constexpr int kWordBits = 12;
inline constexpr int kCountBits = 4;
inline constexpr int kDataBits = 8;
inline constexpr uint16_t kWordMask = 0xfff;
// Longest zero run a single word can express.
inline constexpr int kMaxRun = 15;
// The explicit zero that breaks longer runs: count 15, data 0. It covers kMaxRun + 1 positions.
inline constexpr uint16_t kRunBreaker = 0xf00;
// The SIMD-2 pad half. Never a real word: a zero-valued word always has count 15 in compressed mode.
inline constexpr uint16_t kPadWord = 0x000;

constexpr uint16_t make_word(int count, int data) {
  return static_cast<uint16_t>(((count & 0xf) << kDataBits) | (data & 0xff));
}
constexpr int word_count(uint16_t w) { return (w >> kDataBits) & 0xf; }
constexpr uint8_t word_data(uint16_t w) { return static_cast<uint8_t>(w & 0xff); }

constexpr int16_t min_value(Sign s) { return s == Sign::Signed ? -128 : 0; }
constexpr int16_t max_value(Sign s) { return s == Sign::Signed ? 127 : 255; }
constexpr bool in_range(int v, Sign s) { return v >= min_value(s) && v <= max_value(s); }

// The value an 8-bit data field stands for under the given interpretation.
constexpr int16_t data_value(uint8_t data, Sign s) {
  return s == Sign::Signed ? static_cast<int16_t>(static_cast<int8_t>(data)) : static_cast<int16_t>(data);
}

constexpr const char* to_string(Mode m) { return m == Mode::Compressed ? "compressed" : "dense"; }
constexpr const char* to_string(Sign s) { return s == Sign::Signed ? "signed" : "unsigned"; }

}  // namespace ev2::csc
