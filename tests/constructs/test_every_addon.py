"""Any add-on through the constructs: Pod Identity needs its agent, drop-in replacements take
the default add-ons' places (shipped catalog)."""

from __future__ import annotations

import pytest

from eks_addons import (
    Addon,
    ClusterAddons,
    EbsCsiDriverAddon,
    PodIdentity,
    PodIdentityAgentAddon,
    testing,
)
from eks_addons.catalog import CATALOG_ENV
from eks_addons.cdk import DataAwsEksCluster, TerraformStack
from tests.helpers import refused
from tests.stacks import make_cluster, make_node_group, resources, synth


@pytest.fixture(autouse=True)
def shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CATALOG_ENV)


def test_pod_identity_on_a_created_cluster_without_the_agent_fails_the_synth(
    stack: TerraformStack,
) -> None:
    cluster = make_cluster(stack)
    make_node_group(stack, cluster.name)
    EbsCsiDriverAddon(stack, "ebs", cluster=cluster, iam=PodIdentity())
    with pytest.raises(testing.SynthError) as raised:
        testing.synth(stack)
    [error] = raised.value.errors
    assert "aws-ebs-csi-driver: its role reaches it through EKS Pod Identity" in error
    assert "declares no eks-pod-identity-agent add-on for its cluster" in error


def test_pod_identity_with_the_agent_is_fine(stack: TerraformStack) -> None:
    cluster = make_cluster(stack)
    make_node_group(stack, cluster.name)
    PodIdentityAgentAddon(stack, "agent", cluster=cluster)
    EbsCsiDriverAddon(stack, "ebs", cluster=cluster, iam=PodIdentity())
    testing.synth(stack)
    [association] = resources(stack, "aws_eks_addon")["ebs"]["pod_identity_association"]
    assert association["service_account"] == "ebs-csi-controller-sa"


def test_pod_identity_on_a_looked_up_cluster_is_a_warning(stack: TerraformStack) -> None:
    cluster = DataAwsEksCluster(stack, "cluster", name="demo")
    EbsCsiDriverAddon(stack, "ebs", cluster=cluster, kubernetes_version="1.33", iam=PodIdentity())
    [warning] = testing.warnings(stack)
    assert warning.endswith("[pod-identity-agent-not-known]")


def test_a_drop_in_replacement_takes_the_vpc_cnis_place_before_the_nodes(
    stack: TerraformStack,
) -> None:
    cluster = make_cluster(stack)
    nodes = make_node_group(stack, cluster.name)
    added = ClusterAddons(
        stack,
        "addons",
        cluster=cluster,
        node_groups=[nodes],
        vpc_cni={"addon_name": "chainguard_aws-vpc-cni-fips"},
    )
    assert added.vpc_cni is not None
    assert added.vpc_cni.addon_name == "chainguard_aws-vpc-cni-fips"
    synthesized = synth(stack)
    [group] = synthesized["resource"]["aws_eks_node_group"].values()
    assert group["depends_on"] == [added.vpc_cni.address]
    names = sorted(a["addon_name"] for a in resources(stack, "aws_eks_addon").values())
    assert names == ["chainguard_aws-vpc-cni-fips", "coredns", "kube-proxy"]


def test_a_replacement_of_another_addon_is_refused(stack: TerraformStack) -> None:
    with refused(stack) as raised:
        ClusterAddons(
            stack,
            "addons",
            cluster=make_cluster(stack),
            coredns={"addon_name": "chainguard_kube-proxy-fips"},
        )
    [problem] = raised.value.problems
    assert (problem.path, problem.allowed) == (
        "coredns.addon_name",
        "'coredns', 'chainguard_coredns-fips'",
    )


def test_any_addon_by_name_gets_the_default_version_and_its_schema_checked(
    stack: TerraformStack,
) -> None:
    with refused(stack) as raised:
        Addon(
            stack,
            "metrics",
            addon_name="metrics-server",
            cluster_name="demo",
            kubernetes_version="1.33",
            configuration={"replicas": 2, "replica": 3},
        )
    [problem] = raised.value.problems
    assert (problem.code.value, problem.path) == ("unknown-key", "replica")
    stack = TerraformStack(stack.node.scope, "valid")  # type: ignore[arg-type]
    Addon(
        stack,
        "metrics_ok",
        addon_name="metrics-server",
        cluster_name="demo",
        kubernetes_version="1.33",
        configuration={"replicas": 2},
    )
    body = resources(stack, "aws_eks_addon")["metrics_ok"]
    assert body["addon_version"] == "v0.8.1-eksbuild.15"
