// One layer end to end: synthetic data, map, schedule, program, reference, and the figures a run
// reports. The RTL run itself is runtime/accelerator.hpp (templated on the Verilated top); this
// part is plain C++ so the simulator, the tests and the benchmarks share it.
#pragma once

#include <cstdint>
#include <string>

#include "mapper/layer_mapper.hpp"
#include "model/output_stage.hpp"
#include "model/tensor.hpp"
#include "runtime/layer_program.hpp"

namespace ev2::runtime {

struct LayerData {
  ActTensor iacts;
  WeightTensor weights;
  OutputStageParams params;
};

struct DataOptions {
  double weight_density = 1.0;
  double iact_density = 1.0;
  bool iact_signed = false;
  bool relu = true;
  bool out_signed = false;
  // Weight sharing across cluster groups (docs/mapper.md rule 10): the mapper's choice, or forced.
  mapper::MapOptions::Share share = mapper::MapOptions::Share::Auto;
  int share_groups = 0;  // groups per sharing set: 0 = the mapper's choice (MapOptions::share_groups)
};

// Seeded weights and iacts at the given densities, and output-stage parameters (per-channel bias,
// a multiplier/shift that scales the layer's typical psum into the 8-bit range) so that outputs
// spread over the range rather than saturating.
LayerData make_layer_data(const LayerShape& layer, const DataOptions& opt, uint64_t seed);

struct Reference {
  ActTensor oacts;
  uint64_t sat_low = 0, sat_high = 0;
  uint64_t psum_overflow = 0;  // outputs whose exact sum left 20 bits (wrapped, as the chip does)
};
Reference reference_outputs(const LayerShape& layer, const LayerData& data);

// The mapping, schedule and program of a layer for an array.
struct CompiledLayer {
  mapper::Schedule schedule;
  LayerProgram program;
};
CompiledLayer compile(const LayerShape& layer, const mapper::ArrayConfig& array, const LayerData& data,
                      const DataOptions& opt, const ProgramOptions& popt = {});

// What ev2_top's registers and the memory model counted over a run (runtime/accelerator.hpp).
struct RunCounters {
  uint64_t cycles = 0;
  uint64_t macs = 0;  // MACS: the products the PEs accumulated
  uint64_t bytes_read = 0, bytes_written = 0;
  uint64_t sat_low = 0, sat_high = 0;
};

// What a run measured, compared with the reference.
struct LayerReport {
  std::string name;
  uint64_t cycles = 0;
  uint64_t macs = 0;           // the layer's MACs
  uint64_t nonzero_macs = 0;   // (iact, weight) pairs both nonzero that the PEs performed (MACS register)
  uint64_t expected_macs = 0;  // the same, counted by the compiler from the data
  double utilization = 0;      // nonzero MACs / (2 x PEs x cycles)
  uint64_t bytes_read = 0, bytes_written = 0;
  uint64_t mismatches = 0;
  std::string first_mismatch;  // "" when bit-exact
  uint64_t sat_low = 0, sat_high = 0, psum_overflow = 0;
  bool sat_match = true;         // the SAT registers equal the reference's clipped counts
  uint64_t estimate_cycles = 0;  // the mapper's analytic estimate, for comparison
  bool ok() const { return mismatches == 0 && sat_match && nonzero_macs == expected_macs; }
};

LayerReport compare(const LayerShape& layer, const mapper::ArrayConfig& array, const CompiledLayer& c,
                    const Reference& ref, const ActTensor& oacts, const RunCounters& counted);

std::string table_header();
std::string table_row(const LayerReport& r);

}  // namespace ev2::runtime
