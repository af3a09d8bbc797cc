"""Typed, validated CDK constructs (cdktf or CDK Terrain) for Amazon EKS add-ons.

The builders (:mod:`eks_addons.config`), checks, catalog and errors are pure Python. Every
name is imported on first use: the constructs (``from eks_addons import VpcCniAddon``) with
the app's CDK, so ``import eks_addons`` and ``from eks_addons import *`` (which gives the
pure names) never start the jsii kernel.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eks_addons.addons import (
        Addon as Addon,
    )
    from eks_addons.addons import (
        AwsProvider as AwsProvider,
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
        ExistingCluster as ExistingCluster,
    )
    from eks_addons.addons import (
        ExistingOidcProvider as ExistingOidcProvider,
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
    from eks_addons.checks import (
        ResolveConflicts as ResolveConflicts,
    )
    from eks_addons.config import (
        AddonConfig as AddonConfig,
    )
    from eks_addons.config import (
        AutoScaling as AutoScaling,
    )
    from eks_addons.config import (
        CniLogLevel as CniLogLevel,
    )
    from eks_addons.config import (
        ComputeType as ComputeType,
    )
    from eks_addons.config import (
        CoreDnsConfig as CoreDnsConfig,
    )
    from eks_addons.config import (
        EbsCsiDriverConfig as EbsCsiDriverConfig,
    )
    from eks_addons.config import (
        KubeProxyConfig as KubeProxyConfig,
    )
    from eks_addons.config import (
        KubeProxyMode as KubeProxyMode,
    )
    from eks_addons.config import (
        LoggingFormat as LoggingFormat,
    )
    from eks_addons.config import (
        NetworkPolicyEnforcingMode as NetworkPolicyEnforcingMode,
    )
    from eks_addons.config import (
        PodDisruptionBudget as PodDisruptionBudget,
    )
    from eks_addons.config import (
        PodIdentityAgentConfig as PodIdentityAgentConfig,
    )
    from eks_addons.config import (
        PodSecurityGroupEnforcingMode as PodSecurityGroupEnforcingMode,
    )
    from eks_addons.config import (
        ResourceQuantities as ResourceQuantities,
    )
    from eks_addons.config import (
        Resources as Resources,
    )
    from eks_addons.config import (
        VpcCniConfig as VpcCniConfig,
    )
    from eks_addons.config.generated import *  # noqa: F403  (the generated builders)
    from eks_addons.errors import (
        AddonWarning as AddonWarning,
    )
    from eks_addons.errors import (
        ConfigurationError as ConfigurationError,
    )
    from eks_addons.errors import (
        Problem as Problem,
    )
    from eks_addons.errors import (
        ProblemCode as ProblemCode,
    )
    from eks_addons.errors import (
        WarningCode as WarningCode,
    )

_MODULES = {
    "ResolveConflicts": "eks_addons.checks",
    "AddonConfig": "eks_addons.config",
    "AutoScaling": "eks_addons.config",
    "CniLogLevel": "eks_addons.config",
    "ComputeType": "eks_addons.config",
    "CoreDnsConfig": "eks_addons.config",
    "EbsCsiDriverConfig": "eks_addons.config",
    "KubeProxyConfig": "eks_addons.config",
    "KubeProxyMode": "eks_addons.config",
    "LoggingFormat": "eks_addons.config",
    "NetworkPolicyEnforcingMode": "eks_addons.config",
    "PodDisruptionBudget": "eks_addons.config",
    "PodIdentityAgentConfig": "eks_addons.config",
    "PodSecurityGroupEnforcingMode": "eks_addons.config",
    "ResourceQuantities": "eks_addons.config",
    "Resources": "eks_addons.config",
    "VpcCniConfig": "eks_addons.config",
    "AddonWarning": "eks_addons.errors",
    "ConfigurationError": "eks_addons.errors",
    "Problem": "eks_addons.errors",
    "ProblemCode": "eks_addons.errors",
    "WarningCode": "eks_addons.errors",
    "Addon": "eks_addons.addons",
    "AwsProvider": "eks_addons.addons",
    "ClusterAddons": "eks_addons.addons",
    "CoreDnsAddon": "eks_addons.addons",
    "EbsCsiDriverAddon": "eks_addons.addons",
    "ExistingCluster": "eks_addons.addons",
    "ExistingOidcProvider": "eks_addons.addons",
    "Irsa": "eks_addons.addons",
    "KubeProxyAddon": "eks_addons.addons",
    "PodIdentity": "eks_addons.addons",
    "PodIdentityAgentAddon": "eks_addons.addons",
    "VpcCniAddon": "eks_addons.addons",
}
"""Where each public name lives: everything is imported on first use, so that
``import eks_addons`` (and the CLI's ``--help``) costs almost nothing."""


def __getattr__(name: str) -> Any:
    """The builders, errors and constructs (these start the CDK), imported on first use;
    ``__version__`` read from the installed metadata."""
    if name == "__version__":
        from importlib import metadata  # noqa: PLC0415

        return metadata.version("eks-addons")
    module = _MODULES.get(name)
    if module is None:
        generated = importlib.import_module("eks_addons.config.generated")
        if name not in generated.__all__ or name in ("BUILDER_MODULES", "builder_of"):
            raise AttributeError(f"module 'eks_addons' has no attribute {name!r}")
        module = generated.__name__
    found = getattr(importlib.import_module(module), name)
    globals()[name] = found
    return found


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
