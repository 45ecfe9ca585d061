// The 12-bit word layout and value conventions: {count[3:0], data[7:0]} = (count << 8) | data.
#include <gtest/gtest.h>

#include "csc/word.hpp"
#include "csc/weights.hpp"

namespace ev2::csc {
namespace {

TEST(CscWord, BitLayout) {
  EXPECT_EQ(make_word(0, 5), 0x005);
  EXPECT_EQ(make_word(2, 5), 0x205);
  EXPECT_EQ(make_word(15, 0), 0xf00);
  EXPECT_EQ(make_word(15, 0), kRunBreaker);
  EXPECT_EQ(make_word(3, -1), 0x3ff);  // data is the raw byte of a negative value
  EXPECT_EQ(make_word(0, -128), 0x080);
  EXPECT_EQ(make_word(1, 255), 0x1ff);  // unsigned 255 and signed -1 share a byte
  EXPECT_EQ(word_count(0xa7c), 0xa);
  EXPECT_EQ(word_data(0xa7c), 0x7c);
  EXPECT_EQ(kPadWord, 0x000);
}

TEST(CscWord, DataInterpretation) {
  EXPECT_EQ(data_value(0xff, Sign::Signed), -1);
  EXPECT_EQ(data_value(0xff, Sign::Unsigned), 255);
  EXPECT_EQ(data_value(0x80, Sign::Signed), -128);
  EXPECT_EQ(data_value(0x80, Sign::Unsigned), 128);
  EXPECT_EQ(data_value(0x7f, Sign::Signed), 127);
  EXPECT_TRUE(in_range(-128, Sign::Signed));
  EXPECT_FALSE(in_range(128, Sign::Signed));
  EXPECT_FALSE(in_range(-129, Sign::Signed));
  EXPECT_TRUE(in_range(255, Sign::Unsigned));
  EXPECT_FALSE(in_range(-1, Sign::Unsigned));
  EXPECT_FALSE(in_range(256, Sign::Unsigned));
}

TEST(CscWord, Simd2PairLayout) {
  // First word in bits [11:0], second in [23:12].
  EXPECT_EQ(make_pair(0x001, 0x102), 0x102001u);
  EXPECT_EQ(make_pair(0x1fd, kPadWord), 0x0001fdu);
  EXPECT_EQ(pair_first(0xabc123u), 0x123);
  EXPECT_EQ(pair_second(0xabc123u), 0xabc);
}

}  // namespace
}  // namespace ev2::csc
