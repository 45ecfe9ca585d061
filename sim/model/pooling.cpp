#include "model/pooling.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "model/validate.hpp"

namespace ev2 {

namespace {

// floor(a / b) for b > 0; C++ '/' truncates toward zero instead.
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && (a < 0)); }

}  // namespace

ActTensor pool2d(const LayerShape& shape, const ActTensor& in) {
  require_valid_shape(shape);
  if (shape.kind != LayerKind::Pool)
    throw std::invalid_argument(
        fmt::format("{} is a {} layer, not a pool layer", layer_label(shape), to_string(shape.kind)));
  if (shape.pad_h >= shape.R)
    throw std::invalid_argument(fmt::format("{}: pad_h={} must be below R={} so no window is all padding",
                                            layer_label(shape), shape.pad_h, shape.R));
  if (shape.pad_w >= shape.S)
    throw std::invalid_argument(fmt::format("{}: pad_w={} must be below S={} so no window is all padding",
                                            layer_label(shape), shape.pad_w, shape.S));
  require_dims("iact", in.dims(), {shape.N, shape.C, shape.H, shape.W}, "NCHW", shape);
  require_act_values("iact", in);

  const int E = shape.E(), F = shape.F();
  const int64_t window = int64_t{shape.R} * shape.S;
  ActTensor out(shape.N, shape.C, E, F);
  for (int n = 0; n < shape.N; ++n) {
    for (int c = 0; c < shape.C; ++c) {
      for (int e = 0; e < E; ++e) {
        for (int f = 0; f < F; ++f) {
          int64_t sum = 0;
          int best = std::numeric_limits<int>::min();
          for (int r = 0; r < shape.R; ++r) {
            const int h = e * shape.U - shape.pad_h + r;
            if (h < 0 || h >= shape.H) continue;
            for (int s = 0; s < shape.S; ++s) {
              const int x = f * shape.U - shape.pad_w + s;
              if (x < 0 || x >= shape.W) continue;
              const int v = in.at(n, c, h, x);
              sum += v;
              best = std::max(best, v);
            }
          }
          const int64_t v = shape.pool == PoolKind::Max ? best : floor_div(2 * sum + window, 2 * window);
          out.at(n, c, e, f) = static_cast<int16_t>(v);
        }
      }
    }
  }
  return out;
}

}  // namespace ev2
