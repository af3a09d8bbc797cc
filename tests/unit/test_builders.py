"""The typed builders: what they render, what they read back, what they reject."""

import dataclasses
from typing import Any

import pytest

from eks_addons.config import (
    AddonConfig,
    AutoScaling,
    ComputeType,
    CoreDnsConfig,
    EbsCsiDriverConfig,
    KubeProxyConfig,
    KubeProxyMode,
    PodDisruptionBudget,
    PodIdentityAgentConfig,
    ResourceQuantities,
    Resources,
    VpcCniConfig,
)
from eks_addons.errors import ConfigurationError


def problems_of(error: pytest.ExceptionInfo[ConfigurationError]) -> list[tuple[str, str]]:
    return [(problem.path, problem.code.value) for problem in error.value.problems]


def test_empty_builder_renders_empty_object() -> None:
    assert VpcCniConfig().to_dict() == {}
    assert VpcCniConfig().to_json() == "{}"


def test_false_and_zero_are_written_not_dropped() -> None:
    config = VpcCniConfig(enable_pod_eni=False, warm_ip_target=0, warm_eni_target=0)
    assert config.to_dict() == {
        "env": {"ENABLE_POD_ENI": "false", "WARM_IP_TARGET": "0", "WARM_ENI_TARGET": "0"}
    }


def test_real_json_types_stay_real() -> None:
    config = CoreDnsConfig(
        replica_count=0,
        auto_scaling=AutoScaling(enabled=False, min_replicas=2),
        pod_disruption_budget=PodDisruptionBudget(enabled=False, max_unavailable="25%"),
    )
    assert config.to_dict() == {
        "replicaCount": 0,
        "autoScaling": {"enabled": False, "minReplicas": 2},
        "podDisruptionBudget": {"enabled": False, "maxUnavailable": "25%"},
    }


def test_nested_parts_with_nothing_set_are_omitted() -> None:
    config = KubeProxyConfig(resources=Resources(limits=ResourceQuantities()))
    assert config.to_dict() == {}


def test_enums_accept_members_and_their_values() -> None:
    by_member = KubeProxyConfig(mode=KubeProxyMode.IPVS, ipvs_scheduler="lc")
    by_value = KubeProxyConfig(mode="ipvs", ipvs_scheduler="lc")
    assert (
        by_member.to_dict() == by_value.to_dict() == {"mode": "ipvs", "ipvs": {"scheduler": "lc"}}
    )


def test_vpc_cni_options_land_on_their_aws_keys() -> None:
    config = VpcCniConfig(
        enable_network_policy=True,
        custom_network_cfg=True,
        eni_config_label_def="topology.kubernetes.io/zone",
        external_snat=True,
        pod_security_group_enforcing_mode="standard",
        enable_v6_egress=True,
        init_enable_v6_egress=True,
        minimum_ip_target=10,
        tolerations=[{"operator": "Exists"}],
    )
    assert config.to_dict() == {
        "enableNetworkPolicy": "true",
        "env": {
            "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG": "true",
            "ENI_CONFIG_LABEL_DEF": "topology.kubernetes.io/zone",
            "AWS_VPC_K8S_CNI_EXTERNALSNAT": "true",
            "POD_SECURITY_GROUP_ENFORCING_MODE": "standard",
            "ENABLE_V6_EGRESS": "true",
            "MINIMUM_IP_TARGET": "10",
        },
        "init": {"env": {"ENABLE_V6_EGRESS": "true"}},
        "tolerations": [{"operator": "Exists"}],
    }


def test_every_option_writes_a_distinct_aws_key() -> None:
    for builder in (
        VpcCniConfig,
        CoreDnsConfig,
        KubeProxyConfig,
        EbsCsiDriverConfig,
        PodIdentityAgentConfig,
    ):
        keys = [opt.key for _, opt in builder.options()]
        assert len(keys) == len(set(keys)), builder


def test_extra_keys_are_deep_merged_with_typed_options() -> None:
    config = VpcCniConfig(
        enable_pod_eni=True,
        extra={"env": {"ENABLE_NFTABLES": "true"}, "nodeAgent": {"enabled": True}},
    )
    assert config.to_dict() == {
        "env": {"ENABLE_POD_ENI": "true", "ENABLE_NFTABLES": "true"},
        "nodeAgent": {"enabled": True},
    }


def test_generic_addon_config_carries_raw_keys() -> None:
    config = AddonConfig(extra={"controller": {"replicaCount": 1}})
    assert config.to_json() == '{"controller":{"replicaCount":1}}'


def test_replace_revalidates() -> None:
    config = VpcCniConfig(warm_prefix_target=1)
    with pytest.raises(ConfigurationError) as error:
        dataclasses.replace(config, warm_prefix_target="1")  # type: ignore[arg-type]
    assert problems_of(error) == [("env.WARM_PREFIX_TARGET", "invalid-type")]


def test_builders_are_immutable() -> None:
    config = VpcCniConfig(enable_pod_eni=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.enable_pod_eni = False  # type: ignore[misc]


def test_rejects_wrong_python_types_all_at_once() -> None:
    with pytest.raises(ConfigurationError) as error:
        VpcCniConfig(enable_pod_eni="true", warm_prefix_target="1", log_level=5)  # type: ignore[arg-type]
    assert problems_of(error) == [
        ("env.WARM_PREFIX_TARGET", "invalid-type"),
        ("env.ENABLE_POD_ENI", "invalid-type"),
        ("env.AWS_VPC_K8S_CNI_LOGLEVEL", "invalid-type"),
    ]
    message = str(error.value)
    assert "'env.ENABLE_POD_ENI' (enable_pod_eni) must be a bool (got 'true')" in message
    assert "allowed: 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'" in message


def test_rejects_bool_where_an_int_belongs() -> None:
    with pytest.raises(ConfigurationError) as error:
        CoreDnsConfig(replica_count=True)
    assert problems_of(error) == [("replicaCount", "invalid-type")]


def test_a_value_outside_a_typed_set_is_kept_as_given() -> None:
    config = VpcCniConfig(log_level="TRACE")
    assert config.to_dict() == {"env": {"AWS_VPC_K8S_CNI_LOGLEVEL": "TRACE"}}
    assert list(config.unknown_choices()) == [
        ("env.AWS_VPC_K8S_CNI_LOGLEVEL", "TRACE", "'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'")
    ]


def test_rejects_out_of_range_autoscaling() -> None:
    with pytest.raises(ConfigurationError) as error:
        AutoScaling(enabled=True, min_replicas=1, max_replicas=1001)
    assert problems_of(error) == [
        ("minReplicas", "invalid-value"),
        ("maxReplicas", "invalid-value"),
    ]


def test_rejects_bad_percentage() -> None:
    with pytest.raises(ConfigurationError):
        PodDisruptionBudget(max_unavailable="25")


def test_a_compute_type_outside_the_enum_parses_and_is_kept() -> None:
    config = CoreDnsConfig.from_dict({"computeType": "fargate"})
    assert config.compute_type == "fargate"
    assert config.to_json() == '{"computeType":"fargate"}'


def test_rejects_wrong_nested_type() -> None:
    with pytest.raises(ConfigurationError) as error:
        CoreDnsConfig(resources={"limits": {"cpu": "1"}})  # type: ignore[arg-type]
    assert problems_of(error) == [("resources", "invalid-type")]


def test_rejects_non_string_labels() -> None:
    with pytest.raises(ConfigurationError):
        KubeProxyConfig(pod_labels={"tier": 1})  # type: ignore[dict-item]


def test_rejects_a_key_set_both_typed_and_in_extra() -> None:
    with pytest.raises(ConfigurationError) as error:
        VpcCniConfig(enable_pod_eni=True, extra={"env": {"ENABLE_POD_ENI": "false"}})
    assert problems_of(error) == [("env.ENABLE_POD_ENI", "conflicting-key")]


def test_rejects_extra_that_is_not_json() -> None:
    with pytest.raises(ConfigurationError):
        VpcCniConfig(extra={"env": {"X": {1, 2}}})


def test_compute_type_member() -> None:
    assert CoreDnsConfig(compute_type=ComputeType.FARGATE).to_dict() == {"computeType": "Fargate"}


ROUND_TRIPS: list[tuple[type[AddonConfig], dict[str, Any]]] = [
    (VpcCniConfig, {"env": {"WARM_IP_TARGET": "5", "MINIMUM_IP_TARGET": "10"}}),
    (VpcCniConfig, {"env": {"ENABLE_POD_ENI": "false"}, "init": {"env": {}}}),
    (VpcCniConfig, {"env": {"ENABLE_NFTABLES": "true", "ENABLE_POD_ENI": "true"}}),
    (VpcCniConfig, {"resources": {"limits": {"cpu": "1", "hugepages-2Mi": "0"}}}),
    (VpcCniConfig, {"nodeAgent": {"enabled": False}, "enableNetworkPolicy": "true"}),
    (
        VpcCniConfig,
        {"eniConfig": {"create": True, "region": "us-east-1", "subnets": {"a": {"id": "s"}}}},
    ),
    (CoreDnsConfig, {"autoScaling": {"enabled": True, "minReplicas": 2, "maxReplicas": 10}}),
    (CoreDnsConfig, {"corefile": ".:53 {\n  errors\n}\n", "replicaCount": 3, "resources": {}}),
    (CoreDnsConfig, {"podDisruptionBudget": {"enabled": True, "minAvailable": "50%"}}),
    (CoreDnsConfig, {"trafficDistribution": "PreferClose", "nodeSelector": {"a": "b"}}),
    (KubeProxyConfig, {"mode": "nftables", "conntrack": {"tcpBeLiberal": True}}),
    (KubeProxyConfig, {"ipvs": {"scheduler": "rr"}, "podLabels": {}}),
    (AddonConfig, {"anything": [1, {"goes": None}]}),
    (AddonConfig, {}),
]


@pytest.mark.parametrize(("builder", "data"), ROUND_TRIPS)
def test_from_dict_round_trips(builder: type[AddonConfig], data: dict[str, Any]) -> None:
    assert builder.from_dict(data).to_dict() == data


def test_from_dict_puts_unmodelled_keys_in_extra() -> None:
    config = VpcCniConfig.from_dict({"env": {"ENABLE_NFTABLES": "true", "ENABLE_POD_ENI": "true"}})
    assert config.enable_pod_eni is True
    assert config.extra == {"env": {"ENABLE_NFTABLES": "true"}}


def test_from_json_reads_jsonencode_output() -> None:
    config = CoreDnsConfig.from_json('{"computeType":"Fargate","replicaCount":2}')
    assert config.compute_type is ComputeType.FARGATE
    assert config.replica_count == 2


def test_rejects_aws_type_mistakes_when_reading() -> None:
    with pytest.raises(ConfigurationError) as error:
        VpcCniConfig.from_dict(
            {"env": {"ENABLE_POD_ENI": True, "WARM_PREFIX_TARGET": 1}, "enableNetworkPolicy": "yes"}
        )
    assert problems_of(error) == [
        ("env.WARM_PREFIX_TARGET", "invalid-type"),
        ("env.ENABLE_POD_ENI", "invalid-type"),
        ("enableNetworkPolicy", "invalid-value"),
    ]
    assert "'env.WARM_PREFIX_TARGET' must be an integer string (got 1)" in str(error.value)


def test_rejects_a_non_object_where_an_object_belongs() -> None:
    with pytest.raises(ConfigurationError) as error:
        VpcCniConfig.from_dict({"env": "ENABLE_POD_ENI=true"})
    assert problems_of(error) == [("env", "invalid-type")]


def test_rejects_autoscaling_without_enabled() -> None:
    with pytest.raises(ConfigurationError) as error:
        CoreDnsConfig.from_dict({"autoScaling": {"minReplicas": 3}})
    assert problems_of(error) == [("autoScaling.enabled", "invalid-value")]
    assert "is required" in str(error.value)


def test_rejects_invalid_json_text() -> None:
    with pytest.raises(ConfigurationError) as error:
        CoreDnsConfig.from_json("{computeType: [Fargate}")
    assert "is neither JSON (line 1, column 2: Expecting property name" in str(error.value)
    # what YAML reads, as EKS does: a key the schema then refuses
    assert CoreDnsConfig.from_json("{computeType = Fargate}").extra == {
        "computeType = Fargate": None
    }


def test_coerce_rejects_another_addons_builder() -> None:
    with pytest.raises(ConfigurationError) as error:
        VpcCniConfig.coerce(CoreDnsConfig())
    assert "must be a VpcCniConfig, a mapping or a JSON string" in str(error.value)


def test_configuration_error_is_a_value_error() -> None:
    assert issubclass(ConfigurationError, ValueError)


def test_repr_shows_only_what_is_set() -> None:
    config = CoreDnsConfig(replica_count=3, resources=Resources(limits=ResourceQuantities(cpu="1")))
    assert repr(config) == (
        "CoreDnsConfig(replica_count=3, resources=Resources(limits=ResourceQuantities(cpu='1')))"
    )
