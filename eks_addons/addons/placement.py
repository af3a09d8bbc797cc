"""Placement checks at synth: one walk of the app's compute serves all its add-ons.

The first add-on of an app adds one validation to its stack; at synth it reads every node
group and Fargate profile of the app once, groups them by stack, and runs
:func:`~eks_addons.checks.placement.check_placement` for every add-on against its own stack's
compute and its cluster's modes (:func:`cluster_modes`: Auto Mode, hybrid nodes). Compute a
stack cannot see (self-managed nodes, a profile in another stack) is invisible to its
add-ons.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from weakref import WeakKeyDictionary

import jsii
from constructs import IConstruct, IValidation

from eks_addons.cdk import EksCluster, EksFargateProfile, EksNodeGroup, TerraformStack
from eks_addons.checks.placement import (
    ClusterModes,
    Compute,
    Selector,
    check_placement,
    compute_types,
    has_place,
)
from eks_addons.errors import AddonWarning, Findings
from eks_addons.specs import DEFAULT_SPECS, AddonSpec

Warn = Callable[[AddonWarning], None]


def _field(struct: Any, name: str) -> Any:
    if isinstance(struct, Mapping):
        return struct.get(name)
    return getattr(struct, name, None)


_MODES: WeakKeyDictionary[EksCluster, ClusterModes] = WeakKeyDictionary()


def cluster_modes(cluster: object) -> ClusterModes:
    """What an ``EksCluster`` says of its modes (read through jsii once per cluster); the
    defaults for anything else (a data source's attributes are known only at plan)."""
    if not isinstance(cluster, EksCluster):
        return ClusterModes()
    modes = _MODES.get(cluster)
    if modes is None:
        network = cluster.kubernetes_network_config_input
        remote = _field(cluster.remote_network_config_input, "remote_node_networks")
        modes = _MODES[cluster] = ClusterModes(
            auto_mode=_field(cluster.compute_config_input, "enabled") is True,
            hybrid_nodes=bool(remote),
            bootstrap_addons=cluster.bootstrap_self_managed_addons_input is not False,
            ip_family=_ip_family(_field(network, "ip_family")),
        )
    return modes


def _ip_family(given: object) -> str | None:
    """``ipv4`` / ``ipv6`` as given; EKS's default ``ipv4`` when not given; ``None`` for a
    token (known only to Terraform)."""
    if given is None:
        return "ipv4"
    return given if given in ("ipv4", "ipv6") else None


def _selectors(profile: EksFargateProfile) -> list[Selector]:
    selectors = profile.selector_input
    if not isinstance(selectors, list):
        return []
    return [
        Selector(_field(selector, "namespace"), dict(_field(selector, "labels") or {}))
        for selector in selectors
    ]


def compute_by_stack(
    root: IConstruct, clusters: list[EksCluster] | None = None
) -> dict[TerraformStack, Compute]:
    """The node groups and Fargate profiles of every stack under ``root``, in one walk (which
    also gathers the ``EksCluster`` constructs into ``clusters``)."""
    counts: dict[TerraformStack, tuple[int, int, list[Selector]]] = {}
    for construct in root.node.find_all():
        if clusters is not None and isinstance(construct, EksCluster):
            clusters.append(construct)
        elif isinstance(construct, EksNodeGroup | EksFargateProfile):
            stack = TerraformStack.of(construct)
            groups, profiles, selectors = counts.get(stack, (0, 0, []))
            if isinstance(construct, EksNodeGroup):
                groups += 1
            else:
                profiles += 1
                selectors += _selectors(construct)
            counts[stack] = (groups, profiles, selectors)
    return {stack: Compute(g, p, tuple(s)) for stack, (g, p, s) in counts.items()}


_NO_COMPUTE = Compute()


@dataclass(frozen=True)
class _Placed:
    """One add-on waiting for the synth-time placement check."""

    stack: TerraformStack
    spec: AddonSpec
    config: Mapping[str, Any] | None
    types: frozenset[str] | None
    modes: ClusterModes
    warn: Warn
    cluster: object
    """The ``cluster=`` construct, or the ``cluster_name`` given."""


@jsii.implements(IValidation)
class _AppPlacement:
    """The placement checks of every add-on in one app, run from its first stack's
    validations (validations run per stack; one walk of the app serves them all)."""

    def __init__(self, root: IConstruct) -> None:
        self._root = root
        self.addons: list[_Placed] = []

    def validate(self) -> list[str]:
        """Hand each add-on its placement warnings; fail the synth only for a cluster created
        without its default add-ons and missing some of them."""
        clusters: list[EksCluster] = []
        compute = compute_by_stack(self._root, clusters)
        for placed in self.addons:
            seen = replace(
                compute.get(placed.stack, _NO_COMPUTE),
                auto_mode=placed.modes.auto_mode,
                hybrid_nodes=placed.modes.hybrid_nodes,
            )
            findings = Findings()
            check_placement(placed.spec, placed.config, seen, findings, placed.types)
            for warning in findings.warnings:
                placed.warn(warning)
        return [
            error
            for cluster in clusters
            if not cluster_modes(cluster).bootstrap_addons
            for error in self._missing_defaults(cluster, compute)
        ]

    def _missing_defaults(
        self, cluster: EksCluster, compute: Mapping[TerraformStack, Compute]
    ) -> list[str]:
        """A cluster with ``bootstrap_self_managed_addons = false`` gets no default add-on
        from EKS: those its compute needs must be in the app (or declared managed elsewhere)."""
        modes = cluster_modes(cluster)
        seen = replace(
            compute.get(TerraformStack.of(cluster), _NO_COMPUTE),
            auto_mode=modes.auto_mode,
            hybrid_nodes=modes.hybrid_nodes,
        )
        if not seen.types:  # no compute visible: assume nodes, as EKS's defaults do
            seen = replace(seen, node_groups=1)
        declared = {
            placed.spec.name
            for placed in self.addons
            if placed.cluster is cluster or placed.cluster == cluster.name_input
        } | _ELSEWHERE.get(cluster, set())
        version = cluster.version_input
        missing = [
            spec.name
            for spec in DEFAULT_SPECS
            if spec.name not in declared
            and has_place(spec, seen, compute_types(spec, None, version))
        ]
        if not missing:
            return []
        return [
            f"{cluster.node.path}: the cluster is created with bootstrap_self_managed_addons = "
            f"false, so EKS installs no default add-on, and this app declares no "
            f"{', '.join(missing)} for it ({seen.describe()}): without them its pods get no "
            "networking or cluster DNS. Add them (ClusterAddons, or the add-on constructs); to "
            "manage one yourself, say so with ClusterAddons(..., vpc_cni=False) and the like"
        ]


_ELSEWHERE: WeakKeyDictionary[EksCluster, set[str]] = WeakKeyDictionary()


def declare_managed_elsewhere(cluster: object, addon: str) -> None:
    """Record that ``addon`` on ``cluster`` is managed outside eks-addons (so the default
    add-ons check of a cluster created without them does not ask for it)."""
    if isinstance(cluster, EksCluster):
        _ELSEWHERE.setdefault(cluster, set()).add(addon)


_BY_APP: WeakKeyDictionary[IConstruct, _AppPlacement] = WeakKeyDictionary()
_ROOT_OF: WeakKeyDictionary[TerraformStack, IConstruct] = WeakKeyDictionary()


def register_placement(
    stack: TerraformStack,
    spec: AddonSpec,
    *,
    config: Mapping[str, Any] | None,
    types: frozenset[str] | None,
    modes: ClusterModes,
    warn: Warn,
    cluster: object,
) -> None:
    """Check at synth where ``spec``'s pods, configured by ``config``, can run on the compute
    of ``stack`` and its cluster (``types``: where the add-on runs; ``modes``: the cluster's);
    ``warn`` records what is found. The app's root is read once per stack."""
    # the default add-ons always register: the check of a cluster created without them
    # counts what the app declares
    if types is None and spec.on_fargate is None and spec not in DEFAULT_SPECS:
        return
    root = _ROOT_OF.get(stack)
    if root is None:
        node = stack.node
        root = _ROOT_OF[stack] = node.root
        if root not in _BY_APP:
            _BY_APP[root] = _AppPlacement(root)
            node.add_validation(_BY_APP[root])
    _BY_APP[root].addons.append(_Placed(stack, spec, config, types, modes, warn, cluster))
