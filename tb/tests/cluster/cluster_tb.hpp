// Helpers for the PE cluster tests: bit fields of the packed ports and a multicast stream source.
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

#include "harness/port_bits.hpp"
#include "rtlsim/component.hpp"
#include "rtlsim/stall.hpp"
#include "util/rng.hpp"

namespace ev2::cl {

// Bit fields of the packed ports (harness/port_bits.hpp).
using tb::get_bit;
using tb::get_bits;
using tb::set_bit;
using tb::set_bits;
using tb::set_zero;

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
