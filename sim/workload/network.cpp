#include "workload/network.hpp"

#include <cmath>

namespace ev2::workload {

const char* to_string(Convention c) { return c == Convention::Connections ? "connections" : "macs"; }

uint64_t connections(const LayerShape& l) {
  if (l.kind == LayerKind::Pool) return l.oact_count() * (static_cast<uint64_t>(l.R) * l.S + 1);
  return l.macs() + l.oact_count();
}

Totals totals(const Network& net) {
  Totals t;
  for (const auto& l : net.layers) {
    t.macs += l.macs();
    t.weights += l.weights();
    t.connections += connections(l);
    ++t.layers_by_kind[static_cast<size_t>(l.kind)];
  }
  return t;
}

bool Comparison::within(double tolerance_pct) const {
  for (const auto& d : {macs_dev_pct, weights_dev_pct})
    if (d && !(std::fabs(*d) <= tolerance_pct)) return false;
  return true;
}

Comparison compare(const Network& net, const Totals& t) {
  Comparison c;
  if (!net.published) return c;
  const auto& p = *net.published;
  if (p.macs) c.macs_dev_pct = deviation_pct(static_cast<double>(t.counted(p.convention)), *p.macs);
  if (p.weights) c.weights_dev_pct = deviation_pct(static_cast<double>(t.weights), *p.weights);
  return c;
}

}  // namespace ev2::workload
