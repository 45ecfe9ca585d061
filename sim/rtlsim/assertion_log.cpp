// The C side of the RTL checks' DPI-C import (rtl/common/ev2_assert.svh). Defined once, here:
// every Verilated model of the project declares the import, and links ev2_rtlsim for it.
#include "rtlsim/assertion_log.hpp"

#include <utility>

namespace ev2::tb {
namespace {

std::vector<std::string>& pending() {
  thread_local std::vector<std::string> names;
  return names;
}

}  // namespace

std::vector<std::string> take_failed_assertions() { return std::exchange(pending(), {}); }

}  // namespace ev2::tb

// Verilator's generated __Dpi.h declares it as `extern "C" void ev2_assertion_failed(const char*)`.
extern "C" void ev2_assertion_failed(const char* name) {
  ev2::tb::pending().emplace_back(name != nullptr ? name : "?");
}
