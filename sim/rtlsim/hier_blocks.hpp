// The models of hierarchical blocks (Verilator --hierarchical, cmake/ev2.cmake EV2_HIER_BLOCK)
// that a Verilated top creates, per VerilatedContext. Verilator 5.006 does not trace inside a
// hierarchical block, so a Sim adds each block's model to its waveform itself (sim.hpp).
//
// The blocks announce themselves: the build wraps each block's constructor call
// (<block>_protectlib_create, linked with --wrap) with generated glue that calls
// ev2_hier_block_created on the creating thread, whose Verilator context is the top's.
#pragma once

#include <cstddef>

namespace ev2::tb {

using HierTraceFn = void (*)(void* handle, void* tfp, int levels, int options);

// Adds every block model created in `context` to the trace file `tfp` (a VerilatedFstC*), before
// it is opened. Returns how many.
size_t trace_hier_blocks(const void* context, void* tfp, int levels);
// The blocks of `context` die with its top model: forget them.
void forget_hier_blocks(const void* context);
size_t hier_blocks(const void* context);

}  // namespace ev2::tb

extern "C" void ev2_hier_block_created(const void* context, void* handle, ev2::tb::HierTraceFn trace);
