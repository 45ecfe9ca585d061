// Builds a command list for ev2_cmdproc (docs/layer_command.md): one 64-bit header word per
// command, followed by its payload or argument words. The mapper emits layers through this; tests
// use it to drive the command processor directly. Opcodes and header fields come from the
// generated ev2_interface.hpp (rtl/pkg/ev2_interface.json, shared with the RTL).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "interface/ev2_interface.hpp"
#include "util/math.hpp"

namespace ev2::runtime {

using iface::Op;
using iface::WaitArray;
using iface::WaitDrain;
using iface::WaitMask;
using iface::WaitStreams;

// One output channel's output-stage parameters, as the drain's table stores them.
struct ChannelParams {
  int32_t bias = 0;  // 20-bit signed
  uint16_t mult = 1;
  uint8_t shift = 0;  // 0..31
  uint64_t word() const {
    namespace f = iface::channel_params;
    const int64_t bias_lim = int64_t{1} << (f::kBias.width - 1);
    if (bias < -bias_lim || bias >= bias_lim)
      throw std::invalid_argument("channel bias outside " + std::to_string(f::kBias.width) + " bits");
    if (!f::kShift.fits(shift)) throw std::invalid_argument("channel shift above " + std::to_string(f::kShift.max()));
    if (!f::kMult.fits(mult)) throw std::invalid_argument("channel multiplier outside its field");
    return iface::ChannelParams{.bias = bias, .mult = mult, .shift = shift}.pack();
  }
};

class CommandList {
 public:
  static constexpr int kTableDepth = iface::kParamTableDepth;

  // Stream and drain addresses must be aligned to the memory port's beat (8 bytes on a 64-bit
  // port, 128 on a 1024-bit one).
  CommandList() = default;
  explicit CommandList(uint64_t beat_bytes) : beat_bytes_(beat_bytes) {}
  uint64_t beat_bytes() const { return beat_bytes_; }

  // A one-word configuration message (a PE or linear GLB configuration): an entry of a CFGLIST,
  // the one just before it if the list is the last command so far, else a new one. One word per
  // message instead of CONFIG's two, in the same order.
  void config_word(uint16_t target, uint64_t word) {
    if (!iface::cfg_list_entry::kData.fits(word))
      throw std::invalid_argument("a CFGLIST entry's payload word must fit 48 bits");
    if (open_list_ == kNoList || open_list_end_ != words_.size()) {
      open_list_ = words_.size();
      words_.push_back(iface::CfglistHdr{.words = 0}.pack());
    }
    auto hdr = iface::CfglistHdr::unpack(words_[open_list_]);
    ++hdr.words;
    words_[open_list_] = hdr.pack();
    words_.push_back(iface::CfgListEntry{.target = target, .data = word}.pack());
    open_list_end_ = words_.size();
  }
  void config(uint16_t target, const std::vector<uint64_t>& payload) {
    if (!iface::config_hdr::kWords.fits(payload.size())) throw std::invalid_argument("CONFIG payload too long");
    words_.push_back(iface::ConfigHdr{.target = target, .words = payload.size()}.pack());
    words_.insert(words_.end(), payload.begin(), payload.end());
  }
  // `words` 24-bit NoC words at byte address `addr` (beat-aligned), to `target`, on `engine`.
  void stream(int engine, uint16_t target, uint64_t addr, uint32_t words) {
    if (engine < 0 || !iface::stream_hdr::kEngine.fits(static_cast<uint64_t>(engine)))
      throw std::invalid_argument("stream engine must be 0.." + std::to_string(iface::stream_hdr::kEngine.max()));
    if (!iface::stream_hdr::kWords.fits(words))
      throw std::invalid_argument("stream longer than 2^" + std::to_string(iface::stream_hdr::kWords.width) + " words");
    check_aligned(addr);
    words_.push_back(
        iface::StreamHdr{.engine = static_cast<uint64_t>(engine), .target = target, .words = words}.pack());
    words_.push_back(addr);
  }
  // `windows` positions of `m0` channels from psum bank `source`, through the output stage with
  // parameters table_base + channel, as windows * m0 bytes at `addr`.
  void drain(uint16_t source, uint64_t addr, uint32_t windows, uint32_t m0, uint32_t table_base) {
    if (windows == 0 || !iface::drain_hdr::kWindows.fits(windows))
      throw std::invalid_argument("drain windows must be 1.." + std::to_string(iface::drain_hdr::kWindows.max()));
    if (m0 == 0 || m0 > 32) throw std::invalid_argument("drain m0 must be 1..32");
    if (table_base + m0 > kTableDepth) throw std::invalid_argument("drain channels run past the parameter table");
    check_aligned(addr);
    words_.push_back(iface::DrainHdr{.source = source, .windows = windows, .m0 = m0, .table_base = table_base}.pack());
    words_.push_back(addr);
  }
  void params(uint32_t first, const std::vector<ChannelParams>& channels) {
    if (first + channels.size() > kTableDepth) throw std::invalid_argument("parameters run past the table");
    words_.push_back(iface::ParamsHdr{.count = channels.size(), .first = first}.pack());
    for (const auto& c : channels) words_.push_back(c.word());
  }
  void mode(bool relu, bool out_signed) {
    words_.push_back(iface::ModeHdr{.relu = relu, .out_signed = out_signed}.pack());
  }
  void wait(uint8_t mask) { words_.push_back(iface::WaitHdr::unpack(mask).pack()); }
  void end() { words_.push_back(iface::EndHdr{}.pack()); }
  void raw(uint64_t w) { words_.push_back(w); }

  const std::vector<uint64_t>& words() const { return words_; }
  std::vector<uint8_t> bytes() const {
    std::vector<uint8_t> b;
    for (uint64_t w : words_)
      for (int i = 0; i < 8; ++i) b.push_back(static_cast<uint8_t>(w >> (8 * i)));
    return b;
  }

 private:
  void check_aligned(uint64_t addr) const {
    if (addr % beat_bytes_ != 0)
      throw std::invalid_argument("command addresses must be aligned to the " + std::to_string(beat_bytes_) +
                                  "-byte memory beat");
  }
  static constexpr size_t kNoList = ~size_t{0};
  uint64_t beat_bytes_ = 8;
  std::vector<uint64_t> words_;
  size_t open_list_ = kNoList, open_list_end_ = 0;  // the last CFGLIST's header, and where it ends
};

// Words a command occupies in the list, header included, from its header: lets a list be walked
// command by command (tests that edit a compiled list, dumps).
inline size_t command_words(uint64_t header) {
  switch (iface::opcode(header)) {
    case Op::Config:
      return 1 + static_cast<size_t>(iface::ConfigHdr::unpack(header).words);
    case Op::Stream:
    case Op::Drain:
      return 2;
    case Op::Params:
      return 1 + static_cast<size_t>(iface::ParamsHdr::unpack(header).count);
    case Op::Cfglist:
      return 1 + static_cast<size_t>(iface::CfglistHdr::unpack(header).words);
    default:
      return 1;
  }
}

// 24-bit words packed LSB first into bytes, back to back, as the stream engines read them (padded
// to 8 bytes; the engine reads whole beats and drops what follows the last word).
inline std::vector<uint8_t> pack_words24(const std::vector<uint32_t>& words) {
  std::vector<uint8_t> bytes(round_up(words.size() * 3, 8), 0);
  for (size_t i = 0; i < words.size(); ++i)
    for (int b = 0; b < 3; ++b) bytes[i * 3 + static_cast<size_t>(b)] = static_cast<uint8_t>(words[i] >> (8 * b));
  return bytes;
}

}  // namespace ev2::runtime
