"""Build the catalog's data files from AWS CLI output (pure Python, no AWS access).

Inputs, as the AWS CLI writes them:

- ``aws eks describe-addon-versions [--addon-name A] [--kubernetes-version K]`` output (the
  whole document, or its ``addons`` list via ``--query addons``): versions, and per version
  ``compatibilities[].clusterVersion`` / ``defaultVersion``, and ``computeTypes``;
- one file per version of ``aws eks describe-addon-configuration --addon-name A
  --addon-version V`` output (with ``configurationSchema``), or of its ``--query
  configurationSchema --output text`` form, named ``<addon>_<version>[.schema].json``.

Each add-on's data file holds its versions, their Kubernetes versions, the default version per
Kubernetes version, and the distinct schemas (versions share a schema by its sha256).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from eks_addons.catalog.versions import addon_version_key, kubernetes_key, newest_first

FORMAT = 1


def _addons(versions_output: Any) -> list[Mapping[str, Any]]:
    if isinstance(versions_output, Mapping):
        versions_output = versions_output.get("addons", [])
    if not isinstance(versions_output, list):
        raise ValueError("not describe-addon-versions output: expected 'addons'")
    return versions_output


def read_configuration(path: Path) -> tuple[str, str, Mapping[str, Any]]:
    """``(addon, version, schema)`` from one describe-addon-configuration output file."""
    document = json.loads(path.read_text())
    if isinstance(document, Mapping) and "configurationSchema" in document:
        schema = document["configurationSchema"]
        parsed = json.loads(schema) if isinstance(schema, str) else schema
        return document["addonName"], document["addonVersion"], parsed
    stem = path.name.removesuffix(".json").removesuffix(".schema")
    addon, separator, version = stem.rpartition("_")
    if not separator:
        raise ValueError(f"{path.name}: name it <addon>_<version>.json or keep configurationSchema")
    return addon, version, document


def schema_id(schema: Mapping[str, Any]) -> str:
    """A short content hash of a schema (canonical JSON), shared by identical schemas."""
    canonical = json.dumps(schema, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def build_addon_data(
    addon: str,
    versions_output: Any,
    schemas: Mapping[str, Mapping[str, Any]],
    *,
    min_kubernetes: str,
    source: str,
) -> dict[str, Any]:
    """One add-on's data file from describe-addon-versions output and schemas by version.

    Only versions compatible with ``min_kubernetes`` or newer are kept (with every Kubernetes
    version AWS lists them for), and defaults from ``min_kubernetes`` on. A version without a
    schema is kept (its compatibility is still known) and marked ``"schema": null``.
    """
    floor = kubernetes_key(min_kubernetes)
    versions: dict[str, dict[str, Any]] = {}
    defaults: dict[str, str] = {}
    for entry in _addons(versions_output):
        if entry.get("addonName") != addon:
            continue
        for item in entry.get("addonVersions", []):
            version = item["addonVersion"]
            addon_version_key(version)  # rejects malformed versions early
            kubernetes = sorted(
                {c["clusterVersion"] for c in item.get("compatibilities", [])},
                key=kubernetes_key,
            )
            if not any(kubernetes_key(k) >= floor for k in kubernetes):
                continue
            for compatibility in item.get("compatibilities", []):
                cluster = compatibility["clusterVersion"]
                if compatibility.get("defaultVersion") and kubernetes_key(cluster) >= floor:
                    defaults[cluster] = version
            schema = schemas.get(version)
            known = versions.get(version, {}).get("kubernetes", [])
            versions[version] = {
                "kubernetes": sorted({*known, *kubernetes}, key=kubernetes_key),
                "requiresIamPermissions": bool(item.get("requiresIamPermissions", False)),
                "schema": None if schema is None else schema_id(schema),
            }
            if "computeTypes" in item:
                versions[version]["computeTypes"] = sorted(item["computeTypes"])
    if not versions:
        raise ValueError(f"no {addon} versions for Kubernetes {min_kubernetes} or newer")
    used = {versions[v]["schema"] for v in versions} - {None}
    distinct = {schema_id(s): s for v, s in schemas.items() if v in versions}
    return {
        "format": FORMAT,
        "addon": addon,
        "source": source,
        "defaults": dict(sorted(defaults.items(), key=lambda kv: kubernetes_key(kv[0]))),
        "versions": {v: versions[v] for v in newest_first(list(versions))},
        "schemas": {key: distinct[key] for key in sorted(used)},
    }


def write_catalog(
    versions_files: Iterable[Path],
    configuration_files: Iterable[Path],
    outdir: Path,
    *,
    addons: Iterable[str],
    min_kubernetes: str,
    source: str,
) -> list[Path]:
    """Write ``<addon>.json`` for each add-on into ``outdir``; returns the files written."""
    entries: list[Mapping[str, Any]] = []
    for path in versions_files:
        entries += _addons(json.loads(path.read_text()))
    schemas: dict[str, dict[str, Mapping[str, Any]]] = {}
    for path in configuration_files:
        addon, version, schema = read_configuration(path)
        schemas.setdefault(addon, {})[version] = schema
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for addon in addons:
        data = build_addon_data(
            addon, entries, schemas.get(addon, {}), min_kubernetes=min_kubernetes, source=source
        )
        path = outdir / f"{addon}.json"
        path.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n")
        written.append(path)
    return written
