"""The ``vpc-cni`` add-on: the Amazon VPC CNI plugin, which gives pods VPC IP addresses."""

from eks_addons.addons.base import ManagedAddon
from eks_addons.config import VpcCniConfig


class VpcCniAddon(ManagedAddon[VpcCniConfig]):
    """The ``vpc-cni`` EKS add-on, configured with :class:`~eks_addons.config.VpcCniConfig`."""

    ADDON_NAME = "vpc-cni"
    config_type = VpcCniConfig
