#include "rtlsim/hier_blocks.hpp"

#include <map>
#include <mutex>
#include <vector>

namespace ev2::tb {
namespace {

struct Block {
  void* handle;
  HierTraceFn trace;
};

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}
std::map<const void*, std::vector<Block>>& registry() {
  static std::map<const void*, std::vector<Block>> r;
  return r;
}

}  // namespace

size_t trace_hier_blocks(const void* context, void* tfp, int levels) {
  std::vector<Block> blocks;
  {
    std::lock_guard<std::mutex> lock(registry_mutex());
    const auto it = registry().find(context);
    if (it == registry().end()) return 0;
    blocks = it->second;
  }
  for (const Block& b : blocks) b.trace(b.handle, tfp, levels, 0);
  return blocks.size();
}

void forget_hier_blocks(const void* context) {
  std::lock_guard<std::mutex> lock(registry_mutex());
  registry().erase(context);
}

size_t hier_blocks(const void* context) {
  std::lock_guard<std::mutex> lock(registry_mutex());
  const auto it = registry().find(context);
  return it == registry().end() ? 0 : it->second.size();
}

}  // namespace ev2::tb

extern "C" void ev2_hier_block_created(const void* context, void* handle, ev2::tb::HierTraceFn trace) {
  std::lock_guard<std::mutex> lock(ev2::tb::registry_mutex());
  ev2::tb::registry()[context].push_back({handle, trace});
}
