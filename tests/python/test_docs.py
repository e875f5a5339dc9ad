"""Every ```python block of docs/python.md runs, in order, in one namespace, in a scratch
folder; so does the README's. The documentation's examples cannot go stale."""

import os
import re

import pytest

REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def blocks(name):
    with open(os.path.join(REPO, name)) as f:
        return re.findall(r"```python\n(.*?)```", f.read(), flags=re.S)


def run_blocks(name):
    import matplotlib
    matplotlib.use("Agg")  # headless: plots are written, not shown
    namespace = {}
    for i, code in enumerate(blocks(name)):
        try:
            exec(compile(code, f"{name} block {i + 1}", "exec"), namespace)
        except Exception as e:  # name the block that broke
            pytest.fail(f"{name} block {i + 1} failed: {type(e).__name__}: {e}\n{code}")
    return namespace


def test_the_docs_have_examples():
    assert len(blocks("docs/python.md")) >= 8 and len(blocks("README.md")) >= 1


def test_the_readme_example_shows_what_the_readme_says(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_blocks("README.md")["auc"] < 0.4  # "an AUC below one half"


def test_the_python_doc_runs_and_shows_what_it_says(tmp_path, monkeypatch):
    # The text draws conclusions from these numbers; they must hold for the doc to be true.
    monkeypatch.chdir(tmp_path)
    ns = run_blocks("docs/python.md")
    assert ns["roc"].auc < 0.4  # the signal reconstructs better than the background
    assert ns["hunt"].window["low"] <= 500 < ns["hunt"].window["high"]
    assert ns["audit"].min_latent_dim == 2 and len(ns["seams"].seams) >= 1
    assert os.path.getsize("error.png") > 0
