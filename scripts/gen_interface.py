#!/usr/bin/env python3
"""Generates the hardware/software interface from its one description, rtl/pkg/ev2_interface.json.

Writes (paths relative to the repository root; every file carries a "do not edit" banner):
  rtl/pkg/ev2_if_pkg.sv                    opcodes, command headers, targets, units, registers,
                                           GLB and channel-parameter words (localparams, structs)
  rtl/pkg/config/ev2_config_<name>_pkg.sv  the array shape of each configuration
  rtl/pe/ev2_pe_pkg.sv                     the PE configuration word
  rtl/top/ev2_config_check.sv              the configuration's legality rules, at elaboration
  sim/interface/ev2_interface.hpp            the same for C++: constants, fields, pack / unpack,
                                           configurations and their legality check
  docs/interface.md                        the tables

  scripts/gen_interface.py                 write every file
  scripts/gen_interface.py --check         exit 1 (and name them) if a committed file differs
  --spec FILE --out DIR                    read another description / write under another root
"""
import argparse
import difflib
import json
import os
import re
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC = os.path.join("rtl", "pkg", "ev2_interface.json")
SELF = "scripts/gen_interface.py"


class SpecError(Exception):
    pass


# ---- helpers -----------------------------------------------------------------------------------

def camel(name):
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[_\s]+", name) if p)


def lower_camel(name):
    c = camel(name)
    return c[:1].lower() + c[1:]


def sv_hex(width, value):
    return f"{width}'h{value:0{max(1, (width + 3) // 4)}x}"


def field_msb(f):
    return f["lsb"] + f["width"] * f.get("count", 1) - 1


def bits(f):
    msb = field_msb(f)
    return f"[{f['lsb']}]" if msb == f["lsb"] else f"[{msb}:{f['lsb']}]"


def check_fields(what, fields, width):
    """Fields must lie inside the word and not overlap."""
    used = {}
    for f in fields:
        if f["width"] < 1 or f["lsb"] < 0 or field_msb(f) >= width:
            raise SpecError(f"{what}.{f['name']}: {bits(f)} outside the {width}-bit word")
        for b in range(f["lsb"], field_msb(f) + 1):
            if b in used:
                raise SpecError(f"{what}.{f['name']} overlaps {what}.{used[b]} at bit {b}")
            used[b] = f["name"]


def struct_members(fields, width):
    """Packed-struct members MSB first, the gaps as reserved members."""
    out, pos = [], width
    for f in sorted(fields, key=lambda f: -f["lsb"]):
        msb = field_msb(f)
        if msb + 1 < pos:
            out.append((f"rsvd_{pos - 1}_{msb + 1}", pos - 1 - msb, 1, None))
        out.append((f["name"], f["width"], f.get("count", 1), f))
        pos = f["lsb"]
    if pos > 0:
        out.append((f"rsvd_{pos - 1}_0", pos, 1, None))
    return out


def sv_struct(name, fields, width, doc):
    lines = [f"  // {doc}"] if doc else []
    lines.append("  typedef struct packed {")
    rows = []
    for mname, w, count, f in struct_members(fields, width):
        ty = "logic" if (w == 1 and count == 1) else (
            f"logic [{count - 1}:0][{w - 1}:0]" if count > 1 else f"logic [{w - 1}:0]")
        comment = f"// {bits(f)} {f.get('doc', '')}".rstrip() if f else "// reserved (0)"
        rows.append((ty, mname + ";", comment))
    tw = max(len(r[0]) for r in rows)
    nw = max(len(r[1]) for r in rows)
    for ty, n, c in rows:
        lines.append(f"    {ty:<{tw}} {n:<{nw}}  {c}")
    lines.append(f"  }} {name};")
    return lines


def wrap_comment(text, indent="  ", width=100):
    return textwrap.wrap(text, width=width, initial_indent=indent + "// ", subsequent_indent=indent + "// ")


def sv_field_params(prefix, fields):
    out = []
    for f in fields:
        n = prefix + camel(f["name"])
        line = f"  localparam int unsigned {n}Lsb = {f['lsb']};"
        line += f" localparam int unsigned {n}W = {f['width']};"
        if f.get("count", 1) > 1:
            line += f" localparam int unsigned {n}N = {f['count']};"
        out.append(line)
    return out


# ---- expressions shared by SV, C++ and Python --------------------------------------------------

EXPR_TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z_]\w*)|(<=|>=|==|!=|&&|\|\||[-+*/()<>]))")


def translate(expr, name_map):
    """Checks use integers, parameter / constant names and + - * / ( ) < <= > >= == != && ||,
    which read the same in all three languages once the names are mapped."""
    out, pos = [], 0
    while pos < len(expr):
        m = EXPR_TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            if expr[pos:].strip() == "":
                break
            raise SpecError(f"check '{expr}': cannot read '{expr[pos:]}'")
        num, ident, op = m.groups()
        if ident:
            if ident not in name_map:
                raise SpecError(f"check '{expr}': unknown name '{ident}'")
            out.append(name_map[ident])
        else:
            out.append(num or op)
        pos = m.end()
    return re.sub(r"\( | \)", lambda m: m.group(0).strip(), " ".join(out))


def config_checks(spec):
    """The legality rules of a configuration: the description's own rules, plus every parameter
    at or above its minimum and fitting each register field it is reported in."""
    checks = []
    for p in spec["config_params"]:
        checks.append({"expr": f"{p['name']} >= {p.get('min', 0)}",
                       "why": f"{p['name']} must be at least {p.get('min', 0)}"})
    for r in spec["registers"]["list"]:
        for f in r.get("fields", []):
            if "param" in f:
                checks.append({"expr": f"{f['param']} < {1 << f['width']}",
                               "why": f"{f['param']} must fit the {f['width']}-bit {r['name']}.{f['name']} field"})
    return checks + spec.get("config_checks", [])


def eval_check(expr, names):
    py = translate(expr, {k: str(v) for k, v in names.items()}).replace("&&", "and").replace("||", "or")
    py = py.replace("/", "//")
    return bool(eval(py, {"__builtins__": {}}))  # only integers and operators (translate() checked)


# ---- the description ---------------------------------------------------------------------------

def load(path):
    with open(path) as fh:
        spec = json.load(fh)
    ow = spec["opcode"]["width"]
    seen = {}
    for op in spec["opcodes"]:
        if op["value"] >= 1 << ow:
            raise SpecError(f"opcode {op['name']} = {op['value']} does not fit {ow} bits")
        if op["value"] in seen:
            raise SpecError(f"opcodes {seen[op['value']]} and {op['name']} share the value {op['value']}")
        seen[op["value"]] = op["name"]
    opf = {"name": "op", "lsb": spec["opcode"]["lsb"], "width": ow}
    for name, fields in spec["headers"].items():
        if name not in {o["name"] for o in spec["opcodes"]}:
            raise SpecError(f"header fields for unknown opcode {name}")
        check_fields(f"{name} header", fields + [opf], 64)
    tw = sum(f["width"] for f in spec["target"]["fields"])
    check_fields("target", spec["target"]["fields"], tw)
    unit_w = next(f["width"] for f in spec["target"]["fields"] if f["name"] == "unit")
    group_w = next(f["width"] for f in spec["target"]["fields"] if f["name"] == "group")
    if spec["target"]["broadcast_group"] >= 1 << group_w:
        raise SpecError("the broadcast group does not fit the group field")
    gs = spec["target"]["group_set"]
    if gs["flag"] >= 1 << group_w or gs["flag"] & (gs["flag"] - 1):
        raise SpecError("the group-set flag must be one bit of the group field")
    check_fields("group set", gs["fields"], gs["flag"].bit_length() - 1)
    spans = []
    for u in spec["units"]:
        if u["code"] + u["span"] > 1 << unit_w:
            raise SpecError(f"unit {u['name']} runs past the {unit_w}-bit unit field")
        for (a, b, n) in spans:
            if u["code"] < b and a < u["code"] + u["span"]:
                raise SpecError(f"unit codes of {u['name']} overlap those of {n}")
        spans.append((u["code"], u["code"] + u["span"], u["name"]))
    addrs = {}
    for r in spec["registers"]["list"]:
        if r["addr"] % 4 or r["addr"] >= 1 << spec["registers"]["addr_width"]:
            raise SpecError(f"register {r['name']}: address {r['addr']:#x} not aligned or too large")
        if r["addr"] in addrs:
            raise SpecError(f"registers {addrs[r['addr']]} and {r['name']} share address {r['addr']:#x}")
        addrs[r["addr"]] = r["name"]
        check_fields(f"register {r['name']}", r.get("fields", []), 32)
    for name, w in spec["words"].items():
        check_fields(name, w["fields"], w["width"])
    consts = {c["name"]: c["value"] for c in spec["constants"]}
    for r in spec["registers"]["list"]:
        for f in r.get("fields", []):
            if "const" in f and consts[f["const"]] >= 1 << f["width"]:
                raise SpecError(f"{f['const']} = {consts[f['const']]} does not fit the {f['width']}-bit "
                                f"{r['name']}.{f['name']} field")
    for cfg in spec["configs"]:
        names = dict(consts, BroadcastGroup=spec["target"]["broadcast_group"],
                     GroupSetFlag=spec["target"]["group_set"]["flag"], **unit_spans(spec))
        for p in spec["config_params"]:
            if p["name"] not in cfg["values"]:
                raise SpecError(f"configuration {cfg['name']} has no {p['name']}")
        names.update(cfg["values"])
        for c in config_checks(spec):
            if not eval_check(c["expr"], names):
                raise SpecError(f"configuration {cfg['name']}: {c['why']} ({c['expr']})")
    return spec


def unit_spans(spec):
    return {f"Unit{camel(u['name'])}Span": u["span"] for u in spec["units"]}


def check_names(spec, lang):
    """Name map for the checks: SV package references or C++ members."""
    m = {}
    for p in spec["config_params"]:
        m[p["name"]] = f"ev2_config_pkg::{p['name']}" if lang == "sv" else f"s.{p['cxx']}"
    for c in spec["constants"]:
        m[c["name"]] = f"ev2_if_pkg::{c['name']}" if lang == "sv" else f"k{c['name']}"
    m["BroadcastGroup"] = "ev2_if_pkg::BroadcastGroup" if lang == "sv" else "kBroadcastGroup"
    m["GroupSetFlag"] = "ev2_if_pkg::GroupSetFlag" if lang == "sv" else "kGroupSetFlag"
    for k in unit_spans(spec):
        m[k] = f"ev2_if_pkg::{k}" if lang == "sv" else "k" + k
    return m


# ---- SystemVerilog -----------------------------------------------------------------------------

def banner(comment, spec_path):
    return [f"{comment} Generated by {SELF} from {spec_path}: do not edit.",
            f"{comment} Change the description and run {SELF}; `{SELF} --check` (ctest) fails on a stale copy."]


def gen_if_pkg(spec):
    L = banner("//", SPEC)
    L += ["//",
          "// The hardware/software interface of ev2_top (docs/interface.md): opcodes and command header",
          "// fields, target tags and unit codes, the register map, the GLB bank and channel-parameter",
          "// words. The C++ side includes the same definitions from sim/interface/ev2_interface.hpp.",
          "package ev2_if_pkg;", ""]
    ow = spec["opcode"]["width"]
    L += ["  // ---- opcodes: command header word [{}:{}] ----".format(spec["opcode"]["lsb"] + ow - 1, spec["opcode"]["lsb"]),
          f"  localparam int unsigned OpLsb = {spec['opcode']['lsb']};",
          f"  localparam int unsigned OpW   = {ow};"]
    for op in spec["opcodes"]:
        L.append(f"  localparam logic [OpW-1:0] Op{camel(op['name'].lower())} = {sv_hex(ow, op['value'])};")
    L.append(f"  localparam logic [OpW-1:0] OpMax = {sv_hex(ow, max(o['value'] for o in spec['opcodes']))};"
             "  // opcodes above are errors")
    L += ["", "  // Any header: the opcode and what the opcode gives meaning to.",
          "  typedef struct packed {", f"    logic [OpW-1:0] op;", f"    logic [{63 - ow}:0] args;",
          "  } cmd_hdr_t;", ""]
    opf = {"name": "op", "lsb": spec["opcode"]["lsb"], "width": ow, "doc": "opcode"}
    for name, fields in spec["headers"].items():
        L += [f"  // {name} header fields"]
        L += sv_field_params(camel(name.lower()), fields)
        L += sv_struct(f"{name.lower()}_hdr_t", fields + [opf], 64, None)
        L.append("")
    L += ["  // ---- targets: {" + ", ".join(f"{f['name']}{bits(f)}" for f in spec["target"]["fields"]) + "} ----"]
    tw = sum(f["width"] for f in spec["target"]["fields"])
    L.append(f"  localparam int unsigned TargetW = {tw};")
    L += sv_field_params("Target", spec["target"]["fields"])
    gw = next(f["width"] for f in spec["target"]["fields"] if f["name"] == "group")
    uw = next(f["width"] for f in spec["target"]["fields"] if f["name"] == "unit")
    L.append(f"  localparam logic [TargetGroupW-1:0] BroadcastGroup = {sv_hex(gw, spec['target']['broadcast_group'])};"
             "  // CONFIG / STREAM to every group")
    gs = spec["target"]["group_set"]
    L.append(f"  localparam logic [TargetGroupW-1:0] GroupSetFlag = {sv_hex(gw, gs['flag'])};"
             "  // CONFIG / STREAM to a set of groups (fields below)")
    L += sv_field_params("GroupSet", gs["fields"])
    L += sv_struct("target_t", spec["target"]["fields"], tw, None)
    L += ["", "  // Unit codes: unit = code + index, index < span."]
    for u in spec["units"]:
        L.append(f"  localparam logic [TargetUnitW-1:0] Unit{camel(u['name'])} = {sv_hex(uw, u['code'])};"
                 f" localparam int unsigned Unit{camel(u['name'])}Span = {u['span']};  // {u['bus']}: {u['index']}")
    L += ["", "  // ---- architecture constants ----"]
    for c in spec["constants"]:
        L.append(f"  localparam int unsigned {c['name']} = {c['value']};  // {c['doc']}")
    rw = spec["registers"]["addr_width"]
    L += ["", "  // ---- registers of ev2_top (32-bit, byte addresses) ----",
          f"  localparam int unsigned RegAddrW = {rw};"]
    for r in spec["registers"]["list"]:
        L.append(f"  localparam logic [RegAddrW-1:0] Reg{camel(r['name'].lower())} = {sv_hex(rw, r['addr'])};  // {r['doc']}")
    for r in spec["registers"]["list"]:
        if r.get("fields"):
            L.append("")
            L += sv_field_params("Reg" + camel(r["name"].lower()), r["fields"])
            L += sv_struct(f"{r['name'].lower()}_reg_t", r["fields"], 32, f"{r['name']} register")
    for name, w in spec["words"].items():
        if name == "pe_cfg":
            continue  # ev2_pe_pkg
        L += ["", f"  // ---- {w['doc']} ----", f"  localparam int unsigned {w['sv_prefix']}W = {w['width']};"]
        L += sv_field_params(w["sv_prefix"], w["fields"])
        L += sv_struct(f"{name}_t", w["fields"], w["width"], None)
    L += ["", "endpackage", ""]
    return "\n".join(L)


def gen_config_pkg(spec, cfg):
    L = banner("//", SPEC)
    L += [f"// {cfg['doc']}",
          "// Exactly one ev2_config_<name>_pkg.sv is compiled into a build (CMake EV2_CONFIG), as CVA6 does;",
          "// ev2_top checks its values at elaboration (ev2_config_check).",
          "package ev2_config_pkg;"]
    for p in spec["config_params"]:
        L += wrap_comment(p["doc"][:1].upper() + p["doc"][1:] + ".")
        L.append(f"  localparam int unsigned {p['name']} = {cfg['values'][p['name']]};")
    L += ["endpackage", ""]
    return "\n".join(L)


def gen_pe_pkg(spec):
    w = spec["words"]["pe_cfg"]
    L = banner("//", SPEC)
    L += ["//",
          "// PE configuration word (docs/pe.md): it travels as one flat word on the PE's cfg port; these",
          "// constants name its fields ([Off +: W], one-bit fields at Bit). The C++ side",
          "// (sim/interface/ev2_interface.hpp, namespace pe_cfg) is generated from the same description.",
          "package ev2_pe_pkg;", ""]
    for f in w["fields"]:
        n = w["sv_prefix"] + camel(f["name"])
        if f["width"] == 1:
            L.append(f"  localparam int unsigned {n}Bit = {f['lsb']};  // {f['doc']}")
        else:
            L.append(f"  localparam int unsigned {n}W = {f['width']};  // {f['doc']}")
            L.append(f"  localparam int unsigned {n}Off = {f['lsb']};")
    L.append(f"  localparam int unsigned {w['sv_prefix']}W = {w['width']};")
    L.append("")
    for c in spec["pe"]:
        L += wrap_comment(c["doc"][:1].upper() + c["doc"][1:] + ".")
        L.append(f"  localparam int unsigned {c['name']} = {c['value']};")
    L += ["", "endpackage", ""]
    return "\n".join(L)


def gen_config_check(spec):
    L = banner("//", SPEC)
    L += ["//",
          "// Elaboration-time check of an array configuration (as CVA6's check_cfg): every parameter legal",
          "// and fitting the register fields and unit codes it is reported in. Each rule failing stops",
          "// elaboration with $fatal, in simulation, lint and synthesis alike (the checks are not",
          "// assertions that EV2_NO_ASSERT or SYNTHESIS remove). The C++ side checks the same rules",
          "// (ev2::iface::config_error) and the runtime compares the CONFIG registers at run start.",
          "module ev2_config_check #("]
    ps = spec["config_params"]
    for i, p in enumerate(ps):
        L.append(f"  parameter int unsigned {p['name']} = ev2_config_pkg::{p['name']}" + ("," if i + 1 < len(ps) else ""))
    L.append(") ();")
    L.append("")
    names = {p["name"]: p["name"] for p in ps}
    names.update({k: v for k, v in check_names(spec, "sv").items() if k not in names})
    for i, c in enumerate(config_checks(spec)):
        L.append(f"  if (!({translate(c['expr'], names)})) begin : g_check_{i}")
        L.append(f"    $fatal(1, \"ev2_config_check: {c['why']} ({c['expr']})\");")
        L.append("  end")
    L += ["", "endmodule", ""]
    return "\n".join(L)


# ---- C++ ---------------------------------------------------------------------------------------

def cxx_fields(fields):
    out = []
    for f in fields:
        count = f.get("count", 1)
        out.append(f"inline constexpr Field k{camel(f['name'])}{{{f['lsb']}, {f['width']}"
                   + (f", {count}" if count > 1 else "") + f"}};  // {bits(f)} {f.get('doc', '')}".rstrip())
    return out


def cxx_member(f):
    return f.get("cxx", f["name"])


def cxx_struct(name, fields, width, ns, op=None):
    """A struct with one member per field, pack() and unpack(). Words up to 64 bits are a uint64_t,
    wider ones std::array<uint64_t, N> (word 0 = bits 63:0, as CONFIG payloads go LSB first)."""
    nw = (width + 63) // 64
    word_t = "uint64_t" if nw == 1 else f"std::array<uint64_t, {nw}>"
    L = [f"struct {name} {{"]
    for f in fields:
        ty = "int64_t" if f.get("signed") else "uint64_t"
        if f.get("count", 1) > 1:
            L.append(f"  std::array<{ty}, {f['count']}> {cxx_member(f)}{{}};  // {f.get('doc', '')}")
        else:
            L.append(f"  {ty} {cxx_member(f)} = 0;  // {f.get('doc', '')}")
    L.append("")
    L.append(f"  // Values are cut to their fields (signed ones two's complement), as the RTL reads them.")
    L.append(f"  constexpr {word_t} pack() const {{")
    L.append(f"    {word_t} w{{}};")
    if op:
        L.append(f"    w = insert(w, kOp, static_cast<uint64_t>(Op::{op}));")
    for f in fields:
        val = cxx_member(f) + ("[static_cast<size_t>(i)]" if f.get("count", 1) > 1 else "")
        if f.get("signed"):
            val = f"static_cast<uint64_t>({val})"
        if f.get("count", 1) > 1:
            L.append(f"    for (int i = 0; i < {ns}::k{camel(f['name'])}.count; ++i)")
            L.append(f"      w = insert(w, {ns}::k{camel(f['name'])}, {val}, i);")
        else:
            L.append(f"    w = insert(w, {ns}::k{camel(f['name'])}, {val});")
    L.append("    return w;")
    L.append("  }")
    L.append(f"  static constexpr {name} unpack(const {word_t}& w) {{")
    L.append(f"    {name} v;" if fields else f"    static_cast<void>(w);\n    return {name}{{}};")
    for f in fields:
        get = "extract_signed" if f.get("signed") else "extract"
        if f.get("count", 1) > 1:
            L.append(f"    for (int i = 0; i < {ns}::k{camel(f['name'])}.count; ++i)")
            L.append(f"      v.{cxx_member(f)}[static_cast<size_t>(i)] = {get}(w, {ns}::k{camel(f['name'])}, i);")
        else:
            L.append(f"    v.{cxx_member(f)} = {get}(w, {ns}::k{camel(f['name'])});")
    if fields:
        L.append("    return v;")
    L.append("  }")
    L.append(f"  bool operator==(const {name}&) const = default;")
    L.append("};")
    return L


CXX_PRELUDE = r"""
// A field of a word: bits [lsb + k * width +: width] for element k < count.
struct Field {
  int lsb;
  int width;
  int count = 1;
  constexpr uint64_t mask() const { return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1; }
  constexpr int bit(int k = 0) const { return lsb + k * width; }
  constexpr int msb() const { return lsb + count * width - 1; }
  // Largest unsigned value the field holds.
  constexpr uint64_t max() const { return mask(); }
  constexpr bool fits(uint64_t v) const { return v <= mask(); }
};

// Bits of words up to 64 bits wide, and of multi-word ones (word 0 = bits 63:0). Fields never
// straddle more than two words.
constexpr uint64_t extract(uint64_t w, Field f, int k = 0) { return (w >> f.bit(k)) & f.mask(); }
constexpr uint64_t insert(uint64_t w, Field f, uint64_t v, int k = 0) {
  return (w & ~(f.mask() << f.bit(k))) | ((v & f.mask()) << f.bit(k));
}
template <size_t N>
constexpr uint64_t extract(const std::array<uint64_t, N>& w, Field f, int k = 0) {
  const int b = f.bit(k), i = b / 64, o = b % 64;
  uint64_t v = w[static_cast<size_t>(i)] >> o;
  if (o + f.width > 64) v |= w[static_cast<size_t>(i) + 1] << (64 - o);
  return v & f.mask();
}
template <size_t N>
constexpr std::array<uint64_t, N> insert(std::array<uint64_t, N> w, Field f, uint64_t v, int k = 0) {
  const int b = f.bit(k), i = b / 64, o = b % 64;
  v &= f.mask();
  w[static_cast<size_t>(i)] = (w[static_cast<size_t>(i)] & ~(f.mask() << o)) | (v << o);
  if (o + f.width > 64) {
    const Field hi{0, o + f.width - 64};
    w[static_cast<size_t>(i) + 1] = insert(w[static_cast<size_t>(i) + 1], hi, v >> (64 - o));
  }
  return w;
}
template <class W>
constexpr int64_t extract_signed(const W& w, Field f, int k = 0) {
  const uint64_t v = extract(w, f, k);
  const uint64_t sign = uint64_t{1} << (f.width - 1);
  return static_cast<int64_t>(v ^ sign) - static_cast<int64_t>(sign);
}
"""


def gen_hpp(spec):
    L = banner("//", SPEC)
    L += ["//",
          "// The hardware/software interface of ev2_top (docs/interface.md) for the C++ side: opcodes and",
          "// command header fields, target tags and unit codes, the register map, the PE / GLB /",
          "// channel-parameter words with pack() and unpack(), and the array shape of every configuration.",
          "// The RTL includes the same definitions from rtl/pkg/ev2_if_pkg.sv, ev2_pe_pkg.sv and",
          "// ev2_config_<name>_pkg.sv.",
          "#pragma once", "", "#include <array>", "#include <cstddef>", "#include <cstdint>", "#include <string>",
          "#include <string_view>", "", "namespace ev2::iface {", CXX_PRELUDE.rstrip("\n"), ""]
    ow = spec["opcode"]["width"]
    L.append("// ---- opcodes: command header word [{}:{}]".format(spec["opcode"]["lsb"] + ow - 1, spec["opcode"]["lsb"]))
    L.append(f"inline constexpr Field kOp{{{spec['opcode']['lsb']}, {ow}}};")
    L.append("enum class Op : uint8_t {")
    for op in spec["opcodes"]:
        L.append(f"  {camel(op['name'].lower())} = {op['value']:#04x},")
    L.append("};")
    L.append(f"inline constexpr uint8_t kOpMax = {max(o['value'] for o in spec['opcodes']):#04x};  // opcodes above are errors")
    L.append("inline constexpr Op opcode(uint64_t header) { return static_cast<Op>(extract(header, kOp)); }")
    L.append("inline constexpr const char* op_name(Op op) {")
    L.append("  switch (op) {")
    for op in spec["opcodes"]:
        L.append(f"    case Op::{camel(op['name'].lower())}: return \"{op['name']}\";")
    L.append("  }")
    L.append("  return \"?\";")
    L.append("}")
    L.append("")
    opf = {"name": "op", "lsb": spec["opcode"]["lsb"], "width": ow}
    for name, fields in ((o["name"], spec["headers"].get(o["name"], [])) for o in spec["opcodes"]):
        ns = f"{name.lower()}_hdr"
        L.append(f"// {name} header fields")
        L.append(f"namespace {ns} {{")
        L += cxx_fields(fields)
        L.append(f"}}  // namespace {ns}")
        L += cxx_struct(f"{camel(name.lower())}Hdr", fields, 64, ns, op=camel(name.lower()))
        L.append("")
    # WAIT mask bits
    L.append("// WAIT mask bits (the WAIT header's low bits)")
    L.append("enum WaitMask : uint8_t {")
    for f in spec["headers"]["WAIT"]:
        L.append(f"  Wait{camel(f['name'])} = 1u << {f['lsb']},  // {f['doc']}")
    L.append("};")
    L.append("")
    tw = sum(f["width"] for f in spec["target"]["fields"])
    L.append("// ---- targets: {" + ", ".join(f"{f['name']}{bits(f)}" for f in spec["target"]["fields"]) + "}")
    L.append("namespace target {")
    L += cxx_fields(spec["target"]["fields"])
    L.append(f"inline constexpr int kWidth = {tw};")
    L.append("}  // namespace target")
    L.append(f"inline constexpr int kBroadcastGroup = {spec['target']['broadcast_group']:#04x};  // CONFIG / STREAM to every group")
    gs = spec["target"]["group_set"]
    L.append(f"inline constexpr int kGroupSetFlag = {gs['flag']:#04x};  // CONFIG / STREAM to a set of groups")
    L.append("namespace group_set {")
    L += cxx_fields(gs["fields"])
    L.append("}  // namespace group_set")
    L.append("// The code of the 2^size_log2 groups index x 2^size_log2 .. (index + 1) x 2^size_log2 - 1.")
    L.append("inline constexpr int make_group_set(int size_log2, int index) {")
    L.append("  return kGroupSetFlag | static_cast<int>(insert(insert(0, group_set::kIndex, static_cast<uint64_t>(index)),")
    L.append("                                                 group_set::kSizeLog2, static_cast<uint64_t>(size_log2)));")
    L.append("}")
    L.append("inline constexpr uint16_t make_target(int group, int unit) {")
    L.append("  return static_cast<uint16_t>(insert(insert(0, target::kGroup, static_cast<uint64_t>(group)), target::kUnit,")
    L.append("                                      static_cast<uint64_t>(unit)));")
    L.append("}")
    L.append("inline constexpr int target_group(uint64_t t) { return static_cast<int>(extract(t, target::kGroup)); }")
    L.append("inline constexpr int target_unit(uint64_t t) { return static_cast<int>(extract(t, target::kUnit)); }")
    L.append("")
    L.append("// Unit codes: unit = code + index, index < span.")
    for u in spec["units"]:
        L.append(f"inline constexpr int kUnit{camel(u['name'])} = {u['code']:#04x}, kUnit{camel(u['name'])}Span = {u['span']};"
                 f"  // {u['bus']}: {u['index']}")
    L.append("// The unit kind of a unit code (\"router\", \"pe\", ...), or \"?\".")
    L.append("inline constexpr const char* unit_kind(int unit) {")
    for u in spec["units"]:
        L.append(f"  if (unit >= kUnit{camel(u['name'])} && unit < kUnit{camel(u['name'])} + kUnit{camel(u['name'])}Span) return \"{u['name']}\";")
    L.append("  return \"?\";")
    L.append("}")
    L.append("")
    L.append("// ---- architecture constants")
    for c in spec["constants"]:
        L.append(f"inline constexpr int k{c['name']} = {c['value']};  // {c['doc']}")
    L.append("")
    L.append("// ---- registers of ev2_top (32-bit, byte addresses)")
    L.append("namespace reg {")
    for r in spec["registers"]["list"]:
        L.append(f"inline constexpr uint8_t k{camel(r['name'].lower())} = {r['addr']:#04x};  // {r['doc']}")
    L.append("}  // namespace reg")
    for r in spec["registers"]["list"]:
        if not r.get("fields"):
            continue
        ns = f"{r['name'].lower()}_reg"
        L.append(f"namespace {ns} {{")
        L += cxx_fields(r["fields"])
        L.append(f"}}  // namespace {ns}")
        L += cxx_struct(f"{camel(r['name'].lower())}Reg", r["fields"], 32, ns)
    L.append("")
    for name, w in spec["words"].items():
        L.append(f"// ---- {w['doc']}")
        L.append(f"namespace {name} {{")
        L.append(f"inline constexpr int kWidth = {w['width']};")
        L += cxx_fields(w["fields"])
        L.append(f"}}  // namespace {name}")
        L += cxx_struct(camel(name), w["fields"], w["width"], name)
        L.append("")
    L.append("// ---- PE constants")
    for c in spec["pe"]:
        L.append(f"inline constexpr int k{c['name']} = {c['value']};  // {c['doc']}")
    L.append("")
    # configurations
    L.append("// ---- array shape of every configuration (rtl/pkg/config/ev2_config_<name>_pkg.sv)")
    L.append("struct ArrayShape {")
    L.append("  const char* name;")
    for p in spec["config_params"]:
        L.append(f"  int {p['cxx']};  // {p['name']}: {p['doc']}")
    L.append("  int groups() const { return group_rows * group_cols; }")
    L.append("};")
    L.append("inline constexpr ArrayShape kConfigs[] = {")
    for cfg in spec["configs"]:
        vals = ", ".join(str(cfg["values"][p["name"]]) for p in spec["config_params"])
        L.append(f"    {{\"{cfg['name']}\", {vals}}},")
    L.append("};")
    L.append("// The configuration called `name`, or nullptr.")
    L.append("inline constexpr const ArrayShape* find_config(std::string_view name) {")
    L.append("  for (const auto& c : kConfigs)")
    L.append("    if (name == c.name) return &c;")
    L.append("  return nullptr;")
    L.append("}")
    L.append("// Why the shape is not a legal configuration (the rules ev2_config_check enforces at")
    L.append("// elaboration), or \"\" when it is.")
    L.append("inline std::string config_error(const ArrayShape& s) {")
    names = check_names(spec, "cxx")
    for c in config_checks(spec):
        why = c["why"].replace('"', '\\"')
        L.append(f"  if (!({translate(c['expr'], names)})) return \"{why}\";")
    L.append("  return \"\";")
    L.append("}")
    # what the top reports
    for r in spec["registers"]["list"]:
        fs = r.get("fields", [])
        if not fs or not all(("param" in f) or ("const" in f) for f in fs):
            continue
        sname = f"{camel(r['name'].lower())}Reg"
        L.append(f"// The {r['name']} register a top of this shape reports.")
        L.append(f"inline {sname} expected_{r['name'].lower()}([[maybe_unused]] const ArrayShape& s) {{")
        L.append(f"  {sname} r;")
        pmap = {p["name"]: p["cxx"] for p in spec["config_params"]}
        for f in fs:
            src = f"static_cast<uint64_t>(s.{pmap[f['param']]})" if "param" in f else f"uint64_t{{k{f['const']}}}"
            L.append(f"  r.{f['name']} = {src};")
        L.append("  return r;")
        L.append("}")
    regs = [r for r in spec["registers"]["list"]
            if r.get("fields") and all(("param" in f) or ("const" in f) for f in r["fields"])]
    args = ", ".join(f"uint32_t {r['name'].lower()}" for r in regs)
    L.append("// \"\" when the registers read from a top report the configuration `s`; else the fields that differ,")
    L.append("// \"CONFIG.rows 8 (expected 2), ...\", on one line.")
    L.append(f"inline std::string config_mismatch(const ArrayShape& s, {args}) {{")
    L.append("  std::string diff;")
    L.append("  const auto note = [&diff](const char* field, uint64_t want, uint64_t got) {")
    L.append("    if (want == got) return;")
    L.append("    diff += (diff.empty() ? \"\" : \", \") + std::string(field) + \" \" + std::to_string(got) + \" (expected \" +")
    L.append("            std::to_string(want) + \")\";")
    L.append("  };")
    for r in regs:
        n = r["name"].lower()
        L.append(f"  const auto want_{n} = expected_{n}(s), got_{n} = {camel(n)}Reg::unpack({n});")
        for f in r["fields"]:
            L.append(f"  note(\"{r['name']}.{f['name']}\", want_{n}.{f['name']}, got_{n}.{f['name']});")
    L.append("  return diff;")
    L.append("}")
    L.append("")
    L.append("}  // namespace ev2::iface")
    L.append("")
    return "\n".join(L)


# ---- documentation -----------------------------------------------------------------------------

def md_fields(fields):
    return ", ".join(f"{bits(f)} {f['name']}" + (f" x{f['count']}" if f.get("count", 1) > 1 else "")
                     for f in sorted(fields, key=lambda f: -f["lsb"]))


def md_field_table(fields):
    L = ["| bits | field | |", "| --- | --- | --- |"]
    for f in sorted(fields, key=lambda f: f["lsb"]):
        extra = ""
        if f.get("count", 1) > 1:
            extra = f" (element k at [{f['lsb']} + {f['width']}k +: {f['width']}])"
        if f.get("signed"):
            extra += " (signed)"
        L.append(f"| {bits(f)} | {f['name']} | {f.get('doc', '')}{extra} |")
    return L


def gen_md(spec):
    L = ["# Hardware/software interface", "",
         f"<!-- Generated by {SELF} from {SPEC}: do not edit. -->", "",
         *textwrap.wrap(
             f"Every table here is generated from the one description `{SPEC}` by `{SELF}`, which also "
             "writes the SystemVerilog packages (`rtl/pkg/ev2_if_pkg.sv`, `rtl/pe/ev2_pe_pkg.sv`, "
             "`rtl/pkg/config/ev2_config_<name>_pkg.sv`), the configuration check `rtl/top/ev2_config_check.sv` "
             "and the C++ header `sim/interface/ev2_interface.hpp`. "
             f"`{SELF} --check` (ctest `interface_generated_up_to_date`, label `ci`) fails when a committed "
             "generated file differs from what the description gives; `tb/tests/pkg/gen_interface_test.py` "
             "shows that changing one opcode or field there changes both sides. How the commands behave: "
             "[layer_command.md](layer_command.md).", width=100), "",
         "## Commands", "",
         f"Every command is one 64-bit header word, opcode in bits [{spec['opcode']['lsb'] + spec['opcode']['width'] - 1}:"
         f"{spec['opcode']['lsb']}], followed by its payload or argument words. Header bits no field names are 0.", "",
         "| op | name | header fields | words after the header | effect |", "| --- | --- | --- | --- | --- |"]
    for op in spec["opcodes"]:
        fields = spec["headers"].get(op["name"], [])
        L.append(f"| {op['value']:#04x} | {op['name']} | {md_fields(fields) or '-'} | {op['after']} | {op['effect']} |")
    for name, fields in spec["headers"].items():
        L += ["", f"### {name} header", ""] + md_field_table(fields)
    L += ["", "## Targets", "",
          "Targets and sources are {}-bit tags `{{{}}}`; group {:#04x} is every group at once (CONFIG and STREAM)."
          .format(sum(f["width"] for f in spec["target"]["fields"]),
                  ", ".join(f"{f['name']}{bits(f)}" for f in spec["target"]["fields"]),
                  spec["target"]["broadcast_group"]), "",
          "Group codes with bit {:#04x} set (other than {:#04x}) are **group sets**: {}.".format(
              spec["target"]["group_set"]["flag"], spec["target"]["broadcast_group"],
              spec["target"]["group_set"]["doc"]), ""] + md_field_table(spec["target"]["group_set"]["fields"]) + ["",
          "| unit | index | bus | what | payload |", "| --- | --- | --- | --- | --- |"]
    for u in spec["units"]:
        code = f"{u['code']:#04x}" + (f" + index (< {u['span']})" if u["span"] > 1 else "")
        L.append(f"| {code} | {u['index']} | {u['bus']} | {u['what']} | {u['payload']} |")
    L += ["", "## Registers (`ev2_top`)", "", "32-bit registers at byte addresses.", "",
          "| address | register | fields | |", "| --- | --- | --- | --- |"]
    for r in spec["registers"]["list"]:
        L.append(f"| {r['addr']:#04x} | {r['name']} | {md_fields(r.get('fields', [])) or '-'} | {r['doc']} |")
    for r in spec["registers"]["list"]:
        if r.get("fields"):
            L += ["", f"### {r['name']}", ""] + md_field_table(r["fields"])
    for name, w in spec["words"].items():
        L += ["", f"## {w['doc'][0].upper() + w['doc'][1:]}", "", f"{w['width']} bits.", ""] + md_field_table(w["fields"])
    L += ["", "## Configurations", "",
          "Exactly one configuration package is compiled into a build (CMake `EV2_CONFIG`); `ev2_top`",
          "checks it at elaboration (`ev2_config_check`) and the runtime compares the CONFIG and CONFIG2",
          "registers with the configuration it compiled for before it starts a list.", "",
          "| parameter | " + " | ".join(c["name"] for c in spec["configs"]) + " | |",
          "| --- | " + " | ".join("---" for _ in spec["configs"]) + " | --- |"]
    for p in spec["config_params"]:
        L.append(f"| {p['name']} | " + " | ".join(str(c["values"][p["name"]]) for c in spec["configs"]) + f" | {p['doc']} |")
    L += ["", "Rules every configuration must meet (checked by the generator, at elaboration and by the runtime):", ""]
    for c in config_checks(spec):
        L.append(f"- `{c['expr']}`: {c['why']}")
    L.append("")
    return "\n".join(L)


# ---- main --------------------------------------------------------------------------------------

def outputs(spec):
    out = {
        "rtl/pkg/ev2_if_pkg.sv": gen_if_pkg(spec),
        "rtl/pe/ev2_pe_pkg.sv": gen_pe_pkg(spec),
        "rtl/top/ev2_config_check.sv": gen_config_check(spec),
        "sim/interface/ev2_interface.hpp": gen_hpp(spec),
        "docs/interface.md": gen_md(spec),
    }
    for cfg in spec["configs"]:
        out[f"rtl/pkg/config/ev2_config_{cfg['name']}_pkg.sv"] = gen_config_pkg(spec, cfg)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--spec", default=os.path.join(ROOT, SPEC), help="the description (default: %(default)s)")
    ap.add_argument("--out", default=ROOT, help="root the files are written under / compared with")
    ap.add_argument("--check", action="store_true", help="compare instead of writing; exit 1 if any differs")
    a = ap.parse_args()
    try:
        spec = load(a.spec)
    except (SpecError, KeyError, ValueError) as e:
        print(f"gen_interface: {a.spec}: {e}", file=sys.stderr)
        return 2
    stale = []
    for rel, text in outputs(spec).items():
        path = os.path.join(a.out, rel)
        old = open(path).read() if os.path.exists(path) else None
        if a.check:
            if old != text:
                stale.append(rel)
                diff = difflib.unified_diff((old or "").splitlines(), text.splitlines(), f"{rel} (committed)",
                                            f"{rel} (from the description)", lineterm="", n=1)
                print("\n".join(list(diff)[:40]), file=sys.stderr)
        elif old != text:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as fh:
                fh.write(text)
            print(f"gen_interface: wrote {rel}")
    if stale:
        print(f"gen_interface: stale generated files (run {SELF}): {' '.join(stale)}", file=sys.stderr)
        return 1
    if a.check:
        print("gen_interface: every generated file matches the description")
    return 0


if __name__ == "__main__":
    sys.exit(main())
