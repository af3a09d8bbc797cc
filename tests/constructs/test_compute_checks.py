"""Warnings at synth that depend on the compute in the stack."""

from cdktf import TerraformStack
from cdktf import Testing as CdktfTesting
from cdktf_cdktf_provider_aws.eks_fargate_profile import (
    EksFargateProfile,
    EksFargateProfileSelector,
)
from cdktf_cdktf_provider_aws.eks_node_group import EksNodeGroup, EksNodeGroupScalingConfig

from eks_addons import ComputeType, CoreDnsAddon, CoreDnsConfig, KubeProxyAddon
from tests.constructs.conftest import warnings


def profile(stack: TerraformStack, selector: EksFargateProfileSelector) -> None:
    EksFargateProfile(
        stack,
        "profile",
        cluster_name="demo",
        fargate_profile_name="coredns",
        pod_execution_role_arn="arn:aws:iam::123456789012:role/fargate",
        subnet_ids=["subnet-1"],
        selector=[selector],
    )


def node_group(stack: TerraformStack) -> None:
    EksNodeGroup(
        stack,
        "nodes",
        cluster_name="demo",
        node_role_arn="arn:aws:iam::123456789012:role/node",
        subnet_ids=["subnet-1"],
        scaling_config=EksNodeGroupScalingConfig(desired_size=1, min_size=1, max_size=1),
    )


def warnings_after_synth(stack: TerraformStack) -> list[str]:
    CdktfTesting.synth(stack, run_validations=True)
    return warnings(stack)


def test_kube_proxy_on_fargate_only_compute_warns(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo")
    profile(stack, EksFargateProfileSelector(namespace="default"))
    [warning] = warnings_after_synth(stack)
    assert "never runs on Fargate" in warning


def test_kube_proxy_with_a_node_group_is_quiet(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo")
    profile(stack, EksFargateProfileSelector(namespace="default"))
    node_group(stack)
    assert warnings_after_synth(stack) == []


def test_coredns_on_fargate_without_a_profile_for_its_pods_warns(stack: TerraformStack) -> None:
    CoreDnsAddon(
        stack,
        "coredns",
        cluster_name="demo",
        kubernetes_version="1.33",
        configuration=CoreDnsConfig(compute_type=ComputeType.FARGATE),
    )
    profile(stack, EksFargateProfileSelector(namespace="default"))
    [warning] = warnings_after_synth(stack)
    assert "stays DEGRADED" in warning


def test_coredns_on_fargate_with_its_profile_is_quiet(stack: TerraformStack) -> None:
    CoreDnsAddon(
        stack,
        "coredns",
        cluster_name="demo",
        kubernetes_version="1.33",
        configuration=CoreDnsConfig(compute_type=ComputeType.FARGATE),
    )
    profile(
        stack, EksFargateProfileSelector(namespace="kube-system", labels={"k8s-app": "kube-dns"})
    )
    assert warnings_after_synth(stack) == []


def test_coredns_on_ec2_is_quiet(stack: TerraformStack) -> None:
    CoreDnsAddon(
        stack,
        "coredns",
        cluster_name="demo",
        kubernetes_version="1.33",
        configuration=CoreDnsConfig(replica_count=2),
    )
    assert warnings_after_synth(stack) == []
