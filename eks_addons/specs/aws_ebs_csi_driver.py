"""The ``aws-ebs-csi-driver`` add-on (EBS volumes for persistent volumes): its spec."""

from __future__ import annotations

from eks_addons.config import EbsCsiDriverConfig
from eks_addons.specs.model import AddonSpec, Permissions, ServiceAccount, auto_mode

SPEC = AddonSpec(
    name="aws-ebs-csi-driver",
    builder=EbsCsiDriverConfig,
    service_account=ServiceAccount(
        "kube-system",
        "ebs-csi-controller-sa",
        Permissions(managed_policies=("service-role/AmazonEBSCSIDriverPolicy",)),
    ),
    # AWS's add-ons page ("Compatible compute types"): EC2
    compute_types=frozenset({"ec2"}),
    replaced_on={"auto": auto_mode("block storage")},
    docs_page="more-addons.md",
)
