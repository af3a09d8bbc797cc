"""The ``eks-pod-identity-agent`` add-on: the node agent that serves EKS Pod Identity."""

from eks_addons.addons.base import ManagedAddon
from eks_addons.config import PodIdentityAgentConfig
from eks_addons.specs import POD_IDENTITY_AGENT_SPEC


class PodIdentityAgentAddon(ManagedAddon[PodIdentityAgentConfig]):
    """The ``eks-pod-identity-agent`` add-on, configured with
    :class:`~eks_addons.config.PodIdentityAgentConfig`.

    Needed by every add-on given ``iam=PodIdentity()``. A DaemonSet: it runs on nodes, not on
    Fargate (EKS Pod Identity does not serve Fargate pods).
    """

    spec = POD_IDENTITY_AGENT_SPEC
