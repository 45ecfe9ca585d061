#include "workload/report.hpp"

#include <fmt/core.h>

#include <cmath>

namespace ev2::workload {

std::string human(double v) {
  static constexpr struct {
    double scale;
    const char* suffix;
  } units[] = {{1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1, ""}};
  for (const auto& u : units) {
    if (std::fabs(v) >= u.scale || u.scale == 1) {
      const double x = v / u.scale;
      const int decimals = std::fabs(x) >= 100 ? 1 : std::fabs(x) >= 10 ? 2 : 3;
      if (u.scale == 1) return fmt::format("{:.0f}  ", x);
      return fmt::format("{:.{}f} {}", x, decimals, u.suffix);
    }
  }
  return "?";
}

namespace {

std::string dev(const std::optional<double>& d) { return d ? fmt::format("{:+.2f}%", *d) : "-"; }
std::string fig(const std::optional<double>& v) { return v ? human(*v) : "-"; }

}  // namespace

std::string network_table(const std::vector<Network>& nets, double tolerance_pct) {
  std::string out;
  // "counted" is what the published MACs figure is compared with: MACs, or connections (marked *).
  out += fmt::format("{:<24} {:>4} {:>3} {:>3} {:>3} {:>4} {:>10} {:>10}   {:>10} {:>10} {:>8}   {:>11} {:>8}   {}\n",
                     "network", "conv", "dw", "pw", "fc", "pool", "MACs", "weights", "counted", "pub MACs", "dev",
                     "pub weights", "dev", "status");
  bool any_connections = false;
  for (const auto& n : nets) {
    const Totals t = totals(n);
    const Comparison c = compare(n, t);
    const Convention conv = n.published ? n.published->convention : Convention::Macs;
    any_connections |= conv == Convention::Connections;
    const auto& p = n.published;
    const std::string counted =
        p && p->macs ? human(static_cast<double>(t.counted(conv))) + (conv == Convention::Connections ? "*" : "") : "-";
    const char* status = !c.has_figure() ? "-" : c.within(tolerance_pct) ? "OK" : "MISMATCH";
    out +=
        fmt::format("{:<24} {:>4} {:>3} {:>3} {:>3} {:>4} {:>10} {:>10}   {:>10} {:>10} {:>8}   {:>11} {:>8}   {}\n",
                    n.name, t.layers(LayerKind::Conv), t.layers(LayerKind::Depthwise), t.layers(LayerKind::Pointwise),
                    t.layers(LayerKind::FC), t.layers(LayerKind::Pool), human(static_cast<double>(t.macs)),
                    human(static_cast<double>(t.weights)), counted, fig(p ? p->macs : std::nullopt),
                    dev(c.macs_dev_pct), fig(p ? p->weights : std::nullopt), dev(c.weights_dev_pct), status);
  }
  if (any_connections)
    out += "* connections (LeCun's convention): MACs + one bias add per conv/fc output + (R*S+1) per pool output\n";
  out +=
      fmt::format("status: OK = every published figure matched within {:g}%, MISMATCH = not, - = no published figure\n",
                  tolerance_pct);
  return out;
}

std::string layer_table(const Network& net) {
  std::string out = fmt::format("{} ({}):\n", net.name, net.file);
  out += fmt::format("  {:>5} {:<24} {:<8} {:>14}    {:<16} {:>8} {:>5} {:>5} {:>14} {:>12}\n", "line", "layer", "kind",
                     "input CxHxW", "output MxExF", "RxS/U", "pad", "G", "MACs", "weights");
  for (size_t i = 0; i < net.layers.size(); ++i) {
    const auto& l = net.layers[i];
    const std::string kind = l.kind == LayerKind::Pool
                                 ? fmt::format("{}{}", to_string(l.kind), l.pool == PoolKind::Max ? "/max" : "/avg")
                                 : to_string(l.kind);
    const std::string pad = l.pad_h == l.pad_w ? fmt::format("{}", l.pad_h) : fmt::format("{},{}", l.pad_h, l.pad_w);
    const std::string batch = l.N != 1 ? fmt::format("{}x", l.N) : "";
    out += fmt::format("  {:>5} {:<24} {:<8} {:>14} -> {:<16} {:>8} {:>5} {:>5} {:>14} {:>12}\n", net.layer_lines[i],
                       l.name, kind, fmt::format("{}{}x{}x{}", batch, l.C, l.H, l.W),
                       fmt::format("{}{}x{}x{}", batch, l.M, l.E(), l.F()), fmt::format("{}x{}/{}", l.R, l.S, l.U), pad,
                       l.G, l.macs(), l.weights());
  }
  const Totals t = totals(net);
  out += fmt::format("  {:>5} {:<24} {:<8} {:>14}    {:<16} {:>8} {:>5} {:>5} {:>14} {:>12}\n", "", "total", "", "", "",
                     "", "", "", t.macs, t.weights);
  return out;
}

}  // namespace ev2::workload
