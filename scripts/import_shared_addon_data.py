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
IAM_OUT = ROOT / "eks_addons" / "specs" / "iam.json"
MIN_KUBERNETES = "1.20"  # every Kubernetes version the snapshot covers: upgrades start old
REGION = "us-east-1"
SOURCE = (
    "aws eks describe-addon-versions / describe-addon-configuration, region us-east-1, "
    "captured daily by github.com/plumdog/eks-addon-configuration "
    "(HEAD 36866d291fdc8257dabe77e7d8dfe2c2d5c3b317, last snapshot {date})"
)


IAM_SOURCE = (
    "compiled from AWS documentation (Amazon EKS User Guide, SageMaker and service guides, "
    "AWS Knowledge Center) in ../shared/addon-data/iam.json; each add-on lists its sources"
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


def _url(source: dict[str, Any]) -> str:
    """Where a source can be read."""
    if source.get("url"):
        return str(source["url"])
    if source.get("repo") and source.get("path"):
        commit = source.get("commit", "HEAD")
        return f"https://github.com/{source['repo']}/blob/{commit}/{source['path']}"
    return str(source.get("title") or source.get("note") or "(no address)")


def _via(routes: list[str] | None) -> list[str]:
    """How a service account's role reaches it: ``irsa``, ``pod-identity``, or
    ``configuration:<key>`` (the role ARN goes inside configuration_values)."""
    found = []
    for route in routes or []:
        if route.startswith(("serviceAccountRoleArn", "IRSA ")):
            found.append("irsa")
        elif route.startswith("podIdentityAssociations"):
            found.append("pod-identity")
        elif route.startswith("configurationValues "):
            found.append(
                "configuration:" + route.removeprefix("configurationValues ").split(" (")[0]
            )
    return sorted(dict.fromkeys(found))


def _policies(items: list[dict[str, Any]] | None) -> list[str]:
    return [str(item["arn"]).partition(":policy/")[2] for item in items or []]


def iam_facts(iam: dict[str, Any]) -> dict[str, Any]:
    """The IAM facts the library acts on, per add-on, each with its sources (addresses)."""
    sources = iam["_sources"]
    facts: dict[str, Any] = {}
    for addon, entry in sorted(iam.items()):
        if addon.startswith("_"):
            continue
        accounts = entry.get("service_accounts")
        custom = entry.get("custom_policy") or {}
        pod_identity = entry.get("pod_identity") or {}
        ids = sorted({i for group in entry.get("sources", {}).values() for i in group})
        ids += sorted(
            {i for sa in accounts or [] for i in sa.get("sources", [])}
            | set(pod_identity.get("sources", []))
        )
        facts[addon] = {
            "needs_iam": entry["needs_iam"],
            "basis": entry["needs_iam_basis"],
            "note": entry["needs_iam_note"],
            "node_role_fallback": bool((entry.get("node_role_fallback") or {}).get("possible")),
            "service_accounts": None
            if accounts is None
            else [
                {
                    "namespace": sa["namespace"],
                    "name": sa["name"],
                    "required": sa.get("required") is True,
                    "when": None if sa.get("required") in (True, None) else str(sa["required"]),
                    "purpose": sa.get("purpose"),
                    # None: AWS does not say how the role reaches it
                    "via": None
                    if sa.get("role_passed_via") is None
                    else _via(sa.get("role_passed_via")),
                    "managed_policies": _policies(sa.get("managed_policies")),
                }
                for sa in accounts
            ],
            "policy_document": custom.get("document") if not custom.get("when") else None,
            # AWS's example names resources of yours ("Replace amzn-s3-demo-bucket1 ...")
            "policy_document_to_edit": "Replace " in str(custom.get("note", "")),
            "ipv6_policy_document": custom.get("document")
            if "ipv6" in str(custom.get("when", ""))
            else None,
            "pod_identity": {
                "supported": pod_identity.get("supported"),
                "required": bool(pod_identity.get("required")),
                "min_version": pod_identity.get("min_addon_version"),
            },
            "sources": [_url(sources[i]) for i in dict.fromkeys(ids) if i in sources],
        }
    return facts


def main() -> int:
    out = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else OUT
    iam_out = (
        Path(sys.argv[sys.argv.index("--iam-out") + 1]) if "--iam-out" in sys.argv else IAM_OUT
    )
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
    facts = iam_facts(json.loads((SHARED / "iam.json").read_text()))
    iam_out.write_text(json.dumps({"source": IAM_SOURCE, "addons": facts}, indent=1) + "\n")
    for addon, data in contents.addons.items():
        print(
            f"{out / addon}.json: {len(data['versions'])} versions, "
            f"{len(data['schemas'])} distinct schemas, defaults for {', '.join(data['defaults'])}"
        )
    print(f"{out / 'catalog.json'}: AWS data as of {taken} ({REGION})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
