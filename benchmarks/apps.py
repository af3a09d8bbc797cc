"""The two apps the benchmark synthesizes, one process each.

``library``: the sample's add-ons on N clusters with eks-addons (version selection, schema
checks, builders). ``raw``: the same Terraform JSON written by hand with the provider's
``EksAddon``. Usage: ``python -m benchmarks.apps {library|raw} CLUSTERS OUTDIR``.
"""

from __future__ import annotations

import sys

from cdktf import App, TerraformStack
from cdktf_cdktf_provider_aws.eks_addon import EksAddon
from cdktf_cdktf_provider_aws.provider import AwsProvider

KUBERNETES = "1.33"
VERSIONS = {
    "kube_proxy": ("kube-proxy", "v1.33.10-eksbuild.18"),
    "vpc_cni": ("vpc-cni", "v1.22.4-eksbuild.3"),
    "coredns": ("coredns", "v1.12.4-eksbuild.18"),
}
RAW_CONFIGURATION = {
    "vpc_cni": '{"env":{"ENABLE_POD_ENI":"true","ENABLE_PREFIX_DELEGATION":"true",'
    '"WARM_PREFIX_TARGET":"1"},"init":{"env":{"DISABLE_TCP_EARLY_DEMUX":"true"}}}',
    "coredns": '{"computeType":"Fargate","resources":{"limits":{"cpu":"0.25","memory":"256M"},'
    '"requests":{"cpu":"0.25","memory":"256M"}}}',
}


def library_stack(stack: TerraformStack, cluster_name: str) -> None:
    # imported here, not at the top: the raw app must not pay for importing the library
    from eks_addons import CoreDnsAddon, KubeProxyAddon, VpcCniAddon  # noqa: PLC0415
    from sample_app.configs import SEED_COREDNS, SEED_VPC_CNI  # noqa: PLC0415

    KubeProxyAddon(stack, "kube_proxy", cluster_name=cluster_name, kubernetes_version=KUBERNETES)
    VpcCniAddon(
        stack,
        "vpc_cni",
        cluster_name=cluster_name,
        kubernetes_version=KUBERNETES,
        configuration=SEED_VPC_CNI,
    )
    CoreDnsAddon(
        stack,
        "coredns",
        cluster_name=cluster_name,
        kubernetes_version=KUBERNETES,
        configuration=SEED_COREDNS,
    )


def raw_stack(stack: TerraformStack, cluster_name: str) -> None:
    for construct_id, (addon_name, version) in VERSIONS.items():
        EksAddon(
            stack,
            construct_id,
            addon_name=addon_name,
            cluster_name=cluster_name,
            addon_version=version,
            configuration_values=RAW_CONFIGURATION.get(construct_id),
        )


def main(kind: str, clusters: int, outdir: str) -> None:
    build = library_stack if kind == "library" else raw_stack
    app = App(outdir=outdir)
    for index in range(clusters):
        stack = TerraformStack(app, f"cluster-{index}")
        AwsProvider(stack, "aws", region="us-east-1")
        build(stack, f"cluster-{index}")
    app.synth()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
