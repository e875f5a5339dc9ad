"""Outputs that never destroy anything, through the CLI.

- A device, FIFO or folder at the output path is never replaced: a character device the user
  named is written directly, the others are refused with exit 2.
- The temporary file has no predictable name: a symlink planted at the old name
  (TARGET.tmp.<pid>) is not written through.
- An output that is one of the command's inputs (any spelling: the same path, a hard link, a
  symlink), including a figure's data file beside the main output, is refused with exit 2
  before anything is written, and the input keeps its bytes.
- Ctrl-C (SIGINT) or SIGTERM during training stops it with exit 128 + signal and leaves no
  temporary file; kill -9 during checkpoint writes leaves none either.
"""

import os
import signal
import stat
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

TRAIN = ["--epochs", "2", "--latent", "1", "--hidden", "8", "--quiet", "--threads", "1"]


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class OutputSafetyCase(topae_cli.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.data = topae_cli.generate_circle(self.path("circle.csv"), n=200)
        os.remove(self.data + ".json")  # the generation record: keep the folder to what a test makes

    def assert_refused(self, args, names, problem, untouched):
        """Exit 2, one stderr line naming `names` and matching `problem`, files in `untouched` unchanged."""
        before = {p: read_bytes(p) for p in untouched}
        proc = topae_cli.run(*args, check=False)
        context = f"\n  topae {' '.join(map(str, args))}"
        topae_cli.assert_error_line(self, proc, names, problem, context)
        for p, content in before.items():
            self.assertEqual(read_bytes(p), content, f"{p} untouched" + context)
        return proc

    def leftovers(self, folder=None):
        """Names in the folder that look like temporary files of any writer, old or new."""
        return [n for n in os.listdir(folder or self.tmp) if ".tmp." in n or ".topae-" in n]


class DevicesAndSpecialFiles(OutputSafetyCase):
    def test_dev_null_is_written_and_stays_a_device(self):
        topae_cli.run("train", self.data, *TRAIN, "-o", "/dev/null")
        self.assertTrue(stat.S_ISCHR(os.stat("/dev/null").st_mode))

    @unittest.skipUnless(os.path.exists("/dev/full"), "no /dev/full")
    def test_dev_full_fails_naming_it_and_stays_a_device(self):
        proc = topae_cli.run("train", self.data, *TRAIN, "-o", "/dev/full", check=False)
        self.assertNotEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("/dev/full", proc.stderr)
        self.assertRegex(proc.stderr, "No space left")
        self.assertTrue(stat.S_ISCHR(os.stat("/dev/full").st_mode), "/dev/full was replaced")

    def test_fifo_is_refused_and_stays_a_fifo(self):
        fifo = self.path("model.json")
        os.mkfifo(fifo)
        self.assert_refused(["train", self.data, *TRAIN, "-o", fifo], [fifo], "FIFO", [self.data])
        self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode))
        self.assertEqual(self.leftovers(), [])

    def test_folder_is_refused(self):
        os.mkdir(self.path("model.json"))
        self.assert_refused(["train", self.data, *TRAIN, "-o", self.path("model.json")], ["model.json"], "folder",
                            [self.data])

    def test_roc_to_a_device_writes_no_figures_beside_it(self):
        scores = topae_cli.write_csv(self.path("s.csv"), {"error": [0.1, 0.9, 0.2, 0.8], "label": [0, 1, 0, 1]})
        before = set(os.listdir("/dev"))
        topae_cli.run("roc", scores, "--score", "error", "-o", "/dev/null", "--quiet")
        self.assertEqual(set(os.listdir("/dev")) - before, set(), "files written into /dev")
        self.assertTrue(stat.S_ISCHR(os.stat("/dev/null").st_mode))


class PlantedSymlink(OutputSafetyCase):
    def test_a_symlink_at_the_old_temporary_name_is_not_followed(self):
        victim = self.path("victim.txt")
        with open(victim, "w") as f:
            f.write("precious\n")
        target = self.path("model.json")
        # Plant the link at TARGET.tmp.<pid> of the very process that will run topae: fork, let
        # the parent plant it, then exec (the pid survives exec).
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(ready_w)
            os.read(ready_r, 1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.execv(topae_cli.topae_path(), [topae_cli.topae_path(), "train", self.data, *TRAIN, "-o", target])
        os.close(ready_r)
        os.symlink(victim, f"{target}.tmp.{pid}")
        os.write(ready_w, b"x")
        os.close(ready_w)
        _, status = os.waitpid(pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0)
        self.assertEqual(read_bytes(victim), b"precious\n", "the symlink's target was overwritten")
        self.assertFalse(os.path.islink(target), "the output is a symlink")
        self.assertEqual(topae_cli.load_model(target)["format"], "topae-model")


class OutputIsAnInput(OutputSafetyCase):
    def test_train_onto_its_data(self):
        self.assert_refused(["train", self.data, *TRAIN, "-o", self.data], ["circle.csv"], "input", [self.data])

    def test_train_onto_a_hard_link_or_symlink_of_its_data(self):
        os.link(self.data, self.path("hard.csv"))
        os.symlink(self.data, self.path("soft.csv"))
        for other in ("hard.csv", "soft.csv"):
            self.assert_refused(["train", self.data, *TRAIN, "-o", self.path(other)], [other], "input", [self.data])

    def test_train_checkpoint_onto_its_data(self):
        self.assert_refused(["train", self.data, *TRAIN, "--checkpoint", self.data, "--checkpoint-every", "1", "-o",
                             self.path("m.json")], ["circle.csv"], "input", [self.data])
        self.assertFalse(os.path.exists(self.path("m.json")))

    def test_score_onto_its_data_or_its_model(self):
        model = self.path("m.json")
        topae_cli.run("train", self.data, *TRAIN, "-o", model)
        self.assert_refused(["score", model, self.data, "-o", self.data], ["circle.csv"], "input", [self.data, model])
        self.assert_refused(["score", model, self.data, "-o", model], ["m.json"], "input", [self.data, model])

    def test_roc_onto_its_scores_and_onto_a_figure_file_that_is_its_scores(self):
        scores = topae_cli.write_csv(self.path("s.csv"), {"error": [0.1, 0.9, 0.2, 0.8], "label": [0, 1, 0, 1]})
        self.assert_refused(["roc", scores, "--score", "error", "-o", scores], ["s.csv"], "input", [scores])
        os.mkdir(self.path("dir"))
        data_file = topae_cli.write_csv(self.path("dir", "roc_rejection.csv"),
                                        {"error": [0.1, 0.9, 0.2, 0.8], "label": [0, 1, 0, 1]})
        self.assert_refused(["roc", data_file, "--score", "error", "-o", self.path("dir", "roc.json")],
                            ["roc_rejection.csv"], "input", [data_file])
        self.assertEqual(sorted(os.listdir(self.path("dir"))), ["roc_rejection.csv"], "nothing else written")

    def test_bumphunt_onto_a_figure_file_that_is_its_input(self):
        os.mkdir(self.path("dir"))
        mass = [100.0 + 3.0 * i for i in range(200)]
        scores = topae_cli.write_csv(self.path("dir", "mass_none.csv"), {"m": mass, "error": mass})
        self.assert_refused(["bumphunt", scores, "--mass", "m", "--score", "error", "--pseudo", "10", "--bins", "10",
                             "-o", self.path("dir")], ["mass_none.csv"], "input", [scores])
        self.assertEqual(sorted(os.listdir(self.path("dir"))), ["mass_none.csv"], "nothing else written")


class Signals(OutputSafetyCase):
    def start_long_training(self, folder):
        """A training that checkpoints every epoch and runs for minutes unless stopped; most of its
        time goes into writing the checkpoint (a wide network, one batch per epoch)."""
        os.mkdir(folder)
        cmd = [topae_cli.topae_path(), "train", self.data, "--epochs", "1000000", "--latent", "1", "--hidden", "256,256",
               "--batch", "1000", "--checkpoint", os.path.join(folder, "ck.json"), "--checkpoint-every", "1", "--quiet",
               "-o", os.path.join(folder, "model.json")]
        # As from a terminal: a runner that ignores SIGINT would pass that on, and topae keeps
        # an ignored signal ignored.
        def default_signals():
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)

        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                preexec_fn=default_signals)
        deadline = time.time() + 60
        while not os.path.exists(os.path.join(folder, "ck.json")):
            self.assertIsNone(proc.poll(), "training ended early")
            self.assertLess(time.time(), deadline, "no checkpoint within a minute")
            time.sleep(0.01)
        return proc

    def test_sigint_and_sigterm_stop_cleanly(self):
        for sig, name in ((signal.SIGINT, "SIGINT"), (signal.SIGTERM, "SIGTERM")):
            folder = self.path(name)
            proc = self.start_long_training(folder)
            time.sleep(0.2)
            proc.send_signal(sig)
            _, err = proc.communicate(timeout=60)
            self.assertEqual(proc.returncode, 128 + sig, err)
            self.assertIn(name, err)
            self.assertEqual(sorted(os.listdir(folder)), ["ck.json"], "only the last whole checkpoint is left")
            self.assertEqual(topae_cli.load_model(os.path.join(folder, "ck.json"))["format"], "topae-model")

    def test_kill_9_during_checkpoint_writes_leaves_no_temporary_file(self):
        # Kill the moment a temporary file shows in the folder (the old writer's CK.tmp.<pid>
        # showed during every write), or after two seconds if none ever does: a temporary file
        # now has no name until its last two system calls, and one left by a kill between
        # those is removed by the next write of the same file.
        folder = self.path("killed")
        for attempt in range(3):
            proc = self.start_long_training(folder)
            deadline = time.time() + 2
            while time.time() < deadline and not self.leftovers(folder):
                pass
            proc.kill()
            proc.communicate(timeout=60)
            topae_cli.load_model(os.path.join(folder, "ck.json"))  # whole, valid JSON
            topae_cli.run("train", self.data, "--epochs", "1", "--latent", "1", "--hidden", "8", "--quiet",
                          "--checkpoint", os.path.join(folder, "ck.json"), "--checkpoint-every", "1",
                          "-o", os.path.join(folder, "model.json"))
            self.assertEqual(sorted(os.listdir(folder)), ["ck.json", "model.json"], f"attempt {attempt}")
            for name in os.listdir(folder):
                os.remove(os.path.join(folder, name))
            os.rmdir(folder)


if __name__ == "__main__":
    unittest.main()
