#include "energy/tech.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace ev2::energy {

const ClassCost& TechTable::cost(const std::string& cls) const {
  auto it = classes.find(cls);
  if (it == classes.end())
    throw std::invalid_argument(fmt::format("technology table '{}' has no class '{}'", name, cls));
  return it->second;
}

TechTable parse_tech_table(const std::string& text, const std::string& src) {
  using nlohmann::json;
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw std::invalid_argument(fmt::format("{}: not valid JSON: {}", src, e.what()));
  }
  auto fail = [&](const std::string& field, const std::string& why) {
    return std::invalid_argument(fmt::format("{}: {}: {}", src, field, why));
  };
  auto number = [&](const json& obj, const std::string& key, const std::string& field) {
    if (!obj.contains(key)) throw fail(field, "missing");
    if (!obj[key].is_number()) throw fail(field, "expected a number");
    return obj[key].get<double>();
  };
  if (!j.is_object()) throw fail("(top)", "expected an object");
  TechTable t;
  t.name = j.value("name", "unnamed");
  t.description = j.value("description", "");
  t.clock_mhz = number(j, "clock_mhz", "clock_mhz");
  t.mac_pj = number(j, "mac_pj", "mac_pj");
  t.access_fraction = number(j, "access_fraction", "access_fraction");
  if (t.clock_mhz <= 0) throw fail("clock_mhz", "must be positive");
  if (t.mac_pj <= 0) throw fail("mac_pj", "must be positive");
  if (t.access_fraction < 0 || t.access_fraction > 1) throw fail("access_fraction", "must be within 0..1");
  if (!j.contains("classes") || !j["classes"].is_object()) throw fail("classes", "missing or not an object");
  for (const auto& [cls, c] : j["classes"].items()) {
    const std::string f = "classes." + cls;
    if (!c.is_object()) throw fail(f, "expected an object");
    ClassCost cc;
    cc.relative = number(c, "relative", f + ".relative");
    const double width = number(c, "width_bits", f + ".width_bits");
    if (cc.relative < 0) throw fail(f + ".relative", "must not be negative");
    if (width < 0 || width != static_cast<int>(width)) throw fail(f + ".width_bits", "must be a whole number >= 0");
    cc.width_bits = static_cast<int>(width);
    cc.per = c.value("per", "access");
    const double total_pj = cc.relative * t.mac_pj;
    if (cc.width_bits == 0) {
      cc.access_pj = total_pj;
    } else {
      cc.access_pj = t.access_fraction * total_pj;
      cc.toggle_fj_per_bit = (1.0 - t.access_fraction) * total_pj * 1000.0 / (cc.width_bits / 2.0);
    }
    t.classes.emplace(cls, cc);
  }
  for (const char* required : {"mac", "iact_spad", "weight_spad", "psum_spad", "noc", "glb", "dram"})
    if (!t.classes.count(required))
      throw fail(std::string("classes.") + required, "missing (every report bucket needs a cost)");
  return t;
}

TechTable load_tech_table(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument(fmt::format("{}: cannot open technology table", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_tech_table(ss.str(), path);
}

std::string default_tech_table_path() { return EV2_ENERGY_DIR "/ev2_65nm.json"; }

}  // namespace ev2::energy
