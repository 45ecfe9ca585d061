// The memory path (read and write DMA channels sharing the port through ev2_mem_arb) against the
// memory model: copies under random latency, bandwidth and backpressure, with a third channel
// whose consumer stalls at random and must not block the others.
#include <gtest/gtest.h>

#include <vector>

#include "Vdma_copy_tb.h"
#include "harness/seed.hpp"
#include "harness/stream.hpp"
#include "rtlsim/memory_model.hpp"
#include "rtlsim/sim.hpp"

namespace ev2::tb {
namespace {

MemoryPort bind(Vdma_copy_tb& d) { return bind_memory_port(d); }

void copy_run(const MemoryConfig& cfg, double out_stall, int beats, int beats2) {
  Rng rng = test_rng();
  Sim<Vdma_copy_tb> sim;
  auto& d = sim.dut();
  d.start_i = 0;
  MemoryModel mem("mem", bind(d), cfg, rng.fork());
  std::vector<uint8_t> src(static_cast<size_t>(beats) * 8), src2(static_cast<size_t>(beats2) * 8);
  for (auto& b : src) b = static_cast<uint8_t>(rng.uniform(0, 255));
  for (auto& b : src2) b = static_cast<uint8_t>(rng.uniform(0, 255));
  const uint64_t src_addr = 0x1000, dst_addr = 0x20000, src2_addr = 0x40000;
  mem.write_bytes(src_addr, src);
  mem.write_bytes(src2_addr, src2);
  StreamSink<uint64_t> out(
      "ch2", [&](bool r) { d.out_ready_i = r; }, [&] { return d.out_valid_o != 0; }, [&] { return d.out_data_o; },
      rng.fork(), out_stall);
  sim.add(mem);
  sim.add(out);
  sim.reset();
  d.src_i = src_addr;
  d.dst_i = dst_addr;
  d.src2_i = src2_addr;
  d.beats_i = static_cast<uint32_t>(beats);
  d.beats2_i = static_cast<uint32_t>(beats2);
  d.start_i = 1;
  sim.step();
  d.start_i = 0;
  sim.run_until([&] { return d.busy_o == 0 && mem.idle(); }, 200000, "copy done");
  EXPECT_EQ(mem.read_bytes(dst_addr, src.size()), src) << "copied region differs";
  ASSERT_EQ(out.received().size(), static_cast<size_t>(beats2));
  for (int i = 0; i < beats2; ++i) {
    uint64_t want = 0;
    for (int b = 7; b >= 0; --b) want = (want << 8) | src2[static_cast<size_t>(i * 8 + b)];
    EXPECT_EQ(out.received()[static_cast<size_t>(i)], want) << "channel 2 beat " << i;
  }
  EXPECT_EQ(mem.stats().bytes_read, 8u * static_cast<uint64_t>(beats + beats2));
  EXPECT_EQ(mem.stats().bytes_written, 8u * static_cast<uint64_t>(beats));
}

TEST(Dma, CopyFastMemory) { copy_run(MemoryConfig{1 << 20, 4, 0, 8.0, 0.0}, 0.0, 300, 100); }
TEST(Dma, CopySlowJitteryMemoryWithStalls) { copy_run(MemoryConfig{1 << 20, 30, 20, 3.0, 0.3}, 0.5, 200, 150); }
// Channel 2's consumer almost never takes data: channels 0 and 1 must still finish their copy.
TEST(Dma, SlowConsumerDoesNotBlockOtherChannels) { copy_run(MemoryConfig{1 << 20, 10, 5, 8.0, 0.1}, 0.97, 300, 40); }

TEST(Dma, StreamsAtPortBandwidth) {
  Rng rng = test_rng();
  Sim<Vdma_copy_tb> sim;
  auto& d = sim.dut();
  d.start_i = 0;
  MemoryModel mem("mem", bind(d), MemoryConfig{1 << 20, 20, 0, 8.0, 0.0}, rng.fork());
  StreamSink<uint64_t> out(
      "ch2", [&](bool r) { d.out_ready_i = r; }, [&] { return d.out_valid_o != 0; }, [&] { return d.out_data_o; },
      rng.fork(), 0.0);
  sim.add(mem);
  sim.add(out);
  sim.reset();
  d.src_i = 0;
  d.dst_i = 0;
  d.beats_i = 0;
  d.beats2_i = 2000;
  d.src2_i = 0;
  d.start_i = 1;
  sim.step();
  d.start_i = 0;
  const uint64_t cycles = sim.run_until([&] { return d.busy_o == 0; }, 100000, "stream done");
  // One beat per cycle after the latency: the channel's 32 reads in flight cover 20 cycles.
  fmt::print("[  FIGURE  ] one read channel, latency 20: {} beats in {} cycles ({:.2f} beats/cycle)\n", 2000, cycles,
             2000.0 / static_cast<double>(cycles));
  EXPECT_LE(cycles, 2000u + 20 + 10);
}

}  // namespace
}  // namespace ev2::tb
