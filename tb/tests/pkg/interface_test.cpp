// The generated C++ interface (sim/interface/ev2_interface.hpp): pack() gives the very words the
// RTL decodes (written out here bit by bit, as ev2_cmdproc, ev2_glb_cluster, ev2_drain and ev2_pe
// slice them), unpack() inverts it, and every configuration is legal.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "interface/ev2_interface.hpp"

namespace ev2::iface {
namespace {

TEST(Interface, HeadersAreTheWordsTheCommandProcessorDecodes) {
  EXPECT_EQ(EndHdr{}.pack(), 0u);
  EXPECT_EQ((ConfigHdr{.target = 0xff10, .words = 3}.pack()), (uint64_t{0x01} << 56) | (uint64_t{0xff10} << 32) | 3);
  EXPECT_EQ((StreamHdr{.engine = 13, .target = 0x0141, .words = 0xabcdef}.pack()),
            (uint64_t{0x02} << 56) | (uint64_t{13} << 48) | (uint64_t{0x0141} << 32) | 0xabcdef);
  EXPECT_EQ((DrainHdr{.source = 0x0052, .windows = 0x1234, .m0 = 33 & 0x3f, .table_base = 0xe0}.pack()),
            (uint64_t{0x03} << 56) | (uint64_t{0x0052} << 32) | (uint64_t{0x1234} << 16) | (uint64_t{33} << 8) | 0xe0);
  EXPECT_EQ((ParamsHdr{.count = 40, .first = 7}.pack()), (uint64_t{0x04} << 56) | (uint64_t{40} << 16) | 7);
  EXPECT_EQ((ModeHdr{.relu = 1, .out_signed = 1}.pack()), (uint64_t{0x05} << 56) | 3);
  EXPECT_EQ((WaitHdr{.streams = 1, .array = 1}.pack()), (uint64_t{0x06} << 56) | WaitStreams | WaitArray);
  EXPECT_EQ(opcode(uint64_t{0x06} << 56), Op::Wait);
  EXPECT_EQ(std::string(op_name(Op::Params)), "PARAMS");
  const uint64_t h = StreamHdr{.engine = 1, .target = 0xff30, .words = 99}.pack();
  EXPECT_EQ(StreamHdr::unpack(h), (StreamHdr{.engine = 1, .target = 0xff30, .words = 99}));
}

TEST(Interface, ValuesAreCutToTheirFields) {
  EXPECT_EQ(StreamHdr{.words = uint64_t{1} << 24}.pack(), uint64_t{0x02} << 56)
      << "a 25-bit count wraps like the RTL port";
  EXPECT_TRUE(stream_hdr::kWords.fits((1u << 24) - 1));
  EXPECT_FALSE(stream_hdr::kWords.fits(1u << 24));
}

TEST(Interface, TargetsAndUnits) {
  EXPECT_EQ(make_target(kBroadcastGroup, kUnitIact + 2), 0xff42);
  EXPECT_EQ(target_group(0x0753), 7);
  EXPECT_EQ(make_group_set(2, 3), 0xa3) << "the four groups 12..15";
  EXPECT_EQ(make_target(make_group_set(1, 0), kUnitWeight), 0x9030);
  EXPECT_EQ(target_unit(0x0753), 0x53);
  EXPECT_EQ(std::string(unit_kind(kUnitRouter)), "router");
  EXPECT_EQ(std::string(unit_kind(kUnitPe + 11)), "pe");
  EXPECT_EQ(std::string(unit_kind(kUnitGlb + 13)), "glb");
  EXPECT_EQ(std::string(unit_kind(kUnitWeight + 2)), "weight");
  EXPECT_EQ(std::string(unit_kind(kUnitDrain + 3)), "drain");
  EXPECT_EQ(std::string(unit_kind(0x05)), "?");
}

// ev2_glb_cluster: [9:0] base, loop k count at [10 + 10k +: 10], stride at [50 + 10k +: 10], [90]
// start, [91] wait_wr, [92] mode; payload word 0 = bits 63:0.
TEST(Interface, GlbWordIsTheBankConfiguration) {
  GlbCfg g;
  g.base = 0x155;
  g.count = {1, 2, 3, 0x3ff};
  g.stride = {0x3ff, 5, 6, 7};  // stride 3 crosses the 64-bit payload words (bits 80..89)
  g.start = 1;
  g.mode = 1;
  const auto w = g.pack();
  const auto bit_field = [&](int lsb, int width) {
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) v |= ((w[static_cast<size_t>((lsb + i) / 64)] >> ((lsb + i) % 64)) & 1) << i;
    return v;
  };
  EXPECT_EQ(bit_field(0, 10), 0x155u);
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(bit_field(10 + 10 * k, 10), g.count[static_cast<size_t>(k)]) << k;
    EXPECT_EQ(bit_field(50 + 10 * k, 10), g.stride[static_cast<size_t>(k)]) << k;
  }
  EXPECT_EQ(bit_field(90, 3), 0b101u);
  EXPECT_EQ(bit_field(93, 35), 0u);
  EXPECT_EQ(GlbCfg::unpack(w), g);
  EXPECT_EQ(glb_cfg::kWidth, 96);
}

// ev2_drain: bias [19:0] (signed), mult [35:20], shift [40:36].
TEST(Interface, ChannelParameterWord) {
  const ChannelParams p{.bias = -3, .mult = 0x8001, .shift = 31};
  EXPECT_EQ(p.pack(), (uint64_t{31} << 36) | (uint64_t{0x8001} << 20) | (0xfffffu & static_cast<uint32_t>(-3)));
  EXPECT_EQ(ChannelParams::unpack(p.pack()), p);
}

// ev2_pe: C0 [4:0], M0 [10:5], S [15:11], U [18:16], F [30:19], dense [31], signed [32],
// psum_in [33], load_w [34].
TEST(Interface, PeConfigurationWord) {
  const PeCfg c{.c0 = 16, .m0 = 32, .s = 3, .u = 2, .f = 4095, .dense = 1, .is_signed = 0, .psum_in = 1, .load_w = 1};
  EXPECT_EQ(c.pack(), 16u | (uint64_t{32} << 5) | (uint64_t{3} << 11) | (uint64_t{2} << 16) | (uint64_t{4095} << 19) |
                          (uint64_t{1} << 31) | (uint64_t{1} << 33) | (uint64_t{1} << 34));
  EXPECT_EQ(pe_cfg::kWidth, 35);
  EXPECT_EQ(PeCfg::unpack(c.pack()), c);
}

TEST(Interface, RegistersAndConfigurations) {
  EXPECT_EQ(reg::kStatus, 0x04);
  EXPECT_EQ(reg::kConfig, 0x24);
  EXPECT_EQ(reg::kStallMem, 0x40);
  const StatusReg st = StatusReg::unpack(0x0000'4205u);
  EXPECT_EQ(st.busy, 1u);
  EXPECT_EQ(st.done, 0u);
  EXPECT_EQ(st.error, 1u);
  EXPECT_EQ(st.error_op, 0x42u);
  for (const auto& c : kConfigs) {
    EXPECT_EQ(config_error(c), "") << c.name;
    // CONFIG as ev2_top reported it before it had more fields: rows, cols, PE rows, PE cols.
    const uint32_t old_layout =
        static_cast<uint32_t>(c.group_rows | c.group_cols << 8 | c.pe_rows << 16 | c.pe_cols << 20);
    EXPECT_EQ(expected_config(c).pack() & 0xffffffu, old_layout) << c.name;
  }
  ASSERT_NE(find_config("v2"), nullptr);
  EXPECT_EQ(find_config("v2")->groups(), 16);
  EXPECT_EQ(find_config("nope"), nullptr);
  ArrayShape bad = *find_config("small");
  bad.group_rows = 256;
  EXPECT_NE(config_error(bad).find("CONFIG.rows"), std::string::npos) << config_error(bad);
  bad = *find_config("small");
  bad.drain_engines = 0;
  EXPECT_NE(config_error(bad), "");
  bad = *find_config("small");
  bad.group_rows = 16;
  bad.group_cols = 16;  // 256 groups: group 0x80 would be both a group and a group set
  EXPECT_NE(config_error(bad).find("group-set"), std::string::npos) << config_error(bad);
}

}  // namespace
}  // namespace ev2::iface
