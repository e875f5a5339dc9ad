"""ROC analysis and BumpHunter on arrays: the numbers `topae roc` writes in roc.json and
`topae bumphunt` in results.json (docs/cli.md explains each)."""

import json

import numpy as np

from . import _topae
from ._tables import as_vector, thread_count
from .results import result


def _labels(labels, signal_label, n):
    raw = np.asarray(labels)
    if raw.ndim != 1 or raw.shape[0] != n:
        raise ValueError(f"labels: expected {n} labels (one per score), got shape {raw.shape}")
    if raw.dtype.kind == "f":
        if not np.isfinite(raw).all() or (raw != np.round(raw)).any():
            bad = raw[~np.isfinite(raw) | (raw != np.round(raw))][0]
            raise ValueError(f"labels: {bad} is not an integer label")
    elif raw.dtype.kind not in "iub":
        raise ValueError(f"labels: expected integer labels, got dtype {raw.dtype}")
    return np.ascontiguousarray(raw == signal_label, dtype=np.int32)


def roc(scores, labels, weights=None, signal_label=1, sic_min_eff_b=None, max_points=1000):
    """ROC of a score where higher means more signal-like (an autoencoder's error), as
    `topae roc`: events whose label equals signal_label are signal, all others background;
    weights per event (None: each weighs 1; single negative weights allowed). Returns a
    Result with roc.json's keys (auc, auc_error, max_sic, rejection, thresholds, curve
    thinned to max_points, counts) and the full curve as arrays eff_s, eff_b, threshold."""
    s = as_vector(scores, "scores")
    if np.isnan(s).any():
        raise ValueError(f"scores: NaN at event {int(np.argmax(np.isnan(s)))}")
    y = _labels(labels, signal_label, s.shape[0])
    w = None if weights is None else as_vector(weights, "weights")
    if w is not None and w.shape[0] != s.shape[0]:
        raise ValueError(f"weights: {w.shape[0]} weights for {s.shape[0]} scores")
    summary, eff_s, eff_b, threshold = _topae.roc(
        s, y, w, None if sic_min_eff_b is None else float(sic_min_eff_b), int(max_points))
    out = result(json.loads(summary))
    out.update(eff_s=eff_s, eff_b=eff_b, threshold=threshold)
    return out


def bumphunter(data, reference=None, bins=40, range=None, data_weights=None, reference_weights=None,
               min_width=1, max_width=0, deficits=False, pseudo_experiments=1000, seed=1, fit_degree=2,
               fit_function="exp_poly", reference_error=False, sqrt_s=0.0, threads=None):
    """BumpHunter on the values `data` (a mass per event) in `bins` equal bins over range =
    (lo, hi) (default: the data's minimum to maximum, both in range, as `topae bumphunt`). The expected
    background comes from `reference` (background-only values, any normalisation, scaled to
    each window's side-bands) or, without one, from a Poisson fit to the side-bands
    (fit_function "exp_poly" of degree fit_degree, or "dijet"). Returns a Result with the
    hunt's JSON (window, t, global_p, global_significance, ...) and the arrays counts, expected,
    expected_error, null_expected, pseudo_t and edges."""
    d = as_vector(data, "data")
    if range is None:  # [min, max]: the largest value in the last bin, not in the overflow
        range = (float(d.min()), float(np.nextafter(d.max(), np.inf)))
    lo, hi = (float(v) for v in range)
    spec = {"min_width": int(min_width), "max_width": int(max_width), "deficits": bool(deficits),
            "pseudo_experiments": int(pseudo_experiments), "seed": int(seed),
            "background": "sideband_fit" if reference is None else "reference", "fit_degree": int(fit_degree),
            "fit_function": str(fit_function), "reference_error": bool(reference_error), "sqrt_s": float(sqrt_s)}
    vec = lambda v, name: None if v is None else as_vector(v, name)
    text, counts, expected, expected_error, null_expected, pseudo_t = _topae.bumphunter(
        d, vec(data_weights, "data_weights"), vec(reference, "reference"), vec(reference_weights, "reference_weights"),
        int(bins), lo, hi, json.dumps(spec), thread_count(threads))
    out = result(json.loads(text))
    out.update(counts=np.asarray(counts), expected=np.asarray(expected), expected_error=np.asarray(expected_error),
               null_expected=np.asarray(null_expected), pseudo_t=np.asarray(pseudo_t),
               edges=np.linspace(lo, hi, int(bins) + 1))
    return out
