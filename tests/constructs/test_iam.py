"""IAM for the add-ons' service accounts: IRSA, EKS Pod Identity, a role of your own."""

from __future__ import annotations

import json

import pytest

from eks_addons import (
    Addon,
    ConfigurationError,
    Irsa,
    PodIdentity,
    VpcCniAddon,
    VpcCniConfig,
)
from eks_addons.cdk import IamRole, TerraformStack
from tests.helpers import refused
from tests.stacks import ISSUER, oidc, only, resources, synth, warning_codes

PARTITION = "${data.aws_partition.vpc_cni_Partition_DF19795E.partition}"


def test_irsa_role_trusts_only_aws_node_through_the_oidc_provider(stack: TerraformStack) -> None:
    VpcCniAddon(stack, "vpc_cni", cluster_name="demo", iam=Irsa(oidc(stack)))
    policy = only(resources(stack, "aws_iam_role"))["assume_role_policy"]
    # Terraform evaluates the ${...} inside the string; stand in for it to read the JSON.
    trust = json.loads(policy.replace(f"${{{ISSUER}}}", "ISSUER"))
    assert trust == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Federated": "${aws_iam_openid_connect_provider.oidc.arn}"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {
                    "StringEquals": {
                        "ISSUER:sub": "system:serviceaccount:kube-system:aws-node",
                        "ISSUER:aud": "sts.amazonaws.com",
                    }
                },
            }
        ],
    }


def test_irsa_attaches_the_cni_policy_and_passes_the_role(stack: TerraformStack) -> None:
    VpcCniAddon(stack, "vpc_cni", cluster_name="demo", iam=Irsa(oidc(stack)))
    [attachment] = resources(stack, "aws_iam_role_policy_attachment").values()
    assert attachment["policy_arn"] == f"arn:{PARTITION}:iam::aws:policy/AmazonEKS_CNI_Policy"
    assert list(synth(stack)["data"]["aws_partition"]) == ["vpc_cni_Partition_DF19795E"]
    [role_name] = resources(stack, "aws_iam_role")
    addon = resources(stack, "aws_eks_addon")["vpc_cni"]
    assert addon["service_account_role_arn"] == f"${{aws_iam_role.{role_name}.arn}}"
    assert addon["depends_on"] == [
        f"aws_iam_role_policy_attachment.{only_name(stack, 'aws_iam_role_policy_attachment')}"
    ]


def only_name(stack: TerraformStack, resource_type: str) -> str:
    [name] = resources(stack, resource_type)
    return name


def test_irsa_on_ipv6_uses_the_documented_ipv6_policy(stack: TerraformStack) -> None:
    VpcCniAddon(stack, "vpc_cni", cluster_name="demo", iam=Irsa(oidc(stack)), ipv6=True)
    policy = json.loads(only(resources(stack, "aws_iam_policy"))["policy"])
    actions = policy["Statement"][0]["Action"]
    assert "ec2:AssignIpv6Addresses" in actions
    assert "ec2:AssignPrivateIpAddresses" not in actions
    assert policy["Statement"][1]["Resource"] == [f"arn:{PARTITION}:ec2:*:*:network-interface/*"]
    [attachment] = resources(stack, "aws_iam_role_policy_attachment").values()
    assert attachment["policy_arn"].startswith("${aws_iam_policy.")


def test_ipv6_on_irsa_still_works_with_a_deprecation_warning(stack: TerraformStack) -> None:
    with pytest.warns(DeprecationWarning, match="pass ipv6=True to VpcCniAddon"):
        iam = Irsa(oidc(stack), ipv6=True)
    VpcCniAddon(stack, "vpc_cni", cluster_name="demo", iam=iam)
    policy = json.loads(only(resources(stack, "aws_iam_policy"))["policy"])
    assert "ec2:AssignIpv6Addresses" in policy["Statement"][0]["Action"]


def test_an_explicit_partition_is_used_as_given(stack: TerraformStack) -> None:
    VpcCniAddon(stack, "vpc_cni", cluster_name="demo", iam=Irsa(oidc(stack), partition="aws-cn"))
    [attachment] = resources(stack, "aws_iam_role_policy_attachment").values()
    assert attachment["policy_arn"] == "arn:aws-cn:iam::aws:policy/AmazonEKS_CNI_Policy"
    assert "data" not in synth(stack)


def test_rejects_a_string_as_the_oidc_provider() -> None:
    with pytest.raises(ConfigurationError) as error:
        Irsa("arn:aws:iam::123456789012:oidc-provider/x")  # type: ignore[arg-type]
    assert [(p.path, p.code.value) for p in error.value.problems] == [
        ("oidc_provider", "invalid-type")
    ]


def test_pod_identity_role_and_association(stack: TerraformStack) -> None:
    VpcCniAddon(stack, "vpc_cni", cluster_name="demo", iam=PodIdentity())
    role = only(resources(stack, "aws_iam_role"))
    assert json.loads(role["assume_role_policy"])["Statement"] == [
        {
            "Effect": "Allow",
            "Principal": {"Service": "pods.eks.amazonaws.com"},
            "Action": ["sts:AssumeRole", "sts:TagSession"],
        }
    ]
    addon = resources(stack, "aws_eks_addon")["vpc_cni"]
    assert addon["pod_identity_association"] == [
        {
            "role_arn": f"${{aws_iam_role.{only_name(stack, 'aws_iam_role')}.arn}}",
            "service_account": "aws-node",
        }
    ]
    assert "service_account_role_arn" not in addon


def test_an_existing_role_is_passed_untouched(stack: TerraformStack) -> None:
    arn = "arn:aws:iam::123456789012:role/my-cni"
    VpcCniAddon(stack, "vpc_cni", cluster_name="demo", service_account_role_arn=arn)
    assert resources(stack, "aws_iam_role") == {}
    assert resources(stack, "aws_eks_addon")["vpc_cni"]["service_account_role_arn"] == arn


def test_rejects_iam_together_with_a_role_of_your_own(stack: TerraformStack) -> None:
    with refused(stack) as error:
        VpcCniAddon(
            stack,
            "vpc_cni",
            cluster_name="demo",
            iam=PodIdentity(),
            service_account_role_arn="arn:aws:iam::123456789012:role/my-cni",
        )
    assert [p.path for p in error.value.problems] == ["service_account_role_arn"]


def test_rejects_iam_for_an_addon_the_library_has_no_policy_for(stack: TerraformStack) -> None:
    with refused(stack) as error:
        Addon(stack, "other", addon_name="some-addon", cluster_name="demo", iam=PodIdentity())
    assert [(p.path, p.code.value) for p in error.value.problems] == [("iam", "invalid-argument")]


def test_pod_eni_attaches_the_vpc_resource_controller_to_the_cluster_role(
    stack: TerraformStack,
) -> None:
    cluster_role = IamRole(stack, "cluster_role", assume_role_policy="{}")
    VpcCniAddon(
        stack,
        "vpc_cni",
        cluster_name="demo",
        configuration=VpcCniConfig(enable_pod_eni=True),
        cluster_role=cluster_role,
    )
    [attachment] = resources(stack, "aws_iam_role_policy_attachment").values()
    assert attachment == {
        "policy_arn": f"arn:{PARTITION}:iam::aws:policy/AmazonEKSVPCResourceController",
        "role": "${aws_iam_role.cluster_role.name}",
    }


def test_pod_eni_without_the_cluster_role_warns(stack: TerraformStack) -> None:
    VpcCniAddon(
        stack,
        "vpc_cni",
        cluster_name="demo",
        kubernetes_version="1.33",
        configuration=VpcCniConfig(enable_pod_eni=True),
    )
    assert warning_codes(stack) == ["iam-not-granted"]
