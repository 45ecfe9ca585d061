// In-order scoreboard: expected words are queued, observed words must match them one by one.
// A mismatch, an unexpected word or (at check_drained) a missing word throws SimError naming the
// scoreboard, the word index and both values.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <utility>

#include <fmt/core.h>

#include "harness/format.hpp"
#include "rtlsim/sim_error.hpp"

namespace ev2::tb {

template <class T>
class Scoreboard {
 public:
  explicit Scoreboard(std::string name) : name_(std::move(name)) {}

  void expect(const T& v) { expected_.push_back(v); }

  void observe(const T& got) {
    if (expected_.empty())
      throw SimError(
          fmt::format("{}: unexpected word #{} = {} (nothing more was expected)", name_, matched_, show(got)));
    const T want = expected_.front();
    if (!(got == want))
      throw SimError(fmt::format("{}: word #{} mismatch: expected {}, got {}", name_, matched_, show(want), show(got)));
    expected_.pop_front();
    ++matched_;
  }

  bool drained() const { return expected_.empty(); }
  size_t outstanding() const { return expected_.size(); }
  uint64_t matched() const { return matched_; }

  void check_drained() const {
    if (!expected_.empty())
      throw SimError(fmt::format("{}: {} expected word(s) never arrived; first missing is #{} = {}", name_,
                                 expected_.size(), matched_, show(expected_.front())));
  }

 private:
  std::string name_;
  std::deque<T> expected_;
  uint64_t matched_ = 0;
};

}  // namespace ev2::tb
