"""Sizes that a file declares are checked against the data the file holds, and against a
documented ceiling, before anything is allocated for them; files that are not files are
refused by name. Each case: exit code 2, exactly one stderr line `topae: error: ...` naming
the file at fault (and the field), nothing written to the output folder, and (where the old
readers allocated first) little memory: the commands run under an address-space limit far
below what the declared sizes would take.
"""

import json
import os
import re
import resource
import subprocess
import sys
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

# The address space a bounded read may take: `topae score` of a small model runs in less
# than 100 MB of mappings; every declared size below asks for more than this (the smallest,
# a layer of 1e8 inputs, for 400 MB).
ADDRESS_SPACE_LIMIT = 256 << 20


def sanitized(path):
    """True for a binary built with AddressSanitizer (make asan): its shadow memory alone maps
    terabytes of address space, so the limit is put on its heap instead."""
    with open(path, "rb") as f:
        return b"__asan_init" in f.read()


def limit_address_space():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


def limited_run(cmd, env):
    """Runs cmd with its memory limited to ADDRESS_SPACE_LIMIT: the address space, or under
    AddressSanitizer the largest single allocation (which then fails as std::bad_alloc)."""
    if sanitized(cmd[0]):
        env = dict(env, ASAN_OPTIONS=f"max_allocation_size_mb={ADDRESS_SPACE_LIMIT >> 20}:allocator_may_return_null=1")
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120, env=env)
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120, env=env,
                          preexec_fn=limit_address_space)


class BoundedInputCase(topae_cli.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.out = self.path("out")
        os.mkdir(self.out)

    def assert_bad(self, args, names, problem, not_named=()):
        """Runs topae with args under the address-space limit; expects exit 2, one stderr line
        starting 'topae: error: ' that contains every string in `names`, none in `not_named`,
        and matches the regex `problem`; and an empty output folder."""
        cmd = [topae_cli.topae_path()] + [str(a) for a in args]
        env = dict(os.environ, OMP_NUM_THREADS="1")
        proc = limited_run(cmd, env)
        context = f"\n  {' '.join(cmd)}"
        line = topae_cli.assert_error_line(self, proc, names, re.compile(problem, re.IGNORECASE), context)
        for name in not_named:
            self.assertNotIn(str(name), line, f"the message does not blame {name!r}" + context)
        self.assertEqual(os.listdir(self.out), [], "nothing written to the output folder" + context)
        return line

    def good_model(self):
        """A small trained model on columns x, y (2-4-1-4-2 tanh) and its path."""
        if not hasattr(self, "_model"):
            data = topae_cli.generate_circle(self.path("train.csv"), n=100, seed=1, noise=0.05)
            self._model_path = self.path("model.json")
            self._model = topae_cli.train(data, self._model_path, latent=1, hidden=[4], epochs=1, batch=50)
        return json.loads(json.dumps(self._model)), self._model_path

    def good_data(self):
        path = self.path("data.csv")
        if not os.path.exists(path):
            topae_cli.generate_circle(path, n=50, seed=2, noise=0.05)
        return path

    def save(self, name, model):
        return topae_cli.save_model(model, self.path(name))

    def score(self, model_path, data=None):
        return ["score", model_path, data or self.good_data(), "--quiet", "-o", os.path.join(self.out, "s.csv")]

    def train(self, data):
        return ["train", data, "--epochs", "1", "--quiet", "-o", os.path.join(self.out, "m.json")]


class ModelFileTest(BoundedInputCase):
    def huge_input_layer(self, n_in):
        """The good model with its first layer declaring `n_in` inputs while holding 2 per row,
        and the data's columns to match (so only the layer is wrong): about 2 KB."""
        model, _ = self.good_model()
        model["input_dim"] = n_in
        model["encoder"][0]["in"] = n_in
        return model

    def test_layer_declaring_1e8_inputs_over_short_rows_allocates_nothing(self):
        # Before: 400 MB zero-filled (1e8 floats), then the short row was noticed.
        path = self.save("in_1e8.json", self.huge_input_layer(10**8))
        self.assertLess(os.path.getsize(path), 4096)
        self.assert_bad(self.score(path), ["in_1e8.json", "encoder layer 1", "weight row 0", "100000000"],
                        r"must have 100000000 numbers")

    def test_layer_declaring_1e9_inputs_allocates_nothing(self):
        # Before: std::bad_alloc (exit 1, no file name) where 4 GB were not to be had.
        path = self.save("in_1e9.json", self.huge_input_layer(10**9))
        self.assert_bad(self.score(path), ["in_1e9.json", "weight row 0"], r"must have 1000000000 numbers")

    def test_layer_declaring_more_rows_than_it_holds(self):
        model, _ = self.good_model()
        layer = model["decoder"][0]
        layer["out"] = 10**9
        path = self.save("out_1e9.json", model)
        self.assert_bad(self.score(path), ["out_1e9.json", "decoder layer 1", "'weight'"], r"list of 1000000000 rows")

    def test_a_folder_as_model_names_the_folder(self):
        # Before: exit 1, "basic_filebuf::underflow error reading the file: Is a directory".
        folder = self.path("model_dir")
        os.mkdir(folder)
        self.assert_bad(self.score(folder), [folder], r"directory, not a file")

    def test_a_model_that_names_a_column_twice_is_blamed(self):
        # Before: the data file was blamed (for the output's duplicate rec_x).
        model, _ = self.good_model()
        model["columns"] = ["x", "x"]
        path = self.save("twice.json", model)
        data = self.good_data()
        line = self.assert_bad(self.score(path, data), ["twice.json", "'columns'", "'x'"], r"twice",
                               not_named=[os.path.basename(data)])
        self.assertTrue(line.startswith(f"topae: error: {path}: "), line)

    def test_a_number_beyond_a_double_is_bad_json_of_the_model_file(self):
        # Found by fuzz/model_loader. Before: exit 1, nlohmann's "number overflow parsing
        # '1e400'" without the file's name.
        _, good = self.good_model()
        with open(good) as f:
            text = f.read()
        path = self.path("overflow.json")
        with open(path, "w") as f:
            f.write(text.replace('"version": 1,', '"version": 1, "x": 1e400,', 1))
        self.assert_bad(self.score(path), ["overflow.json", "1e400"], r"not valid JSON: .*number overflow")

    def test_a_model_file_beyond_the_ceiling_is_not_read(self):
        path = self.path("huge.json")
        with open(path, "wb") as f:
            f.truncate((1 << 30) + 1)  # sparse: no disk, no time
        self.assert_bad(self.score(path), ["huge.json", "1073741825 bytes"], r"more than the 1073741824")


class TableFileTest(BoundedInputCase):
    def sparse_h5(self, name, n_rows):
        """/data declaring n_rows x 2 in chunks of 1024 rows, of which only 4 rows are written."""
        path = self.path(name)
        with h5py.File(path, "w") as f:
            d = f.create_dataset("data", shape=(n_rows, 2), dtype="f8", chunks=(1024, 2))
            d[:4] = np.arange(8.0).reshape(4, 2)
            d.attrs["columns"] = ["x", "y"]
        return path

    def test_sparse_hdf5_declaring_1e12_rows_is_refused_before_allocation(self):
        # Before: std::bad_alloc (16 TB of doubles) from a 6 KB file.
        path = self.sparse_h5("sparse.h5", 10**12)
        self.assertLess(os.path.getsize(path), 64 * 1024)
        for args in (self.train(path), self.score(self.good_model()[1], path)):
            with self.subTest(command=args[0]):
                self.assert_bad(args, ["sparse.h5", "dataset '/data'", "1000000000000 x 2"],
                                r"more than the 2147483648 a table may have")

    def test_hdf5_declaring_more_rows_than_it_stores(self):
        # Within the ceiling, but 1e6 x 2 declared with 4 rows written: the rest was never stored.
        path = self.sparse_h5("unwritten.h5", 10**6)
        self.assert_bad(self.train(path), ["unwritten.h5", "dataset '/data'", "1000000 x 2", "16000000 bytes"],
                        r"stores 16384 bytes")

    def test_hdf5_label_declared_but_never_written(self):
        path = self.path("label_unwritten.h5")
        with h5py.File(path, "w") as f:
            d = f.create_dataset("data", data=np.arange(20.0).reshape(10, 2))
            d.attrs["columns"] = ["x", "y"]
            f.create_dataset("label", shape=(10,), dtype="i4")
        self.assert_bad(self.train(path), ["label_unwritten.h5", "dataset '/label'"], r"stores 0 bytes")

    def test_compressed_hdf5_reads(self):
        # Compressed data is smaller than it declares: within deflate's ratio, it is read.
        path = self.path("compressed.h5")
        values = np.zeros((20000, 2))
        values[:, 0] = np.arange(20000) % 7
        with h5py.File(path, "w") as f:
            d = f.create_dataset("data", data=values, chunks=(5000, 2), compression="gzip", compression_opts=9)
            d.attrs["columns"] = ["x", "y"]
        self.assertLess(os.path.getsize(path), 8 * 20000 * 2 / 20)
        topae_cli.run("train", path, "--epochs", "1", "--quiet", "--threads", "1", "-o", self.path("m.json"))

    def test_wide_csv_header_over_blank_lines_allocates_nothing(self):
        # Before: 1e6 lines x 20000 columns of doubles (160 GB) reserved before parsing.
        path = self.path("wide.csv")
        with open(path, "w") as f:
            f.write(",".join(f"c{i}" for i in range(20000)) + "\n")
            f.write("\n" * 10**6)
        self.assert_bad(self.train(path), ["wide.csv"], r"no events")

    def test_a_folder_as_data_names_the_folder(self):
        for name in ("folder.csv", "folder.h5"):
            with self.subTest(name=name):
                folder = self.path(name)
                os.mkdir(folder)
                self.assert_bad(self.train(folder), [name], r"directory|not a file|not an HDF5 file")


if __name__ == "__main__":
    unittest.main()
