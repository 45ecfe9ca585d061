// The memory model against a scripted requester (no RTL): data, order, latency, bandwidth,
// backpressure, the source-side request rule and byte counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <deque>
#include <functional>
#include <map>
#include <string>

#include "harness/seed.hpp"
#include "rtlsim/memory_model.hpp"

namespace ev2::tb {
namespace {

// The requester side of the memory port, as a DUT would drive it.
struct Pins {
  bool req_valid = false, req_write = false, req_ready = false;
  uint64_t req_addr = 0, req_wdata = 0;
  uint8_t req_wstrb = 0;
  bool rsp_valid = false, rsp_ready = false;
  uint64_t rsp_data = 0;
};

// An 8-byte beat, as the 64-bit port of the small configuration carries it.
MemoryPort bind(Pins& p) {
  return MemoryPort{8,
                    [&] { return p.req_valid; },
                    [&] { return p.req_write; },
                    [&] { return p.req_addr; },
                    [&](uint8_t* data, uint8_t* strobes) {
                      signal_bytes(p.req_wdata, data, 8);
                      for (int b = 0; b < 8; ++b) strobes[b] = (p.req_wstrb >> b) & 1;
                    },
                    [&](bool r) { p.req_ready = r; },
                    [&](bool v, const uint8_t* d) {
                      p.rsp_valid = v;
                      set_signal_bytes(p.rsp_data, d, 8);
                    },
                    [&] { return p.rsp_ready; }};
}

struct Request {
  bool write;
  uint64_t addr, data;
  uint8_t strb;
};

// Issues requests in order (holding each until accepted), takes responses with random ready and
// checks them against a byte-level shadow of the memory.
class Requester : public Component {
 public:
  Requester(Pins& p, Rng rng, double rsp_stall) : p_(p), stall_(rng, rsp_stall) {}
  std::deque<Request> script;
  std::map<uint64_t, uint8_t> shadow;
  std::deque<uint64_t> expected;
  uint64_t responses = 0, first_response_cycle = 0;

  void drive() override {
    p_.req_valid = !script.empty();
    if (p_.req_valid) {
      const Request& r = script.front();
      p_.req_write = r.write;
      p_.req_addr = r.addr;
      p_.req_wdata = r.data;
      p_.req_wstrb = r.strb;
    }
    p_.rsp_ready = !stall_.roll();
  }
  void sample() override {
    if (p_.rsp_valid && p_.rsp_ready) {
      if (expected.empty()) throw SimError("response without a request");
      if (p_.rsp_data != expected.front())
        throw SimError(fmt::format("read data 0x{:016x}, expected 0x{:016x}", p_.rsp_data, expected.front()));
      expected.pop_front();
      if (responses++ == 0) first_response_cycle = cycle();
    }
    if (p_.req_valid && p_.req_ready) {
      const Request r = script.front();
      script.pop_front();
      if (r.write) {
        for (int b = 0; b < 8; ++b)
          if ((r.strb >> b) & 1) shadow[r.addr + b] = static_cast<uint8_t>(r.data >> (8 * b));
      } else {
        uint64_t v = 0;
        for (int b = 7; b >= 0; --b) v = (v << 8) | shadow[r.addr + b];
        expected.push_back(v);
      }
    }
  }

 private:
  Pins& p_;
  Stall stall_;
};

// Runs the two components until the script and all responses are done.
uint64_t run(MemoryModel& mem, Requester& req, uint64_t max_cycles) {
  uint64_t cycle = 0;
  mem.attach_clock(&cycle);
  req.attach_clock(&cycle);
  while (!(req.script.empty() && req.expected.empty())) {
    if (cycle > max_cycles) throw SimError("memory test watchdog");
    mem.drive();
    req.drive();
    mem.sample();
    req.sample();
    ++cycle;
  }
  return cycle;
}

TEST(MemoryModel, ReadsReturnWrittenBytesInOrderUnderStallsAndJitter) {
  Rng rng = test_rng();
  Pins pins;
  MemoryConfig cfg{4096, 10, 7, 8.0, 0.3};
  MemoryModel mem("mem", bind(pins), cfg, rng.fork());
  Requester req(pins, rng.fork(), 0.4);
  for (uint64_t a = 0; a < 4096; ++a) req.shadow[a] = 0;  // memory starts zeroed
  uint64_t strobed = 0;
  for (int i = 0; i < 3000; ++i) {
    const bool write = rng.bernoulli(0.5);
    const uint8_t strb = write ? static_cast<uint8_t>(rng.uniform(0, 255)) : 0;
    strobed += static_cast<uint64_t>(__builtin_popcount(strb));
    req.script.push_back({write, 8 * static_cast<uint64_t>(rng.uniform(0, 63)), rng.next(), strb});
  }
  const uint64_t reads =
      static_cast<uint64_t>(std::count_if(req.script.begin(), req.script.end(), [](auto& r) { return !r.write; }));
  run(mem, req, 200000);
  EXPECT_EQ(mem.stats().read_beats, reads);
  EXPECT_EQ(mem.stats().bytes_read, 8 * reads);
  EXPECT_EQ(mem.stats().bytes_written, strobed);
  EXPECT_EQ(req.responses, reads);
}

TEST(MemoryModel, LatencyIsExact) {
  Pins pins;
  MemoryModel mem("mem", bind(pins), MemoryConfig{1024, 25, 0, 8.0, 0.0}, Rng(1));
  Requester req(pins, Rng(2), 0.0);
  req.script.push_back({false, 0, 0, 0});
  req.shadow[0] = 0;
  run(mem, req, 1000);
  // Bandwidth tokens fill in the first cycle, so the request is accepted at cycle 0.
  EXPECT_EQ(req.first_response_cycle, 25u);
}

TEST(MemoryModel, BandwidthLimitsBeatRate) {
  Pins pins;
  MemoryModel mem("mem", bind(pins), MemoryConfig{1 << 16, 5, 0, 2.0, 0.0}, Rng(1));  // one beat per 4 cycles
  Requester req(pins, Rng(2), 0.0);
  for (int i = 0; i < 400; ++i) req.script.push_back({true, 8 * static_cast<uint64_t>(i), 1, 0xff});
  const uint64_t cycles = run(mem, req, 100000);
  EXPECT_NEAR(static_cast<double>(cycles), 1600.0, 8.0);
  EXPECT_EQ(mem.stats().bytes_written, 3200u);
  EXPECT_GT(mem.stats().busy_cycles, 1000u);
}

TEST(MemoryModel, OutOfRangeAndMisalignedAreErrors) {
  Pins pins;
  MemoryModel mem("mem", bind(pins), MemoryConfig{64, 1, 0, 8.0, 0.0}, Rng(1));
  Requester req(pins, Rng(2), 0.0);
  req.script.push_back({false, 64, 0, 0});
  EXPECT_THROW(run(mem, req, 100), SimError);
  Pins pins2;
  MemoryModel mem2("mem", bind(pins2), MemoryConfig{64, 1, 0, 8.0, 0.0}, Rng(1));
  Requester req2(pins2, Rng(2), 0.0);
  req2.script.push_back({false, 4, 0, 0});
  EXPECT_THROW(run(mem2, req2, 100), SimError);
  EXPECT_THROW(mem.write_bytes(60, std::vector<uint8_t>(8)), SimError);
}

// A source that breaks the request rule: offers one request while the memory refuses everything,
// then applies `change` to the pins for the next cycle. Returns the SimError's message ("" if none).
std::string held_request_violation(const std::function<void(Pins&)>& change) {
  Pins pins;
  MemoryModel mem("mem", bind(pins), MemoryConfig{1024, 1, 0, 8.0, 1.0}, Rng(1));  // never ready
  uint64_t cycle = 0;
  mem.attach_clock(&cycle);
  pins.req_valid = true;
  pins.req_write = true;
  pins.req_addr = 0x40;
  pins.req_wdata = 0x1122334455667788ULL;
  pins.req_wstrb = 0x0f;
  try {
    for (; cycle < 3; ++cycle) {  // held unchanged through stalls: fine
      mem.drive();
      mem.sample();
    }
    EXPECT_FALSE(pins.req_ready);
    change(pins);
    mem.drive();
    mem.sample();
  } catch (const SimError& e) {
    return e.what();
  }
  return "";
}

TEST(MemoryModel, StalledRequestMustStayValid) {
  const std::string msg = held_request_violation([](Pins& p) { p.req_valid = false; });
  EXPECT_EQ(msg,
            "mem: request valid dropped at cycle 3 before the write 0x40 (data 0x1122334455667788, strobes 0x0f) "
            "was accepted");
}

TEST(MemoryModel, StalledRequestMustStayStable) {
  EXPECT_EQ(held_request_violation([](Pins&) {}), "");  // the control: holding it is fine
  EXPECT_EQ(held_request_violation([](Pins& p) { p.req_addr = 0x48; }),
            "mem: request changed from write 0x40 (data 0x1122334455667788, strobes 0x0f) to write 0x48 "
            "(data 0x1122334455667788, strobes 0x0f) at cycle 3 while waiting for ready");
  EXPECT_NE(held_request_violation([](Pins& p) { p.req_write = false; }).find("to read 0x40"), std::string::npos);
  EXPECT_NE(held_request_violation([](Pins& p) { p.req_wdata ^= 1; }).find("data 0x1122334455667789"),
            std::string::npos);
  EXPECT_NE(held_request_violation([](Pins& p) { p.req_wstrb = 0xff; }).find("strobes 0xff) at"), std::string::npos);
}

// Once taken (or never refused), a source may change or withdraw its request freely.
TEST(MemoryModel, AcceptedRequestMayChange) {
  Pins pins;
  MemoryModel mem("mem", bind(pins), MemoryConfig{1024, 1, 0, 8.0, 0.5}, Rng(3));
  uint64_t cycle = 0;
  mem.attach_clock(&cycle);
  Rng rng(4);
  uint64_t taken = 0;
  bool stalled = false;
  for (; cycle < 2000; ++cycle) {
    if (!stalled) {  // a new request (or none) every cycle the last one was not refused
      pins.req_valid = rng.bernoulli(0.7);
      pins.req_write = true;
      pins.req_addr = 8 * static_cast<uint64_t>(rng.uniform(0, 127));
      pins.req_wdata = rng.next();
      pins.req_wstrb = static_cast<uint8_t>(rng.uniform(0, 255));
    }
    mem.drive();
    ASSERT_NO_THROW(mem.sample());
    taken += pins.req_valid && pins.req_ready;
    stalled = pins.req_valid && !pins.req_ready;
  }
  EXPECT_EQ(mem.stats().write_beats, taken);
  EXPECT_GT(taken, 500u);
}

// A 256-bit port (32-byte beats), driven directly: a write takes only its strobed bytes, a read
// returns the whole beat, the default bandwidth is one beat per cycle, and an address inside a
// beat is refused.
TEST(MemoryModel, WideBeatsMoveWholeBeatsWithByteStrobes) {
  constexpr int kBeat = 32;
  std::array<uint8_t, kBeat> wdata{}, strb{}, rdata{};
  bool valid = false, write = false, ready = false, rsp_valid = false;
  uint64_t addr = 0;
  MemoryPort port{kBeat,
                  [&] { return valid; },
                  [&] { return write; },
                  [&] { return addr; },
                  [&](uint8_t* d, uint8_t* s) {
                    std::copy(wdata.begin(), wdata.end(), d);
                    std::copy(strb.begin(), strb.end(), s);
                  },
                  [&](bool r) { ready = r; },
                  [&](bool v, const uint8_t* d) {
                    rsp_valid = v;
                    std::copy(d, d + kBeat, rdata.begin());
                  },
                  [] { return true; }};
  MemoryModel mem("mem", port, MemoryConfig{1024, 2, 0, 0.0, 0.0}, Rng(1));
  EXPECT_EQ(mem.beat_bytes(), 32u);
  uint64_t cycle = 0;
  mem.attach_clock(&cycle);
  const auto tick = [&] {
    mem.drive();
    mem.sample();
    ++cycle;
  };
  mem.write_bytes(0x40, std::vector<uint8_t>(kBeat, 0xee));
  for (int b = 0; b < kBeat; ++b) {
    wdata[static_cast<size_t>(b)] = static_cast<uint8_t>(b);
    strb[static_cast<size_t>(b)] = b % 3 == 0;
  }
  valid = write = true;
  addr = 0x40;
  tick();
  EXPECT_TRUE(ready) << "a full-width memory takes a beat every cycle";
  write = false;  // read the same beat back
  tick();
  valid = false;
  for (int i = 0; i < 4 && !rsp_valid; ++i) tick();
  ASSERT_TRUE(rsp_valid);
  for (int b = 0; b < kBeat; ++b) EXPECT_EQ(rdata[static_cast<size_t>(b)], b % 3 == 0 ? b : 0xee) << "byte " << b;
  EXPECT_EQ(mem.stats().bytes_written, 11u);
  EXPECT_EQ(mem.stats().bytes_read, 32u);
  valid = true;
  addr = 0x50;  // 16-byte aligned, not 32
  EXPECT_THROW(tick(), SimError);
}

TEST(MemoryModel, HostAccessRoundTrips) {
  Pins pins;
  MemoryModel mem("mem", bind(pins), MemoryConfig{64, 1, 0, 8.0, 0.0}, Rng(1));
  mem.write_bytes(8, {1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_EQ(mem.read_word(8), 0x0807060504030201ULL);
  EXPECT_EQ(mem.read_bytes(9, 2), (std::vector<uint8_t>{2, 3}));
}

}  // namespace
}  // namespace ev2::tb
