"""Warnings at synth that depend on the compute in the stack."""

from eks_addons import (
    ComputeType,
    CoreDnsConfig,
    KubeProxyAddon,
    WarningCode,
)
from eks_addons.cdk import EksFargateProfileSelector, TerraformStack
from tests.helpers import refused
from tests.stacks import coredns, make_node_group, make_profile, warning_codes


def test_kube_proxy_on_fargate_only_compute_warns(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo")
    make_profile(stack, EksFargateProfileSelector(namespace="default"))
    assert warning_codes(stack, validate=True) == ["not-on-this-compute"]


def test_kube_proxy_with_a_node_group_is_quiet(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo")
    make_profile(stack, EksFargateProfileSelector(namespace="default"))
    make_node_group(stack)
    assert warning_codes(stack, validate=True) == []


def test_coredns_on_fargate_without_a_profile_for_its_pods_warns(stack: TerraformStack) -> None:
    coredns(stack, CoreDnsConfig(compute_type=ComputeType.FARGATE))
    make_profile(stack, EksFargateProfileSelector(namespace="default"))
    assert warning_codes(stack, validate=True) == ["nowhere-to-run"]


def test_coredns_on_fargate_with_its_profile_is_quiet(stack: TerraformStack) -> None:
    coredns(stack, CoreDnsConfig(compute_type=ComputeType.FARGATE))
    make_profile(stack)
    assert warning_codes(stack, validate=True) == []


def test_coredns_on_ec2_is_quiet(stack: TerraformStack) -> None:
    coredns(stack, CoreDnsConfig(replica_count=2))
    assert warning_codes(stack, validate=True) == []


def test_a_profile_whose_selector_needs_a_label_coredns_lacks_does_not_count(
    stack: TerraformStack,
) -> None:
    coredns(stack, CoreDnsConfig(compute_type=ComputeType.FARGATE))
    make_profile(
        stack, EksFargateProfileSelector(namespace="kube-system", labels={"team": "platform"})
    )
    assert warning_codes(stack, validate=True) == ["nowhere-to-run"]


def test_every_addon_of_the_stack_gets_its_warning(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo")
    coredns(stack, CoreDnsConfig(compute_type=ComputeType.FARGATE))
    make_profile(stack, EksFargateProfileSelector(namespace="default"))
    assert sorted(warning_codes(stack, validate=True)) == ["not-on-this-compute", "nowhere-to-run"]


def test_an_acknowledged_warning_stops_printing(stack: TerraformStack) -> None:
    coredns(
        stack,
        CoreDnsConfig(compute_type=ComputeType.FARGATE),
        acknowledge=[WarningCode.NOWHERE_TO_RUN],
    )
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo")
    make_profile(stack, EksFargateProfileSelector(namespace="default"))
    assert warning_codes(stack, validate=True) == ["not-on-this-compute"]


def test_rejects_an_unknown_acknowledged_code(stack: TerraformStack) -> None:
    with refused(stack) as error:
        KubeProxyAddon(stack, "kube_proxy", cluster_name="demo", acknowledge=["nowhere"])
    assert [(p.path, p.code.value, p.value) for p in error.value.problems] == [
        ("acknowledge", "invalid-argument", "nowhere")
    ]
