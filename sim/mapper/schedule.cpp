#include "mapper/schedule.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "interface/ev2_interface.hpp"
#include "mapper/blocks.hpp"
#include "util/math.hpp"

namespace ev2::mapper {

namespace {

struct Job {
  int n, gb, mb, et, ft;
};

// Jobs in the order n, group block, E tile, F tile, m block (fastest): consecutive columns then
// share their iact rows whenever they differ only in output channels (iact multicast).
Job job_of(const Mapping& m, int j) {
  Job b{};
  b.mb = j % m.n_mblocks;
  j /= m.n_mblocks;
  b.ft = j % m.n_ftiles;
  j /= m.n_ftiles;
  b.et = j % m.n_etiles;
  j /= m.n_etiles;
  b.gb = j % m.n_gblocks;
  b.n = j / m.n_gblocks;
  return b;
}

int job_index(const Mapping& m, const Job& b) {
  return (((b.n * m.n_gblocks + b.gb) * m.n_etiles + b.et) * m.n_ftiles + b.ft) * m.n_mblocks + b.mb;
}

// What one group runs in one round: up to pe_cols column jobs.
struct RoundPlan {
  int group = 0;
  std::vector<int> jobs;
  bool discard = false;
};

// Rounds in the order the groups run them. Default: jobs dealt pe_cols at a time to the groups
// round-robin. Weight sharing: the groups form sets of share_groups; the block sets (group block,
// pe_cols m blocks) are dealt to the sets round-robin, and a wave gives every group of a set the
// same column blocks and a different output tile (n, E tile, F tile); the last wave of a block set
// is padded with discarded copies so every group of the set takes the stream.
std::vector<RoundPlan> plan_rounds(const Mapping& m) {
  const auto& A = m.array;
  const int G = A.groups(), C = A.pe_cols;
  std::vector<RoundPlan> out;
  if (!m.share_weights) {
    for (int r = 0; r * C < m.jobs(); ++r) {
      RoundPlan p{r % G, {}, false};
      for (int c = 0; c < C && r * C + c < m.jobs(); ++c) p.jobs.push_back(r * C + c);
      out.push_back(std::move(p));
    }
    return out;
  }
  const int K = m.share_groups;
  const int tiles = m.canon.N * m.n_etiles * m.n_ftiles;
  int block_set = 0;
  for (int gb = 0; gb < m.n_gblocks; ++gb)
    for (int q = 0; q * C < m.n_mblocks; ++q, ++block_set)
      for (int w = 0; w * K < tiles; ++w)
        for (int i = 0; i < K; ++i) {
          const int t = w * K + i;
          RoundPlan p{(block_set % m.share_sets()) * K + i, {}, t >= tiles};
          const int tt = t % tiles;
          Job b{};
          b.ft = tt % m.n_ftiles;
          b.et = (tt / m.n_ftiles) % m.n_etiles;
          b.n = tt / (m.n_ftiles * m.n_etiles);
          b.gb = gb;
          for (int c = 0; c < C && q * C + c < m.n_mblocks; ++c) {
            b.mb = q * C + c;
            p.jobs.push_back(job_index(m, b));
          }
          out.push_back(std::move(p));
        }
  return out;
}

// Streams leave memory through the stream engines, one 24-bit word per cycle each, as far as the
// memory port (one beat per cycle, shared with the drains and the command fetch) carries them;
// every group's weight streams share them. Each column whose blocks load costs 60 cycles besides:
// once its router setting and stream barrier; since a PE row's blocks follow each other behind
// headers (docs/noc.md) the cost is what the row's serial load adds to the phase, kept because it
// still ranks the tilings as the RTL does (10 instead made conv6_pw of MobileNet-0.5-128 on v2
// pick a tiling 15% slower).
uint64_t stream_bytes_per_cycle(const ArrayConfig& A) {
  return std::max<uint64_t>(1, std::min<uint64_t>(3 * static_cast<uint64_t>(A.stream_engines), A.beat_bytes()));
}
constexpr uint64_t kWeightColumnCycles = 60;

// Configuration, barrier and pipeline fill of one phase on the small array (MobileNet depthwise
// layers, whose passes are a few dozen cycles: ~130-190 cycles per phase in all).
constexpr uint64_t kPhaseCycles = 50;
// Per further cluster group: its iact bank configurations (a group's rows sit at other bank
// addresses and lengths than its neighbours', so they go group by group: about four CFGLIST
// entries of one cycle each per phase; MobileNet-0.5-128's depthwise layers on v2).
constexpr uint64_t kPhaseGroupCycles = 1;
// Fixed cost of one drain on its engine beyond one cycle per psum word.
constexpr uint64_t kDrainCycles = 20;

// An iact row as a PE pass streams it: sample, first channel, channels, input row, first x, S.
using RowKey = std::tuple<int, int, int, int, int, int>;

uint64_t iact_words_estimate(const Mapping& m, const pe::PeConfig& c, bool zero_row) {
  const int segs = c.segments();
  if (m.mode == csc::Mode::Dense) return static_cast<uint64_t>(segs) * cdiv(c.C0 * c.U, 2);
  if (zero_row) return static_cast<uint64_t>(segs);
  const double nz = c.C0 * c.U * m.iact_density;
  return static_cast<uint64_t>(segs) * (1 + static_cast<uint64_t>(std::ceil(nz / 2)));
}

// Configuration entries beyond one broadcast per unit for step index s. The runtime sends a unit's
// configuration once to all groups, or to each aligned set of 2^k groups that got the same one
// (largest first), else group by group (docs/runtime.md): groups whose column passes differ (the
// last, smaller F tile; a column idle in some groups) cost one CFGLIST entry, about a cycle, for
// each further set, per PE and for the column's psum bank (MobileNet's conv1 on v2, F = 64 in
// tiles of 22: CFGLIST 60% of its cycles).
uint64_t group_config_cycles(const Schedule& sch, size_t s) {
  const auto& A = sch.map.array;
  using Key = std::tuple<int, int, int, int, bool, bool>;  // F, M0, C0, S, load_w, bank_in; F 0: idle
  std::vector<std::vector<Key>> keys(static_cast<size_t>(A.pe_cols), std::vector<Key>(sch.groups.size()));
  for (size_t gi = 0; gi < sch.groups.size(); ++gi) {
    const auto& g = sch.groups[gi];
    if (s >= g.steps.size()) continue;
    for (const auto& cp : g.steps[s].cols) {
      const auto& c = cp.pes.empty() ? pe::PeConfig{} : cp.pes[0].cfg;
      keys[static_cast<size_t>(cp.col)][gi] = Key{cp.F, cp.M0, c.C0, c.S, c.load_weights, cp.bank_in};
    }
  }
  // Messages for groups [first, first + n): one when all are alike, else each half on its own.
  const std::function<uint64_t(const std::vector<Key>&, size_t, size_t)> messages = [&](const std::vector<Key>& k,
                                                                                        size_t first, size_t n) {
    if (std::all_of(k.begin() + static_cast<long>(first), k.begin() + static_cast<long>(first + n),
                    [&](const Key& x) { return x == k[first]; }))
      return std::get<0>(k[first]) == 0 ? uint64_t{0} : uint64_t{1};
    return n == 1 ? uint64_t{1} : messages(k, first, n / 2) + messages(k, first + n / 2, n - n / 2);
  };
  uint64_t extra = 0;
  for (const auto& col : keys) {
    const uint64_t n = messages(col, 0, col.size());
    if (n > 1) extra += (n - 1) * static_cast<uint64_t>(A.pe_rows + 1);
  }
  return extra;
}

}  // namespace

bool psum_double_buffered(const Mapping& m, int psum_bank_words) {
  return m.chains == 1 && m.Ft * cdiv(m.M0, 2) <= psum_bank_words / 2;
}

uint64_t estimate_pe_compute(const Mapping& m, const PePass& p, double nonzero_macs) {
  const auto& c = p.cfg;
  // Two MACs per cycle plus one marker bubble per window; with M0 > 16 the drain of each window
  // is not hidden (docs/pe.md section 3). But the front end takes one nonzero iact per cycle,
  // S x C0 of them per window, whatever its weight column holds: a depthwise layer's columns hold
  // one weight each, so its passes are bound by the iacts, not the MACs.
  const double iact_tokens =
      static_cast<double>(c.F) * c.S * c.C0 * (m.mode == csc::Mode::Dense ? 1.0 : m.iact_density);
  const uint64_t drain = static_cast<uint64_t>(c.F) * c.psum_words();
  return static_cast<uint64_t>(std::ceil(std::max(nonzero_macs / 2, iact_tokens))) + c.F + (c.M0 > 16 ? drain : 0);
}

uint64_t estimate_pe_cycles(const Mapping& m, const PePass& p, double nonzero_macs, uint64_t weight_words,
                            uint64_t iact_words) {
  const auto& c = p.cfg;
  const uint64_t drain = static_cast<uint64_t>(c.F) * c.psum_words();
  // Floors: the psum output and the iact front end.
  const uint64_t compute = estimate_pe_compute(m, p, nonzero_macs);
  constexpr uint64_t kFill = 7;
  return kFill + (c.load_weights ? weight_words : 0) + std::max({compute, drain, iact_words});
}

Schedule build_schedule(const Mapping& m) {
  Schedule sch;
  sch.map = m;
  const auto& A = m.array;
  const auto& L = m.canon;
  auto& st = sch.stats;
  const double dens = m.weight_density * m.iact_density;
  const bool double_buffered = psum_double_buffered(m, iface::kPsumBankWords);

  for (int gr = 0; gr < A.group_rows; ++gr)
    for (int gc = 0; gc < A.group_cols; ++gc) sch.groups.push_back(GroupSchedule{gr, gc, {}, 0});

  for (const RoundPlan& plan : plan_rounds(m)) {
    auto& grp = sch.groups[static_cast<size_t>(plan.group)];
    const std::vector<int>& col_jobs = plan.jobs;
    int max_rows = 0;
    for (const int j : col_jobs) {
      const Job b = job_of(m, j);
      max_rows = std::max(max_rows, std::min(m.Et, L.E - b.et * m.Et));
    }
    for (int k = 0; k < m.chains; ++k)
      for (int i = 0; i < max_rows; ++i) {
        Step step;
        // The runtime runs the columns of a step that take the same iact row in every PE row
        // together (a phase) and phases one after another (docs/runtime.md): per phase its
        // slowest PE plus a fixed cost for its configuration and barrier.
        // A phase's weight blocks reach a PE row on one stream, column after column (docs/noc.md,
        // "Weight block headers"): its last column starts after the others' blocks too.
        struct PhaseCost {
          uint64_t cycles = 0, longest_block = 0, compute = 0;
          std::vector<uint64_t> row_words;  // weight words (with headers) per PE row
        };
        std::map<std::vector<RowKey>, PhaseCost> phases;
        std::set<std::pair<int, RowKey>> staged;  // distinct iact rows per PE row
        for (size_t c = 0; c < col_jobs.size(); ++c) {
          const Job b = job_of(m, col_jobs[c]);
          const int e0 = b.et * m.Et;
          const int rows = std::min(m.Et, L.E - e0);
          if (i >= rows) continue;
          ColumnPass cp;
          uint64_t col_cycles = 0, col_block = 0, col_compute = 0;
          std::vector<uint64_t> col_row_words(static_cast<size_t>(A.pe_rows), 0);
          std::vector<RowKey> rows_of_col;
          cp.col = static_cast<int>(c);
          cp.job = col_jobs[c];
          cp.gb = b.gb;
          cp.mb = b.mb;
          cp.chain = k;
          cp.n = b.n;
          cp.e = e0 + i;
          cp.f0 = b.ft * m.Ft;
          cp.F = std::min(m.Ft, L.F - cp.f0);
          cp.m_begin = m.block_m_begin(b.gb, b.mb);
          cp.M0 = m.block_m_count(b.gb, b.mb);
          cp.bank_in = k > 0;
          cp.final_out = k + 1 == m.chains;
          cp.bank_offset = m.chains > 1 ? i * m.Ft * m.M0 : 0;  // row i of the E tile
          cp.discard = plan.discard;
          for (int r = 0; r < A.pe_rows; ++r) {
            PePass p;
            const int idx = k * A.pe_rows + r;
            auto& cfg = p.cfg;
            cfg.M0 = cp.M0;
            cfg.U = L.U;
            cfg.F = cp.F;
            cfg.mode = m.mode;
            cfg.sign = m.sign;
            cfg.load_weights = i == 0;
            p.n = cp.n;
            p.psum_src = r > 0 ? PsumSrc::PeBelow : (cp.bank_in ? PsumSrc::Bank : PsumSrc::None);
            cfg.psum_in = p.psum_src != PsumSrc::None;
            double nominal = 0;
            if (idx < static_cast<int>(m.items.size())) {
              const auto& it = m.items[static_cast<size_t>(idx)];
              p.item = idx;
              cfg.C0 = m.pe_c0(b.gb, it);
              cfg.S = it.sn;
              p.c_begin = m.pe_c_begin(b.gb, it);
              p.y = cp.discard ? -1 : cp.e * L.U - L.pad_h + it.r;
              p.x0 = cp.f0 * L.U - L.pad_w + it.s0;
              nominal = cp.discard ? 0.0 : static_cast<double>(cp.F) * cp.M0 * (m.packed ? 1 : cfg.C0) * cfg.S;
            } else {
              // Pass-through: a chain shorter than the column still has to reach the top PE.
              cfg.C0 = 1;
              cfg.S = 1;
              p.y = -1;
            }
            const bool zero_row = p.y < 0 || p.y >= L.H;
            uint64_t wwords = 0;
            if (cfg.load_weights) {
              wwords = p.item < 0 ? (m.mode == csc::Mode::Dense ? cdiv(cfg.M0, 2) : 1)
                                  : estimate_block_words(m, cfg.M0, cfg.C0, cfg.S, m.weight_density) +
                                        (m.mode == csc::Mode::Dense ? 0 : cfg.C0 * cfg.S);
              ++st.weight_loads;
              st.weight_words.noc += wwords;
              step.weight_bytes += wwords * 3;
              step.weight_pe_words = std::max(step.weight_pe_words, wwords);
              col_row_words[static_cast<size_t>(r)] = wwords + 1;
              col_block = std::max(col_block, wwords);
            }
            if (cp.discard) ++st.discarded_passes;
            const uint64_t iwords = iact_words_estimate(m, cfg, zero_row || p.item < 0);
            st.iact_words.noc += iwords;
            const RowKey row{p.n, p.c_begin, cfg.C0, p.y, p.x0, cfg.S};
            if (!cp.discard && staged.insert({r, row}).second && !zero_row) {
              st.iact_words.dram += iwords;
              st.iact_words.glb += 2 * iwords;  // bank write, then read
            }
            const uint64_t psums = static_cast<uint64_t>(cfg.F) * cfg.M0;
            st.psum_words.noc += psums + (p.psum_src == PsumSrc::Bank ? psums : 0);
            st.macs += static_cast<uint64_t>(nominal);
            const double nz = nominal * (zero_row ? 0.0 : dens);
            st.nonzero_macs += nz;
            col_cycles = std::max(col_cycles, estimate_pe_cycles(m, p, nz, wwords, iwords));
            p.compute_cycles = estimate_pe_compute(m, p, nz);
            col_compute = std::max(col_compute, p.compute_cycles);
            rows_of_col.push_back(row);
            cp.pes.push_back(p);
            ++st.pe_passes;
          }
          const uint64_t psums = static_cast<uint64_t>(cp.F) * cp.M0;
          if (cp.bank_in) st.psum_words.glb += psums;
          if (!cp.final_out)
            st.psum_words.glb += psums;
          else if (cp.drained())
            st.oacts += psums;
          step.cols.push_back(std::move(cp));
          auto& ph = phases[rows_of_col];
          ph.cycles = std::max(ph.cycles, col_cycles);
          ph.compute = std::max(ph.compute, col_compute);
          ph.longest_block = std::max(ph.longest_block, col_block);
          ph.row_words.resize(static_cast<size_t>(A.pe_rows), 0);
          for (size_t r = 0; r < col_row_words.size(); ++r) ph.row_words[r] += col_row_words[r];
        }
        for (const auto& [rows, ph] : phases) {
          const uint64_t row_stream =
              ph.row_words.empty() ? 0 : *std::max_element(ph.row_words.begin(), ph.row_words.end());
          const uint64_t pe = ph.cycles + (row_stream > ph.longest_block ? row_stream - ph.longest_block : 0);
          step.cycles += pe + kPhaseCycles + kPhaseGroupCycles * static_cast<uint64_t>(A.groups() - 1);
          step.weight_pe_words = std::max(step.weight_pe_words, row_stream);
          step.compute_cycles += ph.compute;
          step.pe_cycles += pe;
        }
        // Every final psum word (two channels) leaves through one of the array's drain engines at
        // one per cycle, and the groups run their steps in lockstep (as if every group drained as
        // much). A drain also costs its engine a fixed start (bank read, packing, the write's
        // first beat). With double-buffered psum banks (docs/runtime.md: one chain, a pass in
        // half a bank) drains overlap the next phase's compute, so they bound the step's
        // throughput, not its latency; otherwise a phase's outputs must leave before the next
        // phase re-programs the banks, and they overlap only its weight streams.
        uint64_t drained = 0;
        for (const auto& cp : step.cols)
          if (cp.drained()) drained += static_cast<uint64_t>(cp.F) * cdiv(cp.M0, 2) + kDrainCycles;
        const uint64_t drain_cycles =
            drained * static_cast<uint64_t>(A.groups()) / static_cast<uint64_t>(std::max(1, A.drain_engines));
        if (double_buffered)
          step.cycles = std::max(step.cycles, drain_cycles);
        else
          step.cycles += drain_cycles > step.weight_pe_words ? drain_cycles - step.weight_pe_words : 0;
        // The last phase's drains run after everything else.
        step.drain_tail = double_buffered ? drain_cycles : std::min(drain_cycles, step.weight_pe_words);
        grp.cycles += step.cycles;
        grp.steps.push_back(std::move(step));
      }
  }
  // The groups run their steps in lockstep, and a step's weight blocks all pass the stream
  // engines (a wave of shared blocks once, as broadcasts) before its PEs compute; the phase
  // estimate already counts one word per cycle into each PE row, the engines add what they cannot
  // keep up with.
  for (const auto& g : sch.groups) st.steps = std::max<uint64_t>(st.steps, g.steps.size());
  for (size_t s = 0; s < st.steps; ++s) {
    uint64_t slowest = 0, pe_words = 0, columns = 0;
    const int K = m.share_weights ? m.share_groups : 1;
    std::vector<uint64_t> set_bytes(static_cast<size_t>(A.groups() / K), 0);  // a set's blocks leave memory once
    for (size_t gi = 0; gi < sch.groups.size(); ++gi) {
      const auto& g = sch.groups[gi];
      if (s >= g.steps.size()) continue;
      const Step& step = g.steps[s];
      slowest = std::max(slowest, step.cycles);
      pe_words = std::max(pe_words, step.weight_pe_words);
      auto& sb = set_bytes[gi / static_cast<size_t>(K)];
      sb = std::max(sb, step.weight_bytes);
      uint64_t loading = 0;
      for (const auto& cp : step.cols) loading += !cp.pes.empty() && cp.pes[0].cfg.load_weights;
      columns = std::max(columns, loading);
    }
    uint64_t bytes = 0;
    for (const uint64_t b : set_bytes) bytes += b;
    const uint64_t port = bytes / stream_bytes_per_cycle(A) + columns * kWeightColumnCycles;
    st.cycles += slowest + (port > pe_words ? port - pe_words : 0) + group_config_cycles(sch, s);
    st.weight_words.dram += bytes / 3;
  }
  uint64_t tail = 0;
  for (const auto& g : sch.groups)
    if (!g.steps.empty()) tail = std::max(tail, g.steps.back().drain_tail);
  st.cycles += tail;
  // Nothing is faster than its streams.
  st.cycles = std::max(st.cycles, 3 * (st.weight_words.dram + st.iact_words.dram) / stream_bytes_per_cycle(A));
  st.psum_words.dram = 0;
  st.utilization = A.utilization(st.nonzero_macs, st.cycles);
  return sch;
}

std::string Schedule::describe_step(int group, int step) const {
  const auto& g = groups[static_cast<size_t>(group)];
  const auto& s = g.steps[static_cast<size_t>(step)];
  std::string out = fmt::format("g({},{}) step {}: {} cyc", g.row, g.col, step, s.cycles);
  for (const auto& c : s.cols) {
    out += fmt::format(" | col{} job{} n{} e{} f{}+{} m{}+{} chain {}/{} {}{} in={} out={}", c.col, c.job, c.n, c.e,
                       c.f0, c.F, c.m_begin, c.M0, c.chain + 1, map.chains,
                       c.pes.empty() || c.pes[0].cfg.load_weights ? "load_w" : "reuse_w", "",
                       c.bank_in ? fmt::format("bank{}@{}", c.col, c.bank_offset) : "none",
                       c.final_out ? "output" : fmt::format("bank{}@{}", c.col, c.bank_offset));
    out += " [";
    for (size_t r = 0; r < c.pes.size(); ++r) {
      const auto& p = c.pes[r];
      if (r) out += "; ";
      if (p.item < 0)
        out += "pass";
      else
        out += fmt::format("c{}+{} y{} x{} S{}", p.c_begin, p.cfg.C0, p.y, p.x0, p.cfg.S);
    }
    out += "]";
  }
  return out;
}

std::string Schedule::describe() const {
  std::string out;
  for (size_t g = 0; g < groups.size(); ++g)
    for (size_t s = 0; s < groups[g].steps.size(); ++s)
      out += describe_step(static_cast<int>(g), static_cast<int>(s)) + "\n";
  return out;
}

std::string Schedule::summary() const {
  const auto& s = stats;
  return fmt::format(
      "{}\n  steps {} (longest group), PE passes {}, weight loads {}, cycles {}, MACs {} (nonzero ~{:.0f}), "
      "utilization {:.1f}%\n  words DRAM/GLB/NoC: weights {}/{}/{}, iacts {}/{}/{}, psums -/{}/{}, oacts {}",
      map.describe(), s.steps, s.pe_passes, s.weight_loads, s.cycles, s.macs, s.nonzero_macs, 100.0 * s.utilization,
      s.weight_words.dram, s.weight_words.glb, s.weight_words.noc, s.iact_words.dram, s.iact_words.glb,
      s.iact_words.noc, s.psum_words.glb, s.psum_words.noc, s.oacts);
}

}  // namespace ev2::mapper
