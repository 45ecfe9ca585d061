// A dense 4-D tensor in NCHW order (weights use the same container as M x C/G x R x S).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ev2 {

template <class T>
class Tensor {
 public:
  Tensor() = default;
  Tensor(int d0, int d1, int d2, int d3, T fill = T{}) : dims_{d0, d1, d2, d3} {
    for (int d : dims_)
      if (d < 0) throw std::invalid_argument("Tensor: negative dimension");
    data_.assign(static_cast<size_t>(d0) * d1 * d2 * d3, fill);
  }

  int dim(int i) const { return dims_[static_cast<size_t>(i)]; }
  const std::array<int, 4>& dims() const { return dims_; }
  size_t size() const { return data_.size(); }

  size_t index(int i0, int i1, int i2, int i3) const {
    return ((static_cast<size_t>(i0) * dims_[1] + i1) * dims_[2] + i2) * dims_[3] + i3;
  }
  T& at(int i0, int i1, int i2, int i3) { return data_[index(i0, i1, i2, i3)]; }
  const T& at(int i0, int i1, int i2, int i3) const { return data_[index(i0, i1, i2, i3)]; }

  std::vector<T>& data() { return data_; }
  const std::vector<T>& data() const { return data_; }

  bool operator==(const Tensor& o) const { return dims_ == o.dims_ && data_ == o.data_; }

  std::string shape_string() const {
    return std::to_string(dims_[0]) + "x" + std::to_string(dims_[1]) + "x" + std::to_string(dims_[2]) + "x" +
           std::to_string(dims_[3]);
  }

 private:
  std::array<int, 4> dims_{0, 0, 0, 0};
  std::vector<T> data_;
};

// Activations are 8-bit, signed (-128..127) or unsigned (0..255) per layer: int16_t holds both.
using ActTensor = Tensor<int16_t>;
// Weights are 8-bit signed, M x C/G x R x S.
using WeightTensor = Tensor<int8_t>;
// Partial sums and 64-bit exact sums.
using PsumTensor = Tensor<int32_t>;
using WideTensor = Tensor<int64_t>;

}  // namespace ev2
