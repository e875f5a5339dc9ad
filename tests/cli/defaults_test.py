"""Every default `--help` shows is a value its flag accepts.

For every subcommand but `experiment` and `reproduce` (tested with the experiments), this reads the
options with a shown default from `topae SUB --help` (CLI11's `--flag TYPE=value`, or
`TYPE [value]`) and runs the command with that value given explicitly, on a tiny workload, once
per flag: the run must succeed. A default that its own validation refuses (a SIC floor of 0 where
the floor must be positive, a list shown as "[]") fails here. A subcommand that shows defaults but
has no workload below fails too, so new subcommands cannot slip past.
"""

import os
import re
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

EXCLUDED = {"experiment", "reproduce"}  # the experiments' own tests cover them
# "  -o,--output TEXT=x", "  --n,--events INT=10000", "  --hidden INT=64,64 ...", "  --x FLOAT [0.5]"
OPTION = re.compile(r"^\s+(?:-\w,)?(--[\w-]+)(?:,--[\w-]+)*\s+[A-Z]+(?::[A-Z]+)?(?:=(\S+)|\s+\[([^\]]*)\])")


def subcommands(*path):
    """The names under 'Subcommands:' in `topae PATH --help`."""
    text = topae_cli.run(*path, "--help").stdout
    if "Subcommands:" not in text:
        return []
    block = text.split("Subcommands:", 1)[1]
    return re.findall(r"(?m)^  ([a-z][\w-]*)\s", block)


def shown_defaults(*path):
    """[(flag, default)] of `topae PATH --help`, in help order."""
    found = []
    for line in topae_cli.run(*path, "--help").stdout.splitlines():
        m = OPTION.match(line)
        if m:
            found.append((m.group(1), m.group(2) if m.group(2) is not None else m.group(3)))
    return found


class ShownDefaultsAreAccepted(topae_cli.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.runs = 0
        rng = np.random.default_rng(7)
        self.circle = topae_cli.generate_circle(self.path("circle.csv"), n=60, seed=1)
        self.model = self.path("model.json")
        topae_cli.train(self.circle, self.model, latent=1, hidden=4, epochs=1)
        n = 300
        labels = (np.arange(n) % 3 == 0).astype(int)
        self.scores = topae_cli.write_csv(self.path("scores.csv"), {
            "error": rng.random(n) + labels, "distance": rng.random(n), "m": rng.uniform(0, 100, n), "label": labels})
        self.reference = topae_cli.write_csv(self.path("reference.csv"), {
            "error": rng.random(2 * n), "m": rng.uniform(0, 100, 2 * n)})

    def out(self, name):
        self.runs += 1
        return self.path(f"run{self.runs}", name)

    def workload(self, path):
        """(positionals, {flag: value or None for a bare flag}) of a tiny run of `topae PATH`."""
        quiet = {"--quiet": None}
        if path[0] == "generate":
            flags = {"--n": "20", "-o": self.out("g.csv"), **quiet}
            if path[1] == "bump-hunt":
                flags["--resonance"] = "1,2:mass=500,width=5"
            return [], flags
        if path == ("train",):
            return [self.circle], {"--epochs": "1", "--hidden": "4", "--latent": "1", "-o": self.out("m.json"), **quiet}
        if path == ("score",):
            return [self.model, self.circle], {"-o": self.out("s.csv"), **quiet}
        if path == ("roc",):
            return [self.scores], {"-o": self.out("roc.json"), "--no-figures": None, **quiet}
        if path == ("bumphunt",):
            # A reference keeps the pseudo-experiments cheap: no side-band fit per window.
            return [self.scores], {"--mass": "m", "--reference": self.reference, "--bins": "10", "--pseudo": "5",
                                   "-o": self.out("hunt"), "--no-figures": None, **quiet}
        if path == ("audit",):  # more events than the neighbours it looks at
            data = self.path("circle_200.csv")
            if not os.path.exists(data):
                topae_cli.generate_circle(data, n=200, seed=1)
            return [data], {"-o": self.out("audit"), "--no-figures": None, **quiet}
        if path == ("convert",):
            return [self.circle], {"-o": self.out("c.h5"), **quiet}
        if path == ("features",):  # Debian's hepmc3-doc example events (tests/physics/io)
            events = "/usr/share/doc/hepmc3-doc/examples/RootIOExample/example.hepmc3.gz"
            return [events], {"-o": self.out("f.csv"), "--max-events": "5", **quiet}
        if path == ("seams",):
            return [self.model, self.circle], {"-o": self.out("seams"), "--no-figures": None, **quiet}
        return None

    def run_with(self, path, flag, value):
        positionals, flags = self.workload(path)
        flags[flag] = value  # the default replaces the workload's own value of that flag
        args = list(path) + list(positionals)
        for name, v in flags.items():
            args += [name] if v is None else [name, v]
        return topae_cli.run(*args, check=False, timeout=300), args

    def test_every_shown_default_passes_its_own_validation(self):
        paths = []
        for sub in subcommands():
            if sub in EXCLUDED:
                continue
            nested = subcommands(sub)
            paths += [(sub, n) for n in nested] if nested else [(sub,)]
        self.assertIn(("generate", "phase-space"), paths)
        self.assertIn(("roc",), paths)
        checked = set()
        for path in paths:
            defaults = [(f, v) for f, v in shown_defaults(*path) if f != "--help"]
            if not defaults:
                continue
            self.assertIsNotNone(self.workload(path), f"`topae {' '.join(path)}` shows defaults: give it a workload")
            for flag, value in defaults:
                with self.subTest(command=" ".join(path), flag=flag, default=value):
                    proc, args = self.run_with(path, flag, value)
                    self.assertEqual(proc.returncode, 0,
                                     f"`topae {' '.join(map(str, args))}` refused its shown default:\n{proc.stderr}")
                    checked.add((path[0] if path[0] != "generate" else "generate", flag))
        # The help was really read: the flags this test was written for are among those checked.
        for expected in [("generate", "--n"), ("generate", "--seed"), ("train", "--hidden"), ("train", "--epochs"),
                         ("roc", "--sic-min-eff-b"), ("bumphunt", "--cut-quantiles"), ("score", "--threads")]:
            self.assertIn(expected, checked)
        self.assertGreater(len(checked), 40)

    def test_the_parser_reads_clis_help_formats(self):
        self.assertEqual(OPTION.match("  --n,--events INT=10000      Number").groups()[:2], ("--n", "10000"))
        self.assertEqual(OPTION.match("  --hidden INT=64,64 ...      Widths").groups()[:2], ("--hidden", "64,64"))
        self.assertEqual(OPTION.match("  --x FLOAT [0.5]  x").group(3), "0.5")
        self.assertIsNone(OPTION.match("  --masses TEXT               Comma-separated masses"))
        self.assertIsNone(OPTION.match("  -o,--output TEXT REQUIRED   Output file"))


if __name__ == "__main__":
    unittest.main()
