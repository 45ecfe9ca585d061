// Small builders shared by the model suites: tensors from literal values, random layers.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <stdexcept>
#include <string>

#include "model/tensor.hpp"
#include "util/rng.hpp"

namespace ev2::test {

// A tensor of the given dims holding `values` in NCHW order; a wrong count is a test bug.
template <class T>
Tensor<T> make(int d0, int d1, int d2, int d3, std::initializer_list<int> values) {
  Tensor<T> t(d0, d1, d2, d3);
  if (values.size() != t.size()) throw std::logic_error("make: value count does not match dims");
  size_t i = 0;
  for (int v : values) t.data()[i++] = static_cast<T>(v);
  return t;
}

// Fills with random 8-bit activations of one signedness; zero with probability `zeros` (sparse
// activations after ReLU are the chip's common case).
inline void fill_acts(ActTensor& t, tb::Rng& rng, bool is_signed, double zeros = 0.0) {
  for (auto& v : t.data())
    v = rng.bernoulli(zeros) ? 0 : static_cast<int16_t>(is_signed ? rng.uniform(-128, 127) : rng.uniform(0, 255));
}

inline void fill_weights(WeightTensor& t, tb::Rng& rng, double zeros = 0.0) {
  for (auto& v : t.data()) v = rng.bernoulli(zeros) ? 0 : static_cast<int8_t>(rng.uniform(-128, 127));
}

// EXPECT that `fn` throws std::invalid_argument whose message contains every one of `parts`.
template <class Fn>
void expect_invalid(Fn&& fn, std::initializer_list<const char*> parts) {
  try {
    fn();
    ADD_FAILURE() << "expected std::invalid_argument, nothing was thrown";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    for (const char* p : parts)
      EXPECT_NE(msg.find(p), std::string::npos) << "message '" << msg << "' lacks '" << p << "'";
  }
}

}  // namespace ev2::test
