// Malformed encodings must be rejected with a message that says what is wrong and where: the RTL
// testbenches decode SPad dumps with this codec, and a silent misread would hide an RTL bug.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "csc/matrix.hpp"
#include "csc_test_util.hpp"

namespace ev2::csc {
namespace {

using test::error_of;
using ::testing::HasSubstr;
using Words = std::vector<uint16_t>;

CscMatrix make(int rows, int cols, Words words, Words addr, Mode mode = Mode::Compressed) {
  return CscMatrix{rows, cols, mode, std::move(words), std::move(addr)};
}

std::string decode_error(const CscMatrix& m) {
  // validate() and decode() share the checks; both must reject.
  const std::string v = error_of([&] { validate(m); });
  const std::string d = error_of([&] { decode(m, Sign::Signed); });
  EXPECT_EQ(v, d);
  return d;
}

TEST(CscDecodeError, WellFormedReferenceIsAccepted) {
  // The matrices below are each one defect away from this one.
  EXPECT_EQ(decode_error(make(3, 4, {0x101, 0x002, 0x103}, {0, 1, 1, 3})), "<no exception>");
}

TEST(CscDecodeError, AddressNotMonotonic) {
  EXPECT_THAT(decode_error(make(3, 4, {0x101, 0x002, 0x103}, {0, 2, 1, 3})),
              HasSubstr("address not monotonic: addr[2]=1 < addr[1]=2"));
}

TEST(CscDecodeError, AddressPastEnd) {
  EXPECT_THAT(decode_error(make(3, 4, {0x101, 0x002, 0x103}, {0, 1, 4, 4})),
              HasSubstr("addr[2]=4 points past the end of the 3 data words"));
}

TEST(CscDecodeError, WordsBeyondLastColumn) {
  EXPECT_THAT(decode_error(make(3, 4, {0x101, 0x002, 0x103}, {0, 1, 1, 2})),
              HasSubstr("3 data words but the last column ends at 2"));
  EXPECT_THAT(decode_error(make(3, 0, {0x001}, {})), HasSubstr("1 data words but the last column ends at 0"));
}

TEST(CscDecodeError, AddressCountMismatch) {
  EXPECT_THAT(decode_error(make(3, 4, {0x101, 0x002, 0x103}, {0, 1, 3})),
              HasSubstr("address vector has 3 entries, matrix has 4 columns"));
}

TEST(CscDecodeError, ColumnOverflowsItsRows) {
  // Count 3 in a 3-row column puts the value at row 3.
  EXPECT_THAT(decode_error(make(3, 1, {0x301}, {1})),
              HasSubstr("column 0: word 0 = 0x301 puts a value at row 3, past the column's 3 rows"));
  // Two values fit, the third does not.
  EXPECT_THAT(decode_error(make(2, 1, {0x001, 0x001, 0x001}, {3})), HasSubstr("word 2 = 0x001 puts a value at row 2"));
  // A run breaker covers 16 rows, so after it a 10-row column has no room.
  EXPECT_THAT(decode_error(make(10, 1, {0xf00, 0x001}, {2})), HasSubstr("puts a value at row 16"));
  // Exactly fitting is fine: 17 rows, value at row 16.
  EXPECT_EQ(decode_error(make(17, 1, {0xf00, 0x001}, {2})), "<no exception>");
}

TEST(CscDecodeError, ZeroWordThatIsNotARunBreaker) {
  EXPECT_THAT(decode_error(make(4, 1, {0x000}, {1})),
              HasSubstr("word 0 = 0x000 is a zero value with count 0; only the run breaker 0xf00 may hold a zero"));
  EXPECT_THAT(decode_error(make(40, 1, {0x300, 0x001}, {2})), HasSubstr("0x300 is a zero value with count 3"));
}

TEST(CscDecodeError, ColumnEndingInRunBreaker) {
  EXPECT_THAT(decode_error(make(40, 2, {0x001, 0xf00, 0x005}, {2, 3})),
              HasSubstr("column 0: ends with the run breaker 0xf00 at word 1; trailing zeros are never encoded"));
}

TEST(CscDecodeError, BitsAboveTheWord) {
  EXPECT_THAT(decode_error(make(4, 1, {0x1005}, {1})), HasSubstr("word 0 = 0x1005 has bits above bit 11"));
  EXPECT_THAT(decode_error(make(2, 1, {0x001, 0x1000}, {2}, Mode::Dense)),
              HasSubstr("column 0: word 1 = 0x1000 has bits above bit 11"));
}

TEST(CscDecodeError, DenseWordWithCount) {
  EXPECT_THAT(decode_error(make(2, 1, {0x001, 0x105}, {2}, Mode::Dense)),
              HasSubstr("column 0: dense word 1 = 0x105 has count 1, dense words have count 0"));
}

TEST(CscDecodeError, DenseColumnLength) {
  EXPECT_THAT(decode_error(make(3, 2, {0x001, 0x002, 0x003, 0x004}, {3, 4}, Mode::Dense)),
              HasSubstr("column 1: dense column has 1 words, expected 3 (one per row)"));
}

TEST(CscDecodeError, BadShape) {
  EXPECT_THAT(decode_error(make(0, 0, {}, {})), HasSubstr("rows=0 must be at least 1"));
  EXPECT_THAT(decode_error(make(1, -2, {}, {})), HasSubstr("cols=-2 must not be negative"));
}

TEST(CscDecodeError, DecodeColumnChecksToo) {
  EXPECT_THAT(error_of([] { decode_column(Words{0x205}, 2, Mode::Compressed, Sign::Signed); }),
              HasSubstr("column: word 0 = 0x205 puts a value at row 2"));
  EXPECT_THAT(error_of([] { decode_column(Words{}, 0, Mode::Compressed, Sign::Signed); }), HasSubstr("rows=0"));
}

}  // namespace
}  // namespace ev2::csc
