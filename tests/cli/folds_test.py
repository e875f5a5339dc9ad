"""`topae train --folds K` and `topae score --out-of-fold`: every event of the training table
is scored by a model that did not see it. Checked independently of the fold code: for each
fold the events outside it (from the score table's `fold` column) are written to a table of
their own, a single model is trained on it with that member's seed, and it must give exactly
the out-of-fold error of every event in the fold.
"""

import json
import os
import sys
import unittest
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402


def write_rows(path, columns, names, rows):
    with open(path, "w") as f:
        f.write(",".join(names) + "\n")
        for r in rows:
            f.write(",".join(repr(columns[n][r]) for n in names) + "\n")
    return path


class Folds(topae_cli.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.data = topae_cli.generate_circle(self.path("train.csv"), n=900, seed=4)
        self.model = self.path("folds.json")
        self.options = ["--latent", 1, "--hidden", "8,8", "--epochs", 8, "--seed", 11]
        topae_cli.run("train", self.data, *self.options, "--folds", 3, "--threads", 2, "-o", self.model)

    def test_every_event_is_scored_by_the_member_that_did_not_see_it(self):
        with open(self.model) as f:
            j = json.load(f)
        self.assertEqual([m["seed"] for m in j["members"]], [11, 12, 13])
        self.assertEqual((j["folds"]["k"], j["folds"]["seed"], j["folds"]["data"]["n_events"]), (3, 11, 900))

        truth, oof = topae_cli.read_csv(topae_cli.score(self.model, self.data, self.path("oof.csv"), out_of_fold=True))
        self.assertIn("fold", truth)
        folds = [int(f) for f in oof["fold"]]
        self.assertEqual(sorted(Counter(folds).values()), [300, 300, 300])

        _, data = topae_cli.read_csv(self.data)
        for fold in range(3):
            with self.subTest(fold=fold):
                outside = [r for r in range(900) if folds[r] != fold]
                inside = [r for r in range(900) if folds[r] == fold]
                train = write_rows(self.path(f"outside{fold}.csv"), data, ["x", "y"], outside)
                test = write_rows(self.path(f"inside{fold}.csv"), data, ["x", "y"], inside)
                single = self.path(f"member{fold}.json")
                topae_cli.run("train", train, *self.options[:-1], 11 + fold, "--threads", 1, "--quiet", "-o", single)
                _, s = topae_cli.read_csv(topae_cli.score(single, test, self.path(f"s{fold}.csv")))
                self.assertEqual(s["error"], [oof["error"][r] for r in inside])

    def test_other_tables_are_refused_or_get_the_median(self):
        other = topae_cli.generate_circle(self.path("other.csv"), n=900, seed=5)  # as many events, other values
        short = topae_cli.generate_circle(self.path("short.csv"), n=899, seed=4)
        single = self.path("single.json")
        topae_cli.train(self.data, single, latent=1, hidden=[8, 8], epochs=2)
        for model, data, problem in ((self.model, other, "is not the table the model's folds split"),
                                     (self.model, short, "has 899 events, the table the model's folds split had 900"),
                                     (single, self.data, "is not a k-fold ensemble")):
            with self.subTest(data=os.path.basename(data), model=os.path.basename(model)):
                out = self.path("never.csv")
                proc = topae_cli.run("score", model, data, "--out-of-fold", "-o", out, check=False)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertIn(problem, proc.stderr)
                self.assertFalse(os.path.exists(out))
        # Without --out-of-fold, any table gets the members' median.
        _, median = topae_cli.read_csv(topae_cli.score(self.model, other, self.path("median.csv")))
        self.assertIn("error_s12", median)

    def test_bad_fold_counts_write_nothing(self):
        out = self.path("never.json")
        for args, problem in ((["--folds", "1"], "--folds must lie in [2, 900]"),
                              (["--folds", "901"], "--folds must lie in [2, 900]"),
                              (["--folds", "3", "--seeds", "1-3"], "excludes"),
                              (["--folds", "3", "--resume", self.model], "excludes")):
            with self.subTest(args=args):
                proc = topae_cli.run("train", self.data, "--epochs", 1, *args, "-o", out, check=False)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertIn(problem, proc.stderr)
                self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    unittest.main()
