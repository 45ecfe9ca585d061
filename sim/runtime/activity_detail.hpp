// What a whole-accelerator run did, counted on the RTL (runtime/activity.hpp, which needs the
// Verilated model), and how it becomes the energy model's Activity (sim/energy) and a report row.
// This part is plain C++ (library ev2_runtime); docs/energy.md, "Whole-layer activity".
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "energy/energy.hpp"
#include "energy/report.hpp"
#include "energy/tech.hpp"
#include "pe/pe_host.hpp"

namespace ev2::runtime {

// The counts the energy classes are made of, each from one RTL source, for tests and reports.
struct ActivityDetail {
  uint64_t cycles = 0;  // clock cycles counted (counting on)

  // What the counter found in the model (independent of counting on or off).
  int pes = 0, glb_iact_banks = 0, glb_psum_banks = 0, iact_routers = 0, weight_routers = 0, psum_routers = 0,
      iact_a2a = 0, weight_a2a = 0;

  // GLB: one per cycle with the SRAM's we_i / re_i set (ev2_sram_1r1w of every bank).
  uint64_t glb_iact_writes = 0, glb_iact_reads = 0;
  uint64_t glb_psum_writes = 0, glb_psum_reads = 0;  // 40-bit words (two psums each)

  // NoC, from the routers' dst_fire bits (one word leaving the router through that port) and the
  // all-to-all networks' out_fire bits (one word into that PE).
  uint64_t iact_router_local = 0, iact_router_mesh = 0;      // local: into the PE cluster's all-to-all
  uint64_t weight_router_local = 0, weight_router_mesh = 0;  // mesh: onto a link to a neighbour group
  uint64_t psum_router_glb = 0;                              // into the GLB psum bank (write side)
  uint64_t psum_router_pe = 0;                               // into the bottom PE of the column
  uint64_t psum_router_mesh = 0;                             // onto the vertical link to the group below
  uint64_t iact_deliveries = 0, weight_deliveries = 0;       // all-to-all: words into PEs

  // PE hardware counters (ev2_pe with Counters=1), summed over every PE; read at the end.
  pe::PeAccesses pe;
  uint64_t pe_busy_cycles = 0;  // cycles a pass was running, summed over PEs

  // DRAM, from the memory model's statistics.
  uint64_t dram_bytes_read = 0, dram_bytes_written = 0;

  // Bit toggles per energy class (glb; iact_spad, weight_spad, psum_spad, mac when PE toggles are on).
  std::map<std::string, uint64_t> toggles;

  // Psum words passed from one PE up to the next inside a PE column: every psum_i word a PE adds
  // that did not come from the psum router.
  uint64_t psum_pe_to_pe() const { return pe.psum_in_words - psum_router_pe; }
  // Words moved over one NoC link, the "noc" accesses (docs/energy.md): deliveries into PEs
  // (all-to-all), psum words router <-> GLB bank / bottom PE and PE -> PE, and every mesh hop.
  // A router's local iact / weight output is the all-to-all's input, counted at its deliveries.
  uint64_t noc_words() const;
  uint64_t glb_accesses() const { return glb_iact_writes + glb_iact_reads + glb_psum_writes + glb_psum_reads; }

  ActivityDetail& operator+=(const ActivityDetail& o);
};

// The energy model's view: accesses and toggles per class of the technology table.
//   mac, mac_gated          PE counters
//   iact/weight/psum_spad   PE counters: reads + writes of the SPads (address SPads included)
//   noc                     noc_words()
//   glb                     GLB bank reads + writes
//   control                 PE busy cycles (a pass running)
//   clock                   PEs x counted cycles (no clock gating of idle PEs)
//   dram_bytes              read + written by the memory model
// `nominal_macs` (the layer's dense MACs, the fJ/MAC denominator) is not observable on the RTL.
energy::Activity to_activity(const ActivityDetail& d, uint64_t nominal_macs = 0);

// Several lines: every count of `d`, for verbose output.
std::string describe(const ActivityDetail& d);

// Energy of one layer with a technology table.
energy::LayerEnergy layer_energy(const std::string& name, const energy::TechTable& tech, const energy::Activity& act);

// One row per layer while layers run: total energy, fJ per nominal MAC, pJ per nonzero MAC, and
// the share of each report bucket (energy/report.hpp) in percent.
std::string energy_header();
std::string energy_row(const energy::TechTable& tech, const energy::LayerEnergy& layer);
// The totals of several layers as one inference: "energy <label>: X uJ, Y fJ/MAC, ..." and, last,
// "energy <label> inferences/J: Z".
std::string energy_totals(const energy::TechTable& tech, const std::vector<energy::LayerEnergy>& layers,
                          const std::string& label);

}  // namespace ev2::runtime
