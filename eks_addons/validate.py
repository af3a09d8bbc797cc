"""``eks-addons validate``: the constructs' checks on Terraform JSON, plans and state (pure).

Each ``aws_eks_addon`` of a document goes through :func:`eks_addons.plan.plan_addon`, as a
construct does, with its cluster read from the same document (an ``aws_eks_cluster`` or an
``aws_eks_cluster`` data source it names or refers to); then what needs the whole document,
as the constructs check at synth for their stack: one add-on of a name per cluster, where each
add-on's pods can run on the document's node groups and Fargate profiles, and whether a cluster
created without its default add-ons gets those its compute needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from eks_addons.checks.placement import (
    Compute,
    Selector,
    check_placement,
    missing_defaults,
    missing_defaults_message,
)
from eks_addons.errors import Findings, ProblemCode, WarningCode
from eks_addons.plan import (
    ANY_PROVIDER,
    NEWER_ARGUMENTS,
    AddonPlan,
    AddonRequest,
    ClusterFacts,
    ProviderFacts,
    duplicate_problem,
    plan_addon,
)
from eks_addons.specs import POD_IDENTITY_AGENT, spec_for
from eks_addons.terraform_json import Document, Resource, block, jsonencode_argument
from eks_addons.tokens import is_expression


@dataclass
class CheckedAddon:
    """One ``aws_eks_addon`` and what its checks found."""

    resource: Resource
    plan: AddonPlan | None
    """``None`` when its name cannot be read."""
    findings: Findings = field(default_factory=Findings)
    """Its problems and its warnings (without those acknowledged)."""


@dataclass
class DocumentCheck:
    """What validating one document found."""

    document: Document
    addons: list[CheckedAddon]
    problems: list[str] = field(default_factory=list)
    """Problems of the document as a whole (a cluster missing its default add-ons)."""
    warnings: list[str] = field(default_factory=list)


def _literal(value: object) -> str | None:
    return value if isinstance(value, str) and not is_expression(value) else None


def _ip_family(network: Mapping[str, Any]) -> str | None:
    family = network.get("ip_family")
    if family is None:
        return "ipv4"
    return family if family in ("ipv4", "ipv6") else None


def cluster_facts(resource: Resource) -> ClusterFacts:
    """An ``aws_eks_cluster`` (resource or data source) as the constructs read one."""
    body = resource.body
    if resource.mode == "data":
        return ClusterFacts(
            name=body.get("name"), identity=_literal(body.get("name")), kind="looked-up"
        )
    enabled = block(body.get("compute_config")).get("enabled")
    remote = block(body.get("remote_network_config")).get("remote_node_networks")
    bootstrap = body.get("bootstrap_self_managed_addons")
    network = block(body.get("kubernetes_network_config"))
    return ClusterFacts(
        name=body.get("name"),
        identity=_literal(body.get("name")),
        kubernetes_version=body.get("version"),
        kind="created",
        auto_mode=enabled is True,
        hybrid_nodes=bool(remote) and not is_expression(remote),
        bootstrap_addons=bootstrap is not False,
        ip_family=_ip_family(network),
        modes_known=not any(
            is_expression(v) for v in (enabled, bootstrap, network.get("ip_family"), remote)
        ),
    )


def _compute(document: Document) -> Compute:
    """The document's node groups and Fargate profiles (as a stack's, for the constructs)."""
    selectors = [
        Selector(_literal(selector.get("namespace")), dict(block(selector.get("labels"))))
        for profile in document.of_type("aws_eks_fargate_profile")
        for selector in _blocks(profile.argument("selector"))
    ]
    return Compute(
        len(document.of_type("aws_eks_node_group")),
        len(document.of_type("aws_eks_fargate_profile")),
        tuple(selectors),
    )


def _blocks(value: object) -> list[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        return [value]
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


_VERSION_GUARD = re.compile(r'\.version\s*==\s*\\?"(\d+\.\d+)\\?"')


def _declared_version(resource: Resource) -> str | None:
    """The ``kubernetes_version`` a construct declared, from the precondition it wrote."""
    for precondition in _blocks(block(resource.argument("lifecycle")).get("precondition")):
        match = _VERSION_GUARD.search(str(precondition.get("condition", "")))
        if match and "was given to eks-addons" in str(precondition.get("error_message", "")):
            return match.group(1)
    return None


def provider_facts(version: str | None) -> ProviderFacts:
    """What a pinned hashicorp/aws version accepts: ``region`` from 6.0, ``namespace_config``
    from 6.42 (their CHANGELOG); everything when the version is not pinned."""
    match = re.fullmatch(r"[=v ]*(\d+)\.(\d+)(?:\.\d+)?", version or "")
    if match is None:
        return ProviderFacts()
    major, minor = int(match.group(1)), int(match.group(2))
    arguments = {"region"} if major >= 6 else set()
    if (major, minor) >= (6, 42):
        arguments.add("namespace_config")
    return ProviderFacts(f"hashicorp/aws {version}", frozenset(arguments) & set(NEWER_ARGUMENTS))


def _cluster_of(
    addon: Resource, clusters: Mapping[str, ClusterFacts]
) -> tuple[str | None, ClusterFacts]:
    """The address and facts of the cluster ``addon`` names, else the facts of a name."""
    name = addon.argument("cluster_name")
    literal = _literal(name)
    if literal is not None:
        found = [a for a, facts in clusters.items() if facts.identity == literal]
        found.sort(key=lambda a: a.startswith("data."))  # a created cluster first
        return (found[0], clusters[found[0]]) if found else (None, ClusterFacts(identity=literal))
    for reference in addon.references.get("cluster_name", ()):
        if reference in clusters:
            return reference, clusters[reference]
    if len(clusters) == 1 and name is not None:
        [(address, facts)] = clusters.items()
        return address, facts
    return None, ClusterFacts()


def _cluster_role_holds(document: Document) -> frozenset[str]:
    """The AWS managed policies attached to some role in the document."""
    return frozenset(
        str(attachment.argument("policy_arn")).rpartition(":policy/")[2]
        for attachment in document.of_type("aws_iam_role_policy_attachment")
    )


def _request(
    addon: Resource,
    facts: ClusterFacts,
    kubernetes: str | None,
    acknowledge: Iterable[str],
    holds: frozenset[str],
) -> AddonRequest:
    spec = spec_for(str(addon.argument("addon_name")))
    needs = {need.policy for need in spec.cluster_role_needs}
    values = addon.argument("configuration_values")
    configuration: str | Mapping[str, Any] | None = None
    if isinstance(values, str) and values:
        encoded = jsonencode_argument(values)  # the CDK's jsonencode of a mapping with tokens
        configuration = encoded if isinstance(encoded, Mapping) else values
    return AddonRequest(
        cluster_name=addon.argument("cluster_name"),
        configuration=configuration,
        addon_version=addon.argument("addon_version"),
        kubernetes_version=kubernetes or _declared_version(addon),
        resolve_conflicts_on_create=addon.argument("resolve_conflicts_on_create"),
        resolve_conflicts_on_update=addon.argument("resolve_conflicts_on_update"),
        preserve=addon.argument("preserve"),
        service_account_role_arn=addon.argument("service_account_role_arn"),
        pod_identity_association=addon.argument("pod_identity_association"),
        tags=addon.argument("tags"),
        timeouts=block(addon.argument("timeouts")) or None,
        region=addon.argument("region"),
        namespace_config=block(addon.argument("namespace_config")) or None,
        acknowledge=acknowledge,
        cluster_role=needs <= holds if needs else False,
        terraform_json=True,
        unresolved=is_expression,
    )


def check_addon_resource(
    addon: Resource,
    facts: ClusterFacts,
    *,
    kubernetes: str | None = None,
    acknowledge: Iterable[str] = (),
    provider: ProviderFacts = ANY_PROVIDER,
    holds: frozenset[str] = frozenset(),
) -> CheckedAddon:
    """One ``aws_eks_addon`` through :func:`~eks_addons.plan.plan_addon`."""
    name = addon.argument("addon_name")
    checked = CheckedAddon(addon, None)
    if not isinstance(name, str) or not name:
        checked.findings.error(
            ProblemCode.INVALID_ARGUMENT, "addon_name", "must be a non-empty string", name
        )
        return checked
    values = addon.argument("configuration_values")
    if values is not None and not isinstance(values, str):
        checked.findings.error(
            ProblemCode.INVALID_TYPE,
            "configuration_values",
            "must be a JSON string (the provider takes jsonencode(...), not an object)",
            type(values).__name__,
            "a string",
        )
    plan = plan_addon(
        spec_for(name), _request(addon, facts, kubernetes, acknowledge, holds), facts, provider
    )
    checked.plan = plan
    checked.findings.problems += plan.problems
    checked.findings.warnings += plan.warnings
    return checked


def validate_document(
    document: Document, *, kubernetes: str | None = None, acknowledge: Iterable[str] = ()
) -> DocumentCheck:
    """Every ``aws_eks_addon`` of ``document``, and the document as a whole."""
    acknowledged = frozenset(acknowledge)
    clusters = {
        resource.address: cluster_facts(resource)
        for resource in document.resources
        if resource.type == "aws_eks_cluster"
    }
    compute = _compute(document)
    provider = provider_facts(document.provider_version)
    holds = _cluster_role_holds(document)
    result = DocumentCheck(document, [])
    installed: set[tuple[object, ...]] = set()
    linked: dict[str, set[str]] = {}
    unlinked = False
    for addon in document.of_type("aws_eks_addon"):
        address, facts = _cluster_of(addon, clusters)
        checked = check_addon_resource(
            addon,
            facts,
            kubernetes=kubernetes,
            acknowledge=acknowledged,
            provider=provider,
            holds=holds,
        )
        result.addons.append(checked)
        plan = checked.plan
        if plan is None:
            continue
        cluster_key = address or facts.identity or _literal(addon.argument("cluster_name"))
        if cluster_key is None:
            unlinked = True
        else:
            linked.setdefault(cluster_key, set()).add(plan.spec.name)
            key = (cluster_key, plan.spec.name, addon.provider, addon.argument("region"))
            if key in installed:
                checked.findings.problems.append(duplicate_problem())
            installed.add(key)
        _place(checked, plan, compute, acknowledged)
    _check_pod_identity(result, linked, unlinked, clusters)
    for address, facts in clusters.items():
        _check_defaults(
            result, address=address, facts=facts, compute=compute, linked=linked, unlinked=unlinked
        )
    return result


def _place(
    checked: CheckedAddon, plan: AddonPlan, compute: Compute, acknowledged: frozenset[str]
) -> None:
    if plan.compute_types is None and plan.spec.on_fargate is None:
        return
    facts = plan.cluster
    seen = replace(compute, auto_mode=facts.auto_mode, hybrid_nodes=facts.hybrid_nodes)
    found = Findings()
    check_placement(plan.spec, plan.rendered, seen, found, plan.compute_types)
    checked.findings.warnings += [w for w in found.warnings if w.code not in acknowledged]


def _check_pod_identity(
    result: DocumentCheck,
    linked: Mapping[str, set[str]],
    unlinked: bool,
    clusters: Mapping[str, ClusterFacts],
) -> None:
    """A Pod Identity association does nothing without the agent on the cluster."""
    for checked in result.addons:
        plan = checked.plan
        if plan is None or not plan.uses_pod_identity or plan.cluster.auto_mode:
            continue
        keys = {
            key
            for key, facts in clusters.items()
            if facts is plan.cluster or (facts.identity and facts.identity == plan.cluster.identity)
        } | ({plan.cluster.identity} if plan.cluster.identity else set())
        if any(POD_IDENTITY_AGENT in linked.get(key, set()) for key in keys):
            continue
        if plan.cluster.kind == "created" and plan.cluster.modes_known and not unlinked:
            checked.findings.error(
                ProblemCode.INVALID_ARGUMENT,
                "pod_identity_association",
                f"does nothing without the {POD_IDENTITY_AGENT} add-on, which this document "
                "does not declare for the cluster: the add-on's calls to AWS fail",
                allowed=f"an aws_eks_addon {POD_IDENTITY_AGENT} on the cluster, or IRSA",
            )
        elif str(WarningCode.POD_IDENTITY_AGENT_NOT_KNOWN) not in plan.acknowledged:
            checked.findings.warn(
                WarningCode.POD_IDENTITY_AGENT_NOT_KNOWN,
                plan.spec.name,
                f"its role reaches it through EKS Pod Identity: the cluster needs the "
                f"{POD_IDENTITY_AGENT} add-on, which this document does not declare (it may be "
                "installed elsewhere; acknowledge this warning once it is)",
                "pod_identity_association",
            )


def _check_defaults(
    result: DocumentCheck,
    *,
    address: str,
    facts: ClusterFacts,
    compute: Compute,
    linked: Mapping[str, set[str]],
    unlinked: bool,
) -> None:
    if facts.kind != "created" or facts.bootstrap_addons:
        return
    declared = set(linked.get(address, set()))
    if facts.identity is not None:
        declared |= linked.get(facts.identity, set())
    seen = replace(compute, auto_mode=facts.auto_mode, hybrid_nodes=facts.hybrid_nodes)
    version = _literal(facts.kubernetes_version)
    missing = missing_defaults(seen, declared, version)
    if not missing:
        return
    message = missing_defaults_message(address, missing, seen).replace(
        "this app declares", "this document declares"
    )
    if facts.modes_known and not unlinked:
        result.problems.append(message)
    else:
        why = (
            "its modes are known only to Terraform"
            if not facts.modes_known
            else "some add-ons name their cluster with a value known only to Terraform"
        )
        result.warnings.append(f"{message} (a warning, not an error: {why})")


__all__ = [
    "CheckedAddon",
    "DocumentCheck",
    "check_addon_resource",
    "cluster_facts",
    "provider_facts",
    "validate_document",
]
