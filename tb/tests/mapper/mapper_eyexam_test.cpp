// The Eyexam account (docs/mapper.md, "Eyexam") of every weighted layer of MobileNet-0.5-128 and
// AlexNet on both arrays: the steps never allow more than the step before, the first is the whole
// layer at once and the sixth the mapper's estimate; the network line sums the layers; the reports
// carry every layer and step.
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

#include "mapper/eyexam.hpp"
#include "mapper_test_util.hpp"
#include "workload/shape_file.hpp"

namespace ev2::mapper::test {
namespace {

std::vector<Eyexam> network_steps(const std::string& file, const ArrayConfig& array) {
  MapOptions o;
  o.weight_density = 0.4;
  o.iact_density = 0.5;
  std::vector<Eyexam> out;
  for (const auto& l : workload::parse_shape_file(std::string(EV2_WORKLOADS_DIR) + "/" + file).layers) {
    if (l.kind == LayerKind::Pool) continue;
    const Schedule s = build_schedule(map_layer(l, array, o));
    Eyexam e = eyexam_of(s, l.name);
    SCOPED_TRACE(file + " " + l.name + " on " + array.name);
    EXPECT_DOUBLE_EQ(e.cycles[0], 1.0);
    EXPECT_DOUBLE_EQ(e.macs_per_cycle(0), s.stats.nonzero_macs);
    EXPECT_DOUBLE_EQ(e.cycles[5], static_cast<double>(s.stats.cycles));
    for (int k = 1; k < kEyexamSteps - 1; ++k)
      EXPECT_LE(e.macs_per_cycle(k), e.macs_per_cycle(k - 1)) << "step " << k + 1;
    // No step allows more than every PE at its peak, from step 3 (the PEs) on.
    EXPECT_LE(e.macs_per_cycle(2), 2.0 * array.pes() * 1.0001);
    EXPECT_EQ(e.macs_per_cycle(6), 0.0) << "step 7 is the RTL's, not the mapper's";
    // A made-up measurement: step 7 and the biggest drop from step 4 on.
    e.cycles[6] = e.cycles[5] * 1.5;
    e.measured_nonzero_macs = e.nonzero_macs;
    EXPECT_GE(e.biggest_drop(), kFirstFixableStep);
    EXPECT_LE(e.biggest_drop(), kEyexamSteps);
    out.push_back(e);
  }
  return out;
}

TEST(MapperEyexam, StepsNeverAllowMoreThanTheStepBefore) {
  for (const auto& array : {ArrayConfig::v2(), ArrayConfig::small()})
    for (const char* file : {"mobilenet_v1_0.5_128.layers", "alexnet.layers"}) {
      const auto layers = network_steps(file, array);
      ASSERT_FALSE(layers.empty());
      const Eyexam net = eyexam_network(layers, file);
      double nz = 0, delivery = 0;
      for (const auto& l : layers) {
        nz += l.nonzero_macs;
        delivery += l.cycles[5];
      }
      EXPECT_DOUBLE_EQ(net.macs_per_cycle(5), nz / delivery);
      for (int k = 1; k < kEyexamSteps - 1; ++k) EXPECT_LE(net.macs_per_cycle(k), net.macs_per_cycle(k - 1));

      const auto j = nlohmann::json::parse(eyexam_json(layers, net));
      ASSERT_EQ(j["steps"].size(), static_cast<size_t>(kEyexamSteps));
      ASSERT_EQ(j["layers"].size(), layers.size());
      EXPECT_EQ(j["layers"][0]["macs_per_cycle"].size(), static_cast<size_t>(kEyexamSteps));
      EXPECT_EQ(j["network"]["name"], file);
      const std::string svg = eyexam_svg(layers, net, array.pes());
      size_t lines = 0;
      for (size_t p = svg.find("<polyline"); p != std::string::npos; p = svg.find("<polyline", p + 1)) ++lines;
      EXPECT_EQ(lines, layers.size() + 1) << "a line per layer and the network's";
      const std::string text = eyexam_text(layers, net);
      EXPECT_EQ(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')), layers.size() + 3);
    }
}

// A layer whose PE passes are bound by the iact front end, not the MACs: a depthwise layer's weight
// column holds one weight, so its dataflow step is the nonzero iacts at one per cycle.
TEST(MapperEyexam, DepthwisePassesAreBoundByTheirIacts) {
  MapOptions o;
  o.weight_density = 0.4;
  o.iact_density = 0.5;
  const LayerShape l = make_layer("dw", LayerKind::Depthwise, 1, 64, 32, 32, 64, 3, 3, 1, 1, 64);
  const Schedule s = build_schedule(map_layer(l, ArrayConfig::v2(), o));
  for (const auto& g : s.groups)
    for (const auto& st : g.steps)
      for (const auto& cp : st.cols)
        for (const auto& p : cp.pes) {
          if (p.item < 0) continue;
          const double tokens = static_cast<double>(p.cfg.F) * p.cfg.S * p.cfg.C0 * o.iact_density;
          EXPECT_GE(static_cast<double>(p.compute_cycles), tokens + p.cfg.F);
        }
}

}  // namespace
}  // namespace ev2::mapper::test
