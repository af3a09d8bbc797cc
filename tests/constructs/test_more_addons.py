"""The EBS CSI driver and the EKS Pod Identity Agent on the same base."""

from __future__ import annotations

import json

from eks_addons import (
    EbsCsiDriverAddon,
    EbsCsiDriverConfig,
    Irsa,
    PodIdentityAgentAddon,
    PodIdentityAgentConfig,
)
from eks_addons.cdk import EksFargateProfileSelector, TerraformStack
from tests.stacks import ISSUER, make_profile, oidc, only, resources, warning_codes


def test_ebs_csi_driver_with_irsa(stack: TerraformStack) -> None:
    EbsCsiDriverAddon(
        stack,
        "ebs_csi",
        cluster_name="demo",
        iam=Irsa(oidc(stack)),
        configuration=EbsCsiDriverConfig(
            default_storage_class=True, extra_volume_tags={"team": "platform"}
        ),
    )
    addon = resources(stack, "aws_eks_addon")["ebs_csi"]
    assert addon["addon_name"] == "aws-ebs-csi-driver"
    assert json.loads(addon["configuration_values"]) == {
        "controller": {"extraVolumeTags": {"team": "platform"}},
        "defaultStorageClass": {"enabled": True},
    }
    trust = json.loads(
        only(resources(stack, "aws_iam_role"))["assume_role_policy"].replace(
            f"${{{ISSUER}}}", "ISSUER"
        )
    )
    conditions = trust["Statement"][0]["Condition"]["StringEquals"]
    assert conditions == {
        "ISSUER:sub": "system:serviceaccount:kube-system:ebs-csi-controller-sa",
        "ISSUER:aud": "sts.amazonaws.com",
    }
    [attachment] = resources(stack, "aws_iam_role_policy_attachment").values()
    assert attachment["policy_arn"] == (
        "arn:${data.aws_partition.ebs_csi_Partition_192F8D09.partition}:iam::aws:policy/"
        "service-role/AmazonEBSCSIDriverPolicy"
    )


def test_pod_identity_agent_renders_its_options(stack: TerraformStack) -> None:
    PodIdentityAgentAddon(
        stack,
        "pod_identity_agent",
        cluster_name="demo",
        configuration=PodIdentityAgentConfig(hybrid_daemonset=False, priority_class_name="x"),
    )
    addon = resources(stack, "aws_eks_addon")["pod_identity_agent"]
    assert addon["addon_name"] == "eks-pod-identity-agent"
    assert json.loads(addon["configuration_values"]) == {
        "daemonsets": {"hybrid": {"create": False}},
        "priorityClassName": "x",
    }


def test_pod_identity_agent_on_fargate_only_compute_warns(stack: TerraformStack) -> None:
    PodIdentityAgentAddon(stack, "pod_identity_agent", cluster_name="demo")
    make_profile(stack, EksFargateProfileSelector(namespace="default"))
    assert warning_codes(stack, validate=True) == ["not-on-this-compute"]
