#include "mapper/noc_pattern.hpp"

#include <algorithm>
#include <bit>
#include <map>
#include <optional>
#include <tuple>

#include <fmt/core.h>

namespace ev2::mapper {
namespace {

int clog2(int n) {
  int w = 0;
  while ((1 << w) < n) ++w;
  return w;
}

int sel_width(int ports) { return ports > 1 ? clog2(ports) : 1; }

std::string pos_str(GroupPos g) { return fmt::format("({},{})", g.row, g.col); }

std::string lane_noun(NocType t) {
  switch (t) {
    case NocType::Iact:
      return "iact router";
    case NocType::Weight:
      return "weight router";
    case NocType::Psum:
      return "psum router";
  }
  return "router";
}

std::string router_str(NocType t, GroupPos g, int lane) {
  return fmt::format("{} {} of cluster group {}", lane_noun(t), lane, pos_str(g));
}

enum class Dir { N, S, E, W };

// Where a port's link goes. For iact / weight the same port number serves both directions; for
// psums the vertical port receives from the north and sends to the south.
struct LinkEnd {
  int group;
  int port;
};

std::optional<LinkEnd> neighbour(NocType t, const NocShape& s, int group, int port, bool outgoing) {
  const int r = group / s.cols;
  const int c = group % s.cols;
  auto at = [&](int rr, int cc, int p) -> std::optional<LinkEnd> {
    if (rr < 0 || rr >= s.rows || cc < 0 || cc >= s.cols) return std::nullopt;
    return LinkEnd{s.group_index(rr, cc), p};
  };
  switch (t) {
    case NocType::Iact:
      if (port == noc_port::kIactN) return at(r - 1, c, noc_port::kIactS);
      if (port == noc_port::kIactS) return at(r + 1, c, noc_port::kIactN);
      if (s.num_h() == 1 && port == noc_port::kIactE) {
        if (s.cols != 2) return std::nullopt;
        return at(r, 1 - c, noc_port::kIactE);
      }
      if (port == noc_port::kIactE) return at(r, c + 1, noc_port::kIactW);
      if (port == noc_port::kIactW) return at(r, c - 1, noc_port::kIactE);
      return std::nullopt;
    case NocType::Weight:
      if (s.num_h() == 1 && port == noc_port::kWeightE) {
        if (s.cols != 2) return std::nullopt;
        return at(r, 1 - c, noc_port::kWeightE);
      }
      if (port == noc_port::kWeightE) return at(r, c + 1, noc_port::kWeightW);
      if (port == noc_port::kWeightW) return at(r, c - 1, noc_port::kWeightE);
      return std::nullopt;
    case NocType::Psum:
      if (port == noc_port::kPsumV) return outgoing ? at(r + 1, c, noc_port::kPsumV) : at(r - 1, c, noc_port::kPsumV);
      return std::nullopt;
  }
  return std::nullopt;
}

bool is_mesh_port(NocType t, int port) {
  switch (t) {
    case NocType::Iact:
      return port != noc_port::kIactLocal;
    case NocType::Weight:
      return port != noc_port::kWeightLocal;
    case NocType::Psum:
      return port == noc_port::kPsumV;
  }
  return false;
}

// The port a flow leaves through to go one step in `d`, or nullopt if this router type has none.
std::optional<int> port_toward(NocType t, const NocShape& s, Dir d) {
  switch (t) {
    case NocType::Iact:
      if (d == Dir::N) return noc_port::kIactN;
      if (d == Dir::S) return noc_port::kIactS;
      if (s.num_h() == 1) return noc_port::kIactE;
      return d == Dir::E ? noc_port::kIactE : noc_port::kIactW;
    case NocType::Weight:
      if (d == Dir::N || d == Dir::S) return std::nullopt;
      if (s.num_h() == 1) return noc_port::kWeightE;
      return d == Dir::E ? noc_port::kWeightE : noc_port::kWeightW;
    case NocType::Psum:
      if (d == Dir::S) return noc_port::kPsumV;
      return std::nullopt;
  }
  return std::nullopt;
}

uint32_t all_ports(int ports) { return (1u << ports) - 1u; }

}  // namespace

const char* noc_type_name(NocType t) {
  switch (t) {
    case NocType::Iact:
      return "iact";
    case NocType::Weight:
      return "weight";
    case NocType::Psum:
      return "psum";
  }
  return "?";
}

const char* pattern_kind_name(NocPatternKind k) {
  switch (k) {
    case NocPatternKind::Broadcast:
      return "broadcast";
    case NocPatternKind::Unicast:
      return "unicast";
    case NocPatternKind::GroupedMulticast:
      return "grouped multicast";
    case NocPatternKind::InterleavedMulticast:
      return "interleaved multicast";
    case NocPatternKind::AccumulationChain:
      return "accumulation chain";
    case NocPatternKind::Custom:
      return "custom";
  }
  return "?";
}

const char* router_mode_name(RouterMode m) {
  switch (m) {
    case RouterMode::Off:
      return "off";
    case RouterMode::Unicast:
      return "unicast";
    case RouterMode::HorizontalMulticast:
      return "horizontal multicast";
    case RouterMode::VerticalMulticast:
      return "vertical multicast";
    case RouterMode::Multicast:
      return "multicast";
    case RouterMode::Broadcast:
      return "broadcast";
  }
  return "?";
}

// ---------------------------------------------------------------------------------------------
// NocShape

int NocShape::lanes(NocType t) const {
  switch (t) {
    case NocType::Iact:
      return iact_lanes;
    case NocType::Weight:
      return pe_rows;
    case NocType::Psum:
      return pe_cols;
  }
  return 0;
}

int NocShape::ports(NocType t) const {
  switch (t) {
    case NocType::Iact:
      return 3 + num_h();
    case NocType::Weight:
      return 1 + num_h();
    case NocType::Psum:
      return 3;
  }
  return 0;
}

int NocShape::router_cfg_width(NocType t) const {
  const int p = ports(t);
  return p * p + p * sel_width(p);
}

int NocShape::router_cfg_offset(NocType t, int lane) const {
  int off = 0;
  for (int ti = 0; ti < static_cast<int>(t); ++ti)
    off += lanes(static_cast<NocType>(ti)) * router_cfg_width(static_cast<NocType>(ti));
  return off + lane * router_cfg_width(t);
}

int NocShape::iact_a2a_code_width() const { return clog2(iact_lanes + 1); }
int NocShape::iact_a2a_offset() const { return router_cfg_offset(NocType::Psum, lanes(NocType::Psum)); }
int NocShape::weight_a2a_offset() const { return iact_a2a_offset() + num_pe() * iact_a2a_code_width(); }
int NocShape::cluster_cfg_width() const { return weight_a2a_offset() + num_pe() + pe_rows; }

void NocShape::check() const {
  if (rows < 1 || cols < 1 || pe_rows < 1 || pe_cols < 1 || iact_lanes < 1)
    throw NocPatternError(fmt::format("NoC shape {}x{} cluster groups of {}x{} PEs with {} iact lanes is empty", rows,
                                      cols, pe_rows, pe_cols, iact_lanes));
  if (num_pe() > 32 || pe_cols > 32)
    throw NocPatternError(fmt::format("NoC shape: {} PEs per cluster do not fit the 32-bit PE masks", num_pe()));
}

// ---------------------------------------------------------------------------------------------
// BitVec

void BitVec::set(int lsb, int width, uint64_t value) {
  if (lsb < 0 || width < 0 || width > 64 || lsb + width > width_)
    throw std::out_of_range(fmt::format("BitVec::set [{} +: {}] outside {} bits", lsb, width, width_));
  for (int i = 0; i < width; ++i) {
    const int b = lsb + i;
    uint32_t& w = words_[static_cast<size_t>(b / 32)];
    const uint32_t m = 1u << (b % 32);
    w = ((value >> i) & 1u) ? (w | m) : (w & ~m);
  }
}

uint64_t BitVec::get(int lsb, int width) const {
  if (lsb < 0 || width < 0 || width > 64 || lsb + width > width_)
    throw std::out_of_range(fmt::format("BitVec::get [{} +: {}] outside {} bits", lsb, width, width_));
  uint64_t v = 0;
  for (int i = 0; i < width; ++i)
    if (bit(lsb + i)) v |= uint64_t{1} << i;
  return v;
}

std::string BitVec::hex() const {
  std::string s;
  for (int i = static_cast<int>(words_.size()) - 1; i >= 0; --i)
    s += fmt::format("{:08x}", words_[static_cast<size_t>(i)]);
  return s.empty() ? "0" : s;
}

// ---------------------------------------------------------------------------------------------
// Router settings

bool NocRouterSetting::off() const {
  return std::all_of(dst_mask.begin(), dst_mask.end(), [](uint32_t m) { return m == 0; });
}

std::string port_name(NocType t, const NocShape& shape, int port) {
  switch (t) {
    case NocType::Iact:
      switch (port) {
        case noc_port::kIactLocal:
          return "local";
        case noc_port::kIactN:
          return "N";
        case noc_port::kIactS:
          return "S";
        case noc_port::kIactE:
          return shape.num_h() == 1 ? "H" : "E";
        case noc_port::kIactW:
          return "W";
      }
      break;
    case NocType::Weight:
      switch (port) {
        case noc_port::kWeightLocal:
          return "local";
        case noc_port::kWeightE:
          return shape.num_h() == 1 ? "H" : "E";
        case noc_port::kWeightW:
          return "W";
      }
      break;
    case NocType::Psum:
      switch (port) {
        case noc_port::kPsumGlb:
          return "GLB";
        case noc_port::kPsumPe:
          return "PE";
        case noc_port::kPsumV:
          return "V";
      }
      break;
  }
  return fmt::format("port{}", port);
}

RouterMode router_mode(NocType t, const NocShape& shape, uint32_t dst_mask) {
  const int n = std::popcount(dst_mask);
  if (n == 0) return RouterMode::Off;
  if (n == 1) return RouterMode::Unicast;
  if (dst_mask == all_ports(shape.ports(t))) return RouterMode::Broadcast;
  uint32_t vert = 0, horiz = 0;
  switch (t) {
    case NocType::Iact:
      vert = (1u << noc_port::kIactN) | (1u << noc_port::kIactS);
      horiz = all_ports(shape.ports(t)) & ~vert & ~(1u << noc_port::kIactLocal);
      break;
    case NocType::Weight:
      horiz = all_ports(shape.ports(t)) & ~(1u << noc_port::kWeightLocal);
      break;
    case NocType::Psum:
      vert = 1u << noc_port::kPsumV;
      break;
  }
  const bool v = (dst_mask & vert) != 0;
  const bool h = (dst_mask & horiz) != 0;
  if (v && h) return RouterMode::Broadcast;
  if (v) return RouterMode::VerticalMulticast;
  if (h) return RouterMode::HorizontalMulticast;
  return RouterMode::Multicast;
}

NocNetConfig::NocNetConfig(const NocShape& s) : shape(s) {
  shape.check();
  for (int t = 0; t < kNocTypes; ++t) {
    const auto type = static_cast<NocType>(t);
    routers[t].assign(static_cast<size_t>(shape.groups() * shape.lanes(type)),
                      NocRouterSetting{std::vector<uint32_t>(static_cast<size_t>(shape.ports(type)), 0u)});
  }
  iact_pe_lane.assign(static_cast<size_t>(shape.groups() * shape.num_pe()), -1);
  weight_pe_mask.assign(static_cast<size_t>(shape.groups() * shape.pe_rows), 0u);
  weight_headed.assign(static_cast<size_t>(shape.groups() * shape.pe_rows), 0);
}

NocRouterSetting& NocNetConfig::router(NocType t, int group, int lane) {
  return routers[static_cast<int>(t)].at(static_cast<size_t>(group * shape.lanes(t) + lane));
}

const NocRouterSetting& NocNetConfig::router(NocType t, int group, int lane) const {
  return routers[static_cast<int>(t)].at(static_cast<size_t>(group * shape.lanes(t) + lane));
}

BitVec encode_router(NocType t, const NocShape& shape, const NocRouterSetting& r) {
  const int p = shape.ports(t);
  const int selw = sel_width(p);
  BitVec bits(shape.router_cfg_width(t));
  if (static_cast<int>(r.dst_mask.size()) != p)
    throw NocPatternError(
        fmt::format("{} setting has {} source masks, the router has {} ports", noc_type_name(t), r.dst_mask.size(), p));
  for (int s = 0; s < p; ++s) {
    if ((r.dst_mask[static_cast<size_t>(s)] & ~all_ports(p)) != 0)
      throw NocPatternError(fmt::format("{} router: source port {} names destination ports beyond the {} it has",
                                        noc_type_name(t), s, p));
    bits.set(s * p, p, r.dst_mask[static_cast<size_t>(s)]);
  }
  for (int d = 0; d < p; ++d) {
    int sel = 0;
    for (int s = p - 1; s >= 0; --s)
      if ((r.dst_mask[static_cast<size_t>(s)] >> d) & 1u) sel = s;
    bits.set(p * p + d * selw, selw, static_cast<uint64_t>(sel));
  }
  return bits;
}

BitVec encode_group(const NocNetConfig& net, int group) {
  const NocShape& s = net.shape;
  BitVec bits(s.cluster_cfg_width());
  for (int t = 0; t < kNocTypes; ++t) {
    const auto type = static_cast<NocType>(t);
    for (int lane = 0; lane < s.lanes(type); ++lane) {
      const BitVec r = encode_router(type, s, net.router(type, group, lane));
      const int off = s.router_cfg_offset(type, lane);
      for (int i = 0; i < r.width(); ++i) bits.set(off + i, 1, r.bit(i));
    }
  }
  const int cw = s.iact_a2a_code_width();
  for (int p = 0; p < s.num_pe(); ++p) {
    const int lane = net.iact_pe_lane[static_cast<size_t>(group * s.num_pe() + p)];
    if (lane >= s.iact_lanes)
      throw NocPatternError(fmt::format("PE {} of group {} takes iact lane {} of {}", p, group, lane, s.iact_lanes));
    bits.set(s.iact_a2a_offset() + p * cw, cw, static_cast<uint64_t>(lane + 1));
  }
  for (int r = 0; r < s.pe_rows; ++r) {
    bits.set(s.weight_a2a_offset() + r * s.pe_cols, s.pe_cols,
             net.weight_pe_mask[static_cast<size_t>(group * s.pe_rows + r)] & all_ports(s.pe_cols));
    bits.set(s.weight_a2a_offset() + s.num_pe() + r, 1, net.weight_headed[static_cast<size_t>(group * s.pe_rows + r)]);
  }
  return bits;
}

// ---------------------------------------------------------------------------------------------
// Validation

namespace {

struct Validator {
  const NocNetConfig& net;
  const NocShape& s;

  GroupPos pos(int g) const { return {g / s.cols, g % s.cols}; }
  std::string where(NocType t, int g, int lane) const { return router_str(t, pos(g), lane); }

  // The source port feeding destination d of a router, -1 if none.
  int src_of(NocType t, int g, int lane, int d) const {
    const auto& r = net.router(t, g, lane);
    for (int sp = 0; sp < s.ports(t); ++sp)
      if ((r.dst_mask[static_cast<size_t>(sp)] >> d) & 1u) return sp;
    return -1;
  }

  void run() {
    for (int ti = 0; ti < kNocTypes; ++ti) {
      const auto t = static_cast<NocType>(ti);
      const int p = s.ports(t);
      for (int g = 0; g < s.groups(); ++g) {
        for (int lane = 0; lane < s.lanes(t); ++lane) {
          const auto& r = net.router(t, g, lane);
          if (static_cast<int>(r.dst_mask.size()) != p)
            throw NocPatternError(
                fmt::format("{}: {} source masks for {} ports", where(t, g, lane), r.dst_mask.size(), p));
          // One source per destination.
          for (int d = 0; d < p; ++d) {
            int first = -1;
            for (int sp = 0; sp < p; ++sp) {
              const uint32_t m = r.dst_mask[static_cast<size_t>(sp)];
              if ((m & ~all_ports(p)) != 0)
                throw NocPatternError(fmt::format("{}: source port {} names a destination port it does not have",
                                                  where(t, g, lane), port_name(t, s, sp)));
              if (!((m >> d) & 1u)) continue;
              if (first >= 0)
                throw NocPatternError(fmt::format("{}: destination port {} has two sources: ports {} and {}",
                                                  where(t, g, lane), port_name(t, s, d), port_name(t, s, first),
                                                  port_name(t, s, sp)));
              first = sp;
            }
          }
          // Mesh links: both ends must agree.
          for (int port = 0; port < p; ++port) {
            if (!is_mesh_port(t, port)) continue;
            const bool sends = src_of(t, g, lane, port) >= 0;
            if (sends) {
              const auto nb = neighbour(t, s, g, port, true);
              if (!nb)
                throw NocPatternError(fmt::format("{}: routes to port {}, which leads off the mesh", where(t, g, lane),
                                                  port_name(t, s, port)));
              if (net.router(t, nb->group, lane).dst_mask[static_cast<size_t>(nb->port)] == 0)
                throw NocPatternError(fmt::format(
                    "{}: dead end: sends on port {} to {}, which forwards nothing arriving on its port {}",
                    where(t, g, lane), port_name(t, s, port), where(t, nb->group, lane), port_name(t, s, nb->port)));
            }
            if (r.dst_mask[static_cast<size_t>(port)] != 0) {
              const auto nb = neighbour(t, s, g, port, false);
              if (!nb || src_of(t, nb->group, lane, nb->port) < 0)
                throw NocPatternError(
                    fmt::format("{}: unreachable: forwards words arriving on port {}, but nothing is sent on that link",
                                where(t, g, lane), port_name(t, s, port)));
            }
          }
        }
        check_local(t, g);
      }
      check_cycles(t);
    }
  }

  // The PE-side all-to-all must agree with the routers' local destination ports.
  void check_local(NocType t, int g) {
    if (t == NocType::Iact) {
      for (int lane = 0; lane < s.iact_lanes; ++lane) {
        const bool routed = src_of(t, g, lane, noc_port::kIactLocal) >= 0;
        bool taken = false;
        for (int pe = 0; pe < s.num_pe(); ++pe)
          taken = taken || net.iact_pe_lane[static_cast<size_t>(g * s.num_pe() + pe)] == lane;
        if (routed && !taken)
          throw NocPatternError(fmt::format("{}: dead end: delivers to the PE cluster, but no PE takes iact lane {}",
                                            where(t, g, lane), lane));
        if (taken && !routed)
          throw NocPatternError(fmt::format(
              "{}: unreachable: a PE of cluster group {} takes iact lane {}, but nothing is routed to that lane",
              where(t, g, lane), pos_str(pos(g)), lane));
      }
      for (int pe = 0; pe < s.num_pe(); ++pe) {
        const int lane = net.iact_pe_lane[static_cast<size_t>(g * s.num_pe() + pe)];
        if (lane < -1 || lane >= s.iact_lanes)
          throw NocPatternError(fmt::format("PE {} of cluster group {} takes iact lane {}, which does not exist", pe,
                                            pos_str(pos(g)), lane));
      }
    } else if (t == NocType::Weight) {
      for (int lane = 0; lane < s.pe_rows; ++lane) {
        const uint32_t m = net.weight_pe_mask[static_cast<size_t>(g * s.pe_rows + lane)];
        const bool headed = net.weight_headed[static_cast<size_t>(g * s.pe_rows + lane)] != 0;
        if ((m & ~all_ports(s.pe_cols)) != 0)
          throw NocPatternError(
              fmt::format("{}: PE mask {:#x} names PE columns beyond {}", where(t, g, lane), m, s.pe_cols));
        if (headed && m != 0)
          throw NocPatternError(
              fmt::format("{}: PE row {} takes block headers and a PE mask {:#x}; headers name the "
                          "columns",
                          where(t, g, lane), lane, m));
        const bool routed = src_of(t, g, lane, noc_port::kWeightLocal) >= 0;
        if (routed && m == 0 && !headed)
          throw NocPatternError(
              fmt::format("{}: dead end: delivers to PE row {}, but its PE mask is empty", where(t, g, lane), lane));
        if (!routed && (m != 0 || headed))
          throw NocPatternError(fmt::format("{}: unreachable: PE row {} takes weights, but nothing is routed to it",
                                            where(t, g, lane), lane));
      }
    }
  }

  // Graph over router ports: source port -> configured destination ports -> the neighbour's
  // source port across a link; for psums also the PE column: bottom-PE destination -> top-PE source.
  void check_cycles(NocType t) {
    const int p = s.ports(t);
    const int lanes = s.lanes(t);
    const int n = s.groups() * lanes * p * 2;
    auto node = [&](int g, int lane, int port, bool out) {
      return ((g * lanes + lane) * p + port) * 2 + (out ? 1 : 0);
    };
    std::vector<std::vector<int>> next(static_cast<size_t>(n));
    for (int g = 0; g < s.groups(); ++g) {
      for (int lane = 0; lane < lanes; ++lane) {
        const auto& r = net.router(t, g, lane);
        for (int sp = 0; sp < p; ++sp)
          for (int d = 0; d < p; ++d)
            if ((r.dst_mask[static_cast<size_t>(sp)] >> d) & 1u)
              next[static_cast<size_t>(node(g, lane, sp, false))].push_back(node(g, lane, d, true));
        for (int d = 0; d < p; ++d) {
          if (is_mesh_port(t, d)) {
            if (auto nb = neighbour(t, s, g, d, true))
              next[static_cast<size_t>(node(g, lane, d, true))].push_back(node(nb->group, lane, nb->port, false));
          }
        }
        if (t == NocType::Psum)
          next[static_cast<size_t>(node(g, lane, noc_port::kPsumPe, true))].push_back(
              node(g, lane, noc_port::kPsumPe, false));
      }
    }
    auto describe_node = [&](int v) {
      const bool out = (v & 1) != 0;
      const int port = (v / 2) % p;
      const int lane = (v / 2 / p) % lanes;
      const int g = v / 2 / p / lanes;
      return fmt::format("{} {} {}", pos_str(pos(g)), port_name(t, s, port), out ? "out" : "in");
    };
    std::vector<int> color(static_cast<size_t>(n), 0), parent(static_cast<size_t>(n), -1);
    for (int root = 0; root < n; ++root) {
      if (color[static_cast<size_t>(root)] != 0) continue;
      // Iterative DFS: (node, next edge index).
      std::vector<std::pair<int, size_t>> stack{{root, 0}};
      color[static_cast<size_t>(root)] = 1;
      while (!stack.empty()) {
        auto& [v, i] = stack.back();
        const auto& edges = next[static_cast<size_t>(v)];
        if (i == edges.size()) {
          color[static_cast<size_t>(v)] = 2;
          stack.pop_back();
          continue;
        }
        const int w = edges[i++];
        if (color[static_cast<size_t>(w)] == 1) {
          std::vector<int> cyc{w};
          for (int u = v; u != w; u = parent[static_cast<size_t>(u)]) cyc.push_back(u);
          std::reverse(cyc.begin() + 1, cyc.end());
          std::string path;
          for (int u : cyc) path += describe_node(u) + " -> ";
          path += describe_node(w);
          const int lane = (w / 2 / p) % lanes;
          throw NocPatternError(fmt::format("{} lane {}: cycle: {}", noc_type_name(t), lane, path));
        }
        if (color[static_cast<size_t>(w)] == 0) {
          color[static_cast<size_t>(w)] = 1;
          parent[static_cast<size_t>(w)] = v;
          stack.emplace_back(w, 0);
        }
      }
    }
  }
};

}  // namespace

void validate(const NocNetConfig& net) {
  net.shape.check();
  Validator{net, net.shape}.run();
}

std::string describe(const NocNetConfig& net) {
  const NocShape& s = net.shape;
  std::string out;
  for (int ti = 0; ti < kNocTypes; ++ti) {
    const auto t = static_cast<NocType>(ti);
    for (int g = 0; g < s.groups(); ++g) {
      for (int lane = 0; lane < s.lanes(t); ++lane) {
        const auto& r = net.router(t, g, lane);
        if (r.off()) continue;
        std::string line = fmt::format("{:<6} ({},{}) lane {}:", noc_type_name(t), g / s.cols, g % s.cols, lane);
        for (int sp = 0; sp < s.ports(t); ++sp) {
          const uint32_t m = r.dst_mask[static_cast<size_t>(sp)];
          if (m == 0) continue;
          std::string dsts;
          for (int d = 0; d < s.ports(t); ++d)
            if ((m >> d) & 1u) dsts += (dsts.empty() ? "" : ",") + port_name(t, s, d);
          line += fmt::format("  {}->{{{}}} {}", port_name(t, s, sp), dsts, router_mode_name(router_mode(t, s, m)));
        }
        out += line + "\n";
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Routing flows

namespace {

std::string endpoint_str(NocType t, int lane, GroupPos g, EndpointKind k, bool source) {
  switch (t) {
    case NocType::Iact:
      return source ? fmt::format("GLB iact bank {} of cluster group {}", lane, pos_str(g))
                    : fmt::format("PE cluster of group {} (iact lane {})", pos_str(g), lane);
    case NocType::Weight:
      return source ? fmt::format("off-chip weight port {} of cluster group {}", lane, pos_str(g))
                    : fmt::format("PE row {} of cluster group {}", lane, pos_str(g));
    case NocType::Psum:
      if (k == EndpointKind::Glb) return fmt::format("GLB psum bank {} of cluster group {}", lane, pos_str(g));
      return source ? fmt::format("top PE of column {} of cluster group {}", lane, pos_str(g))
                    : fmt::format("bottom PE of column {} of cluster group {}", lane, pos_str(g));
  }
  return "?";
}

struct Router {
  NocNetConfig& net;
  const NocShape& s;
  NocType t;
  // Who drives each destination port: key (group, lane, port) -> (source id, input port).
  std::map<std::tuple<int, int, int>, std::pair<int, int>> owner;
  std::map<std::tuple<int, int, int>, int> pe_owner;  // iact (group, pe, 0) / weight (group, lane, col)
  std::vector<std::string> source_names;
  std::map<std::tuple<int, int, int, int>, int> source_ids;  // (lane, row, col, kind)

  int source_id(const NocFlow& f) {
    const auto key = std::make_tuple(f.lane, f.src.row, f.src.col, static_cast<int>(f.src_kind));
    auto it = source_ids.find(key);
    if (it != source_ids.end()) return it->second;
    source_names.push_back(endpoint_str(t, f.lane, f.src, f.src_kind, true));
    return source_ids[key] = static_cast<int>(source_names.size()) - 1;
  }

  void claim(int g, int lane, int out_port, int in_port, int src, const std::string& what) {
    const auto key = std::make_tuple(g, lane, out_port);
    auto it = owner.find(key);
    if (it != owner.end()) {
      if (it->second.first != src) {
        const GroupPos gp{g / s.cols, g % s.cols};
        if (is_mesh_port(t, out_port))
          throw NocPatternError(
              fmt::format("{} pattern: link conflict: port {} of {} is needed by two flows, from {} and from {} "
                          "(a circuit-switched link carries one flow per layer)",
                          noc_type_name(t), port_name(t, s, out_port), router_str(t, gp, lane),
                          source_names[static_cast<size_t>(it->second.first)], source_names[static_cast<size_t>(src)]));
        throw NocPatternError(fmt::format("{} pattern: destination {} has two sources: {} and {}", noc_type_name(t),
                                          what, source_names[static_cast<size_t>(it->second.first)],
                                          source_names[static_cast<size_t>(src)]));
      }
      if (it->second.second != in_port)
        throw NocPatternError(fmt::format("{} pattern: internal routing error at {} port {}", noc_type_name(t),
                                          router_str(t, {g / s.cols, g % s.cols}, lane), port_name(t, s, out_port)));
      return;
    }
    owner[key] = {src, in_port};
    net.router(t, g, lane).dst_mask[static_cast<size_t>(in_port)] |= 1u << out_port;
  }

  void check_group(GroupPos g, const char* what) const {
    if (g.row < 0 || g.row >= s.rows || g.col < 0 || g.col >= s.cols)
      throw NocPatternError(fmt::format("{} pattern: {} cluster group {} is outside the {}x{} mesh", noc_type_name(t),
                                        what, pos_str(g), s.rows, s.cols));
  }

  void route(const NocFlow& f) {
    if (f.lane < 0 || f.lane >= s.lanes(t))
      throw NocPatternError(fmt::format("{} pattern: lane {} does not exist ({} {}s per cluster group)",
                                        noc_type_name(t), f.lane, s.lanes(t), lane_noun(t)));
    check_group(f.src, "source");
    if (t != NocType::Psum && f.src_kind != EndpointKind::Glb)
      throw NocPatternError(fmt::format("{} pattern: only psums can come from a PE", noc_type_name(t)));
    const int src = source_id(f);
    const std::string src_name = source_names[static_cast<size_t>(src)];
    if (f.dsts.empty())
      throw NocPatternError(fmt::format("{} pattern: flow from {} has no destination", noc_type_name(t), src_name));
    const int inject = (t == NocType::Psum && f.src_kind == EndpointKind::Pe) ? noc_port::kPsumPe : 0;

    for (const NocDest& d : f.dsts) {
      check_group(d.group, "destination");
      const std::string dst_name = endpoint_str(t, f.lane, d.group, d.kind, false);
      if (t != NocType::Psum && d.kind != EndpointKind::Pe)
        throw NocPatternError(
            fmt::format("{} pattern: {}s can only be delivered to PEs", noc_type_name(t), noc_type_name(t)));
      GroupPos cur = f.src;
      int in_port = inject;
      auto step = [&](Dir dir, GroupPos nxt) {
        const auto out = port_toward(t, s, dir);
        if (!out) {
          const char* why = t == NocType::Weight ? "weight routers have no vertical links"
                            : dir == Dir::N      ? "psums only travel south (north in, south out)"
                                                 : "psum routers have no horizontal links";
          throw NocPatternError(fmt::format("{} pattern: unreachable: {} cannot reach {}: {}", noc_type_name(t),
                                            src_name, dst_name, why));
        }
        const int g = s.group_index(cur.row, cur.col);
        claim(g, f.lane, *out, in_port, src, dst_name);
        const auto nb = neighbour(t, s, g, *out, true);
        if (!nb || nb->group != s.group_index(nxt.row, nxt.col))
          throw NocPatternError(fmt::format("{} pattern: unreachable: no link from {} toward {}", noc_type_name(t),
                                            pos_str(cur), pos_str(nxt)));
        in_port = nb->port;
        cur = nxt;
      };
      while (cur.col != d.group.col)
        step(d.group.col > cur.col ? Dir::E : Dir::W, {cur.row, cur.col + (d.group.col > cur.col ? 1 : -1)});
      while (cur.row != d.group.row)
        step(d.group.row > cur.row ? Dir::S : Dir::N, {cur.row + (d.group.row > cur.row ? 1 : -1), cur.col});

      const int g = s.group_index(cur.row, cur.col);
      int local = 0;
      if (t == NocType::Psum) local = d.kind == EndpointKind::Pe ? noc_port::kPsumPe : noc_port::kPsumGlb;
      claim(g, f.lane, local, in_port, src, dst_name);

      if (t == NocType::Iact) {
        if (d.pe_mask == 0 || (s.num_pe() < 32 && (d.pe_mask >> s.num_pe()) != 0))
          throw NocPatternError(
              fmt::format("iact pattern: flow from {} to {}: PE mask {:#x} must name some of the {} PEs", src_name,
                          dst_name, d.pe_mask, s.num_pe()));
        for (int pe = 0; pe < s.num_pe(); ++pe) {
          if (!((d.pe_mask >> pe) & 1u)) continue;
          const auto key = std::make_tuple(g, pe, 0);
          auto it = pe_owner.find(key);
          if (it != pe_owner.end() && it->second != src)
            throw NocPatternError(
                fmt::format("iact pattern: destination PE {} of cluster group {} has two sources: {} and {}", pe,
                            pos_str(cur), source_names[static_cast<size_t>(it->second)], src_name));
          pe_owner[key] = src;
          net.iact_pe_lane[static_cast<size_t>(g * s.num_pe() + pe)] = f.lane;
        }
      } else if (t == NocType::Weight) {
        if (d.pe_mask == 0 || (d.pe_mask & ~all_ports(s.pe_cols)) != 0)
          throw NocPatternError(
              fmt::format("weight pattern: flow from {} to {}: PE mask {:#x} must name some of the {} PE columns",
                          src_name, dst_name, d.pe_mask, s.pe_cols));
        net.weight_pe_mask[static_cast<size_t>(g * s.pe_rows + f.lane)] |= d.pe_mask;
      }
    }
  }
};

}  // namespace

void add_pattern(NocNetConfig& net, const NocPattern& pattern) {
  Router r{net, net.shape, pattern.type, {}, {}, {}, {}};
  // Settings already in `net` for this data type (from an earlier pattern) are kept, and their
  // ports count as taken by an unnamed earlier source.
  const NocShape& s = net.shape;
  r.source_names.push_back("an earlier pattern");
  for (int g = 0; g < s.groups(); ++g)
    for (int lane = 0; lane < s.lanes(pattern.type); ++lane) {
      const auto& rs = net.router(pattern.type, g, lane);
      for (int sp = 0; sp < s.ports(pattern.type); ++sp)
        for (int d = 0; d < s.ports(pattern.type); ++d)
          if ((rs.dst_mask[static_cast<size_t>(sp)] >> d) & 1u) r.owner[{g, lane, d}] = {0, sp};
    }
  if (pattern.type == NocType::Iact)
    for (int g = 0; g < s.groups(); ++g)
      for (int pe = 0; pe < s.num_pe(); ++pe)
        if (net.iact_pe_lane[static_cast<size_t>(g * s.num_pe() + pe)] >= 0) r.pe_owner[{g, pe, 0}] = 0;
  for (const NocFlow& f : pattern.flows) r.route(f);
}

NocNetConfig compile(const NocShape& shape, const std::vector<NocPattern>& patterns) {
  NocNetConfig net(shape);
  for (const NocPattern& p : patterns) {
    try {
      add_pattern(net, p);
    } catch (const NocPatternError& e) {
      throw NocPatternError(fmt::format("{}: {}", p.name.empty() ? pattern_kind_name(p.kind) : p.name, e.what()));
    }
  }
  validate(net);
  return net;
}

// ---------------------------------------------------------------------------------------------
// Pattern factories

NocPattern make_pattern(NocType t, NocPatternKind k, const NocShape& s, const NocPatternParams& prm) {
  s.check();
  NocPattern pat{t, k, fmt::format("{} {}", noc_type_name(t), pattern_kind_name(k)), {}};
  const auto fail = [&](const std::string& why) { throw NocPatternError(fmt::format("{}: {}", pat.name, why)); };
  if (k == NocPatternKind::Custom) fail("a custom pattern is built by hand, not by make_pattern");
  if (k == NocPatternKind::AccumulationChain && t != NocType::Psum) fail("accumulation chains are a psum pattern");
  if (k == NocPatternKind::GroupedMulticast || k == NocPatternKind::AccumulationChain) {
    if (prm.group_rows < 1 || prm.group_cols < 1) fail("group_rows and group_cols must be >= 1");
  }
  if (k == NocPatternKind::InterleavedMulticast && prm.interleave < 1) fail("interleave must be >= 1");
  if (k == NocPatternKind::Broadcast &&
      (prm.source.row < 0 || prm.source.row >= s.rows || prm.source.col < 0 || prm.source.col >= s.cols))
    fail(fmt::format("broadcast source {} is outside the mesh", pos_str(prm.source)));

  // PE-level delivery
  std::vector<int> pe_lane = prm.iact_pe_lane;
  if (pe_lane.empty())
    for (int pe = 0; pe < s.num_pe(); ++pe) pe_lane.push_back((pe / s.pe_cols) % s.iact_lanes);
  if (static_cast<int>(pe_lane.size()) != s.num_pe()) fail(fmt::format("iact_pe_lane needs {} entries", s.num_pe()));
  auto lane_pes = [&](int lane) {
    uint32_t m = 0;
    for (int pe = 0; pe < s.num_pe(); ++pe)
      if (pe_lane[static_cast<size_t>(pe)] == lane) m |= 1u << pe;
    return m;
  };
  const uint32_t wmask = prm.weight_pe_mask & all_ports(s.pe_cols);
  if (t == NocType::Weight && wmask == 0) fail("weight_pe_mask selects no PE column");
  const uint32_t all_pes = all_ports(s.num_pe());

  // A flow of lane `lane` from `src` to `dsts`, with the PE-level masks of this data type.
  auto flow = [&](int lane, GroupPos src, const std::vector<GroupPos>& dsts, EndpointKind dst_kind = EndpointKind::Pe,
                  EndpointKind src_kind = EndpointKind::Glb, uint32_t iact_mask = 0) {
    NocFlow f{lane, src, src_kind, {}};
    for (GroupPos g : dsts) {
      uint32_t m = 0;
      if (t == NocType::Iact) m = iact_mask != 0 ? iact_mask : lane_pes(lane);
      if (t == NocType::Weight) m = wmask;
      f.dsts.push_back({g, dst_kind, m});
    }
    pat.flows.push_back(std::move(f));
  };
  auto block = [&](int r0, int c0, int nr, int nc) {
    std::vector<GroupPos> v;
    for (int r = r0; r < std::min(r0 + nr, s.rows); ++r)
      for (int c = c0; c < std::min(c0 + nc, s.cols); ++c) v.push_back({r, c});
    return v;
  };

  if (t == NocType::Iact) {
    switch (k) {
      case NocPatternKind::Broadcast:
        for (int lane = 0; lane < s.iact_lanes; ++lane)
          if (lane_pes(lane) != 0) flow(lane, prm.source, block(0, 0, s.rows, s.cols));
        break;
      case NocPatternKind::Unicast:
        for (int r = 0; r < s.rows; ++r)
          for (int c = 0; c < s.cols; ++c)
            for (int lane = 0; lane < s.iact_lanes; ++lane)
              if (lane_pes(lane) != 0) flow(lane, {r, c}, {{r, c}});
        break;
      case NocPatternKind::GroupedMulticast:
        for (int r = 0; r < s.rows; r += prm.group_rows)
          for (int c = 0; c < s.cols; c += prm.group_cols)
            for (int lane = 0; lane < s.iact_lanes; ++lane)
              if (lane_pes(lane) != 0) flow(lane, {r, c}, block(r, c, prm.group_rows, prm.group_cols));
        break;
      case NocPatternKind::InterleavedMulticast: {
        // Set i = cluster group rows r with r % I == i, fed by the GLB of row i, column 0, on iact
        // lane i: interleaved sets cross each other's rows, so each needs its own lane, and every
        // PE of a group in set i takes lane i.
        const int sets = prm.interleave;
        if (sets > s.iact_lanes)
          fail(
              fmt::format("{} interleaved sets need {} iact lanes, a router cluster has {} (sets cross each other's "
                          "cluster groups, so each set needs its own lane)",
                          sets, sets, s.iact_lanes));
        if (sets > s.rows) fail(fmt::format("{} interleaved sets need at least {} cluster group rows", sets, sets));
        for (int i = 0; i < sets; ++i) {
          std::vector<GroupPos> dsts;
          for (int r = i; r < s.rows; r += sets)
            for (int c = 0; c < s.cols; ++c) dsts.push_back({r, c});
          flow(i, {i, 0}, dsts, EndpointKind::Pe, EndpointKind::Glb, all_pes);
        }
        break;
      }
      default:
        break;
    }
  } else if (t == NocType::Weight) {
    // No vertical weight links: every pattern works along the rows of cluster groups, and each row
    // of cluster groups is fed by its own off-chip weight ports.
    for (int lane = 0; lane < s.pe_rows; ++lane) {
      for (int r = 0; r < s.rows; ++r) {
        switch (k) {
          case NocPatternKind::Broadcast:
            flow(lane, {r, prm.source.col}, block(r, 0, 1, s.cols));
            break;
          case NocPatternKind::Unicast:
            for (int c = 0; c < s.cols; ++c) flow(lane, {r, c}, {{r, c}});
            break;
          case NocPatternKind::GroupedMulticast:
            for (int c = 0; c < s.cols; c += prm.group_cols) flow(lane, {r, c}, block(r, c, 1, prm.group_cols));
            break;
          case NocPatternKind::InterleavedMulticast: {
            const int sets = prm.interleave;
            if (sets > s.cols)
              fail(fmt::format("{} interleaved sets need at least {} cluster group columns", sets, sets));
            for (int i = 0; i < sets; ++i) {
              std::vector<GroupPos> dsts;
              for (int c = i; c < s.cols; c += sets) dsts.push_back({r, c});
              flow(lane, {r, i}, dsts);
            }
            break;
          }
          default:
            break;
        }
      }
    }
  } else {
    // psums: vertical links only, north -> south. Multicast patterns distribute the initial psums
    // read from a GLB bank to the bottom PEs; every PE column's output goes back to its own GLB
    // bank. Chains pass each PE column's output down to the next cluster group's PE column.
    for (int lane = 0; lane < s.pe_cols; ++lane) {
      for (int c = 0; c < s.cols; ++c) {
        auto to_own_glb = [&](int r0, int r1) {
          for (int r = r0; r < r1; ++r) flow(lane, {r, c}, {{r, c}}, EndpointKind::Glb, EndpointKind::Pe);
        };
        switch (k) {
          case NocPatternKind::Broadcast:
            flow(lane, {0, c}, block(0, c, s.rows, 1));
            to_own_glb(0, s.rows);
            break;
          case NocPatternKind::Unicast:
            for (int r = 0; r < s.rows; ++r) flow(lane, {r, c}, {{r, c}});
            to_own_glb(0, s.rows);
            break;
          case NocPatternKind::GroupedMulticast:
            for (int r = 0; r < s.rows; r += prm.group_rows) flow(lane, {r, c}, block(r, c, prm.group_rows, 1));
            to_own_glb(0, s.rows);
            break;
          case NocPatternKind::InterleavedMulticast: {
            // Set i = rows r % I == i from the GLB of row i. With one vertical link per psum lane,
            // sets of I >= 2 cross each other's links: add_pattern reports the conflict.
            const int sets = prm.interleave;
            if (sets > s.rows) fail(fmt::format("{} interleaved sets need at least {} cluster group rows", sets, sets));
            for (int i = 0; i < sets; ++i) {
              std::vector<GroupPos> dsts;
              for (int r = i; r < s.rows; r += sets) dsts.push_back({r, c});
              flow(lane, {i, c}, dsts);
            }
            to_own_glb(0, s.rows);
            break;
          }
          case NocPatternKind::AccumulationChain:
            for (int r0 = 0; r0 < s.rows; r0 += prm.group_rows) {
              const int r1 = std::min(r0 + prm.group_rows, s.rows) - 1;
              flow(lane, {r0, c}, {{r0, c}});  // initial psums from the chain head's GLB bank
              for (int r = r0; r < r1; ++r) flow(lane, {r, c}, {{r + 1, c}}, EndpointKind::Pe, EndpointKind::Pe);
              flow(lane, {r1, c}, {{r1, c}}, EndpointKind::Glb, EndpointKind::Pe);  // result to the tail's GLB
            }
            break;
          default:
            break;
        }
      }
    }
  }
  return pat;
}

}  // namespace ev2::mapper
