// The RTL output stage against the reference model's formula, element by element, with random
// parameters, both signednesses, ReLU on and off, and random stalls on both ports.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "Voutput_stage.h"
#include "harness/scoreboard.hpp"
#include "harness/seed.hpp"
#include "harness/stream.hpp"
#include "model/arith.hpp"
#include "model/output_stage.hpp"
#include "rtlsim/sim.hpp"

namespace ev2::tb {
namespace {

struct OsIn {
  int32_t psum;
  int32_t bias;
  uint16_t mult;
  uint8_t shift;
  uint16_t tag;
};

struct OsOut {
  int16_t oact;  // as the byte is read with the layer's signedness
  uint16_t tag;
  int sat;  // -1 low, +1 high, 0 none
  bool operator==(const OsOut& o) const { return oact == o.oact && tag == o.tag && sat == o.sat; }
};

}  // namespace
}  // namespace ev2::tb

template <>
struct fmt::formatter<ev2::tb::OsOut> : fmt::formatter<std::string> {
  auto format(const ev2::tb::OsOut& o, format_context& ctx) const {
    return fmt::formatter<std::string>::format(fmt::format("{{oact={} tag={} sat={}}}", o.oact, o.tag, o.sat), ctx);
  }
};

namespace ev2::tb {
namespace {

constexpr uint32_t kMask20 = (1u << 20) - 1;

int32_t random_psum(Rng& rng) {
  // Mix extremes with the full range: saturation and rounding corners need both.
  switch (rng.uniform(0, 3)) {
    case 0:
      return static_cast<int32_t>(rng.uniform(PSUM_MIN, PSUM_MAX));
    case 1:
      return static_cast<int32_t>(rng.uniform(-300, 300));
    case 2:
      return rng.bernoulli(0.5) ? PSUM_MIN : PSUM_MAX;
    default:
      return static_cast<int32_t>(rng.uniform(-5000, 5000));
  }
}

void run(bool relu, bool out_signed, double in_stall, double out_stall, int words) {
  Rng rng = test_rng();
  Sim<Voutput_stage> sim;
  auto& dut = sim.dut();
  dut.relu_i = relu;
  dut.out_signed_i = out_signed;
  StreamSource<OsIn> src(
      "in",
      [&](bool v, const OsIn& w) {
        dut.valid_i = v;
        dut.psum_i = static_cast<uint32_t>(w.psum) & kMask20;
        dut.bias_i = static_cast<uint32_t>(w.bias) & kMask20;
        dut.mult_i = w.mult;
        dut.shift_i = w.shift;
        dut.tag_i = w.tag;
      },
      [&] { return dut.ready_o != 0; }, rng.fork(), in_stall);
  StreamSink<OsOut> sink(
      "out", [&](bool r) { dut.ready_i = r; }, [&] { return dut.valid_o != 0; },
      [&] {
        const int16_t byte = out_signed ? static_cast<int8_t>(dut.oact_o) : static_cast<uint8_t>(dut.oact_o);
        return OsOut{byte, static_cast<uint16_t>(dut.tag_o), dut.sat_high_o ? 1 : (dut.sat_low_o ? -1 : 0)};
      },
      rng.fork(), out_stall);
  Scoreboard<OsOut> sb("oact");
  sink.on_word([&](const OsOut& o) { sb.observe(o); });
  int saturated = 0;
  for (int i = 0; i < words; ++i) {
    OsIn w{random_psum(rng), static_cast<int32_t>(rng.uniform(PSUM_MIN, PSUM_MAX) >> rng.uniform(0, 19)),
           static_cast<uint16_t>(rng.bernoulli(0.1) ? 65535 : rng.uniform(0, 65535) >> rng.uniform(0, 15)),
           static_cast<uint8_t>(rng.uniform(0, 31)), static_cast<uint16_t>(i)};
    const auto steps = output_stage_steps(w.psum, w.bias, w.mult, w.shift, relu, out_signed);
    saturated += steps.saturated != 0;
    src.push(w);
    sb.expect(OsOut{steps.out, w.tag, steps.saturated});
  }
  sim.add(src);
  sim.add(sink);
  sim.reset();
  sim.run_until([&] { return sb.drained(); }, 50 * static_cast<uint64_t>(words) + 100, "every oact out");
  sb.check_drained();
  // The random mix must exercise clipping, else the saturation checks above prove nothing.
  EXPECT_GT(saturated, words / 20);
}

TEST(OutputStage, SignedNoReluRandomStalls) { run(false, true, 0.3, 0.3, 3000); }
TEST(OutputStage, SignedReluNoStalls) { run(true, true, 0.0, 0.0, 3000); }
TEST(OutputStage, UnsignedReluHeavyStalls) { run(true, false, 0.7, 0.7, 2000); }
TEST(OutputStage, UnsignedNoReluOutputStalls) { run(false, false, 0.0, 0.8, 2000); }

TEST(OutputStage, OneWordPerCycleWithoutStalls) {
  Sim<Voutput_stage> sim;
  sim->relu_i = 0;
  sim->out_signed_i = 1;
  sim->ready_i = 1;
  sim->valid_i = 1;
  sim->psum_i = 100;
  sim->bias_i = 0;
  sim->mult_i = 1;
  sim->shift_i = 0;
  sim->tag_i = 0;
  sim.reset();
  int out = 0;
  for (int c = 0; c < 100; ++c) {
    sim.step();
    out += sim->valid_o;
  }
  EXPECT_GE(out, 97);  // three-stage fill, then one per cycle
}

}  // namespace
}  // namespace ev2::tb
