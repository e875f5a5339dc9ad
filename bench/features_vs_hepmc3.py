#!/usr/bin/python3
"""Event files to a feature table: `topae features` against HepMC3's own reader alone.

    /usr/bin/python3 bench/features_vs_hepmc3.py --topae build/topae --reader build/bench/hepmc3-read-rate

Makes a large HepMC3 file of real events (Debian's hepmc3-doc example, 100 Pythia 8 events
e+ e- -> Z -> tau tau, written --copies times by HepMC3's WriterAscii), then times on it, one
process each, best of --repeat: HepMC3's ReaderAscii reading every event and touching every
particle (bench/hepmc3_read_rate.cpp), and `topae features` writing the table (HDF5), with its
default features and with jets. Prints events per second side by side and topae's rate as a
fraction of the reader's: reading is what topae cannot do faster than HepMC3. See bench/README.md.
"""

import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile

from benchlib import OtherLoad, cpu_model, print_table, run, timed, warn_if_busy

EXAMPLE = "/usr/share/doc/hepmc3-doc/examples/RootIOExample/example.hepmc3.gz"


def best(cmd, repeat):
    """(wall seconds, peak RSS MiB, stdout) of the fastest of `repeat` runs."""
    return min((timed(cmd, 1) for _ in range(repeat)), key=lambda r: r[0])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--topae", default="build/topae", help="topae executable (default build/topae)")
    p.add_argument("--reader", default="build/bench/hepmc3-read-rate", help="HepMC3's reader alone")
    p.add_argument("--copies", type=int, default=500, help="copies of the example's 100 events (default 500)")
    p.add_argument("--repeat", type=int, default=3, help="runs of each, the fastest counts (default 3)")
    p.add_argument("--gzip", action="store_true", help="also time topae on the file gzip-compressed")
    p.add_argument("--json", help="also write every number to this file")
    args = p.parse_args()

    warn_if_busy()
    load = OtherLoad()
    work = tempfile.mkdtemp(prefix="topae-bench-features-")
    try:
        source = os.path.join(work, "example.hepmc3")
        with gzip.open(EXAMPLE, "rb") as f, open(source, "wb") as out:
            shutil.copyfileobj(f, out)
        big = os.path.join(work, "big.hepmc3")
        events = json.loads(run([args.reader, "write", source, big, args.copies]).stdout)["events"]
        size = os.path.getsize(big)
        with open(big, "rb") as f:  # into the page cache: both read it from memory
            while f.read(1 << 24):
                pass
        print(f"topae features vs HepMC3 {os.path.basename(args.reader)}: {events} events, {size / 1e6:.0f} MB, "
              f"CPU {cpu_model()}, one thread each, best of {args.repeat}")

        results = {}
        seconds, rss, out = best([args.reader, "read", big], args.repeat)
        inner = json.loads(out)
        if inner["events"] != events:
            sys.exit(f"the reader read {inner['events']} of {events} events")
        results["HepMC3 ReaderAscii alone"] = dict(seconds=seconds, rss=rss, inner_seconds=inner["seconds"])
        runs = [("topae features (defaults)", big, []),
                ("topae features --n-jets 2", big, ["--n-jets", "2"])]
        if args.gzip:
            packed = big + ".gz"
            with open(big, "rb") as f, gzip.open(packed, "wb", compresslevel=6) as out:
                shutil.copyfileobj(f, out)
            runs.append(("topae features, .gz input", packed, []))
        for name, path, flags in runs:
            table = os.path.join(work, "table.h5")
            seconds, rss, out = best([args.topae, "features", path, "-o", table, "--threads", "1", *flags], args.repeat)
            if f"read {events} events" not in out:
                sys.exit(f"topae did not read {events} events:\n{out}")
            results[name] = dict(seconds=seconds, rss=rss)

        reference = events / results["HepMC3 ReaderAscii alone"]["seconds"]
        lines = []
        for name, r in results.items():
            rate = events / r["seconds"]
            r["events_per_second"] = rate
            r["ratio_to_hepmc3"] = rate / reference
            lines.append([name, f"{r['seconds']:.2f}", f"{rate:,.0f}", f"{rate / reference:.2f}", f"{r['rss']:.0f}"])
        print_table(["run", "seconds", "events/s", "x HepMC3", "peak MiB"], lines)
        inner = results["HepMC3 ReaderAscii alone"]["inner_seconds"]
        print(f"(HepMC3's reader inside its process: {events / inner:,.0f} events/s; every rate above is whole "
              f"processes, start-up included)")
        load.report()
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"events": events, "bytes": size, "cpu": cpu_model(), "results": results}, f, indent=2)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
