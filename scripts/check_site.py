"""The built documentation site renders what the pages include: no literal snippet marker
(``--8<--``, which mkdocs' strict mode lets through when a formatter breaks it), no empty
code block, and an API reference that shows real parameters (no builder field shown as its
``option(...)`` declaration, no ``(*args, **kwargs)`` signature). Run by ``make docs`` after
the build.

    python -m scripts.check_site site
"""

from __future__ import annotations

import re
import sys
from html import unescape
from pathlib import Path

_MARKER = re.compile(r"--\s*8\s*<\s*--")
_CODE = re.compile(r"<pre[^>]*>(?:<span></span>)?<code[^>]*>(.*?)</code></pre>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_DECLARATION = re.compile(r"\boption\(\s*['\"]|\w\(\s*\*args,\s*\*\*kwargs\s*\)")


def problems(site: Path) -> list[str]:
    """What is wrong in the pages under ``site``, one line each."""
    found = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        text = unescape(_TAGS.sub("", html))
        if _MARKER.search(text):
            found.append(f"{page.relative_to(site)}: a snippet marker rendered as text")
        if _DECLARATION.search(text):
            found.append(f"{page.relative_to(site)}: a declaration shown for a parameter")
        for block in _CODE.findall(html):
            if not unescape(_TAGS.sub("", block)).strip():
                found.append(f"{page.relative_to(site)}: an empty code block")
    return found


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    listed = problems(root)
    print(*listed, sep="\n", file=sys.stderr) if listed else print(f"{root}: every snippet renders")
    sys.exit(1 if listed else 0)
