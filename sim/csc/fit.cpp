#include "csc/fit.hpp"

#include <fmt/core.h>

#include <cstdint>
#include <stdexcept>

namespace ev2::csc {

namespace {

void add(Fit& f, const std::string& why) {
  f.reason += f.reason.empty() ? why : "; " + why;
  f.ok = false;
}

int64_t max_address(int bits) { return bits >= 62 ? INT64_MAX : (int64_t{1} << bits) - 1; }

void check_counts(int a, int b, int c, const char* what) {
  if (a < 0 || b < 0 || c < 0) throw std::invalid_argument(fmt::format("csc fit: negative size in {} check", what));
}

}  // namespace

Fit iact_window_fits(int columns, int words, Mode mode, const SpadLimits& lim) {
  check_counts(columns, words, 0, "iact window");
  Fit f;
  if (mode == Mode::Compressed && columns > lim.iact_addr_entries)
    add(f, fmt::format("iact window needs {} address entries (one per column), iact address SPad holds {}", columns,
                       lim.iact_addr_entries));
  if (words > lim.iact_data_entries)
    add(f, fmt::format("iact window needs {} data words, iact data SPad holds {}", words, lim.iact_data_entries));
  // Exclusive-end addresses reach `words`, one more than the last data index: with 4-bit entries a
  // full 16-word data SPad is not addressable.
  if (mode == Mode::Compressed && words > max_address(lim.iact_addr_bits))
    add(f, fmt::format("iact window's last column ends at address {}, a {}-bit iact address entry holds at most {}",
                       words, lim.iact_addr_bits, max_address(lim.iact_addr_bits)));
  return f;
}

Fit iact_window_fits(std::span<const CscMatrix> segments, const SpadLimits& lim) {
  int64_t columns = 0, words = 0;
  for (size_t j = 0; j < segments.size(); ++j) {
    if (segments[j].mode != segments[0].mode)
      throw std::invalid_argument(fmt::format("csc fit: window mixes modes (segment {} is {}, segment 0 is {})", j,
                                              to_string(segments[j].mode), to_string(segments[0].mode)));
    validate(segments[j]);
    columns += segments[j].cols;
    words += static_cast<int64_t>(segments[j].words.size());
  }
  const Mode mode = segments.empty() ? Mode::Compressed : segments[0].mode;
  return iact_window_fits(static_cast<int>(columns), static_cast<int>(words), mode, lim);
}

Fit weight_block_fits(int rows, int columns, int simd_words, Mode mode, const SpadLimits& lim) {
  check_counts(rows, columns, simd_words, "weight block");
  Fit f;
  if (rows > lim.psum_entries)
    add(f, fmt::format("weight block has {} rows (output channels, one psum each), psum SPad holds {}", rows,
                       lim.psum_entries));
  if (mode == Mode::Compressed && columns > lim.weight_addr_entries)
    add(f, fmt::format("weight block needs {} address entries (one per column), weight address SPad holds {}", columns,
                       lim.weight_addr_entries));
  if (simd_words > lim.weight_data_entries)
    add(f, fmt::format("weight block needs {} SIMD words, weight data SPad holds {}", simd_words,
                       lim.weight_data_entries));
  if (mode == Mode::Compressed && simd_words > max_address(lim.weight_addr_bits))
    add(f, fmt::format("weight block's last column ends at address {}, a {}-bit weight address entry holds at most {}",
                       simd_words, lim.weight_addr_bits, max_address(lim.weight_addr_bits)));
  return f;
}

Fit weight_block_fits(const SimdMatrix& m, const SpadLimits& lim) {
  unpack_simd2(m);  // only well-formed blocks get a verdict
  return weight_block_fits(m.rows, m.cols, static_cast<int>(m.words24.size()), m.mode, lim);
}

}  // namespace ev2::csc
