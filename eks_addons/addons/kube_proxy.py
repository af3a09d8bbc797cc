"""The ``kube-proxy`` add-on: the per-node Service proxy (a DaemonSet; never on Fargate)."""

from eks_addons.addons.base import ManagedAddon
from eks_addons.config import KubeProxyConfig
from eks_addons.specs import KUBE_PROXY_SPEC


class KubeProxyAddon(ManagedAddon[KubeProxyConfig]):
    """The ``kube-proxy`` add-on, configured with :class:`~eks_addons.config.KubeProxyConfig`."""

    spec = KUBE_PROXY_SPEC
