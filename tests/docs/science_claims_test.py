"""docs/science.md's table of claims is the one `topae claims` prints from the experiments'
own declarations: a threshold changed in the code and not in the docs fails here
(scripts/update-docs regenerates the table)."""

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

BEGIN, END = "<!-- claims:begin -->", "<!-- claims:end -->"


class ScienceClaims(unittest.TestCase):
    def test_the_docs_table_is_the_declared_claims(self):
        printed = subprocess.run([topae_cli.topae_path(), "claims"], capture_output=True, text=True, check=True).stdout
        with open(os.path.join(topae_cli.REPO, "docs", "science.md")) as f:
            doc = f.read()
        self.assertIn(BEGIN, doc)
        table = doc.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"
        self.assertEqual(table, printed, "docs/science.md is stale: run scripts/update-docs")

    def test_every_claim_says_why_its_threshold_sits_there(self):
        printed = subprocess.run([topae_cli.topae_path(), "claims"], capture_output=True, text=True, check=True).stdout
        rows = [line for line in printed.splitlines()[2:] if line.startswith("|")]
        self.assertGreater(len(rows), 0)
        for row in rows:
            cells = [c.strip() for c in row.strip("|").split(" | ")]
            self.assertEqual(len(cells), 5, row)
            self.assertTrue(all(cells), f"an empty cell: {row}")
            self.assertRegex(cells[3], r"^(>=|>|<=|<) -?[0-9.e+-]+$", row)


if __name__ == "__main__":
    unittest.main()
