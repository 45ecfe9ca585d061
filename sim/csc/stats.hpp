// What an encoding costs compared with storing every value as a plain 8-bit byte. Definitions in
// docs/csc.md ("Compression statistics").
#pragma once

#include <cstdint>
#include <string>

#include "csc/matrix.hpp"
#include "csc/weights.hpp"

namespace ev2::csc {

struct CscStats {
  int64_t values = 0;           // rows * cols
  int64_t nonzeros = 0;         // words whose data is nonzero
  int64_t words = 0;            // 12-bit words stored, including zero words and pads
  int64_t zero_words = 0;       // stored zero values: run breakers (compressed) or zeros (dense)
  int64_t pad_words = 0;        // SIMD-2 pad halves (0 for a plain matrix)
  int64_t data_bits = 0;        // 12 per word (plain) or 24 per SIMD entry
  int64_t addr_bits = 0;        // cols * address entry width in compressed mode, 0 in dense (bypassed)
  int64_t compressed_bits = 0;  // data_bits + addr_bits
  int64_t dense_bits = 0;       // 8 * values
  double ratio = 1.0;           // dense_bits / compressed_bits (> 1 means the encoding saves space)

  bool operator==(const CscStats&) const = default;
};

// addr_entry_bits: width of one address entry where this data lives (PE: 4 for iacts, 7 for weights).
// Both validate the matrix first (std::invalid_argument if malformed).
CscStats stats(const CscMatrix& m, int addr_entry_bits);
CscStats stats(const SimdMatrix& m, int addr_entry_bits);

// One line for logs, e.g. "64 values, 9 nonzero, 10 words (1 zero, 1 pad), 156 bits vs 512 dense (3.28x)".
std::string describe(const CscStats& s);

}  // namespace ev2::csc
