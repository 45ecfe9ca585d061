// A layer as the accelerator runs it: the command list and the memory image that carry out a
// mapper Schedule on ev2_top (docs/runtime.md), and the map of where the outputs land.
//
//   Schedule sch = mapper::build_schedule(mapper::map_layer(layer, array, opt));
//   LayerProgram prog = compile_layer(sch, iacts, weights, params);
//   ... load prog.image into memory, write CMD_ADDR / CMD_WORDS, start (runtime/accelerator.hpp)
//   ActTensor out = prog.gather(memory);   // N x M x E x F output activations
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "mapper/schedule.hpp"
#include "model/output_stage.hpp"
#include "model/tensor.hpp"
#include "runtime/command_list.hpp"

namespace ev2::runtime {

// A program that cannot be built for this hardware (a stream longer than an iact bank, psums that
// do not fit a psum bank); one line naming the layer and the limit.
class ProgramError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The hardware sizes the program is laid out for (generated from rtl/pkg/ev2_interface.json, which
// the top reports in CONFIG2; docs/glb.md).
struct HardwareLimits {
  int iact_bank_words = iface::kIactBankWords;  // 24-bit NoC words per iact bank
  int psum_bank_words = iface::kPsumBankWords;  // 40-bit psum words (two psums) per psum bank
  // Output-stage parameter table: slots of 32 channels (a drain's largest m0), 8 of 256 entries.
  int param_slots = iface::kParamTableDepth / 32;
  int param_slot_size = 32;
};

// One drain's outputs in memory: windows x M0 bytes, window-major, for sample n, output row e,
// positions [f0, f0 + F), channels [m_begin, m_begin + M0).
struct OutputTile {
  uint64_t addr = 0;
  int n = 0, e = 0, f0 = 0, F = 0, m_begin = 0, M0 = 0;
};

struct ProgramStats {
  uint64_t commands = 0;  // commands in the list (END included)
  uint64_t list_words = 0;
  uint64_t phases = 0;            // lockstep phases (each ends with a barrier on the whole array)
  uint64_t pe_passes = 0;         // PE passes configured, pass-throughs included
  uint64_t weight_words = 0;      // 24-bit words streamed to weight routers
  uint64_t weight_headers = 0;    // block headers before them (docs/noc.md), consumed by the all-to-all
  uint64_t iact_words = 0;        // 24-bit words streamed into iact banks
  uint64_t iact_reads = 0;        // words read out of iact banks into the NoC (multicast counted once)
  uint64_t iact_row_reads = 0;    // iact bank read sequences: each also reads the row's length word
  uint64_t iact_row_hits = 0;     // phase rows read from a bank that already held them (not streamed)
  uint64_t iact_longest_row = 0;  // words of the longest iact row stream
  uint64_t iact_slots = 0;        // rows an iact bank holds (bank words / longest row stream)
  uint64_t psum_bank_words = 0;   // psum bank words written (two psums each)
  uint64_t drains = 0, drain_words = 0;
  uint64_t router_configs = 0;
  uint64_t broadcasts = 0;         // configuration messages sent to every group at once
  uint64_t stream_broadcasts = 0;  // weight / iact streams sent to every group at once
  uint64_t weight_bytes_read = 0;  // what the stream engines read from memory for weights
  uint64_t iact_bytes_read = 0;    // ... and for iact rows
  uint64_t macs = 0;               // nominal MACs of the PE passes (pass-throughs excluded)
  uint64_t nonzero_macs = 0;       // exact, from the encoded operands of every pass
  uint64_t image_bytes = 0;        // command list + weights + iacts
  uint64_t output_bytes = 0;       // output region (drains, each aligned to a memory beat)
};

struct LayerProgram {
  std::string layer_name;
  LayerShape layer;
  // The configuration it was compiled for; the runtime compares it with the top's CONFIG and
  // CONFIG2 registers before it starts the list.
  mapper::ArrayConfig array;
  CommandList list;
  uint64_t list_addr = 0;
  // The memory image: (byte address, bytes); the command list is the first entry.
  std::vector<std::pair<uint64_t, std::vector<uint8_t>>> image;
  std::vector<OutputTile> tiles;
  uint64_t memory_bytes = 0;  // smallest memory holding image and outputs
  ProgramStats stats;

  // The N x M x E x F output activations from memory after the run (every element is written by
  // exactly one tile; compile_layer checks that). read(addr, n) returns n bytes at addr.
  ActTensor gather(const std::function<std::vector<uint8_t>(uint64_t, size_t)>& read, bool out_signed) const;
};

struct ProgramOptions {
  uint64_t base_addr = 0x1000;  // where the command list starts; the data follow
  HardwareLimits limits{};
  // GLB bank sides as one-word linear configurations in CFGLISTs (unit glb_linear); false: the
  // full two-word bank configuration, one CONFIG each (unit glb), slower but the same result:
  // the tests draw it so that both paths through the array stay covered.
  bool linear_glb = true;
};

// Builds the command list and memory image of a schedule for these tensors and output-stage
// parameters. Throws ProgramError (the hardware cannot carry it), mapper::MapError (tensor shapes)
// or pe::PeFitError (a pass's actual data does not fit the SPads).
LayerProgram compile_layer(const mapper::Schedule& sch, const ActTensor& iacts, const WeightTensor& weights,
                           const OutputStageParams& params, const ProgramOptions& opt = {});

// The linear configuration of one side of a GLB bank, one payload word of unit glb_linear
// (docs/interface.md): a run of `count` words from `base` (count <= 1023), or with `len` an iact
// row that carries its length in the bank (docs/glb.md, "Length words"; count is then ignored).
uint64_t glb_linear_config(int base, int count, bool start, bool wait_wr, bool mode, bool len = false);

}  // namespace ev2::runtime
