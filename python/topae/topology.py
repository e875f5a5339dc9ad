"""Before and after training: the topology audit of a table (what latent space it needs) and
the seams a trained model tore into it. The numbers of `topae audit` (audit.json) and `topae
seams` (seams.json and its events table); docs/audit.md explains them."""

import json

import numpy as np

from . import _topae
from ._tables import as_features, thread_count
from .results import result


def audit(X, columns=None, antipodal=None, max_points=20000, neighbours=64, landmarks=0,
          max_homology_dimension=2, seed=1, threads=None):
    """The audit of the events X (an array or a DataFrame; columns: which, default all but label, weight and truth), as
    `topae audit`: intrinsic dimension, Betti numbers, singular points, an antipodal symmetry
    of the columns named in `antipodal`, and the verdict (min_latent_dim, latent_geometry,
    confident, summary). Returns a Result with audit.json's keys."""
    values, names = as_features(X, columns)
    settings = _topae.AuditSettings()
    settings.max_points, settings.neighbours, settings.landmarks = int(max_points), int(neighbours), int(landmarks)
    settings.max_homology_dimension, settings.seed = int(max_homology_dimension), int(seed)
    for name in antipodal or []:
        if name not in names:
            raise ValueError(f"antipodal: {name!r} is not one of the audited columns ({', '.join(names)})")
    settings.antipodal_columns = [names.index(name) for name in antipodal or []]
    return result(json.loads(_topae.audit(values, names, settings, thread_count(threads))))


def seams(model, X, max_points=0, seed=1, neighbours=10, outlier_sigmas=4.0, min_stretch=2.0,
          min_cluster_size=3, top_error_quantile=0.99, exact_up_to=200000, approximate_eps=1.0, threads=None):
    """Where `model` (a fitted topae.Autoencoder of one member) tears the events X (a
    DataFrame with the model's columns, or an array in their order), as `topae seams`:
    seams.json's keys (seams with centres and sizes, the stretch statistics, the share of
    the top errors on a seam) and per analysed event the arrays row, error, seam_score and
    on_seam; each seam's events as rows of X. max_points: a random subset of that many events (0: all), drawn from `seed`."""
    m = model._single("seams")
    values = model._values(X)
    settings = _topae.SeamSettings()
    settings.neighbours, settings.outlier_sigmas = int(neighbours), float(outlier_sigmas)
    settings.min_stretch, settings.min_cluster_size = float(min_stretch), int(min_cluster_size)
    settings.top_error_quantile, settings.exact_up_to = float(top_error_quantile), int(exact_up_to)
    settings.approximate_eps = float(approximate_eps)
    found = _topae.seams(m, values, list(m.columns), settings, int(max_points), int(seed), thread_count(threads))
    out = result(json.loads(found["summary"]))
    out.update(row=np.asarray(found["rows"], dtype=np.int64), error=found["error"], seam_score=found["seam_score"],
               on_seam=np.asarray(found["on_seam"], dtype=bool))
    for seam, events in zip(out.get("seams", []), found["seam_events"]):
        seam["events"] = out.row[np.asarray(events, dtype=np.int64)]  # rows of X
    return out
