"""Typed, validated cdktf constructs for the default Amazon EKS add-ons.

The builders (:mod:`eks_addons.config`) and errors are pure Python. The constructs are
loaded on first use, so ``import eks_addons`` alone never starts the jsii kernel.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from eks_addons.arguments import ResolveConflicts
from eks_addons.config import (
    AddonConfig,
    AutoScaling,
    CniLogLevel,
    ComputeType,
    CoreDnsConfig,
    EbsCsiDriverConfig,
    KubeProxyConfig,
    KubeProxyMode,
    LoggingFormat,
    NetworkPolicyEnforcingMode,
    PodDisruptionBudget,
    PodIdentityAgentConfig,
    PodSecurityGroupEnforcingMode,
    ResourceQuantities,
    Resources,
    VpcCniConfig,
)
from eks_addons.errors import ConfigurationError, Problem, ProblemCode

if TYPE_CHECKING:
    from eks_addons.addons import (
        Addon,
        ClusterAddons,
        CoreDnsAddon,
        EbsCsiDriverAddon,
        Irsa,
        KubeProxyAddon,
        PodIdentity,
        PodIdentityAgentAddon,
        VpcCniAddon,
    )

__version__ = "0.1.0"

_CONSTRUCTS = frozenset(
    {
        "Addon",
        "ClusterAddons",
        "CoreDnsAddon",
        "EbsCsiDriverAddon",
        "Irsa",
        "KubeProxyAddon",
        "PodIdentity",
        "PodIdentityAgentAddon",
        "VpcCniAddon",
    }
)


def __getattr__(name: str) -> Any:
    if name in _CONSTRUCTS:
        return getattr(importlib.import_module("eks_addons.addons"), name)
    raise AttributeError(f"module 'eks_addons' has no attribute {name!r}")


__all__ = [
    "Addon",
    "AddonConfig",
    "AutoScaling",
    "ClusterAddons",
    "CniLogLevel",
    "ComputeType",
    "ConfigurationError",
    "CoreDnsAddon",
    "CoreDnsConfig",
    "EbsCsiDriverAddon",
    "EbsCsiDriverConfig",
    "Irsa",
    "KubeProxyAddon",
    "KubeProxyConfig",
    "KubeProxyMode",
    "LoggingFormat",
    "NetworkPolicyEnforcingMode",
    "PodDisruptionBudget",
    "PodIdentity",
    "PodIdentityAgentAddon",
    "PodIdentityAgentConfig",
    "PodSecurityGroupEnforcingMode",
    "Problem",
    "ProblemCode",
    "ResolveConflicts",
    "ResourceQuantities",
    "Resources",
    "VpcCniAddon",
    "VpcCniConfig",
]
