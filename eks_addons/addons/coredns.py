"""The ``coredns`` add-on: CoreDNS, the cluster DNS server."""

from eks_addons.addons.base import ManagedAddon
from eks_addons.addons.compute import ComputeRule, coredns_rule
from eks_addons.config import CoreDnsConfig


class CoreDnsAddon(ManagedAddon[CoreDnsConfig]):
    """The ``coredns`` EKS add-on, configured with :class:`~eks_addons.config.CoreDnsConfig`."""

    ADDON_NAME = "coredns"

    def _validations(self) -> list[ComputeRule]:
        compute_type = (
            self.configuration.to_dict().get("computeType") if self.configuration else None
        )
        return [coredns_rule(compute_type)]
