"""``ClusterAddons``: the three default add-ons on a cluster, wired to its compute in order.

- VPC CNI before every node group, so its settings (prefix delegation, custom networking)
  reach the first nodes: they are in the node group's ``depends_on``.
- CoreDNS after the compute it runs on: the Fargate profiles when it runs on Fargate, else
  the node groups; without them it has nowhere to run and stays DEGRADED.
- CoreDNS ``computeType`` follows the compute: Fargate when there are Fargate profiles and
  no node group, unless its configuration says otherwise.
- Each add-on only where the compute has a place for it, by AWS's ``computeTypes`` of its
  version and the cluster's modes: on Fargate only, no kube-proxy and no VPC CNI; on EKS
  Auto Mode only, none of the three (Auto Mode builds networking and DNS in); on hybrid
  nodes, kube-proxy and CoreDNS but no VPC CNI (bring a CNI for them: a synth warning says
  so). What is left out is in :attr:`ClusterAddons.left_out`, with the reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypedDict, Unpack

from constructs import Construct

from eks_addons.addons.base import AddonOptions, record_warning
from eks_addons.addons.coredns import CoreDnsAddon
from eks_addons.addons.kube_proxy import KubeProxyAddon
from eks_addons.addons.registry import registry_of
from eks_addons.addons.vpc_cni import VpcCniAddon
from eks_addons.cdk import (
    DataAwsEksCluster,
    EksCluster,
    EksFargateProfile,
    EksNodeGroup,
    IamRole,
    TerraformStack,
    check_scope,
)
from eks_addons.checks.placement import (
    Compute,
    compute_types,
    needed_on,
    why_not_needed,
    you_install_instead,
)
from eks_addons.config import ComputeType, CoreDnsConfig, KubeProxyConfig, VpcCniConfig
from eks_addons.errors import AddonWarning, ConfigurationError, Problem, ProblemCode, WarningCode
from eks_addons.specs import (
    COREDNS_SPEC,
    KUBE_PROXY_SPEC,
    VPC_CNI_SPEC,
    AddonSpec,
)


class VpcCniSettings(AddonOptions, total=False):
    """``VpcCniAddon`` arguments for :class:`ClusterAddons` (all optional)."""

    configuration: VpcCniConfig | Mapping[str, Any] | str
    ipv6: bool


class CoreDnsSettings(AddonOptions, total=False):
    """``CoreDnsAddon`` arguments for :class:`ClusterAddons` (all optional)."""

    configuration: CoreDnsConfig | Mapping[str, Any] | str


class KubeProxySettings(AddonOptions, total=False):
    """``KubeProxyAddon`` arguments for :class:`ClusterAddons` (all optional)."""

    configuration: KubeProxyConfig | Mapping[str, Any] | str


class ClusterAddonsOptions(TypedDict, total=False):
    """Per-add-on settings; ``False`` leaves an add-on out (to manage it yourself)."""

    vpc_cni: VpcCniSettings | Literal[False]
    coredns: CoreDnsSettings | Literal[False]
    kube_proxy: KubeProxySettings | Literal[False]


class ClusterAddons(Construct):
    """kube-proxy, VPC CNI and CoreDNS on ``cluster``, ordered with its compute.

    Children ``vpc_cni``, ``coredns`` and ``kube_proxy`` (their Terraform addresses are
    ``aws_eks_addon.<this id>_<child id>_...``); each is reachable as an attribute, ``None``
    when left out.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster: EksCluster | DataAwsEksCluster,
        node_groups: Sequence[EksNodeGroup] = (),
        fargate_profiles: Sequence[EksFargateProfile] = (),
        kubernetes_version: str | None = None,
        cluster_role: IamRole | None = None,
        **settings: Unpack[ClusterAddonsOptions],
    ) -> None:
        """Create the add-ons; see the module docstring for the order and the choices.

        ``kubernetes_version`` omitted: read from ``cluster`` when it is an ``EksCluster``.
        ``cluster_role``: the cluster's IAM role, to attach what the add-ons' configurations
        need (``AmazonEKSVPCResourceController`` for VPC CNI's ``ENABLE_POD_ENI``).
        """
        check_scope(scope)
        super().__init__(scope, id)
        _check_same_stack(self, node_groups, fargate_profiles)
        self._registry = registry_of(TerraformStack.of(self))
        modes = self._registry.facts(cluster)
        self._cluster = cluster
        self._compute = Compute(
            node_groups=len(node_groups),
            fargate_profiles=len(fargate_profiles),
            auto_mode=modes.auto_mode,
            hybrid_nodes=modes.hybrid_nodes,
        )
        self._kubernetes = kubernetes_version or (
            cluster.version_input if isinstance(cluster, EksCluster) else None
        )
        if not self._compute.types:
            record_warning(
                self,
                AddonWarning(
                    WarningCode.NOWHERE_TO_RUN,
                    "coredns",
                    "ClusterAddons got no node group and no Fargate profile: CoreDNS has nowhere "
                    "to run until compute joins (and its create waits while DEGRADED)",
                ),
            )
        common: dict[str, Any] = {"cluster": cluster}
        if kubernetes_version is not None:
            common["kubernetes_version"] = kubernetes_version
        if cluster_role is not None:
            common["cluster_role"] = cluster_role
        self.left_out: dict[str, str] = {}
        """Add-ons left out because the compute has no place for them, with the reason
        (e.g. on EKS Auto Mode, which builds networking and DNS in)."""

        self.vpc_cni: VpcCniAddon | None = None
        vpc_cni = settings.get("vpc_cni", VpcCniSettings())
        if self._wanted(VPC_CNI_SPEC, vpc_cni, None) and vpc_cni is not False:
            self.vpc_cni = VpcCniAddon(self, "vpc_cni", **{**common, **vpc_cni})
            # depends_on takes bare addresses; fqn would render as an interpolation "${...}"
            address = self.vpc_cni.address
            for node_group in node_groups:
                node_group.depends_on = [*(node_group.depends_on or []), address]

        self.kube_proxy: KubeProxyAddon | None = None
        kube_proxy = settings.get("kube_proxy", KubeProxySettings())
        if self._wanted(KUBE_PROXY_SPEC, kube_proxy, None) and kube_proxy is not False:
            self.kube_proxy = KubeProxyAddon(self, "kube_proxy", **{**common, **kube_proxy})

        self.coredns: CoreDnsAddon | None = self._coredns(
            settings.get("coredns", CoreDnsSettings()), common, node_groups, fargate_profiles
        )

    def _wanted(self, spec: AddonSpec, chosen: object, config: Mapping[str, Any] | None) -> bool:
        """Whether to create ``spec``'s add-on: not left out by the user (``False``), and with
        a place on the compute (else recorded in :attr:`left_out`)."""
        if not isinstance(chosen, Mapping):
            self._registry.declare_elsewhere(self._cluster, spec.name)
            return False
        types = compute_types(spec, chosen.get("addon_version"), self._kubernetes)
        compute = self._compute
        needed = needed_on(spec, config, compute, types) if compute.types else None
        if needed is not None and not needed:
            assert types is not None
            reason = self.left_out[spec.name] = why_not_needed(spec, compute, types)
            if chosen:  # settings given for an add-on that is left out: probably not meant
                reason = f"left out, so the settings given for it are not used: {reason}"
            if chosen or you_install_instead(spec, compute):
                warning = AddonWarning(WarningCode.NOT_ON_THIS_COMPUTE, spec.name, reason)
                record_warning(self, warning)
            return False
        return True

    def _coredns(
        self,
        chosen: CoreDnsSettings | Literal[False],
        common: dict[str, Any],
        node_groups: Sequence[EksNodeGroup],
        fargate_profiles: Sequence[EksFargateProfile],
    ) -> CoreDnsAddon | None:
        """CoreDNS after the compute it runs on, on Fargate when that is the only compute."""
        configuration = None
        if chosen is not False:
            fargate_only = self._compute.types - {"auto"} == {"fargate"}
            try:
                configuration = _coredns_configuration(chosen.get("configuration"), fargate_only)
            except ConfigurationError as error:
                raise ConfigurationError(
                    error.problems, addon="coredns", construct_path=f"{self.node.path}/coredns"
                ) from None
        rendered = None if configuration is None else configuration.to_dict()
        if not self._wanted(COREDNS_SPEC, chosen, rendered) or chosen is False:
            return None
        on_fargate = COREDNS_SPEC.runs_on_fargate(rendered)
        options: CoreDnsSettings = {
            **chosen,
            "depends_on": [
                *chosen.get("depends_on", []),
                *(fargate_profiles if on_fargate else node_groups),
            ],
        }
        if configuration is not None:
            options["configuration"] = configuration
        return CoreDnsAddon(self, "coredns", **{**common, **options})


def _check_same_stack(
    scope: Construct,
    node_groups: Sequence[EksNodeGroup],
    fargate_profiles: Sequence[EksFargateProfile],
) -> None:
    """The compute must be in this stack: the add-ons' ordering edges are ``depends_on``."""
    if not node_groups and not fargate_profiles:
        return
    own = TerraformStack.of(scope)
    problems = [
        Problem(
            ProblemCode.INVALID_ARGUMENT,
            f"{name}[{index}]",
            "is in another stack: Terraform refuses a depends_on on a resource its stack does "
            "not declare",
            allowed="node groups and Fargate profiles of this stack (order stacks with "
            "add_dependency)",
        )
        for name, items in (("node_groups", node_groups), ("fargate_profiles", fargate_profiles))
        for index, item in enumerate(items)
        if TerraformStack.of(item) is not own
    ]
    if problems:
        raise ConfigurationError(problems)


def _coredns_configuration(
    given: CoreDnsConfig | Mapping[str, Any] | str | None, fargate_only: bool
) -> CoreDnsConfig | None:
    """The CoreDNS configuration with ``computeType`` following the compute.

    Reads the merged configuration, so ``computeType`` given through ``extra`` counts too.
    """
    config = None if given is None else CoreDnsConfig.coerce(given)
    if not fargate_only:
        return config
    if config is None:
        return CoreDnsConfig(compute_type=ComputeType.FARGATE)
    compute_type = config.to_dict().get("computeType")
    if compute_type is None:
        return dataclasses.replace(config, compute_type=ComputeType.FARGATE)
    if compute_type != ComputeType.FARGATE.value:
        problem = Problem(
            ProblemCode.RULE,
            "computeType",
            "cannot be EC2 when the cluster's compute is Fargate only",
            compute_type,
            allowed="'Fargate', or add a node group",
        )
        raise ConfigurationError([problem], addon="coredns")
    return config
