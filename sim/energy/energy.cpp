#include "energy/energy.hpp"

#include <stdexcept>

#include <fmt/core.h>

namespace ev2::energy {

Activity& Activity::operator+=(const Activity& o) {
  cycles += o.cycles;
  macs += o.macs;
  dram_bytes += o.dram_bytes;
  for (const auto& [k, v] : o.accesses) accesses[k] += v;
  for (const auto& [k, v] : o.toggles) toggles[k] += v;
  return *this;
}

double Breakdown::total_pj() const {
  double t = 0;
  for (const auto& [k, v] : pj) t += v;
  return t;
}

Breakdown estimate(const TechTable& tech, const Activity& act) {
  Breakdown b;
  for (const auto& [cls, n] : act.accesses) {
    if (cls == "dram") throw std::invalid_argument("activity: DRAM traffic goes in dram_bytes, not accesses[\"dram\"]");
    b.pj[cls] += static_cast<double>(n) * tech.cost(cls).access_pj;
  }
  for (const auto& [cls, n] : act.toggles) {
    const ClassCost& c = tech.cost(cls);
    if (c.width_bits == 0 && n != 0)
      throw std::invalid_argument(
          fmt::format("activity: class '{}' has toggles but the table gives it no toggle cost", cls));
    b.pj[cls] += static_cast<double>(n) * c.toggle_fj_per_bit / 1000.0;
  }
  if (act.dram_bytes) b.pj["dram"] += static_cast<double>(act.dram_bytes) * tech.cost("dram").access_pj;
  return b;
}

const std::vector<std::string>& report_buckets() {
  static const std::vector<std::string> buckets{"MAC", "iact SPad", "weight SPad", "psum SPad", "NoC",
                                                "GLB", "DRAM",      "control",     "clock"};
  return buckets;
}

std::string bucket_of(const std::string& cls) {
  if (cls == "mac" || cls == "mac_gated") return "MAC";
  if (cls == "iact_spad") return "iact SPad";
  if (cls == "weight_spad") return "weight SPad";
  if (cls == "psum_spad") return "psum SPad";
  if (cls == "noc") return "NoC";
  if (cls == "glb") return "GLB";
  if (cls == "dram") return "DRAM";
  if (cls == "control") return "control";
  if (cls == "clock") return "clock";
  throw std::invalid_argument(fmt::format("no report bucket for class '{}'", cls));
}

std::map<std::string, double> by_bucket(const Breakdown& b) {
  std::map<std::string, double> m;
  for (const auto& name : report_buckets()) m[name] = 0;
  for (const auto& [cls, pj] : b.pj) m[bucket_of(cls)] += pj;
  return m;
}

Summary summarize(const TechTable& tech, const Activity& act, const Breakdown& b) {
  Summary s;
  s.energy_pj = b.total_pj();
  s.fj_per_mac = act.macs ? s.energy_pj * 1000.0 / static_cast<double>(act.macs) : 0;
  s.seconds = static_cast<double>(act.cycles) / (tech.clock_mhz * 1e6);
  s.avg_power_mw = s.seconds > 0 ? s.energy_pj * 1e-12 / s.seconds * 1e3 : 0;
  s.inferences_per_joule = s.energy_pj > 0 ? 1.0 / (s.energy_pj * 1e-12) : 0;
  return s;
}

}  // namespace ev2::energy
