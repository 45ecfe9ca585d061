// NoC patterns: from a network-level description (which source feeds which destinations) to the
// configuration bits of every router of the hierarchical mesh (rtl/noc, docs/noc.md).
//
//   NocShape shape = NocShape::v2();                                   // 8 x 2 cluster groups
//   NocPattern iacts = make_pattern(NocType::Iact, NocPatternKind::Broadcast, shape);
//   NocPattern psums = make_pattern(NocType::Psum, NocPatternKind::AccumulationChain, shape,
//                                   {.group_rows = 8});
//   NocNetConfig net = compile(shape, {iacts, psums});                 // throws NocPatternError
//   BitVec bits = encode_group(net, g);                                // ev2_router_cluster cfg_i
//
// Two levels:
//  - NocPattern: flows, each one source endpoint (a GLB bank / off-chip port, or for psums the top
//    PE of a column) and the destination endpoints it feeds. make_pattern builds the four
//    network-level patterns (broadcast, unicast, grouped multicast, interleaved multicast) and the
//    psum accumulation chains; add_pattern routes flows (horizontal first, then vertical) onto
//    router settings.
//  - NocNetConfig: what every router is set to (per source port a destination mask, as in the
//    RTL) plus the all-to-all settings. validate() checks any NocNetConfig, hand-written or routed:
//    one source per destination, no route off the mesh, no dead end, nothing unreachable, no cycle.
// Every problem is a NocPatternError whose message names the routers and ports involved.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "interface/ev2_interface.hpp"
#include "util/math.hpp"

namespace ev2::mapper {

enum class NocType { Iact = 0, Weight = 1, Psum = 2 };
inline constexpr int kNocTypes = 3;
const char* noc_type_name(NocType t);

// Router port numbers: the same as rtl/noc/ev2_noc_pkg.sv. Source i and destination i of a
// router are the two directions of one port.
namespace noc_port {
inline constexpr int kIactLocal = 0;  // src: GLB iact bank / off-chip; dst: PE cluster (all-to-all)
inline constexpr int kIactN = 1;
inline constexpr int kIactS = 2;
inline constexpr int kIactE = 3;        // one horizontal port (to the other column) when num_h() == 1
inline constexpr int kIactW = 4;        // only when num_h() == 2
inline constexpr int kWeightLocal = 0;  // src: off-chip; dst: PE row `lane`
inline constexpr int kWeightE = 1;      // one horizontal port when num_h() == 1
inline constexpr int kWeightW = 2;      // only when num_h() == 2
inline constexpr int kPsumGlb = 0;      // src: GLB psum bank read; dst: GLB psum bank write
inline constexpr int kPsumPe = 1;       // src: top PE of column `lane`; dst: bottom PE of the column
inline constexpr int kPsumV = 2;        // src: from the north neighbour; dst: to the south neighbour
}  // namespace noc_port

// Mesh and cluster shape, and the configuration layout of ev2_router_cluster derived from it.
struct NocShape {
  int rows = iface::find_config("v2")->group_rows;  // cluster groups (default: v2)
  int cols = iface::find_config("v2")->group_cols;
  int pe_rows = iface::find_config("v2")->pe_rows;  // PEs per PE cluster
  int pe_cols = iface::find_config("v2")->pe_cols;
  int iact_lanes = iface::kIactBanks;  // iact routers per cluster group

  // The generated configurations (interface/ev2_interface.hpp).
  static NocShape of(const iface::ArrayShape& s) {
    return NocShape{.rows = s.group_rows,
                    .cols = s.group_cols,
                    .pe_rows = s.pe_rows,
                    .pe_cols = s.pe_cols,
                    .iact_lanes = iface::kIactBanks};
  }
  static NocShape v2() { return of(*iface::find_config("v2")); }
  static NocShape small() { return of(*iface::find_config("small")); }

  int groups() const { return rows * cols; }
  int group_index(int row, int col) const { return row * cols + col; }
  int num_pe() const { return pe_rows * pe_cols; }
  int num_h() const { return cols > 2 ? 2 : 1; }  // horizontal ports per iact/weight router
  int lanes(NocType t) const;                     // routers of type t per cluster group
  int ports(NocType t) const;                     // sources (= destinations) per router

  int router_cfg_width(NocType t) const;  // ports^2 + ports * clog2(ports)
  int router_cfg_offset(NocType t, int lane) const;
  int iact_a2a_code_width() const;  // clog2(iact_lanes + 1)
  int iact_a2a_offset() const;
  int weight_a2a_offset() const;
  int cluster_cfg_width() const;  // ev2_router_cluster CfgW (189 for NumH = 1)

  void check() const;  // throws NocPatternError on a nonsensical shape
};

class NocPatternError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// LSB-first bit vector; words() is the layout of a Verilator wide port (32-bit words, word 0 LSB).
class BitVec {
 public:
  explicit BitVec(int width = 0) : width_(width), words_(static_cast<size_t>(cdiv(width, 32)), 0u) {}
  int width() const { return width_; }
  void set(int lsb, int width, uint64_t value);
  uint64_t get(int lsb, int width) const;
  bool bit(int i) const { return ((words_[static_cast<size_t>(i / 32)] >> (i % 32)) & 1u) != 0; }
  const std::vector<uint32_t>& words() const { return words_; }
  std::string hex() const;
  bool operator==(const BitVec&) const = default;

 private:
  int width_;
  std::vector<uint32_t> words_;
};

struct GroupPos {
  int row = 0;
  int col = 0;
  bool operator==(const GroupPos&) const = default;
};

// ---------------------------------------------------------------------------------------------
// Low level: router settings

struct NocRouterSetting {
  std::vector<uint32_t> dst_mask;  // [source port]: destination ports it feeds (bit d = port d)
  bool off() const;
};

// Router modes of one source's destination mask: one destination = unicast; every destination of
// the router, or mesh ports along both dimensions = broadcast; mesh ports along one dimension (plus
// local ports) = horizontal / vertical multicast; several local ports only (psum GLB + PE) =
// multicast.
enum class RouterMode { Off, Unicast, HorizontalMulticast, VerticalMulticast, Multicast, Broadcast };
RouterMode router_mode(NocType t, const NocShape& shape, uint32_t dst_mask);
const char* router_mode_name(RouterMode m);
std::string port_name(NocType t, const NocShape& shape, int port);

struct NocNetConfig {
  NocShape shape;
  std::vector<NocRouterSetting> routers[kNocTypes];  // [type][group * lanes(type) + lane]
  std::vector<int> iact_pe_lane;                     // [group * num_pe + pe]: iact lane the PE takes, -1 none
  std::vector<uint32_t> weight_pe_mask;              // [group * pe_rows + row]: PE columns fed by weight lane row
  // [group * pe_rows + row]: the row's blocks name their PE columns in a header word each
  // (ev2_noc_weight_a2a header mode; its weight_pe_mask must be 0).
  std::vector<uint8_t> weight_headed;

  explicit NocNetConfig(const NocShape& s);
  NocRouterSetting& router(NocType t, int group, int lane);
  const NocRouterSetting& router(NocType t, int group, int lane) const;
};

// The ev2_noc_xbar layout of one router: [s*P + d] mask bits, then [P*P + d*SelW] selects.
BitVec encode_router(NocType t, const NocShape& shape, const NocRouterSetting& r);
// One cluster group's ev2_router_cluster configuration (the mesh's cfg_i for cfg_addr_i = group).
BitVec encode_group(const NocNetConfig& net, int group);
// Throws NocPatternError naming the first problem found.
void validate(const NocNetConfig& net);
// One line per router that is not off: type, group, lane, per source port its destinations and mode.
std::string describe(const NocNetConfig& net);

// ---------------------------------------------------------------------------------------------
// High level: flows and patterns

enum class EndpointKind {
  Glb,  // source: GLB bank (iact, psum read) or off-chip port (weight); destination: GLB psum bank
  Pe,   // source: top PE of psum column `lane`; destination: PEs (iact, weight) / bottom PE (psum)
};

struct NocDest {
  GroupPos group;
  EndpointKind kind = EndpointKind::Pe;
  // iact: PEs of the cluster (bit p = PE row p / pe_cols, column p % pe_cols) that take this flow;
  // weight: PE columns of PE row `lane` that take it; psum: unused.
  uint32_t pe_mask = 0;
};

struct NocFlow {
  int lane = 0;  // iact router / weight router (= PE row) / psum router (= PE column)
  GroupPos src;
  EndpointKind src_kind = EndpointKind::Glb;
  std::vector<NocDest> dsts;
};

enum class NocPatternKind {
  Broadcast,             // one source feeds every destination it can reach
  Unicast,               // every cluster group is fed by its own source
  GroupedMulticast,      // blocks of group_rows x group_cols cluster groups share a source
  InterleavedMulticast,  // `interleave` sets of strided cluster groups, each with its own source
  AccumulationChain,     // psums only: chains of group_rows cluster groups down each column
  Custom,
};
const char* pattern_kind_name(NocPatternKind k);

struct NocPattern {
  NocType type = NocType::Iact;
  NocPatternKind kind = NocPatternKind::Custom;
  std::string name;
  std::vector<NocFlow> flows;
};

struct NocPatternParams {
  GroupPos source{0, 0};  // broadcast source (weights: its column, in every row)
  int group_rows = 2;     // grouped multicast block / psum chain length (in cluster groups)
  int group_cols = 1;
  int interleave = 2;  // interleaved multicast: number of sets
  // PE-level delivery. iact: lane each PE takes (default PE row r takes lane r % iact_lanes);
  // weight: PE columns of every row that take weights (default all).
  std::vector<int> iact_pe_lane;
  uint32_t weight_pe_mask = 0xffffffffu;
};

// The network-level patterns of docs/noc.md ("Patterns"). Throws NocPatternError for a pattern
// the network cannot carry in principle (e.g. more interleaved iact sets than iact lanes).
NocPattern make_pattern(NocType t, NocPatternKind k, const NocShape& shape, const NocPatternParams& p = {});

// Routes the pattern's flows into net (horizontal first, then vertical). Throws NocPatternError for
// a destination with two sources, two flows on one link, or a destination the routers cannot reach.
void add_pattern(NocNetConfig& net, const NocPattern& pattern);

// add_pattern for each pattern into an empty configuration, then validate().
NocNetConfig compile(const NocShape& shape, const std::vector<NocPattern>& patterns);

}  // namespace ev2::mapper
