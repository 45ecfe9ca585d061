// Off-chip memory behind the accelerator's 64-bit memory port (docs/architecture.md section 1):
// valid/ready requests {write, byte address, 64-bit data, byte strobes} and in-order read
// responses. Latency, bandwidth and random backpressure are configurable, and every byte moved is
// counted (the DRAM term of the energy breakdown and the runtime's off-chip traffic figures).
// Like the harness's stream sinks, the model checks the source-side rule on its request port: a
// request that was refused stays valid, with the same fields, until it is taken.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include "rtlsim/component.hpp"
#include "rtlsim/sim_error.hpp"
#include "rtlsim/stall.hpp"

namespace ev2::tb {

struct MemoryConfig {
  uint64_t size_bytes = 1 << 20;
  int latency = 20;            // cycles from request accepted to response valid (minimum)
  int latency_jitter = 0;      // extra random 0..jitter cycles per request (order is kept)
  double bytes_per_cycle = 8;  // sustained bandwidth; one 8-byte beat needs 8 tokens
  // Probability of refusing a request in a cycle (on top of bandwidth). 0 (the default) leaves the
  // cycle counts of a run unchanged; the tests and `ev2run --mem-stall` raise it to exercise the
  // requester's backpressure handling.
  double req_stall = 0.0;
};

struct MemoryStats {
  uint64_t read_beats = 0;
  uint64_t write_beats = 0;
  uint64_t bytes_read = 0;     // 8 per read beat
  uint64_t bytes_written = 0;  // strobed bytes only
  uint64_t busy_cycles = 0;    // cycles with a request refused for bandwidth
};

// The memory port as seen from the memory: the test binds each field to the DUT's signals.
struct MemoryPort {
  std::function<bool()> req_valid;
  std::function<bool()> req_write;
  std::function<uint64_t()> req_addr;
  std::function<uint64_t()> req_wdata;
  std::function<uint8_t()> req_wstrb;
  std::function<void(bool)> set_req_ready;
  std::function<void(bool valid, uint64_t data)> set_rsp;
  std::function<bool()> rsp_ready;
};

// The port of a Verilated model with the project's memory port names (mem_req_*_o/_i, mem_rsp_*).
template <class Dut>
MemoryPort bind_memory_port(Dut& d) {
  return MemoryPort{[&] { return d.mem_req_valid_o != 0; },
                    [&] { return d.mem_req_write_o != 0; },
                    [&] { return static_cast<uint64_t>(d.mem_req_addr_o); },
                    [&] { return d.mem_req_wdata_o; },
                    [&] { return static_cast<uint8_t>(d.mem_req_wstrb_o); },
                    [&](bool r) { d.mem_req_ready_i = r; },
                    [&](bool v, uint64_t data) {
                      d.mem_rsp_valid_i = v;
                      d.mem_rsp_data_i = data;
                    },
                    [&] { return d.mem_rsp_ready_o != 0; }};
}

class MemoryModel : public Component {
 public:
  MemoryModel(std::string name, MemoryPort port, MemoryConfig cfg, Rng rng)
      : name_(std::move(name)), port_(std::move(port)), cfg_(cfg), rng_(rng), stall_(rng_.fork(), cfg.req_stall) {
    if (cfg_.size_bytes % 8 != 0)
      throw SimError(fmt::format("{}: size {} is not a multiple of 8", name_, cfg_.size_bytes));
    if (cfg_.bytes_per_cycle <= 0) throw SimError(fmt::format("{}: bandwidth must be positive", name_));
    mem_.assign(cfg_.size_bytes, 0);
  }

  // Host access, e.g. to load an image before the run and read results after it.
  void write_bytes(uint64_t addr, const std::vector<uint8_t>& bytes) {
    check_range(addr, bytes.size(), "host write");
    std::copy(bytes.begin(), bytes.end(), mem_.begin() + static_cast<std::ptrdiff_t>(addr));
  }
  std::vector<uint8_t> read_bytes(uint64_t addr, uint64_t n) const {
    check_range(addr, n, "host read");
    return {mem_.begin() + static_cast<std::ptrdiff_t>(addr), mem_.begin() + static_cast<std::ptrdiff_t>(addr + n)};
  }
  uint64_t read_word(uint64_t addr) const {
    check_range(addr, 8, "host read");
    uint64_t v = 0;
    for (int b = 7; b >= 0; --b) v = (v << 8) | mem_[addr + static_cast<uint64_t>(b)];
    return v;
  }

  const MemoryStats& stats() const { return stats_; }
  bool idle() const { return pending_.empty(); }

  void drive() override {
    tokens_ = std::min(tokens_ + cfg_.bytes_per_cycle, std::max(8.0, cfg_.bytes_per_cycle));
    const bool bandwidth_ok = tokens_ >= 8.0;
    req_ready_ = bandwidth_ok && !stall_.roll();
    port_.set_req_ready(req_ready_);
    rsp_valid_ = !pending_.empty() && pending_.front().ready_at <= cycle();
    port_.set_rsp(rsp_valid_, rsp_valid_ ? pending_.front().data : 0);
  }

  void sample() override {
    if (rsp_valid_ && port_.rsp_ready()) pending_.pop_front();
    const bool valid = port_.req_valid();
    check_held_request(valid);
    if (valid && !req_ready_ && tokens_ < 8.0) ++stats_.busy_cycles;
    if (!(valid && req_ready_)) return;
    tokens_ -= 8.0;
    const uint64_t addr = port_.req_addr();
    if (addr % 8 != 0) throw SimError(fmt::format("{}: misaligned address 0x{:x} at cycle {}", name_, addr, cycle()));
    check_range(addr, 8, port_.req_write() ? "write" : "read");
    if (port_.req_write()) {
      const uint64_t data = port_.req_wdata();
      const uint8_t strb = port_.req_wstrb();
      for (int b = 0; b < 8; ++b) {
        if ((strb >> b) & 1) {
          mem_[addr + static_cast<uint64_t>(b)] = static_cast<uint8_t>(data >> (8 * b));
          ++stats_.bytes_written;
        }
      }
      ++stats_.write_beats;
    } else {
      // Responses leave in request order: a jittered request never overtakes an earlier one.
      uint64_t at = cycle() + static_cast<uint64_t>(cfg_.latency) +
                    static_cast<uint64_t>(cfg_.latency_jitter > 0 ? rng_.uniform(0, cfg_.latency_jitter) : 0);
      if (!pending_.empty()) at = std::max(at, pending_.back().ready_at);
      pending_.push_back({read_word(addr), at});
      ++stats_.read_beats;
      stats_.bytes_read += 8;
    }
  }

 private:
  struct Pending {
    uint64_t data;
    uint64_t ready_at;
  };

  // The request a source offers, compared whole while it waits (a read's data and strobes too):
  // the port carries one {write, addr, data, strobes} word, as ev2_mem_arb packs it, and a stream
  // sink compares its whole word.
  struct Request {
    bool write;
    uint64_t addr;
    uint64_t wdata;
    uint8_t wstrb;
    bool operator==(const Request&) const = default;
  };

  Request request() const { return {port_.req_write(), port_.req_addr(), port_.req_wdata(), port_.req_wstrb()}; }

  static std::string show(const Request& r) {
    return fmt::format("{} 0x{:x} (data 0x{:016x}, strobes 0x{:02x})", r.write ? "write" : "read", r.addr, r.wdata,
                       r.wstrb);
  }

  // A request refused on the previous edge must still be offered, unchanged; remembers this
  // cycle's request if it is refused now.
  void check_held_request(bool valid) {
    if (stalled_) {
      if (!valid)
        throw SimError(fmt::format("{}: request valid dropped at cycle {} before the {} was accepted", name_, cycle(),
                                   show(held_)));
      const Request now = request();
      if (!(now == held_))
        throw SimError(fmt::format("{}: request changed from {} to {} at cycle {} while waiting for ready", name_,
                                   show(held_), show(now), cycle()));
    }
    stalled_ = valid && !req_ready_;
    if (stalled_) held_ = request();
  }

  void check_range(uint64_t addr, uint64_t n, const char* what) const {
    if (addr + n > mem_.size() || addr + n < addr)
      throw SimError(
          fmt::format("{}: {} of {} bytes at 0x{:x} is outside the {}-byte memory", name_, what, n, addr, mem_.size()));
  }

  std::string name_;
  MemoryPort port_;
  MemoryConfig cfg_;
  Rng rng_;
  Stall stall_;
  std::vector<uint8_t> mem_;
  std::deque<Pending> pending_;
  MemoryStats stats_;
  double tokens_ = 0;
  bool req_ready_ = false;
  bool rsp_valid_ = false;
  bool stalled_ = false;  // the request seen on the last edge was refused: held_ must stay
  Request held_{};
};

}  // namespace ev2::tb
