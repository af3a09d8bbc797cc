"""A table of bad inputs, each rejected before synth writes anything, with path and allowed.

Each row goes through :func:`eks_addons.checks.check_addon`, the check every construct runs
at construction (``tests/constructs`` shows the constructs raise what it finds).
"""

from typing import Any

import pytest

from tests.helpers import check

# (add-on, configuration, other arguments, expected path, expected code)
CASES: list[tuple[str, Any, dict[str, Any], str, str]] = [
    # wrong types
    ("vpc-cni", {"env": {"ENABLE_POD_ENI": True}}, {}, "env.ENABLE_POD_ENI", "invalid-type"),
    ("vpc-cni", {"env": {"WARM_PREFIX_TARGET": 1}}, {}, "env.WARM_PREFIX_TARGET", "invalid-type"),
    ("vpc-cni", {"env": {"WARM_IP_TARGET": "five"}}, {}, "env.WARM_IP_TARGET", "invalid-value"),
    ("vpc-cni", {"enableNetworkPolicy": True}, {}, "enableNetworkPolicy", "invalid-type"),
    ("vpc-cni", {"env": "ENABLE_POD_ENI=true"}, {}, "env", "invalid-type"),
    ("vpc-cni", {"tolerations": {"key": "x"}}, {}, "tolerations", "invalid-type"),
    (
        "vpc-cni",
        {"livenessProbeTimeoutSeconds": "10"},
        {},
        "livenessProbeTimeoutSeconds",
        "invalid-type",
    ),
    ("vpc-cni", {"nodeAgent": {"enabled": "true"}}, {}, "nodeAgent.enabled", "invalid-type"),
    ("coredns", {"replicaCount": "2"}, {}, "replicaCount", "invalid-type"),
    (
        "coredns",
        {"resources": {"limits": {"cpu": 0.25}, "requests": {"cpu": "0.25"}}},
        {},
        "resources.limits.cpu",
        "invalid-type",
    ),
    ("coredns", {"nodeSelector": {"tier": 1}}, {}, "nodeSelector", "invalid-type"),
    ("coredns", {"autoScaling": {"enabled": "true"}}, {}, "autoScaling.enabled", "invalid-type"),
    (
        "kube-proxy",
        {"ipvs": {"scheduler": 1}, "mode": "ipvs"},
        {},
        "ipvs.scheduler",
        "invalid-type",
    ),
    ("kube-proxy", {"podLabels": []}, {}, "podLabels", "invalid-type"),
    # format values AWS checks inside strings
    (
        "vpc-cni",
        {"init": {"env": {"DISABLE_TCP_EARLY_DEMUX": "yes"}}},
        {},
        "init.env.DISABLE_TCP_EARLY_DEMUX",
        "invalid-value",
    ),
    (
        "vpc-cni",
        {"extra_": 1, "env": {"AWS_VPC_ENI_MTU": "9001.5"}},
        {},
        "env.AWS_VPC_ENI_MTU",
        "invalid-value",
    ),
    (
        "vpc-cni",
        {"env": {"ENABLE_BANDWIDTH_PLUGIN": "True"}},
        {},
        "env.ENABLE_BANDWIDTH_PLUGIN",
        "invalid-value",
    ),
    # unknown keys
    (
        "vpc-cni",
        {"env": {"AWS_EXTERNAL_SERVICE_CIDR": "10.0.0.0/8"}},
        {},
        "env.AWS_EXTERNAL_SERVICE_CIDR",
        "unknown-key",
    ),
    (
        "vpc-cni",
        {"init": {"env": {"DISABLE_TCP_EARLY_DEMUX_": "true"}}},
        {},
        "init.env.DISABLE_TCP_EARLY_DEMUX_",
        "unknown-key",
    ),
    ("vpc-cni", {"cri": {"hostPath": {"path": "/x"}}}, {}, "cri", "unknown-key"),
    ("coredns", {"computetype": "Fargate"}, {}, "computetype", "unknown-key"),
    (
        "coredns",
        {"resources": {"limits": {"gpu": "1"}, "requests": {"cpu": "1"}}},
        {},
        "resources.limits.gpu",
        "unknown-key",
    ),
    ("kube-proxy", {"conntrack": {"tcpBeLiberal": True}}, {}, "conntrack", "unknown-key"),
    (
        "kube-proxy",
        {"ipvs": {"strictARP": True}, "mode": "ipvs"},
        {},
        "ipvs.strictARP",
        "unknown-key",
    ),
    # bad enum values
    ("kube-proxy", {"mode": "userspace"}, {}, "mode", "invalid-value"),
    (
        "vpc-cni",
        {"env": {"NETWORK_POLICY_ENFORCING_MODE": "deny"}},
        {},
        "env.NETWORK_POLICY_ENFORCING_MODE",
        "invalid-value",
    ),
    (
        "vpc-cni",
        {"env": {"ENABLE_POD_ENI": "true", "POD_SECURITY_GROUP_ENFORCING_MODE": "loose"}},
        {},
        "env.POD_SECURITY_GROUP_ENFORCING_MODE",
        "rule",
    ),
    (
        "coredns",
        {"trafficDistribution": "Nearest"},
        {"addon_version": "latest", "kubernetes_version": "1.35"},
        "trafficDistribution",
        "invalid-value",
    ),
    # out-of-range numbers and missing required keys
    (
        "coredns",
        {"autoScaling": {"enabled": True, "minReplicas": 1}},
        {},
        "autoScaling.minReplicas",
        "invalid-value",
    ),
    (
        "coredns",
        {"autoScaling": {"enabled": True, "maxReplicas": 1001}},
        {},
        "autoScaling.maxReplicas",
        "invalid-value",
    ),
    ("coredns", {"autoScaling": {"minReplicas": 3}}, {}, "autoScaling.enabled", "invalid-value"),
    (
        "vpc-cni",
        {"eniConfig": {"create": True, "region": "us-east-1"}},
        {},
        "eniConfig.subnets",
        "invalid-value",
    ),
    (
        "coredns",
        {"podDisruptionBudget": {"maxUnavailable": "25"}},
        {},
        "podDisruptionBudget.maxUnavailable",
        "invalid-type",
    ),
    # incompatible and malformed versions, provider argument rules
    (
        "vpc-cni",
        None,
        {"addon_version": "v1.14.0-eksbuild.3", "kubernetes_version": "1.29"},
        "addon_version",
        "incompatible-version",
    ),
    (
        "kube-proxy",
        None,
        {"addon_version": "v1.28.1-eksbuild.1", "kubernetes_version": "1.33"},
        "addon_version",
        "incompatible-version",
    ),
    ("vpc-cni", None, {"addon_version": "1.19.0-eksbuild.1"}, "addon_version", "invalid-argument"),
    ("vpc-cni", None, {"kubernetes_version": "v1.33"}, "kubernetes_version", "invalid-argument"),
    (
        "vpc-cni",
        None,
        {"resolve_conflicts_on_create": "PRESERVE"},
        "resolve_conflicts_on_create",
        "invalid-argument",
    ),
    ("vpc-cni", None, {"cluster_name": "-demo"}, "cluster_name", "invalid-argument"),
    (
        "vpc-cni",
        None,
        {"addon_version": "latest", "kubernetes_version": None},
        "addon_version",
        "invalid-argument",
    ),
    (
        "vpc-cni",
        None,
        {
            "addon_version": "v1.22.4-eksbuild.3",
            "version_at_plan": True,
            "kubernetes_version": "1.33",
        },
        "addon_version",
        "invalid-argument",
    ),
    # a key of newer versions on an older pinned version
    (
        "vpc-cni",
        {"env": {"NETWORK_POLICY_ENFORCING_MODE": "strict"}},
        {"addon_version": "v1.16.4-eksbuild.2", "kubernetes_version": "1.29"},
        "env.NETWORK_POLICY_ENFORCING_MODE",
        "unknown-key",
    ),
    (
        "kube-proxy",
        {"mode": "nftables"},
        {"addon_version": "v1.30.0-eksbuild.3", "kubernetes_version": "1.30"},
        "mode",
        "invalid-value",
    ),
    # cross-field rules
    (
        "vpc-cni",
        {"env": {"ENABLE_PREFIX_DELEGATION": "true", "WARM_PREFIX_TARGET": "0"}},
        {},
        "env.WARM_PREFIX_TARGET",
        "rule",
    ),
    (
        "vpc-cni",
        {"env": {"ENABLE_PREFIX_DELEGATION": "true"}},
        {},
        "env.WARM_PREFIX_TARGET",
        "rule",
    ),
    (
        "vpc-cni",
        {
            "env": {
                "ENABLE_PREFIX_DELEGATION": "true",
                "WARM_IP_TARGET": "0",
                "MINIMUM_IP_TARGET": "0",
            }
        },
        {},
        "env.WARM_PREFIX_TARGET",
        "rule",
    ),
    (
        "coredns",
        {"autoScaling": {"enabled": True, "minReplicas": 5, "maxReplicas": 3}},
        {},
        "autoScaling.minReplicas",
        "rule",
    ),
    (
        "coredns",
        {"podDisruptionBudget": {"maxUnavailable": 1, "minAvailable": 1}},
        {},
        "podDisruptionBudget.minAvailable",
        "kubernetes",
    ),
]


def run(
    addon: str, configuration: Any, arguments: dict[str, Any]
) -> list[tuple[str, str, str | None]]:
    arguments = {"cluster_name": "demo", "kubernetes_version": "1.33", **arguments}
    found = check(addon, configuration, **arguments).findings
    return [(p.path, p.code.value, p.allowed) for p in found.problems]


@pytest.mark.parametrize(
    ("addon", "configuration", "arguments", "path", "code"),
    CASES,
    ids=[f"{case[0]}:{case[3]}:{case[4]}" for case in CASES],
)
def test_rejects_bad_input(
    addon: str, configuration: Any, arguments: dict[str, Any], path: str, code: str
) -> None:
    problems = run(addon, configuration, arguments)
    matching = [(p, c, allowed) for p, c, allowed in problems if p == path]
    assert matching, problems
    assert matching[0][1] == code, problems
    assert matching[0][2], f"no allowed values for {path}: {problems}"


@pytest.mark.parametrize("addon", ["vpc-cni", "coredns", "kube-proxy"])
def test_valid_input_has_no_problems(addon: str) -> None:
    assert run(addon, {}, {}) == []


# What aws-node accepts (cmd/aws-vpc-cni/main.go, validateEnvVars) must not be refused.
ACCEPTED: list[dict[str, Any]] = [
    # AWS's own manifest defaults: prefix delegation off, WARM_PREFIX_TARGET 1
    {"env": {"ENABLE_PREFIX_DELEGATION": "false", "WARM_PREFIX_TARGET": "1"}},
    {"env": {"WARM_PREFIX_TARGET": "1"}},
    # a zero prefix target is fine when an IP target is set
    {"env": {"ENABLE_PREFIX_DELEGATION": "true", "WARM_PREFIX_TARGET": "0", "WARM_IP_TARGET": "5"}},
    {"env": {"ENABLE_PREFIX_DELEGATION": "true", "MINIMUM_IP_TARGET": "3"}},
]


@pytest.mark.parametrize("configuration", ACCEPTED)
def test_accepts_what_aws_node_accepts(configuration: dict[str, Any]) -> None:
    assert run("vpc-cni", configuration, {}) == []


def test_warm_prefix_target_without_delegation_is_a_no_effect_warning() -> None:
    warnings = check(
        "vpc-cni", {"env": {"WARM_PREFIX_TARGET": "1"}}, kubernetes_version="1.33"
    ).findings.warnings
    assert [(w.code.value, w.path) for w in warnings] == [("no-effect", "env.WARM_PREFIX_TARGET")]
