"""``eks-addons``: the catalog and the checks from the command line (pure Python, no jsii).

- ``eks-addons versions --kubernetes 1.33``: default and latest version of each add-on;
- ``eks-addons schema vpc-cni [--version V]``: the options a version's configuration takes;
- ``eks-addons validate PATH``: every ``aws_eks_addon`` in a synthesized ``cdk.tf.json``
  (or a ``cdktf.out`` directory), a hand-written ``*.tf.json``, or a ``terraform show -json``
  plan, checked for version compatibility and against AWS's schema;
- ``eks-addons refresh``: rebuild the catalog from saved AWS CLI output.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eks_addons.catalog import CATALOG_ENV, AddonCatalog, catalog, cataloged_addons, resolve_ref
from eks_addons.catalog.refresh import write_catalog
from eks_addons.checks import check_addon
from eks_addons.specs import known_addons, spec_for


def _cataloged() -> list[str]:
    """The add-ons with catalog data, in the specs' order (the defaults first)."""
    cataloged = cataloged_addons()
    return [name for name in known_addons() if name in cataloged] + sorted(
        set(cataloged) - set(known_addons())
    )


def _catalog(addon: str) -> AddonCatalog:
    found = catalog(addon)
    if found is None:
        known = ", ".join(_cataloged())
        raise SystemExit(f"eks-addons: no catalog data for {addon!r} (known: {known})")
    return found


def _versions(args: argparse.Namespace) -> int:
    rows = [("add-on", "default", "latest", "compatible")]
    for addon in args.addon or _cataloged():
        addon_catalog = _catalog(addon)
        compatible = addon_catalog.compatible(args.kubernetes)
        rows.append(
            (
                addon,
                addon_catalog.default(args.kubernetes) or "-",
                addon_catalog.latest(args.kubernetes) or "-",
                ", ".join(compatible) if args.all else str(len(compatible)),
            )
        )
    _print_table(rows)
    return 0


def _schema_rows(
    schema: Mapping[str, Any], node: Mapping[str, Any], prefix: str
) -> Iterator[tuple[str, str]]:
    for key, child in sorted(resolve_ref(schema, node).get("properties", {}).items()):
        path = f"{prefix}{key}"
        resolved = resolve_ref(schema, child)
        kind = resolved.get("type", "any")
        kind = "|".join(kind) if isinstance(kind, list) else str(kind)
        if "format" in resolved:
            kind += f" ({resolved['format']})"
        if "enum" in resolved:
            kind += " " + "|".join(str(value) for value in resolved["enum"])
        yield path, kind
        yield from _schema_rows(schema, resolved, f"{path}.")


def _schema(args: argparse.Namespace) -> int:
    addon_catalog = _catalog(args.addon)
    version = args.version or addon_catalog.versions[0]
    schema = addon_catalog.schema_for(version)
    if schema is None:
        raise SystemExit(f"eks-addons: no schema known for {args.addon} {version}")
    options = {opt.key: name for name, opt in spec_for(args.addon).builder.options()}
    print(
        f"{args.addon} {version}"
        + (f" (schema of {schema.version})" if schema.version != version else "")
    )
    document = schema.document
    rows = [("key", "type", "builder option")]
    rows += [
        (path, kind, options.get(path, "")) for path, kind in _schema_rows(document, document, "")
    ]
    _print_table(rows)
    return 0


@dataclass(frozen=True)
class FoundAddon:
    """An ``aws_eks_addon`` read from Terraform JSON."""

    where: str
    addon_name: str
    addon_version: object
    configuration: object
    kubernetes_version: object


def _unresolved(value: object) -> bool:
    return isinstance(value, str) and "${" in value


def _cluster_versions(resources: Mapping[str, Any]) -> dict[str, object]:
    """``${aws_eks_cluster.NAME.name}`` -> that cluster's literal ``version``."""
    clusters = resources.get("aws_eks_cluster", {})
    return {
        f"${{aws_eks_cluster.{name}.name}}": body.get("version")
        for name, body in clusters.items()
        if isinstance(body, Mapping)
    }


def _from_config_json(document: Mapping[str, Any], source: str) -> Iterator[FoundAddon]:
    resources = document.get("resource", {})
    versions = _cluster_versions(resources)
    for name, body in resources.get("aws_eks_addon", {}).items():
        yield FoundAddon(
            f"{source}: aws_eks_addon.{name}",
            body.get("addon_name", ""),
            body.get("addon_version"),
            body.get("configuration_values"),
            versions.get(body.get("cluster_name", "")),
        )


def _from_plan(document: Mapping[str, Any], source: str) -> Iterator[FoundAddon]:
    changes = document.get("resource_changes", [])
    clusters = [
        (change.get("change", {}).get("after") or {}).get("version")
        for change in changes
        if change.get("type") == "aws_eks_cluster"
    ]
    kubernetes = clusters[0] if len(clusters) == 1 else None
    for change in changes:
        after = change.get("change", {}).get("after") or {}
        if change.get("type") != "aws_eks_addon" or not after:
            continue
        yield FoundAddon(
            f"{source}: {change.get('address')}",
            after.get("addon_name", ""),
            after.get("addon_version"),
            after.get("configuration_values"),
            kubernetes,
        )


def _documents(path: Path) -> Iterator[tuple[str, Mapping[str, Any]]]:
    files = sorted(path.rglob("*.tf.json")) if path.is_dir() else [path]
    if path.is_dir() and not files:
        raise SystemExit(f"eks-addons: no *.tf.json under {path}")
    for file in files:
        yield str(file), json.loads(file.read_text())


def find_addons(path: Path) -> list[FoundAddon]:
    """Every ``aws_eks_addon`` in a Terraform JSON file, a plan, or a directory of them."""
    found: list[FoundAddon] = []
    for source, document in _documents(path):
        reader = _from_plan if "resource_changes" in document else _from_config_json
        found.extend(reader(document, source))
    return found


def _validate(args: argparse.Namespace) -> int:
    addons = find_addons(Path(args.path))
    failed = 0
    for found in addons:
        configuration = found.configuration
        if _unresolved(configuration) or configuration in (None, ""):
            configuration = None
        check = check_addon(
            spec_for(found.addon_name),
            configuration=configuration,  # type: ignore[arg-type]
            addon_version=found.addon_version,
            kubernetes_version=args.kubernetes or found.kubernetes_version,
            is_unresolved=_unresolved,
        )
        version = found.addon_version if isinstance(found.addon_version, str) else "?"
        findings = check.findings
        status = "FAIL" if findings.problems else "ok"
        print(f"{status:4} {found.where} ({found.addon_name} {version})")
        for problem in findings.problems:
            print(f"     error: {problem}")
        for warning in findings.warnings:
            print(f"     warning: {warning}")
        failed += bool(findings.problems)
    print(f"{len(addons)} add-on(s) checked, {failed} with problems")
    return 1 if failed else 0


def _refresh(args: argparse.Namespace) -> int:
    versions_files = [Path(item).resolve() for item in args.versions]
    configurations: list[Path] = []
    for item in args.configurations:
        path = Path(item)
        configurations += sorted(path.glob("*.json")) if path.is_dir() else [path]
    configurations = [path for path in configurations if path.resolve() not in versions_files]
    out = Path(args.out)
    written = write_catalog(
        versions_files,
        configurations,
        out,
        addons=args.addon or _cataloged(),
        min_kubernetes=args.min_kubernetes,
        source=args.source,
    )
    for path in written:
        data = json.loads(path.read_text())
        print(f"{path}: {len(data['versions'])} versions, {len(data['schemas'])} schemas")
    print(f"use it with: export {CATALOG_ENV}={out}")
    return 0


def _print_table(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def parser() -> argparse.ArgumentParser:
    """The command line of ``eks-addons``."""
    root = argparse.ArgumentParser(prog="eks-addons", description=__doc__.splitlines()[0])
    commands = root.add_subparsers(dest="command", required=True)

    versions = commands.add_parser("versions", help="default and latest add-on versions")
    versions.add_argument("--kubernetes", required=True, help="Kubernetes version, e.g. 1.33")
    versions.add_argument("--addon", action="append", choices=_cataloged())
    versions.add_argument("--all", action="store_true", help="list every compatible version")
    versions.set_defaults(run=_versions)

    schema = commands.add_parser("schema", help="the options an add-on version accepts")
    schema.add_argument("addon", choices=_cataloged())
    schema.add_argument("--version", help="add-on version (default: the newest known)")
    schema.set_defaults(run=_schema)

    validate = commands.add_parser(
        "validate", help="check aws_eks_addon resources in Terraform JSON"
    )
    validate.add_argument("path", help="cdk.tf.json, *.tf.json, a plan JSON, or a directory")
    validate.add_argument(
        "--kubernetes", help="the cluster's Kubernetes version, if not in the file"
    )
    validate.set_defaults(run=_validate)

    refresh = commands.add_parser("refresh", help="rebuild the catalog from AWS CLI output")
    refresh.add_argument(
        "--versions", nargs="+", required=True, help="describe-addon-versions output"
    )
    refresh.add_argument(
        "--configurations",
        nargs="+",
        required=True,
        help="describe-addon-configuration outputs (files or directories)",
    )
    refresh.add_argument("--out", required=True, help="directory for the catalog files")
    refresh.add_argument("--addon", action="append", choices=known_addons())
    refresh.add_argument("--min-kubernetes", default="1.28")
    refresh.add_argument(
        "--source", default="aws eks describe-addon-versions / describe-addon-configuration"
    )
    refresh.set_defaults(run=_refresh)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``eks-addons``; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
