"""`topae generate phase-space` and `bump-hunt` through the CLI: the file layout read back with
h5py and pandas (columns E_i, px_i, py_i, pz_i, s_ij, /weight, /label), physics checks on what
was read (momentum conservation, s_12 + s_13 + s_23 = 1 massless), the same file for 1 and 2
threads, the generation record beside each table (enough to regenerate it), and bad
arguments: exit code 2 with a one-line message and nothing written.
"""

import json
import math
import os
import sys
import unittest

import h5py
import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402


def as_str(names):
    return [n.decode() if isinstance(n, bytes) else str(n) for n in names]


class PhaseSpaceCli(topae_cli.TempDirTestCase):
    def test_hdf5_layout_and_physics(self):
        out = self.path("ps.h5")
        topae_cli.run("generate", "phase-space", "--particles", 3, "--energy", 1000, "--n", 2000, "--seed", 3,
                      "--features", "both", "--quiet", "-o", out)
        with h5py.File(out, "r") as f:
            columns = as_str(f["data"].attrs["columns"])
            truth = as_str(f["data"].attrs["truth"])
            values = f["data"][...]
            weight = f["weight"][...]
        masses = ["m_12", "m_13", "m_23"]
        expected = [f"{x}_{i}" for i in range(1, 4) for x in ("E", "px", "py", "pz")] + ["s_12", "s_13", "s_23"]
        self.assertEqual(columns, expected + masses)
        self.assertEqual(truth, masses)
        self.assertEqual(values.shape, (2000, 18))
        self.assertLess(np.abs(values[:, 15:] ** 2 / 1000.0**2 - values[:, 12:15]).max(), 1e-12)
        p = values[:, :12].reshape(2000, 3, 4)
        self.assertLess(np.abs(p.sum(axis=1)[:, 1:]).max(), 1e-9)
        self.assertLess(np.abs(p.sum(axis=1)[:, 0] - 1000).max(), 1e-9)
        self.assertLess(np.abs(values[:, 12:15].sum(axis=1) - 1).max(), 1e-12)
        volume = (2 * math.pi) ** (-5) * (math.pi / 2) ** 2 * 1000.0**2 / 2
        self.assertTrue(np.allclose(weight, volume, rtol=1e-12, atol=0))

    def test_events_is_an_alias_of_n(self):
        """--n is the number of events for every generator; --events, its former name here, still works."""
        for generator, extra in (("phase-space", []), ("bump-hunt", ["--resonance", "1,2:mass=500,width=5"]),
                                 ("circle", [])):
            with self.subTest(generator=generator):
                a, b = self.path(generator + "_n.csv"), self.path(generator + "_events.csv")
                topae_cli.run("generate", generator, *extra, "--n", 50, "--quiet", "-o", a)
                topae_cli.run("generate", generator, *extra, "--events", 50, "--quiet", "-o", b)
                with open(a, "rb") as fa, open(b, "rb") as fb:
                    self.assertEqual(fa.read(), fb.read())
                _, columns = topae_cli.read_csv(a)
                self.assertEqual(len(next(iter(columns.values()))), 50)

    def test_csv_bump_hunt_read_by_pandas(self):
        out = self.path("bh.csv")
        topae_cli.run("generate", "bump-hunt", "--particles", 3, "--resonance", "1,2:mass=500,width=5",
                      "--signal-fraction", 0.1, "--n", 1000, "--features", "invariants", "--quiet", "-o", out)
        df = pd.read_csv(out, comment="#")
        self.assertEqual(list(df.columns), ["s_12", "s_13", "s_23", "m_12", "m_13", "m_23", "label", "weight"])
        self.assertEqual(int(df["label"].sum()), 100)
        m12 = df["m_12"][df["label"] == 1]
        self.assertGreater(float(np.mean(np.abs(m12 - 500) < 50)), 0.9)

    def test_same_file_for_one_and_two_threads(self):
        files = []
        for threads in (1, 2):
            out = self.path(f"t{threads}.h5")
            topae_cli.run("generate", "phase-space", "--particles", 4, "--masses", "0,0,100,10", "--n", 5000,
                          "--threads", threads, "--quiet", "-o", out)
            with h5py.File(out, "r") as f:
                files.append((f["data"][...], f["weight"][...]))
        self.assertTrue(np.array_equal(files[0][0], files[1][0]))
        self.assertTrue(np.array_equal(files[0][1], files[1][1]))

    def test_record_beside_the_table_regenerates_it(self):
        out = self.path("bh.h5")
        topae_cli.run("generate", "bump-hunt", "--particles", 3, "--resonance", "1,2:mass=400,width=8",
                      "--signal-fraction", 0.05, "--n", 3000, "--seed", 9, "--features", "invariants",
                      "--order", "energy", "--quiet", "-o", out)
        with open(out + ".json") as f:
            record = json.load(f)
        self.assertEqual(record["command"], "generate bump-hunt")
        self.assertEqual(record["events"], 3000)
        self.assertEqual(record["signal_events"], 150)
        self.assertEqual(record["columns"], ["s_12", "s_13", "s_23", "m_12", "m_13", "m_23"])
        self.assertEqual(record["truth"], ["m_12", "m_13", "m_23"])
        self.assertTrue(record["label"] and record["weight"])
        st = record["settings"]
        # The settings alone give the same file again.
        again = self.path("again.h5")
        topae_cli.run("generate", "bump-hunt", "--particles", len(st["masses"]), "--energy", st["energy"],
                      "--masses", ",".join(str(m) for m in st["masses"]), "--resonance", st["resonance"],
                      "--signal-fraction", st["signal_fraction"], "--n", st["events"], "--seed", st["seed"],
                      "--features", st["features"]["features"], "--order", st["features"]["order"], "--quiet",
                      "-o", again)
        with h5py.File(out, "r") as a, h5py.File(again, "r") as b:
            for name in ("data", "weight", "label"):
                self.assertTrue(np.array_equal(a[name][...], b[name][...]), name)

    def test_bad_arguments_exit_2_with_one_line(self):
        cases = [
            (["--particles", 1], "--particles"),
            (["--particles", 3, "--masses", "600,500,0"], "--masses"),
            (["--particles", 3, "--resonance", "1,4:mass=500,width=5"], "--resonance"),
            (["--particles", 3, "--resonance", "1,2:mass=500,width=-5"], "width"),
            (["--particles", 3, "--masses", "0,0"], "--masses"),
        ]
        for args, name in cases:
            out = self.path("bad.csv")
            proc = topae_cli.run("generate", "phase-space", *args, "-o", out, check=False)
            self.assertEqual(proc.returncode, 2, args)
            lines = proc.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, proc.stderr)
            self.assertIn(name, lines[0])
            self.assertFalse(os.path.exists(out))
            self.assertFalse(os.path.exists(out + ".json"))

    def test_resonance_outside_its_kinematic_range_or_without_width_exits_2(self):
        """The pole must lie above the daughters' mass sum and below E minus the other masses,
        and the width must be positive: otherwise one line naming --resonance and the range."""
        cases = [
            # (generator, args, pieces of the message)
            ("phase-space", ["--energy", 1000, "--resonance", "1,2:mass=5000,width=5"],
             ["--resonance", "mass=5000", "below the energy minus the other particles' masses (1000)"]),
            ("bump-hunt", ["--energy", 1000, "--resonance", "1,2:mass=5000,width=5"],
             ["--resonance", "mass=5000", "(1000)"]),
            ("phase-space", ["--masses", "300,300,0", "--resonance", "1,2:mass=500,width=5"],
             ["--resonance", "above the daughters' mass sum (600)", "got 500"]),
            ("phase-space", ["--masses", "0,0,100", "--resonance", "1,2:mass=950,width=5"],
             ["--resonance", "(900)", "got 950"]),
            ("bump-hunt", ["--resonance", "1,2:mass=500,width=0"], ["--resonance", "width must be positive", "got 0"]),
            ("phase-space", ["--resonance", "1,2:mass=500,width=-5"], ["--resonance", "width must be positive"]),
            ("phase-space", ["--resonance", "1,2:mass=500"], ["--resonance", "width=G"]),
            ("phase-space", ["--resonance", "1,2:mass=500,width=5,width=6"], ["--resonance", "twice"]),
            ("phase-space", ["--particles", 1000000], ["--particles", "between 2 and 100"]),
            ("phase-space", ["--masses", "1,2,nan"], ["--masses", "'nan' is not a number"]),
        ]
        for generator, args, pieces in cases:
            out = self.path("bad.h5")
            particles = [] if "--particles" in args else ["--particles", 3]
            proc = topae_cli.run("generate", generator, *particles, *args, "--n", 100, "-o", out, check=False)
            context = f"{generator} {args}: exit {proc.returncode}, stderr {proc.stderr!r}"
            self.assertEqual(proc.returncode, 2, context)
            lines = proc.stderr.splitlines()
            self.assertEqual(len(lines), 1, context)
            self.assertTrue(lines[0].startswith("topae: error: "), context)
            for piece in pieces:
                self.assertIn(piece, lines[0], context)
            self.assertEqual(os.listdir(self.tmp), [], context)

    def test_resonance_just_inside_its_range_generates(self):
        out = self.path("edge.csv")
        topae_cli.run("generate", "phase-space", "--particles", 3, "--energy", 1000, "--masses", "300,300,100",
                      "--resonance", "1,2:mass=601,width=5", "--n", 200, "--quiet", "-o", out)
        _, columns = topae_cli.read_csv(out)
        for i in range(200):
            e = columns["E_1"][i] + columns["E_2"][i]
            p2 = sum((columns[f"p{a}_1"][i] + columns[f"p{a}_2"][i]) ** 2 for a in "xyz")
            m12 = math.sqrt(max(e * e - p2, 0.0))
            self.assertGreaterEqual(m12, 600 - 1e-6)
            self.assertLessEqual(m12, 900 + 1e-6)


if __name__ == "__main__":
    unittest.main()
