#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "energy/energy.hpp"
#include "energy/report.hpp"
#include "energy/tech.hpp"

namespace ev2::energy {
namespace {

const char* kSmallTable = R"({
  "name": "t", "clock_mhz": 100, "mac_pj": 1.0, "access_fraction": 0.5,
  "classes": {
    "mac": {"relative": 1, "width_bits": 8}, "iact_spad": {"relative": 1, "width_bits": 4},
    "weight_spad": {"relative": 1, "width_bits": 0}, "psum_spad": {"relative": 2, "width_bits": 10},
    "noc": {"relative": 2, "width_bits": 0}, "glb": {"relative": 6, "width_bits": 0},
    "dram": {"relative": 200, "width_bits": 0}
  }})";

TEST(TechTable, DefaultLoadsAndNormalizationHolds) {
  const TechTable t = load_tech_table(default_tech_table_path());
  EXPECT_EQ(t.clock_mhz, 200);
  // The Eyeriss ratios survive the access/toggle split: at half the bus toggling, one access of a
  // class costs exactly `relative` MACs.
  for (const auto& [cls, c] : t.classes) {
    const double half_bus = c.width_bits / 2.0;
    EXPECT_NEAR(c.access_pj + half_bus * c.toggle_fj_per_bit / 1000.0, c.relative * t.mac_pj, 1e-12) << cls;
  }
  EXPECT_DOUBLE_EQ(t.cost("glb").relative / t.cost("iact_spad").relative, 6.0);
  EXPECT_DOUBLE_EQ(t.cost("noc").relative, 2.0);
  EXPECT_DOUBLE_EQ(t.cost("dram").relative, 200.0);
}

TEST(TechTable, DerivedCosts) {
  const TechTable t = parse_tech_table(kSmallTable, "small.json");
  EXPECT_DOUBLE_EQ(t.cost("mac").access_pj, 0.5);
  EXPECT_DOUBLE_EQ(t.cost("mac").toggle_fj_per_bit, 0.5 * 1000 / 4);  // 0.5 pJ over 4 bits
  EXPECT_DOUBLE_EQ(t.cost("psum_spad").access_pj, 1.0);
  EXPECT_DOUBLE_EQ(t.cost("weight_spad").access_pj, 1.0);  // no bus: all of it per access
  EXPECT_DOUBLE_EQ(t.cost("weight_spad").toggle_fj_per_bit, 0.0);
}

TEST(TechTable, ErrorsNameTheField) {
  auto msg = [](const std::string& text) {
    try {
      parse_tech_table(text, "bad.json");
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(msg("{").find("bad.json: not valid JSON"), std::string::npos);
  EXPECT_NE(msg(R"({"clock_mhz": 200, "access_fraction": 0.5, "classes": {}})").find("mac_pj: missing"),
            std::string::npos);
  EXPECT_NE(msg(R"({"clock_mhz": 200, "mac_pj": "x", "access_fraction": 0.5, "classes": {}})")
                .find("mac_pj: expected a number"),
            std::string::npos);
  EXPECT_NE(msg(R"({"clock_mhz": 200, "mac_pj": 1, "access_fraction": 1.5, "classes": {}})").find("access_fraction"),
            std::string::npos);
  EXPECT_NE(
      msg(R"({"clock_mhz": 200, "mac_pj": 1, "access_fraction": 0.5, "classes": {"mac": {"relative": -1, "width_bits": 1}}})")
          .find("classes.mac.relative"),
      std::string::npos);
  EXPECT_NE(
      msg(R"({"clock_mhz": 200, "mac_pj": 1, "access_fraction": 0.5, "classes": {"mac": {"relative": 1, "width_bits": 1}}})")
          .find("classes.iact_spad: missing"),
      std::string::npos);
  EXPECT_THROW(load_tech_table("/nonexistent/table.json"), std::invalid_argument);
}

TEST(Energy, HandComputedBreakdown) {
  const TechTable t = parse_tech_table(kSmallTable, "small.json");
  Activity a;
  a.cycles = 1000;
  a.macs = 200;
  a.accesses = {{"mac", 100}, {"psum_spad", 10}, {"glb", 3}};
  a.toggles = {{"mac", 400}, {"psum_spad", 50}};
  a.dram_bytes = 2;
  const Breakdown b = estimate(t, a);
  // mac: 100 * 0.5 + 400 * 0.125 = 100 pJ; psum: 10 * 1 + 50 * 0.2 = 20; glb: 3 * 6 = 18; dram: 2 * 200 = 400.
  EXPECT_DOUBLE_EQ(b.pj.at("mac"), 100.0);
  EXPECT_DOUBLE_EQ(b.pj.at("psum_spad"), 20.0);
  EXPECT_DOUBLE_EQ(b.pj.at("glb"), 18.0);
  EXPECT_DOUBLE_EQ(b.pj.at("dram"), 400.0);
  EXPECT_DOUBLE_EQ(b.total_pj(), 538.0);
  const auto buckets = by_bucket(b);
  EXPECT_DOUBLE_EQ(buckets.at("MAC"), 100.0);
  EXPECT_DOUBLE_EQ(buckets.at("NoC"), 0.0);
  const Summary s = summarize(t, a, b);
  EXPECT_DOUBLE_EQ(s.fj_per_mac, 538.0 * 1000 / 200);
  EXPECT_DOUBLE_EQ(s.seconds, 1e-5);                         // 1000 cycles at 100 MHz
  EXPECT_NEAR(s.avg_power_mw, 538e-12 / 1e-5 * 1e3, 1e-12);  // 53.8 uW
  EXPECT_NEAR(s.inferences_per_joule, 1.0 / 538e-12, 1.0);
}

TEST(Energy, RejectsUnknownClassesAndMisplacedDram) {
  const TechTable t = parse_tech_table(kSmallTable, "small.json");
  Activity a;
  a.accesses["warp_drive"] = 1;
  EXPECT_THROW(estimate(t, a), std::invalid_argument);
  Activity d;
  d.accesses["dram"] = 1;
  EXPECT_THROW(estimate(t, d), std::invalid_argument);
  Activity g;
  g.toggles["glb"] = 5;  // glb has no counted bus in this table
  EXPECT_THROW(estimate(t, g), std::invalid_argument);
}

TEST(Energy, ActivityAccumulates) {
  Activity a, b;
  a.cycles = 1;
  a.accesses["mac"] = 2;
  b.cycles = 3;
  b.accesses["mac"] = 5;
  b.toggles["noc"] = 7;
  b.dram_bytes = 9;
  a += b;
  EXPECT_EQ(a.cycles, 4u);
  EXPECT_EQ(a.accesses["mac"], 7u);
  EXPECT_EQ(a.toggles["noc"], 7u);
  EXPECT_EQ(a.dram_bytes, 9u);
}

TEST(Report, TextJsonSvgAgree) {
  const TechTable t = parse_tech_table(kSmallTable, "small.json");
  std::vector<LayerEnergy> layers;
  for (int i = 1; i <= 3; ++i) {
    LayerEnergy l;
    l.name = "conv" + std::to_string(i);
    l.activity.cycles = 100 * i;
    l.activity.macs = 50 * i;
    l.activity.accesses = {{"mac", 50u * i}, {"glb", 4u * i}};
    l.activity.dram_bytes = i;
    l.breakdown = estimate(t, l.activity);
    layers.push_back(l);
  }
  const std::string text = text_table(t, layers);
  EXPECT_NE(text.find("conv3"), std::string::npos);
  EXPECT_NE(text.find("total"), std::string::npos);
  const auto j = nlohmann::json::parse(json_report(t, layers));
  ASSERT_EQ(j["layers"].size(), 3u);
  EXPECT_DOUBLE_EQ(j["layers"][1]["energy_pj"].get<double>(), layers[1].breakdown.total_pj());
  EXPECT_DOUBLE_EQ(j["layers"][2]["energy_pj_by_bucket"]["DRAM"].get<double>(), 600.0);
  const std::string svg = svg_stacked_bars(layers, "test");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  // Three layers x three nonzero buckets (MAC, GLB, DRAM) + nine legend swatches + background.
  size_t rects = 0;
  for (size_t p = svg.find("<rect"); p != std::string::npos; p = svg.find("<rect", p + 1)) ++rects;
  EXPECT_EQ(rects, 3u * 3 + 9 + 1);
}

}  // namespace
}  // namespace ev2::energy
