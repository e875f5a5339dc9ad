"""topae's table files against independent readers and writers (h5py, pandas), in the layout of
docs/formats.md: /data (events x columns float64) with attributes `columns` and `truth`,
optional /label (int32) and /weight (float64); CSV with `# truth:` and a header.
"""

import os
import sys
import unittest

import h5py
import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402


def as_str(names):
    return [n.decode() if isinstance(n, bytes) else str(n) for n in names]


def read_h5(path):
    """(columns, truth, values, label, weight) of a table file, read with h5py."""
    with h5py.File(path, "r") as f:
        data = f["data"]
        columns = as_str(data.attrs["columns"])
        truth = as_str(data.attrs["truth"]) if "truth" in data.attrs else []
        values = data[...]
        label = f["label"][...] if "label" in f else None
        weight = f["weight"][...] if "weight" in f else None
    return columns, truth, values, label, weight


def csv_matrix(cols, names):
    return np.column_stack([np.array(cols[n], dtype=np.float64) for n in names])


def assert_bits_equal(test, a, b, what):
    """Same doubles, bit for bit (so -0.0 != 0.0 and NaN would be caught)."""
    a = np.ascontiguousarray(a, dtype=np.float64)
    b = np.ascontiguousarray(b, dtype=np.float64)
    test.assertEqual(a.shape, b.shape, what)
    same = a.view(np.uint64) == b.view(np.uint64)
    if not same.all():
        i = np.argwhere(~same)[0]
        test.fail(f"{what}: {int((~same).sum())} values differ, first at {tuple(i)}: {a[tuple(i)]!r} vs {b[tuple(i)]!r}")


def write_h5_table(path, columns, values, truth=None, label=None, weight=None, columns_attr=None):
    with h5py.File(path, "w") as f:
        data = f.create_dataset("data", data=values)
        data.attrs["columns"] = columns if columns_attr is None else columns_attr
        if truth is not None:
            data.attrs["truth"] = truth
        if label is not None:
            f.create_dataset("label", data=label)
        if weight is not None:
            f.create_dataset("weight", data=weight)
    return path


def labelled_dataset(n=400, seed=3):
    """Columns a, b, c (features) and t (truth), labels 0/1 and weights of both signs."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, 2 * np.pi, n)
    values = np.column_stack([np.cos(t) + 0.05 * rng.standard_normal(n), np.sin(t) * 3.0 + 1.0,
                              0.1 * rng.standard_normal(n) - 2.0, t])
    label = (rng.uniform(size=n) < 0.2).astype(np.int32)
    weight = rng.normal(1.0, 0.5, n)
    weight[0] = -0.25
    return ["a", "b", "c", "t"], values, label, weight


class TopaeWritesHdf5Test(topae_cli.TempDirTestCase):
    def test_generate_h5_layout_and_values_equal_csv(self):
        h5 = topae_cli.generate_circle(self.path("c.h5"), n=300, seed=5, noise=0.1, radius=1.5)
        csv = topae_cli.generate_circle(self.path("c.csv"), n=300, seed=5, noise=0.1, radius=1.5)
        with h5py.File(h5, "r") as f:
            self.assertEqual(sorted(f.keys()), ["data"], "no /label or /weight for unlabelled data")
            data = f["data"]
            self.assertEqual(data.shape, (300, 3))
            self.assertEqual(data.dtype, np.dtype("<f8"))
            self.assertIsNotNone(data.chunks, "chunked by rows")
            self.assertEqual(data.chunks[1], 3, "whole rows per chunk")
            self.assertIsNone(data.compression, "uncompressed unless asked")
            for attr in ("columns", "truth"):
                info = h5py.check_string_dtype(data.attrs.get_id(attr).dtype)
                self.assertIsNotNone(info, f"attribute {attr} holds strings")
                self.assertEqual((info.encoding, info.length), ("utf-8", None), f"{attr}: variable-length UTF-8")
                self.assertEqual(data.attrs.get_id(attr).shape, (3,) if attr == "columns" else (1,))
        columns, truth, values, label, weight = read_h5(h5)
        self.assertEqual(columns, ["x", "y", "theta"])
        self.assertEqual(truth, ["theta"])
        self.assertIsNone(label)
        self.assertIsNone(weight)
        csv_truth, cols = topae_cli.read_csv(csv)
        self.assertEqual(csv_truth, ["theta"])
        self.assertEqual(list(cols), columns)
        assert_bits_equal(self, values, csv_matrix(cols, columns), "generate .h5 vs .csv")
        # The circle: radius 1.5 at angle theta, plus noise of sd 0.1.
        r = np.hypot(values[:, 0], values[:, 1])
        self.assertLess(abs(float(np.mean(r)) - 1.5), 0.05)

    def test_score_h5_equals_score_csv(self):
        train = topae_cli.generate_circle(self.path("train.csv"), n=500, seed=1, noise=0.05)
        model = self.path("model.json")
        topae_cli.train(train, model, latent=1, hidden=[8, 8], epochs=5, batch=50, seed=2)
        data_csv = topae_cli.generate_circle(self.path("d.csv"), n=200, seed=9, noise=0.1)
        data_h5 = topae_cli.generate_circle(self.path("d.h5"), n=200, seed=9, noise=0.1)
        s_h5 = topae_cli.score(model, data_h5, self.path("s.h5"))
        s_csv = topae_cli.score(model, data_csv, self.path("s.csv"))
        columns, truth, values, label, weight = read_h5(s_h5)
        self.assertEqual(columns, ["error", "distance", "z_1", "rec_x", "rec_y", "theta"])
        self.assertEqual(truth, ["theta"])
        self.assertIsNone(label)
        self.assertIsNone(weight)
        csv_truth, cols = topae_cli.read_csv(s_csv)
        self.assertEqual(csv_truth, truth)
        self.assertEqual(list(cols), columns)
        assert_bits_equal(self, values, csv_matrix(cols, columns), "score .h5 vs .csv")
        # The truth column is copied unchanged from the input.
        _, _, data_values, _, _ = read_h5(data_h5)
        assert_bits_equal(self, values[:, 5], data_values[:, 2], "theta carried into the scores")
        with h5py.File(s_h5, "r") as f:
            self.assertEqual(f["data"].dtype, np.dtype("<f8"))

    def test_pandas_reads_topae_csv(self):
        csv = topae_cli.generate_circle(self.path("c.csv"), n=250, seed=4, noise=0.3)
        h5 = topae_cli.generate_circle(self.path("c.h5"), n=250, seed=4, noise=0.3)
        df = pd.read_csv(csv, comment="#", float_precision="round_trip")
        columns, _, values, _, _ = read_h5(h5)
        self.assertEqual(list(df.columns), columns)
        for c in df.columns:
            self.assertEqual(df[c].dtype, np.float64, f"pandas dtype of {c}")
        assert_bits_equal(self, df.to_numpy(), values, "pandas-read CSV vs h5py-read HDF5")

    def test_pandas_reads_labels_as_int_and_weights_as_float(self):
        names, values, label, weight = labelled_dataset(n=100)
        # Integral values, where a writer could be tempted to drop the ".0".
        values[:10, 0] = np.arange(10) - 5.0
        weight[:5] = [1.0, 2.0, -3.0, 0.0, 4.0]
        h5 = write_h5_table(self.path("in.h5"), names, values, truth=["t"], label=label, weight=weight)
        model = self.path("model.json")
        topae_cli.train(h5, model, latent=1, hidden=[4], epochs=1, batch=50)
        out = topae_cli.score(model, h5, self.path("s.csv"), keep=["a"])
        df = pd.read_csv(out, comment="#", float_precision="round_trip")
        self.assertEqual(list(df.columns), ["error", "distance", "z_1", "rec_a", "rec_b", "rec_c", "t", "a", "label",
                                            "weight"])
        self.assertTrue(np.issubdtype(df["label"].dtype, np.integer), df["label"].dtype)
        for c in df.columns:
            if c != "label":
                self.assertEqual(df[c].dtype, np.float64, f"pandas dtype of {c}")
        np.testing.assert_array_equal(df["label"].to_numpy(), label)
        assert_bits_equal(self, df["weight"].to_numpy(), weight, "weights through CSV")
        assert_bits_equal(self, df["a"].to_numpy(), values[:, 0], "--keep a")


class TopaeReadsH5pyTest(topae_cli.TempDirTestCase):
    def test_label_weight_truth_come_through(self):
        names, values, label, weight = labelled_dataset()
        h5 = write_h5_table(self.path("in.h5"), names, values, truth=["t"], label=label, weight=weight)
        model_path = self.path("model.json")
        model = topae_cli.train(h5, model_path, latent=2, hidden=[8], epochs=3, batch=64)
        self.assertEqual(model["columns"], ["a", "b", "c"], "truth, label and weight are not features")
        self.assertEqual(model["training"]["n_events"], len(label))
        # The standardizer saw the h5py values: compare with numpy's mean and population std.
        np.testing.assert_allclose(model["standardizer"]["mean"], values[:, :3].mean(axis=0), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(model["standardizer"]["std"], values[:, :3].std(axis=0), rtol=1e-10)

        s_h5 = topae_cli.score(model_path, h5, self.path("s.h5"))
        columns, truth, out, out_label, out_weight = read_h5(s_h5)
        self.assertEqual(columns, ["error", "distance", "z_1", "z_2", "rec_a", "rec_b", "rec_c", "t"])
        self.assertEqual(truth, ["t"])
        assert_bits_equal(self, out[:, columns.index("t")], values[:, 3], "truth column t")
        self.assertIsNotNone(out_label, "/label written")
        self.assertIsNotNone(out_weight, "/weight written")
        with h5py.File(s_h5, "r") as f:
            self.assertEqual(f["label"].dtype, np.dtype("<i4"))
            self.assertEqual(f["weight"].dtype, np.dtype("<f8"))
            self.assertEqual(f["label"].shape, (len(label),))
        np.testing.assert_array_equal(out_label, label)
        assert_bits_equal(self, out_weight, weight, "/weight")

        s_csv = topae_cli.score(model_path, h5, self.path("s.csv"))
        csv_truth, cols = topae_cli.read_csv(s_csv)
        self.assertEqual(csv_truth, ["t"])
        self.assertEqual(list(cols), columns + ["label", "weight"])
        self.assertEqual(cols["label"], [int(v) for v in label])
        assert_bits_equal(self, cols["weight"], weight, "weight column in CSV")
        assert_bits_equal(self, csv_matrix(cols, columns), out, "scores CSV vs HDF5")

    def test_round_trip_h5_to_csv_to_h5_is_exact(self):
        """Scoring with --keep copies the input columns; through CSV and back every bit survives,
        including -0.0, subnormals and extremes."""
        names, values, label, weight = labelled_dataset(n=64)
        values[0, 0] = -0.0
        values[1, 0] = 5e-324
        values[2, 1] = 1.7976931348623157e308
        values[3, 2] = 2.2250738585072014e-308
        values[4, 0] = 0.1 + 0.2
        h5 = write_h5_table(self.path("in.h5"), names, values, truth=["t"], label=label, weight=weight)
        model = self.path("model.json")
        topae_cli.train(h5, model, latent=1, hidden=[4], epochs=1, batch=64, columns=["a", "c"])
        s_csv = topae_cli.score(model, h5, self.path("s.csv"), keep=["a", "b", "c"])
        s_h5 = topae_cli.score(model, s_csv, self.path("s.h5"), keep=["a", "b", "c"])
        columns, truth, out, out_label, out_weight = read_h5(s_h5)
        self.assertEqual(truth, ["t"])
        for j, name in enumerate(names):
            assert_bits_equal(self, out[:, columns.index(name)], values[:, j], f"column {name} after h5 -> csv -> h5")
        np.testing.assert_array_equal(out_label, label)
        assert_bits_equal(self, out_weight, weight, "weight after h5 -> csv -> h5")

    def test_other_numeric_types(self):
        """/data of integers or float32, /label of int64 or integral floats, /weight of float32."""
        names, values, label, weight = labelled_dataset(n=50)
        ints = np.round(values * 100).astype(np.int64)
        h5 = write_h5_table(self.path("int.h5"), names, ints, truth=["t"], label=label.astype(np.int64),
                            weight=weight.astype(np.float32))
        model = self.path("model.json")
        topae_cli.train(h5, model, latent=1, hidden=[4], epochs=1, batch=50)
        columns, _, out, out_label, out_weight = read_h5(topae_cli.score(model, h5, self.path("s.h5")))
        assert_bits_equal(self, out[:, columns.index("t")], ints[:, 3].astype(np.float64), "int64 /data")
        np.testing.assert_array_equal(out_label, label)
        assert_bits_equal(self, out_weight, weight.astype(np.float32).astype(np.float64), "float32 /weight")

        f32 = write_h5_table(self.path("f32.h5"), names, values.astype(np.float32), truth=["t"],
                             label=label.astype(np.float64))
        columns, _, out, out_label, _ = read_h5(topae_cli.score(model, f32, self.path("s32.h5")))
        assert_bits_equal(self, out[:, columns.index("t")], values[:, 3].astype(np.float32).astype(np.float64),
                          "float32 /data")
        np.testing.assert_array_equal(out_label, label)

    def test_fixed_length_string_attributes(self):
        """numpy 'S' arrays as h5py writes them (fixed-length, NUL-padded), for columns and truth."""
        names, values, label, weight = labelled_dataset(n=80)
        h5 = write_h5_table(self.path("fixed.h5"), names, values,
                            columns_attr=np.array([n.encode() for n in names], dtype="S8"),
                            truth=np.array([b"t"], dtype="S5"), label=label)
        with h5py.File(h5, "r") as f:
            info = h5py.check_string_dtype(f["data"].attrs.get_id("columns").dtype)
            self.assertEqual(info.length, 8, "the file really holds fixed-length strings")
        model_path = self.path("model.json")
        model = topae_cli.train(h5, model_path, latent=1, hidden=[4], epochs=1, batch=40)
        self.assertEqual(model["columns"], ["a", "b", "c"])
        columns, truth, out, out_label, _ = read_h5(topae_cli.score(model_path, h5, self.path("s.h5")))
        self.assertEqual(truth, ["t"])
        self.assertEqual(columns[-1], "t")
        assert_bits_equal(self, out[:, -1], values[:, 3], "truth column t")
        np.testing.assert_array_equal(out_label, label)

    def test_fixed_length_space_padded_utf8_attribute(self):
        """Fixed-length strings padded with spaces (Fortran style), UTF-8, as the HDF5 API can write."""
        names, values, _, _ = labelled_dataset(n=40)
        names = ["a", "b", "\u00e9nergie", "t"]
        h5 = self.path("spacepad.h5")
        with h5py.File(h5, "w") as f:
            data = f.create_dataset("data", data=values)
            tid = h5py.h5t.C_S1.copy()
            tid.set_size(12)
            tid.set_strpad(h5py.h5t.STR_SPACEPAD)
            tid.set_cset(h5py.h5t.CSET_UTF8)
            space = h5py.h5s.create_simple((len(names),))
            attr = h5py.h5a.create(data.id, b"columns", tid, space)
            attr.write(np.array([n.encode().ljust(12) for n in names], dtype="S12"), mtype=tid)
            data.attrs["truth"] = ["t"]
        model_path = self.path("model.json")
        model = topae_cli.train(h5, model_path, latent=1, hidden=[4], epochs=1, batch=40)
        self.assertEqual(model["columns"], ["a", "b", "\u00e9nergie"])
        columns, truth, _, _, _ = read_h5(topae_cli.score(model_path, h5, self.path("s.h5")))
        self.assertEqual(columns, ["error", "distance", "z_1", "rec_a", "rec_b", "rec_\u00e9nergie", "t"])
        self.assertEqual(truth, ["t"])

    def test_other_objects_are_ignored(self):
        names, values, label, weight = labelled_dataset(n=30)
        h5 = write_h5_table(self.path("extra.h5"), names, values, truth=["t"])
        with h5py.File(h5, "a") as f:
            f.create_dataset("notes", data=np.arange(7))
            f.create_group("meta").attrs["creator"] = "h5py"
            f["data"].attrs["units"] = "GeV"
        model_path = self.path("model.json")
        model = topae_cli.train(h5, model_path, latent=1, hidden=[4], epochs=1, batch=30)
        self.assertEqual(model["columns"], ["a", "b", "c"])


if __name__ == "__main__":
    unittest.main()
