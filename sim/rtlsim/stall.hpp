// Random stall injection for valid/ready ports: each cycle a port is held off with probability p.
#pragma once

#include "util/rng.hpp"

namespace ev2::tb {

class Stall {
 public:
  Stall(Rng rng, double probability) : rng_(rng), p_(probability) {}
  void set_probability(double p) { p_ = p; }
  double probability() const { return p_; }
  // True when the port should stall this cycle.
  bool roll() { return p_ > 0.0 && rng_.bernoulli(p_); }

 private:
  Rng rng_;
  double p_;
};

}  // namespace ev2::tb
