"""Shared helpers for the Python tests under tests/**/*_test.py.

CTest runs each script with Debian's /usr/bin/python3 and these environment variables:

  TOPAE            path of the built `topae` CLI
  TOPAE_TEST_DATA  the fixtures folder (tests/fixtures)
  OMP_NUM_THREADS  1

Import from a test script with

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
    import topae_cli
"""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))


def topae_path():
    """The CLI under test: $TOPAE (set by CTest)."""
    path = os.environ.get("TOPAE")
    if not path:
        raise RuntimeError("set TOPAE to the built topae executable (CTest does this)")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"TOPAE={path} is not an executable file")
    return path


def fixtures_dir():
    """The fixtures folder: $TOPAE_TEST_DATA, else tests/fixtures beside this file."""
    return os.environ.get("TOPAE_TEST_DATA") or os.path.join(REPO, "tests", "fixtures")


def fixture(name):
    return os.path.join(fixtures_dir(), name)


class CliError(AssertionError):
    pass


def run(*args, check=True, timeout=120, cwd=None):
    """Runs `topae args...` and returns the CompletedProcess (text mode).

    With check=True a non-zero exit raises CliError quoting the command and its stderr.
    """
    cmd = [topae_path()] + [str(a) for a in args]
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout, cwd=cwd,
                          env=env)
    if check and proc.returncode != 0:
        raise CliError(f"{' '.join(cmd)} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


def flags(**options):
    """Turns keyword arguments into CLI flags: epochs=3 -> --epochs 3, weight_decay -> --weight-decay,
    lists -> comma-joined, True -> bare flag, None/False -> left out."""
    out = []
    for key, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + key.replace("_", "-")
        if value is True:
            out.append(flag)
        elif isinstance(value, (list, tuple)):
            out += [flag, ",".join(str(v) for v in value)]
        else:
            out += [flag, str(value)]
    return out


def generate_circle(path, n=1000, seed=1, **options):
    """topae generate circle --n N --seed S [--radius R --noise S ...] -o path."""
    run("generate", "circle", *flags(n=n, seed=seed, quiet=True, **options), "-o", path)
    return path


def train(data, model, **options):
    """topae train DATA -o MODEL with --quiet and --threads 1 unless given; returns the model JSON."""
    options.setdefault("quiet", True)
    options.setdefault("threads", 1)
    run("train", data, *flags(**options), "-o", model)
    return load_model(model)


def score(model, data, out, **options):
    """topae score MODEL DATA -o OUT; returns the path of OUT."""
    options.setdefault("quiet", True)
    options.setdefault("threads", 1)
    run("score", model, data, *flags(**options), "-o", out)
    return out


def load_model(path):
    with open(path) as f:
        return json.load(f)


# Fields of a model's "training" record that measure time, not the result.
VOLATILE_KEYS = {"train_seconds", "samples_per_second", "seconds"}


def without_volatile(node):
    """The JSON value with every volatile timing field removed, recursively."""
    if isinstance(node, dict):
        return {k: without_volatile(v) for k, v in node.items() if k not in VOLATILE_KEYS}
    if isinstance(node, list):
        return [without_volatile(v) for v in node]
    return node


def save_model(model, path):
    with open(path, "w") as f:
        json.dump(model, f)
    return path


def read_csv(path):
    """Reads a topae CSV with the standard library only (float() reads each value exactly).

    Returns (truth, columns) where truth is the list of truth names from `# truth:` and
    columns is a dict name -> list of float (label: list of int), in header order.
    """
    truth = []
    with open(path, newline="") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
        key, _, names = lines[i].strip()[1:].partition(":")
        if lines[i].strip() and key.strip() == "truth":
            truth = [n.strip() for n in names.split(",") if n.strip()]
        i += 1
    header = [h.strip() for h in lines[i].split(",")]
    columns = {h: [] for h in header}
    for line in lines[i + 1:]:
        if not line.strip():
            continue
        fields = line.split(",")
        if len(fields) != len(header):
            raise ValueError(f"{path}: ragged row {line!r}")
        for h, v in zip(header, fields):
            columns[h].append(int(v) if h == "label" else float(v))
    return truth, columns


def write_csv(path, columns, truth=None):
    """Writes dict name -> sequence as a topae CSV, every float as repr() (exact)."""
    names = list(columns)
    n = len(columns[names[0]])
    with open(path, "w") as f:
        if truth:
            f.write("# truth: " + ",".join(truth) + "\n")
        f.write(",".join(names) + "\n")
        for i in range(n):
            f.write(",".join(repr(int(columns[c][i])) if c == "label" else repr(float(columns[c][i]))
                             for c in names) + "\n")
    return path


def assert_error_line(test, proc, names=(), problem=None, context=""):
    """Asserts that `proc` exited 2 with exactly one stderr line 'topae: error: ...' holding every
    string in `names` and matching the regex `problem`; returns that line."""
    context = f"{context}\n  exit {proc.returncode}\n  stderr: {proc.stderr!r}"
    test.assertEqual(proc.returncode, 2, "exit code" + context)
    lines = proc.stderr.splitlines()
    test.assertEqual(len(lines), 1, "one line on stderr" + context)
    test.assertTrue(lines[0].startswith("topae: error: "), "starts with 'topae: error: '" + context)
    for name in names:
        test.assertIn(str(name), lines[0], f"the message names {name!r}" + context)
    if problem:
        test.assertRegex(lines[0], problem, "the message says what is wrong" + context)
    return lines[0]


class TempDirTestCase(unittest.TestCase):
    """A TestCase with a fresh temporary folder self.tmp, removed afterwards."""

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="topae-test-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)
