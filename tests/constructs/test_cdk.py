"""The CDK layer: which CDK is loaded, a construct of the other CDK, and the arguments that
only some provider bindings have (asserted per lane from the bindings installed)."""

from __future__ import annotations

import json
from importlib import metadata
from typing import Any

import pytest

from eks_addons import CoreDnsAddon, Irsa, VpcCniAddon
from eks_addons.cdk import (
    AWS_PROVIDER_VERSION,
    NAME,
    PROVIDER_BINDINGS,
    CdkMismatchError,
    CdkNotAvailableError,
    TerraformStack,
    check_scope,
    choose,
)
from tests.helpers import lane_cdk, refused
from tests.stacks import ISSUER, oidc, only, resources

# the hashicorp/aws version eks-addons writes for (the lane's bindings bind it: 20.x binds
# 5.100.0; 21.22 binds 6.25.0; cdktn 25.8 binds 6.69.1) -> the aws_eks_addon arguments of
# hashicorp/aws 6 it has
NEWER_ARGUMENTS = {
    "5.100.0": set(),
    "6.25.0": {"region"},
    "6.69.1": {"region", "namespace_config"},
}
HAS = NEWER_ARGUMENTS[AWS_PROVIDER_VERSION]


def test_the_lanes_cdk_and_bindings_are_loaded() -> None:
    assert lane_cdk() == NAME
    assert PROVIDER_BINDINGS is not None  # every lane installs bindings; the smoke test not
    distribution, version = PROVIDER_BINDINGS.split()
    assert metadata.version(distribution) == version


OTHER = "cdktn" if NAME == "cdktf" else "cdktf"


@pytest.mark.parametrize(
    ("modules", "environ"),
    [
        ({NAME: 1}, {}),  # the app imported it
        ({NAME: 1}, {"EKS_ADDONS_CDK": OTHER}),  # the app's import wins over the environment
        ({}, {"EKS_ADDONS_CDK": NAME}),
        ({NAME: 1, OTHER: 1}, {"EKS_ADDONS_CDK": NAME}),
        ({}, {}),  # the one installed in this lane
    ],
)
def test_choose_follows_the_app_then_the_environment_then_what_is_installed(
    modules: dict[str, Any], environ: dict[str, str]
) -> None:
    assert choose(modules, environ) == NAME


def test_an_app_on_a_cdk_that_is_not_installed_is_told_what_to_install() -> None:
    with pytest.raises(CdkNotAvailableError) as raised:
        choose({OTHER: 1}, {"EKS_ADDONS_CDK": NAME})
    assert str(raised.value).endswith(f"pip install 'eks-addons[{OTHER}]'")


@pytest.mark.parametrize(
    ("modules", "environ", "message"),
    [
        ({"cdktf": 1, "cdktn": 1}, {}, "both cdktf and cdktn are imported: set EKS_ADDONS_CDK"),
        ({}, {"EKS_ADDONS_CDK": "aws-cdk"}, "EKS_ADDONS_CDK='aws-cdk' names no CDK"),
    ],
)
def test_choose_refuses_in_one_sentence(
    modules: dict[str, Any], environ: dict[str, str], message: str
) -> None:
    with pytest.raises(CdkNotAvailableError, match=message):
        choose(modules, environ)


def test_a_stack_of_the_other_cdk_is_refused_in_one_sentence() -> None:
    foreign = type("TerraformStack", (), {"__module__": OTHER})
    with pytest.raises(CdkMismatchError) as raised:
        check_scope(foreign())
    assert str(raised.value) == (
        f"TerraformStack is a {OTHER} construct, but eks-addons loaded {NAME}: "
        f"import {OTHER} before eks_addons, or set EKS_ADDONS_CDK={OTHER}"
    )


@pytest.mark.parametrize(
    ("argument", "value", "synthesized"),
    [
        ("region", "eu-west-1", "eu-west-1"),
        ("namespace_config", {"namespace": "networking"}, [{"namespace": "networking"}]),
    ],
)
def test_arguments_of_newer_bindings_pass_through_or_are_refused(
    stack: TerraformStack, argument: str, value: Any, synthesized: Any
) -> None:
    if argument in HAS:
        CoreDnsAddon(stack, "coredns", cluster_name="demo", **{argument: value})
        addon = only(resources(stack, "aws_eks_addon"))
        assert addon[argument] in (synthesized, value)
        return
    with refused(stack) as raised:
        CoreDnsAddon(stack, "coredns", cluster_name="demo", **{argument: value})
    (problem,) = raised.value.problems
    assert (problem.code, problem.path) == ("invalid-argument", argument)
    assert f"in hashicorp/aws {AWS_PROVIDER_VERSION} ({PROVIDER_BINDINGS})" in problem.message


@pytest.mark.parametrize(
    ("namespace_config", "path"),
    [
        ({"namespace": "Kube_System"}, "namespace_config.namespace"),
        ({"namespace": "a" * 64}, "namespace_config.namespace"),
        ({"name": "networking"}, "namespace_config"),
    ],
)
def test_a_namespace_that_eks_refuses_is_an_error(
    stack: TerraformStack, namespace_config: dict[str, str], path: str
) -> None:
    with refused(stack) as raised:
        CoreDnsAddon(stack, "coredns", cluster_name="demo", namespace_config=namespace_config)
    assert path in [problem.path for problem in raised.value.problems]


def test_the_created_role_trusts_the_service_account_in_the_configured_namespace(
    stack: TerraformStack,
) -> None:
    def vpc_cni() -> VpcCniAddon:
        return VpcCniAddon(
            stack,
            "vpc_cni",
            cluster_name="demo",
            iam=Irsa(oidc(stack)),
            namespace_config={"namespace": "networking"},
        )

    if "namespace_config" not in HAS:
        with refused(stack) as raised:
            vpc_cni()
        assert "namespace_config" in str(raised.value)
        return
    vpc_cni()
    policy = only(resources(stack, "aws_iam_role"))["assume_role_policy"]
    trust = json.loads(policy.replace(f"${{{ISSUER}}}", "ISSUER"))
    condition = trust["Statement"][0]["Condition"]["StringEquals"]
    assert condition["ISSUER:sub"] == "system:serviceaccount:networking:aws-node"
