#!/usr/bin/python3
"""Phase-space generation: topae vs the original Fortran RAMBO (RANMAR and xorshift).

    /usr/bin/python3 bench/phase_space_vs_rambo.py --rate build/bench/phase-space-rate

Compiles bench/reference/rambo.F with gfortran -O2 twice (RANMAR, xorshift), times each
reference on one core and topae's generator on 1 and 2 threads, and prints events per
second with the ratios. See bench/README.md.
"""

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

from benchlib import OtherLoad, cpu_model, print_table, warn_if_busy

HERE = os.path.dirname(os.path.abspath(__file__))
ENERGY = 1000.0
# name, masses, events per timed call, and the targets on one core: >= 2x RANMAR,
# >= 1.2x xorshift (both measured by the reference programs in the same run).
CASES = [
    dict(name="n=3 massless", masses=[0, 0, 0], events=4_000_000),
    dict(name="n=6 massless", masses=[0] * 6, events=2_000_000),
    dict(name="n=3 (0,0,100)", masses=[0, 0, 100], events=3_000_000),
]
TARGET_RANMAR, TARGET_XORSHIFT = 2.0, 1.2


def build_reference(workdir, variant):
    exe = os.path.join(workdir, f"rambo_{variant}")
    flags = ["-DXORSHIFT"] if variant == "xorshift" else []
    subprocess.run(["gfortran", "-O2", "-std=legacy", *flags, os.path.join(HERE, "reference", "rambo.F"), "-o", exe],
                   check=True)
    return exe


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def run_reference(exe, case, events):
    masses = [str(m) for m in case["masses"]]
    # taskset: one core, as the issue measured it.
    return run_json(["taskset", "-c", "0", exe, str(len(masses)), str(ENERGY), str(events), *masses])


def run_topae(rate, case, events, threads):
    return run_json([rate, "--masses", ",".join(str(m) for m in case["masses"]), "--energy", str(ENERGY),
                     "--n", str(events), "--threads", str(threads)])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rate", default="build/bench/phase-space-rate", help="topae's timing program "
                   "(default: build/bench/phase-space-rate)")
    p.add_argument("--scale", type=float, default=1.0, help="multiply the events per case (default 1)")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = p.parse_args()
    if not os.access(args.rate, os.X_OK):
        p.error(f"{args.rate}: not an executable; build topae (make build) or pass --rate PATH")
    if not shutil.which("gfortran"):
        sys.exit("gfortran not found: scripts/install-deps installs it (Debian package gfortran)")

    print(f"CPU: {cpu_model()}, {os.cpu_count()} logical CPUs, load average {os.getloadavg()[0]:.2f}")
    print(f"E = {ENERGY:g}; references: gfortran -O2 on one core; topae: best of 3 calls into a reused sample")
    warn_if_busy()
    print()
    load = OtherLoad()
    rows = []
    with tempfile.TemporaryDirectory(prefix="topae-bench-") as workdir:
        ranmar, xorshift = build_reference(workdir, "ranmar"), build_reference(workdir, "xorshift")
        for case in CASES:
            events = max(1, int(case["events"] * args.scale))
            print(f"  running {case['name']}, {events} events ...", file=sys.stderr, flush=True)
            r = dict(case=case["name"], masses=case["masses"], energy=ENERGY, events=events,
                     ranmar=run_reference(ranmar, case, events), xorshift=run_reference(xorshift, case, events),
                     topae={t: run_topae(args.rate, case, events, t) for t in (1, 2)})
            one = r["topae"][1]["reused_events_per_second"]
            r["vs_ranmar"] = one / r["ranmar"]["events_per_second"]
            r["vs_xorshift"] = one / r["xorshift"]["events_per_second"]
            r["two_threads_speedup"] = r["topae"][2]["reused_events_per_second"] / one
            r["met"] = r["vs_ranmar"] >= TARGET_RANMAR and r["vs_xorshift"] >= TARGET_XORSHIFT
            # Both estimate the same phase-space volume: the difference of the mean weights in
            # units of its Monte Carlo error (0 for massless events, whose weight is constant).
            a, b = r["ranmar"], r["topae"][1]
            err = math.hypot(a["mean_weight_error"], b["mean_weight_error"])
            diff = abs(a["mean_weight"] - b["mean_weight"])
            r["weight_pull"] = diff / err if err > 0 else (0.0 if diff <= 1e-12 * abs(a["mean_weight"]) else math.inf)
            rows.append(r)

    m = lambda v: f"{v / 1e6:.2f}"
    cols = ["case", "RANMAR M/s", "xorshift M/s", "topae 1T M/s", "vs RANMAR", "vs xorshift", "met",
            "topae 2T M/s", "2T/1T", "1T fresh M/s", "mean weight", "pull"]
    print_table(cols, [[r["case"], m(r["ranmar"]["events_per_second"]), m(r["xorshift"]["events_per_second"]),
                        m(r["topae"][1]["reused_events_per_second"]), f"{r['vs_ranmar']:.2f}x",
                        f"{r['vs_xorshift']:.2f}x", "yes" if r["met"] else "NO",
                        m(r["topae"][2]["reused_events_per_second"]), f"{r['two_threads_speedup']:.2f}x",
                        m(r["topae"][1]["fresh_events_per_second"]), f"{r['topae'][1]['mean_weight']:.6g}",
                        f"{r['weight_pull']:.1f}"] for r in rows])
    print(f"\ntargets on one core: >= {TARGET_RANMAR:g}x RANMAR and >= {TARGET_XORSHIFT:g}x xorshift; "
          "'fresh': topae's first call, which also allocates the sample;\n"
          "mean weight: topae's estimate of the phase-space volume; pull: |topae - RANMAR| over their combined "
          "Monte Carlo error")
    others = load.report()
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"cpu": cpu_model(), "other_cpu_fraction": others, "results": rows}, f, indent=2)
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
