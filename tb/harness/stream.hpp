// Valid/ready stream drivers and monitors with random stall injection.
//
// Ports are bound with small lambdas so one driver serves any port shape, e.g.
//   StreamSource<uint32_t> in("in", [&](bool v, uint32_t d) { dut->valid_i = v; dut->data_i = d; },
//                             [&] { return dut->ready_o; }, rng.fork(), 0.3);
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include "harness/format.hpp"
#include "rtlsim/component.hpp"
#include "rtlsim/sim_error.hpp"
#include "rtlsim/stall.hpp"

namespace ev2::tb {

// Drives a DUT input stream from a queue. Once valid is raised it stays raised with the same
// data until the DUT takes it (the source-side stream rule); stalls only delay the next word.
template <class T>
class StreamSource : public Component {
 public:
  using Setter = std::function<void(bool valid, const T& data)>;
  using ReadyGetter = std::function<bool()>;

  StreamSource(std::string name, Setter set, ReadyGetter ready, Rng rng, double stall_probability = 0.0)
      : name_(std::move(name)), set_(std::move(set)), ready_(std::move(ready)), stall_(rng, stall_probability) {}

  void push(const T& v) { queue_.push_back(v); }
  template <class It>
  void push(It first, It last) {
    queue_.insert(queue_.end(), first, last);
  }
  bool idle() const { return queue_.empty(); }
  size_t pending() const { return queue_.size(); }
  uint64_t sent() const { return sent_; }
  Stall& stall() { return stall_; }

  void drive() override {
    if (!presenting_) presenting_ = !queue_.empty() && !stall_.roll();
    // While idle, keep the last word on the data lines: a DUT that consumes data without valid
    // then sees a stale value, which the scoreboard catches.
    if (presenting_) last_ = queue_.front();
    set_(presenting_, last_);
  }

  void sample() override {
    if (presenting_ && ready_()) {
      queue_.pop_front();
      presenting_ = false;
      ++sent_;
    }
  }

 private:
  std::string name_;
  Setter set_;
  ReadyGetter ready_;
  Stall stall_;
  std::deque<T> queue_;
  T last_{};
  bool presenting_ = false;
  uint64_t sent_ = 0;
};

// Consumes a DUT output stream with random ready, checks the source-side stream rule (valid held
// and data stable while stalled) and hands every accepted word to a callback (e.g. a scoreboard).
template <class T>
class StreamSink : public Component {
 public:
  using ReadySetter = std::function<void(bool ready)>;
  using ValidGetter = std::function<bool()>;
  using DataGetter = std::function<T()>;
  using OnWord = std::function<void(const T&)>;

  StreamSink(std::string name, ReadySetter set_ready, ValidGetter valid, DataGetter data, Rng rng,
             double stall_probability = 0.0)
      : name_(std::move(name)),
        set_ready_(std::move(set_ready)),
        valid_(std::move(valid)),
        data_(std::move(data)),
        stall_(rng, stall_probability) {}

  void on_word(OnWord f) { on_word_ = std::move(f); }
  // Keep accepted words in received() (default on); off for long runs that use a callback.
  void keep_words(bool keep) { keep_ = keep; }
  const std::vector<T>& received() const { return received_; }
  uint64_t count() const { return count_; }
  Stall& stall() { return stall_; }
  const std::string& name() const { return name_; }

  void drive() override {
    ready_ = !stall_.roll();
    set_ready_(ready_);
  }

  void sample() override {
    const bool valid = valid_();
    if (stalled_) {
      if (!valid)
        throw SimError(
            fmt::format("{}: valid dropped at cycle {} before the word {} was accepted", name_, cycle(), show(held_)));
      const T now = data_();
      if (!(now == held_))
        throw SimError(fmt::format("{}: data changed from {} to {} at cycle {} while valid waited for ready", name_,
                                   show(held_), show(now), cycle()));
    }
    if (!valid) {
      stalled_ = false;
      return;
    }
    const T word = data_();
    stalled_ = !ready_;
    held_ = word;
    if (ready_) {
      ++count_;
      if (keep_) received_.push_back(word);
      if (on_word_) on_word_(word);
    }
  }

 private:
  std::string name_;
  ReadySetter set_ready_;
  ValidGetter valid_;
  DataGetter data_;
  Stall stall_;
  OnWord on_word_;
  bool keep_ = true;
  bool ready_ = false;
  bool stalled_ = false;
  T held_{};
  std::vector<T> received_;
  uint64_t count_ = 0;
};

}  // namespace ev2::tb
