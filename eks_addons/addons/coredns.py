"""The ``coredns`` add-on: CoreDNS, the cluster DNS server."""

from eks_addons.addons.base import ManagedAddon
from eks_addons.config import CoreDnsConfig
from eks_addons.specs import COREDNS_SPEC


class CoreDnsAddon(ManagedAddon[CoreDnsConfig]):
    """The ``coredns`` EKS add-on, configured with :class:`~eks_addons.config.CoreDnsConfig`."""

    spec = COREDNS_SPEC
