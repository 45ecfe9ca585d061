// Functional executor: runs a Schedule with exact arithmetic, PE by PE, from the PEs' actual port
// streams (encoded with the codec, fit-checked, decoded back), through the psum banks as
// scheduled, and compares the final psums with ev2::conv2d on the whole layer, bit for bit.
#pragma once

#include <cstdint>
#include <string>

#include "mapper/schedule.hpp"
#include "model/tensor.hpp"

namespace ev2::mapper {

struct ExecResult {
  PsumTensor psum;       // N x M x E x F, what the schedule produced
  bool match = false;    // psum == conv2d(layer).psum
  std::string mismatch;  // first difference, "" when match
  uint64_t pe_passes = 0;
  uint64_t nonzero_macs = 0;                                     // exact, from the PEs' operands
  uint64_t weight_words = 0, iact_words = 0, psum_in_words = 0;  // port words actually streamed
  uint64_t cycles = 0;  // the cycle estimate with exact per-PE nonzero MACs and stream sizes
  double utilization = 0;
};

// Throws MapError when a tensor has the wrong shape, and pe::PeFitError when a pass's actual data
// does not fit the SPads; a schedule inconsistency (reading an unwritten psum, an output written
// twice or never, a reused weight block of another shape) throws std::logic_error.
ExecResult execute(const Schedule& sch, const ActTensor& iacts, const WeightTensor& weights);

}  // namespace ev2::mapper
