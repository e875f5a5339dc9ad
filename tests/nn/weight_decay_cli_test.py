"""The weight decay default lives in the library (nn::default_weight_decay): `topae train` leaves
it unset, so the CLI trains the model the library trains from the same spec. `train --help` prints
the library's numbers; a model trained without --weight-decay records them and is the model
trained with them given explicitly; an explicit 0 is honoured. AdamW's is PyTorch's default.
"""

import inspect
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

stable = topae_cli.without_volatile


class WeightDecayDefault(topae_cli.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.data = topae_cli.generate_circle(self.path("d.csv"), n=300, seed=2)

    def train(self, name, **options):
        return topae_cli.train(self.data, self.path(name), epochs=3, latent=1, hidden=8, **options)

    def library_defaults(self):
        """(adam, adamw) as `train --help` prints them, from nn::default_weight_decay."""
        text = topae_cli.run("train", "--help").stdout
        m = re.search(r"--weight-decay FLOAT\s+.*\(default (\S+); adamw (\S+),", text)
        self.assertIsNotNone(m, "the help names both defaults")
        self.assertNotRegex(text, r"--weight-decay FLOAT=", "no single shown default: it depends on --optimizer")
        return float(m.group(1)), float(m.group(2))

    def test_cli_records_and_trains_with_the_librarys_default(self):
        adam_default, adamw_default = self.library_defaults()
        unset = self.train("unset.json", optimizer="adamw")
        self.assertEqual(unset["training"]["trainer"]["optimizer"]["weight_decay"], adamw_default)
        explicit = self.train("explicit.json", optimizer="adamw", weight_decay=adamw_default)
        self.assertEqual(stable(unset), stable(explicit), "unset is the default given explicitly")
        zero = self.train("zero.json", optimizer="adamw", weight_decay=0)
        self.assertEqual(zero["training"]["trainer"]["optimizer"]["weight_decay"], 0.0)
        self.assertNotEqual(stable(zero)["encoder"], stable(unset)["encoder"], "an explicit 0 is not the default")
        adam = self.train("adam.json")
        self.assertEqual(adam["training"]["trainer"]["optimizer"]["weight_decay"], adam_default)

    def test_adamw_default_is_pytorchs(self):
        try:
            import torch
        except ImportError:
            self.skipTest("PyTorch is not installed")
        _, adamw_default = self.library_defaults()
        self.assertEqual(adamw_default, inspect.signature(torch.optim.AdamW).parameters["weight_decay"].default)


if __name__ == "__main__":
    unittest.main()
