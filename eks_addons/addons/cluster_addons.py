"""``ClusterAddons``: the three default add-ons on a cluster, wired to its compute in order.

- VPC CNI before every node group, so its settings (prefix delegation, custom networking)
  reach the first nodes: they are in the node group's ``depends_on``.
- CoreDNS after the compute it runs on: the Fargate profiles when it runs on Fargate, else
  the node groups; without them it has nowhere to run and stays DEGRADED.
- CoreDNS ``computeType`` follows the compute: Fargate when there are Fargate profiles and
  no node group, unless its configuration says otherwise.
- kube-proxy only when there are nodes: it is a DaemonSet and never runs on Fargate.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypedDict, Unpack

from constructs import Construct

from eks_addons.addons.base import AddonOptions, record_warning
from eks_addons.addons.coredns import CoreDnsAddon
from eks_addons.addons.kube_proxy import KubeProxyAddon
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
from eks_addons.config import ComputeType, CoreDnsConfig, KubeProxyConfig, VpcCniConfig
from eks_addons.errors import AddonWarning, ConfigurationError, Problem, ProblemCode, WarningCode
from eks_addons.specs import COREDNS_SPEC


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
        ``cluster_role``: the cluster's IAM role, for VPC CNI's ``ENABLE_POD_ENI``.
        """
        check_scope(scope)
        super().__init__(scope, id)
        _check_same_stack(self, node_groups, fargate_profiles)
        fargate_only = bool(fargate_profiles) and not node_groups
        if not node_groups and not fargate_profiles:
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

        self.vpc_cni: VpcCniAddon | None = None
        vpc_cni = settings.get("vpc_cni", VpcCniSettings())
        if vpc_cni is not False:
            self.vpc_cni = VpcCniAddon(
                self, "vpc_cni", **common, cluster_role=cluster_role, **vpc_cni
            )
            # depends_on takes bare addresses; fqn would render as an interpolation "${...}"
            address = self.vpc_cni.address
            for node_group in node_groups:
                node_group.depends_on = [*(node_group.depends_on or []), address]

        self.kube_proxy: KubeProxyAddon | None = None
        kube_proxy = settings.get("kube_proxy", KubeProxySettings())
        if kube_proxy is not False and not fargate_only:
            self.kube_proxy = KubeProxyAddon(self, "kube_proxy", **common, **kube_proxy)

        self.coredns: CoreDnsAddon | None = None
        coredns = settings.get("coredns", CoreDnsSettings())
        if coredns is not False:
            configuration = _coredns_configuration(coredns.get("configuration"), fargate_only)
            rendered = None if configuration is None else configuration.to_dict()
            on_fargate = COREDNS_SPEC.runs_on_fargate(rendered)
            compute = list(fargate_profiles) if on_fargate else list(node_groups)
            options: CoreDnsSettings = {
                **coredns,
                "depends_on": [*coredns.get("depends_on", []), *compute],
            }
            if configuration is not None:
                options["configuration"] = configuration
            self.coredns = CoreDnsAddon(self, "coredns", **common, **options)


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
