"""`topae seams` through the CLI: the files it writes (a contract other code relies on), what
they hold for a circle autoencoded with k = 1 (one tear, where the largest errors are), and
bad input refused with exit 2, one line naming the file or flag, and nothing written.
"""

import json
import math
import os
import re
import shutil
import sys
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

EVENT_COLUMNS = ["x", "y", "theta", "row", "error", "seam_score", "on_seam"]
SEAMS_KEYS = ["command", "topae_version", "model", "data", "n_events", "n_events_in_data", "n_seam_events",
              "top_error_quantile", "top_error_threshold", "seam_fraction_of_top_errors", "seams", "settings",
              "threshold", "stretch", "neighbour_search", "events_table", "figures"]


def read_h5(path):
    with h5py.File(path, "r") as f:
        values = f["data"][:]
        columns = [c.decode() if isinstance(c, bytes) else c for c in f["data"].attrs["columns"]]
    return columns, values


class SeamsCase(topae_cli.TempDirTestCase):
    @classmethod
    def setUpClass(cls):
        # One circle and one k = 1 model (a seed whose model tears once) for every test.
        import tempfile
        cls.shared = tempfile.mkdtemp(prefix="topae-seams-")
        cls.data = topae_cli.generate_circle(os.path.join(cls.shared, "circle.csv"), n=2000, seed=1)
        cls.model = os.path.join(cls.shared, "model.json")
        topae_cli.train(cls.data, cls.model, latent=1, hidden=[16, 16], epochs=600, seed=1)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.shared, ignore_errors=True)

    def seams(self, *args, data=None, model=None, out=None, check=True):
        out = out or self.path("out")
        proc = topae_cli.run("seams", model or self.model, data or self.data, "-o", out, *args, check=check)
        return proc, out


class Contract(SeamsCase):
    def test_files_names_and_numbers(self):
        proc, out = self.seams("--threads", "1")
        names = set(os.listdir(out))
        for name in ["seams.json", "events.h5", "index.html"]:
            self.assertIn(name, names)
        with open(os.path.join(out, "seams.json")) as f:
            j = json.load(f)
        for key in SEAMS_KEYS:
            self.assertIn(key, j)
        self.assertEqual(j["command"], "seams")
        self.assertEqual(j["topae_version"], topae_cli.run("--version").stdout.strip())
        self.assertEqual((j["model"], j["data"]), (self.model, self.data))
        self.assertEqual(j["n_events"], 2000)
        self.assertEqual(j["top_error_quantile"], 0.99)
        self.assertEqual(j["settings"]["neighbours"], 10)
        self.assertEqual(j["events_table"], "events.h5")
        # The circle at k = 1 tears once, and its largest errors are on that tear.
        self.assertEqual(len(j["seams"]), 1, j["seams"])
        self.assertGreater(j["seam_fraction_of_top_errors"], 0.5)
        seam = j["seams"][0]
        self.assertEqual(sorted(seam["centre"]), ["x", "y"])
        self.assertAlmostEqual(math.hypot(seam["centre"]["x"], seam["centre"]["y"]), 1.0, delta=0.05)
        self.assertEqual(sum(s["size"] for s in j["seams"]), j["n_seam_events"])

        columns, values = read_h5(os.path.join(out, "events.h5"))
        self.assertEqual(columns, EVENT_COLUMNS)
        self.assertEqual(values.shape, (2000, len(EVENT_COLUMNS)))
        col = {c: values[:, i] for i, c in enumerate(columns)}
        self.assertEqual(set(np.unique(col["on_seam"])), {0.0, 1.0})
        self.assertEqual(int(col["on_seam"].sum()), j["n_seam_events"])
        self.assertTrue(np.all(col["seam_score"][col["on_seam"] == 1] > j["threshold"]))
        np.testing.assert_array_equal(col["row"], np.arange(2000))
        # The error is the model's, as topae score gives it; the top errors are its 0.99 quantile.
        _, scores = topae_cli.read_csv(topae_cli.score(self.model, self.data, self.path("scores.csv")))
        np.testing.assert_array_equal(col["error"], np.array(scores["error"]))
        top = col["error"] >= j["top_error_threshold"]
        self.assertEqual(int(top.sum()), j["n_top_errors"])
        self.assertAlmostEqual(col["on_seam"][top].mean(), j["seam_fraction_of_top_errors"])
        # The seam's centre is the mean of its events in the data's columns.
        on = col["on_seam"] == 1
        self.assertAlmostEqual(col["x"][on].mean(), seam["centre"]["x"], places=9)

        self.assertRegex(proc.stdout, r"^seams of 2000 events: \d+ on 1 seam .*top errors \(q 0\.99\) on a seam: "
                                      r"\d+ of \d+ .* -> " + re.escape(out) + r"\n$")
        with open(os.path.join(out, "index.html")) as f:
            html = f.read()
        self.assertIn("<table class=\"seams\">", html)
        if shutil.which("gnuplot"):
            for suffix in [".png", ".svg", ".gp", ".csv"]:
                self.assertIn("seams_x_y" + suffix, names)
            self.assertIn("data:image/png;base64,", html)

    def test_threads_do_not_change_the_result(self):
        _, one = self.seams("--threads", "1", "--no-figures", out=self.path("one"))
        _, two = self.seams("--threads", "2", "--no-figures", out=self.path("two"))
        np.testing.assert_array_equal(read_h5(os.path.join(one, "events.h5"))[1],
                                      read_h5(os.path.join(two, "events.h5"))[1])

    def test_csv_a_seeded_subset_quiet_and_no_figures(self):
        proc, out = self.seams("--format", "csv", "--max-points", "500", "--seed", "2", "--quiet", "--no-figures",
                               "--neighbours", "8", "--top-error-quantile", "0.95", "--columns", "theta,x")
        self.assertEqual(proc.stdout, "")
        self.assertEqual(sorted(n for n in os.listdir(out)), ["events.csv", "index.html", "seams.json"])
        truth, events = topae_cli.read_csv(os.path.join(out, "events.csv"))
        self.assertEqual(list(events), EVENT_COLUMNS)
        self.assertIn("row", truth)
        rows = np.array(events["row"]).astype(int)
        self.assertEqual(len(rows), 500)
        self.assertTrue(np.all(np.diff(rows) > 0))
        _, data = topae_cli.read_csv(self.data)
        np.testing.assert_array_equal(np.array(events["x"]), np.array(data["x"])[rows])
        with open(os.path.join(out, "seams.json")) as f:
            j = json.load(f)
        self.assertEqual((j["n_events"], j["n_events_in_data"], j["max_points"]), (500, 2000, 500))
        self.assertEqual((j["settings"]["neighbours"], j["top_error_quantile"]), (8, 0.95))
        self.assertEqual(j["columns"], ["theta", "x"])
        for seam in j["seams"]:
            self.assertEqual(sorted(seam["centre"]), ["theta", "x"])
        self.assertEqual([f["drawn"] for f in j["figures"]], [False])
        _, again = self.seams("--format", "csv", "--max-points", "500", "--seed", "2", "--quiet", "--no-figures",
                              out=self.path("again"))
        self.assertEqual(topae_cli.read_csv(os.path.join(again, "events.csv"))[1]["row"], events["row"])
        _, other = self.seams("--format", "csv", "--max-points", "500", "--seed", "3", "--quiet", "--no-figures",
                              out=self.path("other"))
        self.assertNotEqual(topae_cli.read_csv(os.path.join(other, "events.csv"))[1]["row"], events["row"])

    def test_an_existing_folder_is_written_into(self):
        os.mkdir(self.path("out"))
        keep = topae_cli.write_csv(self.path("out", "mine.csv"), {"a": [1.0]})
        self.seams("--quiet", "--no-figures")
        self.assertIn("seams.json", os.listdir(self.path("out")))
        self.assertTrue(os.path.exists(keep))


class BadInput(SeamsCase):
    def assert_refused(self, args, names, problem, data=None, model=None):
        out = self.path("out")
        proc, _ = self.seams(*args, data=data, model=model, out=out, check=False)
        topae_cli.assert_error_line(self, proc, names, problem, f"\n  topae seams {' '.join(map(str, args))}")
        self.assertFalse(os.path.exists(out), f"{out} was created")

    def rows_of(self, name, rows):
        """A CSV with the circle's header and these rows: an int is that data row, a str is written as is."""
        with open(self.data) as f:
            lines = f.read().splitlines()
        start = next(i for i, line in enumerate(lines) if not line.startswith("#")) + 1  # after the header
        path = self.path(name)
        with open(path, "w") as f:
            f.write("\n".join(lines[:start] + [lines[start + r] if isinstance(r, int) else r for r in rows]) + "\n")
        return path

    def test_missing_model(self):
        self.assert_refused([], ["nope.json", "no such file"], None, model=self.path("nope.json"))

    def test_data_without_a_model_column(self):
        data = topae_cli.write_csv(self.path("ab.csv"), {"x": [0.0, 1.0, 2.0], "b": [1.0, 2.0, 3.0]})
        self.assert_refused([], ["ab.csv", "'y'"], "no column", data=data)

    def test_duplicate_rows(self):
        data = self.rows_of("dup.csv", list(range(40)) + [7])
        self.assert_refused([], ["dup.csv", "events 7 and 40"], "identical", data=data)

    def test_fewer_events_than_neighbours(self):
        data = self.rows_of("few.csv", list(range(10)))
        self.assert_refused([], ["few.csv", "--neighbours"], "at least", data=data)
        self.assert_refused(["--neighbours", "20"], ["few2.csv", "--neighbours"], "at least",
                            data=self.rows_of("few2.csv", list(range(15))))

    def test_nan_in_a_csv(self):
        data = self.rows_of("nan.csv", list(range(20)) + ["nan,0.5,1.0"] + list(range(20, 40)))
        self.assert_refused([], ["nan.csv", "column 'x'"], "missing value", data=data)

    def test_bad_top_error_quantile(self):
        for value in ["1", "0", "1.5", "-0.1", "nan"]:
            with self.subTest(value=value):
                self.assert_refused(["--top-error-quantile", value], ["--top-error-quantile"], None)

    def test_bad_flags(self):
        self.assert_refused(["--neighbours", "0"], ["--neighbours"], "at least 1")
        self.assert_refused(["--max-points", "-1"], ["--max-points"], None)
        self.assert_refused(["--format", "parquet"], ["--format"], None)
        self.assert_refused(["--min-stretch", "0.5"], ["--min-stretch"], None)
        self.assert_refused(["--columns", "x,nope"], ["circle.csv", "'nope'"], "no column")

    def test_one_column(self):
        one = self.path("one.json")
        topae_cli.train(self.data, one, latent=1, hidden=4, epochs=2, columns="x")
        self.assert_refused([], ["circle.csv", "2 input columns"], "at least", model=one)

    def test_an_input_column_named_like_an_output_one(self):
        _, data = topae_cli.read_csv(self.data)
        clash = topae_cli.write_csv(self.path("clash.csv"), {"x": data["x"], "y": data["y"], "on_seam": data["x"]})
        self.assert_refused([], ["clash.csv", "'on_seam'"], "rename", data=clash)


if __name__ == "__main__":
    unittest.main()
