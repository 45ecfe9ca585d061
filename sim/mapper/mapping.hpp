// The tiling of one layer onto the array (RS+, docs/mapper.md): what each PE holds and how the
// layer's loops are cut. map_layer() decides it; build_schedule() (schedule.hpp) expands it into
// the ordered passes the command processor runs.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "csc/word.hpp"
#include "mapper/array_config.hpp"
#include "model/layer.hpp"
#include "model/tensor.hpp"

namespace ev2::mapper {

// A layer the array cannot run, or a forced tiling that does not fit. One line naming the layer
// and the limit, e.g. "layer 'conv1': M0=32 x C0=5 x S=3: weight block (group 0, m 0..31, r 0,
// c 0..4, s 0..2) needs 103 SIMD words, the weight data SPad holds 96".
class MapError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct MapOptions {
  bool dense = false;        // dense mode: address SPads bypassed, every value streamed
  bool iact_signed = false;  // iacts signed (else unsigned, e.g. after ReLU)
  // The real weights (M x C/G x R x S, the layer's own shape). Given: M0 is chosen so that every
  // encoded weight block fits the weight SPads (sparsity-aware packing). Not given: the blocks are
  // sized from weight_density (an estimate; the executor re-checks every block).
  const WeightTensor* weights = nullptr;
  double weight_density = 1.0;       // nonzero fraction assumed without weights, and for statistics
  double iact_density = 1.0;         // statistics only: iact windows are sized for fully dense data
  bool split_filter_columns = true;  // a kernel wider than a PE window is cut into column chunks
  // 0 = the mapper's choice; otherwise used as given and checked (MapError when it does not fit).
  int force_c0 = 0;
  int force_m0 = 0;
  // Weight sharing across groups (Mapping::share_weights): the estimate's choice, or forced.
  enum class Share { Auto, Off, On } share = Share::Auto;
  // Groups per sharing set (Mapping::share_groups): 0 = the estimate's choice, else used as given
  // (a power of two dividing the groups, or all of them; MapError otherwise). Implies sharing.
  int share_groups = 0;
};

// The layer as the mapper sees it: a grouped convolution. FC layers are flattened to a 1x1
// convolution over C*H*W channels (the NCHW data order is unchanged, so tensors are just reshaped).
struct CanonLayer {
  int N = 1, G = 1, Cg = 1, Mg = 1, H = 1, W = 1, R = 1, S = 1, U = 1, pad_h = 0, pad_w = 0;
  int E = 1, F = 1;
  bool fc_flattened = false;
};
CanonLayer canonical(const LayerShape& l);

// One PE's share of the reduction: filter row r, channels [c0, c0+cn) of its group, filter
// columns [s0, s0+sn). Packed depthwise layers have cn = 1 (the PE's C0 counts groups instead).
struct ReductionItem {
  int r = 0, c0 = 0, cn = 1, s0 = 0, sn = 1;
};

struct Mapping {
  LayerShape layer;
  CanonLayer canon;
  ArrayConfig array;
  csc::Mode mode = csc::Mode::Compressed;
  csc::Sign sign = csc::Sign::Unsigned;
  double weight_density = 1.0, iact_density = 1.0;  // for statistics

  // Block-diagonal packing (C/G == 1: depthwise, with channel multiplier M/G): one PE takes gk
  // whole groups; its weight block is diagonal and CSC stores it without the zeros.
  bool packed = false;
  int gk = 1;                        // groups per PE block (1 unless packed)
  int C0 = 1;                        // largest channel chunk per PE (packed: = gk)
  int S0 = 1;                        // largest filter-column chunk per PE
  int M0g = 1;                       // output channels per group per column block
  int M0 = 1;                        // output channels per column (packed: gk * M0g)
  int n_gblocks = 1, n_mblocks = 1;  // column blocks: groups x output channels

  std::vector<ReductionItem> items;  // the reduction of one output, in chain order (bottom PE first)
  int chains = 1;                    // ceil(items / pe_rows): > 1 accumulates in the psum bank

  int Ft = 1, n_ftiles = 1;  // output positions per pass (F of the PE config)
  int Et = 1, n_etiles = 1;  // output rows per column job (weights reused across them)
  // Groups split the output tiles and share the column blocks (docs/mapper.md rule 10): the groups
  // of a wave load the same weight blocks, which leave memory once as broadcast streams. The tiles
  // are padded to a multiple of the groups with discarded passes (zero iact rows, never drained).
  bool share_weights = false;
  // The groups that share are sets of share_groups consecutive groups (all of them, or an aligned
  // power of two: one group-set code, docs/interface.md); the sets take different column blocks.
  int share_groups = 1;
  int share_sets() const { return array.groups() / share_groups; }

  int jobs() const { return canon.N * n_gblocks * n_mblocks * n_etiles * n_ftiles; }
  // First global input / output channel and counts of a column block.
  int block_groups(int gb) const;           // groups in block gb (packed: <= gk)
  int block_m_count(int gb, int mb) const;  // output channels of the column (its M0)
  int block_m_begin(int gb, int mb) const;
  int pe_c0(int gb, const ReductionItem& it) const { return packed ? block_groups(gb) : it.cn; }
  int pe_c_begin(int gb, const ReductionItem& it) const { return packed ? gb * gk : gb * canon.Cg + it.c0; }

  std::string describe() const;  // one line: the tiling
};

// Chooses the tiling. Throws MapError for a layer that cannot run (pool layers, stride > 4) or a
// forced tiling that does not fit; otherwise splits into as many passes as needed.
Mapping map_layer(const LayerShape& layer, const ArrayConfig& array, const MapOptions& opt = {});

}  // namespace ev2::mapper
