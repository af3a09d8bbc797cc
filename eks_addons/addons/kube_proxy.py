"""The ``kube-proxy`` add-on: the per-node Service proxy (a DaemonSet; never on Fargate)."""

from eks_addons.addons.base import ManagedAddon
from eks_addons.addons.compute import ComputeRule, nodes_only_rule
from eks_addons.config import KubeProxyConfig


class KubeProxyAddon(ManagedAddon[KubeProxyConfig]):
    """The ``kube-proxy`` add-on, configured with :class:`~eks_addons.config.KubeProxyConfig`."""

    ADDON_NAME = "kube-proxy"

    def _validations(self) -> list[ComputeRule]:
        return [nodes_only_rule("kube-proxy")]
