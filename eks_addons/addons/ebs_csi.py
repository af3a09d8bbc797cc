"""The ``aws-ebs-csi-driver`` add-on: EBS volumes for persistent volumes."""

from eks_addons.addons.base import ManagedAddon
from eks_addons.addons.iam import Permissions, ServiceAccountIam
from eks_addons.config import EbsCsiDriverConfig


class EbsCsiDriverAddon(ManagedAddon[EbsCsiDriverConfig]):
    """The ``aws-ebs-csi-driver`` add-on, configured with
    :class:`~eks_addons.config.EbsCsiDriverConfig`.

    It calls the EC2 API from the ``ebs-csi-controller-sa`` service account: give it a role with
    ``iam=Irsa(oidc_provider)`` or ``iam=PodIdentity()`` (``AmazonEBSCSIDriverPolicy``).
    """

    ADDON_NAME = "aws-ebs-csi-driver"
    SERVICE_ACCOUNT = ("kube-system", "ebs-csi-controller-sa")

    def _permissions(self, iam: ServiceAccountIam) -> Permissions | None:
        return Permissions(managed_policies=("service-role/AmazonEBSCSIDriverPolicy",))
