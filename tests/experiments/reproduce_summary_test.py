"""`topae reproduce` writes summary.json (the report's content): the study's claims with what
was measured, and per experiment its numbers, figures, latent snapshots and the command that
reruns it alone. The command is checked by running it: it must give the same results.
"""

import json
import os
import shlex
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402


def without_timings(value):
    """The JSON with every "*seconds" key removed: run times differ from run to run."""
    if isinstance(value, dict):
        return {k: without_timings(v) for k, v in value.items() if not k.endswith("seconds")}
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    return value


class ReproduceSummary(topae_cli.TempDirTestCase):
    def test_summary_lists_claims_files_and_a_command_that_reruns_the_experiment(self):
        out = self.path("results")
        topae_cli.run("reproduce", "--only", "circle,sphere", "--seeds", 1, "--threads", 2, "--quiet", "-o", out,
                      timeout=600)
        with open(os.path.join(out, "summary.json")) as f:
            summary = json.load(f)
        with open(os.path.join(out, "results.json")) as f:
            results = json.load(f)
        self.assertEqual(summary["topae_version"], results["topae_version"])
        self.assertEqual([e["name"] for e in summary["experiments"]], ["circle", "sphere"])
        claims = {(c["experiment"], c["id"]): c for c in summary["claims"]}
        self.assertEqual({e for e, _ in claims}, {"circle", "sphere"})
        # Every claim the two experiments declare (`topae claims`) is in the summary.
        declared = topae_cli.run("claims").stdout
        for (experiment, _), c in claims.items():
            self.assertIn(f"| {experiment} | {c['property']} |", declared)
        for (experiment, cid), c in claims.items():
            # One seed cannot show that the seam moves with the seed: that claim is not judged.
            if cid == "seam-moves":
                self.assertIsNone(c["holds"])
                self.assertIsNone(c["value"])
            else:
                self.assertIsInstance(c["holds"], bool)
                self.assertIsInstance(c["value"], float)
            self.assertTrue(c["measured"])
            self.assertRegex(c["threshold"], r"^(>=|>|<=|<) ")
        # With one seed the circle still tears (a property of every seed) and the sphere too.
        for key in [("circle", "k1-certificate"), ("circle", "k1-tears"), ("sphere", "k2-tears")]:
            self.assertTrue(claims[key]["holds"], claims[key])
        for e in summary["experiments"]:
            self.assertTrue(e["figures"], e["name"])
            for item in e["figures"] + e["snapshots"]:
                path = os.path.join(out, item["path"])
                self.assertTrue(os.path.getsize(path) > 0, path)
            self.assertAlmostEqual(e["seconds"], results["seconds"][e["name"]])

        # The command reruns the experiment alone, with the same results.
        circle = next(e for e in summary["experiments"] if e["name"] == "circle")
        argv = shlex.split(circle["command"])
        self.assertEqual(argv[:3], ["topae", "experiment", "circle"])
        o = argv.index("-o")
        argv[o + 1] = self.path("alone")
        topae_cli.run(*argv[1:], "--threads", 2, "--quiet", timeout=600)
        with open(self.path("alone", "results.json")) as f:
            alone = json.load(f)
        self.assertEqual(without_timings(alone["runs"]), without_timings(results["experiments"]["circle"]["runs"]))


if __name__ == "__main__":
    unittest.main()
