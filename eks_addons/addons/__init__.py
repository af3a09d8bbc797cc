"""The cdktf layer: the only part of eks-addons that imports cdktf, constructs or jsii."""

from eks_addons.addons.base import Addon, AddonOptions, ManagedAddon
from eks_addons.addons.cluster_addons import ClusterAddons
from eks_addons.addons.coredns import CoreDnsAddon
from eks_addons.addons.iam import Irsa, PodIdentity
from eks_addons.addons.kube_proxy import KubeProxyAddon
from eks_addons.addons.vpc_cni import VpcCniAddon

__all__ = [
    "Addon",
    "AddonOptions",
    "ClusterAddons",
    "CoreDnsAddon",
    "Irsa",
    "KubeProxyAddon",
    "ManagedAddon",
    "PodIdentity",
    "VpcCniAddon",
]
