"""The input flags every table-reading command shares (--where, --exclude, --nan, --key,
--max-events), through the CLI: what they select, that scoring in chunks changes nothing,
and bad flags refused with exit 2, one line naming the flag, and nothing written.
"""

import os
import sys
import unittest

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402


def read(path):
    return pd.read_csv(path, comment="#", float_precision="round_trip")


class Selection(topae_cli.TempDirTestCase):
    def setUp(self):
        super().setUp()
        # 70 000 events: more than one 65 536-event chunk. Column i is the row number.
        rng = np.random.default_rng(3)
        n = 70_000
        self.df = pd.DataFrame({"i": np.arange(n, dtype=float), "x": rng.normal(size=n), "y": rng.normal(size=n),
                                "mjj": rng.uniform(2000, 5000, n), "label": rng.integers(0, 2, n)})
        self.data = self.path("data.csv")
        self.df.to_csv(self.data, index=False)
        topae_cli.run("train", self.data, "--columns", "x,y", "--where", "label == 0 && mjj < 3000",
                      "--max-events", "5000", "--latent", "1", "--hidden", "8", "--epochs", "2", "--quiet",
                      "-o", self.path("model.json"))

    def test_scoring_in_chunks_equals_scoring_in_parts(self):
        topae_cli.run("score", self.path("model.json"), self.data, "--keep", "i", "-o", self.path("all.csv"), "--quiet")
        topae_cli.run("score", self.path("model.json"), self.data, "--keep", "i", "--where", "i < 40000",
                      "-o", self.path("a.csv"), "--quiet")
        topae_cli.run("score", self.path("model.json"), self.data, "--keep", "i", "--where", "i >= 40000",
                      "-o", self.path("b.csv"), "--quiet")
        whole = read(self.path("all.csv"))
        parts = pd.concat([read(self.path("a.csv")), read(self.path("b.csv"))], ignore_index=True)
        self.assertEqual(len(whole), len(self.df))
        self.assertTrue(whole.equals(parts))
        self.assertTrue(np.array_equal(whole["i"].to_numpy(), self.df["i"].to_numpy()))  # order kept

    def test_two_threads_score_as_one(self):
        # With two threads the next chunk is read, and the last one written, while a chunk is
        # scored: the same bytes, and a bad value in the second chunk still fails the run.
        for threads in ["1", "2"]:
            topae_cli.run("score", self.path("model.json"), self.data, "--keep", "i", "--threads", threads,
                          "-o", self.path(f"t{threads}.h5"), "--quiet")
        with open(self.path("t1.h5"), "rb") as one, open(self.path("t2.h5"), "rb") as two:
            self.assertEqual(one.read(), two.read())
        bad = self.df.copy()
        bad.loc[68_000, "x"] = np.nan
        bad.to_csv(self.path("bad.csv"), index=False)
        proc = topae_cli.run("score", self.path("model.json"), self.path("bad.csv"), "--threads", "2",
                             "-o", self.path("bad.h5"), check=False)
        topae_cli.assert_error_line(self, proc, [f"{self.path('bad.csv')}:68002", "'x'"])
        self.assertFalse(os.path.exists(self.path("bad.h5")))

    def test_where_and_exclude_select_like_pandas(self):
        topae_cli.run("score", self.path("model.json"), self.data, "--exclude", "mjj", "--where",
                      "mjj > 3300 && label == 1", "--keep", "i", "-o", self.path("s.h5"), "--quiet")
        topae_cli.run("convert", self.path("s.h5"), "-o", self.path("s.csv"), "--quiet")
        got = read(self.path("s.csv"))
        expected = self.df.query("mjj > 3300 and label == 1")
        self.assertTrue(np.array_equal(got["i"].to_numpy(), expected["i"].to_numpy()))
        self.assertNotIn("mjj", got.columns)

    def test_bad_flags_exit_2_and_write_nothing(self):
        out = self.path("out.csv")
        model = self.path("model.json")
        cases = [
            (["score", model, self.data, "--where", "mjj >> 3", "-o", out], ["--where 'mjj >> 3'", "at character 6"]),
            (["score", model, self.data, "--where", "mj > 3", "-o", out], ["unknown column 'mj'", "columns: i, x, y"]),
            (["score", model, self.data, "--exclude", "z", "-o", out], [self.data, "--exclude: no column 'z'"]),
            (["score", model, self.data, "--nan", "maybe", "-o", out], ["--nan"]),
            (["score", model, self.data, "--key", "df", "-o", out], [self.data, "--key"]),
            (["score", model, self.data, "--where", "x > 100", "-o", out], [self.data, "no events left"]),
            (["score", model, self.data, "--exclude", "x", "-o", out], [self.data, "'x'"]),
            (["train", self.data, "--where", "label = 0", "-o", out], ["'=' is not an operator"]),
            (["convert", self.data, "--max-events", "-1", "-o", out], ["--max-events"]),
            (["roc", self.data, "--score", "x", "--where", "(x > 1", "-o", self.path("roc.json")], ["expected ')'"]),
        ]
        for args, names in cases:
            with self.subTest(args=args):
                proc = topae_cli.run(*args, check=False)
                topae_cli.assert_error_line(self, proc, names)
                self.assertFalse(os.path.exists(out))
                self.assertFalse(os.path.exists(self.path("roc.json")))


if __name__ == "__main__":
    unittest.main()
