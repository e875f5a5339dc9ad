"""Speed of `topae train --seeds`: an ensemble's members train in parallel, one per thread.

Trains circle models (4000 events, 2-64-64-1-64-64-2 tanh, 200 epochs by default): 8 single
models one after another (`topae train --seed S --threads 1`), then ensembles of 8 and 16
members with `--seeds ... --threads T` for T = 1, 2. Reports wall times and the ratio of the
16-member ensemble on 2 threads to the 8 single runs (ideal: 1, the 16 members on 2 threads
doing what 8 runs do on 1). Not a test: tests never assert wall-clock times.

    /usr/bin/python3 bench/ensemble_speed.py [--topae build/topae] [--epochs 200]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def run(cmd):
    t0 = time.perf_counter()
    proc = subprocess.run([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{proc.stderr}")
    return time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--topae", default="build/topae")
    parser.add_argument("--epochs", type=int, default=200)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="topae-ensemble-bench-")
    path = lambda name: os.path.join(folder, name)  # noqa: E731
    print(f"topae train --seeds on a circle of 4000 events, {args.epochs} epochs; CPU: {benchlib.cpu_model()}")
    benchlib.warn_if_busy()
    load = benchlib.OtherLoad()
    run([args.topae, "generate", "circle", "--n", 4000, "--quiet", "-o", path("circle.csv")])
    common = [path("circle.csv"), "--latent", 1, "--epochs", args.epochs, "--quiet"]

    singles = sum(run([args.topae, "train", *common, "--seed", s, "--threads", 1, "-o", path(f"s{s}.json")])
                  for s in range(1, 9))
    lines = [["8 single models, one after another", "1", f"{singles:.1f}", "1.00"]]
    for members in (8, 16):
        for threads in (1, 2):
            t = run([args.topae, "train", *common, "--seeds", f"1-{members}", "--threads", threads,
                     "-o", path(f"e{members}_{threads}.json")])
            lines.append([f"ensemble of {members}", f"{threads}", f"{t:.1f}", f"{t / singles:.2f}"])
    print()
    benchlib.print_table(["run", "threads", "wall s", "/ 8 singles"], lines)
    load.report()


if __name__ == "__main__":
    main()
