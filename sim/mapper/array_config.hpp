// The array a layer is mapped onto: cluster groups, PEs per cluster, PE SPad sizes and GLB banks.
// Mirrors rtl/pkg/config/ev2_config_{small,v2}_pkg.sv and docs/architecture.md sections 4 and 6.
#pragma once

#include <string>
#include <string_view>

#include "csc/fit.hpp"

namespace ev2::mapper {

struct ArrayConfig {
  std::string name = "v2";
  int group_rows = 8;  // cluster groups
  int group_cols = 2;
  int pe_rows = 3;  // PEs per cluster: rows carry the reduction chain
  int pe_cols = 4;  // columns carry output-channel blocks, one psum bank each
  csc::SpadLimits spad{};
  int iact_banks = 3;
  int iact_bank_bytes = 1536;  // 1.5 kB
  int psum_banks = 4;
  int psum_bank_bytes = 1920;  // 1.875 kB
  int psum_bits = 20;
  int drain_engines = 4;  // output stages: one psum -> one output byte per cycle each

  int groups() const { return group_rows * group_cols; }
  int pes() const { return groups() * pe_rows * pe_cols; }
  int columns() const { return groups() * pe_cols; }
  int psum_bank_entries() const { return psum_bank_bytes * 8 / psum_bits; }  // 768

  static ArrayConfig v2() { return ArrayConfig{}; }
  static ArrayConfig small() {
    ArrayConfig a;
    a.name = "small";
    a.group_rows = 2;
    a.group_cols = 1;
    a.drain_engines = 2;
    return a;
  }
};

// "v2" or "small"; throws std::invalid_argument otherwise.
ArrayConfig array_config(std::string_view name);

}  // namespace ev2::mapper
