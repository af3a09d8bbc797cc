"""Every add-on the library models, each described once, with its rules (pure Python).

One module per add-on holds its :class:`~eks_addons.specs.model.AddonSpec` as ``SPEC`` and the
rules its configuration follows; this package lists them. Everything else derives from
:data:`SPECS`: the constructs name a spec and nothing else; the checks engine, the CLI, the
docs generator and the tests read it. ``CONTRIBUTING.md`` says how to add one.
"""

from __future__ import annotations

from eks_addons.specs import (
    aws_ebs_csi_driver,
    coredns,
    eks_pod_identity_agent,
    kube_proxy,
    vpc_cni,
)
from eks_addons.specs.model import (
    AddonSpec,
    ClusterRoleNeed,
    Hit,
    Permissions,
    Pods,
    Replacement,
    Rule,
    ServiceAccount,
)

VPC_CNI_SPEC = vpc_cni.SPEC
COREDNS_SPEC = coredns.SPEC
KUBE_PROXY_SPEC = kube_proxy.SPEC
EBS_CSI_DRIVER_SPEC = aws_ebs_csi_driver.SPEC
POD_IDENTITY_AGENT_SPEC = eks_pod_identity_agent.SPEC

SPECS: tuple[AddonSpec, ...] = (
    VPC_CNI_SPEC,
    COREDNS_SPEC,
    KUBE_PROXY_SPEC,
    EBS_CSI_DRIVER_SPEC,
    POD_IDENTITY_AGENT_SPEC,
)
"""Every add-on the library models; the three defaults first."""

DEFAULT_SPECS: tuple[AddonSpec, ...] = tuple(spec for spec in SPECS if spec.default)
"""The default add-ons: what EKS installs itself unless ``bootstrap_self_managed_addons`` is
false."""

_BY_NAME = {spec.name: spec for spec in SPECS}


def spec_for(addon: str) -> AddonSpec:
    """The spec of ``addon``; for an add-on the library does not model, a bare one."""
    return _BY_NAME.get(addon) or AddonSpec(name=addon)


def known_addons() -> tuple[str, ...]:
    """The names of the add-ons the library models."""
    return tuple(_BY_NAME)


__all__ = [
    "COREDNS_SPEC",
    "DEFAULT_SPECS",
    "EBS_CSI_DRIVER_SPEC",
    "KUBE_PROXY_SPEC",
    "POD_IDENTITY_AGENT_SPEC",
    "SPECS",
    "VPC_CNI_SPEC",
    "AddonSpec",
    "ClusterRoleNeed",
    "Hit",
    "Permissions",
    "Pods",
    "Replacement",
    "Rule",
    "ServiceAccount",
    "known_addons",
    "spec_for",
]
