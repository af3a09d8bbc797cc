"""The docs of every add-on, generated from the catalog, the IAM facts and the builders.

``docs/addons/index.md`` holds the table of all add-ons between ``<!-- all-addons -->`` and
``<!-- /all-addons -->``; ``docs/addons/<addon>.md`` is written whole for each add-on with a
generated builder; the site's navigation lists those pages between the ``# generated add-on
pages`` markers of ``mkdocs.yml``. Called by ``scripts/gen_docs.py``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eks_addons.catalog import AddonCatalog, catalog, catalog_info, cataloged_addons
from eks_addons.catalog.versions import kubernetes_key
from eks_addons.checks.iam import IamKind, grants
from eks_addons.checks.placement import compute_types
from eks_addons.config.generated import BUILDER_MODULES, builder_of
from eks_addons.config.model import AddonConfig, ConfigModel
from eks_addons.errors import Findings
from eks_addons.specs import AddonSpec, all_specs, spec_for
from scripts.gen_builders import ruff_format

ALL_ADDONS = re.compile(r"(<!-- all-addons -->\n).*?(<!-- /all-addons -->)", re.DOTALL)
NAV = re.compile(r"(\n( *)# generated add-on pages).*?(\n *# /generated add-on pages)", re.DOTALL)
PAGES = "addons"
"""The folder under ``docs/`` of the generated pages."""

Options = Callable[[type[ConfigModel]], str]

REQUIRED_VALUES: dict[str, dict[str, Any]] = {
    "amazon-sagemaker-hyperpod-inference": {
        "executionRoleArn": "arn:aws:iam::123456789012:role/hyperpod-inference",
        "tlsCertificateS3Bucket": "example-tls-bucket",
    },
    "amazon-sagemaker-hyperpod-observability": {
        "ampWorkspace.prometheusEndpoint": (
            "https://aps-workspaces.us-east-1.amazonaws.com/workspaces/"
            "ws-12345678-abcd-abcd-abcd-123456789012/"
        ),
    },
}
"""Example values of the keys AWS's schema requires (dotted keys), for the pages' examples."""


def required_example(addon: str) -> dict[str, Any]:
    """The add-on's :data:`REQUIRED_VALUES` as a configuration (nested objects)."""
    config: dict[str, Any] = {}
    for dotted, value in REQUIRED_VALUES.get(addon, {}).items():
        *parents, key = dotted.split(".")
        level = config
        for parent in parents:
            level = level.setdefault(parent, {})
        level[key] = value
    return config


def page_of(spec: AddonSpec) -> str | None:
    """The add-on's page, relative to ``docs/``: its module's, else its generated one."""
    if spec.docs_page is not None:
        return spec.docs_page
    return f"{PAGES}/{spec.name}.md" if spec.name in BUILDER_MODULES else None


def _found(addon: str) -> AddonCatalog:
    found = catalog(addon)
    assert found is not None, addon
    return found


def _runs_on(spec: AddonSpec) -> str:
    types = compute_types(spec, None, None)
    return ", ".join(sorted(types)) if types else "not listed"


def _iam_routes(spec: AddonSpec) -> list[str]:
    """What ``iam=`` does for the add-on: the kinds it creates roles of."""
    kinds: list[tuple[IamKind, str]] = [("irsa", "Irsa"), ("pod-identity", "PodIdentity")]
    routes = []
    for kind, name in kinds:
        findings = Findings()
        made = grants(spec, kind, namespace=None, ip_family=None, given={}, findings=findings)
        if made and not findings.problems:
            routes.append(f"`iam={name}()`")
    return routes


def iam_summary(spec: AddonSpec, *, key: bool = True) -> str:
    """What the add-on needs from IAM and how ``iam=`` gives it (with the configuration key
    that takes a role, unless ``key`` is false: the add-on's page says it)."""
    facts = spec.iam
    if facts.needs_iam is False:
        return "none"
    inside = [key for a in spec.service_accounts if a.required for key in a.in_configuration]
    routes = _iam_routes(spec)
    if routes:
        said = " or ".join(routes)
    elif inside:
        said = "a role ARN in the configuration" + (f" (`{inside[0]}`)" if key else "")
    elif spec.service_accounts:
        said = "a role you create"
    else:
        return "not documented" if facts.needs_iam is None else "needs some; not documented"
    if facts.node_role_fallback:
        said += ", or the node role"
    return said if facts.needs_iam else f"optional: {said}"


def pod_identity_summary(spec: AddonSpec) -> str:
    facts = spec.iam
    if facts.needs_iam is False:
        return "not needed"
    if facts.pod_identity_supported is False:
        return "no"
    if facts.pod_identity_supported is None:
        return "not documented"
    said = "required" if facts.pod_identity_required else "yes"
    return f"{said}, from `{facts.pod_identity_since}`" if facts.pod_identity_since else said


def _builder_of(spec: AddonSpec) -> type[AddonConfig] | None:
    return spec.builder if spec.builder is not AddonConfig else None


def all_addons() -> str:
    """The table of every add-on the catalog lists."""
    rows = [
        "| add-on, its builder | owner | type | runs on | IAM | Pod Identity |",
        "|---|---|---|---|---|---|",
    ]
    for spec in sorted(all_specs(), key=lambda s: s.name):
        info = _found(spec.name).info
        page = page_of(spec)
        name = f"[{spec.name}]({os.path.relpath(page, PAGES)})" if page else spec.name
        builder = _builder_of(spec)
        typed = f"`{builder.__name__}`" if builder else "a mapping or JSON"
        cells = [
            f"{name}<br>{typed}",
            str(info.get("owner", "-")),
            str(info.get("type", "-")),
            _runs_on(spec),
            iam_summary(spec, key=False),
            pod_identity_summary(spec),
        ]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows) + "\n"


def _example(spec: AddonSpec, builder: type[AddonConfig], kubernetes: str) -> str:
    variable = spec.name.replace("-", "_")
    routes = _iam_routes(spec)
    pod_identity = "`iam=PodIdentity()`" in routes
    names = ["Addon", builder.__name__]
    if pod_identity:
        names += ["PodIdentity", "PodIdentityAgentAddon"]
    configuration = repr(builder.from_dict(required_example(spec.name)))
    parts = sorted(
        part.__name__
        for part in _parts(builder)
        if part is not builder and f"{part.__name__}(" in configuration
    )
    lines = [
        "from cdktf import App, TerraformStack",
        f"from eks_addons import {', '.join(sorted(names))}",
    ]
    if parts:
        lines.append(f"from {builder.__module__} import {', '.join(parts)}")
    lines += [
        "",
        f'stack = TerraformStack(App(), "{spec.name}-example")',
    ]
    if pod_identity:
        lines.append(
            f'agent = PodIdentityAgentAddon(stack, "pod_identity_agent", cluster_name="demo", '
            f'kubernetes_version="{kubernetes}")'
        )
    lines += [
        "Addon(",
        "    stack,",
        f'    "{variable}",',
        f'    addon_name="{spec.name}",',
        '    cluster_name="demo",',
        f'    kubernetes_version="{kubernetes}",',
        f"    configuration={configuration},",
    ]
    if pod_identity:
        lines += ["    iam=PodIdentity(),", "    depends_on=[agent],"]
    lines.append(")")
    code = ruff_format(Path(f"{variable}.py"), "\n".join(lines) + "\n")
    return f"```python\n{code}```"


def _parts(cls: type[ConfigModel]) -> list[type[ConfigModel]]:
    found = [cls]
    for _, opt in cls.options():
        if isinstance(opt.kind, type):
            found += [part for part in _parts(opt.kind) if part not in found]
    return found


def addon_page(spec: AddonSpec, options: Options) -> str:
    """The whole page of an add-on with a generated builder."""
    builder = _builder_of(spec)
    assert builder is not None, spec.name
    found = _found(spec.name)
    info = found.info
    kubernetes = found.kubernetes_versions[-1]
    said = re.search(r"schema of (v\S+?)\.(?:\s|$)", " ".join((builder.__doc__ or "").split()))
    assert said is not None, builder.__name__
    schema_version = said.group(1)
    accounts = [
        f"`{a.namespace}/{a.name}`"
        + (f" ({a.when})" if a.when else "")
        + (
            f": {', '.join(f'`{p}`' for p in a.permissions.managed_policies)}"
            if a.permissions.managed_policies
            else ": AWS's policy document"
            if a.permissions.policy_document
            else ""
        )
        for a in spec.service_accounts
    ]
    lines = [
        f"# {spec.name}",
        "",
        "<!-- Generated by scripts/gen_docs.py from the catalog, the IAM facts and the "
        "builder; do not edit. -->",
        "",
        "| | |",
        "|---|---|",
        f"| owner | {info.get('owner', '-')} (publisher {info.get('publisher', '-')}) |",
        f"| type | {info.get('type', '-')} |",
        f"| default namespace | `{info.get('defaultNamespace', '-')}` |",
        f"| runs on | {_runs_on(spec)} (AWS's `computeTypes` of the newest version) |",
        f"| IAM | {iam_summary(spec)} |",
        f"| Pod Identity | {pod_identity_summary(spec)} |",
        f"| builder | `{builder.__name__}`, from AWS's schema of {schema_version} |",
        "",
    ]
    if spec.iam.note:
        lines += [f"AWS on its permissions: {spec.iam.note}", ""]
    if accounts:
        lines += ["Service accounts: " + "; ".join(accounts) + ".", ""]
    lines += [
        "## Use it",
        "",
        "`Addon` takes it by name: the default version for the cluster's Kubernetes version, "
        "a pin checked against the catalog, the configuration checked against the schema of "
        "the exact version, placement from `computeTypes`. Keys a newer version adds go in "
        "`extra=`, checked like the rest.",
        "",
        _example(spec, builder, kubernetes),
        "",
        "## Versions",
        "",
        "| Kubernetes | default | latest |",
        "|---|---|---|",
    ]
    for version in sorted(found.defaults, key=kubernetes_key, reverse=True):
        lines.append(f"| {version} | {found.default(version)} | {found.latest(version) or '-'} |")
    lines += ["", "## Options", ""]
    for part in _parts(builder):
        if part is not builder:
            lines += [f"### `{part.__name__}`", ""]
        lines += [options(part).rstrip("\n"), ""]
    sources = [found.source, *spec.iam.sources]
    lines += ["## Sources", "", *(f"- {source}" for source in dict.fromkeys(sources)), ""]
    return "\n".join(lines)


def addon_pages(options: Options) -> dict[str, str]:
    """Each generated page, relative to ``docs/``, and its text."""
    return {
        f"{PAGES}/{addon}.md": addon_page(spec_for(addon), options)
        for addon in sorted(BUILDER_MODULES)
        if addon in cataloged_addons() and builder_of(addon) is not None
    }


def navigation(text: str, pages: list[str]) -> str:
    """``mkdocs.yml`` with the generated pages between its markers."""

    def entries(match: re.Match[str]) -> str:
        indent = match.group(2)
        listed = "".join(f"\n{indent}- {Path(page).stem}: {page}" for page in pages)
        return match.group(1) + listed + match.group(3)

    return NAV.sub(entries, text)


def render_index(text: str) -> str:
    info = catalog_info()
    stamp = info.describe()
    return ALL_ADDONS.sub(lambda m: m.group(1) + f"{stamp}.\n\n" + all_addons() + m.group(2), text)
