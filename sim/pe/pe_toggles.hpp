// Which PE nets the energy model counts bit toggles on, and in which class of the technology table
// (docs/energy.md, "PE toggles"). Every net is /*verilator public_flat_rd*/ in the RTL (docs/pe.md,
// section 7), so any model holding a PE finds them by name; the PE's psum ports are ports of the
// top module in a PE-only model and are added by pointer (add_pe_port_toggles).
#pragma once

#include <string>
#include <vector>

#include "rtlsim/toggle_counter.hpp"

namespace ev2::pe {

// Rules for the PE instance(s) whose hierarchical scope matches `pe_scope` (an ECMAScript regex,
// e.g. R"(TOP\.ev2_pe)" for a PE-only model). The nets are the buses the technology table's
// `width_bits` describe (docs/energy.md):
//   iact_spad, weight_spad, psum_spad: read address, read data, write address, write data of each
//     SPad (the read / write enables are access counts, not toggles);
//   mac: per lane the two operand registers (a_q: 9-bit iact, w_q: 8-bit weight) and the psum read
//     from the SPad (acc_i). The product register and the sum are internal to the MAC.
// Bits per PE: iact 16 + 32, weight 33 + 62, psum 100, MAC 2 x 37.
inline std::vector<tb::ToggleRule> pe_toggle_rules(const std::string& pe_scope = R"(TOP\.ev2_pe)") {
  const std::string spad_bus = R"(\.(raddr_i|rdata_o|waddr_i|wdata_i))";
  return {
      {"iact_spad", pe_scope + R"(\.u_iact\.u_(addr|data)_spad)" + spad_bus},
      {"weight_spad", pe_scope + R"(\.u_wght\.u_(addr|data)_spad)" + spad_bus},
      {"psum_spad", pe_scope + R"(\.u_accum\.u_psum_spad)" + spad_bus},
      {"mac", pe_scope + R"(\.u_accum\.u_mac[01]\.(a_q|w_q|acc_i))"},
  };
}

// Number of signals pe_toggle_rules() matches in one PE: 5 SPads x 4 buses + 2 MAC lanes x 3.
inline constexpr size_t kPeToggleSignals = 5 * 4 + 2 * 3;

// The PE's psum input and output words (2 x 40 bits), when the PE is the top module of the model
// and its ports are therefore not in the symbol table. Class "noc" by default: they are the PE's end
// of the psum NoC (in an array run, count the NoC at its routers instead, not twice).
template <class Model>
void add_pe_port_toggles(tb::ToggleCounter& counter, Model& dut, const std::string& scope = "TOP.ev2_pe",
                         const std::string& block_class = "noc") {
  counter.add_signal(scope + ".psum_data_i", block_class, &dut.psum_data_i, sizeof(dut.psum_data_i));
  counter.add_signal(scope + ".psum_data_o", block_class, &dut.psum_data_o, sizeof(dut.psum_data_o));
}

}  // namespace ev2::pe
