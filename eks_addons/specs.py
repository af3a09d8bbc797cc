"""Every add-on the library models, each described once (pure Python).

An :class:`AddonSpec` holds what the library knows about one add-on: its name, typed builder,
rules, service account and IAM policies, where its pods run, and its docs page. Everything
else derives from :data:`SPECS`: the constructs name a spec and nothing else; the checks, the
CLI, the docs generator and the tests read it. ``CONTRIBUTING.md`` says how to add one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eks_addons.checks.rules import COREDNS, KUBE_PROXY, VPC_CNI, Rule
from eks_addons.config import (
    AddonConfig,
    ComputeType,
    CoreDnsConfig,
    EbsCsiDriverConfig,
    KubeProxyConfig,
    PodIdentityAgentConfig,
    VpcCniConfig,
)


@dataclass(frozen=True)
class Permissions:
    """What an add-on's service account needs: AWS managed policies, or a policy document."""

    managed_policies: tuple[str, ...] = ()
    """Names under ``arn:<partition>:iam::aws:policy/``."""
    policy_document: Callable[[str], Mapping[str, Any]] | None = None
    """An inline policy for a partition (``aws``, ``aws-cn``, or a token), for permissions
    AWS ships no managed policy for."""


@dataclass(frozen=True)
class ServiceAccount:
    """The Kubernetes service account an add-on calls AWS from, and what it needs."""

    namespace: str
    name: str
    permissions: Permissions
    ipv6_permissions: Permissions | None = None
    """What it needs on an IPv6 cluster instead, when that differs."""


@dataclass(frozen=True)
class Pods:
    """The add-on's pods, as a Fargate profile selector must match them."""

    namespace: str
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Replacement:
    """What takes an add-on's place on a compute type."""

    what: str
    """``EKS Auto Mode's built-in cluster DNS``."""
    you_install: bool = False
    """Whether the user must install it (else the platform provides it)."""


@dataclass(frozen=True, kw_only=True)
class AddonSpec:
    """What the library knows about one add-on."""

    name: str
    """The EKS add-on name, e.g. ``vpc-cni``."""
    builder: type[AddonConfig] = AddonConfig
    """The typed builder of its ``configuration_values``."""
    rules: tuple[Rule, ...] = ()
    """Rules its configuration must follow beyond AWS's schema."""
    service_account: ServiceAccount | None = None
    """The service account ``iam=`` creates a role for; ``None``: not known."""
    compute_types: frozenset[str] | None = None
    """Where it runs (AWS's ``computeTypes``: ``ec2``, ``fargate``, ``auto``, ``hybrid``), for
    add-ons the catalog has no data on; the catalog's per-version data wins."""
    replaced_on: Mapping[str, Replacement] = field(default_factory=dict)
    """Compute type -> what takes the add-on's place there, so that it is not needed there
    (EKS Auto Mode builds networking, DNS and storage in; hybrid nodes need another CNI)."""
    pods: Pods | None = None
    """Its pods, for matching Fargate profiles."""
    on_fargate: Callable[[Mapping[str, Any]], bool] | None = None
    """Whether a rendered configuration puts its pods on Fargate."""
    docs_page: str | None = None
    """Its page under ``docs/``."""

    def runs_on_fargate(self, config: Mapping[str, Any] | None) -> bool:
        """Whether ``config`` (rendered) puts the add-on's pods on Fargate."""
        return self.on_fargate is not None and self.on_fargate(config or {})


def vpc_cni_ipv6_policy(partition: str) -> Mapping[str, Any]:
    """AWS's documented policy for the VPC CNI on IPv6 clusters ("Create an IAM policy for
    clusters that use the IPv6 family", Amazon EKS User Guide); AWS ships no managed one."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": [
                    "ec2:AssignIpv6Addresses",
                    "ec2:DescribeInstances",
                    "ec2:DescribeTags",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeInstanceTypes",
                ],
                "Resource": "*",
            },
            {
                "Effect": "Allow",
                "Action": ["ec2:CreateTags"],
                "Resource": [f"arn:{partition}:ec2:*:*:network-interface/*"],
            },
        ],
    }


def _auto_mode(what: str) -> Replacement:
    """Built into EKS Auto Mode (AWS: "with Auto Mode, networking, DNS and block storage are
    built in"; the Pod Identity agent too)."""
    return Replacement(f"EKS Auto Mode's built-in {what}")


VPC_CNI_SPEC = AddonSpec(
    name="vpc-cni",
    builder=VpcCniConfig,
    rules=VPC_CNI,
    service_account=ServiceAccount(
        "kube-system",
        "aws-node",
        Permissions(managed_policies=("AmazonEKS_CNI_Policy",)),
        ipv6_permissions=Permissions(policy_document=vpc_cni_ipv6_policy),
    ),
    replaced_on={
        "auto": _auto_mode("pod networking"),
        # AWS: the VPC CNI is not compatible with hybrid nodes and does not deploy to them
        "hybrid": Replacement(
            "a CNI you install for hybrid nodes (AWS documents Cilium and Calico)",
            you_install=True,
        ),
    },
    docs_page="vpc-cni.md",
)
COREDNS_SPEC = AddonSpec(
    name="coredns",
    builder=CoreDnsConfig,
    rules=COREDNS,
    pods=Pods("kube-system", {"k8s-app": "kube-dns", "eks.amazonaws.com/component": "coredns"}),
    on_fargate=lambda config: config.get("computeType") == ComputeType.FARGATE.value,
    replaced_on={"auto": _auto_mode("cluster DNS")},
    docs_page="coredns.md",
)
KUBE_PROXY_SPEC = AddonSpec(
    name="kube-proxy",
    builder=KubeProxyConfig,
    rules=KUBE_PROXY,
    replaced_on={"auto": _auto_mode("service networking")},
    docs_page="kube-proxy.md",
)
EBS_CSI_DRIVER_SPEC = AddonSpec(
    name="aws-ebs-csi-driver",
    builder=EbsCsiDriverConfig,
    service_account=ServiceAccount(
        "kube-system",
        "ebs-csi-controller-sa",
        Permissions(managed_policies=("service-role/AmazonEBSCSIDriverPolicy",)),
    ),
    # AWS's add-ons page ("Compatible compute types"): EC2
    compute_types=frozenset({"ec2"}),
    replaced_on={"auto": _auto_mode("block storage")},
    docs_page="more-addons.md",
)
POD_IDENTITY_AGENT_SPEC = AddonSpec(
    name="eks-pod-identity-agent",
    builder=PodIdentityAgentConfig,
    # AWS: an agent pod on each node; compatible with hybrid nodes ("Configure add-ons for
    # hybrid nodes"); built into EKS Auto Mode ("Set up the Amazon EKS Pod Identity Agent")
    compute_types=frozenset({"ec2", "hybrid"}),
    replaced_on={"auto": _auto_mode("Pod Identity agent")},
    docs_page="more-addons.md",
)

DEFAULT_SPECS: tuple[AddonSpec, ...] = (VPC_CNI_SPEC, KUBE_PROXY_SPEC, COREDNS_SPEC)
"""The default add-ons: what EKS installs itself unless ``bootstrap_self_managed_addons`` is
false."""

SPECS: tuple[AddonSpec, ...] = (
    VPC_CNI_SPEC,
    COREDNS_SPEC,
    KUBE_PROXY_SPEC,
    EBS_CSI_DRIVER_SPEC,
    POD_IDENTITY_AGENT_SPEC,
)
"""Every add-on the library models; the three defaults first."""

_BY_NAME = {spec.name: spec for spec in SPECS}


def spec_for(addon: str) -> AddonSpec:
    """The spec of ``addon``; for an add-on the library does not model, a bare one."""
    return _BY_NAME.get(addon) or AddonSpec(name=addon)


def known_addons() -> tuple[str, ...]:
    """The names of the add-ons the library models."""
    return tuple(_BY_NAME)
