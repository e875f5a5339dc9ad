"""`topae train --seeds` and `topae score` on an ensemble: the file holds the members with
their seeds, each member is the model `topae train --seed S --threads 1` writes, and the score
table's error, error_min, error_mean, error_spread, disagreement are the members' statistics,
computed here with numpy from the members' error_s<seed> columns and from single-model scores.
"""

import json
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402


class Ensemble(topae_cli.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.train_data = topae_cli.generate_circle(self.path("train.csv"), n=1500, seed=1)
        self.test_data = topae_cli.generate_circle(self.path("test.csv"), n=500, seed=2)

    def test_members_scores_and_statistics(self):
        ensemble = self.path("ensemble.json")
        proc = topae_cli.run("train", self.train_data, "--latent", 1, "--hidden", "8,8", "--epochs", 20,
                             "--seeds", "2-4,9", "--threads", 2, "-o", ensemble)
        self.assertIn("trained 4 members", proc.stdout)
        with open(ensemble) as f:
            j = json.load(f)
        self.assertEqual((j["format"], j["version"]), ("topae-ensemble", 1))
        self.assertEqual([m["seed"] for m in j["members"]], [2, 3, 4, 9])

        scores = topae_cli.score(ensemble, self.test_data, self.path("scores.csv"))
        _, cols = topae_cli.read_csv(scores)
        members = ["error_s2", "error_s3", "error_s4", "error_s9"]
        self.assertEqual(list(cols)[:9], ["error", "error_min", "error_mean", "error_spread", "disagreement"] + members)
        self.assertIn("theta", cols, "truth columns are carried")
        e = np.column_stack([cols[m] for m in members])
        np.testing.assert_allclose(cols["error"], np.median(e, axis=1), rtol=1e-15)
        np.testing.assert_allclose(cols["error_min"], e.min(axis=1), rtol=0)
        np.testing.assert_allclose(cols["error_mean"], e.mean(axis=1), rtol=1e-14)
        np.testing.assert_allclose(cols["error_spread"], np.ptp(e, axis=1), rtol=1e-15)
        np.testing.assert_allclose(cols["disagreement"], np.ptp(e, axis=1) / np.median(e, axis=1), rtol=1e-14)

        # Member 9 is the model a single run with that seed and one thread writes.
        single = self.path("s9.json")
        topae_cli.train(self.train_data, single, latent=1, hidden=[8, 8], epochs=20, seed=9)
        _, one = topae_cli.read_csv(topae_cli.score(single, self.test_data, self.path("s9.csv")))
        self.assertEqual(cols["error_s9"], one["error"])

    def test_bootstrap_members_train_on_resamples(self):
        ensemble = self.path("bagged.json")
        topae_cli.run("train", self.train_data, "--latent", 1, "--hidden", "8,8", "--epochs", 5, "--seeds", "1-2",
                      "--bootstrap", "-o", ensemble)
        with open(ensemble) as f:
            members = json.load(f)["members"]
        self.assertEqual([m["model"]["training"].get("bootstrap") for m in members], [True, True])
        # Not the model the same seed gives on the events themselves.
        single = self.path("s1.json")
        topae_cli.train(self.train_data, single, latent=1, hidden=[8, 8], epochs=5, seed=1)
        with open(single) as f:
            plain = json.load(f)
        self.assertNotIn("bootstrap", plain["training"])
        self.assertNotEqual(members[0]["model"]["encoder"], plain["encoder"])

    def test_bad_seeds_write_nothing(self):
        out = self.path("never.json")
        for args, problem in ((["--seeds", "4-1"], "runs backwards"), (["--seeds", "1,x"], "'x'"),
                              (["--seeds", "1,1"], "appears twice"), (["--seeds", "1-3", "--seed", "2"], "excludes"),
                              (["--seeds", "1-3", "--checkpoint", self.path("ck.json")], "excludes"),
                              (["--bootstrap"], "requires --seeds")):
            with self.subTest(args=args):
                proc = topae_cli.run("train", self.train_data, "--epochs", 1, *args, "-o", out, check=False)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertIn(problem, proc.stderr)
                self.assertFalse(os.path.exists(out))
                self.assertFalse(os.path.exists(self.path("ck.json")))


if __name__ == "__main__":
    unittest.main()
