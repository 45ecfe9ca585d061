#include "mapper/array_config.hpp"

#include <stdexcept>
#include <string>

namespace ev2::mapper {

ArrayConfig array_config(std::string_view name) {
  if (const iface::ArrayShape* s = iface::find_config(name)) return ArrayConfig::from(*s);
  std::string known;
  for (const auto& c : iface::kConfigs) known += (known.empty() ? "" : " or ") + std::string(c.name);
  throw std::invalid_argument("unknown array config '" + std::string(name) + "' (expected " + known + ")");
}

}  // namespace ev2::mapper
