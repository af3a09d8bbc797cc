"""The built site fits a 1280 px window: no code block or table wider than the page's content
(no sideways scrolling, of the page or inside it), no identifier (inline code without a space)
broken across lines.

One headless Chromium (Debian's ``chromium``) opens a probe page served with the site on
127.0.0.1; the probe loads every page into one of its 1280 x 900 frames (two pages at a time,
each frame first measuring a control page it must flag), measures it as laid out, and posts
what does not fit back to the server. Run by ``make docs`` after the build::

    python -m scripts.check_layout site
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WIDTH, HEIGHT = 1280, 900
TIMEOUT = 300  # seconds for the whole site; about 20 s is usual
FRAMES = 2  # pages measured at once
PROBE = "__layout_probe__.html"
# A copy of the home page with one case of each thing the probe finds: measured with the site,
# it must give exactly these, or the probe no longer sees them.
CONTROL = "__layout_control__.html"
CONTROL_CASES = (
    ("a table", f"<table><tr><td><code>{'x' * 200}</code></td></tr></table>"),
    ("a code block", f'<pre><code style="white-space:pre">{"y" * 200}</code></pre>'),
    (
        "an identifier broken across lines",
        '<p style="width:4em"><code style="white-space:normal;word-break:break-all">'
        "abcdefghijklmnopqrstuvwxyz</code></p>",
    ),
    ("the page scrolls sideways", f'<div style="width:{2 * WIDTH}px">z</div>'),
)
# Runs in the probe page: each page in turn in a frame of the window's size, once its fonts
# and layout have settled; what does not fit is posted as {page: [[kind, detail], ...]}.
SCRIPT = """
const pages = %(pages)s;
const found = {};
function measure(doc) {
  const out = [];
  for (const el of doc.querySelectorAll(".md-typeset pre > code, .md-typeset table")) {
    const box = el.closest(".md-typeset__scrollwrap") || el.parentElement;
    if (el.scrollWidth > box.clientWidth + 1) {
      const kind = el.tagName === "TABLE" ? "a table" : "a code block";
      out.push([kind, `${el.scrollWidth} px wide in ${box.clientWidth} px: ` +
        (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60)]);
    }
  }
  for (const el of doc.querySelectorAll(".md-typeset :not(pre) > code")) {
    const text = (el.textContent || "").trim();
    if (!/\\s/.test(text) && el.getClientRects().length > 1) {
      out.push(["an identifier broken across lines", text.slice(0, 60)]);
    }
  }
  const page = doc.documentElement;
  if (page.scrollWidth > page.clientWidth + 1) {
    out.push(["the page scrolls sideways", `${page.scrollWidth} px in ${page.clientWidth} px`]);
  }
  if (!doc.querySelector(".md-typeset")) out.push(["not measured", "no page content"]);
  return out;
}
let next = 0;
async function work(frame) {  // one frame per core, each taking the next page to measure
  while (next < pages.length) {
    const page = pages[next++];
    await new Promise((done) => { frame.onload = done; frame.src = page; });
    await frame.contentDocument.fonts.ready;
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    found[page] = measure(frame.contentDocument);
  }
}
async function run() {
  await Promise.all([...document.querySelectorAll("iframe")].map(work));
  await fetch("/__report__", {method: "POST", body: JSON.stringify(found)});
}
run().catch((err) => fetch("/__report__", {method: "POST", body: JSON.stringify(
  {"(probe)": [["failed", `${err}`]]})}));
"""
FLAGS = (  # as the machine's notes give them: no network, no first-run work, a fresh profile
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # nothing but the site: the theme's web fonts would otherwise wait on a closed network (the
    # pages are measured in the fonts they fall back to, as a reader offline sees them)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    f"--window-size={WIDTH},{HEIGHT}",
)


class _Site(SimpleHTTPRequestHandler):
    """Serves the site; puts the probe's report (a POST) on :attr:`reports`."""

    reports: queue.Queue[bytes]

    def do_POST(self) -> None:
        length = min(int(self.headers.get("Content-Length", "0")), 16 * 1024 * 1024)
        self.reports.put(self.rfile.read(length))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a line per request is noise."""


def problems(site: Path, chromium: str) -> list[str]:
    """What does not fit, one line each, ``page: what``."""
    pages = sorted(
        page.relative_to(site).as_posix()
        for page in site.rglob("*.html")
        if page.name != "404.html"
    )
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "site"
        shutil.copytree(site, root)
        home = (root / "index.html").read_text(encoding="utf-8")
        cases = "".join(html for _, html in CONTROL_CASES)
        (root / CONTROL).write_text(home.replace("</article>", cases + "</article>", 1))
        controls = [f"{CONTROL}?frame={n}" for n in range(FRAMES)]  # the first page of each frame
        frame = f'<iframe style="border:0;width:{WIDTH}px;height:{HEIGHT}px"></iframe>'
        (root / PROBE).write_text(
            f'<!doctype html><body style="margin:0">{frame * FRAMES}<script>'
            f"{SCRIPT % {'pages': json.dumps([*controls, *pages])}}"
            "</script></body>",
            encoding="utf-8",
        )
        reports: queue.Queue[bytes] = queue.Queue()
        handler = type("Handler", (_Site,), {"reports": reports})
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/{PROBE}"
        browser = subprocess.Popen(
            [chromium, *FLAGS, f"--user-data-dir={scratch}/profile", url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            report = reports.get(timeout=TIMEOUT)
        except queue.Empty:
            return [f"(probe): not measured in {TIMEOUT} s (chromium: {browser.poll()})"]
        finally:
            browser.kill()
            browser.wait()
            server.shutdown()
            server.server_close()
    found: dict[str, list[tuple[str, str]]] = json.loads(report)
    expected = sorted(kind for kind, _ in CONTROL_CASES)
    blind = []
    for control in controls:
        kinds = sorted(kind for kind, _ in found.pop(control, []))
        if kinds != expected:
            blind.append(f"(probe): {control} gave {kinds}, not {expected}")
    missing = [f"{page}: not measured" for page in pages if page not in found]
    listed = [f"{page}: {kind}: {what}" for page, kinds in found.items() for kind, what in kinds]
    return blind + missing + listed


def main(argv: list[str]) -> int:
    """Check the site at ``argv[0]`` (default ``site``)."""
    site = Path(argv[0] if argv else "site")
    chromium = shutil.which("chromium")
    if chromium is None:
        print("layout not checked: chromium is not installed", file=sys.stderr)
        return 1
    listed = problems(site, chromium)
    if listed:
        print(*listed, sep="\n", file=sys.stderr)
        return 1
    print(f"{site}: every page fits {WIDTH} px")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
