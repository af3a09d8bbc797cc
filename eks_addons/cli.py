"""``eks-addons``: the catalog and the checks from the command line (pure Python, no jsii).

- ``eks-addons versions --kubernetes 1.33``: default and latest version of each add-on;
- ``eks-addons schema vpc-cni [--version V]``: the options a version's configuration takes;
- ``eks-addons validate PATH...``: every ``aws_eks_addon`` in Terraform JSON, plans and
  state, given the checks the constructs run;
- ``eks-addons upgrade --from 1.29 --to 1.33 [PATH...]``: plan a Kubernetes upgrade for the
  add-ons found (or named with ``--addon``), one minor at a time, as EKS upgrades;
- ``eks-addons catalog [--max-age DAYS]``: which catalog is in use, and how old its data is;
- ``eks-addons refresh``: rebuild the catalog from saved AWS CLI output.

Exit codes, for every command: 0 clean, 1 problems found, 2 unusable input (one line says
why), 3 an internal error of eks-addons (a bug: the line says how to report it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from eks_addons.catalog import (
    CATALOG_ENV,
    AddonCatalog,
    CatalogError,
    aws,
    catalog,
    catalog_info,
    cataloged_addons,
    schema_options,
)
from eks_addons.catalog.catalog import newest_kubernetes
from eks_addons.catalog.refresh import RefreshError, rebuild, refresh
from eks_addons.specs import known_addons, spec_for
from eks_addons.terraform_json import UnusableInputError, read_documents
from eks_addons.upgrade import InstalledAddon, UpgradeError, installed_addons, plan_upgrade
from eks_addons.upgrade_report import plan_as_json, plan_as_text, table_lines
from eks_addons.validate import validate_document

CLEAN, PROBLEMS, UNUSABLE, INTERNAL = 0, 1, 2, 3
_KUBERNETES = re.compile(r"\d{1,3}\.\d{1,3}")


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


def _kubernetes(value: str, option: str = "--kubernetes") -> str:
    if not _KUBERNETES.fullmatch(value):
        raise UnusableInputError(f"{option} {value!r}: not a Kubernetes version (e.g. 1.33)")
    return value


def _about() -> str:
    """The line every catalog-reading command starts with."""
    return f"{catalog_info().describe()}"


def _versions(args: argparse.Namespace) -> int:
    kubernetes = _kubernetes(args.kubernetes)
    chosen = args.addon or (_cataloged() if args.all_addons else list(known_addons()))
    header = ["add-on", "default", "latest", "compatible"]
    if args.all_addons:
        header[1:1] = ["owner", "type"]
    rows = [tuple(header)]
    for addon in chosen:
        addon_catalog = _catalog(addon)
        compatible = addon_catalog.compatible(kubernetes)
        row = [
            addon,
            addon_catalog.default(kubernetes) or "-",
            addon_catalog.latest(kubernetes) or "-",
            ", ".join(compatible) if args.all else str(len(compatible)),
        ]
        if args.all_addons:
            row[1:1] = [
                str(addon_catalog.info.get("owner", "?")),
                str(addon_catalog.info.get("type", "?")),
            ]
        rows.append(tuple(row))
    print(_about())
    print("\n".join(table_lines(rows)))
    newest = newest_kubernetes()
    if newest is not None and _beyond(kubernetes, newest):
        print(
            f"the catalog knows no version for Kubernetes {kubernetes} (its newest is {newest}): "
            "refresh it (eks-addons refresh, see docs/versions.md) for what AWS lists now"
        )
    return CLEAN


def _beyond(kubernetes: str, newest: str) -> bool:
    major, minor = (int(part) for part in kubernetes.split("."))
    top_major, top_minor = (int(part) for part in newest.split("."))
    return (major, minor) > (top_major, top_minor)


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
    return CLEAN


def _validate(args: argparse.Namespace) -> int:
    kubernetes = None if args.kubernetes is None else _kubernetes(args.kubernetes)
    documents = [document for path in args.paths for document in read_documents(Path(path))]
    print(_about())
    checked = failed = 0
    for document in documents:
        result = validate_document(
            document, kubernetes=kubernetes, acknowledge=args.acknowledge or ()
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
    return PROBLEMS if failed else CLEAN


def _installed(args: argparse.Namespace) -> list[InstalledAddon]:
    """The add-ons to plan: found in the paths, named with --addon, else every cataloged one."""
    if args.addon:
        _catalog(args.addon)
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
        print(json.dumps({"catalog": _catalog_json(), **plan_as_json(plan)}, indent=2))
    else:
        print(_about())
        print(plan_as_text(plan))
    return PROBLEMS if plan.has_problems else CLEAN


def _catalog_json() -> dict[str, Any]:
    info = catalog_info()
    return {
        "taken": None if info.taken is None else info.taken.isoformat(),
        "region": info.region,
        "location": info.location,
        "age_days": info.age_days(),
    }


def _catalog_status(args: argparse.Namespace) -> int:
    info = catalog_info()
    age = info.age_days()
    print(info.describe())
    print(f"source: {info.source}")
    print(f"add-ons: {len(cataloged_addons())}; newest Kubernetes known: {newest_kubernetes()}")
    if age is not None:
        print(f"age: {age} day(s)")
    if args.max_age is not None:
        if age is None:
            print(f"older than {args.max_age} day(s)? not known: the catalog records no date")
            return PROBLEMS
        if age > args.max_age:
            print(
                f"older than {args.max_age} day(s): refresh it (eks-addons refresh, "
                "see docs/versions.md)"
            )
            return PROBLEMS
    return CLEAN


def _files(items: Sequence[str]) -> list[Path]:
    found: list[Path] = []
    for item in items:
        path = Path(item)
        found += sorted(path.glob("*.json")) if path.is_dir() else [path]
    return found


def _refresh(args: argparse.Namespace) -> int:
    out = Path(args.out)
    options: dict[str, Any] = {
        "addons": args.addon,
        "min_kubernetes": args.min_kubernetes,
    }
    if args.from_aws:
        if args.versions or args.configurations:
            raise UnusableInputError("--from-aws reads AWS: give no --versions/--configurations")
        eks = aws.client(args.region)
        answers = aws.read_from_aws(eks, args.addon)
        taken = _taken(args.taken, [])
        result = rebuild(
            answers.entries,
            answers.schemas,
            answers.pod_identity,
            out,
            source=f"aws eks describe-addon-versions / describe-addon-configuration, "
            f"region {answers.region} ({answers.partition}), read by eks-addons refresh",
            taken=taken,
            region=answers.region,
            **options,
        )
    else:
        if not args.versions or not args.configurations:
            raise UnusableInputError(
                "give --versions and --configurations (AWS CLI output), or --from-aws"
            )
        versions_files = _files(args.versions)
        own = {path.resolve() for path in versions_files}
        configurations = [p for p in _files(args.configurations) if p.resolve() not in own]
        taken = _taken(args.taken, [*versions_files, *configurations])
        result = refresh(
            versions_files,
            configurations,
            out,
            source=args.source,
            taken=taken,
            region=args.region,
            **options,
        )
    print(f"started from {result.base}")
    for change in result.changes:
        print(change.describe())
    print(f"wrote {result.manifest} (AWS data as of {taken.isoformat()})")
    print(f"use it with: export {CATALOG_ENV}={out}")
    return CLEAN


def _taken(given: str | None, inputs: list[Path]) -> date:
    """The day the data was taken: as given, else the day the newest input was written."""
    if given is not None:
        try:
            return date.fromisoformat(given)
        except ValueError:
            raise UnusableInputError(f"--taken {given!r}: not a date (YYYY-MM-DD)") from None
    stamps = [path.stat().st_mtime for path in inputs if path.is_file()]
    moment = datetime.fromtimestamp(max(stamps), UTC) if stamps else datetime.now(UTC)
    return moment.date()


def parser() -> argparse.ArgumentParser:
    """The command line of ``eks-addons``."""
    root = argparse.ArgumentParser(prog="eks-addons", description=__doc__.splitlines()[0])
    root.add_argument(
        "--version", action="version", version=f"%(prog)s {metadata.version('eks-addons')}"
    )
    commands = root.add_subparsers(dest="command", required=True)

    versions = commands.add_parser("versions", help="default and latest add-on versions")
    versions.add_argument("--kubernetes", required=True, help="Kubernetes version, e.g. 1.33")
    versions.add_argument("--addon", action="append", help="an add-on (repeat for more)")
    versions.add_argument("--all", action="store_true", help="list every compatible version")
    versions.add_argument(
        "--all-addons",
        action="store_true",
        help="every add-on the catalog lists, with its owner and type (default: the add-ons "
        "with a construct of their own)",
    )
    versions.set_defaults(run=_versions)

    schema = commands.add_parser("schema", help="the options an add-on version accepts")
    schema.add_argument("addon", help="the add-on, e.g. vpc-cni")
    schema.add_argument("--version", help="add-on version (default: the newest known)")
    schema.set_defaults(run=_schema)

    validate = commands.add_parser(
        "validate", help="check aws_eks_addon resources in Terraform JSON, plans and state"
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
    upgrade.add_argument("--addon", help="plan one add-on instead")
    upgrade.add_argument(
        "--version", dest="addon_version", help="with --addon: its version now (default: AWS's)"
    )
    upgrade.add_argument("--configuration", help="with --addon: its configuration, as JSON")
    upgrade.add_argument("--format", choices=("table", "json"), default="table")
    upgrade.set_defaults(run=_upgrade)

    status = commands.add_parser("catalog", help="the catalog in use and the age of its data")
    status.add_argument(
        "--max-age",
        type=int,
        metavar="DAYS",
        help="exit 1 when the data is older than DAYS days (for CI)",
    )
    status.set_defaults(run=_catalog_status)

    refresh_command = commands.add_parser("refresh", help="rebuild the catalog from AWS CLI output")
    refresh_command.add_argument(
        "--versions",
        nargs="+",
        help="describe-addon-versions output (every page of a paginated answer)",
    )
    refresh_command.add_argument(
        "--configurations",
        nargs="+",
        help="describe-addon-configuration outputs (files or directories)",
    )
    refresh_command.add_argument(
        "--from-aws",
        action="store_true",
        help="read AWS itself, for the account, region and partition of your credentials "
        "(needs pip install 'eks-addons[aws]')",
    )
    refresh_command.add_argument("--out", required=True, help="directory for the catalog")
    refresh_command.add_argument(
        "--addon", action="append", help="refresh this add-on only (repeat for more)"
    )
    refresh_command.add_argument(
        "--min-kubernetes", default="1.20", help="the oldest Kubernetes version to keep"
    )
    refresh_command.add_argument(
        "--taken", help="the day the output was taken, YYYY-MM-DD (default: the files' date)"
    )
    refresh_command.add_argument(
        "--region", help="the AWS region to read (--from-aws), or the output was taken in"
    )
    refresh_command.add_argument(
        "--source",
        default="aws eks describe-addon-versions / describe-addon-configuration",
        help="how the output was taken, recorded in the catalog",
    )
    refresh_command.set_defaults(run=_refresh)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``eks-addons``; returns the exit code: 0 clean, 1 problems found, 2 unusable input,
    3 an internal error."""
    try:
        args = parser().parse_args(argv)
        code: int = args.run(args)
    except (UnusableInputError, CatalogError, RefreshError) as error:
        print(f"eks-addons: {error}", file=sys.stderr)
        return UNUSABLE
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return CLEAN
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: one line, and a distinct exit code
        print(
            f"eks-addons: internal error ({type(error).__name__}: {error}); this is a bug of "
            "eks-addons: please report it with `eks-addons --version` and the command",
            file=sys.stderr,
        )
        return INTERNAL
    return code


if __name__ == "__main__":
    sys.exit(main())
