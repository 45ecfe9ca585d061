// Acceptance test of the shipped workloads: every sim/workloads/*.layers file parses, and every
// network's totals match its published figure within 2% (docs/workloads.md explains each figure).
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "workload/report.hpp"
#include "workload/shape_file.hpp"

namespace wl = ev2::workload;
using ev2::LayerKind;
using ev2::LayerShape;

namespace {

wl::Network load(const std::string& name) {
  return wl::parse_shape_file(std::filesystem::path(EV2_WORKLOADS_DIR) / (name + ".layers"));
}

const LayerShape& layer(const wl::Network& n, const std::string& name) {
  auto it = std::find_if(n.layers.begin(), n.layers.end(), [&](const LayerShape& l) { return l.name == name; });
  if (it == n.layers.end()) throw std::runtime_error(fmt::format("{} has no layer {}", n.name, name));
  return *it;
}

}  // namespace

TEST(Networks, EveryShippedFileParsesAndMatchesItsPublishedFigure) {
  const auto files = wl::list_shape_files(EV2_WORKLOADS_DIR);
  ASSERT_FALSE(files.empty());
  std::vector<wl::Network> nets;
  for (const auto& f : files) {
    SCOPED_TRACE(f.string());
    ASSERT_NO_THROW(nets.push_back(wl::parse_shape_file(f)));
    EXPECT_EQ(nets.back().name, f.stem().string()) << "file name and network name should agree";
  }
  // The table users see from `ev2sim shapes`, printed so the numbers are in the test log.
  fmt::print("{}", wl::network_table(nets, wl::kDefaultTolerancePct));
  for (const auto& n : nets) {
    const auto t = wl::totals(n);
    const auto c = wl::compare(n, t);
    fmt::print("{:<24} macs={:>14} weights={:>12} connections={:>14} dev macs={} weights={}\n", n.name, t.macs,
               t.weights, t.connections, c.macs_dev_pct ? fmt::format("{:+.3f}%", *c.macs_dev_pct) : "-",
               c.weights_dev_pct ? fmt::format("{:+.3f}%", *c.weights_dev_pct) : "-");
    if (c.macs_dev_pct) {
      EXPECT_LE(std::fabs(*c.macs_dev_pct), 2.0) << n.name << " MACs";
    }
    if (c.weights_dev_pct) {
      EXPECT_LE(std::fabs(*c.weights_dev_pct), 2.0) << n.name << " weights";
    }
  }
}

TEST(Networks, TheRequiredNetworksAreShippedWithTheirFigures) {
  // name -> {published MACs (or connections), published weights}, as the project brief quotes them.
  const std::map<std::string, std::pair<double, double>> required = {
      {"lenet5", {341e3, 60e3}},    {"alexnet", {724e6, 61e6}},    {"vgg16", {15.5e9, 138e6}},
      {"googlenet", {1.43e9, 7e6}}, {"resnet50", {3.9e9, 25.5e6}}, {"mobilenet_v1_0.5_128", {49.2e6, 0}},
  };
  for (const auto& [name, fig] : required) {
    SCOPED_TRACE(name);
    const auto n = load(name);
    const auto t = wl::totals(n);
    ASSERT_TRUE(n.published.has_value());
    const double counted = static_cast<double>(t.counted(n.published->convention));
    EXPECT_LE(std::fabs(wl::deviation_pct(counted, fig.first)), 2.0) << counted;
    if (fig.second > 0) {
      EXPECT_LE(std::fabs(wl::deviation_pct(static_cast<double>(t.weights), fig.second)), 2.0);
    }
  }
  for (const char* name : {"mobilenet_v1_1.0_224", "mobilenetv3_large", "efficientnet_b4", "googlenet_ceil"})
    EXPECT_NO_THROW(load(name)) << name;
}

TEST(Networks, AlexNetLayers) {
  const auto n = load("alexnet");
  const auto& c1 = layer(n, "conv1");
  EXPECT_EQ(c1.E(), 55);
  EXPECT_EQ(c1.F(), 55);
  EXPECT_EQ(c1.macs(), 105'415'200u);
  EXPECT_EQ(layer(n, "conv2").G, 2);
  EXPECT_EQ(layer(n, "conv2").macs(), 223'948'800u);
  EXPECT_EQ(layer(n, "conv3").G, 1);
  EXPECT_EQ(layer(n, "conv4").G, 2);
  EXPECT_EQ(layer(n, "conv5").G, 2);
  EXPECT_EQ(layer(n, "fc6").macs(), 9216u * 4096u);
  EXPECT_EQ(wl::totals(n).macs, 724'406'816u);
  EXPECT_TRUE(n.check_chain);
}

TEST(Networks, VggLayers) {
  const auto n = load("vgg16");
  EXPECT_EQ(layer(n, "conv1_1").macs(), 86'704'128u);
  EXPECT_EQ(layer(n, "conv5_3").E(), 14);
  EXPECT_EQ(layer(n, "fc6").C * layer(n, "fc6").H * layer(n, "fc6").W, 25088);
  const auto t = wl::totals(n);
  EXPECT_EQ(t.layers(LayerKind::Conv), 13);
  EXPECT_EQ(t.layers(LayerKind::FC), 3);
}

TEST(Networks, LeNetConnectionTableAndConventions) {
  const auto n = load("lenet5");
  // C3's four dense sub-layers cover LeCun's 60 (input, output) pairs at 5x5 over 10x10 outputs.
  uint64_t c3_macs = 0, c3_weights = 0;
  for (const char* s : {"c3a", "c3b", "c3c", "c3d"}) {
    c3_macs += layer(n, s).macs();
    c3_weights += layer(n, s).weights();
  }
  EXPECT_EQ(c3_weights, 60u * 25u);
  EXPECT_EQ(c3_macs, 60u * 25u * 100u);
  const auto t = wl::totals(n);
  EXPECT_EQ(t.macs, 326'520u);
  EXPECT_EQ(t.connections, 340'918u);  // LeCun: 340,908 (his RBF output layer has no bias: 10 fewer)
  ASSERT_TRUE(n.published);
  EXPECT_EQ(n.published->convention, wl::Convention::Connections);
  EXPECT_FALSE(n.check_chain);
}

TEST(Networks, ResNet50DownsamplesInTheFirst1x1) {
  const auto n = load("resnet50");
  const auto& a = layer(n, "res3a_branch2a");
  EXPECT_EQ(a.kind, LayerKind::Pointwise);
  EXPECT_EQ(a.U, 2);
  EXPECT_EQ(a.E(), 28);
  EXPECT_EQ(layer(n, "res3a_branch2b").U, 1);
  EXPECT_EQ(layer(n, "res5a_branch1").M, 2048);
  const auto t = wl::totals(n);
  EXPECT_EQ(t.layers(LayerKind::Conv) + t.layers(LayerKind::Pointwise), 53);  // 49 + 4 projections
  EXPECT_NEAR(static_cast<double>(t.macs - layer(n, "fc1000").macs()), 3.86e9, 0.01e9);
}

TEST(Networks, MobileNetsUseDepthwiseAndPointwise) {
  const auto n = load("mobilenet_v1_0.5_128");
  const auto t = wl::totals(n);
  EXPECT_EQ(t.layers(LayerKind::Depthwise), 13);
  EXPECT_EQ(t.layers(LayerKind::Pointwise), 13);
  EXPECT_EQ(layer(n, "conv13_dw").G, 512);
  EXPECT_EQ(layer(n, "conv13_dw").H, 4);
  EXPECT_EQ(layer(n, "fc").C, 512);

  const auto v3 = load("mobilenetv3_large");
  EXPECT_EQ(layer(v3, "b4_se_fc1").M, 24);  // make_divisible(72 / 4, 8)
  EXPECT_EQ(layer(v3, "b4_se_fc2").M, 72);
  EXPECT_EQ(layer(v3, "b15_dw").R, 5);
  EXPECT_EQ(layer(v3, "b15_dw").H, 7);

  const auto b4 = load("efficientnet_b4");
  EXPECT_EQ(layer(b4, "stem").M, 48);
  EXPECT_EQ(layer(b4, "head").M, 1792);
  EXPECT_EQ(layer(b4, "head").H, 12);
  EXPECT_EQ(wl::totals(b4).layers(LayerKind::Depthwise), 32);
}
