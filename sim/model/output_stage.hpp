// The output stage: a finished 20-bit psum becomes an 8-bit output activation on its way off
// chip. The RTL implements the same formula with the same widths; docs/arithmetic.md fixes it:
//
//   s    = p + b                      p, b: 20-bit signed   -> s: 21-bit signed, exact
//   prod = s * m                      m: 16-bit unsigned    -> prod: 37-bit signed, exact
//   r    = k == 0 ? prod : (prod + 2^(k-1)) >>> k           k: 0..31, >>> arithmetic (floor):
//                                                              round half up (ties toward +inf)
//   r    = relu ? max(r, 0) : r
//   out  = out_signed ? clamp(r, -128, 127) : clamp(r, 0, 255)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/tensor.hpp"

namespace ev2 {

inline constexpr int BIAS_W = 20;  // bias: signed, same width as a psum
inline constexpr int MULT_W = 16;  // multiplier: unsigned
inline constexpr int SHIFT_MAX = 31;
inline constexpr int OS_SUM_W = 21;   // p + b
inline constexpr int OS_PROD_W = 37;  // (p + b) * m

struct OutputStageParams {
  std::vector<int32_t> bias;   // per output channel, -2^19 .. 2^19-1
  std::vector<uint16_t> mult;  // per output channel, 0 .. 65535
  std::vector<uint8_t> shift;  // per output channel, 0 .. 31
  bool relu = false;
  bool out_signed = false;  // oacts signed -128..127, else unsigned 0..255

  // "" when the parameters fit a layer with M output channels, else a one-line reason naming the
  // field, e.g. "shift[3]=40 is above 31".
  std::string check(int M) const;

  // The same bias/mult/shift for all M channels.
  static OutputStageParams uniform(int M, int32_t bias, uint16_t mult, uint8_t shift, bool relu, bool out_signed);
};

// Every intermediate of one element, for RTL tests that probe pipeline stages and for debugging.
struct OutputStageSteps {
  int64_t sum = 0;      // s = p + b
  int64_t prod = 0;     // s * m
  int64_t rounded = 0;  // after the rounding shift
  int64_t relu = 0;     // after ReLU (== rounded when ReLU is off)
  int16_t out = 0;      // after saturation
  int saturated = 0;    // -1 clipped at the bottom, +1 clipped at the top, 0 not clipped
};

// One element. Throws std::invalid_argument when psum or bias is outside 20 bits or shift > 31.
OutputStageSteps output_stage_steps(int32_t psum, int32_t bias, uint16_t mult, uint8_t shift, bool relu,
                                    bool out_signed);
int16_t output_stage_one(int32_t psum, int32_t bias, uint16_t mult, uint8_t shift, bool relu, bool out_signed);

struct OutputStageResult {
  ActTensor oacts;  // same dims as the psum tensor
  // Outputs clipped by saturation (not counting negatives removed by ReLU, which are intended).
  // Many clipped outputs mean the multiplier/shift scale is too large (high) or the output
  // should have been signed (low).
  uint64_t saturated_low = 0;
  uint64_t saturated_high = 0;
  uint64_t saturated() const { return saturated_low + saturated_high; }
};

// Applies the stage to an N x M x E x F psum tensor, channel m using bias[m], mult[m], shift[m].
// Throws std::invalid_argument on bad params (see check) or a psum outside 20 bits.
OutputStageResult output_stage(const PsumTensor& psum, const OutputStageParams& params);

// A real scale factor as the stage's mult/shift: mult = round(scale * 2^shift) with the largest
// shift <= 31 that keeps mult <= 65535, so the approximation is as fine as 16 bits allow.
// Throws std::invalid_argument when scale is negative, not finite, or at least 65535.5.
struct FixedPointScale {
  uint16_t mult = 0;
  uint8_t shift = 0;
};
FixedPointScale to_fixed_point(double scale);

}  // namespace ev2
