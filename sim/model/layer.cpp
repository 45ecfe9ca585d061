#include "model/layer.hpp"

#include <fmt/core.h>

namespace ev2 {

const char* to_string(LayerKind k) {
  switch (k) {
    case LayerKind::Conv:
      return "conv";
    case LayerKind::Depthwise:
      return "dwconv";
    case LayerKind::Pointwise:
      return "pwconv";
    case LayerKind::FC:
      return "fc";
    case LayerKind::Pool:
      return "pool";
  }
  return "?";
}

uint64_t LayerShape::macs() const {
  if (kind == LayerKind::Pool) return 0;
  return static_cast<uint64_t>(N) * M * E() * F() * C_per_group() * R * S;
}

uint64_t LayerShape::weights() const {
  if (kind == LayerKind::Pool) return 0;
  return static_cast<uint64_t>(M) * C_per_group() * R * S;
}

std::string LayerShape::check() const {
  auto positive = [](const char* field, int v) -> std::string {
    return v > 0 ? "" : fmt::format("{}={} must be positive", field, v);
  };
  for (auto [field, v] :
       {std::pair{"N", N}, {"C", C}, {"H", H}, {"W", W}, {"M", M}, {"R", R}, {"S", S}, {"U", U}, {"G", G}}) {
    if (auto e = positive(field, v); !e.empty()) return e;
  }
  if (pad_h < 0) return fmt::format("pad_h={} must not be negative", pad_h);
  if (pad_w < 0) return fmt::format("pad_w={} must not be negative", pad_w);
  if (R > H + 2 * pad_h) return fmt::format("R={} is larger than the padded input height {}", R, H + 2 * pad_h);
  if (S > W + 2 * pad_w) return fmt::format("S={} is larger than the padded input width {}", S, W + 2 * pad_w);
  if (C % G != 0) return fmt::format("C={} is not a multiple of G={}", C, G);
  if (M % G != 0) return fmt::format("M={} is not a multiple of G={}", M, G);
  switch (kind) {
    case LayerKind::Depthwise:
      if (G != C) return fmt::format("depthwise layer needs G == C (G={}, C={})", G, C);
      break;
    case LayerKind::Pointwise:
      if (R != 1 || S != 1) return fmt::format("pointwise layer needs R == S == 1 (R={}, S={})", R, S);
      break;
    case LayerKind::FC:
      if (R != H || S != W || pad_h != 0 || pad_w != 0 || G != 1)
        return fmt::format("fc layer needs R == H, S == W, no padding, G == 1 (R={}, H={}, S={}, W={})", R, H, S, W);
      break;
    case LayerKind::Pool:
      if (M != C) return fmt::format("pool layer needs M == C (M={}, C={})", M, C);
      if (G != C && G != 1) return fmt::format("pool layer has no groups (G={})", G);
      break;
    case LayerKind::Conv:
      break;
  }
  return "";
}

}  // namespace ev2
