// Something the clock loop drives each cycle: stream drivers, monitors, memory models.
//
// Each cycle the harness calls drive() on every component (set DUT inputs for this cycle), lets the
// DUT settle, calls sample() on every component (observe this cycle's handshakes, before the
// clock edge), and then clocks the DUT. Drivers decide valid without looking at ready and sinks
// decide ready without looking at valid, so one settle per cycle is enough.
#pragma once

#include <cstdint>

namespace ev2::tb {

class Component {
 public:
  virtual ~Component() = default;
  virtual void drive() = 0;
  virtual void sample() = 0;

  // Set by Sim::add so messages can name the cycle.
  void attach_clock(const uint64_t* cycle) { cycle_ = cycle; }
  uint64_t cycle() const { return cycle_ != nullptr ? *cycle_ : 0; }

 private:
  const uint64_t* cycle_ = nullptr;
};

}  // namespace ev2::tb
