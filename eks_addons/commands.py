"""The ``eks-addons`` commands, run by :func:`eks_addons.cli.main` once the command line is
parsed. ``--help`` loads none of this; each command imports what only it needs (the checks
and jsonschema, the refresh) when it runs, so ``versions`` and ``catalog`` start fast."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eks_addons.catalog import (
    CATALOG_ENV,
    AddonCatalog,
    CatalogError,
    RefreshError,
    catalog,
    catalog_info,
    cataloged_addons,
    newest_kubernetes,
    schema_options,
)
from eks_addons.inputs import InputError, load_json, shown
from eks_addons.specs import known_addons, spec_for
from eks_addons.terraform_json import UnusableInputError, read_documents
from eks_addons.text import table_lines

if TYPE_CHECKING:
    from eks_addons.upgrade import InstalledAddon

CLEAN, PROBLEMS = 0, 1


def _say(line: str) -> None:
    """Print ``line`` safe for a terminal (escape sequences in names shown escaped), cut."""
    print(shown(line, 4000))


USER_ERRORS = (UnusableInputError, CatalogError, RefreshError, InputError)
"""What makes an input unusable: one line, exit 2."""
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


def run_versions(args: argparse.Namespace) -> int:
    """``eks-addons versions``."""
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


def run_schema(args: argparse.Namespace) -> int:
    """``eks-addons schema``."""
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


def run_validate(args: argparse.Namespace) -> int:
    """``eks-addons validate``."""
    from eks_addons.validate import validate_document  # noqa: PLC0415 (the checks, jsonschema)

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
            written = version if isinstance(version, str) else "?"
            _say(f"{status:4} {addon.resource.where} ({name} {written})")
            secret = addon.resource.sensitive  # what the plan marks sensitive
            for problem in findings.problems:
                top = problem.path.split(".", 1)[0]
                open_ = not secret or (top in addon.resource.body and top not in secret)
                where = ", ".join(sorted(secret))
                told = (
                    str(problem)
                    if open_
                    else f"in {where} [{problem.code}]: not shown, the plan marks it sensitive"
                )
                _say(f"     error: {told}")
            for warning in findings.warnings:
                hidden = (
                    f"{warning.code} in {', '.join(sorted(secret))}: not shown, the plan marks "
                    "it sensitive"
                )
                _say(f"     warning: {hidden if secret else warning}")
            checked += 1
            failed += bool(findings.problems)
        for message in result.problems:
            _say(f"FAIL {document.source}: {message}")
        for message in result.warnings:
            _say(f"     warning: {document.source}: {message}")
        failed += len(result.problems)
    print(f"{checked} add-on(s) checked, {failed} with problems")
    return PROBLEMS if failed else CLEAN


def _installed(args: argparse.Namespace) -> list[InstalledAddon]:
    """The add-ons to plan: found in the paths, named with --addon, else every cataloged one."""
    from eks_addons.upgrade import InstalledAddon, installed_addons  # noqa: PLC0415

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
        parsed = load_json(configuration, "--configuration")
    except InputError as error:
        raise UnusableInputError(str(error)) from None
    if not isinstance(parsed, Mapping):
        raise UnusableInputError("configuration must be a JSON object")
    return parsed


def run_upgrade(args: argparse.Namespace) -> int:
    """``eks-addons upgrade``."""
    from eks_addons.upgrade import UpgradeError, plan_upgrade  # noqa: PLC0415 (the checks)
    from eks_addons.upgrade_report import plan_as_json, plan_as_text  # noqa: PLC0415

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
        for line in plan_as_text(plan).splitlines():
            _say(line)
    return PROBLEMS if plan.has_problems else CLEAN


def _catalog_json() -> dict[str, Any]:
    info = catalog_info()
    return {
        "taken": None if info.taken is None else info.taken.isoformat(),
        "region": info.region,
        "location": info.location,
        "age_days": info.age_days(),
    }


def run_catalog_status(args: argparse.Namespace) -> int:
    """``eks-addons catalog``."""
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


def run_refresh(args: argparse.Namespace) -> int:
    """``eks-addons refresh``."""
    from eks_addons.catalog import aws  # noqa: PLC0415 (the refresh: jsonschema)
    from eks_addons.catalog.refresh import rebuild, refresh  # noqa: PLC0415

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


def run_lock(args: argparse.Namespace) -> int:
    """``eks-addons lock``."""
    from eks_addons.lock import (  # noqa: PLC0415
        LOCK_FILE,
        lock_path,
        read_lock,
        render,
        resolved,
        write_lock,
    )

    # the file the constructs read (EKS_ADDONS_LOCK=none reads none: write the default one)
    target = Path(args.lock_file) if args.lock_file else lock_path() or Path(LOCK_FILE)
    documents = [document for path in args.paths for document in read_documents(Path(path))]
    found = resolved(documents)
    if not found:
        raise UnusableInputError(
            f"{', '.join(args.paths)}: no aws_eks_addon with a version and a construct path "
            "(point it at the synth's output, cdktf.out)"
        )
    before = read_lock(target)
    stacks = {path.split("/")[0] for path in found}
    kept = {path: entry for path, entry in before.items() if path.split("/")[0] not in stacks}
    moved = [
        f"{path}: {entry.addon} {before[path].version} -> {entry.version}"
        for path, entry in sorted(found.items())
        if path in before and before[path] != entry
    ]
    changes = [
        *moved,
        *(f"{path}: new ({found[path].version})" for path in sorted(set(found) - set(before))),
        *(f"{path}: gone" for path in sorted(set(before) - set(found) - set(kept))),
    ]
    if not args.check:
        try:
            write_lock(target, render({**kept, **found}, catalog_info().describe()))
        except OSError as error:
            why = (error.strerror or str(error)).lower()
            raise UnusableInputError(f"{target}: {why}") from None
    for line in changes:
        _say(line)
    if args.check:
        _say(f"{target}: {'out of date' if changes else 'up to date'}")
        return PROBLEMS if changes else CLEAN
    new = sum(path not in before for path in found)
    _say(f"{target}: {len(found)} add-ons locked ({new} new, {len(moved)} moved)")
    return CLEAN
