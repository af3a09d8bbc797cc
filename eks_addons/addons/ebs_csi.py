"""The ``aws-ebs-csi-driver`` add-on: EBS volumes for persistent volumes."""

from eks_addons.addons.base import ManagedAddon
from eks_addons.config import EbsCsiDriverConfig
from eks_addons.specs import EBS_CSI_DRIVER_SPEC


class EbsCsiDriverAddon(ManagedAddon[EbsCsiDriverConfig]):
    """The ``aws-ebs-csi-driver`` add-on, configured with
    :class:`~eks_addons.config.EbsCsiDriverConfig`.

    It calls the EC2 API from the ``ebs-csi-controller-sa`` service account: give it a role with
    ``iam=Irsa(oidc_provider)`` or ``iam=PodIdentity()`` (``AmazonEBSCSIDriverPolicy``).
    """

    spec = EBS_CSI_DRIVER_SPEC
