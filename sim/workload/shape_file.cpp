#include "workload/shape_file.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace ev2::workload {

ShapeFileError::ShapeFileError(std::string file, int line, std::string message)
    : std::runtime_error(line > 0 ? fmt::format("{}:{}: {}", file, line, message)
                                  : fmt::format("{}: {}", file, message)),
      file_(std::move(file)),
      line_(line),
      message_(std::move(message)) {}

namespace {

// Echoes user text inside an error message: printable, bounded, so the message stays one line.
std::string shown(std::string_view s) {
  std::string out;
  for (unsigned char ch : s.substr(0, 48)) {
    if (ch >= 0x20 && ch < 0x7f)
      out += static_cast<char>(ch);
    else
      out += fmt::format("\\x{:02x}", ch);
  }
  if (s.size() > 48) out += "...";
  return out;
}

bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f'; }

bool valid_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' ||
           ch == '-';
  });
}

struct Field {
  std::string key;
  std::string value;
};

// Kinds and the fields each one must / may give. Fields a kind cannot use are rejected rather than
// ignored, so a typo like "U=2" on an fc layer does not silently mean nothing.
struct KindInfo {
  const char* word;
  LayerKind kind;
  std::vector<std::string_view> required;
  std::vector<std::string_view> optional;
};

const std::vector<KindInfo>& kinds() {
  static const std::vector<KindInfo> k = {
      {"conv", LayerKind::Conv, {"C", "H", "W", "M", "R"}, {"N", "S", "U", "pad", "pad_h", "pad_w", "G"}},
      {"dwconv", LayerKind::Depthwise, {"C", "H", "W", "R"}, {"N", "M", "S", "U", "pad", "pad_h", "pad_w", "G"}},
      {"pwconv", LayerKind::Pointwise, {"C", "H", "W", "M"}, {"N", "R", "S", "U", "pad", "pad_h", "pad_w", "G"}},
      {"fc", LayerKind::FC, {"C", "H", "W", "M"}, {"N"}},
      {"pool", LayerKind::Pool, {"C", "H", "W", "R"}, {"N", "M", "S", "U", "pad", "pad_h", "pad_w", "pool"}},
  };
  return k;
}

const std::vector<std::string_view>& all_layer_fields() {
  static const std::vector<std::string_view> f = {"N", "C",   "H",     "W",     "M", "R",   "S",
                                                  "U", "pad", "pad_h", "pad_w", "G", "pool"};
  return f;
}

std::string join(const std::vector<std::string_view>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

class Parser {
 public:
  explicit Parser(std::string_view file_name) : file_(file_name) { net_.file = file_; }

  Network run(std::string_view text) {
    for (size_t pos = 0; pos < text.size();) {
      size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      ++line_;
      parse_line(text.substr(pos, end - pos));
      pos = end + 1;
    }
    if (!have_network_) {
      line_ = 0;
      fail("no 'network <name>' header and no layers");
    }
    if (net_.layers.empty()) fail("no layers after the header");
    return std::move(net_);
  }

 private:
  [[noreturn]] void fail(const std::string& message) const { throw ShapeFileError(file_, line_, message); }
  [[noreturn]] void fail_field(std::string_view field, const std::string& message) const {
    fail(fmt::format("field '{}': {}", field, message));
  }

  // Splits a line into words, dropping a trailing comment. Double quotes group a value that holds
  // spaces or '#': source="Sze et al. 2017, Table 3".
  std::vector<std::string> words(std::string_view line) const {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < line.size()) {
      if (is_space(line[i])) {
        ++i;
        continue;
      }
      if (line[i] == '#') break;
      std::string word;
      bool quoted = false;
      for (; i < line.size() && (quoted || (!is_space(line[i]) && line[i] != '#')); ++i) {
        if (line[i] == '"') quoted = !quoted;
        word += line[i];
      }
      if (quoted) fail(fmt::format("unterminated quote in '{}'", shown(word)));
      out.push_back(std::move(word));
    }
    return out;
  }

  std::vector<Field> fields(const std::vector<std::string>& w, size_t first) const {
    std::vector<Field> out;
    for (size_t i = first; i < w.size(); ++i) {
      const auto eq = w[i].find('=');
      if (eq == std::string::npos || eq == 0) fail(fmt::format("expected key=value, got '{}'", shown(w[i])));
      Field f{w[i].substr(0, eq), w[i].substr(eq + 1)};
      if (f.value.size() >= 2 && f.value.front() == '"' && f.value.back() == '"') {
        f.value = f.value.substr(1, f.value.size() - 2);
      } else if (f.value.find('"') != std::string::npos) {
        fail_field(shown(f.key), fmt::format("quotes must enclose the whole value, got '{}'", shown(f.value)));
      }
      for (const auto& seen : out)
        if (seen.key == f.key) fail_field(shown(f.key), "given twice");
      out.push_back(std::move(f));
    }
    return out;
  }

  int integer(const Field& f, int min) const {
    const char* what = min > 0 ? "a positive integer" : "a non-negative integer";
    const auto& v = f.value;
    long long x = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    const bool digits_only =
        !v.empty() && std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (ec == std::errc::result_out_of_range && digits_only)
      fail_field(f.key, fmt::format("{} is larger than the limit {}", shown(v), kMaxFieldValue));
    if (ec != std::errc() || ptr != v.data() + v.size() || !digits_only || x < min)
      fail_field(f.key, fmt::format("expected {}, got '{}'", what, shown(v)));
    if (x > kMaxFieldValue) fail_field(f.key, fmt::format("{} is larger than the limit {}", x, kMaxFieldValue));
    return static_cast<int>(x);
  }

  // A published figure: a plain or decimal number with an optional k / M / G suffix (724.4M).
  double figure(const Field& f) const {
    std::string_view v = f.value;
    double scale = 1.0;
    if (!v.empty()) {
      switch (v.back()) {
        case 'k':
          scale = 1e3;
          break;
        case 'M':
          scale = 1e6;
          break;
        case 'G':
          scale = 1e9;
          break;
        default:
          break;
      }
      if (scale != 1.0) v.remove_suffix(1);
    }
    double x = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), x, std::chars_format::fixed);
    const bool plain = !v.empty() && ((v[0] >= '0' && v[0] <= '9') || v[0] == '.');
    if (ec != std::errc() || ptr != v.data() + v.size() || !plain || !std::isfinite(x) || !(x > 0))
      fail_field(f.key, fmt::format("expected a positive number like 724.4M, got '{}'", shown(f.value)));
    return x * scale;
  }

  void parse_line(std::string_view line) {
    const auto w = words(line);
    if (w.empty()) return;
    const std::string& head = w[0];
    if (!have_network_) {
      if (head != "network") fail(fmt::format("expected 'network <name>' before anything else, got '{}'", shown(head)));
      header_network(w);
      return;
    }
    if (head == "network") fail(fmt::format("second 'network' header (the first is on line {})", network_line_));
    if (head == "input" || head == "published" || head == "check") {
      if (!net_.layers.empty()) fail(fmt::format("'{}' must come before the first layer", head));
      if (head == "input") header_input(w);
      if (head == "published") header_published(w);
      if (head == "check") header_check(w);
      return;
    }
    for (const auto& k : kinds())
      if (head == k.word) return layer(k, w);
    fail(fmt::format(
        "unknown kind '{}' (kinds: conv, dwconv, pwconv, fc, pool; headers: network, input, published, check)",
        shown(head)));
  }

  void header_network(const std::vector<std::string>& w) {
    if (w.size() != 2) fail("expected 'network <name>'");
    if (!valid_name(w[1])) fail(fmt::format("network name '{}': use letters, digits, '_', '.', '-'", shown(w[1])));
    net_.name = w[1];
    have_network_ = true;
    network_line_ = line_;
  }

  void header_input(const std::vector<std::string>& w) {
    if (net_.input) fail("second 'input' header");
    if (w.size() != 2) fail("expected 'input CxHxW', e.g. 'input 3x224x224'");
    std::array<int, 3> dims{};
    std::string_view rest = w[1];
    for (size_t i = 0; i < 3; ++i) {
      const size_t x = i < 2 ? rest.find('x') : rest.size();
      if (x == std::string_view::npos)
        fail_field("input", fmt::format("expected CxHxW like 3x224x224, got '{}'", shown(w[1])));
      dims[i] = integer(Field{"input", std::string(rest.substr(0, x))}, 1);
      rest = x < rest.size() ? rest.substr(x + 1) : std::string_view{};
    }
    net_.input = dims;
  }

  void header_published(const std::vector<std::string>& w) {
    if (net_.published) fail("second 'published' header");
    Published p;
    for (const auto& f : fields(w, 1)) {
      if (f.key == "macs") {
        p.macs = figure(f);
      } else if (f.key == "weights") {
        p.weights = figure(f);
      } else if (f.key == "convention") {
        if (f.value == "macs")
          p.convention = Convention::Macs;
        else if (f.value == "connections")
          p.convention = Convention::Connections;
        else
          fail_field(f.key, fmt::format("expected macs or connections, got '{}'", shown(f.value)));
      } else if (f.key == "source") {
        p.source = f.value;
      } else {
        fail_field(shown(f.key), "unknown (published takes macs, weights, convention, source)");
      }
    }
    if (!p.macs && !p.weights) fail("published: give macs=, weights= or both");
    net_.published = p;
  }

  void header_check(const std::vector<std::string>& w) {
    if (w.size() != 2 || w[1] != "chain")
      fail(fmt::format("expected 'check chain', got '{}'", shown(w.size() > 1 ? w[1] : "")));
    net_.check_chain = true;
  }

  void layer(const KindInfo& k, const std::vector<std::string>& w) {
    if (w.size() < 2) fail(fmt::format("expected '{} <name> key=value ...'", k.word));
    const std::string& name = w[1];
    if (name.find('=') != std::string::npos)
      fail(fmt::format("layer name missing: expected '{} <name> key=value ...', got '{}'", k.word, shown(name)));
    if (!valid_name(name)) fail(fmt::format("layer name '{}': use letters, digits, '_', '.', '-'", shown(name)));
    if (auto it = names_.find(name); it != names_.end())
      fail(fmt::format("layer '{}': duplicate name (first defined on line {})", name, it->second));

    const auto fs = fields(w, 2);
    std::map<std::string_view, const Field*> given;
    for (const auto& f : fs) {
      const auto& all = all_layer_fields();
      if (std::find(all.begin(), all.end(), f.key) == all.end())
        fail_field(shown(f.key), fmt::format("unknown (fields: {})", join(all, " ")));
      if (std::find(k.required.begin(), k.required.end(), f.key) == k.required.end() &&
          std::find(k.optional.begin(), k.optional.end(), f.key) == k.optional.end())
        fail_field(f.key, fmt::format("{} layers do not take it (they take {} {})", k.word, join(k.required, " "),
                                      join(k.optional, " ")));
      given[f.key] = &f;
    }
    for (auto req : k.required)
      if (!given.count(req))
        fail_field(req, fmt::format("missing ({} layers need {})", k.word, join(k.required, ", ")));
    for (auto side : {"pad_h", "pad_w"})
      if (given.count("pad") && given.count(side)) fail_field(side, "conflicts with 'pad' (which sets both)");

    auto get = [&](std::string_view key, int min) -> std::optional<int> {
      auto it = given.find(key);
      if (it == given.end()) return std::nullopt;
      return integer(*it->second, min);
    };

    LayerShape l;
    l.name = name;
    l.kind = k.kind;
    l.N = get("N", 1).value_or(1);
    l.C = *get("C", 1);
    l.H = *get("H", 1);
    l.W = *get("W", 1);
    switch (k.kind) {
      case LayerKind::Conv:
        l.M = *get("M", 1);
        l.R = *get("R", 1);
        l.G = get("G", 1).value_or(1);
        break;
      case LayerKind::Depthwise:
        l.M = get("M", 1).value_or(l.C);
        l.R = *get("R", 1);
        l.G = get("G", 1).value_or(l.C);
        break;
      case LayerKind::Pointwise:
        l.M = *get("M", 1);
        l.R = get("R", 1).value_or(1);
        l.G = get("G", 1).value_or(1);
        break;
      case LayerKind::FC:
        l.M = *get("M", 1);
        l.R = l.H;
        l.G = 1;
        break;
      case LayerKind::Pool:
        l.M = get("M", 1).value_or(l.C);
        l.R = *get("R", 1);
        l.G = 1;
        if (auto it = given.find("pool"); it != given.end()) {
          const auto& v = it->second->value;
          if (v == "max")
            l.pool = PoolKind::Max;
          else if (v == "avg")
            l.pool = PoolKind::Avg;
          else
            fail_field("pool", fmt::format("expected max or avg, got '{}'", shown(v)));
        }
        break;
    }
    l.S = get("S", 1).value_or(k.kind == LayerKind::FC ? l.W : l.R);
    l.U = get("U", 1).value_or(1);
    const int pad = get("pad", 0).value_or(0);
    l.pad_h = get("pad_h", 0).value_or(pad);
    l.pad_w = get("pad_w", 0).value_or(pad);

    if (auto why = l.check(); !why.empty()) fail(fmt::format("layer '{}': {}", name, why));
    // Bounded fields still multiply to more than 64 bits; no real layer comes near 2^62 MACs.
    const long double macs = static_cast<long double>(l.N) * l.M * l.E() * l.F() * l.C_per_group() * l.R * l.S;
    if (macs > 0x1p62L)
      fail(
          fmt::format("layer '{}': {:.3g} MACs is more than this tool counts (2^62)", name, static_cast<double>(macs)));

    check_input(l);
    names_.emplace(name, line_);
    net_.layers.push_back(std::move(l));
    net_.layer_lines.push_back(line_);
  }

  void check_input(const LayerShape& l) const {
    const std::array<int, 3> in{l.C, l.H, l.W};
    if (net_.layers.empty()) {
      if (net_.input && *net_.input != in)
        fail(fmt::format("layer '{}': input {}x{}x{} does not match the network input {}x{}x{}", l.name, l.C, l.H, l.W,
                         (*net_.input)[0], (*net_.input)[1], (*net_.input)[2]));
      return;
    }
    if (!net_.check_chain) return;
    const auto& p = net_.layers.back();
    const std::array<int, 3> out{p.M, p.E(), p.F()};
    if (out != in)
      fail(fmt::format(
          "layer '{}': input {}x{}x{} is not the output {}x{}x{} of '{}' (line {}), as 'check chain' requires", l.name,
          l.C, l.H, l.W, out[0], out[1], out[2], p.name, net_.layer_lines.back()));
  }

  std::string file_;
  int line_ = 0;
  Network net_;
  bool have_network_ = false;
  int network_line_ = 0;
  std::map<std::string, int> names_;
};

}  // namespace

Network parse_shape_string(std::string_view text, std::string_view file_name) { return Parser(file_name).run(text); }

Network parse_shape_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) throw ShapeFileError(name, 0, "cannot open: no such file");
  if (!std::filesystem::is_regular_file(status)) throw ShapeFileError(name, 0, "cannot open: not a regular file");
  // Shape files are a few kB; a huge file is a wrong argument, not a network.
  constexpr uintmax_t kMaxBytes = 16u << 20;
  if (const auto size = std::filesystem::file_size(path, ec); !ec && size > kMaxBytes)
    throw ShapeFileError(name, 0, fmt::format("{} bytes is more than a shape file can be (16 MiB)", size));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ShapeFileError(name, 0, "cannot open: permission denied or unreadable");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ShapeFileError(name, 0, "read error");
  return parse_shape_string(text.str(), name);
}

std::vector<std::filesystem::path> list_shape_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".layers") out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ev2::workload
