// Every failure the harness detects (protocol violation, scoreboard mismatch, RTL assertion,
// watchdog) is thrown as a SimError: the test stops at the first problem, with the cycle and the
// component named in the message. GoogleTest reports the message of an uncaught exception.
#pragma once

#include <stdexcept>
#include <string>

namespace ev2::tb {

class SimError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace ev2::tb
