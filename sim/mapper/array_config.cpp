#include "mapper/array_config.hpp"

#include <stdexcept>
#include <string>

namespace ev2::mapper {

ArrayConfig array_config(std::string_view name) {
  if (name == "v2") return ArrayConfig::v2();
  if (name == "small") return ArrayConfig::small();
  throw std::invalid_argument("unknown array config '" + std::string(name) + "' (expected v2 or small)");
}

}  // namespace ev2::mapper
