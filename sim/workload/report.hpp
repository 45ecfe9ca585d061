// Text tables for `ev2sim shapes`: one row per network (totals against the published figure) and,
// on request, one row per layer. Kept in the library so tests can check what users read.
#pragma once

#include <string>
#include <vector>

#include "workload/network.hpp"

namespace ev2::workload {

// The tolerance `ev2sim shapes` and the acceptance test apply to published figures.
inline constexpr double kDefaultTolerancePct = 2.0;

// 4 significant digits with a k / M / G suffix: 724.4 M, 60.57 k, 15.47 G.
std::string human(double v);

// Network summary table with a header line; status per network is OK, MISMATCH or "-" (no figure).
std::string network_table(const std::vector<Network>& nets, double tolerance_pct);

// Every layer of one network: line, name, kind, CxHxW -> MxExF, RxS/U, pad, G, MACs, weights.
std::string layer_table(const Network& net);

}  // namespace ev2::workload
