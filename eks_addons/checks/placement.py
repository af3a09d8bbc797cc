"""Whether an add-on's pods have somewhere to run on the compute, and are needed there
(pure Python).

Where an add-on runs comes from AWS's data: the ``computeTypes`` of its version in the
catalog (``ec2``, ``fargate``, ``auto``, ``hybrid``, ``local-cluster``). What takes its place
on a compute type (EKS Auto Mode's built-in networking, DNS and storage; another CNI on hybrid
nodes) comes from its spec. The CDK layer reads the compute once per synth into a
:class:`Compute` and calls :func:`check_placement` for each add-on; ``ClusterAddons`` leaves
out what :func:`needed_on` finds no place for; :func:`missing_defaults` finds the default
add-ons a cluster created without them still needs. ``eks-addons validate`` reads the same
:class:`Compute` from Terraform JSON and calls the same functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from eks_addons.catalog import AddonCatalog, catalog
from eks_addons.errors import Findings, WarningCode
from eks_addons.specs import DEFAULT_SPECS, AddonSpec, Pods, spec_for


@dataclass(frozen=True)
class Selector:
    """One Fargate profile selector: a namespace and the labels a pod must carry."""

    namespace: str | None
    labels: Mapping[str, str]

    def matches(self, pods: Pods) -> bool:
        """Whether pods in ``pods.namespace`` with ``pods.labels`` are selected, as Kubernetes
        matches: the same namespace, and every selector label on the pods."""
        return self.namespace == pods.namespace and all(
            pods.labels.get(key) == value for key, value in self.labels.items()
        )


_NAMES = {
    "ec2": "EC2 nodes",
    "fargate": "Fargate",
    "auto": "EKS Auto Mode",
    "hybrid": "hybrid nodes",
}


@dataclass(frozen=True)
class Compute:
    """The compute an add-on can see: its stack's node groups and Fargate profiles (with
    their selectors), and its cluster's modes."""

    node_groups: int = 0
    fargate_profiles: int = 0
    selectors: tuple[Selector, ...] = ()
    auto_mode: bool = False
    hybrid_nodes: bool = False

    @property
    def types(self) -> frozenset[str]:
        """The compute types present, in AWS's ``computeTypes`` words."""
        present = {
            "ec2": self.node_groups > 0,
            "fargate": self.fargate_profiles > 0,
            "auto": self.auto_mode,
            "hybrid": self.hybrid_nodes,
        }
        return frozenset(name for name, there in present.items() if there)

    def describe(self) -> str:
        """``1 node group(s), EKS Auto Mode``."""
        parts = []
        if self.node_groups:
            parts.append(f"{self.node_groups} node group(s)")
        if self.fargate_profiles:
            parts.append(f"{self.fargate_profiles} Fargate profile(s)")
        parts += [_NAMES[name] for name in ("auto", "hybrid") if name in self.types]
        return ", ".join(parts) or "none"


def compute_types(
    spec: AddonSpec,
    version: object,
    kubernetes: object,
    addon_catalog: AddonCatalog | Literal[False] | None = False,
) -> frozenset[str] | None:
    """Where ``spec`` at ``version`` runs: AWS's ``computeTypes`` from the catalog (of the
    default for ``kubernetes`` when the version is not known), else the spec's own.
    ``addon_catalog``: the add-on's catalog when the caller has read it."""
    if addon_catalog is False:
        addon_catalog = catalog(spec.name)
    found = None
    if addon_catalog is not None:
        found = addon_catalog.compute_types(
            version if isinstance(version, str) else None,
            kubernetes if isinstance(kubernetes, str) else None,
        )
    return found if found is not None else spec.compute_types


def needed_on(
    spec: AddonSpec,
    config: Mapping[str, Any] | None,
    compute: Compute,
    types: frozenset[str] | None,
) -> frozenset[str] | None:
    """The compute types present where the add-on runs and nothing takes its place
    (``None``: not known). Empty: it has nowhere to run here, or is not needed."""
    if types is None:
        return None
    usable = _places(spec, compute, types)
    if spec.on_fargate is not None:  # its configuration chooses Fargate or not
        usable = usable & {"fargate"} if spec.runs_on_fargate(config) else usable - {"fargate"}
    return usable


def has_place(spec: AddonSpec, compute: Compute, types: frozenset[str] | None) -> bool:
    """Whether ``spec`` runs somewhere on ``compute`` and nothing takes its place there
    (whatever its configuration says; unknown compute types count as a place)."""
    return types is None or bool(_places(spec, compute, types))


def _places(spec: AddonSpec, compute: Compute, types: frozenset[str]) -> frozenset[str]:
    """The compute types present where ``spec`` runs and nothing takes its place."""
    return (compute.types & types) - frozenset(spec.replaced_on)


def why_not_needed(spec: AddonSpec, compute: Compute, types: frozenset[str]) -> str:
    """The sentence that says why ``spec`` has no place on ``compute``."""
    replaced = [
        f"on {_NAMES[name]} it is replaced by {instead.what}"
        for name, instead in spec.replaced_on.items()
        if name in compute.types
    ]
    runs_on = ", ".join(_NAMES.get(name, name) for name in sorted(types) if name in _NAMES)
    return (
        f"the compute here is {compute.describe()}; AWS lists {spec.name} for {runs_on} "
        f"only (computeTypes){''.join(f'; {text}' for text in replaced)}: it has nowhere to run "
        "here and is not needed"
    )


def you_install_instead(spec: AddonSpec, compute: Compute) -> bool:
    """Whether something the user must install takes ``spec``'s place on ``compute``."""
    return any(
        instead.you_install for name, instead in spec.replaced_on.items() if name in compute.types
    )


def check_placement(
    spec: AddonSpec,
    config: Mapping[str, Any] | None,
    compute: Compute,
    findings: Findings,
    types: frozenset[str] | None = None,
) -> None:
    """Warn when ``spec``'s pods cannot run on ``compute`` or are not needed there."""
    on_fargate = spec.runs_on_fargate(config)
    needed = needed_on(spec, config, compute, types)
    if compute.types and not on_fargate and needed is not None and not needed:
        assert types is not None
        findings.warn(
            WarningCode.NOT_ON_THIS_COMPUTE, spec.name, why_not_needed(spec, compute, types)
        )
    if on_fargate and spec.pods is not None:
        if any(selector.matches(spec.pods) for selector in compute.selectors):
            return
        labels = ", ".join(f"{key}={value}" for key, value in spec.pods.labels.items())
        findings.warn(
            WarningCode.NOWHERE_TO_RUN,
            spec.name,
            f"its pods run on Fargate but no Fargate profile visible to this stack selects "
            f"them (namespace {spec.pods.namespace}, labels among {labels}); without one the "
            "pods cannot be scheduled, the add-on stays DEGRADED and the apply waits until the "
            "create timeout",
            "computeType",
        )


def missing_defaults(compute: Compute, declared: set[str], kubernetes: str | None) -> list[str]:
    """The default add-ons a cluster created with ``bootstrap_self_managed_addons = false``
    needs on ``compute`` and that are not ``declared`` (EKS installs none of them then)."""
    seen = compute if compute.types else replace(compute, node_groups=1)  # assume nodes
    # a drop-in replacement declared counts as the add-on it replaces
    covered = declared | {spec_for(name).replaces or name for name in declared}
    return [
        spec.name
        for spec in DEFAULT_SPECS
        if spec.name not in covered and has_place(spec, seen, compute_types(spec, None, kubernetes))
    ]


def missing_defaults_message(where: str, missing: list[str], compute: Compute) -> str:
    """The synth error of a cluster created without default add-ons, missing some."""
    seen = compute if compute.types else replace(compute, node_groups=1)
    return (
        f"{where}: the cluster is created with bootstrap_self_managed_addons = false, so EKS "
        f"installs no default add-on, and this app declares no {', '.join(missing)} for it "
        f"({seen.describe()}): without them its pods get no networking or cluster DNS. Add them "
        "(ClusterAddons, or the add-on constructs); to manage one yourself, say so with "
        "ClusterAddons(..., vpc_cni=False) and the like"
    )
