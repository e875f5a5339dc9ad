"""`topae roc` against numpy: the AUC is the Mann-Whitney statistic over all (signal, background)
pairs with ties counted 1/2 (weighted by w_i w_j), the SIC maximum and the thresholds follow from
counting events above each cut; roc.json and its figures are written, and bad input exits 2 with
one line naming the file and nothing written.
"""

import json
import os
import sys
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

FIGURE_SUFFIXES = (".png", ".svg", ".gp", ".csv")


def mann_whitney(scores, signal, weights=None):
    """sum_{i signal, j background} w_i w_j ([s_i > s_j] + [s_i = s_j] / 2) / (W_s W_b), by brute force."""
    w = np.ones(len(scores)) if weights is None else np.asarray(weights, dtype=float)
    s, b = scores[signal], scores[~signal]
    ws, wb = w[signal], w[~signal]
    psi = (s[:, None] > b[None, :]) + 0.5 * (s[:, None] == b[None, :])
    return float(np.sum(ws[:, None] * wb[None, :] * psi) / (ws.sum() * wb.sum()))


def roc_points(scores, signal, weights=None):
    """(thresholds, eff_s, eff_b) of the cuts score >= t at every distinct score, decreasing t."""
    w = np.ones(len(scores)) if weights is None else np.asarray(weights, dtype=float)
    t = np.unique(scores)[::-1]
    kept = scores[None, :] >= t[:, None]
    eff_s = (kept[:, signal] * w[signal]).sum(axis=1) / w[signal].sum()
    eff_b = (kept[:, ~signal] * w[~signal]).sum(axis=1) / w[~signal].sum()
    return t, eff_s, eff_b


class RocCli(topae_cli.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.rng = np.random.default_rng(20240501)
        self.out = self.path("out")

    def sample(self, n=2000, tie_grid=None):
        labels = (self.rng.random(n) < 0.3).astype(int)
        labels[:2] = [1, 0]
        scores = self.rng.normal(size=n) + 0.8 * labels
        if tie_grid:
            scores = np.round(scores / tie_grid) * tie_grid
        return scores, labels

    def roc(self, table, *args, output="roc.json"):
        out = os.path.join(self.out, output)
        proc = topae_cli.run("roc", table, *args, "-o", out)
        with open(out) as f:
            return json.load(f), proc

    def test_auc_is_mann_whitney_with_ties(self):
        for tie_grid in (None, 0.05, 0.5):
            scores, labels = self.sample(tie_grid=tie_grid)
            table = topae_cli.write_csv(self.path("scores.csv"), {"error": scores, "label": labels})
            result, proc = self.roc(table, "--quiet")
            self.assertEqual(proc.stdout, "")
            signal = labels == 1
            self.assertAlmostEqual(result["auc"], mann_whitney(scores, signal), delta=1e-12, msg=f"grid {tie_grid}")
            self.assertEqual(result["n_signal"], int(signal.sum()))
            self.assertEqual(result["n_background"], int((~signal).sum()))
            self.assertEqual(result["weight_signal"], float(signal.sum()))
            self.assertFalse(result["weighted"])
            self.assertEqual(result["curve_points"], len(np.unique(scores)) + 1)
            self.assertGreater(result["auc_error"], 0)
            self.assertEqual(result["command"], "roc")
            self.assertIn("topae_version", result)
            self.assertEqual(result["config"]["score"], "error")

    def test_sic_thresholds_and_rejection_follow_the_counts(self):
        scores, labels = self.sample(n=3000)
        signal = labels == 1
        table = topae_cli.write_csv(self.path("scores.csv"), {"error": scores, "label": labels})
        result, _ = self.roc(table, "--quiet")
        t, eff_s, eff_b = roc_points(scores, signal)

        floor = max(1e-4, 10 / (~signal).sum())
        self.assertAlmostEqual(result["max_sic"]["min_eff_b"], floor, delta=1e-15)
        ok = eff_b >= floor
        sic = eff_s[ok] / np.sqrt(eff_b[ok])
        best = np.argmax(sic)
        self.assertAlmostEqual(result["max_sic"]["sic"], sic[best], delta=1e-12)
        self.assertEqual(result["max_sic"]["threshold"], t[ok][best])

        for point in result["thresholds"]:
            target = point["target_eff_b"]
            self.assertIn(target, (0.1, 0.01, 0.001))
            within = np.nonzero(eff_b <= target)[0]
            if len(within) == 0:  # only "keep nothing" qualifies
                self.assertIsNone(point["threshold"])
                continue
            k = within[-1]  # the smallest threshold within the target
            self.assertEqual(point["threshold"], t[k], f"eff_b {target}")
            self.assertAlmostEqual(point["eff_s"], eff_s[k], delta=1e-12)

        # Rejection at eff_s: linear interpolation on the curve from (0, 0).
        xs, ys = np.concatenate([[0.0], eff_s]), np.concatenate([[0.0], eff_b])
        for point in result["rejection"]:
            k = np.argmax(xs >= point["eff_s"])
            if xs[k] == point["eff_s"]:
                expected = ys[k]
            else:
                expected = ys[k - 1] + (point["eff_s"] - xs[k - 1]) / (xs[k] - xs[k - 1]) * (ys[k] - ys[k - 1])
            self.assertAlmostEqual(point["eff_b"], expected, delta=1e-12)
            self.assertAlmostEqual(point["rejection"], 1 / expected, delta=1e-9 / expected)

        curve = result["curve"]
        self.assertLessEqual(len(curve["eff_s"]), 1000)
        self.assertEqual((curve["eff_s"][0], curve["eff_b"][0], curve["threshold"][0]), (0, 0, None))
        self.assertEqual((curve["eff_s"][-1], curve["eff_b"][-1], curve["threshold"][-1]), (1, 1, float(t[-1])))

    def test_weights_from_the_table_a_column_or_none(self):
        scores, labels = self.sample(tie_grid=0.1)
        weights = self.rng.uniform(0.2, 3.0, size=len(scores))
        other = self.rng.uniform(0.5, 1.5, size=len(scores))
        signal = labels == 1
        table = topae_cli.write_csv(self.path("scores.csv"),
                                    {"error": scores, "w2": other, "label": labels, "weight": weights})
        weighted, _ = self.roc(table, "--quiet")
        self.assertTrue(weighted["weighted"])
        self.assertAlmostEqual(weighted["auc"], mann_whitney(scores, signal, weights), delta=1e-12)
        self.assertAlmostEqual(weighted["weight_signal"], weights[signal].sum(), delta=1e-9)
        column, _ = self.roc(table, "--weight", "w2", "--quiet")
        self.assertAlmostEqual(column["auc"], mann_whitney(scores, signal, other), delta=1e-12)
        unweighted, _ = self.roc(table, "--no-weight", "--quiet")
        self.assertFalse(unweighted["weighted"])
        self.assertAlmostEqual(unweighted["auc"], mann_whitney(scores, signal), delta=1e-12)
        self.assertNotAlmostEqual(unweighted["auc"], weighted["auc"], delta=1e-6)

    def test_score_and_label_from_any_column_with_a_signal_label(self):
        scores, labels = self.sample()
        kind = np.where(labels == 1, 2, self.rng.choice([0, 5], size=len(scores)))
        table = topae_cli.write_csv(self.path("scores.csv"), {"x": -scores, "kind": kind})
        result, _ = self.roc(table, "--score", "x", "--label", "kind", "--signal-label", "2", "--quiet")
        signal = kind == 2
        self.assertAlmostEqual(result["auc"], mann_whitney(-scores, signal), delta=1e-12)
        self.assertLess(result["auc"], 0.5)  # the negated score points the wrong way
        self.assertEqual(result["n_signal"], int(signal.sum()))
        self.assertEqual(result["config"]["signal_label"], 2)

    def test_hdf5_bump_hunt_table(self):
        # A resonance at m_12 = 500 of E = 1000 sits at s_12 = 0.25: a cut on s_12 from above
        # finds it worse than random (AUC < 0.5), whatever the weights (RAMBO's, all equal).
        table = self.path("bump.h5")
        topae_cli.run("generate", "bump-hunt", "--particles", 3, "--energy", 1000, "--resonance",
                      "1,2:mass=500,width=5", "--signal-fraction", 0.2, "--n", 3000, "--features", "invariants",
                      "--seed", 3, "--quiet", "-o", table)
        with h5py.File(table, "r") as f:
            columns = [c.decode() if isinstance(c, bytes) else c for c in f["data"].attrs["columns"]]
            s12 = f["data"][:, columns.index("s_12")]
            signal = f["label"][:] == 1
            weights = f["weight"][:]
        result, _ = self.roc(table, "--score", "s_12", "--quiet")
        self.assertTrue(result["weighted"])
        self.assertAlmostEqual(result["auc"], mann_whitney(s12, signal, weights), delta=1e-12)
        self.assertLess(result["auc"], 0.5)

    def test_figures_beside_the_json_and_a_summary_line(self):
        scores, labels = self.sample()
        table = topae_cli.write_csv(self.path("scores.csv"), {"error": scores, "label": labels})
        result, proc = self.roc(table, output="bump.json")
        lines = proc.stdout.splitlines()
        self.assertEqual(len(lines), 1, proc.stdout)
        self.assertIn(f"AUC {result['auc']:.4f}", lines[0])
        self.assertIn("bump.json", lines[0])
        self.assertEqual(result["figures"], {"rejection": "bump_rejection.png", "sic": "bump_sic.png"})
        for stem in ("bump_rejection", "bump_sic"):
            for suffix in FIGURE_SUFFIXES:
                path = os.path.join(self.out, stem + suffix)
                self.assertTrue(os.path.isfile(path), path)
                self.assertGreater(os.path.getsize(path), 0, path)
        with open(os.path.join(self.out, "bump_rejection.csv")) as f:
            header = f.readline().strip().split(",")
            rows = [list(map(float, line.split(","))) for line in f if line.strip()]
        self.assertEqual(header[:2], ["eff_s", "rejection"])
        self.assertTrue(all(r[1] >= 1 for r in rows))  # 1 / eff_b with eff_b in (0, 1]

    def test_bad_input_exits_2_with_one_line_naming_the_file_and_writes_nothing(self):
        scores, labels = self.sample(n=50)
        good = topae_cli.write_csv(self.path("good.csv"), {"error": scores, "label": labels})
        one_class = topae_cli.write_csv(self.path("background_only.csv"),
                                        {"error": scores, "label": np.zeros(50, dtype=int)})
        no_label = topae_cli.write_csv(self.path("unlabelled.csv"), {"error": scores})
        nan = self.path("nan.csv")
        with open(nan, "w") as f:
            f.write("error,label\n0.5,1\nnan,0\n0.2,0\n")
        zero_weight = topae_cli.write_csv(self.path("zero_weight.csv"),
                                          {"error": scores, "label": labels, "weight": np.where(labels == 1, 0.0, 1.0)})
        cases = [
            ([self.path("missing.csv")], "missing.csv"),
            ([good, "--score", "nope"], "good.csv"),
            ([good, "--weight", "nope"], "good.csv"),
            ([good, "--signal-label", "7"], "good.csv"),
            ([one_class], "background_only.csv"),
            ([no_label], "unlabelled.csv"),
            ([nan], "nan.csv"),
            ([zero_weight], "zero_weight.csv"),
        ]
        for args, name in cases:
            with self.subTest(args=[os.path.basename(str(a)) for a in args]):
                proc = topae_cli.run("roc", *args, "-o", os.path.join(self.out, "roc.json"), check=False)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                lines = proc.stderr.splitlines()
                self.assertEqual(len(lines), 1, proc.stderr)
                self.assertTrue(lines[0].startswith("topae: error: "), lines[0])
                self.assertIn(name, lines[0])
                self.assertEqual(proc.stdout, "")
                self.assertFalse(os.path.exists(self.out), f"nothing written: {lines[0]}")

    def test_unknown_names_and_a_floor_outside_0_1_name_the_flag(self):
        """A column name that is not there, or a SIC floor outside (0, 1], exits 2 with one line naming
        the flag (and the file for a column); the summary, whatever the flags, finds its numbers."""
        scores, labels = self.sample(n=50)
        good = topae_cli.write_csv(self.path("good.csv"), {"error": scores, "label": labels})
        out = os.path.join(self.out, "roc.json")
        for flag in ("--score", "--label", "--weight"):
            with self.subTest(flag=flag):
                proc = topae_cli.run("roc", good, flag, "no_such", "-o", out, check=False)
                topae_cli.assert_error_line(self, proc, [flag, "no_such", "good.csv"], r"no such column")
        for floor in ("0", "-0.1", "1.5", "x"):
            with self.subTest(floor=floor):
                proc = topae_cli.run("roc", good, "--sic-min-eff-b", floor, "-o", out, check=False)
                topae_cli.assert_error_line(self, proc, ["--sic-min-eff-b", floor])
        self.assertFalse(os.path.exists(self.out))
        for floor in ("auto", "0.2", "1"):
            with self.subTest(floor=floor):
                result, proc = self.roc(good, "--sic-min-eff-b", floor, "--no-figures")
                self.assertRegex(proc.stdout, r"rejection \S+ at eff_s 0\.5; max SIC")
                self.assertGreaterEqual(result["max_sic"]["eff_b"], 0.2 if floor == "0.2" else 0)


if __name__ == "__main__":
    unittest.main()
