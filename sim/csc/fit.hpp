// Does encoded data fit the PE scratch pads? Size checks only: how a window is assembled from
// segments is the PE's business, so these take totals (or the encoded pieces) and compare them with
// the SPad sizes of docs/architecture.md section 4. Limits are a struct so a configuration (or a
// wider address) can differ.
#pragma once

#include <span>
#include <string>

#include "csc/matrix.hpp"
#include "csc/weights.hpp"

namespace ev2::csc {

struct SpadLimits {
  int iact_addr_entries = 9;
  int iact_addr_bits = 4;
  int iact_data_entries = 16;  // 12-bit words
  int weight_addr_entries = 16;
  int weight_addr_bits = 7;
  int weight_data_entries = 96;  // 24-bit SIMD words
  int psum_entries = 32;
};

struct Fit {
  bool ok = true;
  std::string reason;  // every violated limit, "; "-separated; empty when ok
  explicit operator bool() const { return ok; }
};

// An iact window of `columns` columns holding `words` 12-bit words in total. Compressed: one address
// entry per column, and the window's last exclusive-end address (= words, counted from the window
// start) must be representable in iact_addr_bits. Dense: addresses are bypassed, only data counts.
Fit iact_window_fits(int columns, int words, Mode mode, const SpadLimits& lim = {});
// The same for the segments that make up one window (all of one mode).
Fit iact_window_fits(std::span<const CscMatrix> segments, const SpadLimits& lim = {});

// A weight block of `rows` = M0 output channels (one psum each), `columns` = C0*S columns and
// `simd_words` 24-bit entries. Compressed: one address entry per column, last address = simd_words
// must be representable in weight_addr_bits. Dense: addresses bypassed.
Fit weight_block_fits(int rows, int columns, int simd_words, Mode mode, const SpadLimits& lim = {});
Fit weight_block_fits(const SimdMatrix& m, const SpadLimits& lim = {});

}  // namespace ev2::csc
