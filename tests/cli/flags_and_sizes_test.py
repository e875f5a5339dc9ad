"""Flags and sizes that used to be trusted, and messages that blamed the wrong thing.

- Integer flags are decimal integers: --seed -1 no longer wraps to 2^64-1, --checkpoint-every -1
  no longer means "none"; the largest seed, 2^64-1, is accepted.
- Sizes asked for by flags are checked before anything is allocated: each ends in exit 2 with one
  line naming the flag, quickly, instead of std::bad_alloc or a runaway process.
- A model whose weights overflow is blamed, not the scores file; --noise 1e308 is blamed, not
  the output.
- Control characters and NUL bytes from input files are escaped in messages.
"""

import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

TRAIN = ["--epochs", "2", "--latent", "1", "--hidden", "8", "--quiet"]


class Case(topae_cli.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.data = topae_cli.generate_circle(self.path("circle.csv"), n=200)
        self.out = self.path("out")
        os.mkdir(self.out)

    def assert_bad(self, args, names, problem, seconds=30):
        """Exit 2 within `seconds`, one stderr line 'topae: error: ...' naming `names`, matching
        `problem`, and nothing written to the output folder."""
        start = time.monotonic()
        proc = topae_cli.run(*args, check=False, timeout=seconds)
        elapsed = time.monotonic() - start
        context = f"\n  topae {' '.join(map(str, args))}"
        line = topae_cli.assert_error_line(self, proc, names, problem, context)
        self.assertEqual(os.listdir(self.out), [], "nothing written" + context)
        self.assertLess(elapsed, seconds, context)
        return line


class IntegerFlags(Case):
    def test_negative_and_out_of_range_seeds_are_refused(self):
        out = os.path.join(self.out, "m.json")
        for seed in ("-1", "18446744073709551616", "1e3", "0x10", "1.5", " 7"):
            self.assert_bad(["train", self.data, *TRAIN, "--seed", seed, "-o", out], ["--seed", seed.strip()], "seed")
            self.assert_bad(["generate", "circle", "--seed", seed, "-o", os.path.join(self.out, "c.csv")], ["--seed"],
                            "seed")
        self.assert_bad(["experiment", "circle", "--seed", "-1", "-o", self.out], ["--seed"], "seed")
        self.assert_bad(["generate", "phase-space", "--seed", "-5", "-o", os.path.join(self.out, "p.csv")], ["--seed"],
                        "seed")

    def test_the_largest_seed_is_taken_exactly(self):
        model = topae_cli.train(self.data, self.path("m.json"), epochs=1, latent=1, hidden=8, seed=2**64 - 1)
        self.assertEqual(model["training"]["seed"], 2**64 - 1)

    def test_negative_counts_are_refused(self):
        out = os.path.join(self.out, "m.json")
        self.assert_bad(["train", self.data, *TRAIN, "--checkpoint", os.path.join(self.out, "ck.json"),
                         "--checkpoint-every", "-1", "-o", out], ["--checkpoint-every", "-1"], "count")
        self.assert_bad(["train", self.data, *TRAIN, "--epochs", "-3", "-o", out], ["--epochs"], "count")
        self.assert_bad(["generate", "circle", "--n", "-10", "-o", os.path.join(self.out, "c.csv")], ["--n"], "count")


class Sizes(Case):
    def test_network_sizes(self):
        out = os.path.join(self.out, "m.json")
        self.assert_bad(["train", self.data, "--epochs", "2", "--latent", "1000000000", "-o", out],
                        ["--latent", "1000000000"], "must lie in")
        self.assert_bad(["train", self.data, "--epochs", "2", "--hidden", "2000000000", "-o", out],
                        ["--hidden", "2000000000"], "must lie in")
        # Used to run for ever.
        self.assert_bad(["train", self.data, "--epochs", "2", "--hidden", "100000000", "-o", out],
                        ["--hidden", "100000000"], "must lie in")
        self.assert_bad(["train", self.data, "--epochs", "2", "--hidden", "1000000,1000000", "-o", out],
                        ["parameters"], "more than")

    def test_generated_events_beyond_the_disk(self):
        # Generators stream to the file, so memory does not bound --n; the disk does.
        self.assert_bad(["generate", "circle", "--n", "1000000000000", "-o", os.path.join(self.out, "c.csv")],
                        ["c.csv", "1000000000000 x 3"], "GiB of disk, more than the")
        self.assert_bad(["generate", "phase-space", "--n", "100000000000000", "-o",
                         os.path.join(self.out, "p.h5")], ["p.h5", "100000000000000 x 15"], "GiB of disk, more than the")

    def test_bump_hunt_bins(self):
        scores = topae_cli.write_csv(self.path("s.csv"), {"m": [float(i) for i in range(100)],
                                                          "error": [float(i % 7) for i in range(100)]})
        self.assert_bad(["bumphunt", scores, "--mass", "m", "--score", "error", "--bins", "2000000000", "-o", self.out],
                        ["--bins", "2000000000"], "at most")


class Blame(Case):
    def test_a_model_that_overflows_is_blamed_not_the_scores_file(self):
        model_path = self.path("m.json")
        model = topae_cli.train(self.data, model_path, epochs=1, latent=1, hidden=8)
        for layer in model["decoder"]:
            if "weight" in layer:
                layer["weight"] = [[3e38] * len(row) for row in layer["weight"]]
        topae_cli.save_model(model, model_path)
        line = self.assert_bad(["score", model_path, self.data, "-o", os.path.join(self.out, "s.csv")],
                               ["m.json", "circle.csv"], "not finite")
        self.assertNotIn("s.csv", line.replace("circle.csv", ""))

    def test_huge_noise_is_blamed_not_the_output(self):
        line = self.assert_bad(["generate", "circle", "--n", "100", "--noise", "1e308", "-o",
                                os.path.join(self.out, "c.csv")], ["--noise"], "not finite|overflow")
        self.assertNotIn("c.csv", line)


class Escaping(Case):
    def train_error(self, name, content):
        """The one-line error of training on a CSV file holding `content`."""
        path = self.path(name)
        with open(path, "wb") as f:
            f.write(content)
        proc = topae_cli.run("train", path, *TRAIN, "-o", os.path.join(self.out, "m.json"), check=False)
        return topae_cli.assert_error_line(self, proc, [name])

    def test_control_characters_and_nul_from_a_csv_are_escaped(self):
        line = self.train_error("evil.csv", b"x,y\n1,\x1b]0;pwned\x07\x1b[2J\n")
        self.assertNotIn("\x1b", line)
        self.assertNotIn("\x07", line)
        self.assertIn("\\x1b", line)

        line = self.train_error("nul.csv", b"x,y\n1,ab\x00cd-after-the-nul\n")
        self.assertNotIn("\x00", line)
        self.assertIn("\\x00", line)
        self.assertIn("after-the-nul", line, "the message was cut at the NUL")

    def test_a_column_name_with_escapes_in_a_model_file(self):
        model_path = self.path("m.json")
        model = topae_cli.train(self.data, model_path, epochs=1, latent=1, hidden=8)
        model["columns"] = ["x\u001b[31m", "y"]
        topae_cli.save_model(model, model_path)
        proc = topae_cli.run("score", model_path, self.data, "-o", os.path.join(self.out, "s.csv"), check=False)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertNotIn("\x1b", proc.stderr)
        self.assertIn("\\x1b[31m", proc.stderr)


if __name__ == "__main__":
    unittest.main()
