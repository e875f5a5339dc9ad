"""`topae report` end to end, in a real browser.

A real results folder (`topae reproduce --only circle --seeds 1`) becomes one report.html that
parses as well-formed HTML, loads nothing from elsewhere, and renders in headless Chromium with no
console message, every figure decoded, every latent-space viewer drawn, and a screenshot that is
not blank. Bad folders exit 2 with one line naming the file and leave no report.html.

Chromium is required: Debian's /usr/bin/chromium, which scripts/install-deps installs. Without it
the browser tests fail with a message saying so; they do not skip.
"""

import collections
import glob
import html.parser
import json
import os
import pathlib
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def fallback_summary(results):
    """A summary.json for the folder `results`, built from results.json and the files beside it.

    Only for a `topae reproduce` that writes no summary.json of its own: the tests use the real one
    whenever it exists. Every top-level SVG of an experiment's folder becomes a figure and every
    latent_snapshots.csv below it a viewer.
    """
    with open(os.path.join(results, "results.json")) as f:
        run = json.load(f)
    experiments, claims = [], []
    for name in run["experiments"]:
        folder = os.path.join(results, name)
        figures = sorted(glob.glob(os.path.join(folder, "*.svg")))
        snapshots = sorted(glob.glob(os.path.join(folder, "**", "latent_snapshots.csv"), recursive=True))
        seconds = run.get("seconds", {}).get(name)
        experiments.append({
            "name": name, "title": name.capitalize(), "text": f"The {name} experiment of the suite.",
            "command": f"topae experiment {name} --seeds 1 -o results/{name}", "seconds": seconds,
            "numbers": [{"name": "figures", "value": len(figures)}],
            "figures": [{"path": os.path.relpath(p, results), "caption": os.path.basename(p)} for p in figures],
            "snapshots": [{"path": os.path.relpath(p, results), "caption": os.path.relpath(p, results)}
                          for p in snapshots],
        })
        claims.append({"experiment": name, "property": "runs to the end", "measured": "results.json written",
                       "holds": True})
    summary = {"title": "topae reproduce (summary written by the test)", "topae_version": run["topae_version"],
               "total_seconds": run["total_seconds"], "config": run["config"], "claims": claims,
               "experiments": experiments}
    with open(os.path.join(results, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)


class PageChecker(html.parser.HTMLParser):
    """Checks that every element the page opens it also closes, in order; counts tags and keeps
    the attributes of <img>, <script>, <link> and <canvas>."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.errors = [], []
        self.counts = collections.Counter()
        self.attrs = collections.defaultdict(list)
        self.doctype = None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self.counts[tag] += 1
        if tag in ("img", "script", "link", "canvas", "input"):
            self.attrs[tag].append(dict(attrs))
        if tag not in self.VOID:
            self.open.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        if tag not in self.VOID:
            self.errors.append(f"line {self.getpos()[0]}: <{tag}/> is not a void element")
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        if not self.open or self.open[-1][0] != tag:
            expected = self.open[-1] if self.open else ("nothing", (0, 0))
            self.errors.append(f"line {self.getpos()[0]}: </{tag}> closes <{expected[0]}> of line {expected[1][0]}")
            return
        self.open.pop()

    def close(self):
        super().close()
        self.errors += [f"<{tag}> of line {pos[0]} is never closed" for tag, pos in self.open]


def png_pixels(path):
    """(width, channels, rows) of an 8-bit RGB or RGBA PNG without interlacing, rows as bytes."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError(f"{path} is not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + size]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + size
    width, height, depth, color_type, _, _, interlace = header
    if depth != 8 or color_type not in (2, 6) or interlace:
        raise AssertionError(f"{path}: PNG depth {depth}, colour type {color_type}, interlace {interlace} not handled")
    bpp = 3 if color_type == 2 else 4
    raw, stride = zlib.decompress(b"".join(idat)), width * bpp
    prior, rows = bytearray(stride), []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:    # Sub
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif kind == 2:  # Up
            line = bytearray((a + b) & 255 for a, b in zip(line, prior))
        elif kind == 3:  # Average
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((left + prior[x]) >> 1)) & 255
        elif kind == 4:  # Paeth
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b, c = prior[x], (prior[x - bpp] if x >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prior = line
    return width, bpp, rows


class Chromium:
    """Headless Chromium on a file: its DOM after the load event, or a screenshot, and every
    console message of the page (Chromium logs them to stderr as ...:CONSOLE:...)."""

    def __init__(self, test):
        if not os.access(CHROMIUM, os.X_OK):
            test.fail(f"{CHROMIUM} is missing: the report's browser tests need Debian's chromium "
                      "(run scripts/install-deps)")
        self.profile = tempfile.mkdtemp(prefix="topae-chromium-")
        test.addCleanup(shutil.rmtree, self.profile, ignore_errors=True)

    def run(self, page, *args):
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
               "--disable-extensions", "--hide-scrollbars", f"--user-data-dir={self.profile}",
               "--enable-logging=stderr", "--v=0", *args, pathlib.Path(page).resolve().as_uri()]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=180)
        if proc.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
        console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
        return proc.stdout, console

    def dom(self, page):
        return self.run(page, "--dump-dom")

    def screenshot(self, page, png):
        return self.run(page, f"--screenshot={png}", "--window-size=1200,3000")[1]


def body_attribute(dom, name):
    match = re.search(r"<body\b[^>]*\b" + name + r'="([^"]*)"', dom)
    return match.group(1) if match else None


class ReportInBrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="topae-report-")
        cls.results = os.path.join(cls.tmp, "results")
        topae_cli.run("reproduce", "--only", "circle", "--seeds", "1", "--threads", "1", "--quiet", "-o", cls.results,
                      timeout=600)
        if not os.path.exists(os.path.join(cls.results, "summary.json")):
            fallback_summary(cls.results)
        cls.proc = topae_cli.run("report", cls.results)
        cls.page = os.path.join(cls.results, "report.html")
        with open(cls.page, encoding="utf-8") as f:
            cls.html = f.read()
        with open(os.path.join(cls.results, "summary.json")) as f:
            cls.summary = json.load(f)
        cls.figures = [f for e in cls.summary["experiments"] for f in e.get("figures") or []]
        cls.snapshots = [s for e in cls.summary["experiments"] for s in e.get("snapshots") or []]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_cli_says_where_the_report_is(self):
        self.assertEqual(self.proc.stdout, f"report -> {self.page}\n")
        self.assertEqual(self.proc.stderr, "")

    def test_page_is_well_formed_html(self):
        checker = PageChecker()
        checker.feed(self.html)
        checker.close()
        self.assertEqual(checker.errors, [])
        self.assertEqual(checker.doctype, "DOCTYPE html")
        for tag in ("html", "head", "body", "title", "style", "nav", "table"):
            self.assertGreaterEqual(checker.counts[tag], 1, tag)
        self.assertEqual(checker.counts["section"], 2 + len(self.summary["experiments"]))  # + summary, configuration

    def test_page_holds_every_figure_and_viewer_and_loads_nothing(self):
        checker = PageChecker()
        checker.feed(self.html)
        checker.close()
        self.assertGreater(len(self.figures), 0)
        self.assertEqual(len(checker.attrs["img"]), len(self.figures))
        for img in checker.attrs["img"]:
            self.assertRegex(img["src"], r"^data:image/(svg\+xml|png);base64,[A-Za-z0-9+/]+=*$")
        self.assertGreater(len(self.snapshots), 0)
        self.assertEqual(len(checker.attrs["canvas"]), len(self.snapshots))
        self.assertEqual(checker.attrs["link"], [])
        self.assertTrue(all("src" not in s for s in checker.attrs["script"]))
        self.assertNotIn("http://", self.html)
        self.assertNotIn("https://", self.html)
        for e in self.summary["experiments"]:
            if e.get("command"):
                self.assertIn(f"<pre><code>{e['command']}</code></pre>", self.html)

    def test_chromium_draws_every_figure_and_viewer_without_console_messages(self):
        dom, console = Chromium(self).dom(self.page)
        self.assertEqual(console, [])
        n, m = len(self.figures), len(self.snapshots)
        self.assertEqual(body_attribute(dom, "data-figures"), f"{n}/{n}", "every <img> decoded with a width")
        self.assertEqual(body_attribute(dom, "data-viewers"), f"{m}/{m}", "every viewer drew its points")
        for drawn in re.findall(r'<canvas\b[^>]*\bdata-drawn="(\d+)"', dom):
            self.assertGreater(int(drawn), 0)

    def test_screenshot_is_not_blank(self):
        png = os.path.join(self.tmp, "report.png")
        console = Chromium(self).screenshot(self.page, png)
        self.assertEqual(console, [])
        width, bpp, rows = png_pixels(png)
        self.assertEqual((width, len(rows)), (1200, 3000))
        colors, inked = set(), 0
        for row in rows[::5]:
            for x in range(0, len(row), bpp * 5):
                pixel = row[x:x + 3]
                colors.add(pixel)
                inked += pixel != b"\xff\xff\xff"
        self.assertGreater(len(colors), 50, "a page of text, tables and coloured figures")
        self.assertGreater(inked / (len(rows[::5]) * len(range(0, width * bpp, bpp * 5))), 0.02)

    def test_checks_catch_script_errors_and_broken_images(self):
        # The harness itself: a page with an error and an image that cannot decode must fail the
        # checks above, or their passing would mean nothing.
        page = os.path.join(self.tmp, "broken.html")
        with open(page, "w") as f:
            f.write(self.html.replace("<body>", '<body>\n<figure><img src="data:image/png;base64,AAAA" alt="">'
                                      "</figure>\n<script>null.x();</script>\n", 1))
        dom, console = Chromium(self).dom(page)
        self.assertTrue(any("Uncaught TypeError" in line for line in console), console)
        n = len(self.figures)
        self.assertEqual(body_attribute(dom, "data-figures"), f"{n}/{n + 1}")

    def test_the_same_folder_gives_the_same_bytes(self):
        again = os.path.join(self.tmp, "again")
        shutil.copytree(self.results, again)
        os.remove(os.path.join(again, "report.html"))
        topae_cli.run("report", again, "--quiet")
        with open(os.path.join(again, "report.html"), encoding="utf-8") as f:
            self.assertEqual(f.read(), self.html)


class ReportBadInput(topae_cli.TempDirTestCase):
    """`topae report DIR` rebuilds summary.json from results.json, then the page."""

    def expect_error(self, folder, *pieces):
        proc = topae_cli.run("report", folder, check=False)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertEqual(proc.stdout, "")
        self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
        for piece in pieces:
            self.assertIn(piece, proc.stderr)
        for name in ("summary.json", "report.html"):
            self.assertFalse(os.path.exists(os.path.join(folder, name)), name)

    def test_missing_folder(self):
        self.expect_error(self.path("nowhere"), self.path("nowhere"), "no such folder")

    def test_missing_results(self):
        self.expect_error(self.tmp, self.path("results.json"), "no such file")

    def test_results_that_are_not_json(self):
        with open(self.path("results.json"), "w") as f:
            f.write('{"experiments": {')
        self.expect_error(self.tmp, self.path("results.json"), "not valid JSON")

    def test_results_that_lack_a_number(self):
        training = {"n": 10, "epochs": 1, "seeds": [1]}
        with open(self.path("results.json"), "w") as f:
            json.dump({"topae_version": "0.1.0", "total_seconds": 1.0, "config": {"output": "x", "full": False},
                       "seconds": {"circle": 1.0}, "experiments": {"circle": {"config": {"training": training}}}}, f)
        self.expect_error(self.tmp, self.path("results.json"), "'circle'")


if __name__ == "__main__":
    unittest.main()
