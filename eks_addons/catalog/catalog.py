"""The version catalog: which add-on versions fit which Kubernetes version, and their schemas.

Read from the data files in ``eks_addons/catalog/data/`` (built by ``eks-addons refresh`` from
AWS CLI output; their ``source`` field says where the facts come from). A directory of newer
data files can replace them: set ``EKS_ADDONS_CATALOG`` to it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
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

    @property
    def versions(self) -> list[str]:
        """Every known version, newest first."""
        return newest_first(list(self.kubernetes_of))

    @property
    def kubernetes_versions(self) -> list[str]:
        """The Kubernetes versions the catalog covers (has a default for), oldest first."""
        return sorted(self.defaults, key=kubernetes_key)

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
    """A catalog data file (the shipped one, or one of ``EKS_ADDONS_CATALOG``) is unusable."""


def _data_files(override: str | None) -> dict[str, tuple[str, str]]:
    """``addon -> (where, text)``: the shipped files, each replaced by the override's."""
    shipped = resources.files("eks_addons.catalog").joinpath("data")
    files = {
        entry.name.removesuffix(".json"): (
            f"eks_addons/catalog/data/{entry.name}",
            entry.read_text(),
        )
        for entry in shipped.iterdir()
        if entry.name.endswith(".json")
    }
    if override:
        directory = Path(override)
        if not directory.is_dir():
            raise CatalogError(f"{CATALOG_ENV}={override}: not a directory")
        for path in directory.glob("*.json"):
            try:
                files[path.stem] = (str(path), path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as error:
                raise CatalogError(f"{CATALOG_ENV}: {path}: cannot be read ({error})") from None
    return files


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
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CatalogError(
            f"{where}: not a catalog data file of eks-addons ({type(error).__name__}: {error}); "
            "rebuild it with `eks-addons refresh`"
        ) from None


@cache
def _load_all(override: str | None) -> dict[str, AddonCatalog]:
    return {
        addon: _parse(addon, where, text)
        for addon, (where, text) in sorted(_data_files(override).items())
    }


def catalog(addon: str) -> AddonCatalog | None:
    """The catalog of ``addon``, or ``None`` for an add-on the library has no data on."""
    return _load_all(os.environ.get(CATALOG_ENV)).get(addon)


def cataloged_addons() -> tuple[str, ...]:
    """The add-ons the catalog has data on, by name."""
    return tuple(_load_all(os.environ.get(CATALOG_ENV)))
