#include "model/validate.hpp"

#include <fmt/core.h>

#include <stdexcept>

namespace ev2 {

namespace {

std::string dims_string(const std::array<int, 4>& d) { return fmt::format("{}x{}x{}x{}", d[0], d[1], d[2], d[3]); }

std::string position(const ActTensor& t, size_t flat) { return index_string(t.dims(), flat); }

}  // namespace

std::string index_string(const std::array<int, 4>& dims, size_t flat) {
  std::array<size_t, 4> idx{};
  for (size_t i = 4; i-- > 0;) {
    const auto d = static_cast<size_t>(dims[i]);
    idx[i] = flat % d;
    flat /= d;
  }
  return fmt::format("[{},{},{},{}]", idx[0], idx[1], idx[2], idx[3]);
}

std::string layer_label(const LayerShape& shape) {
  return shape.name.empty() ? std::string("unnamed layer") : fmt::format("layer '{}'", shape.name);
}

void require_valid_shape(const LayerShape& shape) {
  if (auto err = shape.check(); !err.empty())
    throw std::invalid_argument(fmt::format("{}: {}", layer_label(shape), err));
}

void require_dims(const char* what, const std::array<int, 4>& got, const std::array<int, 4>& want,
                  const char* dim_names, const LayerShape& shape) {
  for (size_t i = 0; i < 4; ++i) {
    if (got[i] != want[i]) {
      throw std::invalid_argument(fmt::format("{} tensor is {} but {} expects {} ({}: {} != {})", what,
                                              dims_string(got), layer_label(shape), dims_string(want), dim_names[i],
                                              got[i], want[i]));
    }
  }
}

bool require_act_values(const char* what, const ActTensor& t) {
  const auto& v = t.data();
  size_t first_neg = v.size(), first_high = v.size();
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] < -128 || v[i] > 255)
      throw std::invalid_argument(
          fmt::format("{} value {} at {} is not an 8-bit activation (-128..255)", what, v[i], position(t, i)));
    if (v[i] < 0 && first_neg == v.size()) first_neg = i;
    if (v[i] > 127 && first_high == v.size()) first_high = i;
  }
  // One signedness per tensor, as on the chip (one command bit per layer); a mix means the caller
  // mis-quantized, and the 8-bit bus could not carry both meanings anyway.
  if (first_neg != v.size() && first_high != v.size())
    throw std::invalid_argument(fmt::format("{} tensor mixes signed and unsigned values ({} at {}, {} at {})", what,
                                            v[first_neg], position(t, first_neg), v[first_high],
                                            position(t, first_high)));
  return first_neg != v.size();
}

}  // namespace ev2
