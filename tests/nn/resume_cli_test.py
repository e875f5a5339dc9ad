"""Resumable training through the CLI.

A 200-epoch training killed with SIGKILL three times (at three different epochs, each run
resuming the checkpoint the one before left) and resumed with --resume ends in a model file
byte-identical to the uninterrupted run's, apart from the timing fields. A checkpoint of a
finished run resumes to the same model (and extends, where that is consistent); checkpoints
that contradict the data or the flags, and files that are no checkpoint, exit 2 with one line
naming the file and the setting.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

# A stateful run: AdamW's moments, the plateau schedule's count and rate, early stopping's best
# weights (a patience longer than the run: the best weights are kept and restored at the end).
FLAGS = dict(latent=1, hidden=[16, 16], epochs=200, batch=64, optimizer="adamw", lr=0.005,
             schedule="plateau", plateau_patience=3, plateau_factor=0.5, early_stopping=1000,
             validation=0.2, seed=3, threads=1, quiet=True)
TIMING = re.compile(r'^\s*"(train_seconds|samples_per_second)": .*\n', re.MULTILINE)


def without_timing(path):
    with open(path) as f:
        return TIMING.sub("", f.read())


def first_difference(a, b):
    """'' when the texts are equal, else their first differing line (difflib is slow on models)."""
    if a == b:
        return ""
    for i, (x, y) in enumerate(zip(a.splitlines(), b.splitlines())):
        if x != y:
            return f"line {i + 1}: {x.strip()[:120]!r} != {y.strip()[:120]!r}"
    return f"one text is a prefix of the other ({len(a)} and {len(b)} characters)"


def checkpoint_epoch(path):
    """The epoch of the checkpoint at `path`, 0 while there is none (it is replaced atomically)."""
    try:
        with open(path) as f:
            return json.load(f)["checkpoint"]["epoch"]
    except (FileNotFoundError, json.JSONDecodeError, KeyError):
        return 0


class ResumeCase(topae_cli.TempDirTestCase):
    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.shared = tempfile.mkdtemp(prefix="topae-resume-")
        cls.data = topae_cli.generate_circle(os.path.join(cls.shared, "circle.csv"), n=3000, seed=1, noise=0.05)
        cls.full = os.path.join(cls.shared, "full.json")
        start = time.monotonic()
        topae_cli.train(cls.data, cls.full, **FLAGS)
        cls.full_seconds = time.monotonic() - start

    @classmethod
    def tearDownClass(cls):
        import shutil
        shutil.rmtree(cls.shared, ignore_errors=True)

    def train_command(self, output, *extra, **overrides):
        options = dict(FLAGS, **overrides)
        return [topae_cli.topae_path(), "train", self.data, *topae_cli.flags(**options), *extra, "-o", output]

    def kill_at(self, command, checkpoint, epoch):
        """Runs command, SIGKILLs it once `checkpoint` holds `epoch` or more; returns the
        checkpoint's epoch after the kill."""
        env = dict(os.environ, OMP_NUM_THREADS="1")
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        try:
            deadline = time.monotonic() + 120
            while checkpoint_epoch(checkpoint) < epoch and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            proc.send_signal(signal.SIGKILL)
        finally:
            _, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, -signal.SIGKILL,
                         f"the run ended before it was killed at epoch {epoch}: {err.decode()!r}")
        return checkpoint_epoch(checkpoint)

    def assert_exit_2(self, args, *names, problem=None):
        return topae_cli.assert_error_line(self, topae_cli.run(*args, check=False), names, problem)


class KilledAndResumed(ResumeCase):
    def test_three_kills_and_resumes_give_the_uninterrupted_model(self):
        ck = self.path("ck.json")
        out = self.path("model.json")
        checkpointing = ["--checkpoint", ck, "--checkpoint-every", "1"]
        reached = []
        for i, target in enumerate((30, 90, 150)):
            resume = ["--resume", ck] if i > 0 else []
            reached.append(self.kill_at(self.train_command(out, *checkpointing, *resume), ck, target))
            self.assertFalse(os.path.exists(out), "a killed run wrote no model")
        # Three different epochs, each short of the end: the kills landed in the middle of runs.
        print(f"killed at epochs {reached}; the uninterrupted run took {self.full_seconds:.2f} s", file=sys.stderr)
        self.assertEqual(len(set(reached)), 3, reached)
        self.assertTrue(all(0 < e < 200 for e in reached), reached)
        self.assertEqual(reached, sorted(reached))
        proc = topae_cli.run("train", self.data, *topae_cli.flags(**dict(FLAGS, quiet=False)), *checkpointing,
                             "--resume", ck, "-o", out)
        self.assertIn(f"resumed {ck} at epoch {reached[-1]}", proc.stdout)
        self.assertEqual(first_difference(without_timing(out), without_timing(self.full)), "")
        # The control: the timing fields are all that was removed, and they are there.
        with open(out) as f:
            self.assertEqual(len(TIMING.findall(f.read())), 2)

        # The last checkpoint is the finished run's: a model that `topae score` reads, and a
        # resume from it trains nothing and writes the same model again.
        self.assertEqual(checkpoint_epoch(ck), 200)
        topae_cli.score(ck, self.data, self.path("scores.csv"))
        again = self.path("again.json")
        topae_cli.run(*self.train_command(again, "--resume", ck)[1:])
        self.assertEqual(first_difference(without_timing(again), without_timing(self.full)), "")

        # Checkpoints that contradict the flags or the data.
        flag_cases = [
            (dict(lr=0.01), "'optimizer.lr' is 0.01"),
            (dict(hidden=[8, 8]), "'hidden'"),
            (dict(seed=4), "'seed'"),
            (dict(threads=2), "'threads'"),
            (dict(plateau_patience=4), "'schedule.patience'"),
            (dict(epochs=100), "already run 200 epochs"),
        ]
        for overrides, problem in flag_cases:
            with self.subTest(overrides=overrides):
                self.assert_exit_2(self.train_command(self.path("x.json"), "--resume", ck, **overrides)[1:], ck,
                                   problem=re.escape(problem))
        self.assert_exit_2(self.train_command(self.path("x.json"), "--resume", ck, "--columns", "y,x")[1:], ck,
                           problem="columns x,y, not y,x")
        other = topae_cli.generate_circle(self.path("other.csv"), n=3000, seed=2, noise=0.05)
        args = self.train_command(self.path("x.json"), "--resume", ck)[1:]
        args[1] = other
        self.assert_exit_2(args, ck, problem="other data: fingerprint fnv1a64:[0-9a-f]{16}")
        self.assertFalse(os.path.exists(self.path("x.json")))

    def test_a_kill_at_any_moment_resumes_to_the_same_model(self):
        # Killed after a fraction of the uninterrupted run's time, wherever that falls (in an
        # epoch, in a checkpoint's write), then resumed.
        ck = self.path("ck.json")
        out = self.path("model.json")
        command = self.train_command(out, "--checkpoint", ck, "--checkpoint-every", "1")
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=dict(os.environ, OMP_NUM_THREADS="1"))
        deadline = time.monotonic() + 120
        while checkpoint_epoch(ck) < 1 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(0.3 * self.full_seconds)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        self.assertEqual(proc.returncode, -signal.SIGKILL, "the run finished before the kill")
        topae_cli.run(*self.train_command(out, "--checkpoint", ck, "--checkpoint-every", "1", "--resume", ck)[1:])
        self.assertEqual(first_difference(without_timing(out), without_timing(self.full)), "")


class FinishedRuns(topae_cli.TempDirTestCase):
    SMALL = dict(latent=1, hidden=[8], batch=16, schedule="step", step_size=5, gamma=0.5, seed=2, quiet=True)

    def run_small(self, output, **options):
        return topae_cli.train(topae_cli.fixture("circle_64.csv"), output, **dict(self.SMALL, **options))

    def test_extending_a_finished_run_is_the_longer_run(self):
        ck = self.path("ck.json")
        self.run_small(self.path("short.json"), epochs=20, checkpoint=ck, checkpoint_every=7)
        # Written at 7, 14 and the last epoch, 20.
        self.assertEqual(checkpoint_epoch(ck), 20)
        self.run_small(self.path("extended.json"), epochs=30, resume=ck)
        self.run_small(self.path("straight.json"), epochs=30)
        self.assertEqual(first_difference(without_timing(self.path("extended.json")),
                                          without_timing(self.path("straight.json"))), "")
        self.assertNotEqual(first_difference(without_timing(self.path("short.json")),
                                             without_timing(self.path("straight.json"))), "")

    def test_cosine_and_early_stopped_runs_cannot_be_extended(self):
        ck = self.path("cosine.json")
        self.run_small(self.path("m.json"), epochs=10, schedule="cosine", checkpoint=ck, checkpoint_every=10)
        args = ["train", topae_cli.fixture("circle_64.csv"),
                *topae_cli.flags(**dict(self.SMALL, epochs=12, schedule="cosine", threads=1)), "--resume", ck,
                "-o", self.path("x.json")]
        proc = topae_cli.run(*args, check=False)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn(ck, proc.stderr)
        self.assertIn("cosine schedule's rates depend on the total", proc.stderr)

        ck = self.path("stopped.json")
        model = self.run_small(self.path("m.json"), epochs=300, lr=0.05, early_stopping=2, checkpoint=ck,
                               checkpoint_every=1000)
        self.assertTrue(model["training"]["stopped_early"], "the run should stop early")
        with open(ck) as f:
            self.assertTrue(json.load(f)["checkpoint"]["stopped_early"])
        proc = topae_cli.run("train", topae_cli.fixture("circle_64.csv"),
                             *topae_cli.flags(**dict(self.SMALL, epochs=400, lr=0.05, early_stopping=2, threads=1)),
                             "--resume", ck, "-o", self.path("x.json"), check=False)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("stopped early", proc.stderr)
        # With the same flags it resumes to the run's model.
        again = self.run_small(self.path("again.json"), epochs=300, lr=0.05, early_stopping=2, resume=ck)
        self.assertEqual(first_difference(without_timing(self.path("again.json")), without_timing(self.path("m.json"))),
                         "")
        self.assertEqual(again["training"]["best_epoch"], model["training"]["best_epoch"])


class BadCheckpoints(topae_cli.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.data = topae_cli.fixture("circle_64.csv")
        self.flags = dict(latent=1, hidden=[8], epochs=6, batch=16, seed=2, quiet=True, threads=1)
        self.ck = self.path("ck.json")
        topae_cli.train(self.data, self.path("m.json"), **self.flags, checkpoint=self.ck, checkpoint_every=3)
        with open(self.ck) as f:
            self.text = f.read()

    def resume(self, path):
        """Resumes from path; a refused checkpoint leaves no output behind."""
        out = self.path("out.json")
        proc = topae_cli.run("train", self.data, *topae_cli.flags(**self.flags), "--resume", path, "-o", out,
                             check=False)
        self.assertEqual(os.path.exists(out), proc.returncode == 0, proc.stderr)
        if proc.returncode == 0:
            os.remove(out)
        return proc

    def assert_refused(self, name, text, problem):
        path = self.path(name)
        with open(path, "w") as f:
            f.write(text)
        proc = self.resume(path)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        lines = proc.stderr.splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertTrue(lines[0].startswith(f"topae: error: {path}: "), lines[0])
        self.assertRegex(lines[0], problem)

    def edited(self, edit):
        j = json.loads(self.text)
        edit(j)
        return json.dumps(j)

    def test_bad_files_exit_2_naming_the_file(self):
        self.assertEqual(self.resume(self.ck).returncode, 0)  # the good one resumes
        proc = self.resume(self.path("missing.json"))
        self.assertEqual(proc.returncode, 2)
        self.assertIn("missing.json: cannot open checkpoint", proc.stderr)
        self.assert_refused("model.json", self.edited(lambda j: j.pop("checkpoint")), "not a checkpoint")
        self.assert_refused("table.json", "[1, 2, 3]\n", "not a topae model")
        self.assert_refused("cut.json", self.text[: len(self.text) * 2 // 3], "not valid JSON")
        self.assert_refused("short_m.json", self.edited(lambda j: j["checkpoint"]["optimizer"]["m"].pop()),
                            r"optimizer state: 'm': \d+ numbers, expected \d+")
        self.assert_refused("epoch.json", self.edited(lambda j: j["checkpoint"].update(epoch=5)),
                            "'history' must list the 5 epochs run")
        self.assert_refused("huge_epoch.json", self.edited(lambda j: j["checkpoint"].update(epoch=10**15)),
                            r"'epoch' is 1000000000000000, not in \[1, 6\]")
        self.assert_refused("steps.json", self.edited(lambda j: j["checkpoint"]["optimizer"].update(steps=2)),
                            "the optimizer has taken 2 steps")
        self.assert_refused("events.json", self.edited(lambda j: j["checkpoint"]["data"].update(n_events=10**12)),
                            "n_events")
        self.assert_refused("weights.json", self.edited(lambda j: j["encoder"][0]["weight"].pop()),
                            "'weight' must be a list of")
        self.assert_refused("format.json", self.edited(lambda j: j["checkpoint"].update(format="other")),
                            "not a checkpoint: 'checkpoint.format' is not \"topae-checkpoint\"")
        self.assert_refused("version.json", self.edited(lambda j: j["checkpoint"].update(version=2)),
                            "unsupported checkpoint version 2")
        self.assert_refused("topae.json", self.edited(lambda j: j["training"].update(topae_version="0.0.1")),
                            "written by topae \"0.0.1\", this is")
        self.assert_refused("activation.json",
                            self.edited(lambda j: j["training"]["autoencoder"].update(activation="swish")),
                            "training record: unknown activation 'swish'")
        self.assert_refused("loss.json", self.edited(lambda j: j["checkpoint"]["history"][0].update(train_loss="x")),
                            "history epoch 1: 'train_loss'")


if __name__ == "__main__":
    unittest.main()
