"""The CDK layer: the constructs, on the CDK :mod:`eks_addons.cdk` loads (with constructs
and jsii)."""

# First, so that with no CDK installed the error says what to install.
from eks_addons import cdk as _cdk  # noqa: F401
from eks_addons.addons.base import Addon, AddonArguments, AddonOptions, ManagedAddon
from eks_addons.addons.cluster_addons import ClusterAddons
from eks_addons.addons.coredns import CoreDnsAddon
from eks_addons.addons.ebs_csi import EbsCsiDriverAddon
from eks_addons.addons.iam import Irsa, PodIdentity
from eks_addons.addons.kube_proxy import KubeProxyAddon
from eks_addons.addons.pod_identity_agent import PodIdentityAgentAddon
from eks_addons.addons.resources import AwsProvider, ExistingCluster, ExistingOidcProvider
from eks_addons.addons.vpc_cni import VpcCniAddon

__all__ = [
    "Addon",
    "AddonArguments",
    "AddonOptions",
    "AwsProvider",
    "ClusterAddons",
    "CoreDnsAddon",
    "EbsCsiDriverAddon",
    "ExistingCluster",
    "ExistingOidcProvider",
    "Irsa",
    "KubeProxyAddon",
    "ManagedAddon",
    "PodIdentity",
    "PodIdentityAgentAddon",
    "VpcCniAddon",
]
