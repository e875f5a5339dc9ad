"""Event generators: RAMBO's flat n-body phase space and the bump-hunt sample (phase space
plus a resonance), the events `topae generate phase-space` and `topae generate bump-hunt`
write for the same settings (docs/generators.md)."""

from . import _topae
from ._tables import table, thread_count


def _masses(masses, particles):
    if masses is None:
        return ",".join(["0"] * particles)
    return ",".join(repr(float(m)) for m in masses)


def _resonance(resonance):
    """A resonance as --resonance reads it: "A,B:mass=M,width=G[,spin=S]", or a dict with
    daughters (A, B), mass, width and optionally spin."""
    if resonance is None or isinstance(resonance, str):
        return resonance or ""
    a, b = resonance["daughters"]
    text = f"{int(a)},{int(b)}:mass={float(resonance['mass'])!r},width={float(resonance['width'])!r}"
    return text + (f",spin={int(resonance['spin'])}" if resonance.get("spin") else "")


def rambo(particles, energy, masses=None, events=10000, seed=1, unweight=False, threads=None):
    """(momenta, weights): `events` RAMBO events of `particles` particles at centre-of-mass
    energy `energy` (masses: one per particle, default all 0). momenta is (events, particles,
    4) in (E, px, py, pz); weights estimate the phase-space volume, (2 pi)^(4-3n) included,
    so that their mean is Phi_n. unweight: hit-or-miss unweighting of massive events (every
    weight then equal). The events depend on the seed only, not on the threads."""
    momenta, weights, _ = _topae.rambo(int(particles), float(energy), _masses(masses, int(particles)),
                                       int(events), int(seed), bool(unweight), thread_count(threads))
    return momenta, weights


def bump_hunt(particles=3, energy=1000.0, masses=None, resonance=None, signal_fraction=0.01, events=10000,
              seed=1, features="invariants", order="generated", as_frame=None, threads=None):
    """The bump-hunt sample: background phase space plus a fraction of resonance events
    (label 1), rows background first. resonance: required, a dict(daughters=(1, 2),
    mass=500.0, width=5.0) or the CLI's text "1,2:mass=500,width=5". features: "momenta",
    "invariants" or "both", as `topae generate bump-hunt --features`. A DataFrame with
    columns, truth masses m_ij, weight and label (a dict of arrays without pandas)."""
    if resonance is None:
        raise ValueError("resonance: the bump-hunt sample needs one, e.g. dict(daughters=(1, 2), mass=500, width=5)")
    d = _topae.bump_hunt(int(particles), float(energy), _masses(masses, int(particles)), int(events), int(seed),
                         _resonance(resonance), float(signal_fraction), str(features), str(order), thread_count(threads))
    return table(d, as_frame)
