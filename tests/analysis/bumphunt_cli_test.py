"""`topae bumphunt` through the CLI on synthetic tables built here with numpy: a falling mass
spectrum (label 0) with a narrow Gaussian bump (label 1), and a score that is random for both,
higher for the signal, or (to show that the sculpting check can fail) correlated with the mass
of the background.

Checked against numpy: the events each cut keeps (numpy's "inverted_cdf" quantile, the
definition topae uses), the efficiencies, the mass histograms, and the Jensen-Shannon
divergence. Statistical checks use fixed seeds and tolerances from the sample sizes. Bad input:
exit 2, one line on stderr naming the flag or file, and no DIR/results.json.
"""

import glob
import json
import math
import os
import sys
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

LO, HI, BINS = 100.0, 1100.0, 40
MASS, WIDTH = 500.0, 10.0
N_BKG, N_SIG = 20000, 800
QUANTILES = [0.5, 0.9, 0.99]


def make_table(seed, n_bkg=N_BKG, n_sig=N_SIG, signal_shift=0.0, sculpt=False):
    """Columns m_12, error, label: background 100 + Exp(300), signal N(MASS, WIDTH); the score is
    N(0, 1), shifted by signal_shift for the signal; with sculpt the background's score is its mass
    over 300 plus N(0, 0.3) noise."""
    rng = np.random.default_rng(seed)
    m_bkg = LO + rng.exponential(300.0, n_bkg)
    m_sig = rng.normal(MASS, WIDTH, n_sig)
    s_bkg = m_bkg / 300.0 + rng.normal(0, 0.3, n_bkg) if sculpt else rng.normal(size=n_bkg)
    s_sig = rng.normal(size=n_sig) + signal_shift
    return {
        "m_12": np.concatenate([m_bkg, m_sig]),
        "error": np.concatenate([s_bkg, s_sig]),
        "label": np.concatenate([np.zeros(n_bkg, dtype=int), np.ones(n_sig, dtype=int)]),
    }


def histogram(mass):
    """topae's bins: [LO, HI) in BINS equal bins (no value here sits on an edge)."""
    counts, _ = np.histogram(mass, bins=BINS, range=(LO, HI))
    return counts.astype(float)


def jsd_bits(a, b):
    """Jensen-Shannon divergence of the shapes of a and b in bits, 0 log 0 = 0."""
    p, q = a / a.sum(), b / b.sum()
    m = (p + q) / 2

    def kl(x):
        s = x > 0
        return np.sum(x[s] * np.log2(x[s] / m[s]))

    return kl(p) / 2 + kl(q) / 2


def fluctuation_jsd(n_before, n_after):
    """E[JSD] when the after-shape is a random subsample of the before-shape:
    (k - 1) (1/n_after - 1/n_before) / (8 ln 2)."""
    return (BINS - 1) * (1.0 / n_after - 1.0 / n_before) / (8 * math.log(2))


class BumpHuntCli(topae_cli.TempDirTestCase):
    def write(self, name, table):
        return topae_cli.write_csv(self.path(name), table)

    def hunt(self, table_path, out, **options):
        options.setdefault("mass", "m_12")
        options.setdefault("score", "error")
        options.setdefault("range", [LO, HI])
        options.setdefault("bins", BINS)
        options.setdefault("cut_quantiles", QUANTILES)
        options.setdefault("pseudo", 100)
        options.setdefault("max_width", 5)
        options.setdefault("threads", 1)
        proc = topae_cli.run("bumphunt", table_path, *topae_cli.flags(**options), "-o", out)
        with open(os.path.join(out, "results.json")) as f:
            return json.load(f), proc

    def check_cuts_against_numpy(self, results, table):
        """Kept events, thresholds, efficiencies, histograms and JSD as numpy computes them."""
        m, s, label = table["m_12"], table["error"], table["label"]
        self.assertEqual([c["name"] for c in results["cuts"]], ["none"] + [f"q{q}" for q in QUANTILES])
        bkg_before = histogram(m[label == 0])
        for cut in results["cuts"]:
            with self.subTest(cut=cut["name"]):
                q = cut["quantile"]
                threshold = -np.inf if q is None else np.quantile(s, q, method="inverted_cdf")
                if q is not None:
                    self.assertEqual(cut["threshold"], float(threshold))
                kept = s > threshold
                self.assertEqual(cut["kept"], int(kept.sum()))
                if q is not None:  # continuous scores: no ties, so exactly n - ceil(q n) stay
                    self.assertEqual(cut["kept"], len(s) - math.ceil(q * len(s) - 1e-9))
                self.assertEqual(cut["histogram"]["observed"], list(histogram(m[kept])))
                self.assertEqual(cut["histogram"]["signal"], list(histogram(m[kept & (label == 1)])))
                self.assertEqual(cut["signal_efficiency"], (kept & (label == 1)).sum() / (label == 1).sum())
                self.assertEqual(cut["background_efficiency"], (kept & (label == 0)).sum() / (label == 0).sum())
                bkg_after = histogram(m[kept & (label == 0)])
                self.assertAlmostEqual(cut["background_sculpting_jsd"], jsd_bits(bkg_before, bkg_after), delta=1e-12)
                self.assertAlmostEqual(cut["histogram"]["edges"][1], LO + (HI - LO) / BINS, delta=1e-12)

    def check_figures(self, out, results):
        for cut in results["cuts"]:
            for ext in ("png", "svg", "gp", "csv"):
                path = os.path.join(out, f"mass_{cut['name']}.{ext}")
                self.assertTrue(os.path.isfile(path), path)
                self.assertGreater(os.path.getsize(path), 100, path)
            with open(os.path.join(out, f"mass_{cut['name']}.png"), "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_random_score_finds_the_bump_and_keeps_the_background_shape(self):
        table = make_table(seed=1)
        out = self.path("out")
        results, proc = self.hunt(self.write("data.csv", table), out)
        self.assertEqual(results["command"], "bumphunt")
        self.assertIn("topae_version", results)
        self.assertTrue(results["labelled"])
        self.assertEqual(results["spec"]["bump_hunter"]["background"], "sideband_fit")
        self.assertEqual(results["spec"]["bump_hunter"]["pseudo_experiments"], 100)
        self.assertEqual(len(proc.stdout.splitlines()), 1 + 1 + len(QUANTILES), proc.stdout)
        self.check_cuts_against_numpy(results, table)
        self.check_figures(out, results)

        # ~800 signal events over ~900 background in the two bins around MASS: Z ~ 20 (Poisson
        # on top of the background); every pseudo-experiment falls short of it.
        hunt = results["cuts"][0]["bump_hunt"]
        window = hunt["window"]
        self.assertLessEqual(window["low"], MASS)
        self.assertLess(MASS, window["high"])
        self.assertGreater(window["local_significance"], 10)
        self.assertTrue(hunt["global_p_is_bound"])
        self.assertEqual(hunt["global_p"], 1 / 100)
        self.assertEqual(hunt["pseudo_experiments"], 100)

        label = table["label"]
        n_bkg_in = histogram(table["m_12"][label == 0]).sum()
        for cut in results["cuts"][1:]:
            with self.subTest(cut=cut["name"]):
                # A random score keeps the same fraction of signal and background: each a
                # binomial fraction with standard deviation sqrt(f (1 - f) / n); 5 of them.
                f = 1 - cut["quantile"]
                self.assertAlmostEqual(cut["signal_efficiency"], f, delta=5 * math.sqrt(f * (1 - f) / N_SIG))
                self.assertAlmostEqual(cut["background_efficiency"], f, delta=5 * math.sqrt(f * (1 - f) / N_BKG))
                # ... and does not sculpt: the JSD stays within 3x its expectation from the
                # subsample's fluctuations (chi^2 with 39 dof / 39 beyond 3: p ~ 1e-9).
                n_after = sum(cut["histogram"]["background"])
                self.assertLess(cut["background_sculpting_jsd"], 3 * fluctuation_jsd(n_bkg_in, n_after))

    def test_figures_draw_poisson_errors_units_and_the_signal_window(self):
        table = make_table(seed=5)
        out = self.path("out")
        results, _ = self.hunt(self.write("data.csv", table), out, cut_quantiles=[0.9], pseudo=10, unit="GeV",
                               signal_window=[MASS - 10, MASS + 10])
        with open(os.path.join(out, "mass_none.gp")) as f:
            script = f.read()
        self.assertIn("(GeV)", script)
        self.assertIn(f"events / {(HI - LO) / BINS:g} GeV", script)
        self.assertIn(f"signal window [{MASS - 10:g}, {MASS + 10:g})", script)
        # The error bars' layer: sqrt(n) either side of each bin's count.
        layers = {}
        for name in sorted(glob.glob(os.path.join(out, "mass_none*.csv"))):
            with open(name) as f:
                header = f.readline().strip().split(",")
            data = np.loadtxt(name, delimiter=",", skiprows=1, ndmin=2)
            layers.update({c: data[:, header.index(c)] for c in header})
        low, high, count = layers["observed_low"], layers["observed_high"], layers["observed"]
        np.testing.assert_allclose(count - low, np.sqrt(count), rtol=1e-6)
        np.testing.assert_allclose(high - count, np.sqrt(count), rtol=1e-6)
        self.assertEqual(list(count), results["cuts"][0]["histogram"]["observed"])

    def test_a_mass_dependent_score_sculpts(self):
        # The check above has teeth: a background score that grows with the mass moves the
        # background's shape far beyond the fluctuation level.
        table = make_table(seed=2, sculpt=True)
        results, _ = self.hunt(self.write("data.csv", table), self.path("out"), cut_quantiles=[0.9], pseudo=10)
        cut = results["cuts"][1]
        n_bkg_in = histogram(table["m_12"][table["label"] == 0]).sum()
        n_after = sum(cut["histogram"]["background"])
        self.assertGreater(cut["background_sculpting_jsd"], 30 * fluctuation_jsd(n_bkg_in, n_after))

    def test_reference_and_a_signal_like_score(self):
        table = make_table(seed=3, signal_shift=3.0)
        rng = np.random.default_rng(4)
        n_ref = 4 * N_BKG
        reference = {"m_12": LO + rng.exponential(300.0, n_ref), "error": rng.normal(size=n_ref)}
        ref_path = self.write("reference.csv", reference)
        out = self.path("out")
        results, _ = self.hunt(self.write("data.csv", table), out, reference=ref_path)
        self.assertEqual(results["spec"]["bump_hunter"]["background"], "reference")
        self.assertEqual(results["inputs"]["reference"], ref_path)
        self.check_cuts_against_numpy(results, table)
        self.check_figures(out, results)
        by_name = {c["name"]: c for c in results["cuts"]}
        for cut in results["cuts"]:
            threshold = -np.inf if cut["quantile"] is None else cut["threshold"]
            kept = reference["error"] > threshold
            self.assertEqual(cut["reference_kept"], int(kept.sum()))
            self.assertEqual(cut["histogram"]["reference"], list(histogram(reference["m_12"][kept])))
            window = cut["bump_hunt"]["window"]
            self.assertLessEqual(window["low"], MASS, cut["name"])
            self.assertLess(MASS, window["high"], cut["name"])
        # A score that separates: at q = 0.9 most signal stays (P(N(3,1) > ~1.4) ~ 0.95), about
        # 7 % of the background does, and the bump stands out more than without the cut.
        q9 = by_name["q0.9"]
        self.assertGreater(q9["signal_efficiency"], 0.85)
        self.assertLess(q9["background_efficiency"], 0.1)
        self.assertGreater(q9["bump_hunt"]["window"]["local_significance"],
                           by_name["none"]["bump_hunt"]["window"]["local_significance"])

    def test_hdf5_reference_with_weights_gives_the_csv_results(self):
        # The same reference as CSV and as HDF5 with a weight column: weights are ignored (every
        # event counts 1), and has_weights says that there were some.
        table_path = self.write("data.csv", make_table(seed=7, n_bkg=5000, n_sig=200))
        rng = np.random.default_rng(8)
        m, s = LO + rng.exponential(300.0, 10000), rng.normal(size=10000)
        csv_ref = self.write("reference.csv", {"m_12": m, "error": s})
        h5_ref = self.path("reference.h5")
        with h5py.File(h5_ref, "w") as f:
            data = f.create_dataset("data", data=np.column_stack([m, s]))
            data.attrs["columns"] = ["m_12", "error"]
            f.create_dataset("weight", data=rng.uniform(0.5, 2.0, 10000))
        from_csv, _ = self.hunt(table_path, self.path("csv"), reference=csv_ref, quiet=True)
        from_h5, proc = self.hunt(table_path, self.path("h5"), reference=h5_ref)
        self.assertFalse(from_csv["has_weights"])
        self.assertTrue(from_h5["has_weights"])
        self.assertIn("weights ignored", proc.stdout)
        self.assertEqual(from_csv["cuts"], from_h5["cuts"])

    def test_thread_count_does_not_change_the_results(self):
        table_path = self.write("data.csv", make_table(seed=5, n_bkg=5000, n_sig=200))
        one, _ = self.hunt(table_path, self.path("one"), threads=1, quiet=True)
        two, _ = self.hunt(table_path, self.path("two"), threads=2, quiet=True)
        self.assertEqual(one["cuts"], two["cuts"])

    def test_bad_input_exits_2_with_one_line_and_writes_nothing(self):
        table = make_table(seed=6, n_bkg=2000, n_sig=50)
        data = self.write("data.csv", table)
        no_error = self.write("no_error.csv", {"m_12": table["m_12"], "score": table["error"]})
        out = self.path("out")
        cases = [
            ([self.path("missing.csv")], ["missing.csv"]),
            ([data, "--mass", "nope"], ["data.csv", "nope"]),
            ([data, "--score", "nope"], ["data.csv", "nope"]),
            ([data, "--reference", no_error], ["no_error.csv", "'error'"]),
            ([data, "--reference", self.path("absent.csv")], ["absent.csv"]),
            ([data, "--cut-quantiles", "0.5,1"], ["--cut-quantiles"]),
            ([data, "--cut-quantiles", "-0.1"], ["--cut-quantiles"]),
            ([data, "--cut-quantiles", "half"], ["--cut-quantiles"]),
            ([data, "--range", "900,100"], ["--range"]),
            ([data, "--range", "100"], ["--range"]),
            ([data, "--bins", "1"], ["--bins"]),
            ([data, "--bins", "5", "--fit-degree", "3"], ["--bins"]),
            ([data, "--max-width", "40"], ["--max-width"]),
            ([data, "--min-width", "0"], ["--min-width"]),
            ([data, "--pseudo", "0"], ["--pseudo"]),
        ]
        for args, names in cases:
            with self.subTest(args=" ".join(os.path.basename(a) for a in args)):
                proc = topae_cli.run("bumphunt", *args, *([] if "--mass" in args else ["--mass", "m_12"]), "-o", out,
                                     check=False)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                lines = proc.stderr.splitlines()
                self.assertEqual(len(lines), 1, proc.stderr)
                self.assertTrue(lines[0].startswith("topae: error: "), lines[0])
                for name in names:
                    self.assertIn(name, lines[0])
                self.assertFalse(os.path.exists(os.path.join(out, "results.json")), lines[0])
                self.assertFalse(os.path.exists(out) and os.listdir(out), f"{out} is not empty: {lines[0]}")


if __name__ == "__main__":
    unittest.main()
