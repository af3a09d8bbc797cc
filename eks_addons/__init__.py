"""Typed, validated cdktf constructs for the default Amazon EKS add-ons.

The builders (:mod:`eks_addons.config`) and errors are pure Python. The constructs are
loaded on first use, so ``import eks_addons`` alone never starts the jsii kernel.
"""

from __future__ import annotations

import importlib
from importlib import metadata
from typing import TYPE_CHECKING, Any

from eks_addons.checks import ResolveConflicts
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
from eks_addons.errors import AddonWarning, ConfigurationError, Problem, ProblemCode, WarningCode

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

__version__ = metadata.version("eks-addons")

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
    "AddonWarning",
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
    "WarningCode",
]
