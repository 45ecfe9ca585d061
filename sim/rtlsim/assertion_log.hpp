// Which RTL checks failed. Every check in rtl/common/ev2_assert.svh calls the DPI-C function
// ev2_assertion_failed with its hierarchical name (e.g. "TOP.ev2_pe.cfg_dense_iacts_fit") before
// its $error; the names collect here, per thread, until the Sim evaluating the model takes them
// right after its eval(). Per thread because the simulator evaluates several models on threads,
// each model's checks run on the thread that called its eval().
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ev2::tb {

// The names reported on this thread since the last call (oldest first); clears the list.
std::vector<std::string> take_failed_assertions();

// The last component of a hierarchical name: the check's own name ("cfg_dense_iacts_fit").
inline std::string_view assertion_leaf(std::string_view hier) {
  const auto dot = hier.rfind('.');
  return dot == std::string_view::npos ? hier : hier.substr(dot + 1);
}

}  // namespace ev2::tb
