"""Cluster modes: EKS Auto Mode, hybrid nodes, a cluster created without its default add-ons,
IPv6. What is installed where follows AWS's computeTypes (catalog) and the cluster itself."""

from __future__ import annotations

import json
from typing import Any

import pytest

from eks_addons import (
    ClusterAddons,
    CoreDnsAddon,
    Irsa,
    KubeProxyAddon,
    VpcCniAddon,
)
from eks_addons.cdk import DataAwsEksCluster, TerraformStack, TerraformVariable
from tests.helpers import refused
from tests.stacks import (
    AUTO_MODE,
    HYBRID_NODES,
    make_cluster,
    make_node_group,
    oidc,
    only,
    resources,
    synth_with_validations,
    warning_codes,
    warnings,
)


def addon_names(stack: TerraformStack) -> list[str]:
    return sorted(body["addon_name"] for body in resources(stack, "aws_eks_addon").values())


def test_auto_mode_only_installs_none_of_what_auto_mode_builds_in(stack: TerraformStack) -> None:
    added = ClusterAddons(stack, "addons", cluster=make_cluster(stack, **AUTO_MODE))
    assert addon_names(stack) == []
    assert (added.vpc_cni, added.kube_proxy, added.coredns) == (None, None, None)
    assert sorted(added.left_out) == ["coredns", "kube-proxy", "vpc-cni"]
    assert "replaced by EKS Auto Mode's built-in cluster DNS" in added.left_out["coredns"]
    assert "replaced by EKS Auto Mode's built-in pod networking" in added.left_out["vpc-cni"]
    assert synth_with_validations(stack) == []  # nothing to act on, and no missing add-on


def test_auto_mode_with_node_groups_keeps_what_the_nodes_need(stack: TerraformStack) -> None:
    cluster = make_cluster(stack, **AUTO_MODE)
    added = ClusterAddons(
        stack, "addons", cluster=cluster, node_groups=[make_node_group(stack, cluster.name)]
    )
    assert addon_names(stack) == ["coredns", "kube-proxy", "vpc-cni"]
    assert added.left_out == {}


def test_hybrid_nodes_keep_kube_proxy_and_coredns_and_say_which_cni_to_bring(
    stack: TerraformStack,
) -> None:
    added = ClusterAddons(stack, "addons", cluster=make_cluster(stack, **HYBRID_NODES))
    assert addon_names(stack) == ["coredns", "kube-proxy"]
    assert list(added.left_out) == ["vpc-cni"]
    [warning] = warnings(stack)
    assert warning.startswith("vpc-cni: the compute here is hybrid nodes; AWS lists vpc-cni")
    assert "a CNI you install for hybrid nodes (AWS documents Cilium and Calico)" in warning
    assert warning.endswith("[not-on-this-compute]")


def test_hybrid_nodes_beside_node_groups_keep_the_vpc_cni_for_the_nodes(
    stack: TerraformStack,
) -> None:
    cluster = make_cluster(stack, **HYBRID_NODES)
    ClusterAddons(
        stack, "addons", cluster=cluster, node_groups=[make_node_group(stack, cluster.name)]
    )
    assert addon_names(stack) == ["coredns", "kube-proxy", "vpc-cni"]
    assert warning_codes(stack, validate=True) == []


@pytest.mark.parametrize(
    ("construct", "replaced_by"),
    [
        (VpcCniAddon, "pod networking"),
        (KubeProxyAddon, "service networking"),
        (CoreDnsAddon, "cluster DNS"),
    ],
)
def test_a_single_addon_on_auto_mode_compute_is_warned_about(
    stack: TerraformStack, construct: type[VpcCniAddon], replaced_by: str
) -> None:
    construct(stack, "addon", cluster=make_cluster(stack, **AUTO_MODE))
    [warning] = synth_with_validations(stack)
    assert f"on EKS Auto Mode it is replaced by EKS Auto Mode's built-in {replaced_by}" in warning
    assert warning.endswith("[not-on-this-compute]")


def test_a_single_vpc_cni_on_hybrid_only_compute_is_warned_about(stack: TerraformStack) -> None:
    VpcCniAddon(stack, "vpc_cni", cluster=make_cluster(stack, **HYBRID_NODES))
    assert warning_codes(stack, validate=True) == ["not-on-this-compute"]


def test_kube_proxy_on_hybrid_only_compute_is_fine(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "kube_proxy", cluster=make_cluster(stack, **HYBRID_NODES))
    assert warning_codes(stack, validate=True) == []


BARE: dict[str, Any] = {"bootstrap_self_managed_addons": False}


def test_a_bare_cluster_missing_default_addons_fails_the_synth_naming_them(
    stack: TerraformStack,
) -> None:
    cluster = make_cluster(stack, **BARE)
    make_node_group(stack, cluster.name)
    KubeProxyAddon(stack, "kube_proxy", cluster=cluster)
    with pytest.raises(Exception, match="bootstrap_self_managed_addons") as raised:
        synth_with_validations(stack)
    message = str(raised.value)
    assert "this app declares no vpc-cni, coredns for it" in message
    assert "kube-proxy" not in message.split("declares no")[1].split("for it", maxsplit=1)[0]


def test_a_bare_cluster_with_cluster_addons_is_complete(stack: TerraformStack) -> None:
    cluster = make_cluster(stack, **BARE)
    ClusterAddons(
        stack, "addons", cluster=cluster, node_groups=[make_node_group(stack, cluster.name)]
    )
    assert synth_with_validations(stack) == []


def test_a_bare_cluster_may_bring_its_own_cni_when_it_says_so(stack: TerraformStack) -> None:
    cluster = make_cluster(stack, **BARE)
    ClusterAddons(
        stack,
        "addons",
        cluster=cluster,
        node_groups=[make_node_group(stack, cluster.name)],
        vpc_cni=False,  # Cilium, installed elsewhere
    )
    assert addon_names(stack) == ["coredns", "kube-proxy"]
    assert synth_with_validations(stack) == []


def test_an_ipv6_cluster_gives_the_vpc_cni_the_ipv6_policy(stack: TerraformStack) -> None:
    cluster = make_cluster(stack, kubernetes_network_config={"ip_family": "ipv6"})
    VpcCniAddon(stack, "vpc_cni", cluster=cluster, iam=Irsa(oidc(stack)))
    assert resources(stack, "aws_iam_role_policy_attachment") != {}
    policy = json.loads(only(resources(stack, "aws_iam_policy"))["policy"])
    assert "ec2:AssignIpv6Addresses" in policy["Statement"][0]["Action"]
    attached = [
        a["policy_arn"] for a in resources(stack, "aws_iam_role_policy_attachment").values()
    ]
    assert not [arn for arn in attached if "AmazonEKS_CNI_Policy" in arn]


def test_settings_given_for_an_addon_that_is_left_out_are_warned_about(
    stack: TerraformStack,
) -> None:
    cluster = make_cluster(stack, **AUTO_MODE)
    ClusterAddons(stack, "addons", cluster=cluster, vpc_cni={"iam": Irsa(oidc(stack))})
    [warning] = warnings(stack)
    assert warning.startswith("vpc-cni: left out, so the settings given for it are not used")
    assert warning.endswith("[not-on-this-compute]")


MTU_BELOW_IPV6 = {"env": {"AWS_VPC_ENI_MTU": "1000"}}


def test_an_mtu_below_1280_fails_on_an_ipv6_cluster(stack: TerraformStack) -> None:
    cluster = make_cluster(stack, kubernetes_network_config={"ip_family": "ipv6"})
    with refused(stack) as raised:
        VpcCniAddon(stack, "vpc_cni", cluster=cluster, configuration=MTU_BELOW_IPV6)
    [problem] = raised.value.problems
    assert (problem.code, problem.path, problem.allowed) == (
        "rule",
        "env.AWS_VPC_ENI_MTU",
        "1280-9001 on IPv6 clusters",
    )


def test_an_mtu_below_1280_is_fine_on_an_ipv4_cluster(stack: TerraformStack) -> None:
    VpcCniAddon(stack, "vpc_cni", cluster=make_cluster(stack), configuration=MTU_BELOW_IPV6)
    assert warnings(stack) == []


def test_an_mtu_below_1280_is_a_warning_while_the_ip_family_is_unknown(
    stack: TerraformStack,
) -> None:
    VpcCniAddon(
        stack,
        "vpc_cni",
        cluster_name="demo",
        kubernetes_version="1.33",
        configuration=MTU_BELOW_IPV6,
    )
    assert warning_codes(stack) == ["ipv6-incompatible"]


def test_ipv6_given_to_the_vpc_cni_feeds_its_rules_as_well_as_its_role(
    stack: TerraformStack,
) -> None:
    with refused(stack) as raised:
        VpcCniAddon(
            stack,
            "vpc_cni",
            cluster_name="demo",
            kubernetes_version="1.33",
            ipv6=True,
            configuration=MTU_BELOW_IPV6,
        )
    assert [(p.code, p.path) for p in raised.value.problems] == [("rule", "env.AWS_VPC_ENI_MTU")]


def test_a_bare_cluster_whose_addons_are_in_another_stack_on_a_data_source_is_fine(
    stack: TerraformStack,
) -> None:
    cluster = make_cluster(stack, **BARE)
    make_node_group(stack, cluster.name)
    KubeProxyAddon(stack, "kube_proxy", cluster=cluster)
    other = TerraformStack(stack.node.scope, "addons")  # type: ignore[arg-type]
    looked_up = DataAwsEksCluster(other, "cluster", name="demo")
    VpcCniAddon(other, "vpc_cni", cluster=looked_up, kubernetes_version="1.33")
    CoreDnsAddon(other, "coredns", cluster=looked_up, kubernetes_version="1.33")
    assert synth_with_validations(stack) == []


def test_a_bare_cluster_named_by_its_name_token_counts_those_addons(
    stack: TerraformStack,
) -> None:
    cluster = make_cluster(stack, **BARE)
    make_node_group(stack, cluster.name)
    for addon, construct in (("vpc_cni", VpcCniAddon), ("kube_proxy", KubeProxyAddon)):
        construct(stack, addon, cluster_name=cluster.name, kubernetes_version="1.33")
    CoreDnsAddon(stack, "coredns", cluster_name=cluster.name, kubernetes_version="1.33")
    assert synth_with_validations(stack) == []


def test_a_bare_cluster_whose_auto_mode_is_a_variable_is_warned_not_refused(
    stack: TerraformStack,
) -> None:
    enabled = TerraformVariable(stack, "auto_mode", type="bool")
    cluster = make_cluster(
        stack,
        compute_config={"enabled": enabled.boolean_value, "node_role_arn": "arn"},
        bootstrap_self_managed_addons=False,
    )
    KubeProxyAddon(stack, "kube_proxy", cluster=cluster)
    [warning] = synth_with_validations(stack)
    assert "this app declares no vpc-cni, coredns for it" in warning
    assert warning.endswith("(a warning, not an error: its modes are known only to Terraform)")
