// Technology table: what one access of each block class costs. Loaded from a JSON data file
// (default sim/energy/ev2_65nm.json) so other nodes or calibrations need no code change.
//
// Each class has a cost relative to one MAC (the Eyeriss normalization) and the width of the bus
// whose toggles carry its data-dependent part. The relative cost is split in two:
//   access_pj       = access_fraction * relative * mac_pj              (paid per access)
//   toggle_fj_per_bit = (1 - access_fraction) * relative * mac_pj * 1000 / (width_bits / 2)
// so an access that toggles half its bus (random data) costs exactly `relative` MACs, and sparse or
// repetitive data that toggles less costs less. Classes with width_bits 0 are access-only.
#pragma once

#include <map>
#include <string>

namespace ev2::energy {

struct ClassCost {
  double relative = 0;           // cost of one access in MACs
  int width_bits = 0;            // bus whose toggles are counted (0: none)
  std::string per;               // what one access is, for reports
  double access_pj = 0;          // derived
  double toggle_fj_per_bit = 0;  // derived
};

struct TechTable {
  std::string name;
  std::string description;
  double clock_mhz = 200;
  double mac_pj = 0.5;
  double access_fraction = 0.7;
  std::map<std::string, ClassCost> classes;

  const ClassCost& cost(const std::string& cls) const;
};

// Parses and validates a table; throws std::invalid_argument "<file>: <field>: <problem>".
TechTable load_tech_table(const std::string& path);
TechTable parse_tech_table(const std::string& json_text, const std::string& source_name);

// The path of the default table shipped with the project.
std::string default_tech_table_path();

}  // namespace ev2::energy
