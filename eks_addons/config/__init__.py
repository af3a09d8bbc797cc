"""Typed builders for add-on ``configuration_values``: pure Python, no cdktf, no jsii.

Which builder belongs to which add-on is said once, in :mod:`eks_addons.specs`. The builders
generated from AWS's schemas (:mod:`eks_addons.config.generated`) are importable from here by
name, each loaded on first use.
"""

import importlib
from typing import TYPE_CHECKING, Any

from eks_addons.config.coredns import AutoScaling, ComputeType, CoreDnsConfig, PodDisruptionBudget
from eks_addons.config.ebs_csi import EbsCsiDriverConfig, LoggingFormat
from eks_addons.config.kube_proxy import KubeProxyConfig, KubeProxyMode
from eks_addons.config.model import AddonConfig, ConfigModel, canonical_json
from eks_addons.config.pod_identity_agent import PodIdentityAgentConfig
from eks_addons.config.resources import ResourceQuantities, Resources
from eks_addons.config.vpc_cni import (
    CniLogLevel,
    NetworkPolicyEnforcingMode,
    PodSecurityGroupEnforcingMode,
    VpcCniConfig,
)

if TYPE_CHECKING:
    from eks_addons.config.generated import *  # noqa: F403


def __getattr__(name: str) -> Any:
    """A generated builder, imported on first use."""
    return getattr(importlib.import_module("eks_addons.config.generated"), name)


__all__ = [
    "AddonConfig",
    "AutoScaling",
    "CniLogLevel",
    "ComputeType",
    "ConfigModel",
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
    "canonical_json",
]
