// Builds a command list for ev2_cmdproc (docs/layer_command.md): one 64-bit header word per
// command, followed by its payload or argument words. The mapper emits layers through this; tests
// use it to drive the command processor directly.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ev2::runtime {

enum class Op : uint8_t { End = 0x00, Config = 0x01, Stream = 0x02, Drain = 0x03, Params = 0x04, Mode = 0x05, Wait = 0x06 };

// Bits of a WAIT mask.
enum WaitMask : uint8_t { WaitStream0 = 1, WaitStream1 = 2, WaitDrain = 4, WaitArray = 8 };

// One output channel's output-stage parameters, as the drain's table stores them.
struct ChannelParams {
  int32_t bias = 0;   // 20-bit signed
  uint16_t mult = 1;
  uint8_t shift = 0;  // 0..31
  uint64_t word() const {
    if (bias < -(1 << 19) || bias >= (1 << 19)) throw std::invalid_argument("channel bias outside 20 bits");
    if (shift > 31) throw std::invalid_argument("channel shift above 31");
    return (static_cast<uint64_t>(shift) << 36) | (static_cast<uint64_t>(mult) << 20) |
           (static_cast<uint64_t>(static_cast<uint32_t>(bias)) & 0xfffff);
  }
};

class CommandList {
 public:
  static constexpr int kTableDepth = 256;

  void config(uint16_t target, const std::vector<uint64_t>& payload) {
    words_.push_back(header(Op::Config) | (uint64_t{target} << 32) | payload.size());
    words_.insert(words_.end(), payload.begin(), payload.end());
  }
  // `words` 24-bit NoC words at byte address `addr` (8-byte aligned), to `target`, on engine 0/1.
  void stream(int engine, uint16_t target, uint64_t addr, uint32_t words) {
    if (engine != 0 && engine != 1) throw std::invalid_argument("stream engine must be 0 or 1");
    if (words >= (1u << 24)) throw std::invalid_argument("stream longer than 2^24 words");
    check_aligned(addr);
    words_.push_back(header(Op::Stream) | (uint64_t(engine) << 48) | (uint64_t{target} << 32) | words);
    words_.push_back(addr);
  }
  // `windows` positions of `m0` channels from psum bank `source`, through the output stage with
  // parameters table_base + channel, as windows * m0 bytes at `addr`.
  void drain(uint16_t source, uint64_t addr, uint32_t windows, uint32_t m0, uint32_t table_base) {
    if (windows == 0 || windows > 0xffff) throw std::invalid_argument("drain windows must be 1..65535");
    if (m0 == 0 || m0 > 32) throw std::invalid_argument("drain m0 must be 1..32");
    if (table_base + m0 > kTableDepth) throw std::invalid_argument("drain channels run past the parameter table");
    check_aligned(addr);
    words_.push_back(header(Op::Drain) | (uint64_t{source} << 32) | (uint64_t{windows} << 16) | (uint64_t{m0} << 8) |
                     table_base);
    words_.push_back(addr);
  }
  void params(uint32_t first, const std::vector<ChannelParams>& channels) {
    if (first + channels.size() > kTableDepth) throw std::invalid_argument("parameters run past the table");
    words_.push_back(header(Op::Params) | (uint64_t(channels.size()) << 16) | first);
    for (const auto& c : channels) words_.push_back(c.word());
  }
  void mode(bool relu, bool out_signed) { words_.push_back(header(Op::Mode) | (out_signed << 1) | relu); }
  void wait(uint8_t mask) { words_.push_back(header(Op::Wait) | mask); }
  void end() { words_.push_back(header(Op::End)); }
  void raw(uint64_t w) { words_.push_back(w); }

  const std::vector<uint64_t>& words() const { return words_; }
  std::vector<uint8_t> bytes() const {
    std::vector<uint8_t> b;
    for (uint64_t w : words_)
      for (int i = 0; i < 8; ++i) b.push_back(static_cast<uint8_t>(w >> (8 * i)));
    return b;
  }

 private:
  static uint64_t header(Op op) { return static_cast<uint64_t>(op) << 56; }
  static void check_aligned(uint64_t addr) {
    if (addr % 8 != 0) throw std::invalid_argument("command addresses must be 8-byte aligned");
  }
  std::vector<uint64_t> words_;
};

// Words a command occupies in the list, header included, from its header: lets a list be walked
// command by command (tests that edit a compiled list, dumps).
inline size_t command_words(uint64_t header) {
  switch (static_cast<Op>(header >> 56)) {
    case Op::Config: return 1 + static_cast<size_t>(header & 0xffffffff);
    case Op::Stream:
    case Op::Drain: return 2;
    case Op::Params: return 1 + static_cast<size_t>((header >> 16) & 0xffff);
    default: return 1;
  }
}

// 24-bit words packed LSB first into bytes, 8 words per 3 beats, as the stream engines read them.
inline std::vector<uint8_t> pack_words24(const std::vector<uint32_t>& words) {
  std::vector<uint8_t> bytes((words.size() * 3 + 7) / 8 * 8, 0);
  for (size_t i = 0; i < words.size(); ++i)
    for (int b = 0; b < 3; ++b) bytes[i * 3 + static_cast<size_t>(b)] = static_cast<uint8_t>(words[i] >> (8 * b));
  return bytes;
}

}  // namespace ev2::runtime
