"""Adopting live add-ons without recreating them: chosen Terraform names, ``moved`` blocks
from the HCL addresses a team had, and ``import`` blocks for add-ons the cluster already has."""

from __future__ import annotations

import json

from eks_addons import (
    AwsProvider,
    ClusterAddons,
    CoreDnsAddon,
    KubeProxyAddon,
    VpcCniAddon,
    testing,
)
from eks_addons.cdk import TerraformStack, TerraformVariable
from eks_addons.cdk import Testing as CdkTesting
from tests.stacks import make_cluster, make_node_group


def synthesized(stack: TerraformStack) -> dict[str, object]:
    return dict(json.loads(CdkTesting.synth(stack, run_validations=True)))


def test_cluster_addons_children_take_the_names_chosen(stack: TerraformStack) -> None:
    cluster = make_cluster(stack)
    ClusterAddons(
        stack,
        "addons",
        cluster=cluster,
        node_groups=[make_node_group(stack)],
        vpc_cni={"logical_id": "vpc_cni"},
        kube_proxy={"logical_id": "kube_proxy"},
    )
    names = sorted(synthesized(stack)["resource"]["aws_eks_addon"])  # type: ignore[index]
    assert names[:2] == ["addons_coredns_28C00299", "kube_proxy"]
    assert names[2:] == ["vpc_cni"]


def test_the_default_names_are_the_construct_paths(stack: TerraformStack) -> None:
    """The contract: cdktf's names, stable while the construct ids are."""
    ClusterAddons(
        stack, "addons", cluster=make_cluster(stack), node_groups=[make_node_group(stack)]
    )
    VpcCniAddon(stack, "top", cluster_name="other")
    assert sorted(synthesized(stack)["resource"]["aws_eks_addon"]) == [  # type: ignore[index]
        "addons_coredns_28C00299",
        "addons_kube_proxy_20128DEB",
        "addons_vpc_cni_FED1CF0F",
        "top",
    ]


def test_moved_from_an_hcl_address_writes_a_moved_block(stack: TerraformStack) -> None:
    ClusterAddons(
        stack,
        "addons",
        cluster=make_cluster(stack),
        node_groups=[make_node_group(stack)],
        vpc_cni={"moved_from": "aws_eks_addon.vpc_cni"},
        coredns={"logical_id": "dns", "moved_from": 'module.eks.aws_eks_addon.this["coredns"]'},
    )
    assert synthesized(stack)["moved"] == [
        {"from": "aws_eks_addon.vpc_cni", "to": "aws_eks_addon.addons_vpc_cni_FED1CF0F"},
        {"from": 'module.eks.aws_eks_addon.this["coredns"]', "to": "aws_eks_addon.dns"},
    ]


def test_adopt_imports_the_live_addon_by_cluster_and_name(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "kube_proxy", cluster_name="other", adopt=True)
    cluster = make_cluster(stack)
    ClusterAddons(
        stack, "addons", cluster=cluster, node_groups=[make_node_group(stack)], adopt=True
    )
    imports = synthesized(stack)["import"]
    assert {"id": "other:kube-proxy", "to": "aws_eks_addon.kube_proxy"} in imports  # type: ignore[operator]
    assert {  # the cluster's literal name: the id is known at plan
        "id": "demo:vpc-cni",
        "to": "aws_eks_addon.addons_vpc_cni_FED1CF0F",
    } in imports  # type: ignore[operator]
    assert len(imports) == 4  # type: ignore[arg-type]


def test_adopt_names_a_cluster_known_only_to_terraform_by_its_expression(
    stack: TerraformStack,
) -> None:
    name = TerraformVariable(stack, "cluster_name", type="string").string_value
    KubeProxyAddon(stack, "kube_proxy", cluster_name=name, kubernetes_version="1.33", adopt=True)
    imports: list[dict[str, str]] = synthesized(stack)["import"]  # type: ignore[assignment]
    assert [imported["id"] for imported in imports] == ["${var.cluster_name}:kube-proxy"]


def test_a_name_taken_twice_is_refused(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo")
    CoreDnsAddon(stack, "dns", cluster_name="demo", logical_id="kube_proxy")
    assert [(path, p.path, p.value) for path, p in testing.problems(stack)] == [
        ("test/dns", "logical_id", "kube_proxy")
    ]


def test_adopt_in_a_region_of_its_own_names_the_region(stack: TerraformStack) -> None:
    stack = TerraformStack(stack.node.scope, "regional")  # type: ignore[arg-type]
    AwsProvider(stack, "aws", region="us-east-1", version=">= 6.42")
    KubeProxyAddon(
        stack,
        "kube_proxy",
        cluster_name="west",
        kubernetes_version="1.33",
        region="us-west-2",
        adopt=True,
    )
    imports: list[dict[str, str]] = synthesized(stack)["import"]  # type: ignore[assignment]
    assert [imported["id"] for imported in imports] == ["west:kube-proxy@us-west-2"]
