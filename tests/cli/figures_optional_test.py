"""Figures are optional: without gnuplot, or with --no-figures, every command still writes all
its numbers, exits 0, and says on stderr that figures were not drawn. Without gnuplot each
figure's data and script are still written, so it can be drawn later."""

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402


def run(args, path=None):
    env = dict(os.environ)
    if path is not None:
        env["PATH"] = path
    return subprocess.run([topae_cli.topae_path(), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, env=env, timeout=300)


class FiguresOptional(topae_cli.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.scores = topae_cli.write_csv(self.path("s.csv"), {
            "m": [100.0 + 2.0 * i for i in range(400)],
            "error": [float((7 * i) % 13) for i in range(400)],
            "label": [i % 2 for i in range(400)]})
        self.no_gnuplot = self.path("empty-path")
        os.mkdir(self.no_gnuplot)

    def files(self, folder):
        return sorted(os.listdir(folder))

    def test_roc_without_gnuplot_keeps_its_numbers_and_the_figure_data(self):
        os.mkdir(self.path("roc"))
        proc = run(["roc", self.scores, "--score", "error", "-o", self.path("roc", "roc.json"), "--quiet"],
                   path=self.no_gnuplot)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stderr, r"2 figures not drawn: gnuplot .* not installed")
        with open(self.path("roc", "roc.json")) as f:
            roc = json.load(f)
        self.assertGreater(roc["auc"], 0)
        self.assertEqual(roc["figures"], {"rejection": None, "sic": None})
        written = self.files(self.path("roc"))
        for name in ("roc.json", "roc_rejection.csv", "roc_rejection.gp", "roc_sic.csv", "roc_sic.gp"):
            self.assertIn(name, written)
        self.assertFalse([n for n in written if n.endswith((".png", ".svg"))], written)

    def test_roc_with_no_figures_writes_only_its_numbers(self):
        os.mkdir(self.path("roc"))
        proc = run(["roc", self.scores, "--score", "error", "--no-figures", "-o", self.path("roc", "roc.json"),
                    "--quiet"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("not drawn: --no-figures", proc.stderr)
        self.assertEqual(self.files(self.path("roc")), ["roc.json"])

    def test_bumphunt_without_gnuplot_and_with_no_figures(self):
        for name, args, path in (("none", ["--no-figures"], None), ("nognuplot", [], self.no_gnuplot)):
            out = self.path(name)
            proc = run(["bumphunt", self.scores, "--mass", "m", "--score", "error", "--bins", "20", "--pseudo", "20",
                        "--cut-quantiles", "0.5", *args, "-o", out, "--quiet"], path=path)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn("figures not drawn", proc.stderr)
            with open(os.path.join(out, "results.json")) as f:
                self.assertEqual(len(json.load(f)["cuts"]), 2)
            self.assertFalse([n for n in os.listdir(out) if n.endswith((".png", ".svg"))])

    def test_an_experiment_with_no_figures_keeps_its_results(self):
        out = self.path("circle")
        proc = run(["experiment", "circle", "--latent", "1", "--n", "200", "--epochs", "3", "--seeds", "1",
                    "--no-figures", "--quiet", "-o", out])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("figures not drawn: --no-figures", proc.stderr)
        with open(os.path.join(out, "results.json")) as f:
            self.assertIn("config", json.load(f))
        drawn = [n for _, _, names in os.walk(out) for n in names if n.endswith((".png", ".svg", ".gp"))]
        self.assertEqual(drawn, [])


if __name__ == "__main__":
    unittest.main()
