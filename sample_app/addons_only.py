"""The sample's add-ons-only stack: the three default add-ons on a cluster that already
exists, found by name. It needs no prebuilt AWS provider bindings (the fast synth): the
provider block and the cluster lookup are eks-addons' own constructs."""

from __future__ import annotations

from constructs import Construct

from eks_addons import (
    AwsProvider,
    CoreDnsAddon,
    ExistingCluster,
    KubeProxyAddon,
    VpcCniAddon,
    WarningCode,
)
from eks_addons.cdk import TerraformStack
from sample_app.configs import SEED_COREDNS, SEED_VPC_CNI


class ExistingClusterAddons(TerraformStack):
    """The seed: the three default add-ons on a cluster that already exists, found by name.

    The cluster's Kubernetes version is a site value: with it, each add-on gets the catalog's
    default version for it, and its configuration is checked against that version's schema.
    """

    def __init__(
        self, scope: Construct, id: str, *, cluster_name: str, region: str, kubernetes_version: str
    ) -> None:
        super().__init__(scope, id)
        AwsProvider(self, "aws", region=region)
        cluster = ExistingCluster(self, "cluster", name=cluster_name)
        KubeProxyAddon(self, "kube_proxy", cluster=cluster, kubernetes_version=kubernetes_version)
        VpcCniAddon(
            self,
            "vpc_cni",
            cluster=cluster,
            kubernetes_version=kubernetes_version,
            configuration=SEED_VPC_CNI,
            # the cluster role is managed with the cluster, outside this stack
            acknowledge=[WarningCode.IAM_NOT_GRANTED],
        )
        CoreDnsAddon(
            self,
            "coredns",
            cluster=cluster,
            kubernetes_version=kubernetes_version,
            configuration=SEED_COREDNS,
            # its Fargate profile is managed with the cluster, outside this stack
            acknowledge=[WarningCode.NOWHERE_TO_RUN],
        )
