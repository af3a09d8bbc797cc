"""The ``eks-pod-identity-agent`` add-on (the node agent behind EKS Pod Identity): its spec."""

from __future__ import annotations

from eks_addons.config import PodIdentityAgentConfig
from eks_addons.specs.model import AddonSpec, auto_mode

SPEC = AddonSpec(
    name="eks-pod-identity-agent",
    builder=PodIdentityAgentConfig,
    # built into EKS Auto Mode ("Set up the Amazon EKS Pod Identity Agent")
    replaced_on={"auto": auto_mode("Pod Identity agent")},
    docs_page="more-addons.md",
)
