// map_layer: the RS+ tiling rules of docs/mapper.md section 2, in the order they are decided.
#include <fmt/core.h>

#include <algorithm>
#include <bit>
#include <cmath>

#include "csc/fit.hpp"
#include "csc/weights.hpp"
#include "interface/ev2_interface.hpp"
#include "mapper/blocks.hpp"
#include "mapper/mapping.hpp"
#include "mapper/schedule.hpp"
#include "pe/pe_host.hpp"
#include "util/math.hpp"

namespace ev2::mapper {

namespace {

int win_cols(int sn, int U) { return cdiv(sn, U) * U; }  // whole segments stay stored

constexpr int kMaxCfgC0 = (1 << pe::cfgw::C0W) - 1;
constexpr int kMaxCfgS = (1 << pe::cfgw::SW) - 1;
constexpr int kMaxCfgF = (1 << pe::cfgw::FW) - 1;

// Largest iact window in 12-bit words: compressed windows also need their last exclusive-end
// address to fit the 4-bit address entry (csc.md section 6), so 15 of the 16 data words.
int iact_window_words(const ArrayConfig& a, csc::Mode mode) {
  if (mode == csc::Mode::Dense) return a.spad.iact_data_entries;
  return std::min(a.spad.iact_data_entries, (1 << a.spad.iact_addr_bits) - 1);
}

std::string block_name(const Mapping& m, int gb, int mb, const ReductionItem& it) {
  const int mbeg = m.block_m_begin(gb, mb);
  if (m.packed)
    return fmt::format("groups {}..{}, m {}..{}, r {}, s {}..{}", gb * m.gk, gb * m.gk + m.block_groups(gb) - 1, mbeg,
                       mbeg + m.block_m_count(gb, mb) - 1, it.r, it.s0, it.s0 + it.sn - 1);
  return fmt::format("group {}, m {}..{}, r {}, c {}..{}, s {}..{}", gb, mbeg, mbeg + m.block_m_count(gb, mb) - 1, it.r,
                     it.c0, it.c0 + it.cn - 1, it.s0, it.s0 + it.sn - 1);
}

// "" when every weight block of the tiling fits the weight SPads, else why the first one does not.
std::string weight_fit(const Mapping& m, const MapOptions& opt) {
  std::vector<long> seen;
  for (int gb = 0; gb < m.n_gblocks; ++gb)
    for (int mb = 0; mb < m.n_mblocks; ++mb)
      for (const auto& it : m.items) {
        const int M0 = m.block_m_count(gb, mb), C0 = m.pe_c0(gb, it);
        csc::Fit f;
        if (!opt.weights) {
          // Without data, blocks of one shape are estimated alike: check each shape once.
          const long key = (static_cast<long>(M0) * 64 + C0) * 64 + it.sn;
          if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
          seen.push_back(key);
        }
        if (opt.weights) {
          const auto v = weight_block_values(m, *opt.weights, gb, mb, it);
          const std::vector<int16_t> v16(v.begin(), v.end());
          const auto cols = csc::weight_block_to_columns(v16, M0, C0, it.sn);
          f = csc::weight_block_fits(csc::encode_weights_simd2(cols, M0, C0 * it.sn, m.mode), m.array.spad);
        } else {
          f = csc::weight_block_fits(M0, C0 * it.sn, estimate_block_words(m, M0, C0, it.sn, opt.weight_density), m.mode,
                                     m.array.spad);
        }
        if (!f.ok) return fmt::format("block ({}): {}", block_name(m, gb, mb, it), f.reason);
      }
  return "";
}

void build_items(Mapping& m, int nC, int nS) {
  const auto& L = m.canon;
  m.items.clear();
  const int S0 = m.S0;
  for (int ci = 0; ci < nC; ++ci)
    for (int r = 0; r < L.R; ++r)
      for (int si = 0; si < nS; ++si) {
        ReductionItem it;
        it.r = r;
        it.c0 = m.packed ? 0 : ci * m.C0;
        it.cn = m.packed ? 1 : std::min(m.C0, L.Cg - it.c0);
        it.s0 = si * S0;
        it.sn = std::min(S0, L.S - it.s0);
        m.items.push_back(it);
      }
  m.chains = cdiv(static_cast<int>(m.items.size()), m.array.pe_rows);
}

}  // namespace

CanonLayer canonical(const LayerShape& l) {
  CanonLayer c;
  c.N = l.N;
  c.G = l.G;
  c.Cg = l.C / l.G;
  c.Mg = l.M / l.G;
  c.H = l.H;
  c.W = l.W;
  c.R = l.R;
  c.S = l.S;
  c.U = l.U;
  c.pad_h = l.pad_h;
  c.pad_w = l.pad_w;
  c.E = l.E();
  c.F = l.F();
  // A layer whose kernel covers its whole unpadded input is a matrix product: flatten it so the
  // reduction runs over C*H*W channels with weight columns of one tap (no sliding window).
  if (l.R == l.H && l.S == l.W && l.pad_h == 0 && l.pad_w == 0 && (l.R > 1 || l.S > 1)) {
    c.Cg *= l.H * l.W;
    c.H = c.W = c.R = c.S = c.U = 1;
    c.E = c.F = 1;
    c.fc_flattened = true;
  }
  return c;
}

int Mapping::block_groups(int gb) const { return packed ? std::min(gk, canon.G - gb * gk) : 1; }
int Mapping::block_m_count(int gb, int mb) const {
  if (packed && gk > 1) return block_groups(gb) * M0g;  // whole groups: M0g == Mg
  return std::min(M0g, canon.Mg - mb * M0g);
}
int Mapping::block_m_begin(int gb, int mb) const {
  return packed ? gb * gk * canon.Mg + mb * M0g : gb * canon.Mg + mb * M0g;
}

std::string Mapping::describe() const {
  const auto& L = canon;
  return fmt::format(
      "{} {}: {}{}C0={} M0={} S0={}{} | items {} (R {} x C chunks x S chunks), chains {} | col blocks {}g x {}m, "
      "F tile {}x{}, E tile {}x{}, jobs {}{}",
      layer.name, to_string(layer.kind), packed ? fmt::format("packed {} groups/PE, ", gk) : "",
      L.fc_flattened ? fmt::format("flattened C'={}, ", L.Cg) : "", C0, M0, S0,
      mode == csc::Mode::Dense ? " dense" : "", items.size(), L.R, chains, n_gblocks, n_mblocks, Ft, n_ftiles, Et,
      n_etiles, jobs(),
      !share_weights                   ? std::string()
      : share_groups == array.groups() ? std::string(", groups share weights")
                                       : fmt::format(", groups share weights in sets of {}", share_groups));
}

namespace {

// F and E tiles of a tiling whose M0 and items are chosen (docs/mapper.md section 2, rules 7-9).
template <typename Fail>
void tile_outputs(Mapping& m, bool dense, const Fail& fail) {
  const auto& L = m.canon;
  const auto& array = m.array;
  // Output positions per pass: a chain that accumulates over several passes keeps one pass of
  // psums per output row in its psum bank, and each iact bank stages one pass of iact rows for the
  // PE row it feeds (up to one distinct row per column, sized for fully dense data).
  const int entries = array.psum_bank_entries();
  const int seg_words = dense ? cdiv(m.C0 * L.U, 2) : 1 + cdiv(m.C0 * L.U, 2);
  const int segs_max = array.iact_bank_bytes / (3 * array.pe_cols * seg_words);
  int ft_max = std::min({L.F, kMaxCfgF, segs_max - cdiv(m.S0, L.U) + 1});
  // A window's psums take ceil(M0/2) bank words (two psums each, docs/glb.md): with an odd M0
  // the last word of every window is half empty, so the bank holds entries / (2 ceil(M0/2)).
  const int m0_stored = 2 * cdiv(m.M0, 2);
  if (m.chains > 1) ft_max = std::min(ft_max, entries / m0_stored);
  // Without accumulation a pass's psums take half a psum bank at most, so the runtime can
  // double-buffer the bank: one pass drains through the output stage while the next computes.
  else
    ft_max = std::min(ft_max, (entries / 2 / 2) / cdiv(m.M0, 2));
  if (ft_max < 1)
    throw fail(fmt::format("one output position needs {} iact words per column in an iact bank of {} bytes",
                           cdiv(m.S0, L.U) * seg_words, array.iact_bank_bytes));
  m.n_ftiles = cdiv(L.F, ft_max);
  m.Ft = cdiv(L.F, m.n_ftiles);
  m.n_ftiles = cdiv(L.F, m.Ft);

  // Output rows per column job: weights stay while rows stream, bounded by the psum bank when the
  // chain accumulates there; then enough jobs to give every column of the array work.
  const int et_max = m.chains > 1 ? std::max(1, entries / (m.Ft * m0_stored)) : L.E;
  const int jobs_no_e = L.N * m.n_gblocks * m.n_mblocks * m.n_ftiles;
  const int ne_min = std::min(L.E, cdiv(array.columns(), jobs_no_e));
  const int ne = std::max(cdiv(L.E, et_max), ne_min);
  m.Et = cdiv(L.E, ne);
  m.n_etiles = cdiv(L.E, m.Et);
}

// The weight-sharing variants of a tiling (rule 10) for sets of K groups: the groups of a set take
// different output tiles of the same column blocks, the sets different blocks. Every group of a
// wave must run as many steps, so the E tile divides E; two variants: the largest such tile (fewest
// weight loads) and the largest that still gives every group of a set a tile; with fewer output
// rows than the set's groups, rows cut into F tiles. None when the tiles would leave more than half
// the set padding, or (K < groups) when there are fewer block sets than sets.
std::vector<Mapping> share_variants(const Mapping& t, int K) {
  const auto& L = t.canon;
  const auto& A = t.array;
  std::vector<Mapping> out;
  if (K < 2 || t.packed) return out;
  if (K < A.groups() && t.n_gblocks * cdiv(t.n_mblocks, A.pe_cols) < A.groups() / K) return out;
  const int m0_stored = 2 * cdiv(t.M0, 2);
  const int et_max = t.chains > 1 ? std::max(1, A.psum_bank_entries() / (t.Ft * m0_stored)) : L.E;
  const auto tiles = [&](int et) { return L.N * (L.E / et) * t.n_ftiles; };
  int largest = 0, filling = 0;
  for (int et = 1; et <= std::min(et_max, L.E); ++et) {
    if (L.E % et != 0 || 2 * tiles(et) < K) continue;
    largest = et;
    if (tiles(et) >= K) filling = et;
  }
  for (const int et : {largest, filling}) {
    if (et == 0 || (!out.empty() && out.back().Et == et)) continue;
    Mapping v = t;
    v.share_weights = true;
    v.share_groups = K;
    v.Et = et;
    v.n_etiles = L.E / et;
    out.push_back(std::move(v));
  }
  // Few output rows (late pointwise layers): single rows cut into F tiles until every group has one.
  if (filling == 0 && L.N * L.E < K) {
    Mapping v = t;
    v.share_weights = true;
    v.share_groups = K;
    v.Et = 1;
    v.n_etiles = L.E;
    const int nf = std::min(L.F, cdiv(K, L.N * L.E));
    v.Ft = cdiv(L.F, std::max(nf, t.n_ftiles));
    v.n_ftiles = cdiv(L.F, v.Ft);
    if (2 * L.N * L.E * v.n_ftiles >= K) out.push_back(std::move(v));
  }
  return out;
}

// Set sizes a sharing tiling may use: every group, or an aligned power of two of them (one
// group-set code each).
std::vector<int> share_set_sizes(const ArrayConfig& A) {
  std::vector<int> out{A.groups()};
  const int largest = 1 << ((1 << iface::group_set::kSizeLog2.width) - 1);
  for (int k = static_cast<int>(std::bit_floor(static_cast<unsigned>(std::max(1, A.groups() - 1)))); k >= 2; k /= 2)
    if (k <= largest && A.groups() % k == 0 && A.groups() / k <= (1 << iface::group_set::kIndex.width))
      out.push_back(k);
  return out;
}

}  // namespace

Mapping map_layer(const LayerShape& layer, const ArrayConfig& array, const MapOptions& opt) {
  const std::string& name = layer.name;
  auto fail = [&](const std::string& why) { return MapError(fmt::format("layer '{}': {}", name, why)); };
  if (layer.kind == LayerKind::Pool) throw fail("pool layers run on the host (no weights, no MACs on the array)");
  if (const auto why = layer.check(); !why.empty()) throw fail(why);
  if (opt.weight_density < 0 || opt.weight_density > 1 || opt.iact_density < 0 || opt.iact_density > 1)
    throw fail("densities must lie in [0, 1]");

  Mapping m;
  m.layer = layer;
  m.canon = canonical(layer);
  m.array = array;
  m.mode = opt.dense ? csc::Mode::Dense : csc::Mode::Compressed;
  m.sign = opt.iact_signed ? csc::Sign::Signed : csc::Sign::Unsigned;
  m.weight_density = opt.weight_density;
  m.iact_density = opt.iact_density;
  const auto& L = m.canon;
  const bool dense = opt.dense;
  if (opt.weights) check_tensors(m, nullptr, opt.weights);

  if (L.U > pe::kMaxU)
    throw fail(fmt::format("stride U={}, the PE takes 1..{} (an iact address word holds {} column entries)", L.U,
                           pe::kMaxU, pe::kMaxU));

  // Filter columns per PE: the window of whole segments must fit the iact address SPad
  // (compressed) and, at one channel, the iact data SPad; C0*S the weight address SPad.
  const int words_max = iact_window_words(array, m.mode);
  const int cols_max = dense ? words_max : std::min(array.spad.iact_addr_entries, words_max);
  int s0max = 0;
  for (int sn = 1; sn <= std::min({L.S, array.spad.weight_addr_entries, kMaxCfgS}); ++sn)
    if (win_cols(sn, L.U) <= cols_max) s0max = sn;
  if (s0max == 0)
    throw fail(fmt::format("stride U={} keeps {} iact columns per window, the iact {} SPad holds {}", L.U,
                           win_cols(1, L.U), dense ? "data" : "address", cols_max));
  if (s0max < L.S && !opt.split_filter_columns) {
    if (dense)
      throw fail(
          fmt::format("S={} needs {} iact words per window at C0=1, the iact data SPad holds {} "
                      "(filter-column split disabled)",
                      L.S, win_cols(L.S, L.U), words_max));
    throw fail(
        fmt::format("S={} needs {} iact address entries per window (ceil(S/U)*U, U={}), the iact address SPad "
                    "holds {} (filter-column split disabled)",
                    L.S, win_cols(L.S, L.U), L.U, array.spad.iact_addr_entries));
  }
  const int nS = cdiv(L.S, s0max);
  m.S0 = cdiv(L.S, nS);
  const int wc = win_cols(m.S0, L.U);

  // Channels per PE: the iact window is sized for fully dense data, so any iact tensor fits
  // (the iacts are the previous layer's outputs, unknown when the layer is mapped).
  const int c0max = std::min({words_max / wc, array.spad.weight_addr_entries / m.S0, kMaxCfgC0});
  if (opt.force_c0 > 0) {
    const int c = opt.force_c0;
    if (c * wc > words_max)
      throw fail(fmt::format("C0={} x {} window columns = {} iact words per window, the iact data SPad holds {}{}", c,
                             wc, c * wc, words_max, dense ? "" : " (4-bit exclusive-end address)"));
    if (c * m.S0 > array.spad.weight_addr_entries)
      throw fail(fmt::format("C0*S={} weight columns, the weight address SPad holds {}", c * m.S0,
                             array.spad.weight_addr_entries));
  }

  m.packed = L.Cg == 1 && L.G > 1;
  const int psum_max = array.spad.psum_entries;
  int nC = 1;
  std::vector<std::pair<int, int>> candidates;  // (gk, M0g), best first
  if (m.packed) {
    if (L.Mg <= psum_max) {
      const int gmax = std::min(opt.force_c0 > 0 ? opt.force_c0 : c0max, psum_max / L.Mg);
      for (int g = gmax; g >= 1; --g) candidates.push_back({g, L.Mg});
    } else {
      for (int nm = cdiv(L.Mg, psum_max); nm <= L.Mg; ++nm)
        if (nm == cdiv(L.Mg, psum_max) || cdiv(L.Mg, nm) != cdiv(L.Mg, nm - 1))
          candidates.push_back({1, cdiv(L.Mg, nm)});
    }
  } else {
    int c0 = opt.force_c0 > 0 ? opt.force_c0 : c0max;
    nC = cdiv(L.Cg, c0);
    // Spread a short reduction over all PE rows rather than leaving rows idle.
    if (opt.force_c0 == 0 && L.R * nS * nC < array.pe_rows) nC = std::min(L.Cg, cdiv(array.pe_rows, L.R * nS));
    if (opt.force_c0 == 0) c0 = cdiv(L.Cg, nC);  // balanced chunks
    nC = cdiv(L.Cg, c0);
    m.C0 = c0;
    for (int nm = cdiv(L.Mg, psum_max); nm <= L.Mg; ++nm)
      if (nm == cdiv(L.Mg, psum_max) || cdiv(L.Mg, nm) != cdiv(L.Mg, nm - 1)) candidates.push_back({1, cdiv(L.Mg, nm)});
  }
  if (opt.share_groups > 0) {
    const auto sizes = share_set_sizes(array);
    if (opt.share == MapOptions::Share::Off)
      throw fail(fmt::format("sets of {} groups share weights, but sharing is off", opt.share_groups));
    if (std::find(sizes.begin(), sizes.end(), opt.share_groups) == sizes.end())
      throw fail(fmt::format("weights are shared by sets of {} groups: all {} or an aligned power of two from 2",
                             opt.share_groups, array.groups()));
  }
  if (opt.force_m0 > 0) {
    if (opt.force_m0 > psum_max)
      throw fail(fmt::format("M0={} output channels, the psum SPad holds {}", opt.force_m0, psum_max));
    if (m.packed && L.Mg <= psum_max) {
      if (opt.force_m0 % L.Mg != 0)
        throw fail(fmt::format("M0={} is not a multiple of the channel multiplier {}", opt.force_m0, L.Mg));
      candidates = {{opt.force_m0 / L.Mg, L.Mg}};
    } else {
      candidates = {{1, std::min(opt.force_m0, L.Mg)}};
    }
  }

  // Each candidate M0 gives a whole tiling; the schedule estimate, which counts the phases the
  // runtime serialises (columns of a step that need different iact rows), ranks them, and the
  // weight blocks are checked in that order. A smaller M0 can win: more column blocks share one
  // iact row, so the columns of a step run together instead of one phase after another. Only
  // the first candidates are ranked, largest M0 first, to bound the mapping time.
  constexpr size_t kRanked = 6;
  std::vector<std::pair<uint64_t, Mapping>> ranked;
  size_t index = 0;
  for (const auto& [g, m0g] : candidates) {
    const bool rank = index++ < kRanked;
    Mapping t = m;
    t.gk = g;
    t.M0g = m0g;
    if (t.packed) {
      t.C0 = g;
      t.M0 = g * m0g;
      t.n_gblocks = cdiv(L.G, g);
      t.n_mblocks = cdiv(L.Mg, m0g);
      if (g > 1) t.n_mblocks = 1;
      build_items(t, 1, nS);
    } else {
      t.M0 = m0g;
      t.n_gblocks = L.G;
      t.n_mblocks = cdiv(L.Mg, m0g);
      build_items(t, nC, nS);
    }
    tile_outputs(t, dense, fail);
    std::vector<Mapping> variants;
    if (opt.share != MapOptions::Share::Off)
      for (const int k : opt.share_groups > 0 ? std::vector<int>{opt.share_groups} : share_set_sizes(array)) {
        auto vs = share_variants(t, k);
        variants.insert(variants.end(), std::make_move_iterator(vs.begin()), std::make_move_iterator(vs.end()));
      }
    // Forced set sizes apply where the layer allows sharing; a layer that does not runs unshared.
    if (opt.share != MapOptions::Share::On && (opt.share_groups == 0 || variants.empty())) {
      variants.insert(variants.begin(), std::move(t));
    }
    const bool estimate = rank && (candidates.size() > 1 || variants.size() > 1);
    for (auto& v : variants) ranked.emplace_back(estimate ? build_schedule(v).stats.cycles : ~0ull, std::move(v));
  }
  if (ranked.empty())
    throw fail(
        fmt::format("weight sharing needs output tiles (E tiles dividing E={} x F tiles x batch {}) for at "
                    "least half of the {} cluster groups of a set, and a column block set per set",
                    L.E, L.N, opt.share_groups > 0 ? opt.share_groups : array.groups()));
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string why;
  for (auto& [cycles, t] : ranked) {
    why = weight_fit(t, opt);
    if (why.empty()) return t;
  }
  const Mapping& last = ranked.back().second;
  throw fail(fmt::format("M0={} x C0={} x S={}, {}", last.M0, last.C0, last.S0, why));
}

}  // namespace ev2::mapper
