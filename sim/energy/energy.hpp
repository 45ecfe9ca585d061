// Activity counts of a simulation turned into energy with a technology table.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "energy/tech.hpp"

namespace ev2::energy {

// What a run did, per block class (the keys of the technology table).
struct Activity {
  uint64_t cycles = 0;
  uint64_t macs = 0;                         // nominal (dense) MACs of the work, the denominator of fJ/MAC
  std::map<std::string, uint64_t> accesses;  // e.g. accesses["psum_spad"] = reads + writes
  std::map<std::string, uint64_t> toggles;   // bit flips on the class's counted buses
  uint64_t dram_bytes = 0;                   // read + written off chip; charged as accesses["dram"]

  Activity& operator+=(const Activity& o);
};

struct Breakdown {
  std::map<std::string, double> pj;  // per class, access + toggle energy
  double total_pj() const;
};

// Throws std::invalid_argument naming a class that has activity but no cost in the table.
Breakdown estimate(const TechTable& tech, const Activity& act);

// The report buckets of Timeloop/Accelergy's eyeriss_like example, in print order; control and
// clock are this project's additions (the example has no such components).
const std::vector<std::string>& report_buckets();
// Which bucket a class is reported in (mac_gated under MAC, etc.).
std::string bucket_of(const std::string& cls);
std::map<std::string, double> by_bucket(const Breakdown& b);

struct Summary {
  double energy_pj = 0;
  double fj_per_mac = 0;
  double seconds = 0;  // cycles at the table's clock
  double avg_power_mw = 0;
  double inferences_per_joule = 0;  // when the activity is one inference
};
Summary summarize(const TechTable& tech, const Activity& act, const Breakdown& b);

}  // namespace ev2::energy
