"""The Python API's overhead: `Autoencoder.score_samples` on events in memory against `topae
score` on the same events in a file, for the same model (bench/README.md, "Python").

1. 1 000 000 events x 12 columns (Gaussian noise, numpy seed 1), written with h5py.
2. A 12-64-64-5 tanh autoencoder trained by the CLI on 10 000 of them, loaded in Python.
3. Interleaved rounds: `topae score MODEL events.h5 -o scores.h5 --threads 1 --quiet` (wall
   time, read and write included) and score_samples(X) with threads=1 (wall and CPU time,
   the array already in memory); the best of each and the ratio.

    PYTHONPATH=build/python /usr/bin/python3 bench/score_python_vs_cli.py [--topae build/topae]

Not a test: tests never assert wall-clock times.
"""

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

import topae  # noqa: E402


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--topae", default="build/topae")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="topae-bench-python-")
    path = lambda name: os.path.join(folder, name)
    print(f"{args.events} events x 12; CPU: {benchlib.cpu_model()}")
    benchlib.warn_if_busy()
    try:
        x = np.random.default_rng(1).standard_normal((args.events, 12))
        for name, values in (("events.h5", x), ("train.h5", x[:10_000])):
            with h5py.File(path(name), "w") as f:
                f.create_dataset("data", data=values).attrs["columns"] = [f"c{j + 1}" for j in range(12)]
        benchlib.run([args.topae, "train", path("train.h5"), "-o", path("model.json"),
                      "--hidden", "64,64", "--latent", "5", "--epochs", "1", "--quiet"])
        model = topae.Autoencoder.load(path("model.json"))
        load = benchlib.OtherLoad()
        cli, python, python_cpu = [], [], []
        for _ in range(args.rounds):
            os.sync()
            start, cpu0 = time.perf_counter(), children_cpu()
            benchlib.run([args.topae, "score", path("model.json"), path("events.h5"), "-o", path("scores.h5"),
                          "--threads", "1", "--quiet"])
            cli.append((time.perf_counter() - start, children_cpu() - cpu0))
            os.remove(path("scores.h5"))
            start, cpu0 = time.perf_counter(), time.process_time()
            error = model.score_samples(x)
            python.append(time.perf_counter() - start)
            python_cpu.append(time.process_time() - cpu0)
        assert error.shape == (args.events,)
        others = load.report()
        best_cli = min(cli)
        rate = lambda s: f"{args.events / s / 1e6:.2f}"
        benchlib.print_table(
            ["scoring 10^6 x 12, 12-64-64-5", "best wall s", "CPU s", "Mev/s"],
            [["topae score (file in, file out)", f"{best_cli[0]:.3f}", f"{best_cli[1]:.3f}", rate(best_cli[0])],
             ["score_samples (array in memory)", f"{min(python):.3f}", f"{min(python_cpu):.3f}", rate(min(python))]])
        print(f"score_samples / topae score: {min(python) / best_cli[0]:.2f}x wall, "
              f"{min(python_cpu) / best_cli[1]:.2f}x CPU (best of {args.rounds} interleaved rounds; "
              f"other load {100 * others:.0f} % of a core)")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
