"""The adversarial tier, construct part: misuse, IAM partitions, Fargate selectors (jsii)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from constructs import Construct

from eks_addons import (
    Addon,
    ClusterAddons,
    ComputeType,
    ConfigurationError,
    CoreDnsAddon,
    CoreDnsConfig,
    EbsCsiDriverAddon,
    Irsa,
    KubeProxyAddon,
    PodIdentity,
    PodIdentityAgentAddon,
    VpcCniAddon,
    VpcCniConfig,
    testing,
)
from eks_addons.cdk import (
    AWS_PROVIDER_VERSION,
    App,
    AwsProvider,
    DataAwsIamOpenidConnectProvider,
    EksFargateProfileSelector,
    Fn,
    IamRole,
    TerraformStack,
    TerraformVariable,
)
from tests.helpers import refused
from tests.stacks import (
    coredns,
    make_cluster,
    make_node_group,
    make_profile,
    oidc,
    only,
    resources,
    synth,
    warning_codes,
)

Build = Callable[[TerraformStack], object]


def problems_of(build: Build, stack: TerraformStack) -> list[tuple[str, str]]:
    """The problems of what ``build`` makes: a value object (``Irsa``) raises at once; the
    constructs hold theirs for the synth."""
    try:
        with refused(stack) as error:
            build(stack)
    except ConfigurationError as raised:
        return sorted((p.code.value, p.path) for p in raised.problems)
    return sorted((p.code.value, p.path) for p in error.value.problems)


def twice(stack: TerraformStack) -> None:
    VpcCniAddon(stack, "a", cluster_name="demo")
    VpcCniAddon(stack, "b", cluster_name="demo")


def foreign_node_group(stack: TerraformStack) -> None:
    other = TerraformStack(stack.node.scope, "other")  # type: ignore[arg-type]
    ClusterAddons(
        stack, "addons", cluster=make_cluster(stack), node_groups=[make_node_group(other)]
    )


MISUSE: list[tuple[str, Build, list[tuple[str, str]]]] = [
    (
        "a float Kubernetes version",
        lambda s: KubeProxyAddon(s, "k", cluster_name="demo", kubernetes_version=1.30),  # type: ignore[arg-type]
        [("invalid-type", "kubernetes_version")],
    ),
    (
        "a Kubernetes version contradicting the cluster's",
        lambda s: KubeProxyAddon(
            s, "k", cluster=make_cluster(s, "1.33"), kubernetes_version="1.29"
        ),
        [("invalid-argument", "kubernetes_version")],
    ),
    ("two add-ons of one name on one cluster", twice, [("invalid-argument", "addon_name")]),
    (
        "a string as the cluster",
        lambda s: KubeProxyAddon(s, "k", cluster="demo"),  # type: ignore[arg-type]
        [("invalid-argument", "cluster_name"), ("invalid-type", "cluster")],
    ),
    (
        "a string as the OIDC provider",
        lambda s: VpcCniAddon(s, "v", cluster_name="demo", iam=Irsa("arn:aws:iam::1:oidc/x")),  # type: ignore[arg-type]
        [("invalid-type", "oidc_provider")],
    ),
    (
        "a node group from another stack",
        foreign_node_group,
        [("invalid-argument", "node_groups[0]")],
    ),
    (
        "an unknown acknowledged warning code",
        lambda s: KubeProxyAddon(s, "k", cluster_name="demo", acknowledge=["nope"]),
        [("invalid-argument", "acknowledge")],
    ),
    (
        "CoreDNS on EC2 through extra on Fargate-only compute",
        lambda s: ClusterAddons(
            s,
            "addons",
            cluster=make_cluster(s),
            fargate_profiles=[make_profile(s)],
            coredns={"configuration": CoreDnsConfig(extra={"computeType": "EC2"})},
        ),
        [("rule", "computeType")],
    ),
    (
        "configuration_values given to the wrong add-on",
        lambda s: VpcCniAddon(s, "v", cluster_name="demo", configuration=CoreDnsConfig()),  # type: ignore[arg-type]
        [("invalid-type", "(root)")],
    ),
]


IAM_MISUSE: list[tuple[str, Build, list[tuple[str, str]]]] = [
    (
        "iam= on an add-on whose service account the library does not know",
        lambda s: CoreDnsAddon(s, "c", cluster_name="demo", iam=PodIdentity()),
        [("invalid-argument", "iam")],
    ),
    (
        "iam= beside a role of one's own",
        lambda s: VpcCniAddon(
            s,
            "v",
            cluster_name="demo",
            iam=PodIdentity(),
            service_account_role_arn="arn:aws:iam::111122223333:role/r",
        ),
        [("invalid-argument", "service_account_role_arn")],
    ),
    (
        "iam= on the Pod Identity Agent",
        lambda s: PodIdentityAgentAddon(s, "p", cluster_name="demo", iam=PodIdentity()),
        [("invalid-argument", "iam")],
    ),
]


def _two(first: dict[str, Any], second: dict[str, Any]) -> Build:
    """Two add-ons in one stack, on clusters of their own."""

    def build(s: TerraformStack) -> None:
        VpcCniAddon(s, first.pop("id", "a"), cluster_name="blue", **first)
        KubeProxyAddon(s, second.pop("id", "b"), cluster_name="green", **second)

    return build


ADDRESSING_MISUSE: list[tuple[str, Build, list[tuple[str, str]]]] = [
    (
        "a chosen name another add-on has as its id",
        _two({"id": "proxy"}, {"logical_id": "proxy"}),
        [("invalid-argument", "logical_id")],
    ),
    (
        "a chosen name another add-on's id takes once cdktf drops its dot",
        _two({"id": "vpc.cni"}, {"logical_id": "vpccni"}),
        [("invalid-argument", "logical_id")],
    ),
    (
        "two moves from one address",
        _two({"moved_from": "aws_eks_addon.old"}, {"moved_from": "aws_eks_addon.old"}),
        [("invalid-argument", "moved_from")],
    ),
    (
        "a move from an address the stack still declares",
        _two({"id": "cni"}, {"moved_from": "aws_eks_addon.cni"}),
        [("invalid-argument", "moved_from")],
    ),
    (
        "a name another add-on moves from",
        _two({"moved_from": "aws_eks_addon.proxy"}, {"logical_id": "proxy"}),
        [("invalid-argument", "logical_id")],
    ),
    (
        "ClusterAddons' adopt as a string: one problem, not one per add-on",
        lambda s: ClusterAddons(s, "addons", cluster=make_cluster(s), adopt="yes"),  # type: ignore[arg-type]
        [("invalid-type", "adopt")],
    ),
    (
        "ClusterAddons' adopt as 0",
        lambda s: ClusterAddons(s, "addons", cluster=make_cluster(s), adopt=0),  # type: ignore[arg-type]
        [("invalid-type", "adopt")],
    ),
    (
        "an add-on name that is no string: one problem",
        lambda s: Addon(s, "x", addon_name=5, cluster_name="demo"),  # type: ignore[arg-type]
        [("invalid-argument", "addon_name")],
    ),
    (
        "ClusterAddons' CoreDNS: a wrong type does not hide a misspelt key",
        lambda s: ClusterAddons(
            s,
            "addons",
            cluster=make_cluster(s),
            node_groups=[make_node_group(s)],
            coredns={"configuration": {"replicaCount": "x", "nodeSelectr": {}}},
        ),
        [("invalid-type", "replicaCount"), ("unknown-key", "nodeSelectr")],
    ),
]


@pytest.mark.parametrize(
    ("name", "build", "expected"),
    [*MISUSE, *IAM_MISUSE, *ADDRESSING_MISUSE],
    ids=[m[0] for m in [*MISUSE, *IAM_MISUSE, *ADDRESSING_MISUSE]],
)
def test_misuse_is_refused(
    name: str, build: Build, expected: list[tuple[str, str]], stack: TerraformStack
) -> None:
    assert problems_of(build, stack) == expected


def test_the_same_addon_on_two_clusters_is_fine(stack: TerraformStack) -> None:
    VpcCniAddon(stack, "a", cluster_name="blue")
    VpcCniAddon(stack, "b", cluster_name="green")
    assert sorted(resources(stack, "aws_eks_addon")) == ["a", "b"]


def test_a_matching_kubernetes_version_is_fine(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "k", cluster=make_cluster(stack, "1.33"), kubernetes_version="1.33")
    assert resources(stack, "aws_eks_addon")["k"]["addon_version"].startswith("v1.33.")


def test_a_configuration_holding_a_variable_is_written_with_it(stack: TerraformStack) -> None:
    max_eni = TerraformVariable(stack, "max_eni", type="string")
    VpcCniAddon(
        stack,
        "v",
        cluster_name="demo",
        kubernetes_version="1.33",
        configuration={"env": {"MAX_ENI": max_eni.string_value, "ENABLE_POD_ENI": "false"}},
    )
    written = resources(stack, "aws_eks_addon")["v"]["configuration_values"]
    # through Terraform's jsonencode: any value of the variable stays valid JSON
    assert written == (
        '${jsonencode({"env" = {"ENABLE_POD_ENI" = "false", "MAX_ENI" = var.max_eni}})}'
    )
    assert warning_codes(stack) == ["unresolved-configuration"]


def test_a_jsonencode_configuration_is_written_as_given(stack: TerraformStack) -> None:
    coredns(stack, Fn.jsonencode({"replicaCount": 3}))
    written = resources(stack, "aws_eks_addon")["coredns"]["configuration_values"]
    assert written == '${jsonencode({"replicaCount" = 3})}'
    assert warning_codes(stack) == ["unresolved-configuration"]


def test_coredns_on_fargate_through_extra_waits_for_the_profile(stack: TerraformStack) -> None:
    profile = make_profile(stack)
    ClusterAddons(
        stack,
        "addons",
        cluster=make_cluster(stack),
        node_groups=[make_node_group(stack)],
        fargate_profiles=[profile],
        coredns={"configuration": CoreDnsConfig(extra={"computeType": "Fargate"})},
    )
    coredns = only({k: v for k, v in resources(stack, "aws_eks_addon").items() if "coredns" in k})
    assert coredns["depends_on"] == ["aws_eks_fargate_profile.coredns_profile"]


# IAM: every ARN takes the stack's partition
def policy_arns(stack: TerraformStack) -> list[str]:
    return sorted(
        a["policy_arn"] for a in resources(stack, "aws_iam_role_policy_attachment").values()
    )


def partition_token(stack: TerraformStack) -> str:
    [name] = synth(stack)["data"]["aws_partition"]
    return f"${{data.aws_partition.{name}.partition}}"


IAM: list[tuple[str, Callable[[TerraformStack], Any], Callable[[str], list[str]]]] = [
    (
        "IRSA for the VPC CNI",
        lambda s: VpcCniAddon(s, "v", cluster_name="demo", iam=Irsa(oidc(s))),
        lambda p: [f"arn:{p}:iam::aws:policy/AmazonEKS_CNI_Policy"],
    ),
    (
        "Pod Identity for the VPC CNI",
        lambda s: VpcCniAddon(s, "v", cluster_name="demo", iam=PodIdentity()),
        lambda p: [f"arn:{p}:iam::aws:policy/AmazonEKS_CNI_Policy"],
    ),
    (
        "aws-us-gov given",
        lambda s: VpcCniAddon(s, "v", cluster_name="demo", iam=PodIdentity(partition="aws-us-gov")),
        lambda p: ["arn:aws-us-gov:iam::aws:policy/AmazonEKS_CNI_Policy"],
    ),
    (
        "IRSA for the EBS CSI driver",
        lambda s: EbsCsiDriverAddon(s, "e", cluster_name="demo", iam=Irsa(oidc(s))),
        lambda p: [f"arn:{p}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
    ),
    (
        "aws-cn given for the EBS CSI driver",
        lambda s: EbsCsiDriverAddon(
            s, "e", cluster_name="demo", iam=Irsa(oidc(s), partition="aws-cn")
        ),
        lambda p: ["arn:aws-cn:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
    ),
    (
        "IRSA through a looked-up OIDC provider",
        lambda s: VpcCniAddon(
            s,
            "v",
            cluster_name="demo",
            iam=Irsa(DataAwsIamOpenidConnectProvider(s, "oidc", url="https://oidc.example/id/X")),
        ),
        lambda p: [f"arn:{p}:iam::aws:policy/AmazonEKS_CNI_Policy"],
    ),
    (
        "an IPv6 cluster in aws-cn: the inline policy, no managed one",
        lambda s: VpcCniAddon(
            s, "v", cluster_name="demo", iam=Irsa(oidc(s), partition="aws-cn"), ipv6=True
        ),
        lambda p: ["${aws_iam_policy.v_ServiceAccountPolicy_0A47B68E.arn}"],
    ),
]


@pytest.mark.parametrize(("name", "build", "arns"), IAM, ids=[i[0] for i in IAM])
def test_policy_arns_take_the_partition(
    name: str,
    build: Callable[[TerraformStack], Any],
    arns: Callable[[str], list[str]],
    stack: TerraformStack,
) -> None:
    build(stack)
    data = synth(stack).get("data", {})
    partition = partition_token(stack) if "aws_partition" in data else "-"
    assert policy_arns(stack) == arns(partition)


def test_the_vpc_resource_controller_takes_the_partition(stack: TerraformStack) -> None:
    role = IamRole(stack, "cluster_role", assume_role_policy="{}")
    VpcCniAddon(
        stack,
        "v",
        cluster_name="demo",
        kubernetes_version="1.33",
        configuration=VpcCniConfig(enable_pod_eni=True),
        cluster_role=role,
    )
    assert policy_arns(stack) == [
        f"arn:{partition_token(stack)}:iam::aws:policy/AmazonEKSVPCResourceController"
    ]


def test_ipv6_is_the_vpc_cnis_and_takes_the_partition(stack: TerraformStack) -> None:
    VpcCniAddon(stack, "v", cluster_name="demo", iam=PodIdentity(), ipv6=True)
    policy = json.loads(only(resources(stack, "aws_iam_policy"))["policy"])
    assert policy["Statement"][1]["Resource"] == [
        f"arn:{partition_token(stack)}:ec2:*:*:network-interface/*"
    ]


# Fargate: a profile selects CoreDNS only when every selector label is on its pods
SELECTORS: list[tuple[str, str, dict[str, str], list[str]]] = [
    ("the namespace alone", "kube-system", {}, []),
    ("k8s-app=kube-dns", "kube-system", {"k8s-app": "kube-dns"}, []),
    ("the component label", "kube-system", {"eks.amazonaws.com/component": "coredns"}, []),
    (
        "both labels",
        "kube-system",
        {"k8s-app": "kube-dns", "eks.amazonaws.com/component": "coredns"},
        [],
    ),
    ("a label CoreDNS lacks", "kube-system", {"team": "platform"}, ["nowhere-to-run"]),
    (
        "one right and one wrong label",
        "kube-system",
        {"k8s-app": "kube-dns", "x": "y"},
        ["nowhere-to-run"],
    ),
    ("another k8s-app", "kube-system", {"k8s-app": "other"}, ["nowhere-to-run"]),
    ("another namespace", "default", {"k8s-app": "kube-dns"}, ["nowhere-to-run"]),
]


@pytest.mark.parametrize(
    ("name", "namespace", "labels", "codes"), SELECTORS, ids=[s[0] for s in SELECTORS]
)
def test_fargate_selector(
    name: str, namespace: str, labels: dict[str, str], codes: list[str], stack: TerraformStack
) -> None:
    coredns(stack, CoreDnsConfig(compute_type=ComputeType.FARGATE))
    make_profile(stack, EksFargateProfileSelector(namespace=namespace, labels=labels or None))
    assert warning_codes(stack, validate=True) == codes


def test_a_second_selector_of_a_profile_counts(stack: TerraformStack) -> None:
    coredns(stack, CoreDnsConfig(compute_type=ComputeType.FARGATE))
    make_profile(
        stack,
        EksFargateProfileSelector(namespace="default"),
        EksFargateProfileSelector(namespace="kube-system", labels={"k8s-app": "kube-dns"}),
    )
    assert warning_codes(stack, validate=True) == []


def test_coredns_on_ec2_needs_no_profile(stack: TerraformStack) -> None:
    coredns(stack, {})
    assert warning_codes(stack, validate=True) == []


def test_fargate_only_cluster_addons_put_coredns_on_its_profile(stack: TerraformStack) -> None:
    added = ClusterAddons(
        stack, "addons", cluster=make_cluster(stack), fargate_profiles=[make_profile(stack)]
    )
    addons = resources(stack, "aws_eks_addon")
    coredns = only(addons)
    assert json.loads(coredns["configuration_values"]) == {"computeType": "Fargate"}
    # AWS's computeTypes: neither kube-proxy nor the VPC CNI runs on Fargate
    assert sorted(added.left_out) == ["kube-proxy", "vpc-cni"]
    assert warning_codes(stack, validate=True) == []


def test_two_synths_write_byte_identical_manifests(tmp_path: Any) -> None:
    outputs = []
    for run in ("a", "b"):
        app = App(outdir=str(tmp_path / run))
        stack = TerraformStack(app, "s")
        AwsProvider(stack, "aws", region="us-east-1")
        KubeProxyAddon(
            stack,
            "k",
            cluster_name="demo",
            addon_version="v1.99.0-eksbuild.1",
            kubernetes_version="1.33",
        )
        app.synth()
        outputs.append((tmp_path / run / "manifest.json").read_text())
    assert outputs[0] == outputs[1]
    assert "unknown-version" in outputs[0]


# Ordinary Terraform values where the provider takes them: never a TypeError or a jsii
# traceback; what cannot be checked offline is written as given, with a warning.


def test_tags_from_a_variable_are_written_as_given(stack: TerraformStack) -> None:
    tags = TerraformVariable(stack, "tags", type="map(string)")
    KubeProxyAddon(stack, "k", cluster_name="demo", kubernetes_version="1.33", tags=tags.value)
    assert resources(stack, "aws_eks_addon")["k"]["tags"] == "${var.tags}"


def test_a_list_variable_inside_a_configuration_is_written_through_jsonencode(
    stack: TerraformStack,
) -> None:
    tolerations = TerraformVariable(stack, "tolerations", type="list(any)")
    coredns(stack, {"replicaCount": 3, "tolerations": tolerations.list_value})
    written = resources(stack, "aws_eks_addon")["coredns"]["configuration_values"]
    assert written == '${jsonencode({"replicaCount" = 3, "tolerations" = var.tolerations})}'
    assert warning_codes(stack) == ["unresolved-configuration"]


def test_a_bool_variable_in_a_typed_option_is_written_through_jsonencode(
    stack: TerraformStack,
) -> None:
    enabled = TerraformVariable(stack, "pod_eni", type="bool")
    VpcCniAddon(
        stack,
        "v",
        cluster_name="demo",
        kubernetes_version="1.33",
        configuration=VpcCniConfig(enable_pod_eni=enabled.boolean_value, warm_eni_target=1),  # type: ignore[arg-type]
    )
    written = resources(stack, "aws_eks_addon")["v"]["configuration_values"]
    assert written == (
        '${jsonencode({"env" = {"ENABLE_POD_ENI" = var.pod_eni, "WARM_ENI_TARGET" = "1"}})}'
    )
    assert warning_codes(stack) == ["unresolved-configuration"]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"preserve": "yes"}, [("invalid-type", "preserve")]),
        ({"tags": {"team": 1}}, [("invalid-type", "tags.team")]),
        ({"tags": ["team"]}, [("invalid-type", "tags")]),
        ({"region": 1}, [("invalid-type", "region")]),
        ({"service_account_role_arn": 5}, [("invalid-type", "service_account_role_arn")]),
        ({"pod_identity_association": "role"}, [("invalid-type", "pod_identity_association")]),
    ],
    ids=["preserve", "tag value", "tags", "region", "role arn", "associations"],
)
def test_wrong_python_types_are_one_configuration_error_naming_the_argument(
    stack: TerraformStack, arguments: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    def build(s: TerraformStack) -> None:
        KubeProxyAddon(s, "k", cluster_name="demo", kubernetes_version="1.33", **arguments)

    if "region" in arguments and not accepts_region():
        expected = sorted([*expected, ("invalid-argument", "region")])
    assert problems_of(build, stack) == expected


def accepts_region() -> bool:
    return not AWS_PROVIDER_VERSION.startswith("5.")


def test_an_error_names_the_construct_that_raised_it(stack: TerraformStack) -> None:
    with refused(stack) as raised:
        KubeProxyAddon(stack, "k", cluster_name="demo", addon_version="1.2.3")
    assert raised.value.construct_path == "test/k"
    assert str(raised.value).startswith("test/k: kube-proxy add-on")


def test_each_line_names_its_own_addon(stack: TerraformStack) -> None:
    ClusterAddons(
        stack,
        "addons",
        cluster=make_cluster(stack),
        node_groups=[make_node_group(stack)],
        vpc_cni={"addon_name": "bogus"},
        coredns={"configuration": {"replicaCount": "x"}},
    )
    with pytest.raises(testing.SynthError) as failed:
        testing.synth(stack)
    errors = failed.value.errors
    assert [line.split(": ")[0] for line in errors] == [
        "[test/addons] 'vpc_cni.addon_name' is not a drop-in replacement of vpc-cni (its source",
        "[test/addons/coredns] coredns add-on v1.12.4-eksbuild.18",
    ], errors


def test_a_nested_stack_lists_its_own_problems_once(tmp_path: Path) -> None:
    app = App(outdir=str(tmp_path))
    group = Construct(app, "group")
    nested = TerraformStack(group, "s")
    AwsProvider(nested, "aws", region="eu-west-1")
    KubeProxyAddon(nested, "k", cluster_name="demo", addon_version="1.2")
    with pytest.raises(RuntimeError) as failed:
        app.synth()
    lines = [line.strip() for line in str(failed.value).split("\n\n")[0].splitlines()[1:]]
    assert [line.split(" ")[0] for line in lines if line.startswith("[")] == ["[group/s/k]"]


def test_compute_of_another_stack_is_left_as_it_was(stack: TerraformStack) -> None:
    other = TerraformStack(stack.node.scope, "other")  # type: ignore[arg-type]
    group = make_node_group(other)
    ClusterAddons(stack, "addons", cluster=make_cluster(stack), node_groups=[group])
    assert group.depends_on is None
    assert [path for path, _ in testing.problems(stack)] == ["test/addons"]
