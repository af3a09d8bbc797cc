"""Configurations checked against the JSON Schemas AWS publishes per add-on version."""

from typing import Any

import pytest
from hypothesis import given, settings

from eks_addons.catalog import check_configuration, known_schema, validate_configuration
from eks_addons.config import AddonConfig
from sample_app.configs import ADDON_VERSIONS, SEED_COREDNS, SEED_VPC_CNI
from tests.unit.test_properties import any_config

ADDON_OF = {"VpcCniConfig": "vpc-cni", "CoreDnsConfig": "coredns", "KubeProxyConfig": "kube-proxy"}


def problems(addon: str, config: dict[str, Any]) -> list[tuple[str, str]]:
    found = validate_configuration(addon, ADDON_VERSIONS[addon], config)
    return [(problem.path, problem.code.value) for problem in found]


def test_the_sample_versions_have_their_schemas_shipped() -> None:
    assert all(known_schema(addon, version) for addon, version in ADDON_VERSIONS.items())


def test_seed_configurations_are_valid() -> None:
    assert problems("vpc-cni", SEED_VPC_CNI.to_dict()) == []
    assert problems("coredns", SEED_COREDNS.to_dict()) == []


@settings(max_examples=200)
@given(any_config)
def test_every_builder_configuration_is_valid_for_the_sample_versions(
    config: AddonConfig,
) -> None:
    assert problems(ADDON_OF[type(config).__name__], config.to_dict()) == []


BAD: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "vpc-cni",
        {"env": {"AWS_EXTERNAL_SERVICE_CIDR": "10.0.0.0/8"}},
        "env.AWS_EXTERNAL_SERVICE_CIDR",
        "unknown-key",
    ),
    ("vpc-cni", {"env": {"ENABLE_POD_ENI": "yes"}}, "env.ENABLE_POD_ENI", "invalid-value"),
    ("vpc-cni", {"env": {"WARM_IP_TARGET": "one"}}, "env.WARM_IP_TARGET", "invalid-value"),
    ("vpc-cni", {"env": {"WARM_IP_TARGET": 1}}, "env.WARM_IP_TARGET", "invalid-type"),
    ("vpc-cni", {"enableNetworkPolicy": True}, "enableNetworkPolicy", "invalid-type"),
    (
        "vpc-cni",
        {"init": {"env": {"DISABLE_TCP_EARLY_DEMUX": "1"}}},
        "init.env.DISABLE_TCP_EARLY_DEMUX",
        "invalid-value",
    ),
    (
        "vpc-cni",
        {"eniConfig": {"create": True, "subnets": {"a": {"id": "s"}}}},
        "eniConfig.region",
        "invalid-value",
    ),
    (
        "vpc-cni",
        {"env": {"NETWORK_POLICY_ENFORCING_MODE": "deny"}},
        "env.NETWORK_POLICY_ENFORCING_MODE",
        "invalid-value",
    ),
    ("coredns", {"replicaCount": "2"}, "replicaCount", "invalid-type"),
    ("coredns", {"autoScaling": {"minReplicas": 3}}, "autoScaling.enabled", "invalid-value"),
    (
        "coredns",
        {"autoScaling": {"enabled": True, "maxReplicas": 1}},
        "autoScaling.maxReplicas",
        "invalid-value",
    ),
    ("coredns", {"resources": {"limits": {"gpu": "1"}}}, "resources.limits.gpu", "unknown-key"),
    ("coredns", {"computetype": "Fargate"}, "computetype", "unknown-key"),
    ("kube-proxy", {"mode": "userspace"}, "mode", "invalid-value"),
    (
        "kube-proxy",
        {"ipvs": {"scheduler": "rr", "strictARP": True}},
        "ipvs.strictARP",
        "unknown-key",
    ),
]


@pytest.mark.parametrize(("addon", "config", "path", "code"), BAD)
def test_rejects_what_aws_rejects(addon: str, config: dict[str, Any], path: str, code: str) -> None:
    assert (path, code) in problems(addon, config)


def test_unknown_key_names_the_close_match_and_the_allowed_keys() -> None:
    [problem] = validate_configuration(
        "vpc-cni", ADDON_VERSIONS["vpc-cni"], {"env": {"AWS_EXTERNAL_SERVICE_CIDR": "x"}}
    )
    assert "did you mean 'AWS_EXTERNAL_SERVICE_CIDRS'?" in problem.message
    assert problem.allowed is not None
    assert "'WARM_PREFIX_TARGET'" in problem.allowed


def test_unshipped_versions_are_not_checked() -> None:
    assert check_configuration("vpc-cni", "v0.0.1-eksbuild.1", {"nonsense": 1}) == []
    assert check_configuration("vpc-cni", None, {"nonsense": 1}) == []
