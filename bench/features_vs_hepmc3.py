#!/usr/bin/python3
"""Event files to a feature table: `topae features` against HepMC3's own reader alone.

    /usr/bin/python3 bench/features_vs_hepmc3.py --topae build/topae --reader build/bench/hepmc3-read-rate

Makes a large HepMC3 file of real events (Debian's hepmc3-doc example, 100 Pythia 8 events
e+ e- -> Z -> tau tau, written --copies times by HepMC3's WriterAscii), then times on it, one
process each, best of --repeat: HepMC3's ReaderAscii reading every event and touching every
particle (bench/hepmc3_read_rate.cpp), and `topae features` writing the table (HDF5), with its
default features and with jets, on one thread (--threads 1) and with its reader on a thread of
its own (--threads N). Prints events per second side by side, topae's rate as a fraction of the
reader's (reading is what topae cannot do faster than HepMC3) and the CPU seconds each process
used (user + system, all its threads). See bench/README.md.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import sys
import tempfile

from benchlib import OtherLoad, cpu_model, print_table, run, warn_if_busy

EXAMPLE = "/usr/share/doc/hepmc3-doc/examples/RootIOExample/example.hepmc3.gz"


def timed(cmd, threads):
    """(wall seconds, peak RSS MiB, stdout, CPU seconds: user + system) of cmd under /usr/bin/time -v."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    proc = run(["/usr/bin/time", "-v", *cmd], env=env)
    field = lambda name: re.search(name + r": (\S+)", proc.stderr).group(1)
    wall = field(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)")
    seconds = sum(float(part) * 60 ** i for i, part in enumerate(reversed(wall.split(":"))))
    rss = int(field(r"Maximum resident set size \(kbytes\)")) / 1024
    cpu = float(field(r"User time \(seconds\)")) + float(field(r"System time \(seconds\)"))
    return seconds, rss, proc.stdout, cpu


def thread_seconds(cmd, threads, data):
    """CPU seconds of each thread of cmd, busiest first, from perf's task-clock samples (4 kHz):
    on a shared machine a thread's CPU time moves less than the wall time."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    run(["perf", "record", "-q", "-e", "task-clock", "-F", "4000", "-o", data, "--", *cmd], env=env)
    report = run(["perf", "report", "-i", data, "--sort", "pid", "--stdio"]).stdout
    total = int(re.search(r"Event count \(approx\.\): (\d+)", report).group(1)) / 1e9  # ns
    shares = [float(m) / 100 for m in re.findall(r"^\s+([\d.]+)%\s+\d+:", report, re.M)]
    return sorted((total * f for f in shares), reverse=True)


def best(cmd, repeat, threads=1):
    """timed() of the fastest of `repeat` runs."""
    return min((timed(cmd, threads) for _ in range(repeat)), key=lambda r: r[0])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--topae", default="build/topae", help="topae executable (default build/topae)")
    p.add_argument("--reader", default="build/bench/hepmc3-read-rate", help="HepMC3's reader alone")
    p.add_argument("--copies", type=int, default=500, help="copies of the example's 100 events (default 500)")
    p.add_argument("--repeat", type=int, default=3, help="runs of each, the fastest counts (default 3)")
    p.add_argument("--threads", type=int, default=2,
                   help="topae's --threads beside --threads 1 (default 2: the reader on its own thread)")
    p.add_argument("--gzip", action="store_true", help="also time topae on the file gzip-compressed")
    p.add_argument("--perf", action="store_true",
                   help="also the CPU seconds of each process's busiest thread (perf record; best of --repeat): "
                        "the pace with the machine to itself, where the wall time is noisy")
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
              f"CPU {cpu_model()}, best of {args.repeat}")

        results = {}
        seconds, rss, out, cpu = best([args.reader, "read", big], args.repeat)
        inner = json.loads(out)
        if inner["events"] != events:
            sys.exit(f"the reader read {inner['events']} of {events} events")
        results["HepMC3 ReaderAscii alone"] = dict(seconds=seconds, rss=rss, cpu_seconds=cpu,
                                                   inner_seconds=inner["seconds"])
        inputs = [("", big, []), (" --n-jets 2", big, ["--n-jets", "2"])]
        if args.gzip:
            packed = big + ".gz"
            with open(big, "rb") as f, gzip.open(packed, "wb", compresslevel=6) as out:
                shutil.copyfileobj(f, out)
            inputs.append((", .gz input", packed, []))
        for label, path, flags in inputs:
            for threads in dict.fromkeys([1, args.threads]):
                name = f"topae features --threads {threads}{label}"
                table = os.path.join(work, "table.h5")
                cmd = [args.topae, "features", path, "-o", table, "--threads", str(threads), *flags]
                seconds, rss, out, cpu = best(cmd, args.repeat, threads)
                if f"read {events} events" not in out:
                    sys.exit(f"topae did not read {events} events:\n{out}")
                results[name] = dict(seconds=seconds, rss=rss, cpu_seconds=cpu, threads=threads, cmd=cmd)

        if args.perf:
            data = os.path.join(work, "perf.data")
            for name, r in results.items():
                cmd = [args.reader, "read", big] if name.startswith("HepMC3") else r["cmd"]
                runs = [thread_seconds(cmd, r.get("threads", 1), data) for _ in range(args.repeat)]
                r["busiest_thread_cpu_seconds"] = min(t[0] for t in runs)
                r["other_threads_cpu_seconds"] = min(sum(t[1:]) for t in runs)

        reference = events / results["HepMC3 ReaderAscii alone"]["seconds"]
        lines = []
        for name, r in results.items():
            rate = events / r["seconds"]
            r["events_per_second"] = rate
            r["ratio_to_hepmc3"] = rate / reference
            lines.append([name, f"{r['seconds']:.2f}", f"{rate:,.0f}", f"{rate / reference:.2f}",
                          f"{r['cpu_seconds']:.2f}", f"{r['rss']:.0f}"])
        print_table(["run", "seconds", "events/s", "x HepMC3", "CPU s", "peak MiB"], lines)
        if args.perf:
            floor = results["HepMC3 ReaderAscii alone"]["busiest_thread_cpu_seconds"]
            print_table(["run", "busiest thread CPU s", "x HepMC3", "other threads CPU s"],
                        [[name, f"{r['busiest_thread_cpu_seconds']:.3f}",
                          f"{floor / r['busiest_thread_cpu_seconds']:.2f}", f"{r['other_threads_cpu_seconds']:.3f}"]
                         for name, r in results.items()])
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
