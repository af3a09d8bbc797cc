"""``eks-addons``: the catalog and the checks from the command line (pure Python, no jsii).

- ``eks-addons versions --kubernetes 1.33``: default and latest version of each add-on;
- ``eks-addons schema vpc-cni [--version V]``: the options a version's configuration takes;
- ``eks-addons validate PATH``: every ``aws_eks_addon`` in a synthesized ``cdk.tf.json``
  (or a ``cdktf.out`` directory), a hand-written ``*.tf.json``, or a ``terraform show -json``
  plan, given the checks the constructs run (exit 0 clean, 1 problems, 2 unusable input);
- ``eks-addons upgrade --from 1.29 --to 1.33 [PATH]``: plan a Kubernetes upgrade for the
  add-ons found in PATH (or named with ``--addon``), one minor at a time, as EKS upgrades
  (exit 0 nothing blocks, 1 a step or a configuration blocks, 2 unusable input);
- ``eks-addons refresh``: rebuild the catalog from saved AWS CLI output.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from eks_addons.catalog import (
    CATALOG_ENV,
    AddonCatalog,
    CatalogError,
    catalog,
    cataloged_addons,
    schema_options,
)
from eks_addons.catalog.refresh import write_catalog
from eks_addons.specs import known_addons, spec_for
from eks_addons.terraform_json import UnusableInputError, read_documents
from eks_addons.upgrade import InstalledAddon, UpgradeError, installed_addons, plan_upgrade
from eks_addons.upgrade_report import plan_as_json, plan_as_text, table_lines
from eks_addons.validate import validate_document


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
        raise UnusableInputError(f"no catalog data for {addon!r} (known: {known})")
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
    print("\n".join(table_lines(rows)))
    return 0


def _schema(args: argparse.Namespace) -> int:
    addon_catalog = _catalog(args.addon)
    version = args.version or addon_catalog.versions[0]
    schema = addon_catalog.schema_for(version)
    if schema is None:
        raise UnusableInputError(f"no schema known for {args.addon} {version}")
    options = {opt.key: name for name, opt in spec_for(args.addon).builder.options()}
    print(
        f"{args.addon} {version}"
        + (f" (schema of {schema.version})" if schema.version != version else "")
    )
    document = schema.document
    rows = [("key", "type", "builder option")]
    rows += [(path, kind, options.get(path, "")) for path, kind in schema_options(document)]
    print("\n".join(table_lines(rows)))
    return 0


def _validate(args: argparse.Namespace) -> int:
    documents = [document for path in args.paths for document in read_documents(Path(path))]
    checked = failed = 0
    for document in documents:
        result = validate_document(
            document, kubernetes=args.kubernetes, acknowledge=args.acknowledge or ()
        )
        for addon in result.addons:
            findings = addon.findings
            name = addon.resource.argument("addon_name")
            version = addon.resource.argument("addon_version")
            status = "FAIL" if findings.problems else "ok"
            shown = version if isinstance(version, str) else "?"
            print(f"{status:4} {addon.resource.where} ({name} {shown})")
            for problem in findings.problems:
                print(f"     error: {problem}")
            for warning in findings.warnings:
                print(f"     warning: {warning}")
            checked += 1
            failed += bool(findings.problems)
        for message in result.problems:
            print(f"FAIL {document.source}: {message}")
        for message in result.warnings:
            print(f"     warning: {document.source}: {message}")
        failed += len(result.problems)
    print(f"{checked} add-on(s) checked, {failed} with problems")
    return 1 if failed else 0


def _installed(args: argparse.Namespace) -> list[InstalledAddon]:
    """The add-ons to plan: found in the paths, named with --addon, else every cataloged one."""
    if args.addon:
        configuration = None if args.configuration is None else _parsed(args.configuration)
        return [InstalledAddon(args.addon, args.addon_version, configuration, args.addon)]
    if not args.paths:
        return [InstalledAddon(name, where=name) for name in _cataloged()]
    documents = [document for path in args.paths for document in read_documents(Path(path))]
    return installed_addons(documents)


def _parsed(configuration: str) -> Mapping[str, Any]:
    try:
        parsed = json.loads(configuration)
    except ValueError as error:
        raise UnusableInputError(f"configuration is not JSON: {error}") from None
    if not isinstance(parsed, Mapping):
        raise UnusableInputError("configuration must be a JSON object")
    return parsed


def _upgrade(args: argparse.Namespace) -> int:
    try:
        plan = plan_upgrade(
            _installed(args), from_kubernetes=args.from_kubernetes, to_kubernetes=args.to
        )
    except UpgradeError as error:
        raise UnusableInputError(str(error)) from None
    if args.format == "json":
        print(json.dumps(plan_as_json(plan), indent=2))
    else:
        print(plan_as_text(plan))
    return 1 if plan.has_problems else 0


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


def parser() -> argparse.ArgumentParser:
    """The command line of ``eks-addons``."""
    root = argparse.ArgumentParser(prog="eks-addons", description=__doc__.splitlines()[0])
    root.add_argument(
        "--version", action="version", version=f"%(prog)s {metadata.version('eks-addons')}"
    )
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
    validate.add_argument(
        "paths",
        nargs="+",
        metavar="path",
        help="cdk.tf.json, *.tf.json, a plan or state JSON, or a directory",
    )
    validate.add_argument(
        "--kubernetes", help="the cluster's Kubernetes version, if not in the file"
    )
    validate.add_argument(
        "--acknowledge",
        action="append",
        metavar="CODE",
        help="a warning code reviewed (the constructs' acknowledge=); repeat for more",
    )
    validate.set_defaults(run=_validate)

    upgrade = commands.add_parser(
        "upgrade", help="plan a Kubernetes upgrade for the add-ons, one minor at a time"
    )
    upgrade.add_argument(
        "paths", nargs="*", help="cdk.tf.json, *.tf.json, a plan or state JSON, or a directory"
    )
    upgrade.add_argument(
        "--from", dest="from_kubernetes", required=True, help="the cluster's version now"
    )
    upgrade.add_argument("--to", required=True, help="the Kubernetes version to reach")
    upgrade.add_argument("--addon", choices=_cataloged(), help="plan one add-on instead")
    upgrade.add_argument(
        "--version", dest="addon_version", help="with --addon: its version now (default: AWS's)"
    )
    upgrade.add_argument("--configuration", help="with --addon: its configuration, as JSON")
    upgrade.add_argument("--format", choices=("table", "json"), default="table")
    upgrade.set_defaults(run=_upgrade)

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
    refresh.add_argument("--min-kubernetes", default="1.20")
    refresh.add_argument(
        "--source", default="aws eks describe-addon-versions / describe-addon-configuration"
    )
    refresh.set_defaults(run=_refresh)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``eks-addons``; returns the exit code: 0 clean, 1 problems found, 2 unusable input."""
    try:
        args = parser().parse_args(argv)
        code: int = args.run(args)
    except (UnusableInputError, CatalogError) as error:
        print(f"eks-addons: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
