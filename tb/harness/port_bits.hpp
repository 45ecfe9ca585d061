// Bit fields of Verilator ports of any width: up to 64 bits a port is an integer (CData, SData,
// IData, QData), wider it is a VlWide array of 32-bit words. Testbenches drive and read packed
// per-lane ports (valid bits, data words) through these.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace ev2::tb {

// The low w bits set (w <= 64).
inline uint64_t width_mask(int w) { return w >= 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1; }

// Field [lsb +: width] (width <= 64) of a port.
template <class T>
uint64_t get_bits(const T& port, int lsb, int width) {
  if constexpr (std::is_integral_v<T>) {
    return (static_cast<uint64_t>(port) >> lsb) & width_mask(width);
  } else {
    uint64_t v = 0;
    for (int i = 0; i < width;) {
      const int b = lsb + i;
      const int take = std::min(32 - b % 32, width - i);
      const uint64_t chunk = (static_cast<uint64_t>(port[static_cast<size_t>(b / 32)]) >> (b % 32)) & width_mask(take);
      v |= chunk << i;
      i += take;
    }
    return v;
  }
}

template <class T>
void set_bits(T& port, int lsb, int width, uint64_t value) {
  if constexpr (std::is_integral_v<T>) {
    const uint64_t m = width_mask(width) << lsb;
    port = static_cast<T>((static_cast<uint64_t>(port) & ~m) | ((value << lsb) & m));
  } else {
    for (int i = 0; i < width;) {
      const int b = lsb + i;
      const int take = std::min(32 - b % 32, width - i);
      const uint32_t m = static_cast<uint32_t>(width_mask(take) << (b % 32));
      auto& w = port[static_cast<size_t>(b / 32)];
      w = (w & ~m) | (static_cast<uint32_t>(((value >> i) & width_mask(take)) << (b % 32)) & m);
      i += take;
    }
  }
}

template <class T>
bool get_bit(const T& port, int i) {
  return get_bits(port, i, 1) != 0;
}

template <class T>
void set_bit(T& port, int i, bool v) {
  set_bits(port, i, 1, v ? 1 : 0);
}

// All bits of a port to 0.
template <class T>
void set_zero(T& port) {
  if constexpr (std::is_integral_v<T>) {
    port = 0;
  } else {
    for (auto& w : port.m_storage) w = 0;
  }
}

}  // namespace ev2::tb
