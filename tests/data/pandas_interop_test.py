"""pandas HDF5 frames (DataFrame.to_hdf, in both of PyTables' layouts) read by topae, checked
against pandas' own reading of the same file: the values bit for bit, the column order, NaN
handled as --nan says, the label and weight by name, string columns refused unless
excluded, and --key chosen among several frames. Also topae's own HDF5 output read by pandas'
engine (h5py) with its compression.
"""

import os
import sys
import unittest

import h5py
import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402


def frame(n=500, seed=7):
    """Columns of several dtypes, as LHC Olympics style tables have them, with NaN in one."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "mjj": rng.uniform(2000, 5000, n),
        "tau21": rng.uniform(0, 1, n).astype(np.float32),
        "n_const": rng.integers(0, 200, n),
        "label": rng.integers(0, 2, n),
        "weight": rng.uniform(0.5, 1.5, n),
        "mj_1": rng.normal(300, 50, n),
    })
    df.loc[::37, "mj_1"] = np.nan
    return df


def read_csv(path):
    return pd.read_csv(path, comment="#", float_precision="round_trip")


class PandasFrames(topae_cli.TempDirTestCase):
    def convert(self, source, *flags, out="out.csv"):
        topae_cli.run("convert", source, "-o", self.path(out), "--quiet", *flags)
        return read_csv(self.path(out))

    def check_same(self, df, got, columns):
        self.assertEqual(list(got.columns), columns + ["label", "weight"])
        for c in columns + ["weight"]:
            expected = df[c].to_numpy(dtype=np.float64)
            self.assertTrue(np.array_equal(got[c].to_numpy(), expected), c)
        self.assertTrue(np.array_equal(got["label"].to_numpy(), df["label"].to_numpy()))

    def test_both_layouts_read_as_pandas_reads_them(self):
        df = frame()
        for layout, extra in [("fixed", {}), ("table", {}), ("table", {"data_columns": True})]:
            with self.subTest(layout=layout, **extra):
                path = self.path(f"{layout}{len(extra)}.h5")
                df.to_hdf(path, key="events", format=layout, **extra)
                back = pd.read_hdf(path, "events")  # pandas' own reading: the reference
                # Missing values are an error naming the column and the row ...
                proc = topae_cli.run("convert", path, "-o", self.path("x.csv"), check=False)
                topae_cli.assert_error_line(self, proc, [path, "row 0, column 'mj_1'"], "missing value")
                self.assertFalse(os.path.exists(self.path("x.csv")))
                # ... or leave their events out.
                got = self.convert(path, "--nan", "drop")
                kept = back.dropna()
                self.assertEqual(len(got), len(kept))
                self.check_same(kept, got, ["mjj", "tau21", "n_const", "mj_1"])
                # Left out, the column does not matter.
                self.assertEqual(len(self.convert(path, "--exclude", "mj_1")), len(df))

    def test_selection_matches_pandas_query(self):
        df = frame()
        path = self.path("f.h5")
        df.to_hdf(path, key="df", format="table")
        got = self.convert(path, "--where", "label == 0 && mjj > 3300 && !(tau21 < 0.2)", "--exclude", "mj_1")
        expected = df.query("label == 0 and mjj > 3300 and not (tau21 < 0.2)")
        self.check_same(expected, got, ["mjj", "tau21", "n_const"])
        got = self.convert(path, "--where", "label == 1", "--exclude", "mj_1", "--max-events", "10")
        self.check_same(df[df.label == 1].head(10), got, ["mjj", "tau21", "n_const"])

    def test_strings_are_refused_unless_left_out_and_keys_are_listed(self):
        df = frame(50)
        df["name"] = [f"e{i}" for i in range(50)]
        path = self.path("s.h5")
        df.to_hdf(path, key="a", format="table")
        df.drop(columns="name").to_hdf(path, key="b", format="fixed")
        proc = topae_cli.run("convert", path, "-o", self.path("x.csv"), check=False)
        topae_cli.assert_error_line(self, proc, [path, "2 tables", "--key", "a, b"])
        proc = topae_cli.run("convert", path, "--key", "c", "-o", self.path("x.csv"), check=False)
        topae_cli.assert_error_line(self, proc, [path, "no key 'c'", "keys: a, b"])
        proc = topae_cli.run("convert", path, "--key", "a", "--nan", "drop", "-o", self.path("x.csv"), check=False)
        topae_cli.assert_error_line(self, proc, [path, "column 'name' is not numeric", "--exclude name"])
        self.assertEqual(len(self.convert(path, "--key", "a", "--nan", "drop", "--exclude", "name")),
                         len(df.dropna()))
        self.assertEqual(len(self.convert(path, "--key", "/b", "--nan", "drop")), len(df.dropna()))

    def test_topae_hdf5_is_compressed_and_readable_by_h5py(self):
        df = frame(2000).dropna()
        path = self.path("f.h5")
        df.to_hdf(path, key="df", format="fixed")
        topae_cli.run("convert", path, "-o", self.path("gz.h5"), "--compression", "gzip", "--quiet")
        topae_cli.run("convert", path, "-o", self.path("raw.h5"), "--quiet")
        with h5py.File(self.path("gz.h5"), "r") as f:
            data = f["data"]
            self.assertEqual(data.compression, "gzip")
            self.assertTrue(data.shuffle)
            self.assertIsNotNone(data.chunks)
            columns = [c.decode() if isinstance(c, bytes) else c for c in data.attrs["columns"]]
            self.assertEqual(columns, ["mjj", "tau21", "n_const", "mj_1"])
            self.assertTrue(np.array_equal(data[:, 0], df["mjj"].to_numpy()))
            self.assertTrue(np.array_equal(f["label"][...], df["label"].to_numpy()))
        with h5py.File(self.path("raw.h5"), "r") as f:
            self.assertIsNone(f["data"].compression)
        self.assertLess(os.path.getsize(self.path("gz.h5")), os.path.getsize(self.path("raw.h5")))


if __name__ == "__main__":
    unittest.main()
