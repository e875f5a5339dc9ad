"""Bad input raises a Python exception (ValueError with the library's message), never aborts
the interpreter, and leaves no file behind."""

import numpy as np
import pandas as pd
import pytest

import topae

SMALL = dict(latent=1, hidden=(8,), epochs=1)


@pytest.fixture
def x():
    t = np.linspace(0, 2 * np.pi, 200, endpoint=False)
    return np.column_stack([np.cos(t), np.sin(t)])


@pytest.fixture
def model(x):
    return topae.Autoencoder(**SMALL).fit(x)


@pytest.mark.parametrize("bad, message", [
    (np.array([["a", "b"], ["c", "d"]]), "expected numbers"),
    (np.array([[1, 2]], dtype=object), "expected numbers"),
    (np.ones((3, 2), dtype=complex), "expected numbers"),
    (np.ones(10), "2-D array.*reshape"),
    (np.ones((2, 3, 4)), "2-D array"),
    (np.ones((0, 2)), "no events"),
])
def test_wrong_dtype_or_shape(bad, message):
    with pytest.raises(ValueError, match=message):
        topae.Autoencoder(**SMALL).fit(bad)


@pytest.mark.parametrize("value, shown", [(np.nan, "nan"), (np.inf, "inf"), (-np.inf, "-inf")])
def test_values_that_are_not_finite_are_named(x, model, value, shown):
    bad = x.copy()
    bad[17, 1] = value
    with pytest.raises(ValueError, match=f"row 17, column 'x2' is {shown}"):
        topae.Autoencoder(**SMALL).fit(bad)
    with pytest.raises(ValueError, match="row 17, column 'x2'"):
        model.score_samples(bad)


def test_data_frames(x, model):
    frame = pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "name": ["e"] * len(x)})
    with pytest.raises(ValueError, match="column 'name' is not numeric"):
        topae.Autoencoder(**SMALL).fit(frame)
    with pytest.raises(ValueError, match="no column 'c'"):
        topae.Autoencoder(**SMALL).fit(frame, columns=["a", "c"])
    with pytest.raises(ValueError, match="no column 'x1'"):
        model.score_samples(frame)  # the model's columns are x1, x2


def test_wrong_width_at_scoring(model):
    with pytest.raises(ValueError, match="3 columns, but the model takes 2"):
        model.score_samples(np.ones((5, 3)))


@pytest.mark.parametrize("params, message", [
    (dict(latent=0), "latent"),
    (dict(hidden=(0,)), "width"),
    (dict(activation="swish"), "activation"),
    (dict(latent_geometry="klein"), "geometry"),
    (dict(optimizer="lbfgs"), "optimizer"),
    (dict(epochs=1.5), "epochs: expected an integer"),
    (dict(epochs=0), "epochs"),
    (dict(validation=1.5), "validation"),
    (dict(schedule="sometimes"), "schedule"),
])
def test_bad_settings(x, params, message):
    with pytest.raises(ValueError, match=message):
        topae.Autoencoder(**{**SMALL, **params}).fit(x)


def test_not_fitted(x):
    with pytest.raises(ValueError, match="not fitted"):
        topae.Autoencoder().score_samples(x)


def test_files(tmp_path, model):
    with pytest.raises((ValueError, OSError)):
        topae.Autoencoder.load(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text('{"format": "topae-model", "version": 1}')
    with pytest.raises(ValueError, match="bad.json"):
        topae.Autoencoder.load(tmp_path / "bad.json")
    (tmp_path / "folder").mkdir()
    with pytest.raises(ValueError, match="folder"):
        model.save(tmp_path / "folder")  # a folder, not a file: refused, and left as it was
    assert (tmp_path / "folder").is_dir() and not list((tmp_path / "folder").iterdir())


def test_roc_inputs():
    score = np.arange(6.0)
    with pytest.raises(ValueError, match="1.5 is not an integer label"):
        topae.roc(score, [0, 1, 0, 1.5, 0, 1])
    with pytest.raises(ValueError, match="6 labels"):
        topae.roc(score, [0, 1])
    with pytest.raises(ValueError, match="NaN at event 2"):
        topae.roc([0, 1, np.nan], [0, 1, 1])
    with pytest.raises(ValueError, match="signal"):
        topae.roc(score, np.zeros(6, dtype=int))  # no signal event


def test_generators():
    with pytest.raises(ValueError, match="masses"):
        topae.rambo(3, 100.0, masses=[50, 40, 30])  # heavier than the energy
    with pytest.raises(ValueError, match="particles"):
        topae.rambo(1, 100.0)
    with pytest.raises(ValueError, match="resonance"):
        topae.bump_hunt()
    with pytest.raises(ValueError, match="resonance"):
        topae.bump_hunt(resonance="1,2:mass=oops")


def test_audit_and_seams(x, model):
    with pytest.raises(ValueError, match="antipodal: 'z'"):
        topae.audit(x, antipodal=["z"])
    with pytest.raises(ValueError, match="constant"):
        topae.audit(np.column_stack([x[:, 0], np.ones(len(x))]))
    with pytest.raises(ValueError, match="neighbours"):
        topae.seams(model, x, neighbours=0)


def test_k_fold_ensembles_are_refused(tmp_path, x, cli):
    import h5py
    with h5py.File(tmp_path / "x.h5", "w") as f:
        f.create_dataset("data", data=x).attrs["columns"] = ["a", "b"]
    cli("train", tmp_path / "x.h5", "--folds", 2, "--epochs", 1, "--hidden", 4, "--latent", 1, "-o",
        tmp_path / "f.json", "--quiet")
    with pytest.raises(ValueError, match="k-fold"):
        topae.Autoencoder.load(tmp_path / "f.json")
