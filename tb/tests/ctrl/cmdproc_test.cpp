// The command processor end to end against the memory model and C++ endpoints: configuration
// payloads, two concurrent stream engines, the drain through the output stage to memory,
// parameter loading, barriers, END and a bad opcode; random stalls on every port.
#include <gtest/gtest.h>

#include <vector>

#include "Vev2_cmdproc.h"
#include "harness/port_bits.hpp"
#include "harness/scoreboard.hpp"
#include "harness/seed.hpp"
#include "harness/stream.hpp"
#include "model/arith.hpp"
#include "model/output_stage.hpp"
#include "rtlsim/memory_model.hpp"
#include "rtlsim/sim.hpp"
#include "runtime/command_list.hpp"

namespace ev2::tb {
namespace {

using runtime::ChannelParams;
using runtime::CommandList;

MemoryPort bind(Vev2_cmdproc& d) { return bind_memory_port(d); }

// A word on the configuration bus or a stream, with its routing tag.
struct Tagged {
  uint64_t data;
  uint32_t target;
  bool last;
  bool operator==(const Tagged& o) const { return data == o.data && target == o.target && last == o.last; }
};

}  // namespace
}  // namespace ev2::tb

template <>
struct fmt::formatter<ev2::tb::Tagged> : fmt::formatter<std::string> {
  auto format(const ev2::tb::Tagged& t, format_context& ctx) const {
    return fmt::formatter<std::string>::format(
        fmt::format("{{0x{:x} to 0x{:04x}{}}}", t.data, t.target, t.last ? " last" : ""), ctx);
  }
};

namespace ev2::tb {
namespace {

struct Bench {
  Rng rng;
  Sim<Vev2_cmdproc> sim;
  Vev2_cmdproc& d;
  MemoryModel mem;
  StreamSink<Tagged> cfg;
  StreamSink<Tagged> st0, st1;
  StreamSource<uint64_t> psums;
  Scoreboard<Tagged> cfg_sb{"config bus"}, st0_sb{"stream 0"}, st1_sb{"stream 1"};

  Bench(Rng r, double stall, MemoryConfig mc)
      : rng(r),
        d(sim.dut()),
        mem("mem", bind(d), mc, rng.fork()),
        cfg(
            "cfg", [this](bool rd) { d.cfg_ready_i = rd; }, [this] { return d.cfg_valid_o != 0; },
            [this] {
              return Tagged{d.cfg_data_o, d.cfg_target_o, d.cfg_last_o != 0};
            },
            rng.fork(), stall),
        st0(
            "stream0", [this](bool rd) { set_bit(d.st_ready_i, 0, rd); }, [this] { return (d.st_valid_o & 1) != 0; },
            [this] {
              return Tagged{d.st_data_o & 0xffffff, d.st_target_o & 0xffff, (d.st_last_o & 1) != 0};
            },
            rng.fork(), stall),
        st1(
            "stream1", [this](bool rd) { set_bit(d.st_ready_i, 1, rd); }, [this] { return (d.st_valid_o & 2) != 0; },
            [this] {
              return Tagged{(d.st_data_o >> 24) & 0xffffff, d.st_target_o >> 16, (d.st_last_o & 2) != 0};
            },
            rng.fork(), stall),
        psums(
            "psums",
            [this](bool v, uint64_t w) {
              d.drain_valid_i = v;
              d.drain_data_i = w;
            },
            [this] { return d.drain_ready_o != 0; }, rng.fork(), stall) {
    d.start_i = 0;
    d.array_idle_i = 1;
    d.streams_in_idle_i = 1;
    cfg.on_word([this](const Tagged& t) { cfg_sb.observe(t); });
    st0.on_word([this](const Tagged& t) { st0_sb.observe(t); });
    st1.on_word([this](const Tagged& t) { st1_sb.observe(t); });
    for (Component* c : std::vector<Component*>{&mem, &cfg, &st0, &st1, &psums}) sim.add(*c);
    sim.reset();
  }

  void run(const CommandList& list, uint64_t at) {
    mem.write_bytes(at, list.bytes());
    d.cmd_addr_i = static_cast<uint32_t>(at);
    d.cmd_words_i = static_cast<uint32_t>(list.words().size());
    d.start_i = 1;
    sim.step();
    d.start_i = 0;
    sim.run_until([&] { return d.busy_o == 0; }, 200000, "command list finished");
  }
};

std::vector<uint32_t> random_words(Rng& rng, int n) {
  std::vector<uint32_t> w(static_cast<size_t>(n));
  for (auto& x : w) x = static_cast<uint32_t>(rng.uniform(0, 0xffffff));
  return w;
}

void full_list(double stall, MemoryConfig mc, bool relu, bool out_signed) {
  Rng rng = test_rng();
  Bench b(rng.fork(), stall, mc);
  CommandList list;
  // Configuration payload.
  std::vector<uint64_t> cfg_words{0x1111, 0x2222, 0xdeadbeefcafef00dULL};
  list.config(0x0102, cfg_words);
  for (size_t i = 0; i < cfg_words.size(); ++i) b.cfg_sb.expect({cfg_words[i], 0x0102, i + 1 == cfg_words.size()});
  // One-word messages in a CFGLIST: each goes out with its own target, as a whole message.
  for (int i = 0; i < 5; ++i) {
    const auto target = static_cast<uint16_t>(rng.uniform(0, 0xffff));
    const uint64_t word = rng.next() >> 16;
    list.config_word(target, word);
    b.cfg_sb.expect({word, target, true});
  }
  // Two streams at once.
  const auto w0 = random_words(rng, 101), w1 = random_words(rng, 37);
  b.mem.write_bytes(0x10000, runtime::pack_words24(w0));
  b.mem.write_bytes(0x20000, runtime::pack_words24(w1));
  list.stream(0, 0x0201, 0x10000, 101);
  list.stream(1, 0x0305, 0x20000, 37);
  for (size_t i = 0; i < w0.size(); ++i) b.st0_sb.expect({w0[i], 0x0201, i + 1 == w0.size()});
  for (size_t i = 0; i < w1.size(); ++i) b.st1_sb.expect({w1[i], 0x0305, i + 1 == w1.size()});
  list.wait(runtime::WaitStreams);
  // Output-stage parameters and a drain of 6 positions x 7 channels (odd m0: skipped halves).
  const uint32_t windows = 6, m0 = 7, base = 10;
  std::vector<ChannelParams> params;
  for (uint32_t m = 0; m < m0; ++m)
    params.push_back({static_cast<int32_t>(rng.uniform(-3000, 3000)), static_cast<uint16_t>(rng.uniform(1, 4000)),
                      static_cast<uint8_t>(rng.uniform(0, 12))});
  list.mode(relu, out_signed);
  list.params(base, params);
  list.drain(0x0003, 0x30000, windows, m0, base);
  std::vector<uint8_t> want;
  uint64_t sat = 0;
  for (uint32_t f = 0; f < windows; ++f) {
    for (uint32_t w = 0; w < (m0 + 1) / 2; ++w) {
      const int32_t lo = static_cast<int32_t>(rng.uniform(PSUM_MIN, PSUM_MAX)) >> rng.uniform(0, 12);
      const int32_t hi =
          2 * w + 1 < m0 ? static_cast<int32_t>(rng.uniform(PSUM_MIN, PSUM_MAX)) >> rng.uniform(0, 12) : 0x5a5a5;
      b.psums.push((static_cast<uint64_t>(static_cast<uint32_t>(hi) & 0xfffff) << 20) |
                   (static_cast<uint32_t>(lo) & 0xfffff));
      for (int h = 0; h < 2; ++h) {
        const uint32_t m = 2 * w + static_cast<uint32_t>(h);
        if (m >= m0) continue;
        const auto& p = params[m];
        const auto s = output_stage_steps(h ? hi : lo, p.bias, p.mult, p.shift, relu, out_signed);
        want.push_back(static_cast<uint8_t>(s.out));
        sat += s.saturated != 0;
      }
    }
  }
  list.wait(runtime::WaitDrain | runtime::WaitArray);
  list.end();
  b.run(list, 0x0);
  EXPECT_EQ(b.d.done_o, 1);
  EXPECT_EQ(b.d.error_o, 0);
  EXPECT_EQ(b.d.commands_o, 10u);
  b.cfg_sb.check_drained();
  b.st0_sb.check_drained();
  b.st1_sb.check_drained();
  EXPECT_TRUE(b.psums.idle()) << "the drain did not take every psum word";
  EXPECT_EQ(b.mem.read_bytes(0x30000, want.size()), want);
  EXPECT_EQ(b.d.sat_low_o + b.d.sat_high_o, sat);
  // Exactly ceil(42 / 8) beats were written, the last one partial.
  EXPECT_EQ(b.mem.stats().write_beats, 6u);
  EXPECT_EQ(b.mem.stats().bytes_written, 42u);
}

TEST(CmdProc, FullListFastMemory) { full_list(0.0, MemoryConfig{1 << 20, 5, 0, 8.0, 0.0}, true, false); }
TEST(CmdProc, FullListStallsEverywhere) { full_list(0.4, MemoryConfig{1 << 20, 25, 10, 4.0, 0.3}, false, true); }
TEST(CmdProc, FullListSignedRelu) { full_list(0.2, MemoryConfig{1 << 20, 12, 3, 8.0, 0.1}, true, true); }

TEST(CmdProc, BadOpcodeStopsWithError) {
  Rng rng = test_rng();
  Bench b(rng.fork(), 0.0, MemoryConfig{1 << 16, 5, 0, 8.0, 0.0});
  CommandList list;
  list.mode(false, false);
  list.raw(0x7fULL << 56);
  list.config(0x1, {1, 2});  // never reached
  list.end();
  b.run(list, 0x100);
  EXPECT_EQ(b.d.error_o, 1);
  EXPECT_EQ(b.d.error_op_o, 0x7f);
  EXPECT_EQ(b.d.done_o, 0);
  EXPECT_EQ(b.cfg.count(), 0u);
}

// A STREAM naming an engine the processor does not have (this model has two) is a bad command
// too: the list stops at its header, nothing is streamed.
TEST(CmdProc, StreamToAMissingEngineStopsWithError) {
  Rng rng = test_rng();
  Bench b(rng.fork(), 0.0, MemoryConfig{1 << 16, 5, 0, 8.0, 0.0});
  CommandList list;
  list.stream(2, 0x0141, 0x800, 4);
  list.config(0x1, {1, 2});  // never reached
  list.end();
  b.run(list, 0x100);
  EXPECT_EQ(b.d.error_o, 1);
  EXPECT_EQ(b.d.error_op_o, static_cast<int>(runtime::Op::Stream));
  EXPECT_EQ(b.d.done_o, 0);
  EXPECT_EQ(b.st0.count() + b.st1.count(), 0u);
  EXPECT_EQ(b.cfg.count(), 0u);
}

// A WAIT on `bits` holds the CONFIG behind it while `set_idle(bench, false)` keeps its condition
// false, and lets it through once the condition holds.
template <class SetIdle>
void expect_wait_holds(uint32_t bits, SetIdle set_idle, const char* what) {
  Rng rng = test_rng();
  Bench b(rng.fork(), 0.0, MemoryConfig{1 << 16, 5, 0, 8.0, 0.0});
  set_idle(b, false);
  CommandList list;
  list.wait(bits);
  list.config(0x7, {42});
  list.end();
  b.cfg_sb.expect({42, 0x7, true});
  b.mem.write_bytes(0, list.bytes());
  b.d.cmd_addr_i = 0;
  b.d.cmd_words_i = static_cast<uint32_t>(list.words().size());
  b.d.start_i = 1;
  b.sim.step();
  b.d.start_i = 0;
  b.sim.step(200);
  EXPECT_EQ(b.cfg.count(), 0u) << "configuration passed a WAIT on " << what;
  EXPECT_EQ(b.d.busy_o, 1);
  EXPECT_EQ(b.d.stall_o, 0x8) << "the stall output names the barrier";
  set_idle(b, true);
  b.sim.run_until([&] { return b.d.busy_o == 0; }, 1000, "list finished");
  b.cfg_sb.check_drained();
  EXPECT_EQ(b.d.done_o, 1);
}

TEST(CmdProc, WaitHoldsUntilTheArrayIsIdle) {
  expect_wait_holds(
      runtime::WaitArray, [](Bench& b, bool idle) { b.d.array_idle_i = idle; }, "a busy array");
}

// The engines are idle, but the array's input registers still hold stream words (a router must
// not be re-set under them).
TEST(CmdProc, WaitForStreamsHoldsUntilTheirWordsAreInTheArray) {
  expect_wait_holds(
      runtime::WaitStreams, [](Bench& b, bool idle) { b.d.streams_in_idle_i = idle; },
      "stream words still entering the array");
}

// Consecutive one-word messages share one CFGLIST header; anything between them starts a new list.
TEST(CmdProc, OneWordMessagesShareACfgList) {
  CommandList l;
  l.config_word(0x0110, 0x35);
  l.config_word(0xff61, 0x1234);
  l.wait(runtime::WaitArray);
  l.config_word(0x0010, 7);
  ASSERT_EQ(l.words().size(), 6u);
  EXPECT_EQ(iface::CfglistHdr::unpack(l.words()[0]).words, 2u);
  EXPECT_EQ(runtime::command_words(l.words()[0]), 3u);
  EXPECT_EQ(iface::CfgListEntry::unpack(l.words()[2]), (iface::CfgListEntry{.target = 0xff61, .data = 0x1234}));
  EXPECT_EQ(iface::opcode(l.words()[3]), runtime::Op::Wait);
  EXPECT_EQ(iface::CfglistHdr::unpack(l.words()[4]).words, 1u);
  EXPECT_THROW(l.config_word(0x0010, uint64_t{1} << 48), std::invalid_argument);
}

TEST(CmdProc, CommandListEncoderRejectsBadArguments) {
  CommandList l;
  EXPECT_THROW(l.stream(32, 0, 0, 1), std::invalid_argument);  // beyond the 5-bit engine field
  EXPECT_THROW(l.stream(-1, 0, 0, 1), std::invalid_argument);
  EXPECT_THROW(l.stream(0, 0, 4, 1), std::invalid_argument);
  EXPECT_THROW(CommandList(32).stream(0, 0, 16, 1), std::invalid_argument);  // a 32-byte beat
  EXPECT_NO_THROW(CommandList(32).stream(15, 0, 64, 1));
  EXPECT_THROW(l.drain(0, 0, 1, 33, 0), std::invalid_argument);
  EXPECT_THROW(l.drain(0, 0, 1, 8, 250), std::invalid_argument);
  EXPECT_THROW(l.params(250, std::vector<ChannelParams>(10)), std::invalid_argument);
  EXPECT_THROW((ChannelParams{1 << 19, 1, 0}.word()), std::invalid_argument);
}

}  // namespace
}  // namespace ev2::tb
