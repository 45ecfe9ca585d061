#include "mapper/eyexam.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace ev2::mapper {

double Eyexam::macs_per_cycle(int step) const {
  const double c = cycles[static_cast<size_t>(step)];
  if (c <= 0) return 0;
  return (step == kEyexamSteps - 1 ? measured_nonzero_macs : nonzero_macs) / c;
}

int Eyexam::biggest_drop() const {
  int best = kFirstFixableStep;
  double worst = 0;
  for (int k = kFirstFixableStep - 1; k < kEyexamSteps; ++k) {
    const double prev = macs_per_cycle(k - 1), cur = macs_per_cycle(k);
    if (prev <= 0 || cur <= 0) continue;
    const double drop = prev / cur;
    if (drop > worst) {
      worst = drop;
      best = k + 1;
    }
  }
  return best;
}

Eyexam eyexam_of(const Schedule& s, const std::string& name) {
  Eyexam e;
  e.layer = name;
  e.nonzero_macs = s.stats.nonzero_macs;
  e.cycles.fill(0);
  const auto& A = s.map.array;
  // Step 1: every MAC at once.
  e.cycles[0] = 1;
  // Step 2: with unlimited PEs the slowest column pass remains, and a psum chain of several
  // passes runs them one after another through its psum bank.
  uint64_t longest_pass = 0, all_passes = 0;
  for (const auto& g : s.groups)
    for (const auto& st : g.steps)
      for (const auto& cp : st.cols)
        for (const auto& p : cp.pes) {
          longest_pass = std::max(longest_pass, p.compute_cycles);
          all_passes += p.compute_cycles;
        }
  e.cycles[1] = std::max<double>(1, static_cast<double>(longest_pass) * s.map.chains);
  // Step 3: the passes' work spread evenly over the PEs.
  e.cycles[2] = std::max(e.cycles[1], std::ceil(static_cast<double>(all_passes) / A.pes()));
  // Steps 4 and 5: the groups in lockstep, step by step; a step's phases one after another, each
  // as slow as its slowest PE computing (4), then also loading its block behind its row's other
  // blocks (5).
  size_t steps = 0;
  for (const auto& g : s.groups) steps = std::max(steps, g.steps.size());
  double shape = 0, spads = 0;
  for (size_t k = 0; k < steps; ++k) {
    uint64_t compute = 0, pe = 0;
    for (const auto& g : s.groups) {
      if (k >= g.steps.size()) continue;
      compute = std::max(compute, g.steps[k].compute_cycles);
      pe = std::max(pe, g.steps[k].pe_cycles);
    }
    shape += static_cast<double>(compute);
    spads += static_cast<double>(pe);
  }
  e.cycles[3] = std::max(e.cycles[2], shape);
  e.cycles[4] = std::max(e.cycles[3], spads);
  // Step 6: the mapper's whole estimate.
  e.cycles[5] = std::max(e.cycles[4], static_cast<double>(s.stats.cycles));
  return e;
}

Eyexam eyexam_network(const std::vector<Eyexam>& layers, const std::string& name) {
  Eyexam n;
  n.layer = name;
  n.cycles.fill(0);
  bool measured = !layers.empty();
  for (const auto& l : layers) {
    n.nonzero_macs += l.nonzero_macs;
    n.measured_nonzero_macs += l.measured_nonzero_macs;
    for (int k = 0; k < kEyexamSteps; ++k) n.cycles[static_cast<size_t>(k)] += l.cycles[static_cast<size_t>(k)];
    measured = measured && l.cycles[kEyexamSteps - 1] > 0;
  }
  if (!measured) n.cycles[kEyexamSteps - 1] = 0;
  return n;
}

namespace {

std::string row(const Eyexam& e) {
  std::string s = fmt::format("{:<22}", e.layer);
  for (int k = 0; k < kEyexamSteps; ++k) {
    const double v = e.macs_per_cycle(k);
    s += v > 0 ? fmt::format(" {:>10.4g}", v) : fmt::format(" {:>10}", "-");
  }
  const int d = e.biggest_drop();
  const double from = e.macs_per_cycle(d - 2), to = e.macs_per_cycle(d - 1);
  s += fmt::format("  {} ({:.2g}x)\n", kEyexamStepInfo[static_cast<size_t>(d - 1)].key, to > 0 ? from / to : 0.0);
  return s;
}

}  // namespace

std::string eyexam_text(const std::vector<Eyexam>& layers, const Eyexam& network) {
  std::string s = "eyexam: nonzero MACs per cycle allowed at each step (each adds one constraint; docs/mapper.md)\n";
  s += fmt::format("{:<22}", "layer");
  for (const auto& info : kEyexamStepInfo) s += fmt::format(" {:>10}", info.key);
  s += "  biggest drop from step 4 on\n";
  for (const auto& l : layers) s += row(l);
  s += row(network);
  return s;
}

std::string eyexam_json(const std::vector<Eyexam>& layers, const Eyexam& network) {
  nlohmann::json j;
  j["unit"] = "nonzero MACs per cycle";
  j["steps"] = nlohmann::json::array();
  for (const auto& info : kEyexamStepInfo) j["steps"].push_back({{"name", info.key}, {"constraint", info.what}});
  const auto one = [](const Eyexam& e) {
    nlohmann::json lj;
    lj["name"] = e.layer;
    lj["nonzero_macs"] = e.nonzero_macs;
    lj["measured_nonzero_macs"] = e.measured_nonzero_macs;
    lj["cycles"] = nlohmann::json::array();
    lj["macs_per_cycle"] = nlohmann::json::array();
    for (int k = 0; k < kEyexamSteps; ++k) {
      lj["cycles"].push_back(e.cycles[static_cast<size_t>(k)]);
      lj["macs_per_cycle"].push_back(e.macs_per_cycle(k));
    }
    lj["biggest_drop"] = kEyexamStepInfo[static_cast<size_t>(e.biggest_drop() - 1)].key;
    return lj;
  };
  j["layers"] = nlohmann::json::array();
  for (const auto& l : layers) j["layers"].push_back(one(l));
  j["network"] = one(network);
  return j.dump(2) + "\n";
}

std::string eyexam_svg(const std::vector<Eyexam>& layers, const Eyexam& network, int pes) {
  // The staircase: steps along x, MACs per cycle on a log axis; one thin line per layer, the
  // network thick, the array's peak (2 MACs per PE per cycle) dashed.
  const int left = 80, top = 40, plot_w = 620, plot_h = 360, right = 200;
  const int width = left + plot_w + right, height = top + plot_h + 60;
  double hi = 2.0 * pes;
  double lo = hi;
  const auto visit = [&](const Eyexam& e) {
    for (int k = 0; k < kEyexamSteps; ++k)
      if (const double v = e.macs_per_cycle(k); v > 0) {
        hi = std::max(hi, v);
        lo = std::min(lo, v);
      }
  };
  for (const auto& l : layers) visit(l);
  visit(network);
  const double d_lo = std::floor(std::log10(std::max(lo, 1e-3)));
  const double d_hi = std::ceil(std::log10(hi));
  const auto y_of = [&](double v) { return top + plot_h - (std::log10(v) - d_lo) / (d_hi - d_lo) * plot_h; };
  const auto x_of = [&](int k) { return left + (k + 0.5) * plot_w / kEyexamSteps; };
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" "
      "font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"{}\" y=\"22\" font-size=\"14\">Eyexam: {} (nonzero MACs per cycle, each step adds a "
      "constraint)</text>\n",
      width, height, left, network.layer);
  for (double d = d_lo; d <= d_hi; d += 1) {
    const double y = y_of(std::pow(10.0, d));
    s += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>\n", left, y,
                     left + plot_w, y);
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">1e{:.0f}</text>\n", left - 6, y + 4, d);
  }
  for (int k = 0; k < kEyexamSteps; ++k)
    s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}. {}</text>\n", x_of(k), top + plot_h + 18,
                     k + 1, kEyexamStepInfo[static_cast<size_t>(k)].key);
  const double peak_y = y_of(2.0 * pes);
  s += fmt::format(
      "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#e15759\" stroke-dasharray=\"6 4\"/>\n"
      "<text x=\"{}\" y=\"{:.1f}\" fill=\"#e15759\">peak {} ({} PEs x 2)</text>\n",
      left, peak_y, left + plot_w, peak_y, left + plot_w + 6, peak_y + 4, 2 * pes, pes);
  const auto line = [&](const Eyexam& e, const char* style) {
    std::string pts;
    for (int k = 0; k < kEyexamSteps; ++k)
      if (const double v = e.macs_per_cycle(k); v > 0) pts += fmt::format("{:.1f},{:.1f} ", x_of(k), y_of(v));
    return fmt::format("<polyline points=\"{}\" fill=\"none\" {}><title>{}</title></polyline>\n", pts, style, e.layer);
  };
  for (const auto& l : layers) s += line(l, "stroke=\"#aaa\" stroke-width=\"1\"");
  s += line(network, "stroke=\"#4e79a7\" stroke-width=\"3\"");
  for (int k = 0; k < kEyexamSteps; ++k)
    if (const double v = network.macs_per_cycle(k); v > 0)
      s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#4e79a7\">{:.4g}</text>\n", x_of(k) + 5, y_of(v) - 6, v);
  s += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#4e79a7\">network</text>\n", left + plot_w + 6, top + 14);
  s += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#888\">layers ({})</text>\n", left + plot_w + 6, top + 30,
                   layers.size());
  s += "</svg>\n";
  return s;
}

}  // namespace ev2::mapper
