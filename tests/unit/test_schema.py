"""Configurations checked against the JSON Schemas AWS publishes per add-on version."""

from typing import Any

import pytest
from hypothesis import given, settings

from eks_addons.catalog import catalog
from eks_addons.config import AddonConfig
from eks_addons.errors import AddonWarning, WarningCode
from eks_addons.specs import SPECS
from sample_app.configs import KUBERNETES_VERSION, SEED_COREDNS, SEED_VPC_CNI
from tests.helpers import schema_check
from tests.strategies import any_config

ADDON_OF = {spec.builder: spec.name for spec in SPECS}


def default_version(addon: str) -> str:
    addon_catalog = catalog(addon)
    assert addon_catalog is not None
    version = addon_catalog.default(KUBERNETES_VERSION)
    assert version is not None
    return version


def problems(
    addon: str, config: dict[str, Any], version: str | None = None
) -> list[tuple[str, str]]:
    found = schema_check(addon, version or default_version(addon), config).problems
    return [(problem.path, problem.code.value) for problem in found]


def test_seed_configurations_are_valid() -> None:
    assert problems("vpc-cni", SEED_VPC_CNI.to_dict()) == []
    assert problems("coredns", SEED_COREDNS.to_dict()) == []


@settings(max_examples=300)
@given(any_config)
def test_every_builder_configuration_is_valid_for_the_default_and_latest_versions(
    config: AddonConfig,
) -> None:
    addon = ADDON_OF[type(config)]
    addon_catalog = catalog(addon)
    assert addon_catalog is not None
    for kubernetes in ("1.33", "1.36"):
        for version in (addon_catalog.default(kubernetes), addon_catalog.latest(kubernetes)):
            assert problems(addon, config.to_dict(), version) == [], version


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
    [problem] = schema_check(
        "vpc-cni", default_version("vpc-cni"), {"env": {"AWS_EXTERNAL_SERVICE_CIDR": "x"}}
    ).problems
    assert "did you mean 'AWS_EXTERNAL_SERVICE_CIDRS'?" in problem.message
    assert problem.allowed is not None
    assert "'WARM_PREFIX_TARGET'" in problem.allowed


def test_a_key_of_newer_versions_names_the_versions_that_accept_it() -> None:
    [problem] = schema_check(
        "vpc-cni", "v1.16.4-eksbuild.2", {"env": {"NETWORK_POLICY_ENFORCING_MODE": "strict"}}
    ).problems
    assert problem.code.value == "unknown-key"
    assert "versions that accept it: v1.17.1-eksbuild.1 … " in problem.message


def test_a_version_without_schema_uses_the_nearest_of_its_minor_with_a_warning() -> None:
    check = schema_check("vpc-cni", "v1.22.4-eksbuild.99", {"env": {"X": "1"}})
    assert [(p.path, p.code.value) for p in check.problems] == [("env.X", "unknown-key")]
    assert check.warnings == [
        AddonWarning(
            WarningCode.NEAREST_SCHEMA,
            "vpc-cni",
            "no schema captured for v1.22.4-eksbuild.99; checked against the schema of "
            "v1.22.4-eksbuild.3, the nearest known version of the same minor",
            "addon_version",
        )
    ]


def test_a_version_of_an_unknown_minor_is_not_checked_with_a_warning() -> None:
    check = schema_check("vpc-cni", "v9.9.0-eksbuild.1", {"nonsense": 1})
    assert check.problems == []
    assert [w.code for w in check.warnings] == [WarningCode.NO_SCHEMA]


def test_an_addon_without_catalog_data_is_not_schema_checked_with_a_warning() -> None:
    check = schema_check("kasten_k10", "v1.0.0-eksbuild.1", {"x": 1})
    assert check.problems == []
    assert [w.code for w in check.warnings] == [WarningCode.UNKNOWN_ADDON]
