// An Eyexam-style account of a layer on the array (docs/mapper.md, "Eyexam"): successive upper
// bounds on throughput in nonzero MACs per cycle, each step adding one constraint of the design,
// so the largest drop names what to fix. Steps 1-6 come from the mapper's schedule of the layer,
// step 7 from the RTL run.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "mapper/schedule.hpp"

namespace ev2::mapper {

struct EyexamStepInfo {
  const char* key;   // short column name
  const char* what;  // the constraint this step adds
};

inline constexpr int kEyexamSteps = 7;
inline constexpr int kFirstFixableStep = 4;
inline constexpr std::array<EyexamStepInfo, kEyexamSteps> kEyexamStepInfo{{
    {"layer", "the layer's nonzero MACs, all at once"},
    {"dataflow", "row stationary: a PE pass is serial (2 MACs or 1 nonzero iact per cycle), a psum chain's passes too"},
    {"PEs", "the array's PEs, every one busy"},
    {"shape", "clusters of 3 x 4 PEs in lockstep groups: the tiling's steps and phases"},
    {"SPads", "weight blocks that fit the SPads, loaded one word per cycle per PE row"},
    {"delivery", "stream engines, memory port, drains, configuration and barriers (the mapper's estimate)"},
    {"RTL", "measured"},
}};

struct Eyexam {
  std::string layer;
  double nonzero_macs = 0;                  // the mapper's estimate from the densities (steps 1-6)
  std::array<double, kEyexamSteps> cycles;  // fewest cycles each step allows; step 7: measured (0: not run)
  double measured_nonzero_macs = 0;         // step 7: the MACS register

  // Nonzero MACs per cycle allowed by step `step` (0-based); 0 when the step has no figure.
  double macs_per_cycle(int step) const;
  // The step (1-based, from kFirstFixableStep) with the largest relative drop from the step
  // before it: what to fix. The drops into steps 2 and 3 are the workload's size against the
  // dataflow's and the array's parallelism, not losses of the design.
  int biggest_drop() const;
};

// Steps 1-6 of one layer's schedule (step 7 left empty).
Eyexam eyexam_of(const Schedule& s, const std::string& name);
// The network as one workload: its cycles at every step are the layers' sums.
Eyexam eyexam_network(const std::vector<Eyexam>& layers, const std::string& name);

// The per-layer table and the network line (text), the same as JSON, and the staircase as SVG.
std::string eyexam_text(const std::vector<Eyexam>& layers, const Eyexam& network);
std::string eyexam_json(const std::vector<Eyexam>& layers, const Eyexam& network);
std::string eyexam_svg(const std::vector<Eyexam>& layers, const Eyexam& network, int pes);

}  // namespace ev2::mapper
