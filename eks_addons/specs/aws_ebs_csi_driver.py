"""The ``aws-ebs-csi-driver`` add-on (EBS volumes for persistent volumes): its spec (its
service account and IAM come from ``iam.json``, where it runs from the catalog)."""

from __future__ import annotations

from eks_addons.config import EbsCsiDriverConfig
from eks_addons.specs.model import AddonSpec, auto_mode

SPEC = AddonSpec(
    name="aws-ebs-csi-driver",
    builder=EbsCsiDriverConfig,
    replaced_on={"auto": auto_mode("block storage")},
    docs_page="more-addons.md",
)
