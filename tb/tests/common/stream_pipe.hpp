// Shared bench for one-input one-output stream blocks (FIFO, spill register): random words in,
// random stalls on both sides, in-order scoreboard out.
#pragma once

#include <cstdint>

#include "harness/scoreboard.hpp"
#include "harness/seed.hpp"
#include "harness/stream.hpp"
#include "rtlsim/sim.hpp"

namespace ev2::tb {

struct PipeResult {
  uint64_t cycles;
  uint64_t words;
};

// Pushes `words` random 16-bit words through the DUT; the DUT must have valid_i/ready_o/data_i and
// valid_o/ready_i/data_o. Returns the cycles the transfer took.
template <class Model>
PipeResult run_stream_pipe(Sim<Model>& sim, Rng& rng, int words, double in_stall, double out_stall) {
  auto& dut = sim.dut();
  StreamSource<uint16_t> src(
      "in",
      [&](bool v, uint16_t d) {
        dut.valid_i = v;
        dut.data_i = d;
      },
      [&] { return dut.ready_o != 0; }, rng.fork(), in_stall);
  StreamSink<uint16_t> sink(
      "out", [&](bool r) { dut.ready_i = r; }, [&] { return dut.valid_o != 0; },
      [&] { return static_cast<uint16_t>(dut.data_o); }, rng.fork(), out_stall);
  Scoreboard<uint16_t> sb("out");
  sink.on_word([&](uint16_t w) { sb.observe(w); });
  for (int i = 0; i < words; ++i) {
    const auto w = static_cast<uint16_t>(rng.uniform(0, 0xffff));
    src.push(w);
    sb.expect(w);
  }
  sim.add(src);
  sim.add(sink);
  sim.reset();
  const uint64_t cycles =
      sim.run_until([&] { return sb.drained(); }, 100 * static_cast<uint64_t>(words) + 100, "all words out");
  sb.check_drained();
  return {cycles, static_cast<uint64_t>(words)};
}

}  // namespace ev2::tb
