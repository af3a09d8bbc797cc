#!/usr/bin/env python
"""Rebuild the shipped catalog from the project's reference snapshot in ../shared/addon-data.

That snapshot (sources in ../shared/addon-data/SOURCES.md) holds AWS's own CLI output as
captured daily by plumdog/eks-addon-configuration: the schemas byte for byte, and per version
the Kubernetes versions AWS listed it for, the compute types it runs on, plus the current
default per Kubernetes version.
This script puts the version facts back into `describe-addon-versions` form and runs the same
refresh a user runs on their own CLI output (`eks-addons refresh`).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from eks_addons.catalog.refresh import (
    INFO_KEYS,
    CatalogContents,
    build_addon_data,
    read_configuration,
    write_catalog,
)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "addon-data"
OUT = ROOT / "eks_addons" / "catalog" / "data"
MIN_KUBERNETES = "1.20"  # every Kubernetes version the snapshot covers: upgrades start old
REGION = "us-east-1"
SOURCE = (
    "aws eks describe-addon-versions / describe-addon-configuration, region us-east-1, "
    "captured daily by github.com/plumdog/eks-addon-configuration "
    "(HEAD 36866d291fdc8257dabe77e7d8dfe2c2d5c3b317, last snapshot {date})"
)


def describe_addon_versions(
    addons_in: list[str],
    meta: dict[str, Any],
    defaults: dict[str, Any],
    info: dict[str, Any],
) -> list[dict[str, Any]]:
    """The snapshot's facts in ``describe-addon-versions`` form (its ``addons`` list)."""
    addons = []
    for addon in addons_in:
        items = []
        for version, facts in meta[addon].items():
            items.append(
                {
                    "addonVersion": version,
                    "requiresIamPermissions": facts["requiresIamPermissions"],
                    "computeTypes": facts["computeTypes"],
                    "compatibilities": [
                        {
                            "clusterVersion": cluster,
                            "defaultVersion": defaults[addon]["kubernetes"]
                            .get(cluster, {})
                            .get("default")
                            == version,
                        }
                        for cluster in facts["cluster_versions"]
                    ],
                }
            )
        about = {key: info[addon][key] for key in INFO_KEYS if info[addon].get(key) is not None}
        addons.append({"addonName": addon, **about, "addonVersions": items})
    return addons


def main() -> int:
    out = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else OUT
    meta = json.loads((SHARED / "addon-versions-meta.json").read_text())
    defaults = json.loads((SHARED / "versions.json").read_text())
    info = json.loads((SHARED / "addons.json").read_text())
    addons = sorted(meta)  # every add-on AWS lists
    taken = max(facts["last_seen"] for addon in addons for facts in meta[addon].values())
    entries = describe_addon_versions(addons, meta, defaults, info)
    schemas: dict[str, dict[str, Any]] = {}
    for path in sorted((SHARED / "schemas").glob("*.schema.json")):
        addon, version, schema, _ = read_configuration(path)
        schemas.setdefault(addon, {})[version] = schema
    source = SOURCE.format(date=taken)
    contents = CatalogContents(date.fromisoformat(taken), REGION, source)
    for addon in addons:
        contents.addons[addon] = build_addon_data(
            addon, entries, schemas.get(addon, {}), min_kubernetes=MIN_KUBERNETES, source=source
        )
    write_catalog(contents, out, flat=True)
    for addon, data in contents.addons.items():
        print(
            f"{out / addon}.json: {len(data['versions'])} versions, "
            f"{len(data['schemas'])} distinct schemas, defaults for {', '.join(data['defaults'])}"
        )
    print(f"{out / 'catalog.json'}: AWS data as of {taken} ({REGION})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
