"""Bad input through the CLI: exit code 2, exactly one line on stderr (`topae: error: ...`) that
names the file and the problem, and nothing left behind in the output's folder (no output
file, no temporary file; an existing output file untouched).

Also: `--help` exits 0 and lists the flags with their defaults, and those defaults are what
`topae train` really uses.
"""

import json
import os
import re
import sys
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402


class BadInputCase(topae_cli.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.out = self.path("out")
        os.mkdir(self.out)

    def assert_bad(self, args, names=(), problem=None, code=2, existing=None):
        """Runs topae with args, expects exit `code`, one stderr line containing every string in
        `names` (file names, flags, values) and matching the regex `problem`, and an output folder
        holding exactly `existing` (name -> content) afterwards."""
        existing = existing or {}
        self.assertEqual(sorted(os.listdir(self.out)), sorted(existing), "output folder before the run")
        try:
            return self._check_bad(args, names, problem, code, existing)
        finally:
            # A case that wrongly wrote something must not spill into the next one.
            for name in os.listdir(self.out):
                if name not in existing:
                    os.remove(os.path.join(self.out, name))

    def _check_bad(self, args, names, problem, code, existing):
        proc = topae_cli.run(*args, check=False)
        shown = " ".join(os.path.basename(str(a)) if os.sep in str(a) else str(a) for a in args)
        context = f"\n  topae {shown}\n  exit {proc.returncode}\n  stderr: {proc.stderr!r}"
        self.assertEqual(proc.returncode, code, "exit code" + context)
        lines = proc.stderr.splitlines()
        self.assertEqual(len(lines), 1, "exactly one line on stderr" + context)
        self.assertTrue(proc.stderr.endswith("\n"), "the line ends in a newline" + context)
        line = lines[0]
        self.assertTrue(line.startswith("topae: error: "), "starts with 'topae: error: '" + context)
        for name in names:
            self.assertIn(name, line, f"the message names {name!r}" + context)
        if problem:
            self.assertRegex(line, re.compile(problem, re.IGNORECASE), "the message says what is wrong" + context)
        self.assertEqual(sorted(os.listdir(self.out)), sorted(existing),
                         "nothing written or left behind in the output folder" + context)
        for name, content in existing.items():
            with open(os.path.join(self.out, name)) as f:
                self.assertEqual(f.read(), content, f"existing {name} untouched" + context)
        return line

    def write(self, name, text):
        path = self.path(name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def good_model(self):
        """A small valid model on columns x, y (2-4-1-4-2 tanh)."""
        if not hasattr(self, "_model"):
            data = topae_cli.generate_circle(self.path("train.csv"), n=100, seed=1, noise=0.05)
            self._model_path = self.path("model.json")
            self._model = topae_cli.train(data, self._model_path, latent=1, hidden=[4], epochs=1, batch=50)
        return json.loads(json.dumps(self._model))

    def good_data(self):
        if not os.path.exists(self.path("data.csv")):
            topae_cli.generate_circle(self.path("data.csv"), n=50, seed=2, noise=0.05)
        return self.path("data.csv")


class CsvTest(BadInputCase):
    # name -> (content, what the message must name besides the file, problem regex)
    CASES = {
        "non_numeric.csv": ("x,y\n1,2\n3,abc\n", [":3", "'y'", "abc"], r"not a number"),
        "trailing_chars.csv": ("x,y\n1,2\n3,1.5x\n", [":3", "'y'", "1.5x"], r"not a number"),
        "nan.csv": ("x,y\n1,2\n3,nan\n", [":3", "'y'"], r"not finite|nan"),
        "nan_upper.csv": ("x,y\n1,2\nNaN,4\n", [":3", "'x'"], r"not finite|nan"),
        "inf.csv": ("x,y\n1,2\n3,inf\n", [":3", "'y'"], r"not finite|inf"),
        "minus_inf.csv": ("x,y\n1,2\n-inf,4\n", [":3", "'x'"], r"not finite|inf"),
        "overflow.csv": ("x,y\n1,2\n1e999,4\n", [":3", "'x'"], r"range|finite"),
        "ragged_long.csv": ("x,y\n1,2\n3,4,5\n", [":3"], r"3 fields.*2|field"),
        "ragged_short.csv": ("x,y\n1,2\n3\n", [":3"], r"1 field|missing"),
        "empty_field.csv": ("x,y\n1,2\n3,\n", [":3", "'y'"], r"empty"),
        "empty.csv": ("", [], r"empty|no header"),
        "blank_only.csv": ("\n\n  \n", [], r"empty|no header"),
        "comments_only.csv": ("# truth: x\n# hello\n", [], r"no header"),
        "header_only.csv": ("x,y\n", [], r"no events|no rows|nothing after the header"),
        "header_only_blank_lines.csv": ("x,y\n\n\n", [], r"no events|no rows|nothing after the header"),
        "duplicate_columns.csv": ("x,y,x\n1,2,3\n", [":1", "'x'"], r"duplicate"),
        "empty_column_name.csv": ("x,,y\n1,2,3\n", [":1"], r"empty column name"),
        "blank_line_between_events.csv": ("x,y\n1,2\n\n3,4\n", [":3"], r"blank line"),
        "label_not_integer.csv": ("x,y,label\n1,2,0\n3,4,0.5\n", [":3", "label"], r"not an integer"),
        "weight_nan.csv": ("x,y,weight\n1,2,1\n3,4,nan\n", [":3", "weight"], r"not finite|nan"),
        "truth_not_a_column.csv": ("# truth: z\nx,y\n1,2\n", ["'z'"], r"truth"),
        "two_truth_lines.csv": ("# truth: x\n# truth: y\nx,y\n1,2\n", [":2"], r"truth"),
        "quoted_name.csv": ('"x",y\n1,2\n', [":1"], r"quot"),
        "hex.csv": ("x,y\n1,2\n0x1p3,4\n", [":3", "'x'"], r"not a number"),
    }

    def test_csv_cases_train(self):
        for name, (content, names, problem) in self.CASES.items():
            with self.subTest(file=name):
                path = self.write(name, content)
                self.assert_bad(["train", path, "--epochs", "1", "--quiet", "-o", os.path.join(self.out, "m.json")],
                                [name] + names, problem)

    def test_csv_cases_score(self):
        model = self.good_model()
        model_path = topae_cli.save_model(model, self.path("m.json"))
        for name, (content, names, problem) in self.CASES.items():
            with self.subTest(file=name):
                path = self.write(name, content)
                self.assert_bad(["score", model_path, path, "--quiet", "-o", os.path.join(self.out, "s.csv")],
                                [name] + names, problem)

    def test_existing_output_untouched(self):
        path = self.write("non_numeric.csv", self.CASES["non_numeric.csv"][0])
        old = {"s.csv": "old scores\n", "s.h5": "old h5\n"}
        for name, content in old.items():
            with open(os.path.join(self.out, name), "w") as f:
                f.write(content)
        model_path = topae_cli.save_model(self.good_model(), self.path("m.json"))
        for target in old:
            with self.subTest(target=target):
                self.assert_bad(["score", model_path, path, "--quiet", "-o", os.path.join(self.out, target)],
                                ["non_numeric.csv:3"], r"not a number", existing=old)

    def test_numeric_first_line_is_not_a_header(self):
        """A file without a header, whose first line is numbers: taking `1.0,2.0` as column names
        silently drops the first event and makes columns nobody can name on purpose."""
        path = self.write("no_header.csv", "1.0,2.0\n3.0,4.0\n5.0,6.0\n")
        self.assert_bad(["train", path, "--epochs", "1", "--quiet", "-o", os.path.join(self.out, "m.json")],
                        ["no_header.csv:1"], r"header")

    def test_write_refused_leaves_nothing(self):
        """A column name that CSV cannot hold (a comma), coming from HDF5: the CSV writer refuses
        it, leaving neither the output nor a temporary file, and an existing output untouched."""
        h5 = self.path("comma.h5")
        with h5py.File(h5, "w") as f:
            d = f.create_dataset("data", data=np.random.default_rng(0).normal(size=(20, 3)))
            d.attrs["columns"] = ["x", "y", "a,b"]
            d.attrs["truth"] = ["a,b"]
        model = self.path("m.json")
        topae_cli.train(h5, model, latent=1, hidden=[4], epochs=1, batch=10)
        existing = {"s.csv": "keep me\n"}
        with open(os.path.join(self.out, "s.csv"), "w") as f:
            f.write(existing["s.csv"])
        self.assert_bad(["score", model, h5, "--quiet", "-o", os.path.join(self.out, "s.csv")], ["s.csv", "a,b"],
                        r"column name", existing=existing)


class Hdf5Test(BadInputCase):
    def h5(self, name, build):
        path = self.path(name)
        with h5py.File(path, "w") as f:
            build(f)
        return path

    @staticmethod
    def table(f, values=None, columns=("x", "y"), **attrs):
        values = np.random.default_rng(1).normal(size=(10, 2)) if values is None else values
        d = f.create_dataset("data", data=values)
        if columns is not None:
            d.attrs["columns"] = list(columns)
        for k, v in attrs.items():
            d.attrs[k] = v
        return d

    def cases(self):
        nan = np.random.default_rng(1).normal(size=(10, 2))
        nan[4, 1] = np.nan
        return {
            "not_hdf5.h5": (self.write("not_hdf5.h5", "x,y\n1,2\n"), [], r"not an HDF5 file"),
            "zero_bytes.h5": (self.write("zero_bytes.h5", ""), [], r"not an HDF5 file|empty"),
            "missing_data.h5": (self.h5("missing_data.h5", lambda f: f.create_dataset("label", data=np.zeros(3))),
                                ["/data"], r"no dataset|missing"),
            "data_is_group.h5": (self.h5("data_is_group.h5", lambda f: f.create_group("data")), ["/data"],
                                 r"dataset|2-D"),
            "data_1d.h5": (self.h5("data_1d.h5", lambda f: self.table(f, values=np.arange(5.0), columns=["x"])),
                           ["/data"], r"2-D|dimension"),
            "data_3d.h5": (self.h5("data_3d.h5", lambda f: self.table(f, values=np.zeros((2, 2, 2)))),
                           ["/data"], r"2-D|dimension"),
            "data_strings.h5": (self.h5("data_strings.h5",
                                        lambda f: self.table(f, values=np.array([[b"a", b"b"]] * 3))),
                                ["/data"], r"numeric"),
            "no_columns.h5": (self.h5("no_columns.h5", lambda f: self.table(f, columns=None)), ["columns"],
                              r"no attribute|missing"),
            "columns_too_short.h5": (self.h5("columns_too_short.h5", lambda f: self.table(f, columns=["x"])),
                                     ["columns"], r"1 name.* 2 columns|length|names for"),
            "columns_too_long.h5": (self.h5("columns_too_long.h5", lambda f: self.table(f, columns=["x", "y", "z"])),
                                    ["columns"], r"3 names.* 2 columns|length|names for"),
            "columns_not_strings.h5": (self.h5("columns_not_strings.h5", self._int_columns), ["columns"],
                                       r"string"),
            "duplicate_columns.h5": (self.h5("duplicate_columns.h5", lambda f: self.table(f, columns=["x", "x"])),
                                     ["'x'"], r"duplicate"),
            "reserved_column.h5": (self.h5("reserved_column.h5", lambda f: self.table(f, columns=["x", "label"])),
                                   ["'label'"], r"reserved"),
            "truth_missing.h5": (self.h5("truth_missing.h5", lambda f: self.table(f, truth=["z"])), ["'z'"],
                                 r"truth"),
            "label_wrong_length.h5": (self.h5("label_wrong_length.h5", lambda f: (
                self.table(f), f.create_dataset("label", data=np.zeros(9, dtype=np.int32)))),
                ["/label", "9", "10"], r"entries|events|length"),
            "label_2d.h5": (self.h5("label_2d.h5", lambda f: (
                self.table(f), f.create_dataset("label", data=np.zeros((10, 1), dtype=np.int32)))),
                ["/label"], r"1-D"),
            "label_not_integral.h5": (self.h5("label_not_integral.h5", lambda f: (
                self.table(f), f.create_dataset("label", data=np.full(10, 0.5)))),
                ["/label"], r"not an integer"),
            "weight_wrong_length.h5": (self.h5("weight_wrong_length.h5", lambda f: (
                self.table(f), f.create_dataset("weight", data=np.ones(11)))),
                ["/weight", "11", "10"], r"entries|events|length"),
            "weight_inf.h5": (self.h5("weight_inf.h5", lambda f: (
                self.table(f), f.create_dataset("weight", data=np.array([1.0] * 9 + [np.inf])))),
                ["weight"], r"finite|inf"),
            "data_nan.h5": (self.h5("data_nan.h5", lambda f: self.table(f, values=nan)), ["'y'"], r"finite|nan"),
            "no_events.h5": (self.h5("no_events.h5", lambda f: self.table(f, values=np.zeros((0, 2)))), [],
                             r"no events|0 events"),
        }

    @staticmethod
    def _int_columns(f):
        d = f.create_dataset("data", data=np.zeros((3, 2)))
        d.attrs["columns"] = np.array([1, 2])

    def test_hdf5_cases_train(self):
        for name, (path, names, problem) in self.cases().items():
            with self.subTest(file=name):
                self.assert_bad(["train", path, "--epochs", "1", "--quiet", "-o", os.path.join(self.out, "m.json")],
                                [name] + names, problem)

    def test_hdf5_cases_score(self):
        model_path = topae_cli.save_model(self.good_model(), self.path("m.json"))
        for name, (path, names, problem) in self.cases().items():
            with self.subTest(file=name):
                self.assert_bad(["score", model_path, path, "--quiet", "-o", os.path.join(self.out, "s.h5")],
                                [name] + names, problem)


class ModelTest(BadInputCase):
    def mutated(self, mutate):
        m = self.good_model()
        result = mutate(m)
        return m if result is None else result

    def cases(self):
        def set_(path, value):
            def f(m):
                node = m
                for key in path[:-1]:
                    node = node[key]
                node[path[-1]] = value
            return f

        def delete(key):
            return lambda m: m.pop(key)

        def short_row(m):
            m["encoder"][0]["weight"][1] = m["encoder"][0]["weight"][1][:1]

        def missing_row(m):
            m["decoder"][-1]["weight"] = m["decoder"][-1]["weight"][:-1]

        def short_bias(m):
            m["encoder"][0]["bias"] = m["encoder"][0]["bias"][:-1]

        def not_chained(m):
            # Encoder 2 -> 4 -> tanh -> 1; make the last dense layer claim 3 inputs (with 3 numbers per row).
            last = m["encoder"][2]
            last["in"] = 3
            last["weight"] = [row[:3] for row in last["weight"]]

        def decoder_wrong_output(m):
            last = m["decoder"][-1]
            last["out"] = 3
            last["weight"] = last["weight"] + [last["weight"][0]]
            last["bias"] = last["bias"] + [0.0]

        def string_weight(m):
            m["encoder"][0]["weight"][0][0] = "0.5"

        def huge_weight(m):
            m["encoder"][0]["weight"][0][0] = 1e300

        return {
            "not_json.json": ("this is not JSON {", r"JSON"),
            "truncated.json": (None, r"JSON"),
            "empty.json": ("", r"JSON"),
            "array.json": ("[1, 2, 3]", r"not a topae model|format"),
            "wrong_format.json": (self.mutated(set_(["format"], "keras-model")), r"not a topae model|format"),
            "no_format.json": (self.mutated(delete("format")), r"not a topae model|format"),
            "version_2.json": (self.mutated(set_(["version"], 2)), r"version"),
            "version_missing.json": (self.mutated(delete("version")), r"version"),
            "weight_row_short.json": (self.mutated(short_row), r"weight row|row .*numbers"),
            "weight_row_missing.json": (self.mutated(missing_row), r"weight.*rows"),
            "bias_short.json": (self.mutated(short_bias), r"bias"),
            "no_decoder.json": (self.mutated(delete("decoder")), r"decoder"),
            "no_encoder.json": (self.mutated(delete("encoder")), r"encoder"),
            "empty_decoder.json": (self.mutated(set_(["decoder"], [])), r"decoder"),
            "dims_not_chained.json": (self.mutated(not_chained), r"'in' is 3|layer before|chain"),
            "decoder_wrong_output.json": (self.mutated(decoder_wrong_output), r"decoder outputs 3|input_dim"),
            "latent_mismatch.json": (self.mutated(set_(["latent_dim"], 2)), r"latent|encoder outputs"),
            "columns_mismatch.json": (self.mutated(set_(["columns"], ["x"])), r"columns"),
            "no_standardizer.json": (self.mutated(delete("standardizer")), r"standardizer"),
            "std_zero.json": (self.mutated(set_(["standardizer", "std"], [1.0, 0.0])), r"std"),
            "unknown_activation.json": (self.mutated(set_(["encoder", 1, "name"], "swish")), r"swish"),
            "unknown_layer.json": (self.mutated(set_(["encoder", 1, "type"], "conv")), r"conv|layer type"),
            "unknown_geometry.json": (self.mutated(set_(["latent_geometry"], "klein_bottle")), r"klein_bottle|geometry"),
            # A sphere S^1 needs 2 encoder outputs, the euclidean k = 1 model has 1.
            "sphere_larger_than_encoder.json": (self.mutated(set_(["latent_geometry"], "sphere")),
                                                r"encoder outputs 1 numbers but the sphere latent geometry needs 2"),
            "string_weight.json": (self.mutated(string_weight), r"number"),
            "weight_overflows_float.json": (self.mutated(huge_weight), r"finite|float|range"),
        }

    def test_model_cases(self):
        data = self.good_data()
        for name, (content, problem) in self.cases().items():
            with self.subTest(file=name):
                if content is None:
                    with open(self._model_path) as f:
                        text = f.read()
                    content = text[: len(text) // 2]
                if not isinstance(content, str):
                    content = json.dumps(content)
                path = self.write(name, content)
                self.assert_bad(["score", path, data, "--quiet", "-o", os.path.join(self.out, "s.csv")], [name],
                                problem)


class CliTest(BadInputCase):
    def train_args(self, *extra):
        epochs = [] if "--epochs" in extra else ["--epochs", "1"]
        return ["train", self.good_data(), *epochs, "--quiet", *extra, "-o", os.path.join(self.out, "m.json")]

    def test_bad_training_options(self):
        cases = [
            (["--activation", "swish"], ["swish"], r"activation"),
            (["--activation", "TANH"], ["TANH"], r"activation"),
            (["--epochs", "-1"], ["-1"], r"epochs"),
            (["--epochs", "0"], ["0"], r"epochs"),
            (["--batch", "0"], ["0"], r"batch"),
            (["--lr", "-0.1"], ["-0.1"], r"learning rate|lr"),
            (["--lr", "0"], ["0"], r"learning rate|lr"),
            (["--validation", "1"], ["1"], r"validation"),
            (["--validation", "-0.1"], ["-0.1"], r"validation"),
            (["--latent", "0"], ["0"], r"latent"),
            (["--hidden", "8,0"], ["0"], r"hidden"),
            (["--optimizer", "rmsprop"], ["rmsprop"], r"optimizer"),
            (["--momentum", "1.5"], ["1.5"], r"momentum"),
            (["--weight-decay", "-1"], ["-1"], r"weight decay"),
            (["--schedule", "exponential"], ["exponential"], r"schedule"),
            (["--latent-geometry", "klein_bottle"], ["klein_bottle"], r"geometry"),
            (["--latent-geometry", "torus", "--latent", "0"], ["0"], r"--latent"),
            (["--latent-geometry", "circle", "--latent", "2"], ["circle", "2"], r"--latent must be 1"),
            (["--lr", "nan"], ["nan"], r"learning rate|lr"),
            (["--lr", "inf"], ["inf"], r"learning rate|lr"),
            (["--weight-decay", "inf"], ["inf"], r"weight decay"),
            (["--clip-norm", "nan"], ["nan"], r"clip"),
        ]
        for extra, names, problem in cases:
            with self.subTest(args=" ".join(extra)):
                self.assert_bad(self.train_args(*extra), names, problem)

    def test_bad_experiment_options_write_nothing(self):
        folder = os.path.join(self.out, "experiment")
        cases = [
            (["circle", "--latent", "0"], ["0"], r"latent"),
            (["gap", "--epochs", "0"], ["0"], r"epochs"),
            (["sphere", "--seeds", "0"], ["0"], r"seeds"),
            (["torus", "--minor-radius", "3"], ["3"], r"minor|radius|r <"),
            (["offmanifold", "--activation", "swish"], ["swish"], r"activation"),
        ]
        for extra, names, problem in cases:
            with self.subTest(args=" ".join(extra)):
                self.assert_bad(["experiment", *extra, "--quiet", "-o", folder], names, problem)
                self.assertFalse(os.path.exists(folder), "the output folder was created")

    def test_columns_naming_a_missing_column(self):
        self.assert_bad(self.train_args("--columns", "x,nope"), ["data.csv", "'nope'"], r"no column|missing|not found")

    def test_columns_naming_a_column_twice(self):
        self.assert_bad(self.train_args("--columns", "x,y,x"), ["'x'"], r"duplicate|twice")

    def test_no_feature_columns(self):
        """Every column is truth: nothing to train on; the message names the file."""
        only_truth = self.write("only_truth.csv", "# truth: x,y\nx,y\n1,2\n3,4\n")
        self.assert_bad(["train", only_truth, "--epochs", "1", "--quiet", "-o", os.path.join(self.out, "m.json")],
                        ["only_truth.csv"], r"column")

    def test_training_never_writes_an_unreadable_model(self):
        """A learning rate that overflows float, in a single full-batch step (so no later loss can
        show the divergence): either refused / reported as diverged (no model written), or the
        model written is one that topae score can read."""
        for lr in ("1e300", "1e39"):
            with self.subTest(lr=lr):
                target = os.path.join(self.out, "m.json")
                proc = topae_cli.run(*self.train_args("--lr", lr, "--hidden", "4", "--batch", "100000"), check=False)
                if proc.returncode != 0:
                    self.assertIn(proc.returncode, (1, 2), proc.stderr)
                    self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
                    self.assertFalse(os.path.exists(target), "no model written on failure")
                    continue
                scored = topae_cli.run("score", target, self.good_data(), "--quiet", "-o",
                                       os.path.join(self.out, "s.csv"), check=False)
                self.assertEqual(scored.returncode, 0,
                                 f"`topae train --lr {lr}` exited 0 but wrote a model that topae score rejects: "
                                 f"{scored.stderr.strip()}")
                os.remove(target)
                os.remove(os.path.join(self.out, "s.csv"))

    def test_score_data_missing_a_model_column(self):
        model_path = topae_cli.save_model(self.good_model(), self.path("m.json"))
        other = topae_cli.write_csv(self.path("other.csv"), {"x": [1.0, 2.0], "z": [3.0, 4.0]})
        self.assert_bad(["score", model_path, other, "--quiet", "-o", os.path.join(self.out, "s.csv")],
                        ["other.csv", "'y'"], r"no column|missing|not found")

    def test_keep_naming_a_missing_column(self):
        model_path = topae_cli.save_model(self.good_model(), self.path("m.json"))
        self.assert_bad(["score", model_path, self.good_data(), "--keep", "nope", "--quiet", "-o",
                         os.path.join(self.out, "s.csv")], ["data.csv", "'nope'"], r"no column|missing|not found")

    def test_unknown_extensions(self):
        model_path = topae_cli.save_model(self.good_model(), self.path("m.json"))
        data = self.good_data()
        txt = self.write("data.txt", open(data).read())
        noext = self.write("data", open(data).read())
        cases = [
            (["generate", "circle", "--n", "10", "--quiet", "-o", os.path.join(self.out, "c.txt")], ["c.txt"]),
            (["generate", "circle", "--n", "10", "--quiet", "-o", os.path.join(self.out, "c")], ["c"]),
            (["score", model_path, data, "--quiet", "-o", os.path.join(self.out, "s.txt")], ["s.txt"]),
            (["score", model_path, data, "--quiet", "-o", os.path.join(self.out, "s.parquet")], ["s.parquet"]),
            (["train", txt, "--epochs", "1", "--quiet", "-o", os.path.join(self.out, "m.json")], ["data.txt"]),
            (["train", noext, "--epochs", "1", "--quiet", "-o", os.path.join(self.out, "m.json")], ["data"]),
            (["score", model_path, txt, "--quiet", "-o", os.path.join(self.out, "s.csv")], ["data.txt"]),
        ]
        for args, names in cases:
            with self.subTest(args=" ".join(os.path.basename(a) for a in args)):
                self.assert_bad(args, names, r"extension")

    def test_files_that_do_not_exist(self):
        model_path = topae_cli.save_model(self.good_model(), self.path("m.json"))
        data = self.good_data()
        cases = [
            ["train", self.path("nosuch.csv"), "--quiet", "-o", os.path.join(self.out, "m.json")],
            ["train", self.path("nosuch.h5"), "--quiet", "-o", os.path.join(self.out, "m.json")],
            ["score", self.path("nosuch.json"), data, "--quiet", "-o", os.path.join(self.out, "s.csv")],
            ["score", model_path, self.path("nosuch.csv"), "--quiet", "-o", os.path.join(self.out, "s.csv")],
            ["score", model_path, self.path("nosuch.h5"), "--quiet", "-o", os.path.join(self.out, "s.h5")],
        ]
        for args in cases:
            missing = next(os.path.basename(a) for a in args if "nosuch" in a)
            with self.subTest(file=missing):
                self.assert_bad(args, [missing], r"no such file|does not exist|cannot open")

    def test_output_that_cannot_be_written(self):
        """Writing fails (the output's folder is a file): a runtime failure (1) or bad input (2),
        one line naming the target, nothing created."""
        blocker = self.write("blocker", "a file, not a folder\n")
        for target in (os.path.join(blocker, "c.csv"), os.path.join(blocker, "c.h5")):
            with self.subTest(target=os.path.basename(target)):
                proc = topae_cli.run("generate", "circle", "--n", "10", "--quiet", "-o", target, check=False)
                self.assertIn(proc.returncode, (1, 2), proc.stderr)
                self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
                self.assertTrue(proc.stderr.startswith("topae: error: "), proc.stderr)
                self.assertIn(os.path.basename(target), proc.stderr)
                with open(blocker) as f:
                    self.assertEqual(f.read(), "a file, not a folder\n")

    def test_usage_errors_are_one_line(self):
        """Unknown flags, missing arguments and unparsable numbers: exit 2 and the same one-line
        `topae: error: ...` as any other bad input (a clear one-line error)."""
        data = self.good_data()
        cases = [
            (["train", data, "--bogus", "-o", os.path.join(self.out, "m.json")], ["--bogus"]),
            (["train", data], ["--output"]),
            (["train", data, "--epochs", "abc", "-o", os.path.join(self.out, "m.json")], ["abc"]),
            (["train", data, "--threads", "-2", "-o", os.path.join(self.out, "m.json")], ["-2"]),
            (["frobnicate"], ["frobnicate"]),
        ]
        for args, names in cases:
            with self.subTest(args=" ".join(os.path.basename(a) for a in args)):
                self.assert_bad(args, names)


class HelpTest(topae_cli.TempDirTestCase):
    def help(self, *args):
        proc = topae_cli.run(*args, "--help")
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(proc.stderr, "")
        return proc.stdout

    def test_top_level_help(self):
        text = self.help()
        for sub in ("generate", "train", "score"):
            self.assertRegex(text, rf"(?m)^\s+{sub}\s+\S", f"`topae --help` lists {sub}")
        self.assertIn("--version", text)
        proc = topae_cli.run("--version")
        self.assertRegex(proc.stdout.strip(), r"\d+\.\d+\.\d+")

    def test_subcommand_help_exits_zero(self):
        for args in (["train"], ["score"], ["generate"], ["generate", "circle"]):
            with self.subTest(args=args):
                self.assertIn("Usage:", self.help(*args))

    TRAIN_DEFAULTS = {
        "--latent": "2", "--hidden": "64,64", "--activation": "tanh", "--epochs": "200", "--batch": "128",
        "--optimizer": "adam", "--lr": "0.001", "--momentum": "0.9",
        "--validation": "0.1", "--seed": "1", "--threads": "1", "--schedule": "constant", "--clip-norm": "0",
        "--early-stopping": "0", "--latent-geometry": "euclidean",
    }

    def defaults(self, text):
        """flag -> default as `--flag TYPE=default` (or `--flag,--alias TYPE=default`) in CLI11's help."""
        found = {}
        for m in re.finditer(r"(?m)^\s+(?:-\w,)?(--[\w-]+)(?:,--[\w-]+)*\s+[A-Z]+(?::[A-Z]+)?=(\S+)", text):
            found[m.group(1)] = m.group(2)
        return found

    def test_train_help_lists_flags_with_defaults(self):
        text = self.help("train")
        defaults = self.defaults(text)
        for flag, value in self.TRAIN_DEFAULTS.items():
            self.assertIn(flag, defaults, f"`topae train --help` shows a default for {flag}")
            self.assertEqual(defaults[flag], value, flag)
        for flag in ("--output", "--columns", "--quiet", "--nesterov", "--decoder-hidden"):
            self.assertRegex(text, rf"(?m)^\s+(-\w,)?{flag}\b", f"`topae train --help` lists {flag}")

    def test_score_and_generate_help_list_flags(self):
        text = self.help("score")
        for flag in ("--output", "--keep", "--threads", "--quiet"):
            self.assertRegex(text, rf"(?m)^\s+(-\w,)?{flag}\b")
        text = self.help("generate", "circle")
        defaults = self.defaults(text)
        for flag, value in {"--n": "10000", "--radius": "1", "--noise": "0", "--seed": "1"}.items():
            self.assertEqual(defaults.get(flag), value, flag)

    def test_help_defaults_are_the_defaults_used(self):
        """What `train --help` says is what a run without those flags records in the model."""
        data = topae_cli.generate_circle(self.path("d.csv"), n=40, seed=1)
        model = topae_cli.train(data, self.path("m.json"), epochs=1, threads=None)
        t = model["training"]
        ae, tr = t["autoencoder"], t["trainer"]
        self.assertEqual(model["latent_dim"], int(self.TRAIN_DEFAULTS["--latent"]))
        self.assertEqual(ae["hidden"], [int(w) for w in self.TRAIN_DEFAULTS["--hidden"].split(",")])
        self.assertEqual(ae["activation"], self.TRAIN_DEFAULTS["--activation"])
        self.assertEqual(model["latent_geometry"], self.TRAIN_DEFAULTS["--latent-geometry"])
        self.assertEqual(tr["batch"], int(self.TRAIN_DEFAULTS["--batch"]))
        self.assertEqual(tr["optimizer"]["name"], self.TRAIN_DEFAULTS["--optimizer"])
        self.assertEqual(tr["optimizer"]["lr"], float(self.TRAIN_DEFAULTS["--lr"]))
        # --weight-decay shows no default (it depends on --optimizer): adam's is 0.
        self.assertEqual(tr["optimizer"]["weight_decay"], 0.0)
        self.assertEqual(tr["optimizer"]["momentum"], float(self.TRAIN_DEFAULTS["--momentum"]))
        self.assertEqual(tr["validation_fraction"], float(self.TRAIN_DEFAULTS["--validation"]))
        self.assertEqual(tr["seed"], int(self.TRAIN_DEFAULTS["--seed"]))
        self.assertEqual(tr["schedule"]["name"], self.TRAIN_DEFAULTS["--schedule"])
        self.assertEqual(tr["clip_norm"], float(self.TRAIN_DEFAULTS["--clip-norm"]))
        self.assertEqual(tr["early_stopping"], int(self.TRAIN_DEFAULTS["--early-stopping"]))
        self.assertGreaterEqual(tr["threads"], 1, "--threads 0 resolves to the hardware threads")


if __name__ == "__main__":
    unittest.main()
