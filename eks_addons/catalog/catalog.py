"""The version catalog: which add-on versions fit which Kubernetes version, and their schemas.

A catalog is a directory with a manifest, ``catalog.json`` (where and when AWS's data was
taken, which add-ons it holds), and one data file per add-on. The shipped one is
``eks_addons/catalog/data/`` (built from the project's reference data by
``scripts/import_shared_addon_data.py``); ``eks-addons refresh --out DIR`` writes another,
whole, which replaces it when ``EKS_ADDONS_CATALOG`` names ``DIR``. Each add-on's file is read
on first use.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from eks_addons.catalog.versions import (
    distance,
    is_addon_version,
    kubernetes_key,
    minor_of,
    newest_first,
)

CATALOG_ENV = "EKS_ADDONS_CATALOG"


@dataclass(frozen=True)
class Schema:
    """One of AWS's configuration schemas, with the version it was captured for."""

    version: str
    """The version whose schema this is (the nearest of the minor, when not the asked one)."""
    id: str
    """Content hash shared by identical schemas (the key of compiled validators)."""
    document: Mapping[str, Any]


@dataclass(frozen=True)
class AddonCatalog:
    """What AWS publishes about one add-on: versions, compatibility, defaults, schemas."""

    addon: str
    source: str
    kubernetes_of: Mapping[str, tuple[str, ...]]
    """Add-on version -> the Kubernetes versions it is compatible with."""
    defaults: Mapping[str, str]
    """Kubernetes version -> the add-on version EKS installs by default."""
    schema_of: Mapping[str, str | None]
    """Add-on version -> id of its configuration schema (``None``: not captured)."""
    schemas: Mapping[str, Mapping[str, Any]]
    compute_types_of: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Add-on version -> the compute types AWS lists it for (``computeTypes``: ``ec2``,
    ``fargate``, ``auto``, ``hybrid``, ``local-cluster``); absent where not captured."""
    schema_problems: Mapping[str, str] = field(default_factory=dict)
    """Schema id -> why the schema AWS publishes is not valid JSON Schema (it is not used)."""
    info: Mapping[str, Any] = field(default_factory=dict)
    """What AWS says of the add-on: ``owner``, ``publisher``, ``type``, ``defaultNamespace``,
    ``marketplaceInformation``."""
    pod_identity_of: Mapping[str, tuple[Mapping[str, Any], ...]] = field(default_factory=dict)
    """Add-on version -> AWS's ``podIdentityConfiguration`` (its service accounts and their
    recommended policies), where the catalog was read from AWS with it."""

    @property
    def marketplace(self) -> str | None:
        """The listing to subscribe to, for an AWS Marketplace add-on (else ``None``)."""
        if self.info.get("owner") != "aws-marketplace":
            return None
        listing = self.info.get("marketplaceInformation") or {}
        return str(listing.get("productUrl") or "its AWS Marketplace listing")

    @property
    def versions(self) -> list[str]:
        """Every known version, newest first."""
        return newest_first(list(self.kubernetes_of))

    @property
    def kubernetes_versions(self) -> list[str]:
        """The Kubernetes versions the catalog covers (has a default for), oldest first."""
        return sorted(self.defaults, key=kubernetes_key)

    @property
    def covered_kubernetes(self) -> frozenset[str]:
        """Every Kubernetes version some known version lists."""
        return frozenset(k for listed in self.kubernetes_of.values() for k in listed)

    def compatible(self, kubernetes: str) -> list[str]:
        """Versions compatible with ``kubernetes``, newest first."""
        return [v for v in self.versions if kubernetes in self.kubernetes_of[v]]

    def default(self, kubernetes: str) -> str | None:
        """The version EKS installs by default on ``kubernetes``."""
        return self.defaults.get(kubernetes)

    def latest(self, kubernetes: str) -> str | None:
        """The newest version compatible with ``kubernetes``."""
        compatible = self.compatible(kubernetes)
        return compatible[0] if compatible else None

    def schema_for(self, version: str) -> Schema | None:
        """The schema that applies to ``version``: its own, else that of the nearest known
        version of the same minor that has one, else ``None``."""
        candidates = [version] if self.schema_of.get(version) else []
        if not candidates and is_addon_version(version):
            minor = minor_of(version)
            same_minor = [v for v in self.versions if minor_of(v) == minor and self.schema_of[v]]
            candidates = sorted(same_minor, key=lambda v: distance(v, version))[:1]
        if not candidates:
            return None
        schema_id = self.schema_of[candidates[0]]
        assert schema_id is not None
        return Schema(candidates[0], schema_id, self.schemas[schema_id])

    def compute_types(self, version: str | None, kubernetes: str | None) -> frozenset[str] | None:
        """Where ``version`` runs, by AWS's ``computeTypes``; for no version, those of the
        default for ``kubernetes``, else of the newest version. ``None``: not known."""
        if version is None or version not in self.kubernetes_of:
            version = (kubernetes and self.default(kubernetes)) or self.versions[0]
        return self.compute_types_of.get(version)

    def versions_defining(self, path: tuple[str, ...]) -> list[str]:
        """Known versions whose schema defines the key ``path``, newest first."""
        defining = {
            schema_id for schema_id, schema in self.schemas.items() if _defines(schema, path)
        }
        return [v for v in self.versions if self.schema_of.get(v) in defining]


def resolve_ref(schema: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """``node`` with a local ``$ref`` (``#/definitions/...``) followed, as AWS's schemas use."""
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/definitions/"):
        return resolve_ref(schema, schema["definitions"][ref.removeprefix("#/definitions/")])
    return node


def schema_options(
    schema: Mapping[str, Any], node: Mapping[str, Any] | None = None, prefix: str = ""
) -> Iterator[tuple[str, str]]:
    """Every key path a schema defines (dotted, depth first, sorted) with its type as a
    person reads it: ``integer``, ``string (boolean)``, ``string Debug|Info``."""
    for key, child in sorted(resolve_ref(schema, node or schema).get("properties", {}).items()):
        path = f"{prefix}{key}"
        resolved = resolve_ref(schema, child)
        kind = resolved.get("type", "any")
        kind = "|".join(kind) if isinstance(kind, list) else str(kind)
        if "format" in resolved:
            kind += f" ({resolved['format']})"
        if "enum" in resolved:
            kind += " " + "|".join(str(value) for value in resolved["enum"])
        yield path, kind
        yield from schema_options(schema, resolved, f"{path}.")


def _defines(schema: Mapping[str, Any], path: tuple[str, ...]) -> bool:
    node = resolve_ref(schema, schema)
    for key in path:
        properties = node.get("properties")
        if not isinstance(properties, Mapping) or key not in properties:
            return False
        node = resolve_ref(schema, properties[key])
    return True


class CatalogError(ValueError):
    """A catalog (the shipped one, or the one ``EKS_ADDONS_CATALOG`` names) is unusable."""


class RefreshError(ValueError):
    """An input that cannot become a catalog, or a catalog that cannot be written: one line
    (raised by :mod:`eks_addons.catalog.refresh`)."""


MANIFEST = "catalog.json"
"""The file that makes a directory a catalog: where and when its data was taken, and which
add-ons it holds (in the directory its ``files`` names)."""
FORMAT = 2
SHIPPED = "shipped"


@dataclass(frozen=True)
class CatalogInfo:
    """Where a catalog's data comes from and how old it is."""

    taken: date | None
    """The day AWS's data was taken (``None``: not recorded)."""
    region: str | None
    """The AWS region it was read from."""
    source: str
    """How it was read."""
    location: str
    """``shipped``, or the directory ``EKS_ADDONS_CATALOG`` names."""

    @property
    def shipped(self) -> bool:
        """Whether this is the catalog shipped in the package."""
        return self.location == SHIPPED

    def age_days(self, today: date | None = None) -> int | None:
        """Days since the data was taken (``None``: not recorded)."""
        if self.taken is None:
            return None
        return ((today or datetime.now(UTC).date()) - self.taken).days

    def describe(self) -> str:
        """``AWS data as of 2026-08-22 (us-east-1), the shipped catalog``."""
        when = (
            f"AWS data as of {self.taken.isoformat()}"
            if self.taken
            else "AWS data of an unknown date"
        )
        where = f" ({self.region})" if self.region else ""
        which = "the shipped catalog" if self.shipped else f"the catalog at {self.location}"
        return f"{when}{where}, {which}"


def _manifest(text: str, where: str) -> tuple[CatalogInfo, str, tuple[str, ...]]:
    try:
        data = json.loads(text)
        if data["format"] != FORMAT:
            raise ValueError(f"format {data['format']!r}, this eks-addons reads {FORMAT}")
        taken = data.get("taken")
        info = CatalogInfo(
            date.fromisoformat(taken) if taken else None,
            data.get("region"),
            str(data["source"]),
            where,
        )
        files = str(data["files"])
        addons = tuple(str(name) for name in data["addons"])
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CatalogError(
            f"{where}: {MANIFEST} is not a catalog manifest of eks-addons "
            f"({type(error).__name__}: {error}); rebuild it with `eks-addons refresh`"
        ) from None
    if files != "." and not GENERATION.fullmatch(files):
        raise CatalogError(f"{where}: {MANIFEST} names files outside the catalog: {files!r}")
    bad = [name for name in addons if not _NAME.fullmatch(name)]
    if bad:
        raise CatalogError(f"{where}: {MANIFEST} names an add-on that is no file name: {bad[0]!r}")
    return info, files, addons


_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,127}")
"""An add-on's file name in a catalog (no path, no ``..``)."""
GENERATION = re.compile(r"generation-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}")
"""The directory one refresh writes its files to, beside the manifest that names it."""


class _Catalog:
    """One catalog: its manifest read at once, each add-on's file on first use."""

    def __init__(self, override: str | None) -> None:
        if override:
            directory = Path(override)
            if not directory.is_dir():
                raise CatalogError(f"{CATALOG_ENV}={override}: not a directory")
            try:
                text = (directory / MANIFEST).read_text(encoding="utf-8")
            except FileNotFoundError:
                raise CatalogError(
                    f"{CATALOG_ENV}={override}: no {MANIFEST} (not a catalog; write one with "
                    "`eks-addons refresh --out DIR`)"
                ) from None
            except (OSError, UnicodeDecodeError) as error:
                raise CatalogError(
                    f"{CATALOG_ENV}: {directory / MANIFEST}: cannot be read ({error})"
                ) from None
            self.info, files, self.addons = _manifest(text, str(directory))
            self._root: Any = directory / files
            self._where = str(directory / files)
        else:
            data = resources.files("eks_addons.catalog").joinpath("data")
            self.info, files, self.addons = _manifest(
                data.joinpath(MANIFEST).read_text(encoding="utf-8"), SHIPPED
            )
            self._root = data
            self._where = "eks_addons/catalog/data"
        self._loaded: dict[str, AddonCatalog] = {}

    def text(self, name: str) -> tuple[str, str]:
        """``(where, text)`` of an add-on's data file."""
        where = f"{self._where}/{name}.json"
        try:
            return where, self._root.joinpath(f"{name}.json").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CatalogError(f"{where}: cannot be read ({error})") from None

    def addon(self, name: str) -> AddonCatalog | None:
        if name not in self.addons:
            return None
        found = self._loaded.get(name)
        if found is None:
            found = self._loaded[name] = _parse(name, *self.text(name))
        return found


def _parse(addon: str, where: str, text: str) -> AddonCatalog:
    try:
        data = json.loads(text)
        versions = data["versions"]
        return AddonCatalog(
            addon=addon,
            source=str(data["source"]),
            kubernetes_of={v: tuple(e["kubernetes"]) for v, e in versions.items()},
            defaults=dict(data["defaults"]),
            schema_of={v: e["schema"] for v, e in versions.items()},
            schemas=dict(data["schemas"]),
            compute_types_of={
                v: frozenset(e["computeTypes"]) for v, e in versions.items() if "computeTypes" in e
            },
            schema_problems=dict(data.get("schemaProblems", {})),
            info=dict(data.get("info", {})),
            pod_identity_of={
                v: tuple(e["podIdentityConfiguration"])
                for v, e in versions.items()
                if isinstance(e.get("podIdentityConfiguration"), list)
            },
        )
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise CatalogError(
            f"{where}: not a catalog data file of eks-addons ({type(error).__name__}: {error}); "
            "rebuild it with `eks-addons refresh`"
        ) from None


@cache
def _current(override: str | None) -> _Catalog:
    return _Catalog(override)


def catalog_data(override: str | None = None) -> tuple[CatalogInfo, dict[str, Any]]:
    """The whole catalog as data (``override``: a catalog directory; ``None``: the shipped
    one), each add-on's file checked: what a refresh starts from."""
    found = _Catalog(override)
    data = {}
    for name in found.addons:
        where, text = found.text(name)
        _parse(name, where, text)
        data[name] = json.loads(text)
    return found.info, data


def catalog(addon: str) -> AddonCatalog | None:
    """The catalog of ``addon``, or ``None`` for an add-on the library has no data on."""
    return _current(os.environ.get(CATALOG_ENV) or None).addon(addon)


def cataloged_addons() -> tuple[str, ...]:
    """The add-ons the catalog has data on, by name."""
    return _current(os.environ.get(CATALOG_ENV) or None).addons


def catalog_info() -> CatalogInfo:
    """Where the catalog in use comes from, and how old its data is."""
    return _current(os.environ.get(CATALOG_ENV) or None).info


def newest_kubernetes() -> str | None:
    """The newest Kubernetes version any add-on of the catalog lists a default for."""
    found = [
        version
        for name in cataloged_addons()
        if (addon := catalog(name)) is not None
        for version in addon.kubernetes_versions
    ]
    return max(found, key=kubernetes_key) if found else None
