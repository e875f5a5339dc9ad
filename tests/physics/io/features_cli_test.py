"""`topae features` on bad input: exit 2, one line on stderr naming the file and the place (the
line, the event) or the flag and the value, and nothing written or left in the output's folder.

The damaged files are cut or corrupted copies of Debian's hepmc3-doc examples (Pythia 8,
HepMC3 ASCII; MadGraph5_aMC@NLO, LHE), made here.
"""

import gzip
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "pylib"))
import topae_cli  # noqa: E402

HEPMC3 = "/usr/share/doc/hepmc3-doc/examples/RootIOExample/example.hepmc3.gz"
LHE = "/usr/share/doc/hepmc3-doc/examples/LHEFExample/LHEF_example.lhe.gz"


class FeaturesBadInput(topae_cli.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.out = self.path("out")
        os.mkdir(self.out)
        with gzip.open(HEPMC3, "rt") as f:
            self.hepmc3 = f.read()
        with gzip.open(LHE, "rt") as f:
            self.lhe = re.sub(r"<eventfiles>.*?</eventfiles>\s*\n", "", f.read(), flags=re.S)

    def write(self, name, text, compress=False):
        path = self.path(name)
        with (gzip.open(path, "wt") if compress else open(path, "w")) as f:
            f.write(text)
        return path

    def assert_bad(self, args, names=(), problem=None, output="table.h5"):
        """Runs `topae features ARGS -o out/OUTPUT`: exit 2, one stderr line with every name and
        the problem, and the output folder empty afterwards."""
        proc = topae_cli.run("features", *args, "-o", os.path.join(self.out, output), check=False)
        line = topae_cli.assert_error_line(self, proc, names=names, problem=problem,
                                           context=f"\n  topae features {' '.join(map(str, args))}")
        self.assertEqual(os.listdir(self.out), [], "nothing written or left behind")
        self.assertEqual(proc.stdout, "", "nothing on stdout (HepMC3's own messages are kept off it)")
        return line

    def line_of(self, text, start):
        """The line (from 1) of `text` that begins with `start`."""
        return text[:text.index("\n" + start) + 1].count("\n") + 1

    def test_truncated_hepmc3(self):
        lines = self.hepmc3.splitlines(keepends=True)
        e30 = self.line_of(self.hepmc3, "E 30 ")
        # Inside event 31 (number 30), after its 5th particle line: too few particles.
        cut = self.write("cut.hepmc3", "".join(lines[:e30 + 15]))
        self.assert_bad([cut], names=[f"cut.hepmc3:{e30 + 15}:", "event 31 (after event number 29)"])
        # Between two events: only the missing end line tells.
        between = self.write("between.hepmc3.gz", "".join(lines[:e30 - 1]), compress=True)
        self.assert_bad([between], names=[f"between.hepmc3.gz:{e30 - 1}:", "after 30 events",
                                          "HepMC::Asciiv3-END_EVENT_LISTING"], problem="truncated")
        # In the middle of a line, with CSV output: nothing either.
        mid = self.write("mid.hepmc3", "".join(lines[:e30 + 15])[:-50])
        self.assert_bad([mid], names=[f"mid.hepmc3:{e30 + 15}:", "event 31"], output="table.csv")

    def test_truncated_lhe(self):
        lines = self.lhe.splitlines(keepends=True)
        # Inside the 11th event.
        starts = [i for i, line in enumerate(lines) if re.match(r"\s*<event(\s|>)", line)]
        cut_at = starts[10] + 4
        cut = self.write("cut.lhe", "".join(lines[:cut_at]))
        self.assert_bad([cut], names=[f"cut.lhe:{cut_at}:", "after 10 events", "</LesHouchesEvents>"],
                        problem="truncated")
        # Everything but the closing tag, gzip.
        whole = "".join(lines)
        cut = self.write("noend.lhe.gz", whole[:whole.rindex("</LesHouchesEvents>")], compress=True)
        self.assert_bad([cut], names=["noend.lhe.gz:", "after 59 events"], problem="truncated")

    def test_corrupt_gzip(self):
        with open(HEPMC3, "rb") as f:
            data = bytearray(f.read())
        data[len(data) // 2] ^= 0xFF
        corrupt = self.path("corrupt.hepmc3.gz")
        with open(corrupt, "wb") as f:
            f.write(data)
        self.assert_bad([corrupt], names=["corrupt.hepmc3.gz:"], problem=r"gzip data")
        half = self.path("half.hepmc3.gz")
        with open(half, "wb") as f:
            f.write(bytes(data[:len(data) // 2]))
        self.assert_bad([half], names=["half.hepmc3.gz:"], problem=r"gzip data")
        plain = self.write("plain.hepmc3.gz", self.hepmc3)
        self.assert_bad([plain], names=["plain.hepmc3.gz:1:"], problem=r"not gzip data")

    def test_bad_pdg_ids(self):
        for flag in ("--pdg", "--exclude-pdg"):
            for value, shown in (("11,electron", "'electron'"), ("1.5", "'1.5'"), ("0", "0"),
                                 ("11,,13", "''"), ("2147483648", "2147483648"),
                                 ("99999999999999999999", "'99999999999999999999'")):
                self.assert_bad([HEPMC3, flag, value], names=[flag, shown], problem="not a PDG id")

    def test_unknown_format_and_other_flags(self):
        self.assert_bad([HEPMC3, "--format", "hepmc4"], names=["--format", "'hepmc4'", "hepmc3, hepmc2 or lhe"])
        self.assert_bad([HEPMC3, "--momenta", "pt-y-phi-m"], names=["--momenta", "pt-y-phi-m"])
        self.assert_bad([HEPMC3, "--jets", "siscone"], names=["--jets", "siscone"])
        self.assert_bad([HEPMC3, "--jet-r", "0"], names=["--jet-r"])
        for flag, value in (("--n-jets", "-1"), ("--chunk", "0"), ("--max-events", "-5"), ("--particles", "1e3"),
                            ("--status", "1.5"), ("--min-jets", "0x2")):
            self.assert_bad([HEPMC3, flag, value], names=[flag, value])
        # The wrong format, asked for: HepMC3 read as LHE.
        self.assert_bad([HEPMC3, "--format", "lhe"], names=["example.hepmc3.gz:", "not an LHE file"])
        # Unknown content and name.
        self.assert_bad([self.write("notes.txt", "hello\n")], names=["notes.txt"], problem="--format")
        self.assert_bad([self.path("missing.hepmc3")], names=["missing.hepmc3"], problem="cannot open")

    def test_multi_file_lhe_and_no_event_kept(self):
        self.assert_bad([LHE], names=["LHEF_example.lhe.gz:325:", "<eventfiles>"])
        self.assert_bad([HEPMC3, "--min-particles", "5"],
                        names=["example.hepmc3.gz", "none of its 100 events", "5 or more selected particles"])

    def test_output_onto_the_input_is_refused(self):
        events = self.write("events.hepmc3", self.hepmc3)
        before = open(events).read()
        proc = topae_cli.run("features", events, "-o", events, check=False)
        topae_cli.assert_error_line(self, proc, names=["events.hepmc3"])
        self.assertEqual(open(events).read(), before)

    def test_a_good_run_for_contrast(self):
        proc = topae_cli.run("features", HEPMC3, "-o", os.path.join(self.out, "t.csv"), "--max-events", "7",
                             "--chunk", "3")
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(proc.stderr, "")
        self.assertIn("read 7 events", proc.stdout)
        self.assertEqual(os.listdir(self.out), ["t.csv"])
        _, cols = topae_cli.read_csv(os.path.join(self.out, "t.csv"))
        self.assertEqual(cols["event_number"], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
        self.assertEqual(proc.stdout.count("\n"), 1)
        quiet = topae_cli.run("features", HEPMC3, "-o", os.path.join(self.out, "q.csv"), "--quiet")
        self.assertEqual((quiet.stdout, quiet.stderr), ("", ""))


if __name__ == "__main__":
    unittest.main()
