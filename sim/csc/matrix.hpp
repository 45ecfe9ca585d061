// A matrix in CSC form: 12-bit words column after column plus one exclusive-end address per column.
// This is the plain (one word per entry) form used for iact segments; weights are packed two words
// per entry on top of it (weights.hpp). Format reference: docs/csc.md.
//
// Decoding accepts only the canonical encoding (exactly what encode() produces), so a decoded matrix
// re-encodes to the same bits; anything else throws std::invalid_argument naming the column, word
// index and offending bits.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "csc/word.hpp"

namespace ev2::csc {

struct CscMatrix {
  int rows = 0;
  int cols = 0;
  Mode mode = Mode::Compressed;
  std::vector<uint16_t> words;  // 12-bit words, column 0 first
  // addr[k] = exclusive end of column k in `words` (= words through column k). Column k spans
  // [addr[k-1], addr[k]) with addr[-1] = 0. Produced in dense mode too, where it is redundant.
  std::vector<uint16_t> addr;

  bool operator==(const CscMatrix&) const = default;
  // Words of column k (bounds taken from addr; call only on a validated matrix).
  std::span<const uint16_t> column(int k) const;
};

// One column of `values` (rows = values.size()) as words. Values must be in range for `sign`.
std::vector<uint16_t> encode_column(std::span<const int16_t> values, Mode mode, Sign sign);
// Inverse of encode_column for a column of `rows` entries. `where` prefixes error messages.
std::vector<int16_t> decode_column(std::span<const uint16_t> words, int rows, Mode mode, Sign sign,
                                   const char* where = "column");

// values_col_major[k * rows + r] is row r of column k. Requires rows >= 1, cols >= 0.
CscMatrix encode(std::span<const int16_t> values_col_major, int rows, int cols, Mode mode, Sign sign);
// Returns the values column-major; throws std::invalid_argument on a malformed matrix.
std::vector<int16_t> decode(const CscMatrix& m, Sign sign);

// Throws std::invalid_argument unless m is a canonical encoding (same checks as decode).
void validate(const CscMatrix& m);

}  // namespace ev2::csc
