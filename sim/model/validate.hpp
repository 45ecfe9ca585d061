// Input checks shared by the model's entry points. Each throws std::invalid_argument with a
// one-line message that names the tensor and the field, because the usual caller is a test or a
// workload script that needs to know which of several inputs it got wrong.
#pragma once

#include <array>
#include <cstddef>
#include <string>

#include "model/layer.hpp"
#include "model/tensor.hpp"

namespace ev2 {

// "layer 'conv1'" (or "unnamed layer"), for messages.
std::string layer_label(const LayerShape& shape);

// Throws "<layer>: <reason>" unless shape.check() is "".
void require_valid_shape(const LayerShape& shape);

// Throws "<what> tensor is AxBxCxD but <layer> expects WxXxYxZ (<dim>: a != w)" naming the first
// mismatching dimension, e.g. what = "iact", dim_names = "NCHW".
void require_dims(const char* what, const std::array<int, 4>& got, const std::array<int, 4>& want,
                  const char* dim_names, const LayerShape& shape);

// The 4-D index of flat element `flat` of a tensor with these dims, as "[a,b,c,d]".
std::string index_string(const std::array<int, 4>& dims, size_t flat);

// Every activation must be an 8-bit value of one signedness: all in -128..127 or all in 0..255.
// Returns true if any value is negative (the tensor is signed), false otherwise.
bool require_act_values(const char* what, const ActTensor& t);

}  // namespace ev2
