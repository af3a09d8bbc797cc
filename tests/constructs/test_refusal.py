"""Every problem of a synth at once: constructs do not raise, the synth lists every
construct's problems with its path (cdktf's and aws-cdk's validation errors)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eks_addons import (
    ClusterAddons,
    ConfigurationError,
    CoreDnsAddon,
    KubeProxyAddon,
    VpcCniAddon,
    testing,
)
from eks_addons.cdk import App, AwsProvider, TerraformStack
from eks_addons.cdk import Testing as CdkTesting
from tests.stacks import make_cluster

BAD_CNI = {"env": {"WARM_IP_TARGET": 5}, "enviroment": {}}


def two_bad_addons(stack: TerraformStack) -> None:
    VpcCniAddon(
        stack, "cni", cluster_name="alpha", kubernetes_version="1.33", configuration=BAD_CNI
    )
    CoreDnsAddon(stack, "dns", cluster_name="alpha", kubernetes_version="1.33", addon_version="1.2")
    KubeProxyAddon(stack, "proxy", cluster_name="alpha", kubernetes_version="1.33")  # valid


def test_the_constructs_hold_their_problems_and_raise_nothing(stack: TerraformStack) -> None:
    two_bad_addons(stack)
    assert [
        (path, problem.code.value, problem.path) for path, problem in testing.problems(stack)
    ] == [
        ("test/cni", "invalid-type", "env.WARM_IP_TARGET"),
        ("test/cni", "unknown-key", "enviroment"),
        ("test/dns", "invalid-argument", "addon_version"),
    ]


def test_the_synth_lists_every_problem_of_every_construct(stack: TerraformStack) -> None:
    two_bad_addons(stack)
    ClusterAddons(
        stack, "addons", cluster=make_cluster(stack), coredns={"addon_name": "not-a-coredns"}
    )
    with pytest.raises(RuntimeError) as failed:
        CdkTesting.synth(stack, run_validations=True)
    text = str(failed.value)
    assert "Validation failed with the following errors:\n  [test/cni]" in text
    lines = [line.strip() for line in text.splitlines() if line.startswith("  [")]
    assert [line.partition("]")[0] + "]" for line in lines] == [
        "[test/cni]",
        "[test/cni]",
        "[test/dns]",
        "[test/addons]",
    ]
    assert lines[0].startswith("[test/cni] vpc-cni add-on v")
    assert "'env.WARM_IP_TARGET' must be an integer string (got 5)" in lines[0]
    assert "'enviroment' is not defined in the schema" in lines[1]
    assert "'coredns.addon_name' is not a drop-in replacement of coredns" in lines[3]
    with pytest.raises(testing.SynthError) as ours:
        testing.synth(stack)
    assert ours.value.errors == lines


def test_the_first_stack_lists_the_problems_of_the_others(tmp_path: Path) -> None:
    app = App(outdir=str(tmp_path))
    first = TerraformStack(app, "first")
    AwsProvider(first, "aws", region="eu-west-1")
    KubeProxyAddon(first, "proxy", cluster_name="alpha", kubernetes_version="1.33")
    second = TerraformStack(app, "second")
    AwsProvider(second, "aws", region="eu-west-1")
    two_bad_addons(second)
    with pytest.raises(RuntimeError) as failed:
        app.synth()
    lines = [line.strip() for line in str(failed.value).splitlines() if line.startswith("  [")]
    assert [line.split(": ")[0] for line in lines] == [
        "[first] second/cni",
        "[first] second/cni",
        "[first] second/dns",
    ]


def test_an_app_that_skips_validations_gets_the_error_at_once(tmp_path: Path) -> None:
    app = App(outdir=str(tmp_path), skip_validation=True)
    stack = TerraformStack(app, "s")
    with pytest.raises(ConfigurationError) as raised:
        VpcCniAddon(
            stack, "cni", cluster_name="alpha", kubernetes_version="1.33", configuration=BAD_CNI
        )
    assert raised.value.construct_path == "s/cni"
    assert [problem.path for problem in raised.value.problems] == [
        "env.WARM_IP_TARGET",
        "enviroment",
    ]


def test_a_refused_addon_written_without_validations_fails_the_plan(
    stack: TerraformStack,
) -> None:
    VpcCniAddon(
        stack, "cni", cluster_name="alpha", kubernetes_version="1.33", configuration=BAD_CNI
    )
    body = json.loads(CdkTesting.synth(stack))["resource"]["aws_eks_addon"]["cni"]
    assert body["cluster_name"] == "alpha"
    assert "configuration_values" not in body
    [precondition] = body["lifecycle"]["precondition"]
    assert precondition["condition"] == '${path.module == ""}'
    assert precondition["error_message"].startswith("eks-addons refused it: test/cni: vpc-cni")
    assert "'enviroment' is not defined" in precondition["error_message"]


def test_a_refused_addon_can_still_be_referred_to(stack: TerraformStack) -> None:
    cni = VpcCniAddon(
        stack, "cni", cluster_name="alpha", configuration=BAD_CNI, kubernetes_version="1.33"
    )
    KubeProxyAddon(stack, "proxy", cluster_name="alpha", depends_on=[cni])
    assert cni.problems
    assert cni.addon_arn.startswith("${TfToken[")
    assert [path for path, _ in testing.problems(stack)] == ["test/cni", "test/cni"]
