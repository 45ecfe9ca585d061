// Host side of one PE pass (docs/pe.md): the configuration word, the fit check against the PE
// scratch pads, the port streams built with the CSC codec (sim/csc), and the golden psums from the
// reference model (sim/model). Used by the PE tests and the PE benchmark; the PE cluster and the
// mapper build on the same functions.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "csc/csc.hpp"
#include "interface/ev2_interface.hpp"
#include "util/math.hpp"

namespace ev2::pe {

// The configuration word layout, generated with rtl/pe/ev2_pe_pkg.sv from rtl/pkg/ev2_interface.json
// (iface::pe_cfg), under the names of the RTL package.
namespace cfgw {
namespace f = iface::pe_cfg;
inline constexpr int C0Off = f::kC0.lsb, C0W = f::kC0.width;
inline constexpr int M0Off = f::kM0.lsb, M0W = f::kM0.width;
inline constexpr int SOff = f::kS.lsb, SW = f::kS.width;
inline constexpr int UOff = f::kU.lsb, UW = f::kU.width;
inline constexpr int FOff = f::kF.lsb, FW = f::kF.width;
inline constexpr int DenseBit = f::kDense.lsb;
inline constexpr int SignedBit = f::kSigned.lsb;
inline constexpr int PsumInBit = f::kPsumIn.lsb;
inline constexpr int LoadWBit = f::kLoadW.lsb;
inline constexpr int Width = f::kWidth;
}  // namespace cfgw

inline constexpr int kMaxU = iface::kMaxU;
inline constexpr int kPsumW = 20;
inline constexpr int kPortW = 24;  // iact and weight ports
inline constexpr int kIactAddrEntryW = 4;
inline constexpr int kWeightAddrEntryW = 7;

// What one pass computes: the 1-D row convolution
//   psum[f][m] = init[f][m] + sum_{c < C0, s < S} w[m][c][s] * iact[c][f*U + s]   (20-bit wrap)
// for f < F over an iact row of W = (F-1)*U + S positions.
struct PeConfig {
  int C0 = 1;  // input channels
  int M0 = 1;  // output channels
  int S = 1;   // filter width
  int U = 1;   // stride
  int F = 1;   // output positions (windows)
  csc::Mode mode = csc::Mode::Compressed;
  csc::Sign sign = csc::Sign::Signed;  // iacts; weights are always signed
  bool psum_in = false;                // add init psums arriving on psum_i
  bool load_weights = true;            // false: reuse the weights of the previous pass

  int width() const { return (F - 1) * U + S; }  // iact x-positions of the pass
  int segs_per_window() const { return cdiv(S, U); }
  int segments() const { return F - 1 + segs_per_window(); }
  int psum_words() const { return cdiv(M0, 2); }  // psum port words per window
  std::string describe() const;
};

// The configuration word of the PE's cfg port.
uint64_t config_word(const PeConfig& cfg);

// Operands of one pass.
struct PeWork {
  PeConfig cfg;
  std::vector<int16_t> iacts;      // C0 x W, iacts[x * C0 + c] (column-major, the codec's order)
  std::vector<int8_t> weights;     // M0 x C0 x S, weights[(m * C0 + c) * S + s]
  std::vector<int32_t> psum_init;  // F x M0, psum_init[f * M0 + m] (used when cfg.psum_in)

  int16_t iact(int c, int x) const { return iacts[static_cast<size_t>(x) * cfg.C0 + c]; }
  int8_t weight(int m, int c, int s) const { return weights[(static_cast<size_t>(m) * cfg.C0 + c) * cfg.S + s]; }
};

// A pass that does not fit the PE (configuration fields or SPad capacity).
class PeFitError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Configuration-only checks: field ranges and what the SPads can hold whatever the data
// (dense mode sizes, column counts). Compressed data is checked by check_work().
csc::Fit check_config(const PeConfig& cfg, const csc::SpadLimits& lim = {});
// Configuration plus data: every window's iact segments and the weight block, encoded with the
// codec, against the SPads (csc::iact_window_fits / csc::weight_block_fits).
csc::Fit check_work(const PeWork& work, const csc::SpadLimits& lim = {});
// Throws PeFitError("PE pass <config>: <every violated limit>") unless check_work() passes.
void require_fit(const PeWork& work, const csc::SpadLimits& lim = {});

// The port streams of one pass.
struct PeStreams {
  uint64_t cfg = 0;
  std::vector<uint32_t> iact;     // 24-bit words, segment after segment
  std::vector<uint32_t> weight;   // 24-bit words (empty when the pass reuses weights)
  std::vector<uint64_t> psum_in;  // 40-bit words, window after window (empty unless psum_in)
};

// Encodes a pass with the CSC codec; calls require_fit first.
PeStreams encode(const PeWork& work);
// The same without the fit check, for negative tests that feed the RTL a pass it cannot hold
// (it still throws if the codec itself cannot represent the data).
PeStreams encode_unchecked(const PeWork& work);

// The codec's view of a pass: iact segments (C0 x U each, the last possibly shorter) and the SIMD-2
// weight block (M0 x C0*S, column k = s*C0 + c).
std::vector<csc::CscMatrix> iact_segments(const PeWork& work);
csc::SimdMatrix weight_block(const PeWork& work);

// SPad accesses and MAC events of one pass, as the PE performs them (docs/pe.md, "Energy"). The RTL
// counters (ev2_pe with Counters=1, read with pe_counters.hpp) must equal these exactly, so the
// energy work can use either. Reads and writes count SPad entries (12-bit iact words, 24-bit
// weight words, 20-bit psums).
struct PeAccesses {
  uint64_t iact_addr_rd = 0, iact_addr_wr = 0;
  uint64_t iact_data_rd = 0, iact_data_wr = 0;
  uint64_t weight_addr_rd = 0, weight_addr_wr = 0;
  uint64_t weight_data_rd = 0, weight_data_wr = 0;
  uint64_t psum_rd = 0, psum_wr = 0;
  uint64_t macs = 0;           // lanes that multiply-accumulate (both operands nonzero)
  uint64_t gated_macs = 0;     // lane slots of issued SIMD words whose weight is 0 (pad, breaker, dense 0)
  uint64_t psum_in_words = 0;  // psum_i words added
  uint64_t windows = 0;
  bool operator==(const PeAccesses&) const = default;
  PeAccesses& operator+=(const PeAccesses& o);
};
PeAccesses expected_accesses(const PeWork& work);
std::string to_string(const PeAccesses& a);

// Golden results from the reference model (model/conv.hpp).
struct PeGolden {
  std::vector<int32_t> psum;  // F x M0, [f * M0 + m], wrapped to 20 bits
  uint64_t overflow = 0;      // outputs whose exact sum left the 20-bit range
  uint64_t nonzero_macs = 0;  // (iact, weight) pairs both nonzero: the MACs the PE must do
  uint64_t dense_macs = 0;    // F * M0 * C0 * S
};
PeGolden reference(const PeWork& work);

// Two 20-bit psums per 40-bit word, channel 2i in bits [19:0]; the upper half of an odd M0's
// last word is 0.
std::vector<uint64_t> pack_psums(const std::vector<int32_t>& psum_fm, int F, int M0);
int32_t psum_lo(uint64_t word);
int32_t psum_hi(uint64_t word);

}  // namespace ev2::pe
