"""Typed, validated CDK constructs (cdktf or CDK Terrain) for the default Amazon EKS add-ons.

The builders (:mod:`eks_addons.config`), checks, catalog and errors are pure Python. The
constructs are loaded on first use (``from eks_addons import VpcCniAddon``) with the app's
CDK, so ``import eks_addons`` and ``from eks_addons import *`` (which gives the pure names)
never start the jsii kernel.
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
    generated,
)
from eks_addons.errors import AddonWarning, ConfigurationError, Problem, ProblemCode, WarningCode

if TYPE_CHECKING:
    from eks_addons.addons import (
        Addon as Addon,
    )
    from eks_addons.addons import (
        ClusterAddons as ClusterAddons,
    )
    from eks_addons.addons import (
        CoreDnsAddon as CoreDnsAddon,
    )
    from eks_addons.addons import (
        EbsCsiDriverAddon as EbsCsiDriverAddon,
    )
    from eks_addons.addons import (
        Irsa as Irsa,
    )
    from eks_addons.addons import (
        KubeProxyAddon as KubeProxyAddon,
    )
    from eks_addons.addons import (
        PodIdentity as PodIdentity,
    )
    from eks_addons.addons import (
        PodIdentityAgentAddon as PodIdentityAgentAddon,
    )
    from eks_addons.addons import (
        VpcCniAddon as VpcCniAddon,
    )
    from eks_addons.config.generated import *  # noqa: F403  (the generated builders)

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


_GENERATED = frozenset(generated.__all__) - {"BUILDER_MODULES", "builder_of"}


def __getattr__(name: str) -> Any:
    """The constructs and the generated builders, imported on first use (not in ``__all__``:
    a star import stays pure and quick)."""
    if name in _CONSTRUCTS:
        return getattr(importlib.import_module("eks_addons.addons"), name)
    if name in _GENERATED:
        return getattr(importlib.import_module("eks_addons.config.generated"), name)
    raise AttributeError(f"module 'eks_addons' has no attribute {name!r}")


__all__ = [
    "AddonConfig",
    "AddonWarning",
    "AutoScaling",
    "CniLogLevel",
    "ComputeType",
    "ConfigurationError",
    "CoreDnsConfig",
    "EbsCsiDriverConfig",
    "KubeProxyConfig",
    "KubeProxyMode",
    "LoggingFormat",
    "NetworkPolicyEnforcingMode",
    "PodDisruptionBudget",
    "PodIdentityAgentConfig",
    "PodSecurityGroupEnforcingMode",
    "Problem",
    "ProblemCode",
    "ResolveConflicts",
    "ResourceQuantities",
    "Resources",
    "VpcCniConfig",
    "WarningCode",
]
