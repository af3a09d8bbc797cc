"""Typed builders for add-on ``configuration_values``: pure Python, no cdktf, no jsii."""

from collections.abc import Mapping
from types import MappingProxyType

from eks_addons.config.coredns import AutoScaling, ComputeType, CoreDnsConfig, PodDisruptionBudget
from eks_addons.config.ebs_csi import EbsCsiDriverConfig, LoggingFormat
from eks_addons.config.kube_proxy import KubeProxyConfig, KubeProxyMode
from eks_addons.config.model import AddonConfig, canonical_json
from eks_addons.config.pod_identity_agent import PodIdentityAgentConfig
from eks_addons.config.resources import ResourceQuantities, Resources
from eks_addons.config.vpc_cni import (
    CniLogLevel,
    NetworkPolicyEnforcingMode,
    PodSecurityGroupEnforcingMode,
    VpcCniConfig,
)

BUILDERS: Mapping[str, type[AddonConfig]] = MappingProxyType(
    {
        "vpc-cni": VpcCniConfig,
        "coredns": CoreDnsConfig,
        "kube-proxy": KubeProxyConfig,
        "aws-ebs-csi-driver": EbsCsiDriverConfig,
        "eks-pod-identity-agent": PodIdentityAgentConfig,
    }
)
"""The typed builder of each add-on the library models, by add-on name."""


def builder_for(addon: str) -> type[AddonConfig]:
    """The typed builder of ``addon``; the generic :class:`AddonConfig` for any other."""
    return BUILDERS.get(addon, AddonConfig)


__all__ = [
    "BUILDERS",
    "AddonConfig",
    "AutoScaling",
    "CniLogLevel",
    "ComputeType",
    "CoreDnsConfig",
    "EbsCsiDriverConfig",
    "KubeProxyConfig",
    "KubeProxyMode",
    "LoggingFormat",
    "NetworkPolicyEnforcingMode",
    "PodDisruptionBudget",
    "PodIdentityAgentConfig",
    "PodSecurityGroupEnforcingMode",
    "ResourceQuantities",
    "Resources",
    "VpcCniConfig",
    "builder_for",
    "canonical_json",
]
