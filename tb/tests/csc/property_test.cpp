// Random round trips over shapes and densities 0%..100%, canonical-form invariants of every
// encoding, and mutation fuzzing of the decoder: a decoder that accepts a corrupted stream must
// have been given another canonical encoding (re-encoding reproduces it bit for bit).
#include <gtest/gtest.h>

#include <cstdlib>

#include "csc/csc.hpp"
#include "csc_test_util.hpp"
#include "harness/seed.hpp"

namespace ev2::csc {
namespace {

constexpr Sign kSigns[] = {Sign::Signed, Sign::Unsigned};

// Invariants that hold for any compressed encoding, checked straight on the words.
void expect_canonical(const CscMatrix& m, const std::vector<int16_t>& v) {
  size_t begin = 0;
  for (int k = 0; k < m.cols; ++k) {
    const size_t end = m.addr[static_cast<size_t>(k)];
    ASSERT_GE(end, begin);
    // Rows consumed by the column's words: count + 1 each (a breaker: 15 + 1).
    int64_t consumed = 0;
    int last_nonzero = -1;
    for (int r = 0; r < m.rows; ++r) {
      if (v[static_cast<size_t>(k) * m.rows + r] != 0) last_nonzero = r;
    }
    for (size_t i = begin; i < end; ++i) {
      const uint16_t w = m.words[i];
      ASSERT_LE(w, 0xfff);
      ASSERT_NE(w, kPadWord) << "0x000 is reserved for SIMD padding";
      if (word_data(w) == 0) {
        ASSERT_EQ(w, kRunBreaker);
      }
      consumed += word_count(w) + 1;
    }
    if (end > begin) {
      ASSERT_NE(m.words[end - 1], kRunBreaker) << "column " << k << " ends with a breaker";
    }
    // The words reach exactly one past the last nonzero: trailing zeros are implicit.
    ASSERT_EQ(consumed, last_nonzero + 1) << "column " << k;
    begin = end;
  }
  ASSERT_EQ(begin, m.words.size());
}

TEST(CscProperty, PlainRoundTripAllDensities) {
  auto rng = tb::test_rng();
  for (int pct = 0; pct <= 100; pct += 5) {
    for (Sign sign : kSigns) {
      for (int trial = 0; trial < 30; ++trial) {
        const int rows = static_cast<int>(rng.uniform(1, 70));
        const int cols = static_cast<int>(rng.uniform(0, 24));
        const auto v = test::random_matrix(rng, rows, cols, pct / 100.0, sign);
        const CscMatrix c = encode(v, rows, cols, Mode::Compressed, sign);
        ASSERT_EQ(decode(c, sign), v) << pct << "% " << rows << "x" << cols << " " << to_string(sign);
        expect_canonical(c, v);
        const CscMatrix d = encode(v, rows, cols, Mode::Dense, sign);
        ASSERT_EQ(d.words.size(), v.size());
        ASSERT_EQ(decode(d, sign), v);
      }
    }
  }
}

TEST(CscProperty, Simd2RoundTripAllDensities) {
  auto rng = tb::test_rng();
  for (int pct = 0; pct <= 100; pct += 5) {
    for (Sign sign : kSigns) {
      for (int trial = 0; trial < 30; ++trial) {
        const int rows = static_cast<int>(rng.uniform(1, 70));
        const int cols = static_cast<int>(rng.uniform(0, 24));
        const auto v = test::random_matrix(rng, rows, cols, pct / 100.0, sign);
        for (Mode mode : {Mode::Compressed, Mode::Dense}) {
          const CscMatrix plain = encode(v, rows, cols, mode, sign);
          const SimdMatrix s = pack_simd2(plain);
          ASSERT_EQ(unpack_simd2(s), plain);
          ASSERT_EQ(decode(unpack_simd2(s), sign), v) << pct << "% " << rows << "x" << cols;
          // Every column starts on an entry boundary and holds ceil(words / 2) entries.
          for (int k = 0; k < cols; ++k) {
            const size_t pw = plain.column(k).size();
            const size_t sb = k == 0 ? 0 : s.addr[static_cast<size_t>(k - 1)];
            ASSERT_EQ(s.addr[static_cast<size_t>(k)] - sb, (pw + 1) / 2) << "column " << k;
          }
          if (sign == Sign::Signed) {
            ASSERT_EQ(encode_weights_simd2(v, rows, cols, mode), s);
            ASSERT_EQ(decode_weights_simd2(s), v);
          }
        }
      }
    }
  }
}

TEST(CscProperty, LongRunsRoundTrip) {
  // Tall columns with a handful of nonzeros exercise runs of many multiples of 16.
  auto rng = tb::test_rng();
  for (int trial = 0; trial < 500; ++trial) {
    const int rows = static_cast<int>(rng.uniform(1, 300));
    std::vector<int16_t> v(static_cast<size_t>(rows), 0);
    const int n = static_cast<int>(rng.uniform(0, 4));
    for (int i = 0; i < n; ++i)
      v[static_cast<size_t>(rng.uniform(0, rows - 1))] = static_cast<int16_t>(rng.uniform(1, 255));
    const CscMatrix c = encode(v, rows, 1, Mode::Compressed, Sign::Unsigned);
    ASSERT_EQ(decode(c, Sign::Unsigned), v);
    expect_canonical(c, v);
  }
}

// Returns true if decoding threw; otherwise checks the accepted input is canonical.
template <class M, class Decode, class Reencode>
bool reject_or_canonical(const M& mutated, Decode decode_fn, Reencode reencode_fn) {
  std::vector<int16_t> values;
  try {
    values = decode_fn(mutated);
  } catch (const std::invalid_argument&) {
    return true;
  }
  EXPECT_EQ(reencode_fn(values), mutated) << "decoder accepted a non-canonical stream";
  return false;
}

TEST(CscProperty, MutatedPlainStreamsRejectedOrCanonical) {
  auto rng = tb::test_rng();
  int rejected = 0, total = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const int rows = static_cast<int>(rng.uniform(1, 40));
    const int cols = static_cast<int>(rng.uniform(1, 8));
    const Mode mode = rng.bernoulli(0.8) ? Mode::Compressed : Mode::Dense;
    const auto v = test::random_matrix(rng, rows, cols, rng.real() * 0.5, Sign::Unsigned);
    CscMatrix m = encode(v, rows, cols, mode, Sign::Unsigned);
    switch (rng.uniform(0, 3)) {
      case 0:
        if (m.words.empty()) continue;
        m.words[static_cast<size_t>(rng.uniform(0, static_cast<int64_t>(m.words.size()) - 1))] ^=
            static_cast<uint16_t>(1u << rng.uniform(0, 12));
        break;
      case 1:
        m.addr[static_cast<size_t>(rng.uniform(0, cols - 1))] += static_cast<uint16_t>(rng.bernoulli(0.5) ? 1 : -1);
        break;
      case 2:
        m.words.insert(m.words.begin() + rng.uniform(0, static_cast<int64_t>(m.words.size())),
                       static_cast<uint16_t>(rng.uniform(0, 0xfff)));
        break;
      default:
        if (m.words.empty()) continue;
        m.words.erase(m.words.begin() + rng.uniform(0, static_cast<int64_t>(m.words.size()) - 1));
        break;
    }
    ++total;
    rejected += reject_or_canonical(
        m, [](const CscMatrix& x) { return decode(x, Sign::Unsigned); },
        [&](const std::vector<int16_t>& x) { return encode(x, rows, cols, mode, Sign::Unsigned); });
  }
  // Most single corruptions must be caught (a flipped data bit of a nonzero can be a valid value).
  EXPECT_GT(rejected, total / 4) << rejected << " of " << total;
}

TEST(CscProperty, MutatedSimdStreamsRejectedOrCanonical) {
  auto rng = tb::test_rng();
  int rejected = 0, total = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const int rows = static_cast<int>(rng.uniform(1, 40));
    const int cols = static_cast<int>(rng.uniform(1, 8));
    const Mode mode = rng.bernoulli(0.8) ? Mode::Compressed : Mode::Dense;
    const auto v = test::random_matrix(rng, rows, cols, rng.real() * 0.5, Sign::Signed);
    SimdMatrix m = encode_weights_simd2(v, rows, cols, mode);
    if (rng.bernoulli(0.7)) {
      if (m.words24.empty()) continue;
      m.words24[static_cast<size_t>(rng.uniform(0, static_cast<int64_t>(m.words24.size()) - 1))] ^=
          1u << rng.uniform(0, 24);
    } else {
      m.addr[static_cast<size_t>(rng.uniform(0, cols - 1))] += static_cast<uint16_t>(rng.bernoulli(0.5) ? 1 : -1);
    }
    ++total;
    rejected += reject_or_canonical(
        m, [](const SimdMatrix& x) { return decode_weights_simd2(x); },
        [&](const std::vector<int16_t>& x) { return encode_weights_simd2(x, rows, cols, mode); });
  }
  EXPECT_GT(rejected, total / 4) << rejected << " of " << total;
}

TEST(CscProperty, SignInterpretationOnlyAffectsNegativeBytes) {
  auto rng = tb::test_rng();
  for (int trial = 0; trial < 200; ++trial) {
    const int rows = static_cast<int>(rng.uniform(1, 30));
    const int cols = static_cast<int>(rng.uniform(1, 6));
    const auto v = test::random_matrix(rng, rows, cols, rng.real(), Sign::Unsigned);
    const CscMatrix c = encode(v, rows, cols, Mode::Compressed, Sign::Unsigned);
    const auto s = decode(c, Sign::Signed);
    for (size_t i = 0; i < v.size(); ++i) ASSERT_EQ(s[i], v[i] > 127 ? v[i] - 256 : v[i]);
  }
}

}  // namespace
}  // namespace ev2::csc
