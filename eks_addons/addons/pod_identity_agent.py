"""The ``eks-pod-identity-agent`` add-on: the node agent that serves EKS Pod Identity."""

from eks_addons.addons.base import ManagedAddon
from eks_addons.addons.compute import ComputeRule, nodes_only_rule
from eks_addons.config import PodIdentityAgentConfig


class PodIdentityAgentAddon(ManagedAddon[PodIdentityAgentConfig]):
    """The ``eks-pod-identity-agent`` add-on, configured with
    :class:`~eks_addons.config.PodIdentityAgentConfig`.

    Needed by every add-on given ``iam=PodIdentity()``. A DaemonSet: it runs on nodes, not on
    Fargate (EKS Pod Identity does not serve Fargate pods).
    """

    ADDON_NAME = "eks-pod-identity-agent"

    def _validations(self) -> list[ComputeRule]:
        return [nodes_only_rule("eks-pod-identity-agent")]
