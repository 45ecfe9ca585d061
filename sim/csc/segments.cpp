#include "csc/segments.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "util/math.hpp"

namespace ev2::csc {

namespace {
[[noreturn]] void fail(const std::string& msg) { throw std::invalid_argument("csc iact segments: " + msg); }
}  // namespace

int iact_segment_count(int W, int U) {
  if (W < 0) fail(fmt::format("W={} must not be negative", W));
  if (U < 1) fail(fmt::format("U={} must be at least 1", U));
  return cdiv(W, U);
}

std::vector<CscMatrix> encode_iact_segments(std::span<const int16_t> values_col_major, int C0, int W, int U, Mode mode,
                                            Sign sign) {
  if (C0 < 1) fail(fmt::format("C0={} must be at least 1", C0));
  const int n = iact_segment_count(W, U);
  if (values_col_major.size() != static_cast<size_t>(C0) * static_cast<size_t>(W))
    fail(fmt::format("{} values given for C0={} x W={} ({} expected)", values_col_major.size(), C0, W,
                     static_cast<size_t>(C0) * W));
  std::vector<CscMatrix> out;
  out.reserve(static_cast<size_t>(n));
  for (int j = 0; j < n; ++j) {
    const int x0 = j * U;
    const int cols = std::min(U, W - x0);
    out.push_back(encode(values_col_major.subspan(static_cast<size_t>(x0) * C0, static_cast<size_t>(cols) * C0), C0,
                         cols, mode, sign));
  }
  return out;
}

std::vector<int16_t> decode_iact_segments(std::span<const CscMatrix> segments, int U, Sign sign) {
  if (U < 1) fail(fmt::format("U={} must be at least 1", U));
  std::vector<int16_t> out;
  for (size_t j = 0; j < segments.size(); ++j) {
    const CscMatrix& s = segments[j];
    const bool last = j + 1 == segments.size();
    if (s.rows != segments[0].rows)
      fail(fmt::format("segment {} has {} rows, segment 0 has {}", j, s.rows, segments[0].rows));
    if (s.mode != segments[0].mode)
      fail(fmt::format("segment {} is {}, segment 0 is {}", j, to_string(s.mode), to_string(segments[0].mode)));
    if (!last && s.cols != U)
      fail(fmt::format("segment {} has {} columns; every segment but the last has U={}", j, s.cols, U));
    if (last && (s.cols < 1 || s.cols > U))
      fail(fmt::format("last segment {} has {} columns; it must have 1..U={}", j, s.cols, U));
    try {
      auto v = decode(s, sign);
      out.insert(out.end(), v.begin(), v.end());
    } catch (const std::invalid_argument& e) {
      fail(fmt::format("segment {}: {}", j, e.what()));
    }
  }
  return out;
}

}  // namespace ev2::csc
