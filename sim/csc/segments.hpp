// iacts of one PE row as CSC segments: the C0 x W activation matrix (one column per input
// x-position) is cut into non-overlapping C0 x U segments, U = stride, each encoded on its own with
// addresses relative to the segment start. The sliding window advances by whole segments, so a
// segment can be evicted or fetched without touching its neighbours. Format: docs/csc.md.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "csc/matrix.hpp"

namespace ev2::csc {

// ceil(W / U): the last segment holds W % U columns when U does not divide W (it is short, not padded).
int iact_segment_count(int W, int U);

// values_col_major[x * C0 + c] = channel c at x-position x, x in [0, W). Segment j covers
// x-positions [j*U, min((j+1)*U, W)) and has that many columns and address entries.
std::vector<CscMatrix> encode_iact_segments(std::span<const int16_t> values_col_major, int C0, int W, int U, Mode mode,
                                            Sign sign);
// Inverse: checks every segment (all but the last exactly U columns, the last 1..U, all C0 rows and
// one mode) and returns the C0 x W matrix column-major.
std::vector<int16_t> decode_iact_segments(std::span<const CscMatrix> segments, int U, Sign sign);

}  // namespace ev2::csc
