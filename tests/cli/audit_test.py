"""topae audit through the CLI: the audit.json contract, the page and figures, the persistence
diagram against GUDHI's Python bindings on the same landmarks, and bad input (exit 2, one line
naming the file and the problem, nothing written)."""

import html
import json
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

try:
    import gudhi
except ImportError:  # python3-gudhi is in scripts/install-deps; without it the cross-check cannot run
    gudhi = None

CONTRACT = ["intrinsic_dimension", "betti", "min_latent_dim", "latent_geometry", "confident", "summary"]


class AuditCase(topae_cli.TempDirTestCase):
    def audit(self, data, out, *extra):
        proc = topae_cli.run("audit", data, "-o", out, "--threads", "1", *extra)
        with open(os.path.join(out, "audit.json")) as f:
            return json.load(f), proc.stdout

    def test_circle_contract_page_and_figures(self):
        data = topae_cli.generate_circle(self.path("circle.csv"), n=3000)
        out = self.path("audit")
        audit, stdout = self.audit(data, out)
        self.assertEqual(list(audit)[:2], ["command", "topae_version"])
        for key in CONTRACT:
            self.assertIn(key, audit)
        dim = audit["intrinsic_dimension"]
        for key in ["estimate", "low", "high", "methods"]:
            self.assertIn(key, dim)
        self.assertLessEqual(dim["low"], dim["estimate"])
        self.assertLessEqual(dim["estimate"], dim["high"])
        self.assertEqual(sorted(dim["methods"]), ["levina_bickel", "local_pca", "two_nn", "two_nn_by_scale"])
        self.assertIsInstance(audit["min_latent_dim"], int)
        self.assertIn(audit["latent_geometry"], ["euclidean", "circle", "sphere", "torus"])
        self.assertIsInstance(audit["confident"], bool)
        self.assertTrue(audit["summary"] and all(isinstance(s, str) for s in audit["summary"]))
        self.assertIn(audit["summary"][0], stdout, "the verdict is printed")
        self.assertTrue(os.path.isfile(os.path.join(out, "index.html")))
        with open(os.path.join(out, "index.html")) as f:
            page = f.read()
        self.assertIn(html.escape(audit["argument"]), page, "the page states the verdict")
        for name, png in audit["figures"].items():
            if png is not None:
                self.assertTrue(os.path.isfile(os.path.join(out, png)), name)
        if audit["homology"] is not None:
            self.assertEqual(audit["betti"], [1, 1])
            self.assertEqual(audit["min_latent_dim"], 2)
            self.assertEqual(audit["latent_geometry"], "circle")
            self.assertTrue(audit["confident"])

    @unittest.skipIf(gudhi is None, "python3-gudhi is not installed")
    def test_persistence_matches_gudhi_on_the_same_landmarks(self):
        for name, args in [("circle", ["circle", "--n", "2000", "--noise", "0.02"]),
                           ("sphere", ["sphere", "--n", "3000"])]:
            data = self.path(f"{name}.csv")
            topae_cli.run("generate", *args, "--quiet", "-o", data)
            audit, _ = self.audit(data, self.path(f"audit_{name}"), "--landmarks", "300")
            homology = audit["homology"]
            if homology is None:
                self.skipTest("this topae was built without GUDHI")
            _, columns = topae_cli.read_csv(data)
            x = np.array([columns[c] for c in audit["columns"]]).T
            x = (x - x.mean(axis=0)) / x.std(axis=0)  # every event is analysed: the same standardization
            points = x[homology["landmark_rows"]]
            top, scale = len(homology["betti"]) - 1, homology["max_scale"]
            # GUDHI's own Rips complex of the same landmarks up to the scale topae reached; classes
            # alive there are essential in both.
            rips = gudhi.RipsComplex(points=points, max_edge_length=scale).create_simplex_tree(max_dimension=top + 1)
            rips.compute_persistence(homology_coeff_field=2)
            for dim in range(top + 1):
                ours = np.array([[b, np.inf if d is None else d] for k, b, d in homology["bars"] if k == dim])
                theirs = np.array([[b, d if d <= scale else np.inf] for b, d in rips.persistence_intervals_in_dimension(dim)
                                   if d - b > 0])
                distance = gudhi.bottleneck_distance(ours.reshape(-1, 2), theirs.reshape(-1, 2))
                # The same complex and field: equal up to the rounding of the edge lengths.
                self.assertLess(distance, 1e-9, f"{name} H{dim}")

    def test_bad_input_exits_2_and_writes_nothing(self):
        data = topae_cli.generate_circle(self.path("circle.csv"), n=300)
        few = topae_cli.generate_circle(self.path("few.csv"), n=20)
        _, columns = topae_cli.read_csv(data)
        constant = topae_cli.write_csv(self.path("constant.csv"), {"x": columns["x"], "y": [2.0] * 300})
        twice = dict(columns)
        twice["x"] = columns["x"][:299] + columns["x"][3:4]
        twice["y"] = columns["y"][:299] + columns["y"][3:4]
        duplicate = topae_cli.write_csv(self.path("duplicate.csv"), {"x": twice["x"], "y": twice["y"]})
        nan = self.path("nan.csv")
        with open(nan, "w") as f:
            f.write("x,y\n1,2\nnan,3\n")
        cases = [
            ([few], ["few.csv", "--neighbours"], "fewer than"),
            ([data, "--columns", "x"], ["circle.csv"], "at least 2 columns"),
            ([constant], ["constant.csv", "'y'"], "constant"),
            ([duplicate], ["duplicate.csv", "3", "299"], "identical"),
            ([nan], ["nan.csv"], "(?i)nan|not a number|finite"),
            ([data, "--antipodal", "z"], ["--antipodal", "'z'"], "not one of the audited columns"),
            ([data, "--columns", "x,w"], ["circle.csv", "w"], "column"),
            ([self.path("missing.csv")], ["missing.csv"], None),
            ([data, "--neighbours", "3"], ["--neighbours"], "at least 8"),
        ]
        for args, names, problem in cases:
            out = self.path("out")
            proc = topae_cli.run("audit", *args, "-o", out, check=False)
            topae_cli.assert_error_line(self, proc, names, problem, context=" ".join(map(str, args)))
            self.assertFalse(os.path.exists(out), f"nothing written for {args}")


if __name__ == "__main__":
    unittest.main()
