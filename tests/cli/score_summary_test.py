"""`topae score`'s summary line uses the library's quantile (analysis/thresholds.hpp: the inverted
empirical CDF, numpy's method="inverted_cdf"): its median and 99 % are numpy's, and the same
thresholds `topae bumphunt` cuts at. On ten events the 99 % is the largest error, where the CLI's
former index floor(0.99 (n - 1)) picked the second largest.
"""

import json
import os
import re
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

SUMMARY = re.compile(r"^scored (\d+) events: error median (\S+), 99% (\S+), max (\S+); largest distance (\S+) -> ")


class ScoreSummary(topae_cli.TempDirTestCase):
    def test_median_and_99_percent_are_the_librarys_quantiles(self):
        data = topae_cli.generate_circle(self.path("d.csv"), n=10, seed=3, noise=0.05)
        model = self.path("m.json")
        topae_cli.train(data, model, latent=1, hidden=4, epochs=3)
        scores = self.path("s.csv")
        proc = topae_cli.run("score", model, data, "--threads", 1, "-o", scores)
        m = SUMMARY.match(proc.stdout)
        self.assertIsNotNone(m, proc.stdout)
        _, columns = topae_cli.read_csv(scores)
        error = np.array(columns["error"])
        self.assertEqual(len(np.unique(error)), 10, "distinct errors, so the two definitions differ")
        self.assertEqual(int(m.group(1)), 10)
        median = np.quantile(error, 0.5, method="inverted_cdf")
        p99 = np.quantile(error, 0.99, method="inverted_cdf")
        self.assertEqual(m.group(2), f"{median:.4g}")
        self.assertEqual(m.group(3), f"{p99:.4g}")
        self.assertEqual(m.group(4), f"{error.max():.4g}")
        self.assertEqual(m.group(5), f"{max(columns['distance']):.4g}")
        old = np.sort(error)[int(0.99 * 9)]
        self.assertNotEqual(m.group(3), f"{old:.4g}", "not the former floor(q (n - 1)) index")

        # The thresholds `topae bumphunt` cuts at, computed by the library, are the same numbers.
        hunt = self.path("hunt")
        topae_cli.run("bumphunt", scores, "--mass", "theta", "--cut-quantiles", "0.5,0.99", "--bins", 8,
                      "--max-width", 2, "--pseudo", 10, "--no-figures", "--quiet", "-o", hunt)
        with open(os.path.join(hunt, "results.json")) as f:
            cuts = {c["name"]: c["threshold"] for c in json.load(f)["cuts"]}
        self.assertEqual(cuts["q0.5"], median)
        self.assertEqual(cuts["q0.99"], p99)
        self.assertEqual(m.group(3), f"{cuts['q0.99']:.4g}")


if __name__ == "__main__":
    unittest.main()
