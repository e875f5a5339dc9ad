"""Speed and memory of `topae audit` and `topae seams` on 12-column data (see bench/README.md).

audit: 100 000 events of 12 columns, twice: 3-body phase space (the momenta, with parity as
the antipodal map) and a torus embedded in R^12 (`topae generate torus --embed-dim 12`).

seams: a torus embedded in R^12 with a little noise (`--noise 0.001`), a small k = 2
autoencoder trained on 100 000 of its events, and `topae seams MODEL DATA` on 100 000 and
1 000 000 events.

Each run with 1 and 2 threads under /usr/bin/time, printing wall time and peak resident
memory. Not a test: tests never assert wall-clock times.

    /usr/bin/python3 bench/topology_speed.py [--topae build/topae] [--sizes 100000,1000000] [--threads 1,2]
"""

import argparse
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--topae", default="build/topae")
    parser.add_argument("--sizes", default="100000,1000000", help="events per run, comma-separated")
    parser.add_argument("--threads", default="1,2", help="thread counts, comma-separated")
    parser.add_argument("--keep", help="keep the data, model and outputs in this folder")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    threads = [int(t) for t in args.threads.split(",")]
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("needs /usr/bin/time (Debian package `time`)")

    folder = args.keep or tempfile.mkdtemp(prefix="topae-topology-bench-")
    os.makedirs(folder, exist_ok=True)
    path = lambda name: os.path.join(folder, name)  # noqa: E731
    print(f"topae audit and topae seams on 12 columns; CPU: {benchlib.cpu_model()}; files in {folder}")
    benchlib.warn_if_busy()
    load = benchlib.OtherLoad()

    lines = []
    benchlib.run([args.topae, "generate", "phase-space", "--n", "100000", "--quiet", "-o", path("phase.h5")])
    benchlib.run([args.topae, "generate", "torus", "--embed-dim", "12", "--n", "100000", "--quiet", "-o", path("torus12.h5")])
    parity = ",".join(f"p{axis}_{i}" for i in (1, 2, 3) for axis in "xyz")
    for name, data, extra in [("phase space", "phase.h5", ["--antipodal", parity]), ("torus in R^12", "torus12.h5", [])]:
        for t in threads:
            out = path(f"audit_{t}_{data}")
            seconds, rss, _ = benchlib.timed([args.topae, "audit", path(data), "-o", out, "--no-figures", "--quiet",
                                     "--threads", t, *extra], t)
            with open(os.path.join(out, "audit.json")) as f:
                j = json.load(f)
            lines.append([name, f"{t}", f"{seconds:.1f}", f"{rss:.0f}", f"{j['intrinsic_dimension']['estimate']:.2f}",
                          ",".join("?" if b is None else str(b) for b in j["betti"]), f"{j['min_latent_dim']}"])
    print()
    benchlib.print_table(["audit of 100000 events", "threads", "wall s", "peak MiB", "dimension", "betti",
                          "min latent"], lines)

    generate = [args.topae, "generate", "torus", "--embed-dim", "12", "--noise", "0.001", "--quiet"]
    benchlib.run(generate + ["--n", "100000", "--seed", "2", "-o", path("train.h5")])
    for n in sizes:
        benchlib.run(generate + ["--n", n, "--seed", "1", "-o", path(f"data_{n}.h5")])
    t0 = time.time()
    benchlib.run([args.topae, "train", path("train.h5"), "--latent", "2", "--hidden", "32,32", "--epochs", "60", "--seed", "1",
         "--quiet", "-o", path("model.json")])
    print(f"trained 12-32-32-2 on 100000 events in {time.time() - t0:.1f} s")

    lines = []
    for n in sizes:
        for t in threads:
            out = path(f"seams_{n}_t{t}")
            seconds, rss, _ = benchlib.timed([args.topae, "seams", path("model.json"), path(f"data_{n}.h5"), "-o", out,
                                     "--no-figures", "--quiet", "--threads", t], t)
            with open(os.path.join(out, "seams.json")) as f:
                j = json.load(f)
            lines.append([f"{n}", f"{t}", f"{seconds:.1f}", f"{rss:.0f}", j["neighbour_search"],
                          f"{j['n_seam_events']}", f"{len(j['seams'])}", f"{j['seam_fraction_of_top_errors']:.3f}"])
    print()
    benchlib.print_table(["events", "threads", "wall s", "peak MiB", "neighbours", "seam events", "seams",
                          "top errors on seams"], lines)
    print()
    load.report()


if __name__ == "__main__":
    main()
