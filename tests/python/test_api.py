"""topae.Autoencoder as a scikit-learn style estimator: shapes, inputs of every layout and
dtype giving the same numbers, parameters, history, files and pickling."""

import json
import pickle
import threading

import numpy as np
import pandas as pd
import pytest

import topae

SMALL = dict(latent=1, hidden=(16,), epochs=3, seed=5)


@pytest.fixture
def fitted(circle):
    _, x, _ = circle
    return topae.Autoencoder(**SMALL).fit(x), x


def test_shapes(fitted):
    model, x = fitted
    assert model.transform(x).shape == (len(x), 1)
    assert model.reconstruct(x).shape == x.shape
    error = model.score_samples(x)
    assert error.shape == (len(x),) and error.dtype == np.float64 and (error >= 0).all()
    assert model.n_features_in_ == 2 and list(model.feature_names_in_) == ["x1", "x2"]


def test_score_is_the_squared_standardized_distance(fitted):
    # An independent reading of the loss: (x - r)^2 summed in the standardizer's units.
    model, x = fitted
    record = json.loads(model.model_.to_json())["standardizer"]
    mean, std = np.array(record["mean"]), np.array(record["std"])
    z, zr = (x - mean) / std, (model.reconstruct(x) - mean) / std
    np.testing.assert_allclose(model.score_samples(x), ((z - zr) ** 2).sum(axis=1), rtol=1e-4, atol=1e-6)


def test_every_layout_and_dtype_scores_the_same(fitted):
    model, x = fitted
    expected = model.score_samples(x)
    np.testing.assert_array_equal(model.score_samples(np.asfortranarray(x)), expected)
    wide = np.zeros((len(x), 4))
    wide[:, ::2] = x
    np.testing.assert_array_equal(model.score_samples(wide[:, ::2]), expected)  # strided columns
    np.testing.assert_array_equal(model.score_samples(x.tolist()), expected)
    x32 = x.astype(np.float32)
    np.testing.assert_array_equal(model.score_samples(x32), model.score_samples(x32.astype(np.float64)))


def test_float32_and_float64_train_alike(circle):
    _, x, _ = circle
    x32 = x.astype(np.float32)
    a = topae.Autoencoder(**SMALL).fit(x32).score_samples(x32)
    b = topae.Autoencoder(**SMALL).fit(x32.astype(np.float64)).score_samples(x32)
    np.testing.assert_array_equal(a, b)


def test_data_frames_by_column_name(fitted):
    model, x = fitted
    frame = pd.DataFrame({"other": np.arange(len(x)), "x2": x[:, 1], "x1": x[:, 0]})
    np.testing.assert_array_equal(model.score_samples(frame), model.score_samples(x))
    named = topae.Autoencoder(**SMALL).fit(frame, columns=["x1", "x2"])
    assert list(named.model_.columns) == ["x1", "x2"]
    np.testing.assert_array_equal(named.score_samples(frame), model.score_samples(x))


def test_same_seed_same_model_other_seed_other_model(circle, fitted):
    model, x = fitted
    again = topae.Autoencoder(**SMALL).fit(x)
    np.testing.assert_array_equal(again.score_samples(x), model.score_samples(x))
    other = topae.Autoencoder(**{**SMALL, "seed": 6}).fit(x)
    assert not np.array_equal(other.score_samples(x), model.score_samples(x))


def test_history(fitted):
    model, _ = fitted
    h = model.history_
    assert list(h["epoch"]) == [1, 2, 3]
    assert set(h) == {"epoch", "train_loss", "validation_loss", "lr", "seconds"}
    assert np.isfinite(h["train_loss"]).all() and np.isfinite(h["validation_loss"]).all()
    assert (h["lr"] == 1e-3).all()


def test_on_epoch_is_called_on_the_calling_thread(circle):
    _, x = circle[:2]
    seen = []
    topae.Autoencoder(**SMALL).fit(x, on_epoch=lambda m: seen.append((m["epoch"], threading.get_ident())))
    assert [e for e, _ in seen] == [1, 2, 3]
    assert {t for _, t in seen} == {threading.get_ident()}


def test_an_exception_in_on_epoch_stops_training(circle):
    _, x = circle[:2]
    epochs = []

    def stop(m):
        epochs.append(m["epoch"])
        if m["epoch"] == 2:
            raise RuntimeError("enough")

    with pytest.raises(RuntimeError, match="enough"):
        topae.Autoencoder(**{**SMALL, "epochs": 50}).fit(x, on_epoch=stop)
    assert epochs[:2] == [1, 2] and len(epochs) < 50


def test_params_round_trip_and_clone(fitted):
    model, _ = fitted
    params = model.get_params()
    assert params["latent"] == 1 and params["hidden"] == (16,) and params["epochs"] == 3
    clone = topae.Autoencoder(**params)
    assert clone.get_params() == params
    clone.set_params(epochs=7)
    assert clone.epochs == 7
    with pytest.raises(ValueError, match="no parameter 'epoch'"):
        clone.set_params(epoch=7)
    assert "latent=1" in repr(model) and "epochs=3" in repr(model)


def test_defaults_are_the_library_defaults(circle):
    # The parameters written into the model's training record by the C++ side are the
    # estimator's defaults read back: Python's defaults cannot drift from the library's.
    _, x = circle[:2]
    model = topae.Autoencoder(epochs=1).fit(x)
    loaded = topae.Autoencoder._from_model(model.model_).get_params()
    defaults = topae.Autoencoder(epochs=1).get_params()
    for name, value in defaults.items():
        if name == "weight_decay":
            continue  # None: the optimizer's default, which the record resolves
        got = loaded.get(name, value)
        assert got == value or (isinstance(value, tuple) and tuple(got) == value), name


def test_save_and_load(tmp_path, fitted):
    model, x = fitted
    path = tmp_path / "m.json"
    model.save(path)
    loaded = topae.Autoencoder.load(path)
    np.testing.assert_array_equal(loaded.score_samples(x), model.score_samples(x))
    # weight_decay=None (the optimizer's default) reads back resolved: adam's is 0.
    assert loaded.get_params() == {**model.get_params(), "weight_decay": 0.0}
    for key in ("epoch", "train_loss", "validation_loss"):
        np.testing.assert_array_equal(loaded.history_[key], model.history_[key])


def test_loaded_schedule_and_optimizer_settings(circle, tmp_path):
    _, x = circle[:2]
    params = dict(SMALL, optimizer="sgd", momentum=0.5, nesterov=True, schedule="step", step_size=2, gamma=0.5)
    model = topae.Autoencoder(**params).fit(x)
    model.save(tmp_path / "m.json")
    loaded = topae.Autoencoder.load(tmp_path / "m.json").get_params()
    for name, value in params.items():
        assert loaded[name] == value, name


def test_pickle(fitted):
    model, x = fitted
    copy = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(copy.score_samples(x), model.score_samples(x))
    assert copy.get_params() == model.get_params()


def test_scores_table(fitted):
    model, x = fitted
    table = model.scores(x)
    assert list(table.columns) == ["error", "distance", "z_1", "rec_x1", "rec_x2"]
    np.testing.assert_array_equal(table["error"], model.score_samples(x))
    np.testing.assert_array_equal(table[["rec_x1", "rec_x2"]].to_numpy(), model.reconstruct(x))
    assert set(model.scores(x, as_frame=False)) == set(table.columns)


def test_ensemble(circle):
    _, x = circle[:2]
    ensemble = topae.Autoencoder(**SMALL, seeds=[1, 2, 3], threads=2).fit(x)
    assert ensemble.is_ensemble and set(ensemble.history_) == {1, 2, 3}
    members = [topae.Autoencoder(**{**SMALL, "seed": s}).fit(x).score_samples(x) for s in (1, 2, 3)]
    np.testing.assert_array_equal(ensemble.score_samples(x), np.median(members, axis=0))
    table = ensemble.scores(x)
    assert list(table.columns)[:5] == ["error", "error_min", "error_mean", "error_spread", "disagreement"]
    np.testing.assert_array_equal(table["error_s2"], members[1])
    with pytest.raises(ValueError, match="per model"):
        ensemble.transform(x)


def test_the_library_reads_float64_rows_in_place(fitted):
    # The C++ side binds only C-contiguous float64 arrays (pybind11 noconvert): those it maps
    # without a copy; anything else is converted once, in Python, before it gets there.
    model, x = fitted
    raw = model.model_
    assert raw.score(x, 1)["error"].shape == (len(x),)
    for other in (x.astype(np.float32), np.asfortranarray(x), x[::2]):
        if other.flags.c_contiguous and other.dtype == np.float64:
            continue
        with pytest.raises(TypeError):
            raw.score(other, 1)


def test_a_frame_trains_on_its_features_as_the_cli_does():
    # label, weight and the generator's truth columns (m_ij) are not features by default.
    events = topae.bump_hunt(resonance="1,2:mass=500,width=5", events=300, seed=1)
    model = topae.Autoencoder(latent=1, hidden=(8,), epochs=1).fit(events)
    assert list(model.model_.columns) == ["s_12", "s_13", "s_23"]
    assert topae.audit(events).columns == ["s_12", "s_13", "s_23"]
