#include "runtime/activity_detail.hpp"

#include <fmt/core.h>

namespace ev2::runtime {

uint64_t ActivityDetail::noc_words() const {
  return iact_deliveries + weight_deliveries + psum_router_glb + psum_router_pe + psum_pe_to_pe() + iact_router_mesh +
         weight_router_mesh + psum_router_mesh;
}

ActivityDetail& ActivityDetail::operator+=(const ActivityDetail& o) {
  cycles += o.cycles;
  glb_iact_writes += o.glb_iact_writes;
  glb_iact_reads += o.glb_iact_reads;
  glb_psum_writes += o.glb_psum_writes;
  glb_psum_reads += o.glb_psum_reads;
  iact_router_local += o.iact_router_local;
  iact_router_mesh += o.iact_router_mesh;
  weight_router_local += o.weight_router_local;
  weight_router_mesh += o.weight_router_mesh;
  psum_router_glb += o.psum_router_glb;
  psum_router_pe += o.psum_router_pe;
  psum_router_mesh += o.psum_router_mesh;
  iact_deliveries += o.iact_deliveries;
  weight_deliveries += o.weight_deliveries;
  pe += o.pe;
  pe_busy_cycles += o.pe_busy_cycles;
  dram_bytes_read += o.dram_bytes_read;
  dram_bytes_written += o.dram_bytes_written;
  for (const auto& [k, v] : o.toggles) toggles[k] += v;
  return *this;
}

energy::Activity to_activity(const ActivityDetail& d, uint64_t nominal_macs) {
  energy::Activity a;
  a.cycles = d.cycles;
  a.macs = nominal_macs;
  const auto& p = d.pe;
  a.accesses["mac"] = p.macs;
  a.accesses["mac_gated"] = p.gated_macs;
  a.accesses["iact_spad"] = p.iact_addr_rd + p.iact_addr_wr + p.iact_data_rd + p.iact_data_wr;
  a.accesses["weight_spad"] = p.weight_addr_rd + p.weight_addr_wr + p.weight_data_rd + p.weight_data_wr;
  a.accesses["psum_spad"] = p.psum_rd + p.psum_wr;
  a.accesses["noc"] = d.noc_words();
  a.accesses["glb"] = d.glb_accesses();
  a.accesses["control"] = d.pe_busy_cycles;
  a.accesses["clock"] = static_cast<uint64_t>(d.pes) * d.cycles;
  a.toggles = d.toggles;
  a.dram_bytes = d.dram_bytes_read + d.dram_bytes_written;
  return a;
}

std::string describe(const ActivityDetail& d) {
  std::string s;
  s += fmt::format("  counted {} cycles over {} PEs, {} + {} GLB banks, {}/{}/{} iact/weight/psum routers\n", d.cycles,
                   d.pes, d.glb_iact_banks, d.glb_psum_banks, d.iact_routers, d.weight_routers, d.psum_routers);
  s += fmt::format("  GLB: iact {} writes / {} reads, psum {} writes / {} reads\n", d.glb_iact_writes, d.glb_iact_reads,
                   d.glb_psum_writes, d.glb_psum_reads);
  s += fmt::format(
      "  NoC: iact {} into clusters -> {} into PEs, weight {} -> {}, psum router->GLB {} / ->PE {}, PE->PE {}, "
      "mesh hops iact {} weight {} psum {}; {} words\n",
      d.iact_router_local, d.iact_deliveries, d.weight_router_local, d.weight_deliveries, d.psum_router_glb,
      d.psum_router_pe, d.psum_pe_to_pe(), d.iact_router_mesh, d.weight_router_mesh, d.psum_router_mesh, d.noc_words());
  s += fmt::format("  PEs: {}; busy {} PE cycles\n", pe::to_string(d.pe), d.pe_busy_cycles);
  s += fmt::format("  DRAM: {} B read, {} B written\n", d.dram_bytes_read, d.dram_bytes_written);
  std::string t;
  for (const auto& [k, v] : d.toggles) t += fmt::format(" {} {}", k, v);
  s += fmt::format("  toggles:{}\n", t.empty() ? " (none counted)" : t);
  return s;
}

energy::LayerEnergy layer_energy(const std::string& name, const energy::TechTable& tech, const energy::Activity& act) {
  return energy::LayerEnergy{name, act, energy::estimate(tech, act)};
}

namespace {

// Short column titles for the report buckets, in report_buckets() order.
std::string short_bucket(const std::string& b) {
  if (b == "iact SPad") return "iactSP";
  if (b == "weight SPad") return "wghtSP";
  if (b == "psum SPad") return "psumSP";
  if (b == "control") return "ctrl";
  return b;
}

uint64_t nonzero_macs(const energy::Activity& a) {
  const auto it = a.accesses.find("mac");
  return it == a.accesses.end() ? 0 : it->second;
}

}  // namespace

std::string energy_header() {
  std::string s = fmt::format("{:<22} {:>11} {:>9} {:>9}", "layer", "energy uJ", "fJ/MAC", "pJ/nzMAC");
  for (const auto& b : energy::report_buckets()) s += fmt::format(" {:>6}", short_bucket(b));
  return s + "  (bucket shares in %)";
}

std::string energy_row(const energy::TechTable& tech, const energy::LayerEnergy& l) {
  const auto sum = energy::summarize(tech, l.activity, l.breakdown);
  const uint64_t nz = nonzero_macs(l.activity);
  std::string s = fmt::format("{:<22} {:>11.3f} {:>9.0f} {:>9.2f}", l.name, sum.energy_pj / 1e6, sum.fj_per_mac,
                              nz ? sum.energy_pj / static_cast<double>(nz) : 0.0);
  const auto by = energy::by_bucket(l.breakdown);
  for (const auto& b : energy::report_buckets())
    s += fmt::format(" {:>6.1f}", sum.energy_pj > 0 ? 100.0 * by.at(b) / sum.energy_pj : 0.0);
  return s;
}

std::string energy_totals(const energy::TechTable& tech, const std::vector<energy::LayerEnergy>& layers,
                          const std::string& label) {
  energy::Activity all;
  energy::Breakdown sum;
  for (const auto& l : layers) {
    all += l.activity;
    for (const auto& [k, v] : l.breakdown.pj) sum.pj[k] += v;
  }
  const auto s = energy::summarize(tech, all, sum);
  std::string out =
      fmt::format("energy {}: {:.3f} uJ, {:.1f} fJ/MAC, {:.1f} mW average over {:.3f} ms ({}, {} MHz)\n", label,
                  s.energy_pj / 1e6, s.fj_per_mac, s.avg_power_mw, s.seconds * 1e3, tech.name, tech.clock_mhz);
  out += fmt::format("energy {} inferences/J: {:.1f}\n", label, s.inferences_per_joule);
  return out;
}

}  // namespace ev2::runtime
