// Printing values in harness messages: anything fmt can format, else "<value>".
#pragma once

#include <string>

#include <fmt/format.h>

namespace ev2::tb {

template <class T>
std::string show(const T& v) {
  if constexpr (fmt::is_formattable<T>::value) {
    return fmt::format("{}", v);
  } else {
    return "<value>";
  }
}

}  // namespace ev2::tb
