#!/usr/bin/env python3
"""Benchmark (prints figures, never fails on speed): the design's roofline against off-chip bandwidth.

Runs sparse MobileNet-0.5-128 (weights 40%, iacts 50%, seed 1) on the v2 array with the memory
model throttled to 8, 16, 32, 64 and 128 bytes per cycle (the memory port carries 128) and prints,
per point, the cycles, inferences/s at 200 MHz, the DRAM bytes and the bound that bandwidth alone
would set (bytes moved / bytes per cycle). Writes an SVG plot of both. Every layer must be
bit-exact; a layer that is not makes the run fail.

  scripts/bench_bandwidth.py [--ev2run build-v2/sim/ev2run] [--points 8,16,32,64,128] [--jobs N]
"""
import argparse
import os
import re
import subprocess
import sys

CLOCK_HZ = 200e6
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_point(ev2run, bandwidth, jobs, extra):
    cmd = [ev2run, os.path.join(ROOT, "sim/workloads/mobilenet_v1_0.5_128.layers"), "--weight-density", "0.4",
           "--iact-density", "0.5", "--bandwidth", str(bandwidth), "--jobs", str(jobs), "--label", "bw"] + extra
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"bench-bandwidth: ev2run failed at {bandwidth} B/cycle (exit {out.returncode}):\n"
                 + (out.stdout + out.stderr)[-2000:])
    total = re.search(r"^total: (\d+) layers, (\d+) cycles .* utilization ([\d.]+)%, DRAM (\d+) B read / (\d+) B written",
                      out.stdout, re.M)
    if not total:
        sys.exit(f"bench-bandwidth: no total line from ev2run at {bandwidth} B/cycle")
    layers, cycles, util, rd, wr = int(total[1]), int(total[2]), float(total[3]), int(total[4]), int(total[5])
    exact = len(re.findall(r"bit-exact\s*$", out.stdout, re.M))
    if exact != layers:
        sys.exit(f"bench-bandwidth: {layers - exact} of {layers} layers not bit-exact at {bandwidth} B/cycle")
    return {"bw": bandwidth, "cycles": cycles, "util": util, "dram": rd + wr}


def svg(points, path, commit):
    """Log-log roofline: measured inferences/s and the bandwidth-only bound against bytes per cycle."""
    import math
    w, h, left, right, top, bottom = 640, 420, 70, 20, 40, 50
    xs = [p["bw"] for p in points]
    ys = [CLOCK_HZ / p["cycles"] for p in points] + [p["bw"] * CLOCK_HZ / p["dram"] for p in points]
    x0, x1 = math.log2(min(xs)), math.log2(max(xs))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    x1 = max(x1, x0 + 1)
    y1 = max(y1, y0 + 1)

    def px(bw):
        return left + (math.log2(bw) - x0) / (x1 - x0) * (w - left - right)

    def py(v):
        return h - bottom - (math.log10(v) - y0) / (y1 - y0) * (h - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w / 2}" y="20" text-anchor="middle" font-size="14">sparse MobileNet-0.5-128 on v2: '
           f'inferences/s against off-chip bandwidth ({commit})</text>']
    for bw in xs:
        out.append(f'<line x1="{px(bw):.1f}" y1="{top}" x2="{px(bw):.1f}" y2="{h - bottom}" stroke="#ddd"/>')
        out.append(f'<text x="{px(bw):.1f}" y="{h - bottom + 16}" text-anchor="middle">{bw}</text>')
    for e in range(y0, y1 + 1):
        out.append(f'<line x1="{left}" y1="{py(10 ** e):.1f}" x2="{w - right}" y2="{py(10 ** e):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{py(10 ** e) + 4:.1f}" text-anchor="end">{10 ** e:g}</text>')
    out.append(f'<text x="{w / 2}" y="{h - 12}" text-anchor="middle">off-chip bandwidth (bytes per 200 MHz cycle)</text>')
    out.append(f'<text x="16" y="{h / 2}" text-anchor="middle" transform="rotate(-90 16 {h / 2})">inferences/s</text>')
    for key, colour, label, value in (
            ("bound", "#999", "bandwidth alone (DRAM bytes / bandwidth)", lambda p: p["bw"] * CLOCK_HZ / p["dram"]),
            ("rtl", "#1f77b4", "RTL (measured)", lambda p: CLOCK_HZ / p["cycles"])):
        pts = " ".join(f"{px(p['bw']):.1f},{py(value(p)):.1f}" for p in points)
        dash = ' stroke-dasharray="6,4"' if key == "bound" else ""
        out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for p in points:
            out.append(f'<circle cx="{px(p["bw"]):.1f}" cy="{py(value(p)):.1f}" r="3" fill="{colour}"/>')
        ly = top + 16 if key == "rtl" else top + 32
        out.append(f'<line x1="{left + 10}" y1="{ly - 4}" x2="{left + 40}" y2="{ly - 4}" stroke="{colour}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{left + 46}" y="{ly}">{label}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ev2run", default=os.path.join(ROOT, "build-v2/sim/ev2run"), help="the v2 ev2run")
    ap.add_argument("--points", default="8,16,32,64,128", help="bytes per cycle, comma-separated (at most 128)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="layers simulated at once")
    ap.add_argument("--svg", default=None, help="where the plot goes (default: next to ev2run's build tree)")
    args, extra = ap.parse_known_args()
    if not os.access(args.ev2run, os.X_OK):
        sys.exit(f"bench-bandwidth: no v2 ev2run at {args.ev2run} (make v2-ev2run builds it)")
    try:
        bws = [float(b) if "." in b else int(b) for b in args.points.split(",")]
    except ValueError:
        sys.exit(f"bench-bandwidth: --points must be numbers, got '{args.points}'")
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "?"
    print(f"bench-bandwidth at {commit}: sparse MobileNet-0.5-128 on v2 (weights 40%, iacts 50%, seed 1, "
          f"memory latency 20 cycles), {args.jobs} layers at a time", flush=True)
    points = []
    for bw in bws:
        p = run_point(args.ev2run, bw, args.jobs, extra)
        points.append(p)
        print(f"bandwidth {bw:>5} B/cycle: {p['cycles']:>9,} cycles, {CLOCK_HZ / p['cycles']:8.1f} inferences/s, "
              f"utilization {p['util']:5.2f}%, DRAM {p['dram']:,} B (bandwidth alone would allow "
              f"{bw * CLOCK_HZ / p['dram']:.1f})", flush=True)
    path = args.svg or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(args.ev2run))),
                                    "bandwidth_mobilenet.svg")
    svg(points, path, commit)
    print(f"plot: {path}")
    low, high = points[0], points[-1]
    print(f"inferences/s at {low['bw']} B/cycle: {CLOCK_HZ / low['cycles']:.1f}, at {high['bw']} B/cycle: "
          f"{CLOCK_HZ / high['cycles']:.1f} ({low['cycles'] / high['cycles']:.2f}x)")


if __name__ == "__main__":
    main()
