"""The Python API gives the CLI's numbers for the same inputs and settings: models weight for
weight, scores bit for bit, generators event for event, and the analyses' JSON."""

import json

import numpy as np
import pandas as pd

import topae
from conftest import read_table

TRAIN = dict(latent=1, hidden=(16, 8), epochs=4, batch=32, lr=3e-3, seed=7)


def cli_flags(params):
    flags = []
    for key, value in params.items():
        flag = "--" + key.replace("_", "-")
        flags += [flag, ",".join(map(str, value)) if isinstance(value, tuple) else str(value)]
    return flags


def network(model_json):
    j = json.loads(model_json) if isinstance(model_json, str) else model_json
    return {k: j[k] for k in ("encoder", "decoder", "standardizer", "columns")}


def test_train_and_score_as_the_cli(circle, cli, tmp_path):
    path, x, _ = circle
    cli("train", path, "-o", tmp_path / "m.json", *cli_flags(TRAIN), "--quiet")
    cli("score", tmp_path / "m.json", path, "-o", tmp_path / "s.h5", "--quiet", "--threads", 1)
    model = topae.Autoencoder(**TRAIN).fit(x, columns=None)
    cli_model = json.loads((tmp_path / "m.json").read_text())
    ours = json.loads(model.model_.to_json())
    ours["columns"] = cli_model["columns"]  # x, y in the file; x1, x2 for a bare array
    assert network(ours) == network(cli_model)
    scored = read_table(tmp_path / "s.h5")
    table = model.scores(x)
    for column in ("error", "distance", "z_1"):
        np.testing.assert_array_equal(table[column], scored[column], err_msg=column)
    np.testing.assert_array_equal(table["rec_x1"], scored["rec_x"])


def test_a_cli_model_scores_as_in_the_cli(circle, cli, tmp_path):
    path, x, _ = circle
    cli("train", path, "-o", tmp_path / "m.json", *cli_flags(TRAIN), "--quiet")
    cli("score", tmp_path / "m.json", path, "-o", tmp_path / "s.h5", "--quiet")
    loaded = topae.Autoencoder.load(tmp_path / "m.json")
    assert loaded.get_params()["hidden"] == (16, 8) and loaded.latent == 1
    np.testing.assert_array_equal(loaded.score_samples(x), read_table(tmp_path / "s.h5")["error"])


def test_a_python_model_scores_in_the_cli(circle, cli, tmp_path):
    path, x, _ = circle
    frame = pd.DataFrame({"x": x[:, 0], "y": x[:, 1]})
    model = topae.Autoencoder(**TRAIN).fit(frame)
    model.save(tmp_path / "m.json")
    cli("score", tmp_path / "m.json", path, "-o", tmp_path / "s.h5", "--quiet")
    np.testing.assert_array_equal(model.score_samples(frame), read_table(tmp_path / "s.h5")["error"])


def test_ensembles_as_the_cli(circle, cli, tmp_path):
    path, x, _ = circle
    cli("train", path, "-o", tmp_path / "e.json", *cli_flags({k: v for k, v in TRAIN.items() if k != "seed"}),
        "--seeds", "1-3", "--bootstrap", "--quiet")
    cli("score", tmp_path / "e.json", path, "-o", tmp_path / "s.h5", "--quiet")
    ensemble = topae.Autoencoder(**{**TRAIN, "seeds": range(1, 4), "bootstrap": True, "threads": 2}).fit(x)
    scored, table = read_table(tmp_path / "s.h5"), ensemble.scores(x)
    for column in ("error", "error_min", "error_spread", "error_s3"):
        np.testing.assert_array_equal(table[column], scored[column], err_msg=column)
    loaded = topae.Autoencoder.load(tmp_path / "e.json")
    assert loaded.seeds == [1, 2, 3] and loaded.bootstrap
    np.testing.assert_array_equal(loaded.score_samples(x), scored["error"])


def test_rambo_as_generate_phase_space(cli, tmp_path):
    cli("generate", "phase-space", "--particles", 4, "--energy", 200, "--masses", "0,1.5,3,10", "--n", 500,
        "--seed", 11, "-o", tmp_path / "ps.h5", "--quiet")
    t = read_table(tmp_path / "ps.h5")
    momenta, weights = topae.rambo(4, 200.0, masses=[0, 1.5, 3, 10], events=500, seed=11)
    assert momenta.shape == (500, 4, 4)
    for i in range(4):
        for c, name in enumerate(("E", "px", "py", "pz")):
            np.testing.assert_array_equal(momenta[:, i, c], t[f"{name}_{i + 1}"], err_msg=f"{name}_{i + 1}")
    np.testing.assert_array_equal(weights, t["weight"])


def test_bump_hunt_as_generate_bump_hunt(cli, tmp_path):
    cli("generate", "bump-hunt", "--particles", 3, "--energy", 1000, "--resonance", "1,2:mass=500,width=5",
        "--signal-fraction", 0.05, "--features", "invariants", "--n", 400, "--seed", 2, "-o", tmp_path / "b.h5",
        "--quiet")
    t = read_table(tmp_path / "b.h5")
    frame = topae.bump_hunt(resonance=dict(daughters=(1, 2), mass=500, width=5), signal_fraction=0.05, events=400,
                            seed=2)
    assert set(t) == set(frame.columns)
    for column in t:
        np.testing.assert_array_equal(frame[column].to_numpy(), t[column], err_msg=column)
    assert frame.attrs["truth"] == ["m_12", "m_13", "m_23"] and frame["label"].sum() == 20


def test_roc_as_topae_roc(cli, tmp_path):
    rng = np.random.default_rng(4)
    n = 300
    label = (rng.random(n) < 0.3).astype(np.int32)
    score = rng.normal(size=n) + label
    with open(tmp_path / "s.csv", "w") as f:
        f.write("score,label\n")
        for s, y in zip(score, label):
            f.write(f"{float(s)!r},{y}\n")
    cli("roc", tmp_path / "s.csv", "--score", "score", "-o", tmp_path / "roc.json", "--no-figures", "--quiet")
    expected = json.loads((tmp_path / "roc.json").read_text())
    got = topae.roc(score, label)
    for key in ("auc", "auc_error", "n_signal", "n_background", "max_sic", "rejection", "thresholds", "curve"):
        assert got[key] == expected[key], key
    assert got.eff_s[0] == 0 and got.eff_s[-1] == 1 and len(got.eff_s) == got.curve_points


def test_audit_as_topae_audit(circle, cli, tmp_path):
    path, x, _ = circle
    cli("audit", path, "-o", tmp_path / "audit", "--no-figures", "--quiet")
    expected = json.loads((tmp_path / "audit" / "audit.json").read_text())
    got = topae.audit(x)
    for key in ("intrinsic_dimension", "betti", "min_latent_dim", "latent_geometry", "confident", "summary"):
        assert got[key] == expected[key], key
    assert got.min_latent_dim == 2  # a circle needs a 2-dimensional latent space


def test_seams_as_topae_seams(circle, cli, tmp_path):
    path, x, _ = circle
    cli("train", path, "-o", tmp_path / "m.json", *cli_flags(TRAIN), "--quiet")
    cli("seams", tmp_path / "m.json", path, "-o", tmp_path / "seams", "--no-figures", "--quiet")
    expected = json.loads((tmp_path / "seams" / "seams.json").read_text())
    events = read_table(tmp_path / "seams" / "events.h5")
    got = topae.seams(topae.Autoencoder.load(tmp_path / "m.json"), pd.DataFrame({"x": x[:, 0], "y": x[:, 1]}))
    for key in ("n_events", "n_flagged_events", "n_seam_events", "threshold", "stretch", "seams"):
        a = [{k: v for k, v in s.items() if k != "events"} for s in got[key]] if key == "seams" else got[key]
        assert a == expected[key], key
    np.testing.assert_array_equal(got.seam_score, events["seam_score"])
    np.testing.assert_array_equal(got.on_seam, events["on_seam"] != 0)


def test_bumphunter_as_topae_bumphunt(cli, tmp_path):
    frame = topae.bump_hunt(resonance="1,2:mass=500,width=10", signal_fraction=0.1, events=4000, seed=5)
    reference = topae.bump_hunt(resonance="1,2:mass=500,width=10", signal_fraction=0.0, events=8000, seed=6)
    for table in (frame, reference):
        table["error"] = np.arange(len(table))  # the CLI cuts on a score; its first hunt has no cut
    frame.to_csv(tmp_path / "data.csv", index=False, columns=["m_12", "error"])
    reference.to_csv(tmp_path / "ref.csv", index=False, columns=["m_12", "error"])
    cli("bumphunt", tmp_path / "data.csv", "--mass", "m_12", "--reference", tmp_path / "ref.csv", "--bins", 30,
        "--range", "0,1000", "--pseudo", 200, "-o", tmp_path / "hunt", "--no-figures", "--quiet")
    expected = json.loads((tmp_path / "hunt" / "results.json").read_text())
    got = topae.bumphunter(frame["m_12"], reference["m_12"], bins=30, range=(0, 1000), pseudo_experiments=200)
    hunt = expected["cuts"][0]["bump_hunt"]
    assert expected["cuts"][0]["quantile"] is None
    for key in ("window", "t", "global_p", "global_significance", "pseudo_at_least"):
        assert got[key] == hunt[key], key
    np.testing.assert_array_equal(got.expected, hunt["expected"])
    assert 450 <= got.window["low"] < got.window["high"] <= 560  # the resonance at 500
