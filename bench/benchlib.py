"""Helpers shared by the benchmark scripts: the machine, its load, and plain-text tables."""

import os
import re
import subprocess
import sys
import time


def cpu_model():
    return next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")


def cpu_seconds():
    """(busy CPU seconds of the whole machine, CPU seconds of this process and its children)."""
    with open("/proc/stat") as f:
        t = [int(v) for v in f.readline().split()[1:]]
    busy = sum(t) - t[3] - t[4]  # all but idle and iowait
    ours = os.times()
    return busy / os.sysconf("SC_CLK_TCK"), ours.user + ours.system + ours.children_user + ours.children_system


def warn_if_busy():
    if os.getloadavg()[0] > 0.5:
        print("WARNING: the machine is busy (load average > 0.5): numbers, especially with 2 threads, "
              "will be low and noisy")


class OtherLoad:
    """Measures how much of one core other processes used between start and report()."""

    def __init__(self):
        self.t0, (self.busy0, self.ours0) = time.time(), cpu_seconds()

    def fraction(self):
        busy1, ours1 = cpu_seconds()
        return max(0.0, (busy1 - self.busy0) - (ours1 - self.ours0)) / (time.time() - self.t0)

    def report(self):
        others = self.fraction()
        print(f"other processes used {100 * others:.0f} % of one core on average during the run"
              + ("  (WARNING: busy machine, numbers unreliable)" if others > 0.1 else ""))
        return others


def print_table(cols, lines):
    """Columns right-aligned except the first."""
    widths = [max(len(c), *(len(l[i]) for l in lines)) for i, c in enumerate(cols)]
    fmt = lambda cells: "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    print(fmt(cols))
    print("  ".join("-" * w for w in widths))
    for l in lines:
        print(fmt(l))


def run(cmd, **kwargs):
    proc = subprocess.run([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def timed(cmd, threads):
    """(wall seconds, peak RSS in MiB, stdout) of cmd under /usr/bin/time -v."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    proc = run(["/usr/bin/time", "-v", *cmd], env=env)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", proc.stderr).group(1)
    seconds = sum(float(part) * 60 ** i for i, part in enumerate(reversed(wall.split(":"))))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1)) / 1024
    return seconds, rss, proc.stdout
