"""Build a catalog from AWS's answers, check everything it writes, and switch it atomically.

Inputs, as the AWS CLI writes them (or as :mod:`eks_addons.catalog.aws` reads them from AWS):

- ``aws eks describe-addon-versions`` output: the whole document, or its ``addons`` list
  (``--query addons``); a paginated answer is several files, its pages;
- one file per version of ``aws eks describe-addon-configuration --addon-name A
  --addon-version V`` output (with ``configurationSchema``), or of its ``--query
  configurationSchema --output text`` form, named ``<addon>_<version>[.schema].json``.

Every input is checked before anything is written, and a problem is one :class:`RefreshError`
line saying what and where. The catalog is written to a new generation directory inside the
target (each file through a temporary file, flushed, renamed into place) and switched by
renaming its manifest over the old one: a kill at any moment leaves the old catalog in use.
No write follows a symbolic link or leaves the target, and two refreshes of one target at
once are refused.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from jsonschema import Draft6Validator, validators

from eks_addons.catalog.catalog import (
    CATALOG_ENV,
    GENERATION,
    MANIFEST,
    CatalogError,
    RefreshError,
    catalog_data,
)
from eks_addons.catalog.catalog import FORMAT as CATALOG_FORMAT
from eks_addons.catalog.versions import addon_version_key, kubernetes_key, newest_first
from eks_addons.inputs import InputError, read_text, shown

FORMAT = 1
"""The format of one add-on's data file."""
LOCK = ".eks-addons-refresh.lock"
_KUBERNETES = re.compile(r"\d{1,3}\.\d{1,3}")
_ADDON = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")


# reading ----------------------------------------------------------------------------------


def read_json(path: Path, what: str) -> Any:
    """One input file's JSON (read with :func:`eks_addons.inputs.read_text`'s bounds);
    :class:`RefreshError` saying why not."""
    try:
        text = read_text(path, what)
    except InputError as error:
        raise RefreshError(str(error)) from None
    if not text.strip():
        raise RefreshError(f"{shown(str(path))}: empty ({what})")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        head = text.lstrip()[:40]
        hint = ""
        if re.match(r"[A-Za-z_][\w-]*:\s|-\s|---", head):
            hint = "; it looks like YAML: ask the AWS CLI for --output json"
        elif error.pos >= len(text.rstrip()) - 1:
            hint = "; it ends early (truncated?)"
        raise RefreshError(
            f"{shown(str(path))}: not JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}){hint}"
        ) from None
    except RecursionError:
        raise RefreshError(f"{shown(str(path))}: JSON nested too deeply ({what})") from None
    except ValueError as error:  # an integer of more than 4300 digits
        raise RefreshError(f"{shown(str(path))}: {shown(str(error), 120)}") from None


def _token(document: Any) -> str | None:
    if isinstance(document, Mapping):
        token = document.get("nextToken", document.get("NextToken"))
        return token if isinstance(token, str) and token else None
    return None


def read_versions(paths: Iterable[Path]) -> list[Mapping[str, Any]]:
    """The ``addons`` entries of describe-addon-versions pages, every page given."""
    entries: list[Mapping[str, Any]] = []
    continued: list[tuple[Path, str]] = []
    count = 0
    for path in paths:
        count += 1
        document = read_json(path, "describe-addon-versions output")
        token = _token(document)
        if token is not None:
            continued.append((path, token))
        addons = document.get("addons") if isinstance(document, Mapping) else document
        if not isinstance(addons, list):
            raise RefreshError(f"{path}: not describe-addon-versions output (no 'addons' list)")
        for index, entry in enumerate(addons):
            if not isinstance(entry, Mapping) or not isinstance(entry.get("addonName"), str):
                raise RefreshError(f"{path}: addons[{index}] has no addonName")
            entries.append(entry)
    if count and len(continued) >= count:
        path, token = continued[-1]
        raise RefreshError(
            f"{path}: the answer goes on (nextToken {token[:24]!r}...): {len(continued)} of "
            f"{count} page(s) say more follow; give the pages after it too "
            "(aws eks describe-addon-versions --starting-token ...), or none is cut"
        )
    return entries


def read_configuration(path: Path) -> tuple[str, str, Mapping[str, Any], list[Any] | None]:
    """``(addon, version, schema, podIdentityConfiguration)`` from one
    describe-addon-configuration output file."""
    document = read_json(path, "describe-addon-configuration output")
    pod_identity = None
    if isinstance(document, Mapping) and "configurationSchema" in document:
        schema = document["configurationSchema"]
        try:
            parsed = json.loads(schema) if isinstance(schema, str) else schema
        except json.JSONDecodeError as error:
            raise RefreshError(f"{path}: configurationSchema is not JSON ({error.msg})") from None
        addon, version = document.get("addonName"), document.get("addonVersion")
        if not isinstance(addon, str) or not isinstance(version, str):
            raise RefreshError(f"{path}: no addonName / addonVersion beside configurationSchema")
        found = document.get("podIdentityConfiguration")
        pod_identity = found if isinstance(found, list) else None
    else:
        stem = path.name.removesuffix(".json").removesuffix(".schema")
        stem = stem.removesuffix(".configuration")
        addon, separator, version = stem.rpartition("_")
        if not separator:
            raise RefreshError(
                f"{path}: name it <addon>_<version>.json or keep configurationSchema"
            )
        parsed = document
    if not isinstance(parsed, Mapping):
        raise RefreshError(f"{path}: the schema is not a JSON object")
    _version(version, f"{path}")
    return addon, version, parsed, pod_identity


def _version(version: object, where: str) -> str:
    if not isinstance(version, str):
        raise RefreshError(f"{where}: addonVersion {version!r} is not a string")
    try:
        addon_version_key(version)
    except ValueError:
        raise RefreshError(f"{where}: {version!r} is not an add-on version") from None
    return version


def check_refs(schema: Mapping[str, Any], where: str) -> None:
    """Every ``$ref`` is local and resolves (the catalog is offline, and a dangling one would
    break every later check)."""
    for ref in _refs(schema):
        if not ref.startswith("#"):
            raise RefreshError(f"{where}: $ref {ref!r} is not local (the catalog is offline)")
        if _pointer(schema, ref) is None:
            raise RefreshError(f"{where}: $ref {ref!r} points at nothing")


def schema_problem(schema: Mapping[str, Any]) -> str | None:
    """Why ``schema`` is not valid against its JSON Schema draft (``None``: it is). AWS
    publishes a few such schemas (``"required": true`` on a property); the catalog keeps them
    as published, and the checks say they cannot read them instead of guessing."""
    cls = validators.validator_for(schema, default=Draft6Validator)
    errors = sorted(
        cls(cls.META_SCHEMA).iter_errors(dict(schema)),
        key=lambda error: [str(part) for part in error.absolute_path],
    )
    if not errors:
        return None
    first = errors[0]  # the first by path: the same every run
    at = "/".join(str(part) for part in first.absolute_path) or "(root)"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"not valid against its draft at {at}: {first.message}{more}"


def _refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Mapping):
            ref = current.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _pointer(schema: Mapping[str, Any], ref: str) -> Any:
    node: Any = schema
    for part in ref.removeprefix("#").split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
    return node


def schema_id(schema: Mapping[str, Any]) -> str:
    """A short content hash of a schema (canonical JSON), shared by identical schemas."""
    canonical = json.dumps(schema, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


# building ---------------------------------------------------------------------------------

INFO_KEYS = ("owner", "publisher", "type", "defaultNamespace", "marketplaceInformation")
"""What ``AddonInfo`` says of an add-on that the catalog keeps."""


def _compatibilities(item: object, where: str) -> tuple[str, set[str], list[str]]:
    """An ``AddonVersionInfo``'s version, its Kubernetes versions, those it is default for."""
    if not isinstance(item, Mapping):
        raise RefreshError(f"{where}: not an object")
    version = _version(item.get("addonVersion"), where)
    compatibilities = item.get("compatibilities", [])
    if not isinstance(compatibilities, list):
        raise RefreshError(f"{where} ({version}): compatibilities is not a list")
    kubernetes, defaults = set(), []
    for position, compatibility in enumerate(compatibilities):
        cluster = (
            compatibility.get("clusterVersion") if isinstance(compatibility, Mapping) else None
        )
        if not (isinstance(cluster, str) and _KUBERNETES.fullmatch(cluster)):
            raise RefreshError(
                f"{where} ({version}): compatibilities[{position}] has no clusterVersion "
                f"of the form 1.33 (got {cluster!r})"
            )
        kubernetes.add(cluster)
        if compatibility.get("defaultVersion") is True:
            defaults.append(cluster)
    return version, kubernetes, defaults


def _version_entry(
    item: Mapping[str, Any],
    kubernetes: list[str],
    schema: Mapping[str, Any] | None,
    pod_identity: list[Any] | None,
) -> dict[str, Any]:
    """One version's entry in an add-on's data file."""
    entry: dict[str, Any] = {
        "kubernetes": kubernetes,
        "requiresIamPermissions": bool(item.get("requiresIamPermissions", False)),
        "schema": None if schema is None else schema_id(schema),
    }
    if isinstance(item.get("computeTypes"), list):
        entry["computeTypes"] = sorted(str(t) for t in item["computeTypes"])
    if pod_identity is not None:
        entry["podIdentityConfiguration"] = pod_identity
    return entry


def _checked(
    addon: str, versions: Mapping[str, Mapping[str, Any]], schemas: Mapping[str, Any]
) -> tuple[list[str], dict[str, str]]:
    """The schema ids the versions use, each checked once, and those not valid as JSON
    Schema with the reason."""
    used: dict[str, str] = {}
    for version, entry in versions.items():
        if entry["schema"] is not None:
            used.setdefault(entry["schema"], version)
    problems = {}
    for key, version in sorted(used.items()):
        check_refs(schemas[version], f"{addon} {version}: configurationSchema")
        problem = schema_problem(schemas[version])
        if problem is not None:
            problems[key] = problem
    return sorted(used), problems


def build_addon_data(
    addon: str,
    versions_output: Iterable[Mapping[str, Any]],
    schemas: Mapping[str, Mapping[str, Any]],
    *,
    min_kubernetes: str,
    source: str,
    pod_identity: Mapping[str, list[Any]] | None = None,
) -> dict[str, Any]:
    """One add-on's data file from describe-addon-versions entries and schemas by version.

    Only versions compatible with ``min_kubernetes`` or newer are kept (with every Kubernetes
    version AWS lists them for), and defaults from ``min_kubernetes`` on. A version without a
    schema is kept (its compatibility is still known) and marked ``"schema": null``.
    """
    floor = kubernetes_key(min_kubernetes)
    versions: dict[str, dict[str, Any]] = {}
    defaults: dict[str, str] = {}
    info: dict[str, Any] = {}
    seen = False
    for entry in versions_output:
        if entry.get("addonName") != addon:
            continue
        seen = True
        info.update({key: entry[key] for key in INFO_KEYS if entry.get(key) is not None})
        items = entry.get("addonVersions")
        if not isinstance(items, list):
            raise RefreshError(f"{addon}: addonVersions is not a list")
        for index, item in enumerate(items):
            where = f"{addon} addonVersions[{index}]"
            version, kubernetes, default_for = _compatibilities(item, where)
            for cluster in default_for:
                if kubernetes_key(cluster) >= floor:
                    defaults[cluster] = version
            if not any(kubernetes_key(k) >= floor for k in kubernetes):
                continue
            known = versions.get(version, {}).get("kubernetes", [])
            versions[version] = _version_entry(
                item,
                sorted({*known, *kubernetes}, key=kubernetes_key),
                schemas.get(version),
                (pod_identity or {}).get(version),
            )
    if not seen:
        raise RefreshError(f"{addon}: not in the describe-addon-versions output given")
    if not versions:
        raise RefreshError(f"{addon}: no versions for Kubernetes {min_kubernetes} or newer")
    used, problems = _checked(addon, versions, schemas)
    distinct = {schema_id(s): s for v, s in schemas.items() if v in versions}
    data: dict[str, Any] = {
        "format": FORMAT,
        "addon": addon,
        "source": source,
    }
    if info:
        data["info"] = info
    data |= {
        "defaults": dict(sorted(defaults.items(), key=lambda kv: kubernetes_key(kv[0]))),
        "versions": {v: versions[v] for v in newest_first(list(versions))},
        "schemas": {key: distinct[key] for key in sorted(used)},
    }
    if problems:
        data["schemaProblems"] = problems
    return data


@dataclass(frozen=True)
class Change:
    """What a refresh changed in one add-on."""

    addon: str
    added: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()
    kubernetes_added: tuple[str, ...] = ()
    schemas_changed: tuple[str, ...] = ()
    new: bool = False

    def describe(self) -> str:
        """One line, for the refresh's report."""
        if self.new:
            return f"{self.addon}: new, {len(self.added)} versions"
        parts = [
            f"{len(self.added)} added" + (f" ({_some(self.added)})" if self.added else ""),
            f"{len(self.withdrawn)} withdrawn"
            + (f" ({_some(self.withdrawn)})" if self.withdrawn else ""),
        ]
        if self.kubernetes_added:
            parts.append(f"Kubernetes {', '.join(self.kubernetes_added)} added")
        if self.schemas_changed:
            parts.append(
                f"{len(self.schemas_changed)} schemas changed ({_some(self.schemas_changed)})"
            )
        return f"{self.addon}: versions {', '.join(parts)}"


def _some(items: tuple[str, ...]) -> str:
    return ", ".join(items[:3]) + (f" and {len(items) - 3} more" if len(items) > 3 else "")


def change_of(addon: str, old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> Change:
    """What ``new`` changes in ``addon``'s data ``old`` (``None``: the add-on is new)."""
    if old is None:
        return Change(addon, added=tuple(new["versions"]), new=True)
    before, after = old.get("versions", {}), new["versions"]
    kubernetes_before = {k for entry in before.values() for k in entry.get("kubernetes", [])}
    kubernetes_after = {k for entry in after.values() for k in entry.get("kubernetes", [])}

    def schema_of(data: Mapping[str, Any], version: str) -> Any:
        key = data["versions"][version].get("schema")
        return None if key is None else data.get("schemas", {}).get(key)

    return Change(
        addon,
        added=tuple(v for v in after if v not in before),
        withdrawn=tuple(v for v in before if v not in after),
        kubernetes_added=tuple(sorted(kubernetes_after - kubernetes_before, key=kubernetes_key)),
        schemas_changed=tuple(
            v for v in after if v in before and schema_of(old, v) != schema_of(new, v)
        ),
    )


# writing ----------------------------------------------------------------------------------


@dataclass
class CatalogContents:
    """A whole catalog to write: its facts and every add-on's data."""

    taken: date | None
    region: str | None
    source: str
    addons: dict[str, Mapping[str, Any]] = field(default_factory=dict)

    def manifest(self, files: str) -> dict[str, Any]:
        """The manifest naming ``files``."""
        return {
            "format": CATALOG_FORMAT,
            "taken": None if self.taken is None else self.taken.isoformat(),
            "region": self.region,
            "source": self.source,
            "files": files,
            "addons": sorted(self.addons),
        }


def _dumps(data: Any) -> bytes:
    return (json.dumps(data, indent=1, sort_keys=False) + "\n").encode()


def write_at(directory: int, name: str, payload: bytes) -> None:
    """Write ``name`` in the directory ``directory`` (a descriptor) through a temporary file,
    flushed and renamed into place; nothing follows a symbolic link."""
    temporary = f".{name}.{secrets.token_hex(4)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    handle = os.open(temporary, flags, 0o644, dir_fd=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.rename(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=directory)
        raise


def open_directory(path: Path) -> int:
    """A descriptor of the directory ``path`` (not through a symbolic link)."""
    return os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)


def _target(out: Path) -> Path:
    if out.is_symlink():
        raise RefreshError(f"{out}: a symbolic link; give the directory itself")
    if out.exists() and not out.is_dir():
        raise RefreshError(f"{out}: not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RefreshError(f"{out}: cannot be created ({error.strerror or error})") from None
    return out


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[int]:
    """The target's directory descriptor, held by this refresh alone."""
    directory = open_directory(out)
    try:
        lock = os.open(
            LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644, dir_fd=directory
        )
    except OSError as error:
        os.close(directory)
        raise RefreshError(f"{out}: cannot lock ({error.strerror or error})") from None
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RefreshError(
                f"{out}: another refresh is writing this catalog; try again when it ends"
            ) from None
        yield directory
    finally:
        os.close(lock)
        os.close(directory)


def write_catalog(contents: CatalogContents, out: Path, *, flat: bool = False) -> Path:
    """Write ``contents`` as the catalog in ``out`` and switch to it at once; the manifest.

    ``flat``: the add-on files beside the manifest (the shipped catalog, in git); else in a
    new generation directory, older generations removed once the switch is done.
    """
    out = _target(out)
    names = sorted(contents.addons)
    for name in names:
        if not _ADDON.fullmatch(name):
            raise RefreshError(f"{name!r}: not an add-on name a catalog file can have")
    try:
        with _locked(out) as directory:
            files = "."
            target = directory
            if not flat:
                files = f"generation-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"
                os.mkdir(files, 0o755, dir_fd=directory)
                target = os.open(
                    files, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=directory
                )
            try:
                for name in names:
                    write_at(target, f"{name}.json", _dumps(contents.addons[name]))
                os.fsync(target)
            except BaseException:
                if not flat:
                    shutil.rmtree(out / files, ignore_errors=True)
                raise
            finally:
                if target != directory:
                    os.close(target)
            write_at(directory, MANIFEST, _dumps(contents.manifest(files)))
            os.fsync(directory)
            _clean(out, files, names, flat=flat)
            if flat:  # the shipped catalog, in git: no lock file left beside it
                with contextlib.suppress(OSError):
                    os.unlink(LOCK, dir_fd=directory)
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == errno.ENOSPC:
            reason = "no space left on the device"
        raise RefreshError(
            f"{out}: cannot write the catalog ({reason}); the catalog in use is unchanged"
        ) from None
    return out / MANIFEST


def _clean(out: Path, files: str, names: list[str], *, flat: bool) -> None:
    """Remove what the new catalog no longer names (best effort: a leftover breaks nothing)."""
    for entry in out.iterdir():
        if entry.is_symlink():
            continue
        if entry.is_dir() and GENERATION.fullmatch(entry.name) and entry.name != files:
            shutil.rmtree(entry, ignore_errors=True)
        elif (
            flat and entry.suffix == ".json" and entry.name != MANIFEST and entry.stem not in names
        ):
            with contextlib.suppress(OSError):
                entry.unlink()


# a refresh from AWS CLI output -----------------------------------------------------------


@dataclass(frozen=True)
class Refreshed:
    """What a refresh wrote."""

    manifest: Path
    changes: tuple[Change, ...]
    base: str
    """The catalog the refresh started from, and why when not the one in use."""


def refresh(
    versions_files: Iterable[Path],
    configuration_files: Iterable[Path],
    out: Path,
    **options: Any,
) -> Refreshed:
    """Check every AWS CLI output file, then :func:`rebuild` the catalog from them."""
    entries = read_versions(list(versions_files))
    schemas: dict[str, dict[str, Mapping[str, Any]]] = {}
    pod_identity: dict[str, dict[str, list[Any]]] = {}
    for path in configuration_files:
        addon, version, schema, identity = read_configuration(path)
        schemas.setdefault(addon, {})[version] = schema
        if identity is not None:
            pod_identity.setdefault(addon, {})[version] = identity
    return rebuild(entries, schemas, pod_identity, out, **options)


def rebuild(
    entries: list[Mapping[str, Any]],
    schemas: Mapping[str, Mapping[str, Mapping[str, Any]]],
    pod_identity: Mapping[str, Mapping[str, list[Any]]],
    out: Path,
    *,
    addons: Iterable[str] | None,
    min_kubernetes: str,
    source: str,
    taken: date | None,
    region: str | None,
) -> Refreshed:
    """Write the catalog in use with ``addons`` rebuilt from AWS's answers (``None``: every
    add-on they list) to ``out``, switching it at once; every answer checked first."""
    if not _KUBERNETES.fullmatch(min_kubernetes):
        raise RefreshError(f"--min-kubernetes {min_kubernetes!r}: not a Kubernetes version (1.20)")
    named = list(dict.fromkeys(addons)) if addons else None
    chosen = named or list(dict.fromkeys(str(entry["addonName"]) for entry in entries))
    if not chosen:
        raise RefreshError("AWS's answer lists no add-on")
    base_info, base, why = _base()
    built = {
        addon: build_addon_data(
            addon,
            entries,
            schemas.get(addon, {}),
            min_kubernetes=min_kubernetes,
            source=source,
            pod_identity=pod_identity.get(addon),
        )
        for addon in chosen
    }
    contents = CatalogContents(taken, region, source, {**base, **built})
    changes = tuple(change_of(addon, base.get(addon), data) for addon, data in built.items())
    return Refreshed(write_catalog(contents, out), changes, why or base_info.describe())


def _base() -> tuple[Any, dict[str, Any], str | None]:
    """The catalog a refresh starts from: the one in use; the shipped one when that is
    broken (a broken catalog never blocks the refresh that repairs it)."""
    override = os.environ.get(CATALOG_ENV) or None
    try:
        info, data = catalog_data(override)
        return info, data, None
    except CatalogError as error:
        info, data = catalog_data(None)
        return info, data, f"the shipped catalog (the one in use is broken: {error})"
