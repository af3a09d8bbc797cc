"""The sample's add-on settings, written with the typed builders (pure Python): the seed
document's, and the platform cluster's.

The seed (a blog post on the default EKS add-ons in Terraform) wrote these as
``configuration_values = jsonencode({...})``; ``tests/unit/test_seed.py`` checks that the
builders render exactly the seed's JSON.
"""

from eks_addons.config import (
    CertManagerConfig,
    CloudWatchObservabilityConfig,
    ComputeType,
    CoreDnsConfig,
    EbsCsiDriverConfig,
    EfsCsiDriverConfig,
    ExternalDnsConfig,
    MetricsServerConfig,
    ResourceQuantities,
    Resources,
    SnapshotControllerConfig,
    VpcCniConfig,
)
from eks_addons.config.generated import amazon_cloudwatch_observability as cloudwatch
from eks_addons.config.generated import (
    aws_efs_csi_driver as efs,
)
from eks_addons.config.generated import (
    cert_manager,
    external_dns,
    metrics_server,
    snapshot_controller,
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

# The platform cluster's add-ons: what a platform team runs beside the defaults, each with a
# typed builder generated from AWS's schema of the add-on (eks_addons.config.generated).

PLATFORM_EBS_CSI = EbsCsiDriverConfig(
    default_storage_class=True, extra_volume_tags={"team": "platform"}
)
"""EBS volumes: a default StorageClass, and every volume tagged with its owner."""

PLATFORM_EFS_CSI = EfsCsiDriverConfig(
    controller=efs.Controller(delete_access_point_root_dir=True, replica_count=2)
)
"""EFS: two controllers, and an access point's directory deleted with its volume."""

PLATFORM_CLOUDWATCH = CloudWatchObservabilityConfig(
    container_logs=cloudwatch.ContainerLogs(enabled=True),
    application_signals=cloudwatch.ApplicationSignals(enabled=False),
)
"""Container Insights with container logs; Application Signals off."""

PLATFORM_METRICS_SERVER = MetricsServerConfig(
    replicas=2,
    pod_disruption_budget=metrics_server.PodDisruptionBudget(enabled=True, max_unavailable=1),
)
"""metrics-server for the HorizontalPodAutoscaler: two replicas, one down at a time."""

PLATFORM_CERT_MANAGER = CertManagerConfig(
    replica_count=2,
    enable_certificate_owner_ref=True,
    prometheus=cert_manager.Prometheus(enabled=True),
)
"""cert-manager: two replicas, Secrets deleted with their Certificate, Prometheus metrics."""

PLATFORM_EXTERNAL_DNS = ExternalDnsConfig(
    policy=external_dns.Policy.SYNC,
    domain_filters=["example.com"],
    txt_owner_id="platform-demo",
    sources=["service", "ingress"],
    log_format=external_dns.LogFormat.JSON,
)
"""external-dns: owns the records of example.com it creates (TXT owner), deletes stale ones."""

PLATFORM_SNAPSHOT_CONTROLLER = SnapshotControllerConfig(
    pod_disruption_budget=snapshot_controller.PodDisruptionBudget(enabled=True, max_unavailable=1)
)
"""The CSI snapshot controller (VolumeSnapshot for the EBS and EFS volumes), with a PDB."""
