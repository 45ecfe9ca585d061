#!/usr/bin/env python3
"""Synthesizes RTL modules with Yosys (generic cells) and prints cells per module.

Each top is synthesized hierarchically (no flattening), so the report shows every submodule's own
cells and the top's total including its children. A NAND2-equivalent column converts Yosys'
generic cells with the usual rough weights (see docs/synthesis.md); treat it as an estimate to
compare against the paper's gate counts, not as a sign-off number.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

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
    m = re.match(r"\$_(S?DFFE?|DFFSRE?|ALDFFE?|DLATCH)_([A-Z0-9]*)_$", cell)
    if m:
        extras = len(m.group(2)) - 1
        return FLOP_EQ + FLOP_EXTRA * max(extras, 0)
    return 2.0


def rtl_files(config):
    out = subprocess.run([os.path.join(ROOT, "scripts", "rtl_files.sh"), config],
                         check=True, capture_output=True, text=True).stdout
    return out.split()


def synth(top, files, params):
    chparam = "".join(f" -set {k} {v}" for k, v in params)
    script = (f"read_verilog -sv -DSYNTHESIS -I{ROOT}/rtl/common {' '.join(files)}; "
              f"hierarchy -check -top {top}{' ; chparam' + chparam + ' ' + top if chparam else ''}; "
              f"synth -top {top}; stat")
    proc = subprocess.run(["yosys", "-p", script], capture_output=True, text=True)
    if proc.returncode != 0:
        err = [l for l in (proc.stderr + proc.stdout).splitlines() if "ERROR" in l]
        raise RuntimeError(f"{top}: yosys failed: {' '.join(err[:3]) or proc.stderr[-500:]}")
    return parse_stat(proc.stdout)


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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tops", nargs="*", help="modules to synthesize (default: every module in rtl/files.f)")
    ap.add_argument("--config", default="small", help="array configuration (small or v2)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()

    files = rtl_files(args.config)
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
