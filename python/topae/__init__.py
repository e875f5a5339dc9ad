"""topae: autoencoder anomaly detection that knows about topology, from Python.

    import topae
    model = topae.Autoencoder(latent=2, hidden=(64, 64), epochs=100).fit(X_train)
    error = model.score_samples(X_test)

Autoencoder (fit, transform, reconstruct, score_samples, scores, save, load), the event
generators rambo and bump_hunt, roc and bumphunter, and the topology audit and seams. The
numbers are those of the topae CLI for the same inputs and settings (docs/python.md).
"""

from ._topae import __version__
from .analysis import bumphunter, roc
from .autoencoder import Autoencoder
from .generators import bump_hunt, rambo
from .results import Result
from .topology import audit, seams

__all__ = ["Autoencoder", "Result", "audit", "bump_hunt", "bumphunter", "rambo", "roc", "seams", "__version__"]
