// A whole network as read from a shape file (docs/workloads.md), and the totals we compare
// against published figures.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/layer.hpp"

namespace ev2::workload {

// What a published "MACs" figure counts. Most papers count multiply-accumulates; LeCun 1998
// counts connections, which also include bias adds and the trainable subsampling layers.
enum class Convention { Macs, Connections };

const char* to_string(Convention c);

struct Published {
  std::optional<double> macs;     // in the unit given by `convention`
  std::optional<double> weights;  // weight count (biases excluded where the source allows)
  Convention convention = Convention::Macs;
  std::string source;
};

struct Network {
  std::string name;
  std::string file;                         // where it was read from, for messages
  std::optional<std::array<int, 3>> input;  // C, H, W of the network input, if declared
  std::optional<Published> published;
  bool check_chain = false;  // every layer consumes the previous layer's output
  std::vector<LayerShape> layers;
  std::vector<int> layer_lines;  // source line of each layer, parallel to `layers`
};

// One connection per MAC, plus one bias add per conv/fc output, plus (R*S + 1) per pool output:
// LeCun's subsampling layers sum R*S inputs, scale by a trainable coefficient and add a bias.
uint64_t connections(const LayerShape& l);

struct Totals {
  uint64_t macs = 0;
  uint64_t weights = 0;
  uint64_t connections = 0;
  std::array<int, 5> layers_by_kind{};  // indexed by LayerKind

  int layers(LayerKind k) const { return layers_by_kind[static_cast<size_t>(k)]; }
  // The count a published figure in convention `c` should be compared with.
  uint64_t counted(Convention c) const { return c == Convention::Connections ? connections : macs; }
};

Totals totals(const Network& net);

// Signed deviation of `ours` from `published`, in percent.
inline double deviation_pct(double ours, double published) { return (ours - published) / published * 100.0; }

// How a network's totals compare with its published figure; fields are empty where the file gives
// no figure.
struct Comparison {
  std::optional<double> macs_dev_pct;
  std::optional<double> weights_dev_pct;
  bool has_figure() const { return macs_dev_pct || weights_dev_pct; }
  // True when every given figure is matched within `tolerance_pct`.
  bool within(double tolerance_pct) const;
};

Comparison compare(const Network& net, const Totals& t);

}  // namespace ev2::workload
