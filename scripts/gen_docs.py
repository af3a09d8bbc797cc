#!/usr/bin/env python
"""Write the generated tables into the docs: builder options and version compatibility.

An option table sits between ``<!-- options:NAME -->`` and ``<!-- /options -->`` (its
descriptions are the fields' docstrings); the compatibility table between
``<!-- compatibility -->`` and ``<!-- /compatibility -->`` (from the catalog).
``--check`` fails if a page is out of date.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import re
import sys
from pathlib import Path

from eks_addons.catalog import ADDONS, catalog
from eks_addons.catalog.versions import kubernetes_key
from eks_addons.config import (
    AutoScaling,
    CoreDnsConfig,
    EbsCsiDriverConfig,
    KubeProxyConfig,
    PodDisruptionBudget,
    PodIdentityAgentConfig,
    ResourceQuantities,
    Resources,
    VpcCniConfig,
)
from eks_addons.config.kinds import Kind
from eks_addons.config.model import ConfigModel

ROOT = Path(__file__).resolve().parent.parent
BUILDERS: dict[str, type[ConfigModel]] = {
    cls.__name__: cls
    for cls in (
        VpcCniConfig,
        CoreDnsConfig,
        AutoScaling,
        PodDisruptionBudget,
        KubeProxyConfig,
        Resources,
        ResourceQuantities,
        EbsCsiDriverConfig,
        PodIdentityAgentConfig,
    )
}
MARKER = re.compile(r"(<!-- options:(\w+) -->\n).*?(<!-- /options -->)", re.DOTALL)
COMPATIBILITY = re.compile(r"(<!-- compatibility -->\n).*?(<!-- /compatibility -->)", re.DOTALL)


def field_docs(cls: type) -> dict[str, str]:
    """Attribute docstrings of a dataclass, read from its source."""
    definition = ast.parse(inspect.getsource(cls)).body[0]
    assert isinstance(definition, ast.ClassDef)
    docs: dict[str, str] = {}
    for node, following in itertools.pairwise(definition.body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
        ):
            docs[node.target.id] = " ".join(str(following.value.value).split())
    return docs


def table(cls: type[ConfigModel]) -> str:
    docs = field_docs(cls)
    rows = ["| option | AWS key | AWS type | what it does |", "|---|---|---|---|"]
    for name, opt in cls.options():
        kind = opt.kind.aws_type if isinstance(opt.kind, Kind) else f"object ({opt.kind.__name__})"
        text = docs.get(name, "").replace("|", "\\|")
        rows.append(f"| `{name}` | `{opt.key}` | {kind} | {text} |")
    return "\n".join(rows) + "\n"


def compatibility() -> str:
    """Default (and latest) version of each add-on per Kubernetes version, from the catalog."""
    catalogs = [found for addon in ADDONS if (found := catalog(addon)) is not None]
    kubernetes = sorted(
        {k for found in catalogs for k in found.kubernetes_versions}, key=kubernetes_key
    )
    rows = [
        "| Kubernetes | "
        + " | ".join(f"{found.addon} default (latest)" for found in catalogs)
        + " |",
        "|---" * (len(catalogs) + 1) + "|",
    ]
    for version in reversed(kubernetes):
        cells = [
            f"{found.default(version) or '-'} ({found.latest(version) or '-'})"
            for found in catalogs
        ]
        rows.append(f"| {version} | " + " | ".join(cells) + " |")
    sources = {found.source for found in catalogs}
    rows += ["", *(f"Source: {source}." for source in sorted(sources))]
    return "\n".join(rows) + "\n"


def render(text: str) -> str:
    text = MARKER.sub(lambda m: m.group(1) + table(BUILDERS[m.group(2)]) + m.group(3), text)
    return COMPATIBILITY.sub(lambda m: m.group(1) + compatibility() + m.group(2), text)


def main(check: bool) -> int:
    stale = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text()
        new = render(text)
        if new != text:
            stale.append(page.relative_to(ROOT))
            if not check:
                page.write_text(new)
    if check and stale:
        print("out of date (run scripts/gen_docs.py):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
