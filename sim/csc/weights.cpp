#include "csc/weights.hpp"

#include <fmt/core.h>

#include <stdexcept>
#include <string>

namespace ev2::csc {

namespace {

[[noreturn]] void fail(const std::string& msg) { throw std::invalid_argument("csc weights: " + msg); }

void check_block(size_t n, int M0, int C0, int S) {
  if (M0 < 1 || C0 < 1 || S < 1) fail(fmt::format("block shape M0={} C0={} S={} must be positive", M0, C0, S));
  if (n != static_cast<size_t>(M0) * C0 * S)
    fail(fmt::format("{} weights given for M0={} C0={} S={} ({} expected)", n, M0, C0, S,
                     static_cast<size_t>(M0) * C0 * S));
}

}  // namespace

std::vector<int16_t> weight_block_to_columns(std::span<const int16_t> w_mcs, int M0, int C0, int S) {
  check_block(w_mcs.size(), M0, C0, S);
  std::vector<int16_t> out(w_mcs.size());
  for (int m = 0; m < M0; ++m)
    for (int c = 0; c < C0; ++c)
      for (int s = 0; s < S; ++s)
        out[static_cast<size_t>(weight_column(c, s, C0)) * M0 + m] = w_mcs[(static_cast<size_t>(m) * C0 + c) * S + s];
  return out;
}

std::vector<int16_t> columns_to_weight_block(std::span<const int16_t> col_major, int M0, int C0, int S) {
  check_block(col_major.size(), M0, C0, S);
  std::vector<int16_t> out(col_major.size());
  for (int m = 0; m < M0; ++m)
    for (int c = 0; c < C0; ++c)
      for (int s = 0; s < S; ++s)
        out[(static_cast<size_t>(m) * C0 + c) * S + s] =
            col_major[static_cast<size_t>(weight_column(c, s, C0)) * M0 + m];
  return out;
}

SimdMatrix pack_simd2(const CscMatrix& m) {
  validate(m);
  SimdMatrix out{m.rows, m.cols, m.mode, {}, {}};
  for (int k = 0; k < m.cols; ++k) {
    auto col = m.column(k);
    for (size_t i = 0; i < col.size(); i += 2)
      out.words24.push_back(make_pair(col[i], i + 1 < col.size() ? col[i + 1] : kPadWord));
    if (out.words24.size() > 0xffff) fail(fmt::format("{} SIMD words do not fit a 16-bit address", out.words24.size()));
    out.addr.push_back(static_cast<uint16_t>(out.words24.size()));
  }
  return out;
}

CscMatrix unpack_simd2(const SimdMatrix& m) {
  if (m.rows < 1) fail(fmt::format("rows={} must be at least 1", m.rows));
  if (m.cols < 0) fail(fmt::format("cols={} must not be negative", m.cols));
  if (m.addr.size() != static_cast<size_t>(m.cols))
    fail(fmt::format("address vector has {} entries, matrix has {} columns", m.addr.size(), m.cols));
  CscMatrix out{m.rows, m.cols, m.mode, {}, {}};
  size_t begin = 0;
  for (int k = 0; k < m.cols; ++k) {
    const size_t end = m.addr[static_cast<size_t>(k)];
    if (end < begin) fail(fmt::format("address not monotonic: addr[{}]={} < addr[{}]={}", k, end, k - 1, begin));
    if (end > m.words24.size())
      fail(fmt::format("addr[{}]={} points past the end of the {} SIMD words", k, end, m.words24.size()));
    for (size_t i = begin; i < end; ++i) {
      const uint32_t w = m.words24[i];
      if (w >> (2 * kWordBits)) fail(fmt::format("column {}: SIMD word {} = 0x{:x} has bits above bit 23", k, i, w));
      const uint16_t first = pair_first(w), second = pair_second(w);
      // Dense zeros are 0x000 too, so the pad is told apart by position: only the second half of a
      // column's last entry, and only when the column has an odd word count.
      const bool last = i + 1 == end;
      const bool pad_expected = last && (m.mode == Mode::Dense ? m.rows % 2 == 1 : second == kPadWord);
      if (m.mode == Mode::Compressed && first == kPadWord)
        fail(
            fmt::format("column {}: SIMD word {} = 0x{:06x} has the pad 0x000 in its first half; only the second "
                        "half of a column's last word may be padding",
                        k, i, w));
      if (m.mode == Mode::Compressed && second == kPadWord && !last)
        fail(
            fmt::format("column {}: SIMD word {} = 0x{:06x} has the pad 0x000 in its second half but is not the "
                        "column's last word",
                        k, i, w));
      if (m.mode == Mode::Dense && pad_expected && second != kPadWord)
        fail(fmt::format("column {}: SIMD word {} = 0x{:06x} has a nonzero pad half 0x{:03x}; the pad must be 0x000", k,
                         i, w, second));
      out.words.push_back(first);
      if (!pad_expected) out.words.push_back(second);
    }
    if (out.words.size() > 0xffff) fail(fmt::format("{} words do not fit a 16-bit address", out.words.size()));
    out.addr.push_back(static_cast<uint16_t>(out.words.size()));
    begin = end;
  }
  if (begin != m.words24.size())
    fail(fmt::format("{} SIMD words but the last column ends at {}: words {}..{} belong to no column", m.words24.size(),
                     begin, begin, m.words24.size() - 1));
  // The 12-bit content (counts, breakers, overflow, dense lengths) is checked by the plain codec.
  validate(out);
  return out;
}

SimdMatrix encode_weights_simd2(std::span<const int16_t> values_col_major, int rows, int cols, Mode mode) {
  return pack_simd2(encode(values_col_major, rows, cols, mode, Sign::Signed));
}

std::vector<int16_t> decode_weights_simd2(const SimdMatrix& m) { return decode(unpack_simd2(m), Sign::Signed); }

}  // namespace ev2::csc
