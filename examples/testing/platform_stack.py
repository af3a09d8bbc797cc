"""A platform team's stack: the three default add-ons on an existing cluster, configured with
the typed builders. (A project of its own: it imports its CDK directly.) The provider block
and the cluster lookup are eks-addons' own, so the project needs no provider bindings."""

from cdktf import App, TerraformStack
from constructs import Construct

from eks_addons import (
    AwsProvider,
    ComputeType,
    CoreDnsAddon,
    CoreDnsConfig,
    ExistingCluster,
    KubeProxyAddon,
    ResourceQuantities,
    Resources,
    VpcCniAddon,
    VpcCniConfig,
    WarningCode,
)


class PlatformStack(TerraformStack):
    """VPC CNI with prefix delegation, CoreDNS on Fargate, kube-proxy: on cluster ``name``."""

    def __init__(self, scope: Construct, id: str, *, cluster_name: str) -> None:
        super().__init__(scope, id)
        AwsProvider(self, "aws", region="eu-west-1")
        cluster = ExistingCluster(self, "cluster", name=cluster_name)
        quarter = ResourceQuantities(cpu="0.25", memory="256M")
        VpcCniAddon(
            self,
            "vpc_cni",
            cluster=cluster,
            kubernetes_version="1.33",
            configuration=VpcCniConfig(
                enable_pod_eni=True,
                enable_prefix_delegation=True,
                warm_prefix_target=1,
                init_disable_tcp_early_demux=True,
            ),
            # the cluster's own stack attaches AmazonEKSVPCResourceController to its role
            acknowledge=[WarningCode.IAM_NOT_GRANTED],
        )
        CoreDnsAddon(
            self,
            "coredns",
            cluster=cluster,
            kubernetes_version="1.33",
            configuration=CoreDnsConfig(
                compute_type=ComputeType.FARGATE,
                resources=Resources(limits=quarter, requests=quarter),
            ),
            # its Fargate profile is managed with the cluster, in the cluster's own stack
            acknowledge=[WarningCode.NOWHERE_TO_RUN],
        )
        KubeProxyAddon(self, "kube_proxy", cluster=cluster, kubernetes_version="1.33")


if __name__ == "__main__":
    app = App()
    PlatformStack(app, "platform", cluster_name="prod")
    app.synth()
