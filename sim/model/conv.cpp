#include "model/conv.hpp"

#include <fmt/core.h>

#include <stdexcept>
#include <vector>

#include "model/arith.hpp"
#include "model/validate.hpp"

namespace ev2 {

namespace {

void validate(const LayerShape& shape, const ActTensor& iacts, const WeightTensor& weights, const PsumTensor* initial) {
  require_valid_shape(shape);
  if (shape.kind == LayerKind::Pool)
    throw std::invalid_argument(fmt::format("{} is a pool layer: it has no weights, use pool2d", layer_label(shape)));
  require_dims("iact", iacts.dims(), {shape.N, shape.C, shape.H, shape.W}, "NCHW", shape);
  require_dims("weight", weights.dims(), {shape.M, shape.C_per_group(), shape.R, shape.S}, "MCRS", shape);
  require_act_values("iact", iacts);
  if (initial) {
    require_dims("initial psum", initial->dims(), {shape.N, shape.M, shape.E(), shape.F()}, "NMEF", shape);
    for (size_t i = 0; i < initial->size(); ++i) {
      const int32_t v = initial->data()[i];
      if (!fits_psum(v))
        throw std::invalid_argument(fmt::format("initial psum value {} at {} is outside the {}-bit range {}..{}", v,
                                                index_string(initial->dims(), i), PSUM_W, PSUM_MIN, PSUM_MAX));
    }
  }
}

// Exact sums in int64 and one wrap at the end. Wrapping is reduction modulo 2^20, which commutes
// with addition and multiplication, so this equals wrapping after every add in any order - the
// RTL's order depends on the mapping, the answer must not. int64 cannot overflow: each product
// is below 2^15 in magnitude and a layer has far fewer than 2^48 MACs per output.
ConvResult run(const LayerShape& shape, const ActTensor& iacts, const WeightTensor& weights,
               const PsumTensor* initial) {
  validate(shape, iacts, weights, initial);
  const int E = shape.E(), F = shape.F(), Cg = shape.C_per_group(), Mg = shape.M_per_group();
  ConvResult out{PsumTensor(shape.N, shape.M, E, F), WideTensor(shape.N, shape.M, E, F), 0};
  std::vector<int64_t> plane(static_cast<size_t>(E) * F);

  for (int n = 0; n < shape.N; ++n) {
    for (int m = 0; m < shape.M; ++m) {
      for (int e = 0; e < E; ++e)
        for (int f = 0; f < F; ++f) plane[static_cast<size_t>(e) * F + f] = initial ? initial->at(n, m, e, f) : 0;
      const int c0 = (m / Mg) * Cg;
      for (int cg = 0; cg < Cg; ++cg) {
        for (int r = 0; r < shape.R; ++r) {
          for (int s = 0; s < shape.S; ++s) {
            const int64_t w = weights.at(m, cg, r, s);
            if (w == 0) continue;  // zero contributes nothing; skipping it is only for speed
            for (int e = 0; e < E; ++e) {
              const int h = e * shape.U - shape.pad_h + r;
              if (h < 0 || h >= shape.H) continue;
              for (int f = 0; f < F; ++f) {
                const int x = f * shape.U - shape.pad_w + s;
                if (x < 0 || x >= shape.W) continue;
                plane[static_cast<size_t>(e) * F + f] += w * iacts.at(n, c0 + cg, h, x);
              }
            }
          }
        }
      }
      for (int e = 0; e < E; ++e) {
        for (int f = 0; f < F; ++f) {
          const int64_t v = plane[static_cast<size_t>(e) * F + f];
          out.exact.at(n, m, e, f) = v;
          out.psum.at(n, m, e, f) = wrap_psum(v);
          if (!fits_psum(v)) ++out.overflow_count;
        }
      }
    }
  }
  return out;
}

}  // namespace

ConvResult conv2d(const LayerShape& shape, const ActTensor& iacts, const WeightTensor& weights) {
  return run(shape, iacts, weights, nullptr);
}

ConvResult conv2d(const LayerShape& shape, const ActTensor& iacts, const WeightTensor& weights,
                  const PsumTensor& initial) {
  return run(shape, iacts, weights, &initial);
}

}  // namespace ev2
