// Width converters between the 64-bit memory port and the 24-bit NoC words / 8-bit output bytes.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "Vpack.h"
#include "Vunpack.h"
#include "Vunpack_peek.h"
#include "harness/scoreboard.hpp"
#include "harness/seed.hpp"
#include "harness/stream.hpp"
#include "rtlsim/sim.hpp"

namespace ev2::tb {
namespace {

// 24-bit words packed LSB first into 64-bit beats, as the mapper lays them out in memory.
std::vector<uint64_t> pack_words(const std::vector<uint32_t>& words) {
  std::vector<uint64_t> beats((words.size() * 24 + 63) / 64, 0);
  for (size_t i = 0; i < words.size(); ++i) {
    for (int b = 0; b < 24; ++b) {
      const size_t bit = i * 24 + static_cast<size_t>(b);
      if ((words[i] >> b) & 1) beats[bit / 64] |= uint64_t{1} << (bit % 64);
    }
  }
  return beats;
}

TEST(Unpack, SequencesOfRandomLengthUnderStalls) {
  Rng rng = test_rng();
  for (double stall : {0.0, 0.3, 0.7}) {
    Sim<Vunpack> sim;
    sim->start_i = 0;
    sim->take2_i = 0;
    StreamSource<uint64_t> in(
        "beats",
        [&](bool v, uint64_t d) {
          sim->valid_i = v;
          sim->data_i = d;
        },
        [&] { return sim->ready_o != 0; }, rng.fork(), stall);
    StreamSink<uint32_t> out(
        "words", [&](bool r) { sim->ready_i = r; }, [&] { return sim->valid_o != 0; },
        [&] { return static_cast<uint32_t>(sim->data_o) | (sim->last_o ? 1u << 31 : 0); }, rng.fork(), stall);
    Scoreboard<uint32_t> sb("words");
    out.on_word([&](uint32_t w) { sb.observe(w); });
    sim.add(in);
    sim.add(out);
    sim.reset();
    for (int seq = 0; seq < 30; ++seq) {
      const int n = static_cast<int>(rng.uniform(1, 40));
      std::vector<uint32_t> words(static_cast<size_t>(n));
      for (int i = 0; i < n; ++i) {
        words[static_cast<size_t>(i)] = static_cast<uint32_t>(rng.uniform(0, 0xffffff));
        sb.expect(words[static_cast<size_t>(i)] | (i == n - 1 ? 1u << 31 : 0));
      }
      for (uint64_t b : pack_words(words)) in.push(b);
      sim->count_i = static_cast<uint16_t>(n);
      sim->start_i = 1;
      sim.step();
      sim->start_i = 0;
      sim.run_until([&] { return sb.drained() && in.idle(); }, 2000, "sequence unpacked");
      sim.step();
      EXPECT_EQ(sim->busy_o, 0);
    }
  }
}

TEST(Unpack, OneWordPerCycle) {
  Rng rng = test_rng();
  Sim<Vunpack> sim;
  sim->start_i = 0;
  sim->take2_i = 0;
  StreamSource<uint64_t> in(
      "beats",
      [&](bool v, uint64_t d) {
        sim->valid_i = v;
        sim->data_i = d;
      },
      [&] { return sim->ready_o != 0; }, rng.fork(), 0.0);
  StreamSink<uint32_t> out(
      "words", [&](bool r) { sim->ready_i = r; }, [&] { return sim->valid_o != 0; },
      [&] { return static_cast<uint32_t>(sim->data_o); }, rng.fork(), 0.0);
  sim.add(in);
  sim.add(out);
  sim.reset();
  std::vector<uint32_t> words(800, 0x123456);
  for (uint64_t b : pack_words(words)) in.push(b);
  sim->count_i = 800;
  sim->start_i = 1;
  sim.step();
  sim->start_i = 0;
  const uint64_t cycles = sim.run_until([&] { return out.count() == 800; }, 5000, "all words");
  EXPECT_LE(cycles, 803u);
}

// The command processor's view (InW = 256 here, OutW = 64, Peek = 2): the next two words shown at
// once, one or two taken per cycle at random, under random stalls on both sides; every word must
// come out once, in order, and a sequence's padding (the rest of its last beat) never.
using Beat256 = std::array<uint64_t, 4>;

class PeekSink : public Component {
 public:
  PeekSink(Vunpack_peek& dut, Rng rng, double stall) : dut_(dut), rng_(std::move(rng)), stall_(stall) {}
  void drive() override {
    ready_ = !rng_.bernoulli(stall_);
    take2_ = ready_ && dut_.avail_o >= 2 && rng_.bernoulli(0.5);
    dut_.ready_i = ready_;
    dut_.take2_i = take2_;
  }
  void sample() override {
    if (!dut_.valid_o || !ready_) return;
    ASSERT_GE(dut_.avail_o, take2_ ? 2u : 1u) << "cycle " << cycle();
    got.push_back(word(0));
    if (take2_) got.push_back(word(1));
  }
  std::vector<uint64_t> got;

 private:
  uint64_t word(int k) const { return dut_.data_o[2 * k] | static_cast<uint64_t>(dut_.data_o[2 * k + 1]) << 32; }
  Vunpack_peek& dut_;
  Rng rng_;
  double stall_;
  bool ready_ = false, take2_ = false;
};

TEST(Unpack, PeekTwoWordsTakesOneOrTwoPerCycle) {
  Rng rng = test_rng();
  for (double stall : {0.0, 0.3, 0.7}) {
    Sim<Vunpack_peek> sim;
    sim->start_i = 0;
    StreamSource<Beat256> in(
        "beats",
        [&](bool v, const Beat256& d) {
          sim->valid_i = v;
          for (int k = 0; k < 4; ++k) {
            sim->data_i[2 * k] = static_cast<uint32_t>(d[static_cast<size_t>(k)]);
            sim->data_i[2 * k + 1] = static_cast<uint32_t>(d[static_cast<size_t>(k)] >> 32);
          }
        },
        [&] { return sim->ready_o != 0; }, rng.fork(), stall);
    PeekSink out(sim.dut(), rng.fork(), stall);
    sim.add(in);
    sim.add(out);
    sim.reset();
    std::vector<uint64_t> want;
    for (int seq = 0; seq < 30; ++seq) {
      const int n = static_cast<int>(rng.uniform(1, 40));
      std::vector<uint64_t> words(static_cast<size_t>(n));
      for (auto& w : words) w = rng.next();
      want.insert(want.end(), words.begin(), words.end());
      for (size_t b = 0; b < words.size(); b += 4) {
        Beat256 beat;
        for (size_t k = 0; k < 4; ++k) beat[k] = b + k < words.size() ? words[b + k] : rng.next();  // padding
        in.push(beat);
      }
      sim->count_i = static_cast<uint16_t>(n);
      sim->start_i = 1;
      sim.step();
      sim->start_i = 0;
      sim.run_until([&] { return out.got.size() == want.size() && in.idle(); }, 2000, "sequence unpacked");
      sim.step();
      EXPECT_EQ(sim->busy_o, 0);
    }
    EXPECT_EQ(out.got, want) << "stall " << stall;
  }
}

struct Beat {
  uint64_t data;
  uint8_t strb;
  bool last;
  bool operator==(const Beat& o) const { return data == o.data && strb == o.strb && last == o.last; }
};

// One input of the packer: one or two bytes (the drain's two output-stage lanes).
struct ByteGroup {
  uint8_t bytes[2];
  int count;
  bool last;
};

void drive(Vpack& dut, bool valid, const ByteGroup& g) {
  dut.valid_i = valid;
  dut.data_i = static_cast<uint16_t>(g.bytes[0] | (g.bytes[1] << 8));
  dut.count_i = static_cast<uint8_t>(g.count);
  dut.last_i = g.last;
}

// Sequences of random length, offered one or two bytes at a time: a pair that completes a beat
// with a byte to spare starts the next beat with it.
TEST(Pack, OneOrTwoBytesPerCycleToBeatsWithPartialLastBeats) {
  Rng rng = test_rng();
  for (double stall : {0.0, 0.4, 0.8}) {
    Sim<Vpack> sim;
    StreamSource<ByteGroup> in(
        "bytes", [&](bool v, const ByteGroup& g) { drive(sim.dut(), v, g); }, [&] { return sim->ready_o != 0; },
        rng.fork(), stall);
    StreamSink<Beat> out(
        "beats", [&](bool r) { sim->ready_i = r; }, [&] { return sim->valid_o != 0; },
        [&] {
          return Beat{sim->data_o, sim->strb_o, sim->last_o != 0};
        },
        rng.fork(), stall);
    sim.add(in);
    sim.add(out);
    sim.reset();
    std::vector<Beat> want;
    int spilled = 0;  // pairs split across two beats
    for (int seq = 0; seq < 60; ++seq) {
      const int n = static_cast<int>(rng.uniform(1, 40));
      Beat cur{0, 0, false};
      int lane = 0;
      for (int i = 0; i < n;) {
        ByteGroup g{{static_cast<uint8_t>(rng.uniform(0, 255)), static_cast<uint8_t>(rng.uniform(0, 255))},
                    (i + 1 < n && rng.bernoulli(0.7)) ? 2 : 1,
                    false};
        g.last = i + g.count == n;
        spilled += g.count == 2 && lane == 7;
        in.push(g);
        for (int k = 0; k < g.count; ++k, ++i) {
          cur.data |= static_cast<uint64_t>(g.bytes[k]) << (8 * lane);
          cur.strb |= static_cast<uint8_t>(1u << lane);
          if (++lane == 8 || i == n - 1) {
            cur.last = i == n - 1;
            want.push_back(cur);
            cur = Beat{0, 0, false};
            lane = 0;
          }
        }
      }
    }
    EXPECT_GT(spilled, 10) << "the random mix must split pairs across beats";
    sim.run_until([&] { return out.count() == want.size(); }, 40000, "all beats");
    sim.step(3);
    ASSERT_EQ(out.received().size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(out.received()[i].data, want[i].data) << "beat " << i;
      EXPECT_EQ(out.received()[i].strb, want[i].strb) << "beat " << i;
      EXPECT_EQ(out.received()[i].last, want[i].last) << "beat " << i;
    }
  }
}

// Two bytes every cycle fill a beat in four cycles; 1, 2, 1, 2, ... spills every other beat and
// still takes a group every cycle.
TEST(Pack, FullRate) {
  for (bool alternate : {false, true}) {
    Sim<Vpack> sim;
    sim.reset();
    sim->ready_i = 1;
    int beats = 0;
    int bytes = 0;
    for (int c = 0; c < 800; ++c) {
      const int count = alternate ? 1 + (c & 1) : 2;
      drive(sim.dut(), true, ByteGroup{{static_cast<uint8_t>(c), static_cast<uint8_t>(c + 1)}, count, false});
      EXPECT_EQ(sim->ready_o, 1) << "cycle " << c;
      bytes += count;
      sim.step();
      beats += sim->valid_o;
    }
    EXPECT_GE(beats, bytes / 8 - 1) << (alternate ? "1, 2, 1, 2 bytes" : "2 bytes") << " per cycle";
  }
}

}  // namespace
}  // namespace ev2::tb
