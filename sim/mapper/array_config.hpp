// The array a layer is mapped onto: cluster groups, PEs per cluster, PE SPad sizes and GLB banks.
// Mirrors rtl/pkg/config/ev2_config_{small,v2}_pkg.sv and docs/architecture.md sections 4 and 6.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "csc/fit.hpp"
#include "interface/ev2_interface.hpp"

namespace ev2::mapper {

// The shape of each configuration is not written here: it comes from the generated
// interface/ev2_interface.hpp, which scripts/gen_interface.py writes with the configuration
// packages from rtl/pkg/ev2_interface.json.
struct ArrayConfig {
  // The published array, the default.
  static constexpr iface::ArrayShape kV2 = *iface::find_config("v2");

  std::string name = kV2.name;
  int group_rows = kV2.group_rows;  // cluster groups
  int group_cols = kV2.group_cols;
  int pe_rows = kV2.pe_rows;  // PEs per cluster: rows carry the reduction chain
  int pe_cols = kV2.pe_cols;  // columns carry output-channel blocks, one psum bank each
  csc::SpadLimits spad{};
  int iact_banks = iface::kIactBanks;
  int iact_bank_bytes = iface::kIactBankWords * 24 / 8;  // 1.5 kB of 24-bit words
  int psum_banks = kV2.pe_cols;
  int psum_bank_bytes = iface::kPsumBankWords * 40 / 8;  // 1.875 kB of 40-bit words (two psums)
  int psum_bits = 20;
  int drain_engines = kV2.drain_engines;    // output stages: one psum word -> two output bytes per cycle each
  int stream_engines = kV2.stream_engines;  // memory -> array streams: one 24-bit word per cycle each
  int mem_port_bits = kV2.mem_port_bits;    // the memory port: one beat of this many bits per cycle

  int groups() const { return group_rows * group_cols; }
  int pes() const { return groups() * pe_rows * pe_cols; }
  int columns() const { return groups() * pe_cols; }
  uint64_t beat_bytes() const { return static_cast<uint64_t>(mem_port_bits / 8); }
  int psum_bank_entries() const { return psum_bank_bytes * 8 / psum_bits; }  // 768
  // Share of the MAC lanes doing nonzero work: nonzero MACs / (2 lanes x PEs x cycles); 0 for 0 cycles.
  double utilization(double nonzero_macs, uint64_t cycles) const {
    return cycles ? nonzero_macs / (2.0 * pes() * static_cast<double>(cycles)) : 0.0;
  }

  // A generated configuration (one psum bank per PE column).
  static ArrayConfig from(const iface::ArrayShape& s) {
    ArrayConfig a;
    a.name = s.name;
    a.group_rows = s.group_rows;
    a.group_cols = s.group_cols;
    a.pe_rows = s.pe_rows;
    a.pe_cols = s.pe_cols;
    a.psum_banks = s.pe_cols;
    a.drain_engines = s.drain_engines;
    a.stream_engines = s.stream_engines;
    a.mem_port_bits = s.mem_port_bits;
    return a;
  }
  // The shape as the CONFIG registers report it (name: this configuration's, valid while it lives).
  iface::ArrayShape shape() const {
    return {name.c_str(), group_rows, group_cols, pe_rows, pe_cols, drain_engines, stream_engines, mem_port_bits};
  }
  static ArrayConfig v2() { return from(kV2); }
  static ArrayConfig small() { return from(*iface::find_config("small")); }
};

// "v2" or "small"; throws std::invalid_argument otherwise.
ArrayConfig array_config(std::string_view name);

}  // namespace ev2::mapper
