// Reference convolution: the golden psums every RTL test and the simulator are checked against.
// Covers every weighted layer kind (conv, grouped, depthwise with channel multiplier, pointwise,
// fc), any stride, zero padding and batch. Arithmetic contract: docs/arithmetic.md.
#pragma once

#include <cstdint>

#include "model/layer.hpp"
#include "model/tensor.hpp"

namespace ev2 {

struct ConvResult {
  // N x M x E x F: the 20-bit two's-complement wrapped sums, sign-extended into int32 - what the
  // chip produces bit for bit, whatever order its mapping accumulates in.
  PsumTensor psum;
  // N x M x E x F: the exact (unwrapped) sums, initial psums included. psum == wrap_psum(exact).
  WideTensor exact;
  // Outputs whose exact sum lies outside [PSUM_MIN, PSUM_MAX], i.e. whose psum is wrong as a
  // number. Intermediate excursions that come back into range are harmless and not counted.
  uint64_t overflow_count = 0;
};

// psum[n][m][e][f] = wrap20( sum over c in group(m), r, s of
//                            iact[n][c][e*U - pad_h + r][f*U - pad_w + s] * weight[m][c % (C/G)][r][s] )
// with out-of-range iact positions reading as zero, and group(m) = m / (M/G).
//
// iacts: N x C x H x W, all values 8-bit of one signedness (-128..127 or 0..255).
// weights: M x C/G x R x S, int8.
// Throws std::invalid_argument when shape.check() fails, the layer is a pool layer, a tensor's
// dimensions do not match the shape, or an iact is not an 8-bit activation.
ConvResult conv2d(const LayerShape& shape, const ActTensor& iacts, const WeightTensor& weights);

// As above, starting from `initial` (N x M x E x F, already-wrapped 20-bit psums) instead of zero:
// one pass of an accumulation chain, e.g. input channels split over several passes. Throws also
// when `initial` has the wrong dimensions or holds a value outside the 20-bit range.
// overflow_count then refers to initial + this pass; an overflow in an earlier pass is already
// folded into `initial` and cannot be seen here, so count over a chain with one whole-layer call.
ConvResult conv2d(const LayerShape& shape, const ActTensor& iacts, const WeightTensor& weights,
                  const PsumTensor& initial);

}  // namespace ev2
