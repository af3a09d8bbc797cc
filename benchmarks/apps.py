"""The two apps the benchmark synthesizes, one process each.

``library``: the sample app's add-on stack (VPC CNI, CoreDNS and kube-proxy on an existing
cluster, with version selection, schema checks and builders), once per cluster. ``raw``: the same
Terraform JSON written by hand with the provider's ``EksAddon``.

Usage: ``python -m benchmarks.apps {library|raw} CLUSTERS OUTDIR``.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from typing import TYPE_CHECKING

# The lane's CDK, imported directly: the raw app must not import the library.
CDK = os.environ.get("EKS_ADDONS_CDK", "cdktf")
if TYPE_CHECKING:
    from cdktf import App, Op, Precondition, TerraformResourceLifecycle, TerraformStack
    from cdktf_cdktf_provider_aws.data_aws_eks_cluster import DataAwsEksCluster
    from cdktf_cdktf_provider_aws.eks_addon import EksAddon
    from cdktf_cdktf_provider_aws.provider import AwsProvider
else:
    _PROVIDER = {"cdktf": "cdktf_cdktf_provider_aws", "cdktn": "cdktn_provider_aws"}[CDK]
    _core = importlib.import_module(CDK)
    App, Op, Precondition = _core.App, _core.Op, _core.Precondition
    TerraformResourceLifecycle, TerraformStack = (
        _core.TerraformResourceLifecycle,
        _core.TerraformStack,
    )
    AwsProvider = importlib.import_module(f"{_PROVIDER}.provider").AwsProvider
    DataAwsEksCluster = importlib.import_module(
        f"{_PROVIDER}.data_aws_eks_cluster"
    ).DataAwsEksCluster
    EksAddon = importlib.import_module(f"{_PROVIDER}.eks_addon").EksAddon

KUBERNETES = "1.33"
ADDONS = {"kube_proxy": "kube-proxy", "vpc_cni": "vpc-cni", "coredns": "coredns"}
VERSIONS_ENV = "BENCH_ADDON_VERSIONS"
"""JSON ``{addon: version}`` the raw app pins: the catalog's defaults, read by the caller
(so that the raw app does not import the library)."""
RAW_CONFIGURATION = {
    "vpc_cni": '{"env":{"ENABLE_POD_ENI":"true","ENABLE_PREFIX_DELEGATION":"true",'
    '"WARM_PREFIX_TARGET":"1"},"init":{"env":{"DISABLE_TCP_EARLY_DEMUX":"true"}}}',
    "coredns": '{"computeType":"Fargate","resources":{"limits":{"cpu":"0.25","memory":"256M"},'
    '"requests":{"cpu":"0.25","memory":"256M"}}}',
}


def library_app(app: App, clusters: int) -> None:
    """The sample app's own add-on stack (``ExistingClusterAddons``), once per cluster."""
    # imported here, not at the top: the raw app must not pay for importing the library
    from sample_app.stacks import ExistingClusterAddons  # noqa: PLC0415

    for index in range(clusters):
        ExistingClusterAddons(
            app,
            f"cluster-{index}",
            cluster_name=f"cluster-{index}",
            region="us-east-1",
            kubernetes_version=KUBERNETES,
        )


def default_versions() -> dict[str, str]:
    """The catalog's default version of each add-on for ``KUBERNETES``."""
    from eks_addons.catalog import catalog  # noqa: PLC0415 - the raw app never calls this

    versions = {}
    for addon in ADDONS.values():
        addon_catalog = catalog(addon)
        assert addon_catalog is not None
        default = addon_catalog.default(KUBERNETES)
        assert default is not None
        versions[addon] = default
    return versions


def raw_app(app: App, clusters: int) -> None:
    """The same Terraform JSON, written by hand with the provider's classes."""
    versions: dict[str, str] = json.loads(os.environ[VERSIONS_ENV])
    for index in range(clusters):
        stack = TerraformStack(app, f"cluster-{index}")
        AwsProvider(stack, "aws", region="us-east-1")
        cluster = DataAwsEksCluster(stack, "cluster", name=f"cluster-{index}")
        for construct_id, addon_name in ADDONS.items():
            EksAddon(
                stack,
                construct_id,
                addon_name=addon_name,
                cluster_name=cluster.name,
                addon_version=versions[addon_name],
                configuration_values=RAW_CONFIGURATION.get(construct_id),
                lifecycle=_version_guard(addon_name, cluster),
            )


def _version_guard(addon_name: str, cluster: DataAwsEksCluster) -> TerraformResourceLifecycle:
    """The precondition the library adds for a declared Kubernetes version."""
    message = (
        f"{addon_name}: kubernetes_version {KUBERNETES} was given to eks-addons, but the cluster "
        f"runs Kubernetes {cluster.version}; the add-on version and its checks follow the "
        "version given: set kubernetes_version to the cluster's"
    )
    return TerraformResourceLifecycle(
        precondition=[
            Precondition(condition=Op.eq(cluster.version, KUBERNETES), error_message=message)
        ]
    )


def main(kind: str, clusters: int, outdir: str) -> None:
    app = App(outdir=outdir)
    (library_app if kind == "library" else raw_app)(app, clusters)
    app.synth()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
