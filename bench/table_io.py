"""Streaming tables: memory and speed of `topae score` and `topae convert` on a large HDF5
table, and the memory of `topae train` (see bench/README.md, "Tables at any size").

1. A table of N events x 16 columns (Gaussian noise, numpy seed 1) written with h5py.
2. A 12-64-64-5 tanh autoencoder trained on 10 000 of its events (columns c1..c12).
3. `topae score MODEL big.h5 -o scores.h5` with `--threads 1` and `--threads 2` (reading and
   writing on a second thread), `--compression none` and gzip:1: wall time, events per second and peak resident memory (/usr/bin/time).
   The score table has 2 + 5 + 12 = 19 columns (error, distance, z_1..z_5, rec_c1..rec_c12).
4. `topae convert big.h5 -o copy.h5` with each compression: the file size and the time.
5. `topae train` on 1 000 000 x 12 events, 1 epoch: peak memory against the data's size.

    /usr/bin/python3 bench/table_io.py [--topae build/topae] [--events 10000000] [--keep]

Not a test: tests never assert wall-clock times. Needs about 5 GB of disk at 10^7 events.
"""

import argparse
import os
import shutil
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def write_noise(path, events, columns, chunk=1_000_000):
    rng = np.random.default_rng(1)
    with h5py.File(path, "w") as f:
        data = f.create_dataset("data", shape=(events, columns), dtype="f8", chunks=(16384, columns))
        data.attrs["columns"] = [f"c{j + 1}" for j in range(columns)]
        for start in range(0, events, chunk):
            n = min(chunk, events - start)
            data[start:start + n] = rng.standard_normal((n, columns))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--topae", default="build/topae")
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="topae-bench-tables-")
    path = lambda name: os.path.join(folder, name)
    print(f"tables of {args.events} events; CPU: {benchlib.cpu_model()}; files in {folder}")
    benchlib.warn_if_busy()
    load = benchlib.OtherLoad()

    write_noise(path("big.h5"), args.events, 16)
    data_mib = os.path.getsize(path("big.h5")) / 2**20
    benchlib.run([args.topae, "convert", path("big.h5"), "--max-events", "10000", "--quiet", "-o", path("train.h5")])
    columns = ",".join(f"c{j + 1}" for j in range(12))
    benchlib.run([args.topae, "train", path("train.h5"), "--columns", columns, "--latent", "5", "--hidden", "64,64",
                  "--epochs", "2", "--seed", "1", "--quiet", "-o", path("model.json")])

    rows = []
    # With --threads 2, reading and writing run on a second thread while one thread scores.
    for compression, threads in [("none", 1), ("none", 2), ("gzip:1", 1), ("gzip:1", 2)]:
        os.sync()  # the last run's writeback is not this one's
        seconds, rss, _ = benchlib.timed([args.topae, "score", path("model.json"), path("big.h5"), "-o",
                                          path("scores.h5"), "--threads", str(threads), "--compression",
                                          compression, "--quiet"], 1)
        rows.append([f"score, --compression {compression}, --threads {threads}", f"{seconds:.1f}",
                     f"{args.events / seconds / 1e6:.2f}", f"{rss:.0f}",
                     f"{os.path.getsize(path('scores.h5')) / 2**20:.0f}"])
        os.remove(path("scores.h5"))
    for compression in ["none", "gzip:1", "gzip:6"]:
        seconds, rss, _ = benchlib.timed([args.topae, "convert", path("big.h5"), "-o", path("copy.h5"),
                                          "--compression", compression, "--quiet"], 1)
        rows.append([f"convert, --compression {compression}", f"{seconds:.1f}", f"{args.events / seconds / 1e6:.2f}",
                     f"{rss:.0f}", f"{os.path.getsize(path('copy.h5')) / 2**20:.0f}"])
        os.remove(path("copy.h5"))
    print(f"\ninput: {args.events} x 16 float64, {data_mib:.0f} MiB (h5py, uncompressed); one thread except score's --threads 2")
    benchlib.print_table(["run", "wall s", "Mevents/s", "peak MiB", "output MiB"], rows)

    million = min(args.events, 1_000_000)
    benchlib.run([args.topae, "convert", path("big.h5"), "--max-events", str(million), "--exclude",
                  ",".join(f"c{j}" for j in range(13, 17)), "--compression", "none", "--quiet", "-o",
                  path("train12.h5")])
    seconds, rss, _ = benchlib.timed([args.topae, "train", path("train12.h5"), "--latent", "5", "--hidden", "64,64",
                                      "--epochs", "1", "--threads", "1", "--quiet", "-o", path("model12.json")], 1)
    values_mib = million * 12 * 8 / 2**20
    _, idle, _ = benchlib.timed([args.topae, "--help"], 1)
    print(f"\ntrain on {million} x 12 events, 1 epoch: peak {rss:.0f} MiB for {values_mib:.0f} MiB of values "
          f"({rss / values_mib:.2f}x; {(rss - idle) / values_mib:.2f}x above the {idle:.0f} MiB topae takes idle), "
          f"{seconds:.1f} s")
    load.report()
    if args.keep:
        print(f"kept {folder}")
    else:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
