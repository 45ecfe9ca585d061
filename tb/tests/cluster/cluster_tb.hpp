// Helpers for the cluster tests: fields of flat packed ports (Verilator maps ports up to 64 bits
// to integers and wider ones to VlWide word arrays) and a multicast stream source.
#pragma once

#include <verilated.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "harness/component.hpp"
#include "harness/rng.hpp"
#include "harness/stall.hpp"

namespace ev2::cl {

// Field [lsb +: width] (width <= 64) of a flat port.
template <class T>
inline void set_field(T& port, int lsb, int width, uint64_t v) {
  if constexpr (std::is_integral_v<T>) {
    const uint64_t mask = (width >= 64 ? ~uint64_t{0} : ((uint64_t{1} << width) - 1)) << lsb;
    port = static_cast<T>((static_cast<uint64_t>(port) & ~mask) | ((v << lsb) & mask));
  } else {
    for (int b = 0; b < width;) {
      const int wi = (lsb + b) / 32, off = (lsb + b) % 32;
      const int n = std::min(32 - off, width - b);
      const uint32_t mask = (n == 32 ? ~0u : ((1u << n) - 1)) << off;
      const uint32_t bits = static_cast<uint32_t>(v >> b) << off;
      port[wi] = (port[wi] & ~mask) | (bits & mask);
      b += n;
    }
  }
}

template <class T>
inline uint64_t get_field(const T& port, int lsb, int width) {
  if constexpr (std::is_integral_v<T>) {
    const uint64_t mask = width >= 64 ? ~uint64_t{0} : ((uint64_t{1} << width) - 1);
    return (static_cast<uint64_t>(port) >> lsb) & mask;
  } else {
    uint64_t v = 0;
    for (int b = 0; b < width;) {
      const int wi = (lsb + b) / 32, off = (lsb + b) % 32;
      const int n = std::min(32 - off, width - b);
      const uint32_t mask = n == 32 ? ~0u : ((1u << n) - 1);
      v |= static_cast<uint64_t>((port[wi] >> off) & mask) << b;
      b += n;
    }
    return v;
  }
}

// All bits of a flat port to 0.
template <class T>
inline void clear(T& port) {
  if constexpr (std::is_integral_v<T>)
    port = 0;
  else
    for (auto& w : port.m_storage) w = 0;
}

template <class T>
inline void set_bit(T& port, int i, bool v) {
  set_field(port, i, 1, v ? 1 : 0);
}
template <class T>
inline bool get_bit(const T& port, int i) {
  return get_field(port, i, 1) != 0;
}

// One stream delivered to several destinations, each exactly once per word (what the NoC's
// multicast does): the word is presented to every destination that has not taken it yet and
// retires when all have. Stalls delay the next word.
template <class T>
class MulticastSource : public tb::Component {
 public:
  using Setter = std::function<void(bool valid, const T& data)>;
  using ReadyGetter = std::function<bool()>;

  MulticastSource(std::string name, std::vector<Setter> set, std::vector<ReadyGetter> ready, tb::Rng rng,
                  double stall_probability = 0.0)
      : name_(std::move(name)), set_(std::move(set)), ready_(std::move(ready)), stall_(rng, stall_probability) {}

  void push(const T& v) { queue_.push_back(v); }
  template <class It>
  void push(It first, It last) {
    queue_.insert(queue_.end(), first, last);
  }
  bool idle() const { return queue_.empty(); }
  size_t pending() const { return queue_.size(); }

  void drive() override {
    if (!presenting_ && !queue_.empty() && !stall_.roll()) {
      presenting_ = true;
      done_.assign(set_.size(), false);
    }
    if (presenting_) last_ = queue_.front();
    for (size_t d = 0; d < set_.size(); ++d) set_[d](presenting_ && !done_[d], last_);
  }

  void sample() override {
    if (!presenting_) return;
    bool all = true;
    for (size_t d = 0; d < set_.size(); ++d) {
      if (!done_[d] && ready_[d]()) done_[d] = true;
      all = all && done_[d];
    }
    if (all) {
      queue_.pop_front();
      presenting_ = false;
    }
  }

 private:
  std::string name_;
  std::vector<Setter> set_;
  std::vector<ReadyGetter> ready_;
  tb::Stall stall_;
  std::deque<T> queue_;
  std::vector<bool> done_;
  T last_{};
  bool presenting_ = false;
};

}  // namespace ev2::cl
