"""What the library knows about every add-on: AWS's data, with facts written by hand on top.

Every add-on the catalog lists has a spec (:func:`spec_for`, :func:`all_specs`), derived from
the data: its builder (typed where one is generated from AWS's schema), its service accounts,
policies and Pod Identity support from ``iam.json`` (compiled from AWS's documentation, with
sources, by ``scripts/import_shared_addon_data.py``), and where it runs from the catalog. What
the data cannot say is written by hand, one module per add-on holding its ``SPEC`` and its
rules (a typed construct, rules a schema cannot express, which pods it runs, what takes its
place); :data:`SPECS` lists those modules. No second list of names: the catalog names the
add-ons. ``CONTRIBUTING.md`` says how an add-on arrives.
"""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from importlib import resources
from typing import Any

from eks_addons.catalog import cataloged_addons
from eks_addons.config.generated import builder_of
from eks_addons.specs import (
    aws_ebs_csi_driver,
    coredns,
    eks_pod_identity_agent,
    kube_proxy,
    vpc_cni,
)
from eks_addons.specs.model import (
    POD_IDENTITY,
    AddonSpec,
    ClusterRoleNeed,
    Hit,
    IamFacts,
    Permissions,
    Pods,
    Replacement,
    Rule,
    ServiceAccount,
    in_partition,
)
from eks_addons.specs.replacements import REPLACES


def _load_iam() -> dict[str, Any]:
    text = resources.files("eks_addons.specs").joinpath("iam.json").read_text(encoding="utf-8")
    facts: dict[str, Any] = json.loads(text)["addons"]
    return facts


_IAM = _load_iam()


def _accounts(facts: dict[str, Any]) -> tuple[ServiceAccount, ...]:
    document = facts.get("policy_document")
    usable = document if document and not facts.get("policy_document_to_edit") else None
    ipv6 = facts.get("ipv6_policy_document")
    accounts: list[ServiceAccount] = []
    for account in facts.get("service_accounts") or []:
        managed = tuple(account["managed_policies"])
        primary = not accounts
        accounts.append(
            ServiceAccount(
                account["namespace"],
                account["name"],
                Permissions(
                    managed,
                    in_partition(usable) if usable and primary and not managed else None,
                ),
                ipv6_permissions=Permissions(policy_document=in_partition(ipv6))
                if ipv6 and primary
                else None,
                via=frozenset(account["via"] or ()),
                via_documented=account["via"] is not None,
                required=account["required"],
                when=account["when"],
            )
        )
    return tuple(accounts)


def _with_data(spec: AddonSpec) -> AddonSpec:
    """``spec`` with what the data says of the add-on: its builder (when generated) and IAM."""
    changes: dict[str, Any] = {}
    if spec.name not in _HAND_WRITTEN:  # the hand-written modules name their builders
        changes["builder"] = builder_of(spec.name) or spec.builder
    facts = _IAM.get(spec.name)
    if facts is not None:
        pod_identity = facts["pod_identity"]
        changes["service_accounts"] = _accounts(facts)
        changes["iam"] = IamFacts(
            needs_iam=facts["needs_iam"],
            note=facts["note"],
            node_role_fallback=facts["node_role_fallback"],
            pod_identity_supported=pod_identity["supported"],
            pod_identity_required=pod_identity["required"],
            pod_identity_since=pod_identity["min_version"],
            sources=tuple(facts["sources"]),
        )
    return dataclasses.replace(spec, **changes)


_HAND_WRITTEN: dict[str, AddonSpec] = {
    module.SPEC.name: module.SPEC
    for module in (vpc_cni, coredns, kube_proxy, aws_ebs_csi_driver, eks_pod_identity_agent)
}

VPC_CNI_SPEC = _with_data(vpc_cni.SPEC)
COREDNS_SPEC = _with_data(coredns.SPEC)
KUBE_PROXY_SPEC = _with_data(kube_proxy.SPEC)
EBS_CSI_DRIVER_SPEC = _with_data(aws_ebs_csi_driver.SPEC)
POD_IDENTITY_AGENT_SPEC = _with_data(eks_pod_identity_agent.SPEC)

SPECS: tuple[AddonSpec, ...] = (
    VPC_CNI_SPEC,
    COREDNS_SPEC,
    KUBE_PROXY_SPEC,
    EBS_CSI_DRIVER_SPEC,
    POD_IDENTITY_AGENT_SPEC,
)
"""The add-ons with a module of their own (a typed construct, rules); the defaults first."""

DEFAULT_SPECS: tuple[AddonSpec, ...] = tuple(spec for spec in SPECS if spec.default)
"""The default add-ons: what EKS installs itself unless ``bootstrap_self_managed_addons`` is
false."""

POD_IDENTITY_AGENT = POD_IDENTITY_AGENT_SPEC.name
"""The add-on that serves EKS Pod Identity on a cluster's nodes."""

_BY_NAME = {spec.name: spec for spec in SPECS}


@cache
def _derived(addon: str) -> AddonSpec:
    replaced = _BY_NAME.get(REPLACES.get(addon, ""))
    if replaced is None:
        return _with_data(AddonSpec(name=addon))
    # a drop-in replacement takes the replaced one's place: its pods, what takes their place,
    # its role among the defaults; its own builder, IAM and versions come from its own data
    return _with_data(
        AddonSpec(
            name=addon,
            pods=replaced.pods,
            on_fargate=replaced.on_fargate,
            replaced_on=replaced.replaced_on,
            default=replaced.default,
            replaces=replaced.name,
        )
    )


def spec_for(addon: str) -> AddonSpec:
    """The spec of ``addon``: its module's, else the one derived from the data (a bare one
    for a name the data does not know)."""
    found = _BY_NAME.get(addon)
    if found is not None:
        return found
    return _derived(addon) if isinstance(addon, str) else AddonSpec(name=addon)


def known_addons() -> tuple[str, ...]:
    """The add-ons with a module of their own."""
    return tuple(_BY_NAME)


def all_specs() -> tuple[AddonSpec, ...]:
    """A spec for every add-on the catalog lists, those with a module of their own first."""
    names = dict.fromkeys([*_BY_NAME, *cataloged_addons()])
    return tuple(spec_for(name) for name in names)


def iam_facts_of(addon: str) -> dict[str, Any] | None:
    """The IAM facts of ``addon`` as ``iam.json`` holds them (for the docs)."""
    return _IAM.get(addon)


__all__ = [
    "COREDNS_SPEC",
    "DEFAULT_SPECS",
    "EBS_CSI_DRIVER_SPEC",
    "KUBE_PROXY_SPEC",
    "POD_IDENTITY",
    "POD_IDENTITY_AGENT",
    "POD_IDENTITY_AGENT_SPEC",
    "SPECS",
    "VPC_CNI_SPEC",
    "AddonSpec",
    "ClusterRoleNeed",
    "Hit",
    "IamFacts",
    "Permissions",
    "Pods",
    "Replacement",
    "Rule",
    "ServiceAccount",
    "all_specs",
    "iam_facts_of",
    "known_addons",
    "spec_for",
]
