// The shape of one DNN layer, shared by the reference model, the workload parser, the mapper and
// the simulator. Every layer kind is a grouped convolution underneath:
//   conv       G groups (usually 1), R x S kernel
//   depthwise  G == C, M a multiple of C (channel multiplier M/C)
//   pointwise  R == S == 1
//   fc         input C x H x W flattened: a conv with R == H, S == W, no padding, 1 x 1 output
//   pool       host-side max/avg pooling (no weights, no MACs on the accelerator)
#pragma once

#include <cstdint>
#include <string>

namespace ev2 {

enum class LayerKind { Conv, Depthwise, Pointwise, FC, Pool };
enum class PoolKind { Max, Avg };

const char* to_string(LayerKind k);

struct LayerShape {
  std::string name;
  LayerKind kind = LayerKind::Conv;
  int N = 1;      // batch
  int C = 0;      // input channels
  int H = 0;      // input height
  int W = 0;      // input width
  int M = 0;      // output channels (filters); for pool, equal to C
  int R = 1;      // kernel height
  int S = 1;      // kernel width
  int U = 1;      // stride (both dimensions)
  int pad_h = 0;  // zero padding on top and bottom
  int pad_w = 0;  // zero padding on left and right
  int G = 1;      // groups: input and output channels split into G independent convolutions
  PoolKind pool = PoolKind::Max;

  int E() const { return (H + 2 * pad_h - R) / U + 1; }  // output height
  int F() const { return (W + 2 * pad_w - S) / U + 1; }  // output width
  int C_per_group() const { return C / G; }
  int M_per_group() const { return M / G; }

  // Multiply-accumulates for the whole batch (0 for pool layers).
  uint64_t macs() const;
  // Weight count (0 for pool layers); biases are not counted.
  uint64_t weights() const;
  uint64_t iact_count() const { return static_cast<uint64_t>(N) * C * H * W; }
  uint64_t oact_count() const { return static_cast<uint64_t>(N) * M * E() * F(); }

  // "" when the shape is consistent; otherwise a one-line reason naming the offending field,
  // e.g. "R=7 is larger than the padded input height 5".
  std::string check() const;
};

// A layer from its fields (square padding), for tests and examples.
inline LayerShape make_layer(std::string name, LayerKind kind, int N, int C, int H, int W, int M, int R, int S, int U,
                             int pad, int G = 1) {
  LayerShape l;
  l.name = std::move(name);
  l.kind = kind;
  l.N = N;
  l.C = C;
  l.H = H;
  l.W = W;
  l.M = M;
  l.R = R;
  l.S = S;
  l.U = U;
  l.pad_h = l.pad_w = pad;
  l.G = G;
  return l;
}

}  // namespace ev2
