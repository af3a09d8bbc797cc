"""The two apps the benchmark synthesizes, one process each.

``library``: the sample app's add-on stack (VPC CNI, CoreDNS and kube-proxy on an existing
cluster, with version selection, schema checks and builders), once per cluster, on the fast
path (eks-addons' ``AwsProvider`` and ``ExistingCluster``: no provider bindings imported).
``library-bindings``: the same stack with the bindings' ``AwsProvider`` and
``DataAwsEksCluster``, as an app that also creates clusters has them. ``raw``: the same
Terraform JSON written by hand with the bindings' ``EksAddon``.

Usage: ``python -m benchmarks.apps {library|library-bindings|raw} CLUSTERS OUTDIR``.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from typing import TYPE_CHECKING, Any

# The lane's CDK, imported directly: the raw app must not import the library.
CDK = os.environ.get("EKS_ADDONS_CDK", "cdktf")
_PROVIDER = {"cdktf": "cdktf_cdktf_provider_aws", "cdktn": "cdktn_provider_aws"}[CDK]
if TYPE_CHECKING:
    from cdktf import App, Op, Precondition, TerraformResourceLifecycle, TerraformStack
    from cdktf_cdktf_provider_aws.data_aws_eks_cluster import DataAwsEksCluster
else:
    _core = importlib.import_module(CDK)
    App, Op, Precondition = _core.App, _core.Op, _core.Precondition
    TerraformResourceLifecycle, TerraformStack = (
        _core.TerraformResourceLifecycle,
        _core.TerraformStack,
    )


def _bindings(module: str, name: str) -> Any:
    """A class of the lane's provider bindings (imported only by the apps that use them)."""
    return getattr(importlib.import_module(f"{_PROVIDER}.{module}"), name)


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
    from sample_app.addons_only import ExistingClusterAddons  # noqa: PLC0415

    for index in range(clusters):
        ExistingClusterAddons(
            app,
            f"cluster-{index}",
            cluster_name=f"cluster-{index}",
            region="us-east-1",
            kubernetes_version=KUBERNETES,
        )


def library_bindings_app(app: App, clusters: int) -> None:
    """The same stack with the bindings' provider and cluster lookup."""
    from eks_addons import CoreDnsAddon, KubeProxyAddon, VpcCniAddon, WarningCode  # noqa: PLC0415
    from sample_app.configs import SEED_COREDNS, SEED_VPC_CNI  # noqa: PLC0415

    provider = _bindings("provider", "AwsProvider")
    lookup = _bindings("data_aws_eks_cluster", "DataAwsEksCluster")
    for index in range(clusters):
        stack = TerraformStack(app, f"cluster-{index}")
        provider(stack, "aws", region="us-east-1")
        cluster = lookup(stack, "cluster", name=f"cluster-{index}")
        KubeProxyAddon(stack, "kube_proxy", cluster=cluster, kubernetes_version=KUBERNETES)
        VpcCniAddon(
            stack,
            "vpc_cni",
            cluster=cluster,
            kubernetes_version=KUBERNETES,
            configuration=SEED_VPC_CNI,
            acknowledge=[WarningCode.IAM_NOT_GRANTED],
        )
        CoreDnsAddon(
            stack,
            "coredns",
            cluster=cluster,
            kubernetes_version=KUBERNETES,
            configuration=SEED_COREDNS,
            acknowledge=[WarningCode.NOWHERE_TO_RUN],
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
    provider = _bindings("provider", "AwsProvider")
    lookup = _bindings("data_aws_eks_cluster", "DataAwsEksCluster")
    addon = _bindings("eks_addon", "EksAddon")
    for index in range(clusters):
        stack = TerraformStack(app, f"cluster-{index}")
        provider(stack, "aws", region="us-east-1")
        cluster = lookup(stack, "cluster", name=f"cluster-{index}")
        for construct_id, addon_name in ADDONS.items():
            addon(
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


APPS = {"library": library_app, "library-bindings": library_bindings_app, "raw": raw_app}


def main(kind: str, clusters: int, outdir: str) -> None:
    app = App(outdir=outdir)
    APPS[kind](app, clusters)
    app.synth()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
