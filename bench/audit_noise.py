"""The audit under noise: the sweeps behind docs/audit.md ("Noise and small samples",
"Singular points"). Not a benchmark of speed: it regenerates the documented figures.

1. Circles (4000 events) with noise 0.1, 0.3, 1.0 of the radius, spheres with 0.1, 0.3,
   trefoils with 0.1, seeds 1-8: the verdict (dimension, Betti numbers, latent, confident).
2. Double cones (10 000 events) with noise 0 to 2 % of their size, seeds 1-6: the
   singular-point test's noise_scale / shell_radius, whether the apex was found, the verdict.

    /usr/bin/python3 bench/audit_noise.py [--topae build/topae] [--seeds 8]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def audit(topae, folder, manifold, n, noise, seed):
    data = os.path.join(folder, f"{manifold}_{n}_{noise}_{seed}.csv")
    out = data[:-4]
    for cmd in (["generate", manifold, "--n", n, "--noise", noise, "--seed", seed, "--quiet", "-o", data],
                ["audit", data, "--columns", "x,y" if manifold == "circle" else "x,y,z", "--quiet", "--no-figures",
                 "-o", out]):
        proc = subprocess.run([topae, *map(str, cmd)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            sys.exit(f"topae {' '.join(map(str, cmd))} exited {proc.returncode}:\n{proc.stderr}")
    with open(os.path.join(out, "audit.json")) as f:
        return json.load(f)


def verdict(j):
    betti = ",".join("?" if b is None else str(b) for b in j["betti"])
    return [f"{j['intrinsic_dimension']['estimate']:.2f}", betti, str(j["min_latent_dim"]),
            "confident" if j["confident"] else "uncertain"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--topae", default="build/topae")
    parser.add_argument("--seeds", type=int, default=8)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="topae-audit-noise-")
    print(f"topae audit under noise; CPU: {benchlib.cpu_model()}")

    lines = []
    for manifold, noises in (("circle", (0.1, 0.3, 1.0)), ("sphere", (0.1, 0.3)), ("trefoil", (0.1,))):
        for noise in noises:
            for seed in range(1, args.seeds + 1):
                lines.append([manifold, f"{noise}", f"{seed}", *verdict(audit(args.topae, folder, manifold, 4000,
                                                                              noise, seed))])
    print()
    benchlib.print_table(["4000 events", "noise", "seed", "dimension", "betti", "latent", "verdict"], lines)

    lines = []
    for noise in (0, 0.002, 0.005, 0.01, 0.0125, 0.02):
        for seed in range(1, min(args.seeds, 6) + 1):
            j = audit(args.topae, folder, "double-cone", 10000, noise, seed)
            s = j["singular_points"]
            lines.append([f"{noise}", f"{seed}", f"{s['noise_scale'] / s['shell_radius']:.3f}", f"{s['flagged']}",
                          "yes" if s["found"] else "no", *verdict(j)[2:]])
    print()
    benchlib.print_table(["double cone, noise", "seed", "noise / shell", "flagged", "apex found", "latent", "verdict"],
                         lines)


if __name__ == "__main__":
    main()
