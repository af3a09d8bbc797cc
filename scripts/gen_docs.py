#!/usr/bin/env python
"""Write the generated tables into the docs: builder options and version compatibility.

An option list sits between ``<!-- options:NAME -->`` and ``<!-- /options -->`` (its
descriptions are the fields' docstrings); the compatibility table between
``<!-- compatibility -->`` and ``<!-- /compatibility -->`` (from the catalog); the cluster
modes table between ``<!-- cluster-modes -->`` and ``<!-- /cluster-modes -->`` (from the
catalog's computeTypes and the specs); the upgrade walk-through between
``<!-- upgrade -->`` and ``<!-- /upgrade -->`` (``eks-addons upgrade`` on the sample); the
pages of every add-on (:mod:`scripts.addon_pages`): the table of all of them, one page per
generated builder, and those pages in the site's navigation. Always from the shipped catalog.
``--check`` fails if a page is out of date.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import os
import re
import sys
from enum import StrEnum
from pathlib import Path

from eks_addons.catalog import CATALOG_ENV, catalog, catalog_info, cataloged_addons
from eks_addons.catalog.versions import kubernetes_key
from eks_addons.checks.kubernetes import SHAPES
from eks_addons.checks.placement import Compute, compute_types, has_place
from eks_addons.config.kinds import Kind
from eks_addons.config.model import ConfigModel
from eks_addons.errors import ProblemCode, WarningCode
from eks_addons.specs import SPECS
from eks_addons.upgrade import InstalledAddon, plan_upgrade
from eks_addons.upgrade_report import plan_as_text
from sample_app.configs import SEED_COREDNS, SEED_VPC_CNI
from scripts import addon_pages, generated

ROOT = Path(__file__).resolve().parent.parent


def _with_parts(cls: type[ConfigModel]) -> list[type[ConfigModel]]:
    """A builder and the nested parts its options take (``Resources``, ...), depth first."""
    found = [cls]
    for _, opt in cls.options():
        if not isinstance(opt.kind, Kind):
            found += _with_parts(opt.kind)
    return found


BUILDERS: dict[str, type[ConfigModel]] = {
    part.__name__: part for spec in SPECS for part in _with_parts(spec.builder)
}
MARKER = re.compile(r"(<!-- options:(\w+) -->\n).*?(<!-- /options -->)", re.DOTALL)
COMPATIBILITY = re.compile(r"(<!-- compatibility -->\n).*?(<!-- /compatibility -->)", re.DOTALL)
CODES = re.compile(r"(<!-- codes:(\w+) -->\n).*?(<!-- /codes -->)", re.DOTALL)
RULES = re.compile(r"(<!-- rules -->\n).*?(<!-- /rules -->)", re.DOTALL)
KUBERNETES = re.compile(r"(<!-- kubernetes -->\n).*?(<!-- /kubernetes -->)", re.DOTALL)
MODES = re.compile(r"(<!-- cluster-modes -->\n).*?(<!-- /cluster-modes -->)", re.DOTALL)
UPGRADE = re.compile(r"(<!-- upgrade -->\n).*?(<!-- /upgrade -->)", re.DOTALL)


def field_docs(cls: type) -> dict[str, str]:
    """Attribute docstrings of a dataclass, read from its source."""
    definition = ast.parse(inspect.getsource(cls)).body[0]
    assert isinstance(definition, ast.ClassDef)
    docs: dict[str, str] = {}
    for node, following in itertools.pairwise(definition.body):
        target: ast.expr | None = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if (
            isinstance(target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
        ):
            docs[target.id] = " ".join(str(following.value.value).split())
    return docs


def option_list(cls: type[ConfigModel]) -> str:
    """The options of ``cls`` as a definition list: the option, the AWS key it writes and its
    type on one line (never broken), what it does below (its docstring, less a leading
    ``key (type)`` that the line above already says)."""
    docs = field_docs(cls)
    items = []
    for name, opt in cls.options():
        kind = opt.kind.aws_type if isinstance(opt.kind, Kind) else f"object ({opt.kind.__name__})"
        text = docs.get(name, "")
        said = re.match(rf"``(?:[\w.-]+\.)?{re.escape(opt.key)}`` \([^)]*\)(?:[.:] +|$)", text)
        text = text[said.end() :] if said else text
        items.append(f"`{name}` &rarr; `{opt.key}`, {kind}\n:   {text[:1].upper()}{text[1:]}\n")
    return "\n".join(items)


def codes(enum: type[StrEnum]) -> str:
    """The stable codes of ``enum`` with what each means (the members' docstrings)."""
    docs = field_docs(enum)
    rows = ["| code | when |", "|---|---|"]
    rows += [f"| `{member.value}` | {docs[member.name]} |" for member in enum]
    return "\n".join(rows) + "\n"


def rules() -> str:
    """Every add-on's rules, from the specs."""
    rows = ["| add-on | rule | outcome, and why | source |", "|---|---|---|---|"]
    for spec in SPECS:
        for rule in spec.rules:
            outcome = "error (`rule`)" if rule.warning is None else f"warning (`{rule.warning}`)"
            if rule.ip_family is not None:
                outcome = (
                    f"error (`rule`) on {rule.ip_family} clusters; {outcome} while the "
                    "cluster's IP family is not known"
                )
            rows.append(f"| {spec.name} | {rule.summary} | {outcome}: {rule.why} | {rule.source} |")
    return "\n".join(rows) + "\n"


def kubernetes_rules() -> str:
    """The shapes Kubernetes validates, from :data:`eks_addons.checks.kubernetes.SHAPES`."""
    rows = [
        "| key (any depth) | holding | checked as Kubernetes does | source |",
        "|---|---|---|---|",
    ]
    for key, shape in SHAPES.items():
        types = shape.types if isinstance(shape.types, tuple) else (shape.types,)
        kinds = ", ".join(
            {"Mapping": "an object", "list": "a list", "int": "an integer", "str": "a string"}[
                t.__name__
            ]
            for t in types
        )
        repository, blob = shape.source.removeprefix("https://github.com/").split("/blob/")
        # a path breaks after its slashes (<wbr>), not in a name, in a narrow column
        where = f"{repository} {blob}".replace("/", "/<wbr>")
        rows.append(f"| `{key}` | {kinds} | {shape.checks} | [{where}]({shape.source}) |")
    return "\n".join(rows) + "\n"


def compatibility() -> str:
    """Default (and latest) version of each add-on per Kubernetes version, from the catalog."""
    cataloged = cataloged_addons()
    catalogs = [
        found
        for spec in SPECS
        if spec.name in cataloged and (found := catalog(spec.name)) is not None
    ]
    kubernetes = sorted(
        {k for found in catalogs for k in found.kubernetes_versions}, key=kubernetes_key
    )
    info = catalog_info()
    taken = info.taken.isoformat() if info.taken else "an unknown date"
    rows = [
        f"AWS data as of {taken} ({info.region or 'region not recorded'}); "
        "`eks-addons catalog` says how old the catalog in use is.",
        "",
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


_COLUMNS = {
    "EC2 nodes": Compute(node_groups=1),
    "Fargate only": Compute(fargate_profiles=1),
    "EKS Auto Mode only": Compute(auto_mode=True),
    "hybrid nodes only": Compute(hybrid_nodes=True),
}


def cluster_modes() -> str:
    """What ``ClusterAddons`` and the placement checks do on each kind of compute."""
    header = ["add-on", "computeTypes", *_COLUMNS]
    rows = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for spec in SPECS:
        types = compute_types(spec, None, None)
        assert types is not None
        cells = [spec.name, ", ".join(sorted(types))]
        for compute in _COLUMNS.values():
            if has_place(spec, compute, types):
                cells.append("runs")
            else:
                replaced = [r.what for name, r in spec.replaced_on.items() if name in compute.types]
                cells.append(f"replaced by {replaced[0]}" if replaced else "not listed")
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def upgrade() -> str:
    """``eks-addons upgrade --from 1.29 --to 1.33`` on the sample's add-on stack, built at 1.29."""
    configurations = {"vpc-cni": SEED_VPC_CNI.to_dict(), "coredns": SEED_COREDNS.to_dict()}
    installed = []
    for name in ("coredns", "kube-proxy", "vpc-cni"):
        found = catalog(name)
        assert found is not None
        where = f"aws_eks_addon.{name.replace('-', '_')}"
        installed.append(
            InstalledAddon(name, found.default("1.29"), configurations.get(name), where)
        )
    plan = plan_upgrade(installed, from_kubernetes="1.29", to_kubernetes="1.33")
    return "```text\n" + plan_as_text(plan) + "\n```\n"


ENUMS: dict[str, type[StrEnum]] = {"ProblemCode": ProblemCode, "WarningCode": WarningCode}


def render(text: str) -> str:
    text = MARKER.sub(lambda m: m.group(1) + option_list(BUILDERS[m.group(2)]) + m.group(3), text)
    text = CODES.sub(lambda m: m.group(1) + codes(ENUMS[m.group(2)]) + m.group(3), text)
    text = RULES.sub(lambda m: m.group(1) + rules() + m.group(2), text)
    text = KUBERNETES.sub(lambda m: m.group(1) + kubernetes_rules() + m.group(2), text)
    text = MODES.sub(lambda m: m.group(1) + cluster_modes() + m.group(2), text)
    text = UPGRADE.sub(lambda m: m.group(1) + upgrade() + m.group(2), text)
    text = addon_pages.render_index(text)
    return COMPATIBILITY.sub(lambda m: m.group(1) + compatibility() + m.group(2), text)


def expected() -> dict[Path, str]:
    """Every generated file's path and text: the pages with markers, the add-on pages, the
    site's navigation."""
    pages = addon_pages.addon_pages(option_list)
    files = {ROOT / "docs" / name: text for name, text in pages.items()}
    for page in sorted((ROOT / "docs").rglob("*.md")):
        if page not in files:
            files[page] = render(page.read_text())
    mkdocs = ROOT / "mkdocs.yml"
    files[mkdocs] = addon_pages.navigation(mkdocs.read_text(), sorted(pages))
    return files


def main(check: bool) -> int:
    os.environ.pop(CATALOG_ENV, None)  # the shipped catalog, whatever the caller's override
    files = expected()
    folder = ROOT / "docs" / addon_pages.PAGES
    extra = [p for p in sorted(folder.glob("*.md")) if p not in files]
    return generated.sync(files, extra, check=check, command="python -m scripts.gen_docs")


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
