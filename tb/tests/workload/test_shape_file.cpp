// The shape-file parser: what a good file yields, and the one-line file:line message for each way a
// file can be wrong.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <ostream>
#include <fstream>

#include <unistd.h>

#include "harness/seed.hpp"
#include "workload/shape_file.hpp"

namespace wl = ev2::workload;
using ev2::LayerKind;
using ev2::PoolKind;

namespace {

constexpr const char* kHeader = "network t\n";

// The message parse_shape_string throws for `text` (or "" if it parses).
std::string error_of(const std::string& text, const std::string& file = "t.layers") {
  try {
    wl::parse_shape_string(text, file);
  } catch (const wl::ShapeFileError& e) {
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "message must be one line: " << e.what();
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ShapeFile, ParsesEveryKindWithDefaults) {
  const auto n = wl::parse_shape_string(R"(# leading comment
network demo   # trailing comment
input 3x32x32
published macs=1.5M weights=2k convention=macs source="a source, with # and spaces"

conv   c1  C=3 H=32 W=32 M=8 R=3 pad=1
dwconv d1  C=8 H=32 W=32 R=3 U=2 pad_h=1 pad_w=0
pwconv p1  C=8 H=16 W=15 M=16
pool   s1  C=16 H=16 W=15 R=2 U=2 pool=avg
fc     f1  C=16 H=8 W=7 M=10 N=4
conv   g1  C=8 H=8 W=8 M=4 R=3 S=1 G=2
)",
                                        "demo.layers");
  EXPECT_EQ(n.name, "demo");
  EXPECT_EQ(n.file, "demo.layers");
  ASSERT_TRUE(n.input);
  EXPECT_EQ((*n.input)[2], 32);
  ASSERT_TRUE(n.published);
  EXPECT_DOUBLE_EQ(*n.published->macs, 1.5e6);
  EXPECT_DOUBLE_EQ(*n.published->weights, 2e3);
  EXPECT_EQ(n.published->source, "a source, with # and spaces");
  ASSERT_EQ(n.layers.size(), 6u);
  EXPECT_EQ(n.layer_lines, (std::vector<int>{6, 7, 8, 9, 10, 11}));

  const auto& c1 = n.layers[0];
  EXPECT_EQ(c1.kind, LayerKind::Conv);
  EXPECT_EQ(c1.S, 3);  // S defaults to R
  EXPECT_EQ(c1.pad_h, 1);
  EXPECT_EQ(c1.pad_w, 1);
  EXPECT_EQ(c1.E(), 32);

  const auto& d1 = n.layers[1];
  EXPECT_EQ(d1.kind, LayerKind::Depthwise);
  EXPECT_EQ(d1.G, 8);  // depthwise: G and M default to C
  EXPECT_EQ(d1.M, 8);
  EXPECT_EQ(d1.E(), 16);
  EXPECT_EQ(d1.F(), 15);

  EXPECT_EQ(n.layers[2].R, 1);
  EXPECT_EQ(n.layers[3].pool, PoolKind::Avg);
  EXPECT_EQ(n.layers[3].M, 16);
  const auto& f1 = n.layers[4];
  EXPECT_EQ(f1.R, 8);  // fc: the kernel is the whole input
  EXPECT_EQ(f1.S, 7);
  EXPECT_EQ(f1.N, 4);
  EXPECT_EQ(f1.macs(), 4u * 10 * 16 * 8 * 7);
  EXPECT_EQ(n.layers[5].S, 1);
  EXPECT_EQ(n.layers[5].G, 2);
}

TEST(ShapeFile, AcceptsCrlfTabsAndNoTrailingNewline) {
  const auto n =
      wl::parse_shape_string("network t\r\n\tconv\tc1\tC=1 H=4 W=4 M=1 R=3\r\nfc f C=1 H=2 W=2 M=1", "t.layers");
  EXPECT_EQ(n.layers.size(), 2u);
}

TEST(ShapeFile, ChainCheckFollowsOutputs) {
  const std::string ok =
      "network t\ncheck chain\nconv a C=3 H=8 W=8 M=4 R=3 pad=1\npool p C=4 H=8 W=8 R=2 U=2\nfc f C=4 H=4 W=4 M=2\n";
  EXPECT_EQ(error_of(ok), "");
  EXPECT_EQ(error_of("network t\ncheck chain\nconv a C=3 H=8 W=8 M=4 R=3\nconv b C=4 H=8 W=8 M=4 R=3\n"),
            "t.layers:4: layer 'b': input 4x8x8 is not the output 4x6x6 of 'a' (line 3), as 'check chain' requires");
  // Without the check, branches may start from any earlier tensor.
  EXPECT_EQ(error_of("network t\nconv a C=3 H=8 W=8 M=4 R=3\nconv b C=4 H=8 W=8 M=4 R=3\n"), "");
  EXPECT_EQ(error_of("network t\ninput 3x8x8\nconv a C=3 H=9 W=8 M=4 R=3\n"),
            "t.layers:3: layer 'a': input 3x9x8 does not match the network input 3x8x8");
}

TEST(ShapeFile, ErrorNamesFileLineAndField) {
  EXPECT_EQ(error_of("network alexnet\n\n\n\n\n\nconv conv1 C=3 H=227 W=227 M=96 R=x\n", "alexnet.layers"),
            "alexnet.layers:7: field 'R': expected a positive integer, got 'x'");
}

struct BadCase {
  const char* what;
  std::string text;
  std::string message;  // the exact error, after "t.layers:"
};

// gtest would otherwise print the struct's bytes, which include pointers: unstable test names.
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.what; }

std::string case_name(const testing::TestParamInfo<BadCase>& info) {
  std::string name = info.param.what;
  for (auto& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

class MalformedFile : public testing::TestWithParam<BadCase> {};

TEST_P(MalformedFile, IsReportedOnOneLine) {
  EXPECT_EQ(error_of(GetParam().text), "t.layers:" + GetParam().message) << GetParam().what;
}

INSTANTIATE_TEST_SUITE_P(
    ShapeFile, MalformedFile,
    testing::Values(
        BadCase{"zero", std::string(kHeader) + "conv c C=0 H=4 W=4 M=1 R=1\n",
                "2: field 'C': expected a positive integer, got '0'"},
        BadCase{"negative", std::string(kHeader) + "conv c C=1 H=-4 W=4 M=1 R=1\n",
                "2: field 'H': expected a positive integer, got '-4'"},
        BadCase{"sign", std::string(kHeader) + "conv c C=+1 H=4 W=4 M=1 R=1\n",
                "2: field 'C': expected a positive integer, got '+1'"},
        BadCase{"fraction", std::string(kHeader) + "conv c C=1 H=4 W=4 M=1.5 R=1\n",
                "2: field 'M': expected a positive integer, got '1.5'"},
        BadCase{"empty value", std::string(kHeader) + "conv c C=1 H=4 W=4 M= R=1\n",
                "2: field 'M': expected a positive integer, got ''"},
        BadCase{"negative pad", std::string(kHeader) + "conv c C=1 H=4 W=4 M=1 R=1 pad=-1\n",
                "2: field 'pad': expected a non-negative integer, got '-1'"},
        BadCase{"huge", std::string(kHeader) + "conv c C=1 H=4 W=4 M=1 R=1 U=99999999999999999999999\n",
                "2: field 'U': 99999999999999999999999 is larger than the limit 1000000"},
        BadCase{"over limit", std::string(kHeader) + "conv c C=1000001 H=4 W=4 M=1 R=1\n",
                "2: field 'C': 1000001 is larger than the limit 1000000"},
        BadCase{"unknown key", std::string(kHeader) + "conv c C=1 H=4 W=4 M=1 R=1 Q=3\n",
                "2: field 'Q': unknown (fields: N C H W M R S U pad pad_h pad_w G pool)"},
        BadCase{"duplicate key", std::string(kHeader) + "conv c C=1 H=4 W=4 M=1 R=1 R=2\n",
                "2: field 'R': given twice"},
        BadCase{"missing key", std::string(kHeader) + "conv c C=1 H=4 W=4 R=1\n",
                "2: field 'M': missing (conv layers need C, H, W, M, R)"},
        BadCase{"key not for kind", std::string(kHeader) + "fc f C=1 H=4 W=4 M=1 U=2\n",
                "2: field 'U': fc layers do not take it (they take C H W M N)"},
        BadCase{"pool key on conv", std::string(kHeader) + "conv c C=1 H=4 W=4 M=1 R=1 pool=max\n",
                "2: field 'pool': conv layers do not take it (they take C H W M R N S U pad pad_h pad_w G)"},
        BadCase{"pad conflict", std::string(kHeader) + "conv c C=1 H=4 W=4 M=1 R=1 pad=1 pad_w=0\n",
                "2: field 'pad_w': conflicts with 'pad' (which sets both)"},
        BadCase{"bad pool", std::string(kHeader) + "pool p C=1 H=4 W=4 R=2 pool=min\n",
                "2: field 'pool': expected max or avg, got 'min'"},
        BadCase{"not key=value", std::string(kHeader) + "conv c C=1 H=4 W=4 M=1 R=1 stray\n",
                "2: expected key=value, got 'stray'"},
        BadCase{"no key", std::string(kHeader) + "conv c C=1 H=4 W=4 M=1 R=1 =3\n", "2: expected key=value, got '=3'"},
        BadCase{"unknown kind", std::string(kHeader) + "deconv c C=1\n",
                "2: unknown kind 'deconv' (kinds: conv, dwconv, pwconv, fc, pool; headers: network, input, published, "
                "check)"},
        BadCase{"missing name", std::string(kHeader) + "conv C=1 H=4 W=4 M=1 R=1\n",
                "2: layer name missing: expected 'conv <name> key=value ...', got 'C=1'"},
        BadCase{"bare kind", std::string(kHeader) + "pool\n", "2: expected 'pool <name> key=value ...'"},
        BadCase{"bad name", std::string(kHeader) + "conv c/1 C=1 H=4 W=4 M=1 R=1\n",
                "2: layer name 'c/1': use letters, digits, '_', '.', '-'"},
        BadCase{"duplicate layer", std::string(kHeader) + "conv c C=1 H=4 W=4 M=1 R=1\n\nconv c C=1 H=4 W=4 M=1 R=1\n",
                "4: layer 'c': duplicate name (first defined on line 2)"},
        BadCase{"kernel too big", std::string(kHeader) + "conv conv3 C=1 H=5 W=9 M=1 R=7\n",
                "2: layer 'conv3': R=7 is larger than the padded input height 5"},
        BadCase{"kernel too wide", std::string(kHeader) + "conv c C=1 H=9 W=2 M=1 R=3 pad_h=1\n",
                "2: layer 'c': S=3 is larger than the padded input width 2"},
        BadCase{"groups", std::string(kHeader) + "conv c C=6 H=4 W=4 M=4 R=1 G=4\n",
                "2: layer 'c': C=6 is not a multiple of G=4"},
        BadCase{"depthwise groups", std::string(kHeader) + "dwconv d C=6 H=4 W=4 R=3 G=3 pad=1\n",
                "2: layer 'd': depthwise layer needs G == C (G=3, C=6)"},
        BadCase{"pointwise kernel", std::string(kHeader) + "pwconv p C=6 H=4 W=4 M=2 R=3\n",
                "2: layer 'p': pointwise layer needs R == S == 1 (R=3, S=3)"},
        BadCase{"pool channels", std::string(kHeader) + "pool p C=6 H=4 W=4 M=3 R=2\n",
                "2: layer 'p': pool layer needs M == C (M=3, C=6)"},
        BadCase{"too many MACs", std::string(kHeader) + "conv c C=1000000 H=10000 W=10000 M=1000000 R=1\n",
                "2: layer 'c': 1e+20 MACs is more than this tool counts (2^62)"},
        BadCase{"layer before header", "conv c C=1 H=4 W=4 M=1 R=1\n",
                "1: expected 'network <name>' before anything else, got 'conv'"},
        BadCase{"second header", "network a\nnetwork b\n", "2: second 'network' header (the first is on line 1)"},
        BadCase{"network name", "network\n", "1: expected 'network <name>'"},
        BadCase{"no layers", "# only a header\nnetwork a\n", "2: no layers after the header"},
        BadCase{"bad input", std::string(kHeader) + "input 3x224\n",
                "2: field 'input': expected CxHxW like 3x224x224, got '3x224'"},
        BadCase{"bad input value", std::string(kHeader) + "input 3xAx224\n",
                "2: field 'input': expected a positive integer, got 'A'"},
        BadCase{"header after layer", std::string(kHeader) + "fc f C=1 H=1 W=1 M=1\ninput 1x1x1\n",
                "3: 'input' must come before the first layer"},
        BadCase{"bad figure", std::string(kHeader) + "published macs=lots\n",
                "2: field 'macs': expected a positive number like 724.4M, got 'lots'"},
        BadCase{"negative figure", std::string(kHeader) + "published weights=-5M\n",
                "2: field 'weights': expected a positive number like 724.4M, got '-5M'"},
        BadCase{"figure suffix", std::string(kHeader) + "published macs=5T\n",
                "2: field 'macs': expected a positive number like 724.4M, got '5T'"},
        BadCase{"nan figure", std::string(kHeader) + "published macs=nan\n",
                "2: field 'macs': expected a positive number like 724.4M, got 'nan'"},
        BadCase{"bad convention", std::string(kHeader) + "published macs=1 convention=flops\n",
                "2: field 'convention': expected macs or connections, got 'flops'"},
        BadCase{"published key", std::string(kHeader) + "published macs=1 year=1998\n",
                "2: field 'year': unknown (published takes macs, weights, convention, source)"},
        BadCase{"empty published", std::string(kHeader) + "published source=\"x\"\n",
                "2: published: give macs=, weights= or both"},
        BadCase{"second published", std::string(kHeader) + "published macs=1\npublished macs=2\n",
                "3: second 'published' header"},
        BadCase{"unterminated quote", std::string(kHeader) + "published macs=1 source=\"abc\n",
                "2: unterminated quote in 'source=\"abc'"},
        BadCase{"stray quote", std::string(kHeader) + "published macs=1 source=a\"b\"\n",
                "2: field 'source': quotes must enclose the whole value, got 'a\"b\"'"},
        BadCase{"bad check", std::string(kHeader) + "check order\n", "2: expected 'check chain', got 'order'"},
        BadCase{"control bytes", std::string(kHeader) + std::string("conv c C=1 H=4 W=4 M=1 R=\x01\x7f\n"),
                "2: field 'R': expected a positive integer, got '\\x01\\x7f'"}),
    case_name);

TEST(ShapeFile, EmptyTextNamesTheFile) {
  EXPECT_EQ(error_of(""), "t.layers: no 'network <name>' header and no layers");
  EXPECT_EQ(error_of("# nothing\n\n"), "t.layers: no 'network <name>' header and no layers");
}

TEST(ShapeFile, MissingOrUnreadableFile) {
  try {
    wl::parse_shape_file("/nonexistent/dir/x.layers");
    FAIL() << "expected an error";
  } catch (const wl::ShapeFileError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/dir/x.layers: cannot open: no such file");
    EXPECT_EQ(e.line(), 0);
  }
  EXPECT_THROW(wl::parse_shape_file(EV2_WORKLOADS_DIR), wl::ShapeFileError);  // a directory
}

TEST(ShapeFile, ReadsFromDiskAndReportsThePath) {
  const auto path =
      std::filesystem::temp_directory_path() / ("ev2_shape_file_" + std::to_string(::getpid()) + ".layers");
  {
    std::ofstream out(path);
    out << "network disk\nconv c1 C=1 H=4 W=4 M=2 R=3\nconv c2 C=2 H=2 W=2 M=2 R=3\n";
  }
  try {
    wl::parse_shape_file(path);
    ADD_FAILURE() << "expected an error";
  } catch (const wl::ShapeFileError& e) {
    EXPECT_EQ(e.file(), path.string());
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.message(), "layer 'c2': R=3 is larger than the padded input height 2");
  }
  std::filesystem::remove(path);
}

// Random mutations of a good file must give either a network or a ShapeFileError, nothing else.
TEST(ShapeFile, MutatedInputNeverCrashes) {
  const std::string good =
      "network t\ninput 3x8x8\npublished macs=1k source=\"x y\"\ncheck chain\n"
      "conv a C=3 H=8 W=8 M=4 R=3 pad=1\npool p C=4 H=8 W=8 R=2 U=2 pool=max\nfc f C=4 H=4 W=4 M=2\n";
  const std::string alphabet = "=x\"#\n \t0123456789-+.CHWMRSUGpadk";
  auto rng = ev2::tb::test_rng();
  int parsed = 0, rejected = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string text = good;
    const int edits = static_cast<int>(rng.uniform(1, 4));
    for (int e = 0; e < edits; ++e) {
      const auto pos = static_cast<size_t>(rng.uniform(0, static_cast<int64_t>(text.size())));
      switch (rng.uniform(0, 2)) {
        case 0:
          if (pos < text.size()) text.erase(pos, 1);
          break;
        case 1:
          text.insert(pos, 1, alphabet[static_cast<size_t>(rng.uniform(0, static_cast<int64_t>(alphabet.size()) - 1))]);
          break;
        default:
          if (pos < text.size()) text[pos] = static_cast<char>(rng.uniform(0, 255));
          break;
      }
    }
    try {
      const auto n = wl::parse_shape_string(text, "m.layers");
      for (const auto& l : n.layers) ASSERT_EQ(l.check(), "") << text;
      ++parsed;
    } catch (const wl::ShapeFileError& e) {
      ASSERT_EQ(std::string(e.what()).rfind("m.layers", 0), 0u) << e.what();
      ASSERT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
      ++rejected;
    }
  }
  EXPECT_GT(parsed, 0);
  EXPECT_GT(rejected, 0);
}
