"""topae.Autoencoder: an autoencoder (or an ensemble of them over seeds) as a scikit-learn
style estimator, trained and scored by topae's C++ library. Its model files are the CLI's:
`topae score` reads what .save() writes, and .load() reads what `topae train` writes."""

import inspect
import json

import numpy as np

from . import _topae
from ._tables import as_features, as_table, is_frame, table


class Autoencoder:
    """An autoencoder whose per-event reconstruction error is the anomaly score.

    The parameters are those of `topae train` (docs/cli.md), with the same defaults:
    latent (k, the latent dimension), hidden (encoder widths; the decoder mirrors them unless
    decoder_hidden is given), activation, latent_geometry ("euclidean", "sphere", "circle",
    "torus"), epochs, batch, optimizer ("adam", "adamw", "sgd"), lr, weight_decay (None: the
    optimizer's default), beta1, beta2, eps, momentum, nesterov, schedule ("constant",
    "cosine", "step", "plateau") with min_lr, step_size, gamma, plateau_factor and
    plateau_patience, validation (the fraction held out), early_stopping (patience in epochs,
    0: off), clip_norm, seed and threads.

    seeds (an iterable of ints) trains an ensemble, one member per seed, `threads` members at
    a time, each on one thread; bootstrap trains each on a resample of the events drawn from
    its seed. The same settings and seed give the model `topae train` gives, weight for weight.
    """

    def __init__(self, latent=2, hidden=(64, 64), decoder_hidden=None, activation="tanh",
                 latent_geometry="euclidean", epochs=200, batch=128, optimizer="adam", lr=1e-3,
                 weight_decay=None, beta1=0.9, beta2=0.999, eps=1e-8, momentum=0.9, nesterov=False,
                 schedule="constant", min_lr=0.0, step_size=50, gamma=0.1, plateau_factor=0.1,
                 plateau_patience=10, validation=0.1, early_stopping=0, clip_norm=0.0, seed=1,
                 seeds=None, bootstrap=False, threads=1):
        for name, value in locals().items():
            if name != "self":
                setattr(self, name, value)

    # scikit-learn's estimator protocol: sklearn.base.clone and grid searches use these.
    @classmethod
    def _param_names(cls):
        return [p for p in inspect.signature(cls.__init__).parameters if p != "self"]

    def get_params(self, deep=True):
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params):
        for name, value in params.items():
            if name not in self._param_names():
                raise ValueError(f"Autoencoder has no parameter {name!r}")
            setattr(self, name, value)
        return self

    def __repr__(self):
        defaults = Autoencoder().get_params()
        changed = [f"{k}={v!r}" for k, v in self.get_params().items() if _differs(v, defaults[k])]
        return f"Autoencoder({', '.join(changed)})"

    def _settings(self, n_columns):
        """The JSON the library reads: AutoencoderSpec's and TrainerSpec's (docs/model-format.md)."""
        autoencoder = {"input_dim": n_columns, "latent_dim": _int("latent", self.latent),
                       "hidden": [_int("hidden", w) for w in self.hidden],
                       "decoder_hidden": [_int("decoder_hidden", w) for w in (self.decoder_hidden or [])],
                       "activation": str(self.activation), "latent_geometry": str(self.latent_geometry)}
        optimizer = {"name": str(self.optimizer), "lr": float(self.lr), "beta1": float(self.beta1),
                     "beta2": float(self.beta2), "eps": float(self.eps), "momentum": float(self.momentum),
                     "nesterov": bool(self.nesterov)}
        if self.weight_decay is not None:
            optimizer["weight_decay"] = float(self.weight_decay)
        trainer = {"epochs": _int("epochs", self.epochs), "batch": _int("batch", self.batch),
                   "validation_fraction": float(self.validation),
                   "early_stopping": _int("early_stopping", self.early_stopping),
                   "clip_norm": float(self.clip_norm), "seed": _int("seed", self.seed),
                   "threads": _int("threads", self.threads), "optimizer": optimizer,
                   "schedule": {"name": str(self.schedule), "min_lr": float(self.min_lr),
                                "step_size": _int("step_size", self.step_size), "gamma": float(self.gamma),
                                "factor": float(self.plateau_factor),
                                "patience": _int("plateau_patience", self.plateau_patience)}}
        return json.dumps(autoencoder), json.dumps(trainer)

    def fit(self, X, y=None, columns=None, on_epoch=None):
        """Trains on X: an (n_events, n_features) array or a DataFrame (columns: which of its
        columns, in that order; default all but label, weight and the truth columns, as the CLI). on_epoch, if given, is called after every epoch
        with a dict (epoch, train_loss, validation_loss, lr, seconds), on this thread; raising
        in it stops the training. y is ignored (scikit-learn's signature)."""
        values, names = as_features(X, columns)
        autoencoder, trainer = self._settings(len(names))
        if self.seeds is None:
            self.model_, history = _topae.Model.train(values, names, autoencoder, trainer, on_epoch)
            self.history_ = _history(history)
        else:
            seeds = [_int("seeds", s) for s in self.seeds]
            self.model_, histories = _topae.Ensemble.train(values, names, autoencoder, trainer, seeds,
                                                           bool(self.bootstrap), _int("threads", self.threads),
                                                           on_epoch)
            self.history_ = {s: _history(h) for s, h in zip(seeds, histories)}
        self.feature_names_in_ = np.array(names, dtype=object)
        self.n_features_in_ = len(names)
        return self

    @property
    def is_ensemble(self):
        return isinstance(self._fitted(), _topae.Ensemble)

    def _fitted(self):
        if not hasattr(self, "model_"):
            raise ValueError("this Autoencoder is not fitted yet: call fit(X) or Autoencoder.load(path)")
        return self.model_

    def _values(self, X):
        """X in the model's columns: a DataFrame by name, an array in the model's order."""
        names = list(self._fitted().columns)
        if is_frame(X):
            return as_table(X, names)[0]
        values, _ = as_table(X)
        if values.shape[1] != len(names):
            raise ValueError(f"X: {values.shape[1]} columns, but the model takes {len(names)} ({', '.join(names)})")
        return values

    def _single(self, what):
        model = self._fitted()
        if isinstance(model, _topae.Ensemble):
            raise ValueError(f"{what} is per model: an ensemble's members each have their own; use "
                             "score_samples or scores")
        return model

    def _score(self, X):
        return self._single("this").score(self._values(X), _int("threads", self.threads))

    def transform(self, X):
        """The latent codes, (n_events, code dimension): k numbers, or k + 1 on the sphere, 2k on the torus."""
        return self._score(X)["latent"]

    def reconstruct(self, X):
        """The reconstructions, (n_events, n_features), in X's units."""
        return self._score(X)["reconstruction"]

    def score_samples(self, X):
        """The reconstruction error of every event: the squared distance between input and
        reconstruction in standardized units, what `topae score` writes as "error". For an
        ensemble, the median over the members. Higher is more anomalous."""
        model = self._fitted()
        return model.score(self._values(X), _int("threads", self.threads))["error"]

    def scores(self, X, as_frame=None):
        """The columns `topae score` writes: error, distance, z_1..z_k and rec_<column> for
        a model; error (the median), error_min, error_mean, error_spread, disagreement and
        error_s<seed> per member for an ensemble. A DataFrame, or a dict without pandas."""
        model = self._fitted()
        s = model.score(self._values(X), _int("threads", self.threads))
        if isinstance(model, _topae.Ensemble):
            names = ["error", "error_min", "error_mean", "error_spread", "disagreement"]
            columns = [s[n] for n in names] + list(s["member_error"].T)
            names += [f"error_s{seed}" for seed in model.seeds]
        else:
            latent, rec = s["latent"], s["reconstruction"]
            names = (["error", "distance"] + [f"z_{j + 1}" for j in range(latent.shape[1])]
                     + [f"rec_{c}" for c in model.columns])
            columns = [s["error"], s["distance"]] + list(latent.T) + list(rec.T)
        values = np.column_stack(columns)
        return table({"columns": names, "values": values, "truth": [], "label": None, "weight": None}, as_frame)

    def save(self, path):
        """Writes the model file (an ensemble file for an ensemble), atomically."""
        self._fitted().save(str(path))

    @classmethod
    def load(cls, path):
        """An Autoencoder from a file `topae train` or save() wrote, its parameters read back
        from the file's training record."""
        path = str(path)
        with open(path) as f:
            is_ensemble = json.load(f).get("format") == "topae-ensemble"
        model = _topae.Ensemble.load(path) if is_ensemble else _topae.Model.load(path)
        return cls._from_model(model)

    @classmethod
    def _from_model(cls, model):
        if isinstance(model, _topae.Ensemble) and model.has_folds:
            # Its scores are per fold (topae score --out-of-fold), not the members' median.
            raise ValueError("a k-fold ensemble (topae train --folds) is scored by `topae score`; the Python "
                             "package reads models and seed ensembles")
        first = model.member(0) if isinstance(model, _topae.Ensemble) else model
        record = json.loads(first.training)
        estimator = cls(**_params_of(record))
        if isinstance(model, _topae.Ensemble):
            estimator.seeds = list(model.seeds)
            estimator.bootstrap = bool(record.get("bootstrap", False))
            estimator.history_ = {s: _recorded_history(json.loads(model.member(i).training))
                                  for i, s in enumerate(model.seeds)}
        else:
            estimator.history_ = _recorded_history(record)
        estimator.model_ = model
        estimator.feature_names_in_ = np.array(model.columns, dtype=object)
        estimator.n_features_in_ = len(model.columns)
        return estimator

    # Pickling (joblib, multiprocessing): the parameters and the model file's text.
    def __getstate__(self):
        state = dict(self.__dict__)
        if "model_" in state:
            model = state.pop("model_")
            state["_model_json"] = (isinstance(model, _topae.Ensemble), model.to_json())
        return state

    def __setstate__(self, state):
        saved = state.pop("_model_json", None)
        self.__dict__.update(state)
        if saved is not None:
            is_ensemble, text = saved
            kind = _topae.Ensemble if is_ensemble else _topae.Model
            self.model_ = kind.from_json(text, "pickled Autoencoder")


def _int(name, value):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name}: expected an integer, got {value!r}")
    return int(value)


def _differs(a, b):
    return (list(a) if isinstance(a, (tuple, list)) else a) != (list(b) if isinstance(b, (tuple, list)) else b)


def _history(text):
    """Per-epoch rows (JSON text) as a dict of arrays: epoch, train_loss, validation_loss, lr, seconds."""
    rows = json.loads(text)
    keys = ("epoch", "train_loss", "validation_loss", "lr", "seconds")
    return {k: np.array([np.nan if r.get(k) is None else r[k] for r in rows],
                        dtype=np.int64 if k == "epoch" else np.float64) for k in keys}


def _recorded_history(record):
    """The losses a model file's training record keeps (no rates or times): epoch,
    train_loss, validation_loss."""
    losses = record.get("loss_history", {})
    train = np.array(losses.get("train", []), dtype=np.float64)
    validation = np.array([np.nan if v is None else v for v in losses.get("validation", [])], dtype=np.float64)
    return {"epoch": np.arange(1, train.size + 1), "train_loss": train, "validation_loss": validation}


def _params_of(record):
    """Autoencoder's parameters from a model file's training record (docs/model-format.md)."""
    a, t = record.get("autoencoder", {}), record.get("trainer", {})
    o, s = t.get("optimizer", {}), t.get("schedule", {})
    hidden = tuple(a.get("hidden", (64, 64)))
    decoder = a.get("decoder_hidden") or None
    params = {"latent": a.get("latent_dim"), "hidden": hidden,
              "decoder_hidden": None if decoder == list(reversed(hidden)) else decoder,
              "activation": a.get("activation"), "latent_geometry": a.get("latent_geometry"),
              "epochs": t.get("epochs"), "batch": t.get("batch"), "validation": t.get("validation_fraction"),
              "early_stopping": t.get("early_stopping"), "clip_norm": t.get("clip_norm"),
              "seed": record.get("seed", t.get("seed")), "threads": t.get("threads"),
              "optimizer": o.get("name"), "lr": o.get("lr"), "weight_decay": o.get("weight_decay"),
              "beta1": o.get("beta1"), "beta2": o.get("beta2"), "eps": o.get("eps"),
              "momentum": o.get("momentum"), "nesterov": o.get("nesterov"),
              "schedule": s.get("name"), "min_lr": s.get("min_lr"), "step_size": s.get("step_size"),
              "gamma": s.get("gamma"), "plateau_factor": s.get("factor"), "plateau_patience": s.get("patience")}
    return {k: v for k, v in params.items() if v is not None}
