#!/usr/bin/env python3
"""Synthesizes RTL modules with Yosys (generic cells) and prints cells per module.

Each top is synthesized hierarchically (no flattening), so the report shows every submodule's own
cells and the top's total including its children. A NAND2-equivalent column converts Yosys'
generic cells with the usual rough weights (see docs/synthesis.md); treat it as an estimate to
compare against the paper's gate counts, not as a sign-off number.

With --chip the script synthesizes one top (default ev2_top) once and prints a chip report: every
unique module with its instance count, an area breakdown by block (PE clusters / PEs / SPads /
MACs, router clusters, GLB clusters and their SRAM arrays, command processor, top logic) and the
"logic without SRAMs" figures compared with the paper. `make synth CONFIG=v2` runs this mode.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# NAND2-equivalent weights of Yosys' internal gate library (typical standard-cell ratios).
NAND2_EQ = {
    "$_NOT_": 0.67, "$_BUF_": 0.67,
    "$_NAND_": 1.0, "$_NOR_": 1.0,
    "$_AND_": 1.33, "$_OR_": 1.33, "$_ANDNOT_": 1.33, "$_ORNOT_": 1.33,
    "$_XOR_": 2.33, "$_XNOR_": 2.33, "$_MUX_": 2.33,
    "$_AOI3_": 1.33, "$_OAI3_": 1.33, "$_AOI4_": 1.67, "$_OAI4_": 1.67,
}
FLOP_EQ = 4.67   # plain D flop
FLOP_EXTRA = 0.67  # each of reset / enable on a flop


def cell_weight(cell):
    if cell in NAND2_EQ:
        return NAND2_EQ[cell]
    m = re.match(r"\$_(S?DFFC?E?|DFFSRE?|ALDFFE?|DLATCH|DLATCHSR)_([A-Z0-9]*)_$", cell)
    if m:
        # Polarity letters: clock (or latch enable), then one per reset / set / load / enable; a
        # digit is a reset value, not a feature. $_DFF_P_ 0 extras, $_DFF_PN0_ 1, $_DFFE_PN0P_ 2.
        pol = m.group(2)
        extras = len(pol) - 1 - sum(c.isdigit() for c in pol)
        return FLOP_EQ + FLOP_EXTRA * max(extras, 0)
    return 2.0


def rtl_files(config):
    out = subprocess.run([os.path.join(ROOT, "scripts", "rtl_files.sh"), config],
                         check=True, capture_output=True, text=True).stdout
    return out.split()


def synth(top, files, params, detail=False):
    """Synthesizes `top` hierarchically. Returns {module: {cell: count}}; with detail=True returns
    a dict with those ("mods") plus the instance names ("insts"), the parameters of every derived
    module ("params"), Yosys' own hierarchical cell count ("yosys_cells") and the wall time."""
    chparam = "".join(f" -set {k} {v}" for k, v in params)
    with tempfile.TemporaryDirectory(prefix="ev2_synth_") as tmp:
        inst_file = os.path.join(tmp, "instances.txt")
        script = (f"read_verilog -sv -DSYNTHESIS -I{ROOT}/rtl/common {' '.join(files)}; "
                  f"hierarchy -check -top {top}{' ; chparam' + chparam + ' ' + top if chparam else ''}; "
                  f"synth -top {top}; stat")
        if detail:
            # Every submodule instance with its name (the cells whose type is one of our modules).
            script += f"; tee -q -o {inst_file} dump */t:ev2_* */t:$paramod*"
        t0 = time.monotonic()
        proc = subprocess.run(["yosys", "-p", script], capture_output=True, text=True)
        seconds = time.monotonic() - t0
        if proc.returncode != 0:
            err = [l for l in (proc.stderr + proc.stdout).splitlines() if "ERROR" in l]
            raise RuntimeError(f"{top}: yosys failed: {' '.join(err[:3]) or proc.stderr[-500:]}")
        mods = parse_stat(proc.stdout)
        if not detail:
            return mods
        with open(inst_file) as f:
            insts = parse_instances(f.read())
    m = re.findall(r"=== design hierarchy ===.*?Number of cells:\s+(\d+)", proc.stdout, re.S)
    return {"mods": mods, "insts": insts, "params": parse_params(proc.stdout),
            "yosys_cells": int(m[-1]) if m else None, "seconds": seconds}


def parse_instances(dump):
    """{module: [(instance, type)]} from `dump` of the submodule cells."""
    insts = {}
    cur = None
    for line in dump.splitlines():
        m = re.match(r"^module (\S+)$", line)
        if m:
            cur = insts.setdefault(m.group(1).lstrip("\\"), [])
            continue
        m = re.match(r"^  cell (\S+) (\S+)$", line)
        if m and cur is not None:
            cur.append((m.group(2).lstrip("\\"), m.group(1).lstrip("\\")))
    return insts


def parse_params(log):
    """{derived module: {parameter: value}} from the `hierarchy` log (derive mode)."""
    out = {}
    pending = {}
    for line in log.splitlines():
        if "in derive mode" in line:
            pending = {}
        m = re.match(r"^Parameter \\(\w+) = (\S+)$", line)
        if m:
            v = m.group(2)
            if "'" in v:  # sized constant: 32'00000000000000000000000000011000, 1'0
                bits = v.split("'", 1)[1].lstrip("s")
                v = int(bits, 2) if re.fullmatch(r"[01]+", bits) else v
            else:
                v = int(v) if re.fullmatch(r"-?\d+", v) else v
            pending[m.group(1)] = v
        m = re.match(r"^Generating RTLIL representation for module `\\?(\S+)'", line)
        if m and pending:
            out[m.group(1)] = pending
            pending = {}
    return out


def parse_stat(log):
    """Returns {module: {cell: count}} from the final `stat` output."""
    mods = {}
    cur = None
    start = log.rfind("Printing statistics.")
    for line in log[start:].splitlines():
        m = re.match(r"^=== (\S+) ===", line)
        if m:
            cur = mods.setdefault(m.group(1), {})
            continue
        m = re.match(r"^\s+(\$\S+|\\?\S+)\s+(\d+)$", line)
        if cur is not None and m and not line.strip().startswith("Number"):
            cur[m.group(1).lstrip("\\")] = int(m.group(2))
        if "design hierarchy" in line:
            cur = None
    return mods


def totals(mods, name, memo=None):
    """(cells, flops, nand2eq) of module `name` including its submodules."""
    memo = {} if memo is None else memo
    if name in memo:
        return memo[name]
    cells = flops = 0
    eq = 0.0
    for cell, n in mods.get(name, {}).items():
        if cell in mods:  # a submodule instance
            c, f, e = totals(mods, cell, memo)
            cells, flops, eq = cells + n * c, flops + n * f, eq + n * e
        else:
            cells += n
            eq += n * cell_weight(cell)
            if "DFF" in cell:
                flops += n
    memo[name] = (cells, flops, eq)
    return memo[name]


# Area groups for blocks built from the generic storage and MAC primitives (the PE): every cell
# inside an instance of a listed module counts for that group, the rest is control.
GROUPS = [("SPads", re.compile(r"(^|\\)ev2_regfile$")), ("MACs", re.compile(r"(^|\\)ev2_pe_mac$"))]


def group_of(module):
    for name, pattern in GROUPS:
        if pattern.search(module):
            return name
    return None


def breakdown(mods, top):
    """{group: [cells, flops, nand2eq]} of `top`, cells attributed to the innermost listed group."""
    acc = {}

    def walk(name, group, mult):
        for cell, n in mods.get(name, {}).items():
            if cell in mods:
                walk(cell, group_of(cell) or group, mult * n)
            else:
                a = acc.setdefault(group, [0, 0, 0.0])
                a[0] += mult * n
                a[1] += mult * n if "DFF" in cell else 0
                a[2] += mult * n * cell_weight(cell)

    walk(top, "control", 1)
    return acc


def print_breakdown(mods, top):
    acc = breakdown(mods, top)
    if not any(g in acc for g, _ in GROUPS):
        return
    total = sum(a[2] for a in acc.values())
    parts = ", ".join(f"{g} {acc[g][2]:.0f} ({100 * acc[g][2] / total:.1f}%)"
                      for g in [g for g, _ in GROUPS] + ["control"] if g in acc)
    print(f"  {top} NAND2-eq by group: {parts}")
    # Each SPad on its own line, named by its storage bits (ev2_regfile's only flops).
    for sub in sorted(mods, key=lambda m: -totals(mods, m)[2]):
        if group_of(sub) == "SPads":
            c, f, e = totals(mods, sub)
            print(f"    SPad of {f:>5} bits (ev2_regfile) {e:>8.0f} NAND2-eq ({100 * e / total:.1f}%)")


# ---- chip report (--chip) ------------------------------------------------------------------------
PAPER_LOGIC_NAND2 = 2695e3  # Eyeriss v2 (65 nm): NAND-2 gates of logic without SRAMs, 192 PEs
SRAM_MODULE = "ev2_sram_1r1w"  # GLB banks and the drain table: SRAM macros on a real chip
WEIGHT_SPAD = ("ev2_pe_wght", "u_data_spad")  # (parent module, instance): the 96 x 24 weight data SPad
MAJOR = ["pe", "noc", "glb", "cmd", "top"]


def base(module):
    """ev2_regfile for $paramod$<hash>\\ev2_regfile or $paramod\\ev2_pe\\Counters=1'0."""
    return module.split("\\")[1] if module.startswith("$paramod") else module


def own(mods, name):
    """(cells, flops, nand2eq) of module `name` without its submodules."""
    cells = flops = 0
    eq = 0.0
    for cell, n in mods.get(name, {}).items():
        if cell not in mods:
            cells += n
            eq += n * cell_weight(cell)
            flops += n if "DFF" in cell else 0
    return cells, flops, eq


def shape(params, module):
    p = params.get(module, {})
    if "Depth" not in p or "Width" not in p:
        return ""
    ports = f", {p['NumRead']}R{p['NumWrite']}W" if "NumRead" in p else ""
    return f"{p['Depth']} x {p['Width']}{ports}"


def classify(path, params):
    """Rows of the block breakdown (outermost first) that the own cells of the instance at `path`
    belong to, each as (key, label, anchor): anchor is the length of the path prefix naming the
    instance that opens the row (its instances are counted), None for a "rest of" row.
    path: ((instance, module), ...) from the top (instance name "") down to the instance."""
    bases = [base(m) for _, m in path]

    def at(b):
        return bases.index(b) + 1  # prefix length up to and including the first instance of b

    if "ev2_pe_cluster" in bases:
        rows = [("pe", "PE clusters (ev2_pe_cluster)", at("ev2_pe_cluster"))]
        if "ev2_pe" not in bases:
            return rows + [("pe/glue", "cluster wiring (ev2_pe_cluster itself)", None)]
        rows.append(("pe/pe", "PEs (ev2_pe)", at("ev2_pe")))
        if "ev2_regfile" in bases:
            k = at("ev2_regfile")
            rel = ".".join(i for i, _ in path[at("ev2_pe"):k])
            rows.append((f"pe/pe/spad:{rel}", f"SPad {rel} ({shape(params, path[k - 1][1])})", k))
        elif "ev2_pe_mac" in bases:
            rows.append(("pe/pe/mac", "MACs (ev2_pe_mac)", at("ev2_pe_mac")))
        else:
            rows.append(("pe/pe/logic", "PE control and datapath (the rest of ev2_pe)", None))
            sub = path[at("ev2_pe"):]
            part = f"{sub[0][0]} ({base(sub[0][1])})" if sub else "ev2_pe itself"
            rows.append((f"pe/pe/logic/{part}", f"in {part}", None))
        return rows
    # The NoC is the router clusters (one per cluster group in the array, or all of them inside
    # ev2_noc_mesh when that is the top) and the mesh links between them.
    noc = next((b for b in ("ev2_noc_mesh", "ev2_router_cluster", "ev2_noc_mesh_links") if b in bases), None)
    if noc:
        rows = [("noc", "NoC (router clusters and mesh links)", at(noc))]
        if "ev2_router_cluster" not in bases:
            return rows + [("noc/mesh", "mesh wiring (ev2_noc_mesh_links)", None)]
        k = at("ev2_router_cluster")
        rows.append(("noc/rc", "router clusters (ev2_router_cluster)", k))
        if len(path) == k:
            return rows + [("noc/rc/own", "configuration and control (ev2_router_cluster itself)", None)]
        b = base(path[k][1])
        label = {"ev2_spill_reg": "mesh link registers (ev2_spill_reg)"}.get(b, b)
        return rows + [(f"noc/rc/{b}", label, k + 1)]
    if "ev2_glb_cluster" in bases:
        rows = [("glb", "GLB clusters (ev2_glb_cluster)", at("ev2_glb_cluster"))]
        if SRAM_MODULE in bases:
            k = at(SRAM_MODULE)
            sram = path[k - 1][1]
            return rows + [(f"glb/sram:{sram}", f"SRAM arrays {shape(params, sram)} ({SRAM_MODULE})", k)]
        b = base(path[-1][1])
        part = f"{b} itself" if b in ("ev2_glb_cluster", "ev2_glb_bank") else b
        return rows + [("glb/logic", "bank and cluster logic", None), (f"glb/logic/{part}", part, None)]
    if "ev2_cmdproc" in bases:
        rows = [("cmd", "command processor (ev2_cmdproc)", at("ev2_cmdproc"))]
        if SRAM_MODULE in bases:
            k = at(SRAM_MODULE)
            return rows + [("cmd/sram", f"drain parameter table {shape(params, path[k - 1][1])} ({SRAM_MODULE})", k)]
        return rows + [("cmd/logic", "DMA, stream engines, drain and output stage", None)]
    if base(path[0][1]) == "ev2_top":
        return [("top", "top-level logic (ev2_top registers, ev2_array decoding, config deserializers)", None)]
    return [("top", f"other logic (in {base(path[0][1])} outside the blocks above)", None)]


def is_weight_spad(path):
    return any(path[k][0] == WEIGHT_SPAD[1] and base(path[k][1]) == "ev2_regfile"
               and base(path[k - 1][1]) == WEIGHT_SPAD[0] for k in range(1, len(path)))


def chip_breakdown(top, res):
    """Walks every instance of `top` and sums own cells per block row, per SRAM and per weight
    SPad. Returns (rows, acc, the SRAM and weight SPad instances, instances of each module)."""
    mods, insts, params = res["mods"], res["insts"], res["params"]
    rows = {}        # key -> {"label", "anchors": set of path prefixes, "a": [cells, flops, eq]}
    inst_count = {}  # module -> instances in the design
    acc = {k: [0, 0, 0.0] for k in ("total", "sram", "wspad")}
    n = {"sram": set(), "wspad": set()}

    def add(a, c):
        for i in range(3):
            a[i] += c[i]

    def walk(mod, path):
        inst_count[mod] = inst_count.get(mod, 0) + 1
        c = own(mods, mod)
        add(acc["total"], c)
        bases = [base(m) for _, m in path]
        excluded = SRAM_MODULE in bases or is_weight_spad(path)
        for key, label, anchor in classify(path, params):
            r = rows.setdefault(key, {"label": label, "anchors": set(), "a": [0, 0, 0.0], "logic": 0.0})
            add(r["a"], c)
            if not excluded:
                r["logic"] += c[2]
            if anchor is not None:
                r["anchors"].add(path[:anchor])
        if SRAM_MODULE in bases:
            add(acc["sram"], c)
            n["sram"].add(path[:bases.index(SRAM_MODULE) + 1])
        elif is_weight_spad(path):
            add(acc["wspad"], c)
            n["wspad"].add(path)
        for inst, typ in insts.get(mod, []):
            if typ in mods:
                walk(typ, path + ((inst, typ),))

    walk(top, (("", top),))
    ref = totals(mods, top)
    if (acc["total"][0], acc["total"][1]) != ref[:2] or res["yosys_cells"] not in (None, ref[0]):
        raise RuntimeError(f"instance walk ({acc['total'][0]} cells), stat totals ({ref[0]}) and "
                           f"Yosys ({res['yosys_cells']}) disagree")
    return rows, acc, n, inst_count


def chip_report(top, res, config):
    mods = res["mods"]
    rows, acc, n, inst_count = chip_breakdown(top, res)
    cells, flops, eq = acc["total"]
    print(f"{top}, config {config}: Yosys 0.23 `synth -top {top}` without flattening, "
          f"{res['seconds']:.0f} s wall")
    print("Each unique module (and parameter set) is synthesized once; totals multiply by instance "
          f"counts (Yosys' own hierarchical count: {res['yosys_cells']} cells).\n")
    print(f"{'module (per instance, incl. submodules)':<56} {'inst':>5} {'cells':>9} {'flops':>8} {'NAND2-eq':>10}")
    for mod in sorted(inst_count, key=lambda m: (-totals(mods, m)[2], m)):
        c, f, e = totals(mods, mod)
        p = res["params"].get(mod, {})
        name = " ".join(x for x in (base(mod), shape(res["params"], mod)
                                    or ",".join(f"{k}={v}" for k, v in p.items())) if x)
        print(f"  {name[:54]:<54} {inst_count[mod]:>5} {c:>9} {f:>8} {e:>10.0f}")

    logic = eq - acc["sram"][2] - acc["wspad"][2]
    print(f"\n{'block (all instances)':<72} {'inst':>5} {'cells':>10} {'flops':>9} {'NAND2-eq':>11} "
          f"{'%':>6} {'% logic':>8}")

    def tree_pos(key):  # blocks in MAJOR order, then siblings by decreasing area
        parts = key.split("/")
        return [MAJOR.index(parts[0])] + [-rows["/".join(parts[:i + 1])]["a"][2] for i in range(1, len(parts))]

    for key in sorted(rows, key=tree_pos):
        r = rows[key]
        if r["a"][0] == 0:
            continue  # e.g. a wrapper whose only cells are its submodules
        depth = key.count("/")
        inst = len(r["anchors"]) if r["anchors"] else ""
        c, f, e = r["a"]
        share = f"{100 * r['logic'] / logic:>7.1f}%" if r["logic"] else f"{'-':>8}"
        print(f"{'  ' * depth + r['label']:<72} {inst:>5} {c:>10} {f:>9} {e:>11.0f} {100 * e / eq:>5.1f}% {share}")
    print(f"{top + ' total':<72} {1:>5} {cells:>10} {flops:>9} {eq:>11.0f} 100.0%   100.0%")
    print("(% logic: share of the logic without SRAM arrays and weight data SPads, the paper's measure)")

    # In Eyeriss v2 the weight data SPad is an SRAM: the paper's SRAMs are the 192 kB GLB plus the
    # 192 weight data SPads (96 x 24 b each, 54 kB), and its 2695k NAND-2 of logic exclude those.
    n_sram_by = {}
    for p in n["sram"]:
        blk = classify(p, res["params"])[0][0]
        n_sram_by[blk] = n_sram_by.get(blk, 0) + 1
    what = ", ".join(f"{v} {'GLB bank arrays' if k == 'glb' else 'drain parameter table' if k == 'cmd' else k}"
                     for k, v in sorted(n_sram_by.items(), key=lambda kv: MAJOR.index(kv[0])))
    n_pe = sum(v for m, v in inst_count.items() if base(m) == "ev2_pe")
    note = "" if n_pe == 192 else f" (this configuration has {n_pe} PEs, the paper's chip 192)"
    a, sr, w = acc["total"], acc["sram"], acc["wspad"]
    no_sram = [a[i] - sr[i] for i in range(3)]
    no_sram_w = [no_sram[i] - w[i] for i in range(3)]
    print()
    print(f"{top} total, all storage as flops:   {a[0]:>9} cells {a[1]:>9} flops {a[2] / 1e3:>8.0f}k NAND2-eq")
    print(f"logic without SRAM arrays:          {no_sram[0]:>9} cells {no_sram[1]:>9} flops {no_sram[2] / 1e3:>8.0f}k NAND2-eq"
          f"   (excludes the {len(n['sram'])} {SRAM_MODULE}{': ' + what if what else ''})")
    print(f"  ... and without weight data SPads: {no_sram_w[0]:>9} cells {no_sram_w[1]:>9} flops {no_sram_w[2] / 1e3:>8.0f}k NAND2-eq"
          f"   (also excludes the {len(n['wspad'])} {WEIGHT_SPAD[0]}.{WEIGHT_SPAD[1]})")
    print(f"vs the paper's {PAPER_LOGIC_NAND2 / 1e3:.0f}k NAND-2 of logic without SRAMs (192 PEs; its SRAMs are the GLB "
          f"and the weight data SPads){note}:\n"
          f"  {no_sram_w[2] / PAPER_LOGIC_NAND2:.2f}x like for like (without SRAM arrays and weight data SPads), "
          f"{no_sram[2] / PAPER_LOGIC_NAND2:.2f}x with the weight data SPads as flops")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tops", nargs="*", help="modules to synthesize (default: every module in rtl/files.f; "
                    "with --chip: ev2_top)")
    ap.add_argument("--config", default="small", help="array configuration (small or v2)")
    ap.add_argument("--chip", action="store_true",
                    help="synthesize one top (ev2_top) and print the chip report: instance counts, "
                         "block breakdown, logic without SRAMs vs the paper")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()

    files = rtl_files(args.config)
    if args.chip:
        if len(args.tops) > 1:
            ap.error("--chip takes one top")
        top = args.tops[0] if args.tops else "ev2_top"
        try:
            chip_report(top, synth(top, files, [], detail=True), args.config)
        except RuntimeError as e:
            print(f"synth: {e}", file=sys.stderr)
            return 1
        return 0
    tops = args.tops or [os.path.basename(f)[:-3] for f in files if not f.endswith("_pkg.sv")]
    failed = False
    print(f"{'module':<32} {'cells':>10} {'flops':>8} {'NAND2-eq':>12}   (hierarchical totals; config {args.config})")
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {top: pool.submit(synth, top, files, []) for top in tops}
        for top in tops:
            try:
                mods = futures[top].result()
            except RuntimeError as e:
                print(f"synth: {e}", file=sys.stderr)
                failed = True
                continue
            cells, flops, eq = totals(mods, top)
            print(f"{top:<32} {cells:>10} {flops:>8} {eq:>12.0f}")
            for sub in sorted(mods):
                if sub != top:
                    c, f, e = totals(mods, sub)
                    print(f"  {sub:<30} {c:>10} {f:>8} {e:>12.0f}")
            print_breakdown(mods, top)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
