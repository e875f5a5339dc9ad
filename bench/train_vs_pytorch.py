#!/usr/bin/python3
"""Training throughput: topae vs PyTorch on the same autoencoders, data and settings.

Run with Debian's interpreter (it has python3-torch and numpy):

    /usr/bin/python3 bench/train_vs_pytorch.py --topae build/topae

See bench/README.md for how to read the output.
"""

import argparse
import ctypes
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

from benchlib import OtherLoad, cpu_model, print_table, warn_if_busy

try:
    import numpy as np
except ImportError:
    sys.exit("numpy not found: run this script with /usr/bin/python3 (Debian's python3-numpy and python3-torch)")

BATCH = 128
LR = 1e-3
SEED = 1

# name, input dim, hidden widths, latent dim, events, default epochs, target ratio, target % of peak
# (the peak target is "of one core's peak", so it is checked on the 1-thread run only), target
# speed-up of 2 threads over 1.
# Default epochs: topae's 1-thread section lasts ~2.5-3.5 s; PyTorch's (slower, same epochs) ~10-35 s.
NETWORKS = [
    dict(name="2-32-32-1", dim=2, hidden=[32, 32], latent=1, n=10_000, epochs=700, ratio=10.0, peak_pct=None, scaling=None),
    dict(name="12-64-64-5", dim=12, hidden=[64, 64], latent=5, n=100_000, epochs=30, ratio=4.0, peak_pct=None, scaling=None),
    dict(name="24-128-128-8", dim=24, hidden=[128, 128], latent=8, n=100_000, epochs=10, ratio=2.0, peak_pct=60.0,
         scaling=1.7),
]
# PyTorch + OpenBLAS, 1 thread, measured earlier (samples/s), for comparison only.
REFERENCE_TORCH_1T = {"2-32-32-1": 222e3, "12-64-64-5": 184e3, "24-128-128-8": 118e3}

ENV_SHOWN = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
             "MKL_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT"]


def layer_dims(net):
    """Widths of all layers: encoder input..latent, then the mirrored decoder."""
    enc = [net["dim"]] + net["hidden"] + [net["latent"]]
    return enc + enc[-2::-1]


def macs_per_sample(net):
    d = layer_dims(net)
    return sum(a * b for a, b in zip(d, d[1:]))


# ---------------------------------------------------------------- PyTorch worker (subprocess)

def blas_info():
    """What BLAS this process really uses: torch's build config plus the libraries mapped in memory."""
    import torch
    a = torch.randn(64, 64)
    _ = a @ a  # make sure the BLAS is loaded
    config = [l.strip() for l in torch.__config__.show().splitlines() if "blas" in l.lower()]
    libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower() and "/" in l})
    info = {"torch": torch.__version__, "config": config, "libraries": libs, "openblas": None}
    for lib in libs:  # ask OpenBLAS itself for its build and the kernel it picked for this CPU
        try:
            so = ctypes.CDLL(lib)
            so.openblas_get_config.restype = ctypes.c_char_p
            so.openblas_get_corename.restype = ctypes.c_char_p
            info["openblas"] = f"{so.openblas_get_config().decode()} (core: {so.openblas_get_corename().decode()})"
            break
        except (OSError, AttributeError):
            pass
    return info


def torch_worker(spec):
    """Train one network with a manual PyTorch loop; returns samples/s of the timed epochs."""
    import torch
    from torch import nn
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(SEED)

    a = np.load(spec["data"])
    x = torch.from_numpy(((a - a.mean(0)) / a.std(0)).astype(np.float32))  # standardized, float32
    n = x.shape[0]

    def mlp(dims):  # Linear + Tanh on hidden layers, linear output
        layers = []
        for i, (din, dout) in enumerate(zip(dims, dims[1:])):
            layers.append(nn.Linear(din, dout))
            if i + 2 < len(dims):
                layers.append(nn.Tanh())
        return nn.Sequential(*layers)

    dims = spec["dims"]
    mid = len(dims) // 2
    enc, dec = mlp(dims[:mid + 1]), mlp(dims[mid:])
    opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=LR)

    def epoch():
        total = 0.0
        perm = torch.randperm(n)
        for i in range(0, n, BATCH):  # last partial batch kept
            b = x[perm[i:i + BATCH]]
            loss = ((dec(enc(b)) - b) ** 2).sum(1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * b.shape[0]
        return total / n

    epoch()  # warm-up, not timed
    t0 = time.perf_counter()
    for _ in range(spec["epochs"]):
        loss = epoch()
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "samples_per_second": spec["epochs"] * n / seconds,
            "final_loss": loss, "torch_threads": torch.get_num_threads()}


def worker_env(threads, openblas_threads):
    """Thread settings of a PyTorch subprocess. Debian's OpenBLAS (pthread build) keeps its own
    thread pool beside torch's OpenMP pool: with both at T > 1 they fight over the cores (torch
    runs 2-3x slower with 2 threads than with 1), so by default OpenBLAS gets 1 thread and torch
    T (its best setting here); --openblas-threads T gives OpenBLAS T as well."""
    n = threads if openblas_threads == "T" else int(openblas_threads)
    return {"OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": str(n)}


def run_worker(mode, spec, threads, openblas_threads):
    """Run this script as a fresh subprocess so thread settings start clean."""
    env = dict(os.environ, **worker_env(threads, openblas_threads))
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--_worker", mode, json.dumps(spec)],
                         env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"PyTorch worker failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- topae

def run_topae(topae, data, net, epochs, threads, workdir):
    model = os.path.join(workdir, "model.json")
    cmd = [topae, "train", data, "--latent", str(net["latent"]), "--hidden", ",".join(map(str, net["hidden"])),
           "--activation", "tanh", "--epochs", str(epochs), "--batch", str(BATCH), "--lr", str(LR),
           "--optimizer", "adam", "--validation", "0", "--threads", str(threads), "--seed", str(SEED),
           "--quiet", "-o", model]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"topae failed ({' '.join(cmd)}):\n{out.stderr}")
    with open(model) as f:
        t = json.load(f)["training"]
    return {"seconds": t["train_seconds"], "samples_per_second": t["samples_per_second"],
            "final_loss": t["final_train_loss"]}


# ---------------------------------------------------------------- data

def read_topae_csv(path):
    """Feature columns of a topae CSV (comment lines, header, truth columns left out)."""
    with open(path) as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    truth = set()
    for l in lines:
        if l.lstrip().startswith("# truth:"):
            truth = {s.strip() for s in l.split(":", 1)[1].split(",") if s.strip()}
    body = [l for l in lines if not l.lstrip().startswith("#")]
    header = [h.strip() for h in body[0].split(",")]
    values = np.loadtxt(body[1:], delimiter=",", ndmin=2)
    keep = [i for i, h in enumerate(header) if h not in truth and h not in ("label", "weight")]
    return values[:, keep]


def make_data(topae, net, workdir):
    """Writes DATA.csv for topae and DATA.npy (same values) for PyTorch; returns both paths."""
    csv = os.path.join(workdir, f"{net['name']}.csv")
    npy = os.path.join(workdir, f"{net['name']}.npy")
    if net["dim"] == 2:  # the circle, from topae's own generator
        subprocess.run([topae, "generate", "circle", "--n", str(net["n"]), "--seed", str(SEED), "--quiet",
                        "-o", csv], check=True)
        a = read_topae_csv(csv)
    else:  # Gaussian noise; float32-exact so that 9 digits in the CSV round-trip
        rng = np.random.default_rng(SEED)
        a = rng.standard_normal((net["n"], net["dim"])).astype(np.float32).astype(np.float64)
        np.savetxt(csv, a, delimiter=",", fmt="%.9g", comments="",
                   header=",".join(f"f{i + 1}" for i in range(net["dim"])))
    assert a.shape == (net["n"], net["dim"]), a.shape
    np.save(npy, a)
    return csv, npy


# ---------------------------------------------------------------- report

def header(args, topae_version, blas):
    cpu = cpu_model()
    print(f"topae {topae_version} ({args.topae})  vs  PyTorch {blas['torch']}  |  python {platform.python_version()}, "
          f"numpy {np.__version__}")
    print(f"CPU: {cpu}, {os.cpu_count()} logical CPUs, load average {os.getloadavg()[0]:.2f}")
    print("env: " + ", ".join(f"{v}={os.environ.get(v, '(unset)')}" for v in ENV_SHOWN))
    print("PyTorch BLAS:")
    for l in blas["config"]:
        for part in l.split(", "):  # the build-settings line is long: show only its BLAS fields
            if "blas" in part.lower():
                print(f"  config: {part.strip().lstrip('- ')}")
    for lib in blas["libraries"]:
        print(f"  loaded: {lib}")
    if blas["openblas"]:
        print(f"  {blas['openblas']}")
    else:
        print("  WARNING: PyTorch is not using OpenBLAS (reference BLAS is much slower); on Debian:\n"
              "           apt-get install libopenblas0-pthread; update-alternatives --display "
              "libblas.so.3-x86_64-linux-gnu")
    print("PyTorch subprocess with T threads: torch.set_num_threads(T), "
          + ", ".join(f"{k}={v}" for k, v in worker_env("T", args.openblas_threads).items()))
    print(f"batch {BATCH}, Adam lr {LR}, tanh; GFLOP/s = 6 x MACs/sample x samples/s; peak per core "
          + ", ".join(f"{v:.1f} GFLOP/s at {t} thread{'s' if t > 1 else ''}" for t, v in args.peaks.items())
          + (" (--peak)" if args.peak else f" (measured by {args.fma_peak})"))
    warn_if_busy()
    print()


def measure_peak(program, threads):
    """One core's FMA peak in GFLOP/s, measured with `threads` cores busy at once (bench/fma_peak.cpp)."""
    if not os.access(program, os.X_OK):
        sys.exit(f"{program}: not an executable; build it (cmake --build build --target fma-peak) or pass --peak")
    out = subprocess.run([program, "--threads", str(threads)], capture_output=True, text=True, check=True).stdout
    return json.loads(out)["gflops_per_core"]


def table(rows):
    cols = ["network", "thr", "epochs", "topae k/s", "torch k/s", "ratio", "GFLOP/s", "% peak", "vs 1 thr", "target",
            "met"]
    lines = []
    for r in rows:
        target = f">={r['target_ratio']:g}x" + (f", >={r['target_peak_pct']:g}%" if r["target_peak_pct"] else "")
        target += f", >={r['target_scaling']:g}x 1 thr" if r["target_scaling"] else ""
        lines.append([r["network"], str(r["threads"]), str(r["epochs"]),
                      f"{r['topae']['samples_per_second'] / 1e3:.0f}", f"{r['torch']['samples_per_second'] / 1e3:.0f}",
                      f"{r['ratio']:.2f}x", f"{r['topae_gflops']:.1f}", f"{r['peak_pct']:.1f}",
                      "" if r["scaling"] is None else f"{r['scaling']:.2f}x", target, "yes" if r["met"] else "NO"])
    print_table(cols, lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--topae", default="build/topae", help="topae executable (default: build/topae)")
    p.add_argument("--epochs", help="epochs for all networks (E) or each one (E1,E2,E3); default "
                   + ",".join(str(n["epochs"]) for n in NETWORKS))
    p.add_argument("--threads", default="1,2", help="comma-separated thread counts (default: 1,2)")
    p.add_argument("--peak", type=float, help="one core's peak GFLOP/s (default: measured by --fma-peak)")
    p.add_argument("--fma-peak", default="build/bench/fma-peak",
                   help="the FMA-loop program that measures the peak (default: build/bench/fma-peak)")
    p.add_argument("--openblas-threads", default="1", metavar="{N,T}",
                   help="OPENBLAS_NUM_THREADS for PyTorch: N, or T for its thread count (default: 1, see README)")
    p.add_argument("--quick", action="store_true", help="a tenth of the default epochs (smoke test)")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    p.add_argument("--_worker", nargs=2, help=argparse.SUPPRESS)
    args = p.parse_args()

    if args._worker:  # subprocess mode: one PyTorch job, result as one JSON line
        mode, spec = args._worker
        print(json.dumps(blas_info() if mode == "info" else torch_worker(json.loads(spec))))
        return

    epochs = [n["epochs"] for n in NETWORKS]
    if args.epochs:
        e = [int(s) for s in args.epochs.split(",")]
        epochs = e * len(NETWORKS) if len(e) == 1 else e
        if len(epochs) != len(NETWORKS):
            p.error(f"--epochs takes 1 or {len(NETWORKS)} values")
    elif args.quick:
        epochs = [max(1, e // 10) for e in epochs]
    threads = [int(t) for t in args.threads.split(",")]
    if args.openblas_threads != "T" and not args.openblas_threads.isdigit():
        p.error("--openblas-threads takes a number or T")
    args.topae = os.path.abspath(args.topae)
    if not os.access(args.topae, os.X_OK):
        p.error(f"{args.topae}: not an executable; build it or pass --topae PATH")
    try:
        import torch  # noqa: F401  (only checked here; the work runs in subprocesses)
    except ImportError:
        sys.exit("PyTorch not found: run this script with /usr/bin/python3 (Debian's python3-torch and python3-numpy)")

    version = subprocess.run([args.topae, "--version"], capture_output=True, text=True).stdout.strip()
    args.peaks = {t: args.peak or measure_peak(args.fma_peak, t) for t in threads}
    blas = run_worker("info", {}, 1, args.openblas_threads)
    header(args, version, blas)

    rows = []
    load = OtherLoad()
    with tempfile.TemporaryDirectory(prefix="topae-bench-") as workdir:
        for net, ep in zip(NETWORKS, epochs):
            csv, npy = make_data(args.topae, net, workdir)
            macs = macs_per_sample(net)
            for t in threads:
                print(f"  running {net['name']} with {t} thread(s), {ep} epochs ...", file=sys.stderr, flush=True)
                ours = run_topae(args.topae, csv, net, ep, t, workdir)
                theirs = run_worker("train", {"data": npy, "dims": layer_dims(net), "epochs": ep, "threads": t}, t,
                                    args.openblas_threads)
                gflops = 6 * macs * ours["samples_per_second"] / 1e9
                r = dict(network=net["name"], layers=layer_dims(net), events=net["n"], threads=t, epochs=ep,
                         macs_per_sample=macs, topae=ours, torch=theirs,
                         ratio=ours["samples_per_second"] / theirs["samples_per_second"],
                         topae_gflops=gflops, torch_gflops=6 * macs * theirs["samples_per_second"] / 1e9,
                         peak_gflops_per_core=args.peaks[t], peak_pct=100 * gflops / (args.peaks[t] * t),
                         torch_env=worker_env(t, args.openblas_threads),
                         target_ratio=net["ratio"], target_peak_pct=net["peak_pct"] if t == 1 else None)
                one = next((q for q in rows if q["network"] == net["name"] and q["threads"] == 1), None)
                r["scaling"] = ours["samples_per_second"] / one["topae"]["samples_per_second"] if one and t > 1 else None
                r["target_scaling"] = net["scaling"] if r["scaling"] is not None and t == 2 else None
                r["met"] = (r["ratio"] >= net["ratio"]
                            and (r["target_peak_pct"] is None or r["peak_pct"] >= r["target_peak_pct"])
                            and (r["target_scaling"] is None or r["scaling"] >= r["target_scaling"]))
                rows.append(r)

    table(rows)
    print("\n% peak: topae's GFLOP/s over (threads x the peak per core at that many threads).  Earlier reference, PyTorch+OpenBLAS at 1 thread: "
          + ", ".join(f"{k} {v / 1e3:.0f}k/s" for k, v in REFERENCE_TORCH_1T.items()))
    others = load.report()
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"topae_version": version, "topae": args.topae, "blas": blas, "peak_gflops_per_core": args.peaks,
                       "batch": BATCH, "lr": LR, "other_cpu_fraction": others,
                       "openblas_threads": args.openblas_threads,
                       "env": {v: os.environ.get(v) for v in ENV_SHOWN}, "results": rows}, f, indent=2)
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
