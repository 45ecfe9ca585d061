#include "csc/stats.hpp"

#include <fmt/core.h>

#include <stdexcept>

namespace ev2::csc {

namespace {

void finish(CscStats& s) {
  s.compressed_bits = s.data_bits + s.addr_bits;
  // Zero by zero happens only for an empty matrix: nothing stored either way, so call it even.
  if (s.compressed_bits == 0)
    s.ratio = s.dense_bits == 0 ? 1.0 : 0.0;
  else
    s.ratio = static_cast<double>(s.dense_bits) / static_cast<double>(s.compressed_bits);
}

CscStats count_plain(const CscMatrix& m, int addr_entry_bits) {
  if (addr_entry_bits < 0)
    throw std::invalid_argument(fmt::format("csc stats: addr_entry_bits={} < 0", addr_entry_bits));
  CscStats s;
  s.values = static_cast<int64_t>(m.rows) * m.cols;
  s.words = static_cast<int64_t>(m.words.size());
  for (uint16_t w : m.words) {
    if (word_data(w) != 0)
      ++s.nonzeros;
    else
      ++s.zero_words;
  }
  s.addr_bits = m.mode == Mode::Compressed ? static_cast<int64_t>(m.cols) * addr_entry_bits : 0;
  s.dense_bits = 8 * s.values;
  return s;
}

}  // namespace

CscStats stats(const CscMatrix& m, int addr_entry_bits) {
  validate(m);
  CscStats s = count_plain(m, addr_entry_bits);
  s.data_bits = s.words * kWordBits;
  finish(s);
  return s;
}

CscStats stats(const SimdMatrix& m, int addr_entry_bits) {
  const CscMatrix plain = unpack_simd2(m);  // validates, and drops exactly the pads
  CscStats s = count_plain(plain, addr_entry_bits);
  s.words = 2 * static_cast<int64_t>(m.words24.size());
  s.pad_words = s.words - static_cast<int64_t>(plain.words.size());
  s.data_bits = static_cast<int64_t>(m.words24.size()) * 2 * kWordBits;
  finish(s);
  return s;
}

std::string describe(const CscStats& s) {
  return fmt::format("{} values, {} nonzero, {} words ({} zero, {} pad), {} bits vs {} dense ({:.2f}x)", s.values,
                     s.nonzeros, s.words, s.zero_words, s.pad_words, s.compressed_bits, s.dense_bits, s.ratio);
}

}  // namespace ev2::csc
