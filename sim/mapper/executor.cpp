#include "mapper/executor.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <stdexcept>

#include "csc/csc.hpp"
#include "mapper/blocks.hpp"
#include "model/conv.hpp"
#include "pe/pe_host.hpp"
#include "util/math.hpp"

namespace ev2::mapper {

namespace {

// Weight block back from the PE's weight port stream (docs/pe.md section 4), in PeWork order.
std::vector<int8_t> decode_weight_stream(const pe::PeConfig& c, const std::vector<uint32_t>& stream) {
  csc::SimdMatrix sm;
  sm.rows = c.M0;
  sm.cols = c.C0 * c.S;
  sm.mode = c.mode;
  size_t pos = 0;
  if (c.mode == csc::Mode::Compressed) {
    if (stream.size() < static_cast<size_t>(sm.cols))
      throw std::logic_error("weight stream shorter than its addresses");
    for (; pos < static_cast<size_t>(sm.cols); ++pos) sm.addr.push_back(static_cast<uint16_t>(stream[pos]));
  } else {
    for (int k = 0; k < sm.cols; ++k) sm.addr.push_back(static_cast<uint16_t>((k + 1) * cdiv(c.M0, 2)));
  }
  sm.words24.assign(stream.begin() + static_cast<std::ptrdiff_t>(pos), stream.end());
  const auto cols = csc::decode_weights_simd2(sm);
  const auto mcs = csc::columns_to_weight_block(cols, c.M0, c.C0, c.S);
  return {mcs.begin(), mcs.end()};
}

// iact row back from the PE's iact port stream: per segment an address word (compressed), then
// the data words two 12-bit words each.
std::vector<int16_t> decode_iact_stream(const pe::PeConfig& c, const std::vector<uint32_t>& stream) {
  const int W = c.width();
  const int nseg = csc::iact_segment_count(W, c.U);
  std::vector<csc::CscMatrix> segs;
  size_t pos = 0;
  auto next = [&]() {
    if (pos >= stream.size()) throw std::logic_error("iact stream ends inside a segment");
    return stream[pos++];
  };
  for (int j = 0; j < nseg; ++j) {
    csc::CscMatrix s;
    s.rows = c.C0;
    s.cols = j + 1 < nseg ? c.U : W - (nseg - 1) * c.U;
    s.mode = c.mode;
    int n = 0;
    if (c.mode == csc::Mode::Compressed) {
      const uint32_t hdr = next();
      for (int i = 0; i < s.cols; ++i)
        s.addr.push_back(static_cast<uint16_t>((hdr >> (pe::kIactAddrEntryW * i)) & 0xf));
      n = s.addr.back();
    } else {
      for (int i = 0; i < s.cols; ++i) s.addr.push_back(static_cast<uint16_t>((i + 1) * c.C0));
      n = c.C0 * s.cols;
    }
    for (int w = 0; w < n; w += 2) {
      const uint32_t word = next();
      s.words.push_back(static_cast<uint16_t>(word & csc::kWordMask));
      if (w + 1 < n) s.words.push_back(static_cast<uint16_t>((word >> csc::kWordBits) & csc::kWordMask));
    }
    segs.push_back(std::move(s));
  }
  if (pos != stream.size()) throw std::logic_error("iact stream has words after its last segment");
  return csc::decode_iact_segments(segs, c.U, c.sign);
}

struct StoredWeights {
  bool valid = false;
  int C0 = 0, M0 = 0, S = 0;
  csc::Mode mode = csc::Mode::Compressed;
  std::vector<int8_t> w;
};

}  // namespace

ExecResult execute(const Schedule& sch, const ActTensor& iacts, const WeightTensor& weights) {
  const Mapping& m = sch.map;
  const auto& L = m.canon;
  const auto& A = m.array;
  check_tensors(m, &iacts, &weights);
  ExecResult res;
  const LayerShape& l = m.layer;
  res.psum = PsumTensor(l.N, l.M, l.E(), l.F());
  std::vector<uint8_t> written(res.psum.size(), 0);
  const int entries = A.psum_bank_entries();

  for (const auto& grp : sch.groups) {
    // Per group: its PEs' weight SPads and its psum banks (with a written flag per entry).
    std::vector<StoredWeights> spad(static_cast<size_t>(A.pe_rows * A.pe_cols));
    std::vector<std::vector<int32_t>> bank(static_cast<size_t>(A.psum_banks), std::vector<int32_t>(entries, 0));
    std::vector<std::vector<uint8_t>> bank_ok(static_cast<size_t>(A.psum_banks), std::vector<uint8_t>(entries, 0));
    uint64_t group_cycles = 0;
    for (const auto& step : grp.steps) {
      uint64_t step_cycles = 0;
      for (const auto& cp : step.cols) {
        const size_t npsum = static_cast<size_t>(cp.F) * cp.M0;
        if ((cp.bank_in || !cp.final_out) && cp.bank_offset + static_cast<int>(npsum) > entries)
          throw std::logic_error(fmt::format("column pass needs psum bank entries {}..{}, the bank holds {}",
                                             cp.bank_offset, cp.bank_offset + npsum - 1, entries));
        auto& bk = bank[static_cast<size_t>(cp.col)];
        auto& bok = bank_ok[static_cast<size_t>(cp.col)];
        std::vector<int32_t> psum(npsum, 0);  // [f * M0 + m], the psum stream order
        for (size_t r = 0; r < cp.pes.size(); ++r) {
          const PePass& p = cp.pes[r];
          pe::PeWork work;
          work.cfg = p.cfg;
          if (p.psum_src == PsumSrc::Bank) {
            for (size_t i = 0; i < npsum; ++i) {
              if (!bok[cp.bank_offset + i])
                throw std::logic_error(
                    fmt::format("psum bank {} entry {} read before it was written", cp.col, cp.bank_offset + i));
              psum[i] = bk[cp.bank_offset + i];
            }
          }
          if (p.cfg.psum_in) work.psum_init = psum;
          const int width = p.cfg.width();
          work.iacts = p.item < 0 ? std::vector<int16_t>(static_cast<size_t>(p.cfg.C0) * width, 0)
                                  : iact_row_values(m, iacts, p.n, p.c_begin, p.cfg.C0, p.y, p.x0, width);
          auto& sw = spad[r * static_cast<size_t>(A.pe_cols) + cp.col];
          if (p.cfg.load_weights) {
            work.weights = p.item < 0
                               ? std::vector<int8_t>(static_cast<size_t>(p.cfg.M0) * p.cfg.C0 * p.cfg.S, 0)
                               : weight_block_values(m, weights, cp.gb, cp.mb, m.items[static_cast<size_t>(p.item)]);
          } else {
            if (!sw.valid || sw.C0 != p.cfg.C0 || sw.M0 != p.cfg.M0 || sw.S != p.cfg.S || sw.mode != p.cfg.mode)
              throw std::logic_error(
                  fmt::format("PE ({}, {}) reuses weights it does not hold ({})", r, cp.col, p.cfg.describe()));
            work.weights = sw.w;
          }
          // The streams the PE receives: fit-checked against its SPads, then decoded back, so what
          // is computed is what the streams carry.
          const pe::PeStreams streams = pe::encode(work);
          if (p.cfg.load_weights) {
            sw = StoredWeights{true,    p.cfg.C0,   p.cfg.M0,
                               p.cfg.S, p.cfg.mode, decode_weight_stream(p.cfg, streams.weight)};
            if (sw.w != work.weights) throw std::logic_error("weight stream does not decode to the weight block");
          }
          pe::PeWork seen = work;
          seen.weights = sw.w;
          seen.iacts = decode_iact_stream(p.cfg, streams.iact);
          if (p.cfg.psum_in) {
            std::vector<int32_t> init;
            for (uint64_t wd : streams.psum_in) {
              init.push_back(pe::psum_lo(wd));
              init.push_back(pe::psum_hi(wd));
            }
            // Unpack window by window: ceil(M0/2) words per window, the odd tail half unused.
            seen.psum_init.clear();
            const int pw = p.cfg.psum_words();
            for (int f = 0; f < p.cfg.F; ++f)
              for (int mm = 0; mm < p.cfg.M0; ++mm)
                seen.psum_init.push_back(init[static_cast<size_t>(f * pw * 2 + mm)]);
          }
          const pe::PeGolden g = pe::reference(seen);
          psum = g.psum;
          res.nonzero_macs += g.nonzero_macs;
          res.weight_words += streams.weight.size();
          res.iact_words += streams.iact.size();
          res.psum_in_words += streams.psum_in.size();
          ++res.pe_passes;
          step_cycles = std::max(step_cycles, estimate_pe_cycles(m, p, static_cast<double>(g.nonzero_macs),
                                                                 streams.weight.size(), streams.iact.size()));
        }
        if (!cp.final_out) {
          std::copy(psum.begin(), psum.end(), bk.begin() + cp.bank_offset);
          std::fill(bok.begin() + cp.bank_offset, bok.begin() + cp.bank_offset + static_cast<std::ptrdiff_t>(npsum), 1);
        } else if (!cp.discard) {
          for (int f = 0; f < cp.F; ++f)
            for (int mm = 0; mm < cp.M0; ++mm) {
              const size_t idx = res.psum.index(cp.n, cp.m_begin + mm, L.fc_flattened ? 0 : cp.e, cp.f0 + f);
              if (written[idx]++)
                throw std::logic_error(
                    fmt::format("output n{} m{} e{} f{} written twice", cp.n, cp.m_begin + mm, cp.e, cp.f0 + f));
              res.psum.data()[idx] = psum[static_cast<size_t>(f) * cp.M0 + mm];
            }
        }
      }
      group_cycles += step_cycles;
    }
    res.cycles = std::max(res.cycles, group_cycles);
  }
  if (const auto it = std::find(written.begin(), written.end(), 0); it != written.end())
    throw std::logic_error(fmt::format("output {} of {} never written", it - written.begin(), written.size()));
  res.utilization = A.utilization(static_cast<double>(res.nonzero_macs), res.cycles);

  const ConvResult ref = conv2d(l, iacts, weights);
  res.match = ref.psum == res.psum;
  if (!res.match)
    for (size_t i = 0; i < res.psum.size(); ++i)
      if (ref.psum.data()[i] != res.psum.data()[i]) {
        res.mismatch = fmt::format("layer '{}': psum at flat index {} is {}, conv2d gives {}", l.name, i,
                                   res.psum.data()[i], ref.psum.data()[i]);
        break;
      }
  return res;
}

}  // namespace ev2::mapper
