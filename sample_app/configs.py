"""The seed document's add-on settings, written with the typed builders (pure Python).

The seed (a blog post on the default EKS add-ons in Terraform) wrote these as
``configuration_values = jsonencode({...})``; ``tests/unit/test_seed.py`` checks that the
builders render exactly the seed's JSON.
"""

from eks_addons.config import (
    ComputeType,
    CoreDnsConfig,
    EbsCsiDriverConfig,
    ResourceQuantities,
    Resources,
    VpcCniConfig,
)

KUBERNETES_VERSION = "1.33"
"""The sample's Kubernetes version. The add-on versions follow from it: the catalog's
defaults (AWS's own). The seed pinned vpc-cni v1.14.0-eksbuild.3 and coredns
v1.11.1-eksbuild.6 for EKS 1.29, but AWS lists v1.14.0-eksbuild.3 for Kubernetes 1.23-1.28
only: the library rejects that pair (see tests/unit/test_catalog.py)."""

SEED_VPC_CNI = VpcCniConfig(
    enable_pod_eni=True,
    enable_prefix_delegation=True,
    warm_prefix_target=1,
    init_disable_tcp_early_demux=True,
)
"""The seed's VPC CNI settings: security groups for pods, prefix delegation, one warm prefix,
and TCP early demux off so kubelet probes reach pods with their own security groups."""

_QUARTER_CPU = ResourceQuantities(cpu="0.25", memory="256M")

SEED_COREDNS = CoreDnsConfig(
    compute_type=ComputeType.FARGATE,
    resources=Resources(limits=_QUARTER_CPU, requests=_QUARTER_CPU),
)
"""The seed's CoreDNS settings: run on Fargate with a quarter vCPU and 256M."""

SAMPLE_EBS_CSI = EbsCsiDriverConfig(default_storage_class=True)
"""The EBS CSI driver, which the seed announces next: with a default StorageClass."""
