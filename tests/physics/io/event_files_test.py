"""`topae features` on real generator output, checked against an independent reading.

The inputs are Debian's hepmc3-doc examples, written by generators, not by topae or for its
tests: 100 Pythia 8 events e+ e- -> Z -> tau+ tau- at sqrt(s) = 92 GeV (HepMC3 ASCII, gzip) and
59 MadGraph5_aMC@NLO events p p -> W+ b j at 8 TeV (LHE 3.0, gzip). This script parses both
itself (the HepMC3 'E'/'U'/'W'/'P' lines, the LHE <event> blocks; nothing of topae or HepMC3)
and compares: multiplicities, the leading particles' momenta, pair and total masses, event
numbers and weights, jets (anti-kt written out below), and energy-momentum conservation of
topae's columns against the beams or incoming partons, which topae does not write.
"""

import gzip
import math
import os
import re
import sys
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "pylib"))
import topae_cli  # noqa: E402

HEPMC3 = "/usr/share/doc/hepmc3-doc/examples/RootIOExample/example.hepmc3.gz"
LHE = "/usr/share/doc/hepmc3-doc/examples/LHEFExample/LHEF_example.lhe.gz"

# Momentum units of HepMC3's 'U' line, in GeV.
UNITS = {"GEV": 1.0, "MEV": 1e-3}


def read_hepmc3(path):
    """[{number, weights, particles: [(pdg, status, E, px, py, pz)]}], and the weight names."""
    events, names, unit = [], [], 1.0
    with gzip.open(path, "rt") as f:
        for line in f:
            fields = line.split()
            if not fields:
                continue
            tag = fields[0]
            if tag == "E":  # E number n_vertices n_particles
                events.append({"number": int(fields[1]), "weights": [], "particles": [], "expected": int(fields[3])})
            elif tag == "W" and not events:  # before any event: the weights' names
                names = fields[1:]
            elif tag == "W":
                events[-1]["weights"] = [float(w) for w in fields[1:]]
            elif tag == "U":
                unit = UNITS[fields[1]]
            elif tag == "P":  # P id mother pdg px py pz e m status
                px, py, pz, e = (float(x) * unit for x in fields[4:8])
                events[-1]["particles"].append((int(fields[3]), int(fields[9]), e, px, py, pz))
    for e in events:
        assert len(e["particles"]) == e["expected"], "the parser read every P line"
    return events, names


def read_lhe(text):
    """[{xwgtup, wgt: {id: value}, particles: [(pdg, status, E, px, py, pz)]}] of the <event> blocks."""
    events = []
    for block in re.findall(r"<event(?:\s[^>]*)?>(.*?)</event>", text, re.S):
        lines = [line for line in block.strip().splitlines() if line.strip()]
        head = lines[0].split()
        nup, xwgtup = int(head[0]), float(head[2])
        particles = []
        for line in lines[1:1 + nup]:  # IDUP ISTUP MOTHUP(2) ICOLUP(2) PUP(5) VTIMUP SPINUP
            f = line.split()
            px, py, pz, e = (float(x) for x in f[6:10])
            particles.append((int(f[0]), int(f[1]), e, px, py, pz))
        wgt = {m.group(1): float(m.group(2)) for m in re.finditer(r'<wgt id="([^"]+)">\s*(\S+)\s*</wgt>', block)}
        events.append({"xwgtup": xwgtup, "wgt": wgt, "particles": particles})
    return events


def pt(p):
    return math.hypot(p[3], p[4])


def mass(momenta):
    e, px, py, pz = (sum(p[k] for p in momenta) for k in range(4))
    m2 = e * e - (px * px + py * py + pz * pz)
    return math.copysign(math.sqrt(abs(m2)), m2)


def four(p):
    return p[2:6]


def rapidity(p):
    return 0.5 * math.log((p[0] + p[3]) / (p[0] - p[3]))


def delta_r2(a, b):
    dphi = abs(math.atan2(a[2], a[1]) - math.atan2(b[2], b[1]))
    dphi = min(dphi, 2 * math.pi - dphi)
    return (rapidity(a) - rapidity(b)) ** 2 + dphi ** 2


def antikt(momenta, r):
    """Jets of (E, px, py, pz) by the anti-kt algorithm, written out naively (O(n^3)): merge the
    pair of smallest d_ij = min(1/pT_i^2, 1/pT_j^2) dR_ij^2 / R^2 by adding four-momenta, or
    make the object of smallest d_iB = 1/pT_i^2 a jet, whichever is smaller. By decreasing pT."""
    objects = [list(p) for p in momenta if math.hypot(p[1], p[2]) > 0]
    jets = []
    while objects:
        inv = [1 / (p[1] ** 2 + p[2] ** 2) for p in objects]
        best = min((inv[i], i, None) for i in range(len(objects)))
        for i in range(len(objects)):
            for j in range(i + 1, len(objects)):
                d = min(inv[i], inv[j]) * delta_r2(objects[i], objects[j]) / r ** 2
                if d < best[0]:
                    best = (d, i, j)
        _, i, j = best
        if j is None:
            jets.append(objects.pop(i))
        else:
            objects[i] = [a + b for a, b in zip(objects[i], objects[j])]
            objects.pop(j)
    return sorted(jets, key=lambda p: -(p[1] ** 2 + p[2] ** 2))


def by_pt(jets):
    """Jets by decreasing pT, ties (the two taus of an event without transverse photons) broken by
    energy: the order between equal pT is FastJet's choice."""
    return sorted(jets, key=lambda p: (-(p[1] ** 2 + p[2] ** 2), -p[0]))


def jet_columns(cols, row, n):
    """topae's jets of a row as (E, px, py, pz) lists, the missing ones left out."""
    jets = [[cols[f"jet_{x}_{k}"][row] for x in ("E", "px", "py", "pz")] for k in range(1, n + 1)]
    return jets[:int(cols["n_jets"][row])]


def leading(particles, status=1):
    """The particles of this status by decreasing pT (ties in file order, as topae sorts)."""
    return sorted((p for p in particles if p[1] == status), key=lambda p: -(p[3] ** 2 + p[4] ** 2))


def read_h5(path):
    with h5py.File(path, "r") as f:
        columns = [c.decode() if isinstance(c, bytes) else c for c in f["data"].attrs["columns"]]
        values = f["data"][:]
        truth = [c.decode() if isinstance(c, bytes) else c for c in f["data"].attrs.get("truth", [])]
        weight = f["weight"][:] if "weight" in f else None
    return {c: values[:, j] for j, c in enumerate(columns)}, truth, weight


class HepMC3Example(topae_cli.TempDirTestCase):
    N = 6  # more than any event's final state (4): the columns hold every final-state particle

    @classmethod
    def setUpClass(cls):
        cls.events, cls.names = read_hepmc3(HEPMC3)

    def features(self, *flags, name="table.h5", particles=N):
        out = self.path(name)
        proc = topae_cli.run("features", HEPMC3, "-o", out, "--particles", particles, *flags)
        return read_h5(out), proc.stdout

    def test_file_facts(self):
        # What the rest relies on: 100 events of 4 final-state particles (tau+, tau-, two
        # initial-state photons), one weight named "0", beams of 46 GeV.
        self.assertEqual(len(self.events), 100)
        self.assertEqual(self.names, ["0"])
        for e in self.events:
            self.assertEqual(len(leading(e["particles"])), 4)
            self.assertEqual(sorted(p[0] for p in leading(e["particles"]) if abs(p[0]) == 15), [-15, 15])

    def test_multiplicities_momenta_masses_numbers_and_weights(self):
        (cols, truth, weight), stdout = self.features()
        self.assertRegex(stdout, r"^read 100 events from .*example\.hepmc3\.gz \(hepmc3\): 100 kept, 4\.00 particles "
                                 r"per event, \d+ columns -> .*table\.h5\n$")
        self.assertEqual(len(cols["n_particles"]), len(self.events))
        for row, e in enumerate(self.events):
            fs = leading(e["particles"])
            self.assertEqual(cols["n_particles"][row], len(fs))
            self.assertEqual(cols["event_number"][row], e["number"])
            # Momenta are the file's numbers: strtod in HepMC3 and float() here both round the
            # printed decimal correctly, and HDF5 stores the doubles: equal to the bit.
            for i in range(self.N):
                want = four(fs[i]) if i < len(fs) else (0.0, 0.0, 0.0, 0.0)
                got = tuple(cols[f"{x}_{i + 1}"][row] for x in ("E", "px", "py", "pz"))
                self.assertEqual(got, tuple(want), f"event {row}, particle {i + 1}")
            # Masses: the same sums and squares in double precision in another order; rounding
            # of m^2 is a few 1e-16 of E^2 ~ 1e4 GeV^2: 1e-9 GeV is far above it.
            for i in range(len(fs)):
                for j in range(i + 1, self.N):
                    want = mass([four(fs[i]), four(fs[j])]) if j < len(fs) else 0.0
                    self.assertAlmostEqual(cols[f"m_{i + 1}_{j + 1}"][row], want, delta=1e-9)
            self.assertAlmostEqual(cols["m_all"][row], mass([four(p) for p in fs]), delta=1e-9)
            self.assertEqual(weight[row], e["weights"][0])
            self.assertEqual(cols["weight_0"][row], e["weights"][0])
        for name in ("m_1_2", "m_all", "event_number", "weight_0"):
            self.assertIn(name, truth)
        self.assertNotIn("E_1", truth)

    def test_final_state_conserves_the_beams(self):
        # topae's momentum columns, summed, against the beams (status 4), which topae does not
        # write. Pythia conserves energy-momentum in double precision: the file's own sums differ
        # from the beams by about 1e-13 GeV. 1e-7 GeV allows a million times that and is still
        # 5000 times below an electron mass: a particle lost or counted twice would show.
        (cols, _, _), _ = self.features()
        for row, e in enumerate(self.events):
            beams = [four(p) for p in e["particles"] if p[1] == 4]
            self.assertEqual(len(beams), 2)
            for k, x in enumerate(("E", "px", "py", "pz")):
                total = sum(cols[f"{x}_{i}"][row] for i in range(1, self.N + 1))
                self.assertAlmostEqual(total, sum(b[k] for b in beams), delta=1e-7, msg=f"event {row}, {x}")
            # The final state's mass is sqrt(s) of the beams: 92 GeV.
            self.assertAlmostEqual(cols["m_all"][row], mass(beams), delta=1e-7)
            self.assertAlmostEqual(cols["m_all"][row], 92.0, delta=1e-6)

    def test_selections(self):
        # --pdg by |id| keeps both taus; --exclude-pdg 22 keeps the same; --status 4 the beams.
        (taus, _, _), _ = self.features("--pdg", "15", name="taus.h5", particles=2)
        (no_photons, _, _), _ = self.features("--exclude-pdg", "22", name="np.h5", particles=2)
        (beams, _, _), _ = self.features("--status", "4", name="beams.h5", particles=2)
        for row, e in enumerate(self.events):
            want = leading([p for p in e["particles"] if abs(p[0]) == 15])
            self.assertEqual(taus["n_particles"][row], 2)
            self.assertEqual(no_photons["n_particles"][row], 2)
            self.assertEqual((taus["E_1"][row], taus["pz_2"][row]), (want[0][2], want[1][5]))
            self.assertEqual(no_photons["px_1"][row], want[0][3])
            self.assertEqual(beams["n_particles"][row], 2)
            self.assertEqual(sorted([beams["pz_1"][row], beams["pz_2"][row]]),
                             sorted(p[5] for p in e["particles"] if p[1] == 4))

    def test_pt_eta_phi_m_columns(self):
        (cols, _, _), _ = self.features("--momenta", "pt-eta-phi-m")
        for row, e in enumerate(self.events):
            fs = leading(e["particles"])
            for i, p in enumerate(fs):
                e_, px, py, pz = four(p)
                ptv = math.hypot(px, py)
                # Double-precision formulas written apart from topae's: agreement to 1e-12 relative.
                self.assertAlmostEqual(cols[f"pt_{i + 1}"][row], ptv, delta=1e-12 * e_)
                self.assertAlmostEqual(cols[f"phi_{i + 1}"][row], math.atan2(py, px), delta=1e-12)
                if ptv > 0:
                    self.assertAlmostEqual(cols[f"eta_{i + 1}"][row], math.asinh(pz / ptv), delta=1e-10)
                else:  # the initial-state photons run along the beam
                    self.assertEqual(cols[f"eta_{i + 1}"][row], math.copysign(1e5, pz))
                # sqrt(E^2 - p^2): for a massless particle the rounding of E^2 (1e-16 of 46^2) can
                # leave up to sqrt(2e-13) = 5e-7 GeV of mass, whichever way it is computed.
                self.assertAlmostEqual(cols[f"m_{i + 1}"][row], mass([four(p)]), delta=1e-6)

    def test_jets_against_antikt_written_here(self):
        (cols, _, _), stdout = self.features("--n-jets", "3", "--jet-r", "0.4", name="jets.h5")
        self.assertIn("and 2.00 jets per event", stdout)
        for row, e in enumerate(self.events):
            jets = antikt([four(p) for p in leading(e["particles"])], 0.4)
            self.assertEqual(cols["n_jets"][row], len(jets))
            # E-scheme sums of the same doubles: 1e-9 of sqrt(s) is far above their rounding.
            for got, want in zip(by_pt(jet_columns(cols, row, 3)), by_pt(jets)):
                for g, w in zip(got, want):
                    self.assertAlmostEqual(g, w, delta=1e-9 * 92)
            for k in range(len(jets), 3):  # missing jets: zeros
                self.assertEqual([cols[f"jet_{x}_{k + 1}"][row] for x in ("E", "px", "py", "pz")], [0.0] * 4)
            # One tau per jet: a single constituent has no substructure.
            for k in range(3):
                for tau in ("tau1", "tau2", "tau3", "tau21", "tau32"):
                    self.assertEqual(cols[f"jet_{tau}_{k + 1}"][row], 0.0)
            self.assertAlmostEqual(cols["m_jet_1_2"][row], mass([jets[0], jets[1]]), delta=1e-9)


class LheExample(topae_cli.TempDirTestCase):
    N = 8  # above the most outgoing particles of an event (4)

    @classmethod
    def setUpClass(cls):
        with gzip.open(LHE, "rt") as f:
            cls.text = f.read()
        cls.events = read_lhe(cls.text)
        # The weights the header declares, in HepMC3's naming: "<weightgroup type>/<combine>/<id>".
        group = re.search(r'<weightgroup type="([^"]+)" combine="([^"]+)">(.*?)</weightgroup>', cls.text, re.S)
        cls.weight_ids = re.findall(r'<weight id="([^"]+)"', group.group(3))
        cls.weight_prefix = f"{group.group(1)}_{group.group(2)}_"

    def setUp(self):
        super().setUp()
        # The file is a multi-file run: its <eventfiles> block names two more files (of the same
        # events), which topae refuses to follow. Its own <event> blocks are the run's events:
        # the copy without that block is a single-file LHE file of them.
        single = re.sub(r"<eventfiles>.*?</eventfiles>\s*\n", "", self.text, flags=re.S)
        self.assertNotEqual(single, self.text)
        self.input = self.path("single.lhe.gz")
        with gzip.open(self.input, "wt") as f:
            f.write(single)

    def test_file_facts(self):
        self.assertEqual(len(self.events), 59)
        self.assertEqual(self.weight_ids, [str(i) for i in range(1001, 1010)])
        for e in self.events:
            self.assertEqual(sorted(e["wgt"]), self.weight_ids)

    def test_multi_file_run_is_refused(self):
        proc = topae_cli.run("features", LHE, "-o", self.path("t.h5"), check=False)
        topae_cli.assert_error_line(self, proc, names=["LHEF_example.lhe.gz:325:", "<eventfiles>"])
        self.assertFalse(os.path.exists(self.path("t.h5")))

    def test_outgoing_particles_weights_and_conservation(self):
        out = self.path("lhe.csv")
        proc = topae_cli.run("features", self.input, "-o", out, "--particles", self.N)
        self.assertIn("read 59 events", proc.stdout)
        self.assertIn("(lhe)", proc.stdout)
        truth, cols = topae_cli.read_csv(out)
        for row, e in enumerate(self.events):
            outgoing = leading(e["particles"], 1)
            incoming = [four(p) for p in e["particles"] if p[1] == -1]
            self.assertEqual(len(incoming), 2)
            self.assertEqual(cols["n_particles"][row], len(outgoing))
            for i in range(self.N):  # LHE's numbers, read by two correctly rounding parsers
                want = four(outgoing[i]) if i < len(outgoing) else (0.0, 0.0, 0.0, 0.0)
                self.assertEqual(tuple(cols[f"{x}_{i + 1}"][row] for x in ("E", "px", "py", "pz")), tuple(want))
            # Conservation against the incoming partons (status -1, not in the table). MadGraph
            # prints 8 digits and puts quarks on their mass shells: the file's own sums miss by
            # up to 2.7e-8 of the sum of |components|. 1e-7 of it allows four times that; a lost
            # particle would miss by order 1.
            for k, x in enumerate(("E", "px", "py", "pz")):
                total = sum(cols[f"{x}_{i}"][row] for i in range(1, self.N + 1))
                scale = sum(abs(p[k]) for p in incoming) + sum(abs(p[2 + k]) for p in outgoing)
                self.assertAlmostEqual(total, sum(p[k] for p in incoming), delta=1e-7 * scale, msg=f"{row} {x}")
            # sqrt(s-hat) of the incoming partons. m^2 = E^2 - p^2 with E and |p| (both <= E_in,
            # the incoming energy) each off by at most 1e-7 S <= 2e-7 E_in as above:
            # |d m| = |d m^2| / 2m <= (2 E_in 2e-7 E_in) 2 / 2m = 4e-7 E_in^2 / m.
            s_hat = mass(incoming)
            e_in = sum(p[0] for p in incoming)
            self.assertAlmostEqual(cols["m_all"][row], s_hat, delta=4e-7 * e_in ** 2 / s_hat)
            # Weights: the first is XWGTUP (HepMC3's weight "0"), and one column per <wgt id>.
            self.assertEqual(cols["weight"][row], e["xwgtup"])
            self.assertEqual(cols["weight_0"][row], e["xwgtup"])
            for wid in self.weight_ids:
                self.assertEqual(cols[f"weight_{self.weight_prefix}{wid}"][row], e["wgt"][wid])
        # Every weight the header declares is a truth column. "test" (a <weightinfo> in <init>)
        # has no value in any event, so the file says nothing about its column's numbers.
        declared = ["weight_0", "weight_test"] + [f"weight_{self.weight_prefix}{w}" for w in self.weight_ids]
        self.assertEqual([c for c in cols if c.startswith("weight_")], declared)
        for name in declared:
            self.assertIn(name, truth)

    def test_jets_and_the_status_selection(self):
        out = self.path("jets.h5")
        topae_cli.run("features", self.input, "-o", out, "--n-jets", "4", "--jet-r", "0.4", "--jets", "antikt",
                      "--exclude-pdg", "24", "--status", "1", "--jet-ptmin", "30")
        cols, _, _ = read_h5(out)
        for row, e in enumerate(self.events):
            partons = [four(p) for p in leading(e["particles"]) if abs(p[0]) != 24]
            jets = [j for j in antikt(partons, 0.4) if math.hypot(j[1], j[2]) >= 30]
            self.assertEqual(cols["n_jets"][row], len(jets))
            self.assertEqual(cols["n_particles"][row], len(partons))
            for got, want in zip(by_pt(jet_columns(cols, row, 4)), by_pt(jets)):
                for g, w in zip(got, want):
                    self.assertAlmostEqual(g, w, delta=1e-9 * abs(want[0]))
            for k, jet in enumerate(by_pt(jets)):
                # E^2 - p^2 of TeV-scale sums: a rounding of 1e-13 in E moves a 0.3 GeV mass by
                # E dE / m ~ 1e-10; 1e-6 GeV is far above that.
                self.assertAlmostEqual(cols[f"jet_m_{k + 1}"][row], mass([jet]), delta=1e-6)
        # --min-jets 2: the events with two jets of 30 GeV or more, in order.
        topae_cli.run("features", self.input, "-o", self.path("two.h5"), "--n-jets", "4", "--exclude-pdg", "24",
                      "--jet-ptmin", "30", "--min-jets", "2")
        two, _, _ = read_h5(self.path("two.h5"))
        want = [row for row in range(len(self.events)) if cols["n_jets"][row] >= 2]
        self.assertGreater(len(want), 0)
        self.assertLess(len(want), len(self.events))
        np.testing.assert_array_equal(two["event_number"], cols["event_number"][want])

if __name__ == "__main__":
    unittest.main()
