// Host-side pooling (the chip does none, as in Eyeriss v2): runs between two accelerator layers
// on 8-bit activations. Definition, fixed in docs/arithmetic.md:
//
//   window of output (n, c, e, f): rows e*U - pad_h .. +R-1, columns f*U - pad_w .. +S-1
//   max: the largest value among the window positions inside the input; padding is ignored
//        (never a candidate), so a signed input is not clipped at 0 by its padding.
//   avg: the sum over the window with padding counted as 0, divided by R*S (the full window,
//        like PyTorch's default count_include_pad=True), rounded half up:
//        out = floor((2*sum + R*S) / (2*R*S)).
//
// The output has the input's signedness and always fits it: a max is an input value, and an
// average of values in [lo, hi] (0 included for padding) rounds into [lo, hi].
#pragma once

#include "model/layer.hpp"
#include "model/tensor.hpp"

namespace ev2 {

// shape: a LayerKind::Pool layer (M == C); shape.pool selects max or avg. Windows must each hold
// at least one real input position, so pad_h < R and pad_w < S are required.
// in: N x C x H x W, 8-bit activations of one signedness. Returns N x C x E x F.
// Throws std::invalid_argument on a bad shape, mismatched dimensions or non-8-bit values.
ActTensor pool2d(const LayerShape& shape, const ActTensor& in);

}  // namespace ev2
