// The operands of one PE pass cut out of the layer's tensors: its weight block and its iact row.
// Shared by the mapper (sparsity-aware fit of real weight blocks) and the executor.
#pragma once

#include <cstdint>
#include <vector>

#include "mapper/mapping.hpp"

namespace ev2::mapper {

// Weight block of column block (gb, mb) and reduction item `it` in the PE's order
// (m * C0 + c) * S + s (pe::PeWork::weights). Packed blocks are block-diagonal: PE channel c only
// feeds the output channels of its own group. `w` has the layer's own shape (FC: M x C x H x W).
std::vector<int8_t> weight_block_values(const Mapping& map, const WeightTensor& w, int gb, int mb,
                                        const ReductionItem& it);

// C0 x width iacts, column-major (pe::PeWork::iacts): channels [c_begin, c_begin + C0) of sample n,
// input row y, x-positions [x0, x0 + width). Positions outside the input are the zero padding.
std::vector<int16_t> iact_row_values(const Mapping& map, const ActTensor& a, int n, int c_begin, int C0, int y, int x0,
                                     int width);

// SIMD words of a weight block estimated from a weight density, without data (shape-only mapping):
// per column the expected nonzeros rounded up, plus the run breakers of block-diagonal columns.
int estimate_block_words(const Mapping& map, int M0, int C0, int sn, double weight_density);

// Throws MapError unless the tensors have the layer's dimensions (in canonical element order).
void check_tensors(const Mapping& map, const ActTensor* a, const WeightTensor* w);

}  // namespace ev2::mapper
