// Off-chip memory behind the accelerator's memory port (docs/architecture.md section 1): valid/ready
// requests {write, byte address, one beat of data, byte strobes} and in-order read responses, one
// beat each. The beat is the port's width (8 to 128 bytes, from the DUT's port signals). Latency, bandwidth and random
// backpressure are configurable, and every byte moved is counted (the DRAM term of the energy breakdown and the
// runtime's off-chip traffic figures). Like the harness's stream sinks, the model checks the source-side rule on its
// request port: a request that was refused stays valid, with the same fields, until it is taken.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <type_traits>
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
  int latency = 20;        // cycles from request accepted to response valid (minimum)
  int latency_jitter = 0;  // extra random 0..jitter cycles per request (order is kept)
  // Sustained bandwidth; a beat needs as many tokens as it has bytes. 0: one beat per cycle, the
  // port's full width.
  double bytes_per_cycle = 0;
  // Probability of refusing a request in a cycle (on top of bandwidth). 0 (the default) leaves the
  // cycle counts of a run unchanged; the tests and `ev2run --mem-stall` raise it to exercise the
  // requester's backpressure handling.
  double req_stall = 0.0;
};

struct MemoryStats {
  uint64_t read_beats = 0;
  uint64_t write_beats = 0;
  uint64_t bytes_read = 0;     // a whole beat per read beat
  uint64_t bytes_written = 0;  // strobed bytes only
  uint64_t busy_cycles = 0;    // cycles with a request refused for bandwidth
};

// The memory port as seen from the memory: the test binds each field to the DUT's signals. Beats
// are byte arrays, byte 0 the least significant.
struct MemoryPort {
  int beat_bytes = 8;
  std::function<bool()> req_valid;
  std::function<bool()> req_write;
  std::function<uint64_t()> req_addr;
  // The request's data and strobes: beat_bytes bytes each (a strobe byte is 0 or 1).
  std::function<void(uint8_t* data, uint8_t* strobes)> req_wbeat;
  std::function<void(bool)> set_req_ready;
  std::function<void(bool valid, const uint8_t* data)> set_rsp;  // data: beat_bytes bytes
  std::function<bool()> rsp_ready;
};

// A Verilated signal's bits as little-endian bytes and back: an integer type up to 64 bits, or
// a VlWide array of 32-bit words above.
template <class Signal>
void signal_bytes(const Signal& s, uint8_t* out, size_t n) {
  if constexpr (std::is_integral_v<Signal>)
    std::memcpy(out, &s, std::min(n, sizeof s));
  else
    std::memcpy(out, s.data(), std::min(n, sizeof s));
}
template <class Signal>
void set_signal_bytes(Signal& s, const uint8_t* in, size_t n) {
  if constexpr (std::is_integral_v<Signal>) {
    Signal v = 0;
    std::memcpy(&v, in, std::min(n, sizeof v));
    s = v;
  } else {
    std::memcpy(s.data(), in, std::min(n, sizeof s));
  }
}

// The port of a Verilated model with the project's memory port names (mem_req_*_o/_i, mem_rsp_*);
// the beat is the width of mem_rsp_data_i.
template <class Dut>
MemoryPort bind_memory_port(Dut& d) {
  constexpr int kBeat = static_cast<int>(sizeof d.mem_rsp_data_i);
  return MemoryPort{kBeat,
                    [&] { return d.mem_req_valid_o != 0; },
                    [&] { return d.mem_req_write_o != 0; },
                    [&] { return static_cast<uint64_t>(d.mem_req_addr_o); },
                    [&](uint8_t* data, uint8_t* strobes) {
                      signal_bytes(d.mem_req_wdata_o, data, kBeat);
                      uint8_t bits[kBeat / 8];
                      signal_bytes(d.mem_req_wstrb_o, bits, kBeat / 8);
                      for (int b = 0; b < kBeat; ++b) strobes[b] = (bits[b / 8] >> (b % 8)) & 1;
                    },
                    [&](bool r) { d.mem_req_ready_i = r; },
                    [&](bool v, const uint8_t* data) {
                      d.mem_rsp_valid_i = v;
                      set_signal_bytes(d.mem_rsp_data_i, data, kBeat);
                    },
                    [&] { return d.mem_rsp_ready_o != 0; }};
}

class MemoryModel : public Component {
 public:
  MemoryModel(std::string name, MemoryPort port, MemoryConfig cfg, Rng rng)
      : name_(std::move(name)),
        port_(std::move(port)),
        cfg_(cfg),
        rng_(rng),
        stall_(rng_.fork(), cfg.req_stall),
        beat_(static_cast<uint64_t>(port_.beat_bytes)) {
    if (beat_ < 8 || beat_ > 128 || (beat_ & (beat_ - 1)) != 0)
      throw SimError(fmt::format("{}: a beat of {} bytes (8 to 128, a power of two)", name_, beat_));
    if (cfg_.size_bytes % beat_ != 0)
      throw SimError(fmt::format("{}: size {} is not a multiple of the {}-byte beat", name_, cfg_.size_bytes, beat_));
    if (cfg_.bytes_per_cycle == 0) cfg_.bytes_per_cycle = static_cast<double>(beat_);
    if (cfg_.bytes_per_cycle < 0) throw SimError(fmt::format("{}: bandwidth must be positive", name_));
    mem_.assign(cfg_.size_bytes, 0);
    zero_.assign(beat_, 0);
    wdata_.resize(beat_);
    wstrb_.resize(beat_);
  }

  uint64_t beat_bytes() const { return beat_; }

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
    const double beat = static_cast<double>(beat_);
    tokens_ = std::min(tokens_ + cfg_.bytes_per_cycle, std::max(beat, cfg_.bytes_per_cycle));
    const bool bandwidth_ok = tokens_ >= beat;
    req_ready_ = bandwidth_ok && !stall_.roll();
    port_.set_req_ready(req_ready_);
    rsp_valid_ = !pending_.empty() && pending_.front().ready_at <= cycle();
    port_.set_rsp(rsp_valid_, rsp_valid_ ? pending_.front().data.data() : zero_.data());
  }

  void sample() override {
    if (rsp_valid_ && port_.rsp_ready()) pending_.pop_front();
    const bool valid = port_.req_valid();
    check_held_request(valid);
    if (valid && !req_ready_ && tokens_ < static_cast<double>(beat_)) ++stats_.busy_cycles;
    if (!(valid && req_ready_)) return;
    tokens_ -= static_cast<double>(beat_);
    const uint64_t addr = port_.req_addr();
    if (addr % beat_ != 0)
      throw SimError(fmt::format("{}: address 0x{:x} at cycle {} is not aligned to the {}-byte beat", name_, addr,
                                 cycle(), beat_));
    check_range(addr, beat_, port_.req_write() ? "write" : "read");
    if (port_.req_write()) {
      port_.req_wbeat(wdata_.data(), wstrb_.data());
      for (uint64_t b = 0; b < beat_; ++b) {
        if (wstrb_[b]) {
          mem_[addr + b] = wdata_[b];
          ++stats_.bytes_written;
        }
      }
      ++stats_.write_beats;
    } else {
      // Responses leave in request order: a jittered request never overtakes an earlier one.
      uint64_t at = cycle() + static_cast<uint64_t>(cfg_.latency) +
                    static_cast<uint64_t>(cfg_.latency_jitter > 0 ? rng_.uniform(0, cfg_.latency_jitter) : 0);
      if (!pending_.empty()) at = std::max(at, pending_.back().ready_at);
      pending_.push_back({read_bytes(addr, beat_), at});
      ++stats_.read_beats;
      stats_.bytes_read += beat_;
    }
  }

 private:
  struct Pending {
    std::vector<uint8_t> data;  // the beat as it was when the read was accepted
    uint64_t ready_at;
  };

  // The request a source offers, compared whole while it waits (a read's data and strobes too):
  // the port carries one {write, addr, data, strobes} word, as ev2_mem_arb packs it, and a stream
  // sink compares its whole word.
  struct Request {
    bool write;
    uint64_t addr;
    std::vector<uint8_t> wdata, wstrb;
    bool operator==(const Request&) const = default;
  };

  Request request() const {
    Request r{port_.req_write(), port_.req_addr(), std::vector<uint8_t>(beat_), std::vector<uint8_t>(beat_)};
    port_.req_wbeat(r.wdata.data(), r.wstrb.data());
    return r;
  }

  // Data and strobes in hex, most significant first, as a waveform viewer shows the signals.
  static std::string show(const Request& r) {
    std::string data, strobes;
    for (size_t b = r.wdata.size(); b-- > 0;) data += fmt::format("{:02x}", r.wdata[b]);
    for (size_t b = r.wstrb.size(); b > 0; b -= 4) {
      int nibble = 0;
      for (size_t k = 0; k < 4 && b - 1 - k < r.wstrb.size(); ++k) nibble = (nibble << 1) | r.wstrb[b - 1 - k];
      strobes += fmt::format("{:x}", nibble);
    }
    return fmt::format("{} 0x{:x} (data 0x{}, strobes 0x{})", r.write ? "write" : "read", r.addr, data, strobes);
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
  uint64_t beat_;
  std::vector<uint8_t> mem_, zero_, wdata_, wstrb_;
  std::deque<Pending> pending_;
  MemoryStats stats_;
  double tokens_ = 0;
  bool req_ready_ = false;
  bool rsp_valid_ = false;
  bool stalled_ = false;  // the request seen on the last edge was refused: held_ must stay
  Request held_{};
};

}  // namespace ev2::tb
