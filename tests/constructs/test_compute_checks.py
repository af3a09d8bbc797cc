"""Warnings at synth that depend on the compute in the stack."""

from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.eks_fargate_profile import EksFargateProfileSelector

from eks_addons import ComputeType, CoreDnsAddon, CoreDnsConfig, KubeProxyAddon
from tests.constructs.conftest import make_node_group, make_profile, synth_with_validations


def coredns(stack: TerraformStack, configuration: CoreDnsConfig) -> CoreDnsAddon:
    return CoreDnsAddon(
        stack,
        "coredns",
        cluster_name="demo",
        kubernetes_version="1.33",
        configuration=configuration,
    )


def test_kube_proxy_on_fargate_only_compute_warns(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo")
    make_profile(stack, EksFargateProfileSelector(namespace="default"))
    [warning] = synth_with_validations(stack)
    assert "never runs on Fargate" in warning


def test_kube_proxy_with_a_node_group_is_quiet(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo")
    make_profile(stack, EksFargateProfileSelector(namespace="default"))
    make_node_group(stack)
    assert synth_with_validations(stack) == []


def test_coredns_on_fargate_without_a_profile_for_its_pods_warns(stack: TerraformStack) -> None:
    coredns(stack, CoreDnsConfig(compute_type=ComputeType.FARGATE))
    make_profile(stack, EksFargateProfileSelector(namespace="default"))
    [warning] = synth_with_validations(stack)
    assert "stays DEGRADED" in warning


def test_coredns_on_fargate_with_its_profile_is_quiet(stack: TerraformStack) -> None:
    coredns(stack, CoreDnsConfig(compute_type=ComputeType.FARGATE))
    make_profile(stack)
    assert synth_with_validations(stack) == []


def test_coredns_on_ec2_is_quiet(stack: TerraformStack) -> None:
    coredns(stack, CoreDnsConfig(replica_count=2))
    assert synth_with_validations(stack) == []
