"""Golden-output tests through the CLI on tiny canonical data (FastJet / Ripser style).

tests/fixtures/circle_64.csv was written by `topae generate circle --n 64 --seed 1 -o circle_64.csv`;
the generator must reproduce it byte for byte, for any thread count. Training with a fixed seed
and thread count must give identical model files, apart from the volatile timing fields.
"""

import json
import math
import os
import re
import sys
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

GOLDEN = "circle_64.csv"
VOLATILE_KEYS = topae_cli.VOLATILE_KEYS
without_volatile = topae_cli.without_volatile
VOLATILE_LINE = re.compile(r'^\s*"(' + "|".join(sorted(VOLATILE_KEYS)) + r')"\s*:')


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def stable_lines(path):
    """The model file's lines with the volatile ones filtered out (the file has one key per line)."""
    with open(path) as f:
        return [line for line in f.read().splitlines() if not VOLATILE_LINE.match(line)]


class GenerateGoldenTest(topae_cli.TempDirTestCase):
    def test_fixture_is_the_circle(self):
        truth, cols = topae_cli.read_csv(topae_cli.fixture(GOLDEN))
        self.assertEqual(truth, ["theta"])
        self.assertEqual(list(cols), ["x", "y", "theta"])
        self.assertEqual(len(cols["x"]), 64)
        for x, y, theta in zip(cols["x"], cols["y"], cols["theta"]):
            self.assertTrue(0 <= theta < 2 * math.pi, theta)
            # Radius 1, no noise: the point is (cos theta, sin theta).
            self.assertAlmostEqual(x, math.cos(theta), delta=1e-15)
            self.assertAlmostEqual(y, math.sin(theta), delta=1e-15)
        self.assertEqual(len(set(cols["theta"])), 64)

    def test_generate_reproduces_fixture_byte_for_byte(self):
        golden = read_bytes(topae_cli.fixture(GOLDEN))
        for threads in (1, 2, 3, 0):
            with self.subTest(threads=threads):
                out = self.path(f"circle_64_t{threads}.csv")
                topae_cli.generate_circle(out, n=64, seed=1, threads=threads)
                self.assertEqual(read_bytes(out), golden,
                                 f"`topae generate circle --n 64 --seed 1 --threads {threads}` differs from the fixture")

    def test_generate_writes_its_record(self):
        out = topae_cli.generate_circle(self.path("rec.csv"), n=64, seed=1)
        with open(out + ".json") as f:
            record = json.load(f)
        self.assertEqual(record["command"], "generate circle")
        self.assertEqual((record["events"], record["columns"], record["truth"]), (64, ["x", "y", "theta"], ["theta"]))
        self.assertEqual((record["settings"]["seed"], record["settings"]["n"], record["settings"]["radius"]), (1, 64, 1.0))

    def test_default_flags_are_the_fixture_flags(self):
        """--radius 1 and --noise 0 are the defaults the fixture was made with."""
        out = self.path("explicit.csv")
        topae_cli.generate_circle(out, n=64, seed=1, radius=1, noise=0)
        self.assertEqual(read_bytes(out), read_bytes(topae_cli.fixture(GOLDEN)))

    def test_generate_h5_holds_the_fixture_values(self):
        out = topae_cli.generate_circle(self.path("circle_64.h5"), n=64, seed=1)
        _, cols = topae_cli.read_csv(topae_cli.fixture(GOLDEN))
        with h5py.File(out, "r") as f:
            columns = [c.decode() if isinstance(c, bytes) else c for c in f["data"].attrs["columns"]]
            values = f["data"][...]
        self.assertEqual(columns, ["x", "y", "theta"])
        expected = np.column_stack([cols[c] for c in columns])
        np.testing.assert_array_equal(values.view(np.uint64), expected.view(np.uint64))

    def test_other_seed_other_events(self):
        out = topae_cli.generate_circle(self.path("seed2.csv"), n=64, seed=2)
        self.assertNotEqual(read_bytes(out), read_bytes(topae_cli.fixture(GOLDEN)))

    def test_prefix_property(self):
        """Events are keyed by (seed, index): the first 64 of 100 events are the fixture's 64."""
        out = topae_cli.generate_circle(self.path("circle_100.csv"), n=100, seed=1)
        golden = read_bytes(topae_cli.fixture(GOLDEN)).decode().splitlines()
        longer = read_bytes(out).decode().splitlines()
        self.assertEqual(longer[: len(golden)], golden)


class TrainGoldenTest(topae_cli.TempDirTestCase):
    OPTIONS = dict(latent=1, hidden=[8, 8], activation="tanh", epochs=40, batch=16, seed=4, validation=0.25)

    def train(self, name, **overrides):
        options = dict(self.OPTIONS)
        options.update(overrides)
        path = self.path(name)
        topae_cli.train(topae_cli.fixture(GOLDEN), path, **options)
        return path

    def assert_same_model(self, a, b):
        ja, jb = topae_cli.load_model(a), topae_cli.load_model(b)
        self.assertEqual(without_volatile(ja), without_volatile(jb))
        la, lb = stable_lines(a), stable_lines(b)
        self.assertEqual(len(la), len(lb))
        for i, (x, y) in enumerate(zip(la, lb)):
            self.assertEqual(x, y, f"model files differ at stable line {i + 1}")

    def test_train_twice_identical_one_thread(self):
        a = self.train("a.json", threads=1)
        b = self.train("b.json", threads=1)
        self.assert_same_model(a, b)
        # The filter removed only what it should: the volatile fields were there, the results are kept.
        t = topae_cli.load_model(a)["training"]
        self.assertIn("train_seconds", t)
        self.assertIn("final_train_loss", t)
        self.assertEqual(t["epochs_run"], self.OPTIONS["epochs"])

    def test_train_twice_identical_two_threads(self):
        a = self.train("a2.json", threads=2)
        b = self.train("b2.json", threads=2)
        self.assert_same_model(a, b)

    def test_seed_changes_the_model(self):
        a = self.train("s4.json", threads=1)
        b = self.train("s5.json", threads=1, seed=5)
        self.assertNotEqual(topae_cli.load_model(a)["encoder"], topae_cli.load_model(b)["encoder"])

    def test_training_learns_the_circle(self):
        """Not a golden value, a law: 40 epochs reduce the loss."""
        losses = topae_cli.load_model(self.train("l.json", threads=1))["training"]["loss_history"]["train"]
        self.assertEqual(len(losses), self.OPTIONS["epochs"])
        self.assertLess(losses[-1], losses[0])

    def test_score_is_reproducible_and_thread_independent(self):
        model = self.train("m.json", threads=1)
        data = topae_cli.generate_circle(self.path("d.csv"), n=3000, seed=8, noise=0.1)
        s1 = topae_cli.score(model, data, self.path("s1.csv"), threads=1)
        s1b = topae_cli.score(model, data, self.path("s1b.csv"), threads=1)
        s2 = topae_cli.score(model, data, self.path("s2.csv"), threads=2)
        golden_scores = topae_cli.score(model, topae_cli.fixture(GOLDEN), self.path("g.csv"))
        self.assertEqual(read_bytes(s1), read_bytes(s1b))
        self.assertEqual(read_bytes(s1), read_bytes(s2), "scores do not depend on the thread count")
        truth, cols = topae_cli.read_csv(golden_scores)
        self.assertEqual(truth, ["theta"])
        self.assertEqual(list(cols), ["error", "distance", "z_1", "rec_x", "rec_y", "theta"])


if __name__ == "__main__":
    unittest.main()
