#include "pe/pe_host.hpp"

#include <fmt/core.h>

#include <span>

#include "model/arith.hpp"
#include "model/conv.hpp"
#include "model/layer.hpp"
#include "model/tensor.hpp"

namespace ev2::pe {

namespace {

void add(csc::Fit& f, const std::string& why) {
  f.reason += f.reason.empty() ? why : "; " + why;
  f.ok = false;
}

void merge(csc::Fit& f, const csc::Fit& g, const std::string& where) {
  if (!g.ok) add(f, where + ": " + g.reason);
}

void check_range(csc::Fit& f, const char* name, int v, int lo, int hi, const char* why) {
  if (v < lo || v > hi) add(f, fmt::format("{}={} outside {}..{} ({})", name, v, lo, hi, why));
}

std::vector<int16_t> weights_mcs16(const PeWork& w) { return {w.weights.begin(), w.weights.end()}; }

}  // namespace

csc::SimdMatrix weight_block(const PeWork& w) {
  const auto& c = w.cfg;
  const auto cols = csc::weight_block_to_columns(weights_mcs16(w), c.M0, c.C0, c.S);
  return csc::encode_weights_simd2(cols, c.M0, c.C0 * c.S, c.mode);
}

std::vector<csc::CscMatrix> iact_segments(const PeWork& w) {
  const auto& c = w.cfg;
  return csc::encode_iact_segments(w.iacts, c.C0, c.width(), c.U, c.mode, c.sign);
}

namespace {

void check_sizes(const PeWork& w) {
  const auto& c = w.cfg;
  const size_t ni = static_cast<size_t>(c.C0) * c.width();
  const size_t nw = static_cast<size_t>(c.M0) * c.C0 * c.S;
  if (w.iacts.size() != ni)
    throw PeFitError(fmt::format("PE pass {}: {} iacts given, C0 x W = {} x {} = {} expected", c.describe(),
                                 w.iacts.size(), c.C0, c.width(), ni));
  if (w.weights.size() != nw)
    throw PeFitError(
        fmt::format("PE pass {}: {} weights given, M0 x C0 x S = {} expected", c.describe(), w.weights.size(), nw));
  if (c.psum_in && w.psum_init.size() != static_cast<size_t>(c.F) * c.M0)
    throw PeFitError(fmt::format("PE pass {}: {} initial psums given, F x M0 = {} expected", c.describe(),
                                 w.psum_init.size(), static_cast<size_t>(c.F) * c.M0));
}

}  // namespace

std::string PeConfig::describe() const {
  return fmt::format("C0={} M0={} S={} U={} F={} {} {}{}{}", C0, M0, S, U, F, csc::to_string(mode),
                     csc::to_string(sign), psum_in ? " psum_in" : "", load_weights ? "" : " reuse_weights");
}

uint64_t config_word(const PeConfig& c) {
  const auto u = [](int v) { return static_cast<uint64_t>(v); };
  return iface::PeCfg{.c0 = u(c.C0),
                      .m0 = u(c.M0),
                      .s = u(c.S),
                      .u = u(c.U),
                      .f = u(c.F),
                      .dense = c.mode == csc::Mode::Dense,
                      .is_signed = c.sign == csc::Sign::Signed,
                      .psum_in = c.psum_in,
                      .load_w = c.load_weights}
      .pack();
}

csc::Fit check_config(const PeConfig& c, const csc::SpadLimits& lim) {
  csc::Fit f;
  check_range(f, "C0", c.C0, 1, (1 << cfgw::C0W) - 1, "config field");
  check_range(f, "M0", c.M0, 1, lim.psum_entries, "one psum SPad entry per output channel");
  check_range(f, "S", c.S, 1, (1 << cfgw::SW) - 1, "config field");
  check_range(f, "U", c.U, 1, kMaxU, "an iact address word holds U 4-bit entries");
  check_range(f, "F", c.F, 1, (1 << cfgw::FW) - 1, "config field");
  if (!f.ok) return f;
  const int win_cols = c.segs_per_window() * c.U;  // whole segments stay stored
  const int ncols = c.C0 * c.S;
  if (ncols > lim.weight_addr_entries)
    add(f, fmt::format("C0*S={} weight columns, weight address SPad holds {}", ncols, lim.weight_addr_entries));
  if (c.mode == csc::Mode::Compressed) {
    if (win_cols > lim.iact_addr_entries)
      add(f, fmt::format("a window keeps ceil(S/U)*U={} iact columns, iact address SPad holds {}", win_cols,
                         lim.iact_addr_entries));
  } else {
    merge(f, csc::iact_window_fits(win_cols, c.C0 * win_cols, c.mode, lim), "dense iact window");
    merge(f, csc::weight_block_fits(c.M0, ncols, c.psum_words() * ncols, c.mode, lim), "dense weights");
  }
  return f;
}

csc::Fit check_work(const PeWork& w, const csc::SpadLimits& lim) {
  check_sizes(w);
  csc::Fit f = check_config(w.cfg, lim);
  if (!f.ok) return f;
  const auto& c = w.cfg;
  const auto segs = iact_segments(w);
  const int n = c.segs_per_window();
  for (int win = 0; win < c.F; ++win) {
    const auto g = csc::iact_window_fits(
        std::span<const csc::CscMatrix>(segs).subspan(static_cast<size_t>(win), static_cast<size_t>(n)), lim);
    if (!g.ok) {
      add(f, fmt::format("window {} (segments {}..{}): {}", win, win, win + n - 1, g.reason));
      break;  // one window is enough to say why
    }
  }
  if (c.load_weights) merge(f, csc::weight_block_fits(weight_block(w), lim), "weights");
  return f;
}

void require_fit(const PeWork& w, const csc::SpadLimits& lim) {
  const auto f = check_work(w, lim);
  if (!f.ok) throw PeFitError(fmt::format("PE pass {} does not fit: {}", w.cfg.describe(), f.reason));
}

PeStreams encode(const PeWork& w) {
  require_fit(w);
  return encode_unchecked(w);
}

PeStreams encode_unchecked(const PeWork& w) {
  check_sizes(w);
  const auto& c = w.cfg;
  PeStreams out;
  out.cfg = config_word(c);
  if (c.load_weights) {
    const auto sm = weight_block(w);
    if (c.mode == csc::Mode::Compressed)
      for (uint16_t a : sm.addr) out.weight.push_back(a);
    out.weight.insert(out.weight.end(), sm.words24.begin(), sm.words24.end());
  }
  for (const auto& seg : iact_segments(w)) {
    if (c.mode == csc::Mode::Compressed) {
      uint32_t hdr = 0;
      for (size_t i = 0; i < seg.addr.size(); ++i) hdr |= static_cast<uint32_t>(seg.addr[i]) << (kIactAddrEntryW * i);
      out.iact.push_back(hdr);
    }
    for (size_t i = 0; i < seg.words.size(); i += 2) {
      const uint32_t lo = seg.words[i];
      const uint32_t hi = i + 1 < seg.words.size() ? seg.words[i + 1] : 0;
      out.iact.push_back(lo | (hi << csc::kWordBits));
    }
  }
  if (c.psum_in) out.psum_in = pack_psums(w.psum_init, c.F, c.M0);
  return out;
}

PeGolden reference(const PeWork& w) {
  check_sizes(w);
  const auto& c = w.cfg;
  LayerShape shape;
  shape.name = "pe_pass";
  shape.C = c.C0;
  shape.H = 1;
  shape.W = c.width();
  shape.M = c.M0;
  shape.R = 1;
  shape.S = c.S;
  shape.U = c.U;
  ActTensor iacts(1, c.C0, 1, c.width());
  for (int ch = 0; ch < c.C0; ++ch)
    for (int x = 0; x < c.width(); ++x) iacts.at(0, ch, 0, x) = w.iact(ch, x);
  WeightTensor weights(c.M0, c.C0, 1, c.S);
  for (int m = 0; m < c.M0; ++m)
    for (int ch = 0; ch < c.C0; ++ch)
      for (int s = 0; s < c.S; ++s) weights.at(m, ch, 0, s) = w.weight(m, ch, s);
  PsumTensor init(1, c.M0, 1, c.F);
  if (c.psum_in)
    for (int f = 0; f < c.F; ++f)
      for (int m = 0; m < c.M0; ++m) init.at(0, m, 0, f) = w.psum_init[static_cast<size_t>(f) * c.M0 + m];
  const ConvResult r = conv2d(shape, iacts, weights, init);

  PeGolden g;
  g.psum.resize(static_cast<size_t>(c.F) * c.M0);
  for (int f = 0; f < c.F; ++f)
    for (int m = 0; m < c.M0; ++m) g.psum[static_cast<size_t>(f) * c.M0 + m] = r.psum.at(0, m, 0, f);
  g.overflow = r.overflow_count;
  g.dense_macs = static_cast<uint64_t>(c.F) * c.M0 * c.C0 * c.S;
  for (int f = 0; f < c.F; ++f)
    for (int ch = 0; ch < c.C0; ++ch)
      for (int s = 0; s < c.S; ++s) {
        if (w.iact(ch, f * c.U + s) == 0) continue;
        for (int m = 0; m < c.M0; ++m) g.nonzero_macs += w.weight(m, ch, s) != 0;
      }
  return g;
}

PeAccesses& PeAccesses::operator+=(const PeAccesses& o) {
  iact_addr_rd += o.iact_addr_rd;
  iact_addr_wr += o.iact_addr_wr;
  iact_data_rd += o.iact_data_rd;
  iact_data_wr += o.iact_data_wr;
  weight_addr_rd += o.weight_addr_rd;
  weight_addr_wr += o.weight_addr_wr;
  weight_data_rd += o.weight_data_rd;
  weight_data_wr += o.weight_data_wr;
  psum_rd += o.psum_rd;
  psum_wr += o.psum_wr;
  macs += o.macs;
  gated_macs += o.gated_macs;
  psum_in_words += o.psum_in_words;
  windows += o.windows;
  return *this;
}

std::string to_string(const PeAccesses& a) {
  return fmt::format(
      "iact addr r/w {}/{}, iact data r/w {}/{}, weight addr r/w {}/{}, weight data r/w {}/{}, psum r/w {}/{}, "
      "MACs {}, gated {}, psum_in words {}, windows {}",
      a.iact_addr_rd, a.iact_addr_wr, a.iact_data_rd, a.iact_data_wr, a.weight_addr_rd, a.weight_addr_wr,
      a.weight_data_rd, a.weight_data_wr, a.psum_rd, a.psum_wr, a.macs, a.gated_macs, a.psum_in_words, a.windows);
}

PeAccesses expected_accesses(const PeWork& w) {
  check_sizes(w);
  const auto& c = w.cfg;
  const bool compressed = c.mode == csc::Mode::Compressed;
  const auto segs = iact_segments(w);
  const auto wb = weight_block(w);
  PeAccesses a;
  // Loading: every address entry and data word is written once.
  for (const auto& seg : segs) {
    if (compressed) a.iact_addr_wr += seg.addr.size();
    a.iact_data_wr += seg.words.size();
  }
  if (c.load_weights) {
    if (compressed) a.weight_addr_wr += wb.addr.size();
    a.weight_data_wr += wb.words24.size();
  }
  // Column k of the weight block: [begin, end) in SIMD words.
  auto wcol = [&](int k) {
    const size_t b = k == 0 ? 0 : wb.addr[static_cast<size_t>(k - 1)];
    return std::pair<size_t, size_t>(b, wb.addr[static_cast<size_t>(k)]);
  };
  for (int f = 0; f < c.F; ++f) {
    // Stage 1: one address read per window column, plus one for the next window's start.
    if (compressed) a.iact_addr_rd += static_cast<uint64_t>(c.S) + (f + 1 < c.F ? 1 : 0);
    for (int s = 0; s < c.S; ++s) {
      const int x = f * c.U + s;
      const auto& seg = segs[static_cast<size_t>(x / c.U)];
      const auto col = seg.column(x % c.U);
      a.iact_data_rd += col.size();  // stage 2 reads every stored word of the column
      int ch = 0;
      for (uint16_t word : col) {
        ch += csc::word_count(word);
        const bool nonzero = csc::word_data(word) != 0;
        const int k = csc::weight_column(ch, s, c.C0);
        ch += 1;
        if (!nonzero) continue;  // zeros and run breakers stop in stage 2
        if (compressed) a.weight_addr_rd += k == 0 ? 1 : 2;
        const auto [b, e] = wcol(k);
        a.weight_data_rd += e - b;
        for (size_t i = b; i < e; ++i) {
          const uint32_t pair = wb.words24[i];
          for (uint16_t half : {csc::pair_first(pair), csc::pair_second(pair)}) {
            if (csc::word_data(half) != 0)
              ++a.macs;
            else
              ++a.gated_macs;
          }
        }
      }
    }
  }
  // Every MAC writes its psum; each psum is read by every MAC after its first in the window and
  // once by the drain, so reads equal MACs.
  a.psum_wr = a.macs;
  a.psum_rd = a.macs;
  a.windows = static_cast<uint64_t>(c.F);
  if (c.psum_in) a.psum_in_words = static_cast<uint64_t>(c.F) * c.psum_words();
  return a;
}

std::vector<uint64_t> pack_psums(const std::vector<int32_t>& p, int F, int M0) {
  constexpr uint64_t mask = (uint64_t{1} << kPsumW) - 1;
  std::vector<uint64_t> out;
  for (int f = 0; f < F; ++f)
    for (int m = 0; m < M0; m += 2) {
      const uint64_t lo = static_cast<uint64_t>(p[static_cast<size_t>(f) * M0 + m]) & mask;
      const uint64_t hi = m + 1 < M0 ? static_cast<uint64_t>(p[static_cast<size_t>(f) * M0 + m + 1]) & mask : 0;
      out.push_back(lo | (hi << kPsumW));
    }
  return out;
}

int32_t psum_lo(uint64_t word) { return wrap_psum(static_cast<int64_t>(word & ((uint64_t{1} << kPsumW) - 1))); }
int32_t psum_hi(uint64_t word) {
  return wrap_psum(static_cast<int64_t>((word >> kPsumW) & ((uint64_t{1} << kPsumW) - 1)));
}

}  // namespace ev2::pe
