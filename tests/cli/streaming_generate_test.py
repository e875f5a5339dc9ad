"""`topae generate` writes its table chunk by chunk: a table far larger than the memory the
command may take is generated under that limit, and a table of several chunks holds the
same events, row for row, as a smaller run of the same seed (event i comes from its own
random stream) and as the same run written as CSV.
"""

import json
import os
import resource
import subprocess
import sys
import unittest

import h5py
import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

# The memory a streaming run may map: the table below is 2 000 000 x 15 doubles (229 MiB of
# values, and the features made from the momenta as much again), the command without it
# well under 100 MiB.
ADDRESS_SPACE_LIMIT = 192 << 20


def sanitized(path):
    """AddressSanitizer's shadow memory maps terabytes: such a build cannot run under the limit."""
    with open(path, "rb") as f:
        return b"__asan_init" in f.read()


def read_h5(path):
    """A topae table (docs/formats.md) as {column: values}, label and weight included."""
    with h5py.File(path, "r") as f:
        columns = [c.decode() if isinstance(c, bytes) else c for c in f["data"].attrs["columns"]]
        table = dict(zip(columns, f["data"][...].T))
        table.update({name: f[name][...] for name in ("label", "weight") if name in f})
    return table


def record(table):
    """The generation record beside a table."""
    with open(table + ".json") as f:
        return json.load(f)


class StreamingGenerate(topae_cli.TempDirTestCase):
    def generate(self, *args):
        return topae_cli.run("generate", *args, "--quiet")

    def test_a_table_larger_than_the_memory_limit_is_generated_under_it(self):
        topae = topae_cli.topae_path()
        if sanitized(topae):
            self.skipTest("an AddressSanitizer build maps more address space than any limit here")
        out = self.path("big.h5")
        n = 2_000_000

        def limit():
            resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))

        r = subprocess.run([topae, "generate", "phase-space", "--n", str(n), "--masses", "10,20,30", "-o", out,
                            "--threads", "1", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=300, preexec_fn=limit)
        self.assertEqual(r.returncode, 0, r.stderr)
        table = read_h5(out)
        self.assertEqual(table["E_1"].shape, (n,))
        self.assertEqual(table["weight"].shape, (n,))
        # Energy is conserved in the last event as in the first: every chunk was written.
        np.testing.assert_allclose(table["E_1"] + table["E_2"] + table["E_3"], 1000.0, rtol=1e-12)
        self.assertEqual(record(out)["events"], n)

    def test_chunks_hold_the_events_of_a_smaller_run_and_csv_the_same_as_hdf5(self):
        # 150 000 events x 15 columns: three chunks of 69 905 rows.
        common = ["--masses", "10,20,30", "--seed", "7"]
        self.generate("phase-space", "--n", "150000", *common, "-o", self.path("big.h5"))
        self.generate("phase-space", "--n", "150000", *common, "-o", self.path("big.csv"))
        self.generate("phase-space", "--n", "1000", *common, "-o", self.path("small.h5"))
        big, small = read_h5(self.path("big.h5")), read_h5(self.path("small.h5"))
        csv = pd.read_csv(self.path("big.csv"), comment="#", float_precision="round_trip")
        self.assertEqual(sorted(big), sorted(list(csv.columns)))
        for name, column in big.items():
            np.testing.assert_array_equal(column[:1000], small[name], err_msg=name)
            np.testing.assert_array_equal(column, csv[name].to_numpy(), err_msg=name)

    def test_unweighted_chunks_carry_the_whole_samples_efficiency(self):
        # The common weight bound x efficiency needs every event's trials: the chunked run
        # counts them first, and its events are the events of a one-chunk run.
        common = ["--masses", "100,200,300", "--seed", "3", "--unweight"]
        self.generate("phase-space", "--n", "150000", *common, "-o", self.path("big.h5"))
        self.generate("phase-space", "--n", "1000", *common, "-o", self.path("small.h5"))
        big, small = read_h5(self.path("big.h5")), read_h5(self.path("small.h5"))
        unweighting = record(self.path("big.h5"))["unweighting"]
        self.assertEqual(unweighting["efficiency"], 150000 / unweighting["trials"])
        np.testing.assert_array_equal(big["weight"], unweighting["weight_bound"] * unweighting["efficiency"])
        for name in ("E_1", "px_2", "pz_3"):
            np.testing.assert_array_equal(big[name][:1000], small[name], err_msg=name)

    def test_bump_hunt_rows_are_background_then_signal_across_chunks(self):
        common = ["--resonance", "1,2:mass=500,width=5", "--seed", "2", "--signal-fraction", "0.1"]
        self.generate("bump-hunt", "--n", "150000", *common, "-o", self.path("big.h5"))
        big = read_h5(self.path("big.h5"))
        np.testing.assert_array_equal(big["label"], np.r_[np.zeros(135000), np.ones(15000)])
        self.assertEqual(record(self.path("big.h5"))["signal_events"], 15000)
        # Signal events peak at the resonance's mass; background spreads over phase space.
        signal = big["m_12"][big["label"] == 1]
        self.assertGreater(np.mean(np.abs(signal - 500) < 25), 0.8)

    def test_manifold_chunks_with_cluster_embedding_and_noise_hold_the_small_runs_events(self):
        # 400 000 x 7 columns (x1..x5, theta, phi): three chunks; the cluster rows come last.
        common = ["--seed", "5", "--embed-dim", "5", "--noise", "0.01", "--cluster-fraction", "0.01"]
        self.generate("sphere", "--n", "400000", *common, "-o", self.path("big.h5"))
        big = read_h5(self.path("big.h5"))
        self.assertEqual(big["x1"].shape, (404000,))
        np.testing.assert_array_equal(big["label"], np.r_[np.zeros(400000), np.ones(4000)])
        self.generate("sphere", "--n", "400000", *common, "-o", self.path("big.csv"))
        csv = pd.read_csv(self.path("big.csv"), comment="#", float_precision="round_trip")
        self.generate("sphere", "--n", "1000", *common, "-o", self.path("small.h5"))
        small = read_h5(self.path("small.h5"))
        for name, column in big.items():
            np.testing.assert_array_equal(column, csv[name].to_numpy(), err_msg=name)
            np.testing.assert_array_equal(column[:1000], small[name][:1000], err_msg=name)


if __name__ == "__main__":
    unittest.main()
