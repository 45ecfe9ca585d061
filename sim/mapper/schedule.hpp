// The ordered passes of one layer per cluster group: the contract the command processor executes
// (docs/mapper.md section 4). Data only; build_schedule() expands a Mapping into it.
//
//   group -> steps (lockstep rounds: every PE of the cluster runs at most one pass)
//         -> column passes (one per PE column: a psum chain bottom PE -> top PE)
//         -> PE passes (config word fields, weight block, iact row, psum source)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mapper/mapping.hpp"
#include "pe/pe_host.hpp"

namespace ev2::mapper {

// Where a PE's psum_i comes from.
enum class PsumSrc { None, PeBelow, Bank };

struct PePass {
  int item = -1;     // index into Mapping::items; -1: pass-through (zero weights and iacts)
  pe::PeConfig cfg;  // cfg.load_weights: the weight stream is sent, else the stored block is reused
  // The iact row streamed: channels [c_begin, c_begin + cfg.C0) of sample n, input row y,
  // x-positions [x0, x0 + cfg.width()); rows/columns outside the input are zero padding.
  int n = 0, c_begin = 0, y = -1, x0 = 0;
  PsumSrc psum_src = PsumSrc::None;
  uint64_t compute_cycles = 0;  // estimate: the pass's MACs and iact front end, no loads (estimate_pe_compute)
};

// One PE column for one step: the psum chain for output row e, positions [f0, f0 + F),
// output channels [m_begin, m_begin + M0) of sample n.
struct ColumnPass {
  int col = 0;
  int job = 0;  // column job (Mapping::jobs(): n, group block, m block, E tile, F tile)
  int gb = 0, mb = 0;
  int chain = 0;  // which reduction chunk (items [chain*pe_rows, ...)); chains > 1 use the bank
  int n = 0, e = 0, f0 = 0, F = 1;
  int m_begin = 0, M0 = 1;
  std::vector<PePass> pes;  // bottom PE first (index = PE row)
  // psum bank `col`: the bottom PE reads F*M0 stored psums at bank_offset when bank_in, and the top
  // PE's psums are written back there unless final (then they go through the output stage).
  bool bank_in = false;
  bool final_out = true;
  int bank_offset = 0;
  // A padding pass of a weight-sharing wave (Mapping::share_weights): it takes the wave's weight
  // blocks so their broadcast reaches every group, computes on zero iact rows and is never drained.
  bool discard = false;
  bool drained() const { return final_out && !discard; }  // its psums leave through the output stage
};

struct Step {
  std::vector<ColumnPass> cols;  // idle columns are absent
  uint64_t cycles = 0;           // estimate: slowest PE of the step
  uint64_t weight_bytes = 0;     // weight streams of the step (memory port bytes)
  uint64_t weight_pe_words = 0;  // longest weight stream into one PE row in a phase (already in `cycles`)
  uint64_t drain_tail = 0;       // drain cycles that nothing overlaps when this is the last step
  uint64_t compute_cycles = 0;   // its phases' slowest PE computing only (docs/mapper.md, "Eyexam")
  uint64_t pe_cycles = 0;        // its phases' slowest PE with its loads and the row's weight stream
};

struct GroupSchedule {
  int row = 0, col = 0;  // cluster group position
  std::vector<Step> steps;
  uint64_t cycles = 0;
};

// Words moved per level (iacts and weights in 24-bit port words, psums in 20-bit psums).
struct Traffic {
  uint64_t dram = 0, glb = 0, noc = 0;
};

struct ScheduleStats {
  uint64_t steps = 0;      // longest group
  uint64_t pe_passes = 0;  // all PEs, pass-throughs included
  uint64_t weight_loads = 0;
  Traffic weight_words, iact_words, psum_words;
  uint64_t oacts = 0;             // final outputs (bytes to DRAM after the output stage)
  uint64_t macs = 0;              // nominal: the layer's MACs, tiled
  double nonzero_macs = 0;        // estimate from the densities
  uint64_t cycles = 0;            // lockstep steps of all groups, memory port included
  uint64_t discarded_passes = 0;  // PE passes of weight-sharing padding (no outputs)
  double utilization = 0;         // nonzero MACs / (2 * PEs * cycles)
};

struct Schedule {
  Mapping map;
  std::vector<GroupSchedule> groups;
  ScheduleStats stats;

  std::string describe_step(int group, int step) const;  // one line
  std::string describe() const;                          // every step, one line each
  std::string summary() const;                           // the tiling and statistics
};

Schedule build_schedule(const Mapping& map);

// Whether the runtime double-buffers the psum banks (docs/runtime.md, "Double buffering"): the
// layer needs no accumulation across passes and a pass's psums (Ft x ceil(M0/2) words at most)
// fit half a bank, so a phase's outputs drain while the next phase computes into the other half.
bool psum_double_buffered(const Mapping& map, int psum_bank_words);

// Estimated cycles of one PE pass computing only: its MACs or its nonzero iacts, whichever bounds
// it, with the windows' marker bubbles (docs/mapper.md section 5).
uint64_t estimate_pe_compute(const Mapping& map, const PePass& p, double nonzero_macs);

// Estimated cycles of one PE pass (docs/mapper.md section 5).
uint64_t estimate_pe_cycles(const Mapping& map, const PePass& p, double nonzero_macs, uint64_t weight_words,
                            uint64_t iact_words);

}  // namespace ev2::mapper
