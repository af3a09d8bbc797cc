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
    daemonset: bool = False
    """Runs a pod on every node (so never on Fargate)."""
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
    daemonset=True,
    docs_page="vpc-cni.md",
)
COREDNS_SPEC = AddonSpec(
    name="coredns",
    builder=CoreDnsConfig,
    rules=COREDNS,
    pods=Pods("kube-system", {"k8s-app": "kube-dns", "eks.amazonaws.com/component": "coredns"}),
    on_fargate=lambda config: config.get("computeType") == ComputeType.FARGATE.value,
    docs_page="coredns.md",
)
KUBE_PROXY_SPEC = AddonSpec(
    name="kube-proxy",
    builder=KubeProxyConfig,
    rules=KUBE_PROXY,
    daemonset=True,
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
    docs_page="more-addons.md",
)
POD_IDENTITY_AGENT_SPEC = AddonSpec(
    name="eks-pod-identity-agent",
    builder=PodIdentityAgentConfig,
    daemonset=True,
    docs_page="more-addons.md",
)

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
