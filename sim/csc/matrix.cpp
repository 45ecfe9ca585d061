#include "csc/matrix.hpp"

#include <fmt/core.h>

#include <stdexcept>
#include <string>

namespace ev2::csc {

namespace {

[[noreturn]] void fail(const std::string& msg) { throw std::invalid_argument("csc: " + msg); }

void check_shape(int rows, int cols, size_t n_values) {
  if (rows < 1) fail(fmt::format("rows={} must be at least 1", rows));
  if (cols < 0) fail(fmt::format("cols={} must not be negative", cols));
  if (n_values != static_cast<size_t>(rows) * static_cast<size_t>(cols))
    fail(fmt::format("{} values given for a {}x{} matrix ({} expected)", n_values, rows, cols,
                     static_cast<size_t>(rows) * static_cast<size_t>(cols)));
}

// Walks one column and reports each value through emit(row, data). Shared by decode and validate so
// the two cannot disagree about what is well formed.
template <class Emit>
void walk_column(std::span<const uint16_t> words, int rows, Mode mode, const char* where, Emit&& emit) {
  if (mode == Mode::Dense) {
    if (words.size() != static_cast<size_t>(rows))
      fail(fmt::format("{}: dense column has {} words, expected {} (one per row)", where, words.size(), rows));
    for (size_t i = 0; i < words.size(); ++i) {
      const uint16_t w = words[i];
      if (w & ~kWordMask) fail(fmt::format("{}: word {} = 0x{:x} has bits above bit 11", where, i, w));
      if (word_count(w) != 0)
        fail(fmt::format("{}: dense word {} = 0x{:03x} has count {}, dense words have count 0", where, i, w,
                         word_count(w)));
      emit(static_cast<int>(i), word_data(w));
    }
    return;
  }
  int pos = 0;  // next row the walk stands on
  for (size_t i = 0; i < words.size(); ++i) {
    const uint16_t w = words[i];
    if (w & ~kWordMask) fail(fmt::format("{}: word {} = 0x{:x} has bits above bit 11", where, i, w));
    const int count = word_count(w);
    if (word_data(w) == 0) {
      // A zero word exists only to break a run, so anything but count 15 is not canonical (and
      // 0x000 is reserved for the SIMD-2 pad).
      if (count != kMaxRun)
        fail(
            fmt::format("{}: word {} = 0x{:03x} is a zero value with count {}; only the run breaker 0x{:03x} may "
                        "hold a zero",
                        where, i, w, count, kRunBreaker));
      if (i + 1 == words.size())
        fail(fmt::format("{}: ends with the run breaker 0x{:03x} at word {}; trailing zeros are never encoded", where,
                         kRunBreaker, i));
      pos += kMaxRun + 1;
      continue;
    }
    pos += count;
    if (pos >= rows)
      fail(fmt::format("{}: word {} = 0x{:03x} puts a value at row {}, past the column's {} rows", where, i, w, pos,
                       rows));
    emit(pos, word_data(w));
    ++pos;
  }
}

void check_addresses(const CscMatrix& m) {
  if (m.addr.size() != static_cast<size_t>(m.cols))
    fail(fmt::format("address vector has {} entries, matrix has {} columns", m.addr.size(), m.cols));
  uint16_t prev = 0;
  for (int k = 0; k < m.cols; ++k) {
    const uint16_t a = m.addr[static_cast<size_t>(k)];
    if (a < prev) fail(fmt::format("address not monotonic: addr[{}]={} < addr[{}]={}", k, a, k - 1, prev));
    if (a > m.words.size())
      fail(fmt::format("addr[{}]={} points past the end of the {} data words", k, a, m.words.size()));
    prev = a;
  }
  if (prev != m.words.size())
    fail(fmt::format("{} data words but the last column ends at {}: words {}..{} belong to no column", m.words.size(),
                     prev, prev, m.words.size() - 1));
}

}  // namespace

std::span<const uint16_t> CscMatrix::column(int k) const {
  const size_t begin = k == 0 ? 0 : addr[static_cast<size_t>(k - 1)];
  const size_t end = addr[static_cast<size_t>(k)];
  return std::span<const uint16_t>(words).subspan(begin, end - begin);
}

std::vector<uint16_t> encode_column(std::span<const int16_t> values, Mode mode, Sign sign) {
  std::vector<uint16_t> out;
  int run = 0;
  for (size_t r = 0; r < values.size(); ++r) {
    const int16_t v = values[r];
    if (!in_range(v, sign))
      fail(fmt::format("value {} at row {} is outside the {} 8-bit range [{}, {}]", v, r, to_string(sign),
                       min_value(sign), max_value(sign)));
    if (mode == Mode::Dense) {
      out.push_back(make_word(0, v));
      continue;
    }
    if (v == 0) {
      ++run;
      continue;
    }
    // Each breaker accounts for 16 positions (15 counted zeros plus its own explicit zero).
    for (; run > kMaxRun; run -= kMaxRun + 1) out.push_back(kRunBreaker);
    out.push_back(make_word(run, v));
    run = 0;
  }
  return out;  // a trailing run is dropped: the column's end address already implies it
}

std::vector<int16_t> decode_column(std::span<const uint16_t> words, int rows, Mode mode, Sign sign, const char* where) {
  if (rows < 1) fail(fmt::format("rows={} must be at least 1", rows));
  std::vector<int16_t> out(static_cast<size_t>(rows), 0);
  walk_column(words, rows, mode, where,
              [&](int row, uint8_t data) { out[static_cast<size_t>(row)] = data_value(data, sign); });
  return out;
}

CscMatrix encode(std::span<const int16_t> values_col_major, int rows, int cols, Mode mode, Sign sign) {
  check_shape(rows, cols, values_col_major.size());
  CscMatrix m{rows, cols, mode, {}, {}};
  m.addr.reserve(static_cast<size_t>(cols));
  for (int k = 0; k < cols; ++k) {
    auto col =
        encode_column(values_col_major.subspan(static_cast<size_t>(k) * rows, static_cast<size_t>(rows)), mode, sign);
    m.words.insert(m.words.end(), col.begin(), col.end());
    if (m.words.size() > 0xffff) fail(fmt::format("{} words do not fit a 16-bit address", m.words.size()));
    m.addr.push_back(static_cast<uint16_t>(m.words.size()));
  }
  return m;
}

void validate(const CscMatrix& m) {
  if (m.rows < 1) fail(fmt::format("rows={} must be at least 1", m.rows));
  if (m.cols < 0) fail(fmt::format("cols={} must not be negative", m.cols));
  check_addresses(m);
  for (int k = 0; k < m.cols; ++k) {
    const std::string where = fmt::format("column {}", k);
    walk_column(m.column(k), m.rows, m.mode, where.c_str(), [](int, uint8_t) {});
  }
}

std::vector<int16_t> decode(const CscMatrix& m, Sign sign) {
  if (m.rows < 1) fail(fmt::format("rows={} must be at least 1", m.rows));
  if (m.cols < 0) fail(fmt::format("cols={} must not be negative", m.cols));
  check_addresses(m);
  std::vector<int16_t> out(static_cast<size_t>(m.rows) * static_cast<size_t>(m.cols), 0);
  for (int k = 0; k < m.cols; ++k) {
    const std::string where = fmt::format("column {}", k);
    auto* base = out.data() + static_cast<size_t>(k) * m.rows;
    walk_column(m.column(k), m.rows, m.mode, where.c_str(),
                [&](int row, uint8_t data) { base[row] = data_value(data, sign); });
  }
  return out;
}

}  // namespace ev2::csc
