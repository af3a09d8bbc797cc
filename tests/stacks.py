"""cdktf helpers of the jsii tiers (constructs, snapshots, terraform): stacks, compute, synth.

Imports cdktf: only the jsii tiers import this module (``tests/helpers.py`` is the pure one).
"""

from __future__ import annotations

import json
import re
from typing import Any

from eks_addons import CoreDnsAddon, testing
from eks_addons.cdk import (
    EksCluster,
    EksClusterVpcConfig,
    EksFargateProfile,
    EksFargateProfileSelector,
    EksNodeGroup,
    EksNodeGroupScalingConfig,
    IamOpenidConnectProvider,
    TerraformStack,
    Testing,
)

ACCOUNT = "arn:aws:iam::123456789012"
ISSUER = 'replace(aws_iam_openid_connect_provider.oidc.url, "https://", "")'
_CODE = re.compile(r" \[([a-z0-9-]+)\]$")


def synth(stack: TerraformStack) -> dict[str, Any]:
    """The stack's Terraform JSON, parsed."""
    result: dict[str, Any] = json.loads(Testing.synth(stack))
    return result


def resources(stack: TerraformStack, resource_type: str) -> dict[str, Any]:
    """The stack's resources of one type, by logical id, without cdktf's metadata."""
    found = synth(stack)["resource"].get(resource_type, {})
    return {
        name: {key: value for key, value in body.items() if key != "//"}
        for name, body in found.items()
    }


def assert_has_resource(stack: TerraformStack, resource_type: str, props: dict[str, Any]) -> None:
    """cdktf's ``to_have_resource_with_properties``, with a readable diff when it fails."""
    synthesized = Testing.synth(stack)
    if not Testing.to_have_resource_with_properties(synthesized, resource_type, props):
        candidates = list(resources(stack, resource_type).values())
        assert [props] == candidates


def warnings(stack: TerraformStack) -> list[str]:
    """The warning annotations the constructs of ``stack`` recorded."""
    return testing.warnings(stack)


def synth_with_validations(stack: TerraformStack) -> list[str]:
    """Synthesize running the constructs' validations (as ``cdktf synth`` does); warnings."""
    Testing.synth(stack, run_validations=True)
    return warnings(stack)


def make_cluster(
    stack: TerraformStack, version: str | None = "1.33", **arguments: Any
) -> EksCluster:
    """An ``EksCluster`` ``cluster`` named ``demo``; ``version=None`` leaves it to EKS;
    ``arguments``: more of ``EksCluster``'s (``compute_config=``, ...)."""
    return EksCluster(
        stack,
        "cluster",
        name="demo",
        version=version,
        role_arn=f"{ACCOUNT}:role/eks",
        vpc_config=EksClusterVpcConfig(subnet_ids=["subnet-1", "subnet-2"]),
        **arguments,
    )


AUTO_MODE: dict[str, Any] = {
    "compute_config": {
        "enabled": True,
        "node_pools": ["general-purpose", "system"],
        "node_role_arn": f"{ACCOUNT}:role/auto-node",
    },
    "bootstrap_self_managed_addons": False,
    # the provider wants these set with compute_config.enabled
    "kubernetes_network_config": {"elastic_load_balancing": {"enabled": True}},
    "storage_config": {"block_storage": {"enabled": True}},
}
"""``EksCluster`` arguments of an EKS Auto Mode cluster."""
HYBRID_NODES: dict[str, Any] = {
    "remote_network_config": {"remote_node_networks": {"cidrs": ["10.80.0.0/16"]}}
}
"""``EksCluster`` arguments of a cluster that takes hybrid nodes."""


def make_node_group(stack: TerraformStack, cluster_name: str = "demo") -> EksNodeGroup:
    """A managed node group ``nodes``."""
    return EksNodeGroup(
        stack,
        "nodes",
        cluster_name=cluster_name,
        node_role_arn=f"{ACCOUNT}:role/node",
        subnet_ids=["subnet-1"],
        scaling_config=EksNodeGroupScalingConfig(desired_size=1, min_size=1, max_size=2),
    )


def make_profile(
    stack: TerraformStack,
    *selectors: EksFargateProfileSelector,
    cluster_name: str = "demo",
    id: str = "coredns_profile",
) -> EksFargateProfile:
    """A Fargate profile (default selector: CoreDNS's pods in ``kube-system``)."""
    chosen = list(selectors) or [
        EksFargateProfileSelector(namespace="kube-system", labels={"k8s-app": "kube-dns"})
    ]
    return EksFargateProfile(
        stack,
        id,
        cluster_name=cluster_name,
        fargate_profile_name=id.replace("_", "-"),
        pod_execution_role_arn=f"{ACCOUNT}:role/fargate",
        subnet_ids=["subnet-1"],
        selector=chosen,
    )


def warning_codes(stack: TerraformStack, *, validate: bool = False) -> list[str]:
    """The codes of the warnings recorded in ``stack`` (after validations with ``validate``)."""
    found = synth_with_validations(stack) if validate else warnings(stack)
    return [match.group(1) for text in found if (match := _CODE.search(text))]


def oidc(stack: TerraformStack) -> IamOpenidConnectProvider:
    """An IAM OIDC provider ``oidc`` for IRSA."""
    return IamOpenidConnectProvider(
        stack,
        "oidc",
        url="https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE",
        client_id_list=["sts.amazonaws.com"],
    )


def only(mapping: dict[str, Any]) -> Any:
    """The one value of ``mapping``."""
    [value] = mapping.values()
    return value


def coredns(stack: TerraformStack, configuration: Any, **arguments: Any) -> CoreDnsAddon:
    """A ``CoreDnsAddon`` ``coredns`` on cluster ``demo``, Kubernetes 1.33."""
    return CoreDnsAddon(
        stack,
        "coredns",
        cluster_name="demo",
        kubernetes_version="1.33",
        configuration=configuration,
        **arguments,
    )
