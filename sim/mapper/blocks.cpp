#include "mapper/blocks.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "util/math.hpp"

namespace ev2::mapper {

// Canonical indexing straight into the NCHW data: for a flattened FC layer the canonical channel
// (c * H + y) * W + x is exactly the position of iact[c][y][x] in memory, so no copy is needed.
std::vector<int8_t> weight_block_values(const Mapping& map, const WeightTensor& w, int gb, int mb,
                                        const ReductionItem& it) {
  const auto& L = map.canon;
  const int M0 = map.block_m_count(gb, mb);
  const int C0 = map.pe_c0(gb, it);
  const int mb0 = map.block_m_begin(gb, mb);
  std::vector<int8_t> out(static_cast<size_t>(M0) * C0 * it.sn, 0);
  const auto& d = w.data();
  for (int ml = 0; ml < M0; ++ml) {
    const int m = mb0 + ml;
    for (int cl = 0; cl < C0; ++cl) {
      if (map.packed && ml / map.M0g != cl) continue;  // off the block diagonal
      const int c = map.packed ? 0 : it.c0 + cl;       // channel within the group
      for (int s = 0; s < it.sn; ++s) {
        const size_t src = ((static_cast<size_t>(m) * L.Cg + c) * L.R + it.r) * L.S + it.s0 + s;
        out[(static_cast<size_t>(ml) * C0 + cl) * it.sn + s] = d[src];
      }
    }
  }
  return out;
}

std::vector<int16_t> iact_row_values(const Mapping& map, const ActTensor& a, int n, int c_begin, int C0, int y, int x0,
                                     int width) {
  const auto& L = map.canon;
  std::vector<int16_t> out(static_cast<size_t>(C0) * width, 0);
  if (y < 0 || y >= L.H) return out;
  const int Ctot = L.G * L.Cg;
  const auto& d = a.data();
  for (int xl = 0; xl < width; ++xl) {
    const int x = x0 + xl;
    if (x < 0 || x >= L.W) continue;
    for (int cl = 0; cl < C0; ++cl) {
      const size_t src = ((static_cast<size_t>(n) * Ctot + c_begin + cl) * L.H + y) * L.W + x;
      out[static_cast<size_t>(xl) * C0 + cl] = d[src];
    }
  }
  return out;
}

void check_tensors(const Mapping& map, const ActTensor* a, const WeightTensor* w) {
  const auto& l = map.layer;
  if (a && a->dims() != std::array<int, 4>{l.N, l.C, l.H, l.W})
    throw MapError(fmt::format("layer '{}': iact tensor is {}, the layer needs {}x{}x{}x{}", l.name, a->shape_string(),
                               l.N, l.C, l.H, l.W));
  if (w && w->dims() != std::array<int, 4>{l.M, l.C / l.G, l.R, l.S})
    throw MapError(fmt::format("layer '{}': weight tensor is {}, the layer needs {}x{}x{}x{}", l.name,
                               w->shape_string(), l.M, l.C / l.G, l.R, l.S));
}

}  // namespace ev2::mapper

namespace ev2::mapper {

// SIMD words of a weight block estimated from a density (no tensor): per column the expected
// nonzeros rounded up, plus the run breakers a block-diagonal column needs in front of its row.
int estimate_block_words(const Mapping& m, int M0, int C0, int sn, double wd) {
  if (m.mode == csc::Mode::Dense) return cdiv(M0, 2) * C0 * sn;
  int words = 0;
  for (int c = 0; c < C0; ++c) {
    const int rows = m.packed ? m.M0g : M0;
    const int nz = std::min(rows, static_cast<int>(std::ceil(rows * wd - 1e-9)));
    const int breakers = m.packed && nz > 0 ? (c * m.M0g) / 16 : 0;
    words += sn * cdiv(nz + breakers, 2);
  }
  return words;
}

}  // namespace ev2::mapper
