"""The constructs, synthesized with cdktf's Testing API."""

from __future__ import annotations

import json

from eks_addons import (
    Addon,
    ComputeType,
    CoreDnsAddon,
    CoreDnsConfig,
    KubeProxyAddon,
    KubeProxyConfig,
    ResolveConflicts,
    VpcCniAddon,
    VpcCniConfig,
)
from eks_addons.cdk import (
    DataAwsEksCluster,
    EksAddon,
    EksAddonPodIdentityAssociation,
    EksAddonTimeouts,
    TerraformOutput,
    TerraformStack,
)
from tests.helpers import refused
from tests.stacks import (
    assert_has_resource,
    make_cluster,
    make_profile,
    resources,
    synth,
    warning_codes,
)

ADDON = EksAddon.TF_RESOURCE_TYPE


def test_each_addon_has_its_name_and_the_cluster(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo")
    VpcCniAddon(stack, "vpc_cni", cluster_name="demo")
    CoreDnsAddon(stack, "coredns", cluster_name="demo")
    assert resources(stack, ADDON) == {
        "kube_proxy": {"addon_name": "kube-proxy", "cluster_name": "demo"},
        "vpc_cni": {"addon_name": "vpc-cni", "cluster_name": "demo"},
        "coredns": {"addon_name": "coredns", "cluster_name": "demo"},
    }


def test_configuration_is_written_as_canonical_json(stack: TerraformStack) -> None:
    VpcCniAddon(
        stack,
        "vpc_cni",
        cluster_name="demo",
        addon_version="v1.19.0-eksbuild.1",
        configuration=VpcCniConfig(warm_ip_target=5, enable_prefix_delegation=False),
    )
    assert_has_resource(
        stack,
        ADDON,
        {
            "addon_name": "vpc-cni",
            "addon_version": "v1.19.0-eksbuild.1",
            "cluster_name": "demo",
            "configuration_values": (
                '{"env":{"ENABLE_PREFIX_DELEGATION":"false","WARM_IP_TARGET":"5"}}'
            ),
        },
    )


def test_omitted_configuration_is_left_unmanaged(stack: TerraformStack) -> None:
    addon = KubeProxyAddon(stack, "kube_proxy", cluster_name="demo")
    assert "configuration_values" not in resources(stack, ADDON)["kube_proxy"]
    assert addon.configuration is None


def test_empty_builder_resets_to_aws_defaults(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo", configuration=KubeProxyConfig())
    assert resources(stack, ADDON)["kube_proxy"]["configuration_values"] == "{}"


def test_plain_dict_goes_through_the_same_checks(stack: TerraformStack) -> None:
    addon = CoreDnsAddon(
        stack, "coredns", cluster_name="demo", configuration={"computeType": "Fargate"}
    )
    assert addon.configuration == CoreDnsConfig(compute_type=ComputeType.FARGATE)
    with refused(stack) as error:
        CoreDnsAddon(stack, "coredns2", cluster_name="other", configuration={"replicaCount": "2"})
    assert error.value.addon == "coredns"
    assert [(p.path, p.code.value) for p in error.value.problems] == [
        ("replicaCount", "invalid-type")
    ]


def test_jsonencode_string_is_accepted(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo", configuration='{"mode": "ipvs"}')
    assert resources(stack, ADDON)["kube_proxy"]["configuration_values"] == '{"mode":"ipvs"}'


def test_rejects_another_addons_builder(stack: TerraformStack) -> None:
    with refused(stack) as error:
        VpcCniAddon(stack, "vpc_cni", cluster_name="demo", configuration=CoreDnsConfig())  # type: ignore[arg-type]
    [problem] = error.value.problems
    assert (problem.code.value, problem.path) == ("invalid-type", "(root)")
    assert "must be a VpcCniConfig" in problem.message


def test_rejects_provider_rule_breaks_with_every_problem(stack: TerraformStack) -> None:
    with refused(stack) as error:
        KubeProxyAddon(
            stack,
            "kube_proxy",
            cluster_name="demo",
            addon_version="1.33.0",
            resolve_conflicts_on_create=ResolveConflicts.PRESERVE,
            configuration={"mode": "ipvs", "ipvs": {"scheduler": 1}},
        )
    assert [problem.path for problem in error.value.problems] == [
        "addon_version",
        "resolve_conflicts_on_create",
        "ipvs.scheduler",
    ]
    assert error.value.construct_path == "test/kube_proxy"
    assert str(error.value).startswith("test/kube_proxy: kube-proxy add-on 1.33.0: 3 problems")
    assert "(got 'PRESERVE')" in str(error.value)


def test_checks_are_skipped_for_tokens(stack: TerraformStack) -> None:
    cluster = make_cluster(stack, version=None)
    VpcCniAddon(stack, "vpc_cni", cluster_name=cluster.name, addon_version=cluster.version)
    body = resources(stack, ADDON)["vpc_cni"]
    assert body["cluster_name"] == "${aws_eks_cluster.cluster.name}"
    assert body["addon_version"] == "${aws_eks_cluster.cluster.version}"


def test_provider_arguments_pass_through(stack: TerraformStack) -> None:
    VpcCniAddon(
        stack,
        "vpc_cni",
        cluster_name="demo",
        resolve_conflicts_on_create=ResolveConflicts.OVERWRITE,
        resolve_conflicts_on_update="PRESERVE",
        preserve=True,
        service_account_role_arn="arn:aws:iam::123456789012:role/cni",
        tags={"team": "platform"},
        timeouts=EksAddonTimeouts(create="30m"),
    )
    assert resources(stack, ADDON)["vpc_cni"] == {
        "addon_name": "vpc-cni",
        "cluster_name": "demo",
        "resolve_conflicts_on_create": "OVERWRITE",
        "resolve_conflicts_on_update": "PRESERVE",
        "preserve": True,
        "service_account_role_arn": "arn:aws:iam::123456789012:role/cni",
        "tags": {"team": "platform"},
        "timeouts": {"create": "30m"},
    }


def test_pod_identity_association_passes_through(stack: TerraformStack) -> None:
    role = "arn:aws:iam::123456789012:role/cni"
    VpcCniAddon(
        stack,
        "vpc_cni",
        cluster_name="demo",
        pod_identity_association=[
            EksAddonPodIdentityAssociation(role_arn=role, service_account="aws-node")
        ],
    )
    assert resources(stack, ADDON)["vpc_cni"]["pod_identity_association"] == [
        {"role_arn": role, "service_account": "aws-node"}
    ]


def test_addon_orders_after_depends_on_and_is_itself_dependable(stack: TerraformStack) -> None:
    profile = make_profile(stack)
    coredns = CoreDnsAddon(stack, "coredns", cluster_name="demo", depends_on=[profile])
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo", depends_on=[coredns])
    found = resources(stack, ADDON)
    assert found["coredns"]["depends_on"] == ["aws_eks_fargate_profile.coredns_profile"]
    assert found["kube_proxy"]["depends_on"] == ["aws_eks_addon.coredns"]


def test_attributes_are_tokens_of_the_resource(stack: TerraformStack) -> None:
    addon = VpcCniAddon(stack, "vpc_cni", cluster_name="demo")
    TerraformOutput(stack, "arn", value=addon.addon_arn)
    TerraformOutput(stack, "id", value=addon.addon_id)
    TerraformOutput(stack, "version", value=addon.addon_version)
    outputs = synth(stack)["output"]
    assert {name: body["value"] for name, body in outputs.items()} == {
        "arn": "${aws_eks_addon.vpc_cni.arn}",
        "id": "${aws_eks_addon.vpc_cni.id}",
        "version": "${aws_eks_addon.vpc_cni.addon_version}",
    }
    assert addon.addon_name == "vpc-cni"


def test_generic_addon_takes_any_name_and_raw_configuration(stack: TerraformStack) -> None:
    Addon(
        stack,
        "ebs_csi",
        addon_name="aws-ebs-csi-driver",
        cluster_name="demo",
        configuration={"controller": {"replicaCount": 1}},
    )
    body = resources(stack, ADDON)["ebs_csi"]
    assert body["addon_name"] == "aws-ebs-csi-driver"
    assert json.loads(body["configuration_values"]) == {"controller": {"replicaCount": 1}}


def test_synth_is_byte_identical_across_runs(stack: TerraformStack) -> None:
    config = VpcCniConfig(extra={"b": 1, "a": {"d": 2, "c": 3}}, warm_eni_target=1)
    VpcCniAddon(stack, "vpc_cni", cluster_name="demo", configuration=config)
    values = resources(stack, ADDON)["vpc_cni"]["configuration_values"]
    assert values == '{"a":{"c":3,"d":2},"b":1,"env":{"WARM_ENI_TARGET":"1"}}'


def test_configuration_is_checked_against_the_pinned_versions_schema(
    stack: TerraformStack,
) -> None:
    with refused(stack) as error:
        VpcCniAddon(
            stack,
            "vpc_cni",
            cluster_name="demo",
            addon_version="v1.22.4-eksbuild.3",
            configuration=VpcCniConfig(
                enable_pod_eni=True, extra={"env": {"AWS_EXTERNAL_SERVICE_CIDR": "10.0.0.0/8"}}
            ),
        )
    [problem] = error.value.problems
    assert problem.path == "env.AWS_EXTERNAL_SERVICE_CIDR"
    assert "did you mean 'AWS_EXTERNAL_SERVICE_CIDRS'?" in str(error.value)


def test_version_defaults_to_the_catalog_default_for_the_kubernetes_version(
    stack: TerraformStack,
) -> None:
    addon = KubeProxyAddon(stack, "kube_proxy", cluster_name="demo", kubernetes_version="1.29")
    assert resources(stack, ADDON)["kube_proxy"]["addon_version"] == "v1.29.15-eksbuild.16"
    assert addon.selected_version == "v1.29.15-eksbuild.16"


def test_latest_takes_the_newest_compatible_version(stack: TerraformStack) -> None:
    KubeProxyAddon(
        stack, "kube_proxy", cluster_name="demo", kubernetes_version="1.29", addon_version="latest"
    )
    assert resources(stack, ADDON)["kube_proxy"]["addon_version"] == "v1.29.15-eksbuild.50"


def test_kubernetes_version_is_read_from_a_cluster_in_the_stack(stack: TerraformStack) -> None:
    cluster = make_cluster(stack, version="1.31")
    addon = CoreDnsAddon(stack, "coredns", cluster=cluster)
    body = resources(stack, ADDON)["coredns"]
    assert body["cluster_name"] == "${aws_eks_cluster.cluster.name}"
    assert body["addon_version"] == "v1.11.4-eksbuild.40"
    assert addon.kubernetes_version == "1.31"


def test_rejects_the_seeds_version_pair(stack: TerraformStack) -> None:
    with refused(stack) as error:
        VpcCniAddon(
            stack,
            "vpc_cni",
            cluster_name="demo",
            kubernetes_version="1.29",
            addon_version="v1.14.0-eksbuild.3",
        )
    [problem] = error.value.problems
    assert problem.code.value == "incompatible-version"
    assert error.value.version == "v1.14.0-eksbuild.3"
    assert "default v1.20.4-eksbuild.2" in str(error.value)


def test_unknown_pin_is_a_warning_annotation(stack: TerraformStack) -> None:
    VpcCniAddon(
        stack,
        "vpc_cni",
        cluster_name="demo",
        kubernetes_version="1.33",
        addon_version="v1.99.0-eksbuild.1",
    )
    assert warning_codes(stack) == ["unknown-version"]
    assert resources(stack, ADDON)["vpc_cni"]["addon_version"] == "v1.99.0-eksbuild.1"


def test_version_at_plan_uses_the_addon_version_data_source(stack: TerraformStack) -> None:
    cluster = DataAwsEksCluster(stack, "cluster", name="demo")
    VpcCniAddon(
        stack,
        "vpc_cni",
        cluster=cluster,
        kubernetes_version=cluster.version,
        version_at_plan=True,
        addon_version="latest",
    )
    synthesized = synth(stack)
    [(name, lookup)] = synthesized["data"]["aws_eks_addon_version"].items()
    assert {k: v for k, v in lookup.items() if k != "//"} == {
        "addon_name": "vpc-cni",
        "kubernetes_version": "${data.aws_eks_cluster.cluster.version}",
        "most_recent": True,
    }
    addon = synthesized["resource"][ADDON]["vpc_cni"]
    assert addon["addon_version"] == f"${{data.aws_eks_addon_version.{name}.version}}"


def test_rejects_an_addon_without_a_cluster(stack: TerraformStack) -> None:
    with refused(stack) as error:
        KubeProxyAddon(stack, "kube_proxy")
    assert [p.path for p in error.value.problems] == ["cluster_name"]
