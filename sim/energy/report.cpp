#include "energy/report.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace ev2::energy {

std::string text_table(const TechTable& tech, const std::vector<LayerEnergy>& layers) {
  const auto& buckets = report_buckets();
  std::string out = fmt::format("{:<16}", "layer");
  for (const auto& b : buckets) out += fmt::format(" {:>12}", b);
  out += fmt::format(" {:>12} {:>9}\n", "total uJ", "fJ/MAC");
  Activity all;
  Breakdown sum;
  for (const auto& l : layers) {
    const auto m = by_bucket(l.breakdown);
    out += fmt::format("{:<16}", l.name);
    for (const auto& b : buckets) out += fmt::format(" {:>12.1f}", m.at(b) / 1e3);
    const auto s = summarize(tech, l.activity, l.breakdown);
    out += fmt::format(" {:>12.3f} {:>9.1f}\n", s.energy_pj / 1e6, s.fj_per_mac);
    all += l.activity;
    for (const auto& [k, v] : l.breakdown.pj) sum.pj[k] += v;
  }
  const auto m = by_bucket(sum);
  const auto s = summarize(tech, all, sum);
  out += fmt::format("{:<16}", "total");
  for (const auto& b : buckets) out += fmt::format(" {:>12.1f}", m.at(b) / 1e3);
  out += fmt::format(" {:>12.3f} {:>9.1f}\n", s.energy_pj / 1e6, s.fj_per_mac);
  out += fmt::format("(bucket columns in nJ; {} at {} MHz: {:.3f} ms, {:.1f} mW average)\n", tech.name, tech.clock_mhz,
                     s.seconds * 1e3, s.avg_power_mw);
  return out;
}

std::string json_report(const TechTable& tech, const std::vector<LayerEnergy>& layers) {
  nlohmann::json j;
  j["technology"] = tech.name;
  j["clock_mhz"] = tech.clock_mhz;
  j["layers"] = nlohmann::json::array();
  for (const auto& l : layers) {
    const auto s = summarize(tech, l.activity, l.breakdown);
    nlohmann::json lj;
    lj["name"] = l.name;
    lj["cycles"] = l.activity.cycles;
    lj["macs"] = l.activity.macs;
    lj["dram_bytes"] = l.activity.dram_bytes;
    lj["accesses"] = l.activity.accesses;
    lj["toggles"] = l.activity.toggles;
    lj["energy_pj_by_class"] = l.breakdown.pj;
    lj["energy_pj_by_bucket"] = by_bucket(l.breakdown);
    lj["energy_pj"] = s.energy_pj;
    lj["fj_per_mac"] = s.fj_per_mac;
    lj["avg_power_mw"] = s.avg_power_mw;
    j["layers"].push_back(lj);
  }
  return j.dump(2) + "\n";
}

std::string svg_stacked_bars(const std::vector<LayerEnergy>& layers, const std::string& title) {
  static const char* colors[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                 "#edc948", "#b07aa1", "#ff9da7", "#9c755f"};
  const auto& buckets = report_buckets();
  const int bar_w = 36, gap = 18, left = 70, top = 40, plot_h = 300;
  const int width = left + static_cast<int>(layers.size()) * (bar_w + gap) + 170;
  const int height = top + plot_h + 110;
  double max_total = 0;
  for (const auto& l : layers) max_total = std::max(max_total, l.breakdown.total_pj());
  if (max_total <= 0) max_total = 1;
  // A round axis maximum in nJ.
  const double max_nj = max_total / 1e3;
  const double step = std::pow(10.0, std::floor(std::log10(max_nj)));
  const double axis_nj = std::ceil(max_nj / step) * step;

  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" "
      "font-size=\"11\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"{}\" y=\"20\" font-size=\"14\">{}</text>\n",
      width, height, left, title);
  for (int t = 0; t <= 4; ++t) {
    const double v = axis_nj * t / 4;
    const double y = top + plot_h - plot_h * t / 4.0;
    s += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>\n", left, y, width - 170,
                     y);
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{:.4g}</text>\n", left - 6, y + 4, v);
  }
  s += fmt::format("<text x=\"14\" y=\"{}\" transform=\"rotate(-90 14 {})\">energy (nJ)</text>\n", top + plot_h / 2,
                   top + plot_h / 2);
  for (size_t i = 0; i < layers.size(); ++i) {
    const auto m = by_bucket(layers[i].breakdown);
    const int x = left + gap / 2 + static_cast<int>(i) * (bar_w + gap);
    double y = top + plot_h;
    for (size_t b = 0; b < buckets.size(); ++b) {
      const double h = m.at(buckets[b]) / 1e3 / axis_nj * plot_h;
      if (h <= 0) continue;
      y -= h;
      s += fmt::format(
          "<rect x=\"{}\" y=\"{:.2f}\" width=\"{}\" height=\"{:.2f}\" fill=\"{}\"><title>{} {}: {:.1f} "
          "nJ</title></rect>\n",
          x, y, bar_w, h, colors[b % 9], layers[i].name, buckets[b], m.at(buckets[b]) / 1e3);
    }
    s += fmt::format("<text x=\"{}\" y=\"{}\" transform=\"rotate(45 {} {})\">{}</text>\n", x + 4, top + plot_h + 14,
                     x + 4, top + plot_h + 14, layers[i].name);
  }
  for (size_t b = 0; b < buckets.size(); ++b) {
    const int y = top + static_cast<int>(b) * 18;
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>\n", width - 150, y,
                     colors[b % 9]);
    s += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", width - 132, y + 10, buckets[b]);
  }
  s += "</svg>\n";
  return s;
}

}  // namespace ev2::energy
