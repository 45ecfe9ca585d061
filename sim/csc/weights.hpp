// Weights as the PE stores them: an M0 x (C0*S) matrix, one CSC column per (c, s), packed SIMD-2
// (two 12-bit words per 24-bit entry) so the PE reads two weights per cycle. Format: docs/csc.md.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "csc/matrix.hpp"

namespace ev2::csc {

struct SimdMatrix {
  int rows = 0;  // M0
  int cols = 0;  // C0 * S
  Mode mode = Mode::Compressed;
  // Bits [11:0] hold the first word of the pair, bits [23:12] the second. Each column is padded on
  // its own to an even word count with kPadWord, so every column starts on a 24-bit boundary.
  std::vector<uint32_t> words24;
  // addr[k] = exclusive end of column k in words24 (24-bit entries, not 12-bit words).
  std::vector<uint16_t> addr;

  bool operator==(const SimdMatrix&) const = default;
};

constexpr uint32_t make_pair(uint16_t first, uint16_t second) {
  return (static_cast<uint32_t>(second & kWordMask) << kWordBits) | (first & kWordMask);
}
constexpr uint16_t pair_first(uint32_t w24) { return static_cast<uint16_t>(w24 & kWordMask); }
constexpr uint16_t pair_second(uint32_t w24) { return static_cast<uint16_t>((w24 >> kWordBits) & kWordMask); }

// Column of the PE weight matrix that holds weight (c, s) of a C0 x S kernel row. s-major so the
// column index equals the position of the matching iact in the PE's window (window column s,
// channel c -> s*C0 + c): the PE looks up the weight column with the iact's window index directly.
constexpr int weight_column(int c, int s, int C0) { return s * C0 + c; }

// Reorders one kernel row of weights w[m][c][s] (index (m*C0 + c)*S + s, the order of an
// M x C x R x S tensor at fixed r) into the column-major M0 x (C0*S) matrix encode_weights_simd2 takes.
std::vector<int16_t> weight_block_to_columns(std::span<const int16_t> w_mcs, int M0, int C0, int S);
// Inverse of weight_block_to_columns.
std::vector<int16_t> columns_to_weight_block(std::span<const int16_t> col_major, int M0, int C0, int S);

// Packs a plain CSC matrix two words per entry, padding each odd column with kPadWord.
SimdMatrix pack_simd2(const CscMatrix& m);
// Inverse of pack_simd2: checks the 24-bit layout, addresses and pads, then the plain encoding.
// Throws std::invalid_argument on anything pack_simd2 would not have produced.
CscMatrix unpack_simd2(const SimdMatrix& m);

// values_col_major: M0 x cols, column-major (see weight_column). Weights are 8-bit signed.
SimdMatrix encode_weights_simd2(std::span<const int16_t> values_col_major, int rows, int cols, Mode mode);
std::vector<int16_t> decode_weights_simd2(const SimdMatrix& m);

}  // namespace ev2::csc
