"""ClusterAddons: the three add-ons wired to the cluster's compute, in the right order."""

from __future__ import annotations

import json
from typing import Any

from eks_addons import (
    ClusterAddons,
    ComputeType,
    CoreDnsConfig,
    PodIdentity,
    VpcCniConfig,
)
from eks_addons.cdk import TerraformStack
from tests.helpers import refused
from tests.stacks import make_cluster, make_node_group, make_profile, synth


def addons(stack: TerraformStack) -> dict[str, dict[str, Any]]:
    """The add-ons by name (``vpc-cni`` ...), with their Terraform address."""
    found = synth(stack)["resource"]["aws_eks_addon"]
    return {
        body["addon_name"]: {**body, "address": f"aws_eks_addon.{name}"}
        for name, body in found.items()
    }


def test_vpc_cni_comes_before_node_groups_and_coredns_after_them(stack: TerraformStack) -> None:
    the_cluster = make_cluster(stack)
    nodes = make_node_group(stack, the_cluster.name)
    ClusterAddons(stack, "addons", cluster=the_cluster, node_groups=[nodes])
    found = addons(stack)
    assert sorted(found) == ["coredns", "kube-proxy", "vpc-cni"]
    node_body = synth(stack)["resource"]["aws_eks_node_group"]["nodes"]
    assert node_body["depends_on"] == [found["vpc-cni"]["address"]]
    assert found["coredns"]["depends_on"] == ["aws_eks_node_group.nodes"]
    assert "configuration_values" not in found["coredns"]
    assert "depends_on" not in found["kube-proxy"]


def test_fargate_only_runs_coredns_on_fargate_after_its_profile_and_nothing_else(
    stack: TerraformStack,
) -> None:
    the_cluster = make_cluster(stack)
    added = ClusterAddons(
        stack,
        "addons",
        cluster=the_cluster,
        fargate_profiles=[make_profile(stack, cluster_name=the_cluster.name)],
    )
    found = addons(stack)
    assert sorted(found) == ["coredns"]
    assert added.left_out == {
        "kube-proxy": "the compute here is 1 Fargate profile(s); AWS lists kube-proxy for EC2 "
        "nodes, hybrid nodes only (computeTypes): it has nowhere to run here and is not needed",
        "vpc-cni": "the compute here is 1 Fargate profile(s); AWS lists vpc-cni for EC2 nodes "
        "only (computeTypes): it has nowhere to run here and is not needed",
    }
    assert found["coredns"]["depends_on"] == ["aws_eks_fargate_profile.coredns_profile"]
    assert json.loads(found["coredns"]["configuration_values"]) == {"computeType": "Fargate"}


def test_coredns_on_fargate_beside_nodes_waits_for_its_profile(stack: TerraformStack) -> None:
    the_cluster = make_cluster(stack)
    ClusterAddons(
        stack,
        "addons",
        cluster=the_cluster,
        node_groups=[make_node_group(stack, the_cluster.name)],
        fargate_profiles=[make_profile(stack, cluster_name=the_cluster.name)],
        coredns={"configuration": CoreDnsConfig(compute_type=ComputeType.FARGATE)},
    )
    assert addons(stack)["coredns"]["depends_on"] == ["aws_eks_fargate_profile.coredns_profile"]


def test_versions_follow_the_clusters_kubernetes_version(stack: TerraformStack) -> None:
    the_cluster = make_cluster(stack)
    ClusterAddons(
        stack, "addons", cluster=the_cluster, node_groups=[make_node_group(stack, the_cluster.name)]
    )
    assert {name: body["addon_version"] for name, body in addons(stack).items()} == {
        "vpc-cni": "v1.22.4-eksbuild.3",
        "coredns": "v1.12.4-eksbuild.18",
        "kube-proxy": "v1.33.10-eksbuild.18",
    }


def test_each_addon_stays_configurable(stack: TerraformStack) -> None:
    the_cluster = make_cluster(stack)
    composite = ClusterAddons(
        stack,
        "addons",
        cluster=the_cluster,
        node_groups=[make_node_group(stack, the_cluster.name)],
        vpc_cni={"configuration": VpcCniConfig(warm_ip_target=5), "iam": PodIdentity()},
        kube_proxy={"addon_version": "latest"},
    )
    found = addons(stack)
    assert json.loads(found["vpc-cni"]["configuration_values"]) == {"env": {"WARM_IP_TARGET": "5"}}
    assert found["vpc-cni"]["pod_identity_association"][0]["service_account"] == "aws-node"
    assert found["kube-proxy"]["addon_version"] == "v1.33.10-eksbuild.19"
    assert composite.vpc_cni is not None
    assert composite.vpc_cni.service_account_role is not None


def test_an_addon_can_be_left_out_to_manage_it_yourself(stack: TerraformStack) -> None:
    the_cluster = make_cluster(stack)
    nodes = make_node_group(stack, the_cluster.name)
    composite = ClusterAddons(
        stack, "addons", cluster=the_cluster, node_groups=[nodes], vpc_cni=False
    )
    assert composite.vpc_cni is None
    assert sorted(addons(stack)) == ["coredns", "kube-proxy"]
    assert "depends_on" not in synth(stack)["resource"]["aws_eks_node_group"]["nodes"]


def test_rejects_coredns_on_ec2_when_compute_is_fargate_only(stack: TerraformStack) -> None:
    the_cluster = make_cluster(stack)
    with refused(stack) as error:
        ClusterAddons(
            stack,
            "addons",
            cluster=the_cluster,
            fargate_profiles=[make_profile(stack, cluster_name=the_cluster.name)],
            coredns={"configuration": {"computeType": "EC2"}},
        )
    assert [p.path for p in error.value.problems] == ["computeType"]
