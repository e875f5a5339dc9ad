"""`topae bumphunt` without a reference fits exp(polynomial) to the side-bands; on the m_12
spectrum of 3-body phase space, whose kinematic edge that function cannot follow, the fit is
flagged as bad in results.json and in the summary. With the phase-space reference the
expectation is that sample's shape and there is no fit to judge.
"""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402


class SidebandFit(topae_cli.TempDirTestCase):
    def generate(self, name, seed, fraction):
        path = self.path(name)
        topae_cli.run("generate", "bump-hunt", "--n", 20000, "--seed", seed, "--resonance", "1,2:mass=500,width=5",
                      "--signal-fraction", fraction, "--quiet", "-o", path)
        return path

    def test_the_kinematic_edge_breaks_the_fit_and_is_flagged(self):
        data = self.generate("data.csv", 1, 0.01)
        out = self.path("fit")
        proc = topae_cli.run("bumphunt", data, "--mass", "m_12", "--score", "m_12", "--cut-quantiles", "",
                             "--pseudo", 20, "-o", out)
        self.assertIn("BAD FIT", proc.stdout)
        with open(os.path.join(out, "results.json")) as f:
            cut = json.load(f)["cuts"][0]
        quality = cut["bump_hunt"]["fit_quality"]
        self.assertTrue(quality["bad"])
        self.assertLess(quality["p"], 0.01)
        self.assertGreater(quality["chi2_per_ndf"], 2)

        reference = self.generate("reference.csv", 2, 0.0)
        out = self.path("reference")
        proc = topae_cli.run("bumphunt", data, "--mass", "m_12", "--score", "m_12", "--cut-quantiles", "",
                             "--reference", reference, "--pseudo", 20, "-o", out)
        self.assertNotIn("BAD FIT", proc.stdout)
        with open(os.path.join(out, "results.json")) as f:
            self.assertIsNone(json.load(f)["cuts"][0]["bump_hunt"]["fit_quality"])


if __name__ == "__main__":
    unittest.main()
