"""Shared fixtures of the Python API's tests (CTest runs each file with PYTHONPATH at the
build tree's package and $TOPAE at the CLI, so that both can be compared)."""

import os
import sys

import h5py
import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402


@pytest.fixture
def cli():
    """cli(*args): runs the topae CLI, failing the test on a non-zero exit."""
    return topae_cli.run


def read_table(path):
    """A topae HDF5 table: {column: array}, with "label" and "weight" where present."""
    with h5py.File(path, "r") as f:
        names = [c.decode() if isinstance(c, bytes) else c for c in f["data"].attrs["columns"]]
        values = f["data"][:]
        out = {name: values[:, j] for j, name in enumerate(names)}
        for extra in ("label", "weight"):
            if extra in f:
                out[extra] = f[extra][:]
        return out


@pytest.fixture
def circle(tmp_path, cli):
    """A noisy circle from `topae generate circle` (x, y and the truth theta) and its arrays."""
    path = tmp_path / "circle.h5"
    cli("generate", "circle", "--n", 600, "--noise", 0.02, "--seed", 3, "-o", path, "--quiet")
    t = read_table(path)
    return path, np.column_stack([t["x"], t["y"]]), t["theta"]
