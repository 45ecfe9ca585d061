// Per-layer energy reports: a text table, JSON, and an SVG of stacked bars per layer (the way the
// Eyeriss papers show per-layer energy breakdowns).
#pragma once

#include <string>
#include <vector>

#include "energy/energy.hpp"

namespace ev2::energy {

struct LayerEnergy {
  std::string name;
  Activity activity;
  Breakdown breakdown;
};

std::string text_table(const TechTable& tech, const std::vector<LayerEnergy>& layers);
std::string json_report(const TechTable& tech, const std::vector<LayerEnergy>& layers);
// Stacked bars, one per layer, in pJ per bucket; `title` above the chart.
std::string svg_stacked_bars(const std::vector<LayerEnergy>& layers, const std::string& title);

}  // namespace ev2::energy
