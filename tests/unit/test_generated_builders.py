"""The generated builders (scripts/gen_builders.py): current, valid against AWS's schemas, in
agreement with the hand-written builders, which keep their public names."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from eks_addons.catalog import CATALOG_ENV, catalog, cataloged_addons
from eks_addons.checks.schema import check_configuration
from eks_addons.config import (
    CoreDnsConfig,
    EbsCsiDriverConfig,
    KubeProxyConfig,
    PodIdentityAgentConfig,
    VpcCniConfig,
)
from eks_addons.config.generated import BUILDER_MODULES, builder_of
from eks_addons.config.kinds import (
    Boolean,
    BoolString,
    Choice,
    Integer,
    IntString,
    JsonArray,
    JsonObject,
    Kind,
    Number,
)
from eks_addons.config.model import AddonConfig, ConfigModel
from eks_addons.errors import Findings
from scripts.addon_pages import REQUIRED_VALUES
from scripts.gen_builders import (
    HAND_WRITTEN,
    build,
    generated_addons,
    newest_schema,
    option_table,
    render,
)
from tests.helpers import ROOT

HAND_WRITTEN_BUILDERS: dict[str, type[AddonConfig]] = {
    "vpc-cni": VpcCniConfig,
    "coredns": CoreDnsConfig,
    "kube-proxy": KubeProxyConfig,
    "aws-ebs-csi-driver": EbsCsiDriverConfig,
    "eks-pod-identity-agent": PodIdentityAgentConfig,
}

# Where a hand-written builder types a key more strictly than AWS's schema does:
# (hand-written kind, generated kind).
LOOSER_IN_THE_SCHEMA = {
    ("Quantity", "Text"),  # resources cpu/memory: the schema says only "string"
    ("Choice", "Text"),  # vpc-cni's log level and SG mode, coredns' computeType: no enum
    ("IntOrPercent", "AnyJson"),  # PDB maxUnavailable/minAvailable: an anyOf
    ("ConfigModel", "JsonObject"),  # aws-ebs-csi-driver controller.resources: free-form
}
FREE_FORM = {"JsonObject", "AnyJson"}
"""A key under a generated free-form object is covered by it (the schema says no more)."""

# Values for the keys AWS requires that the sample configuration cannot invent (patterns).
# Every option of today's hand-written builders and their parts: (class, field, AWS key, kind
# class, or the nested part's class). Their public names and behaviour: change with care.
HAND_WRITTEN_OPTIONS = [
    ("VpcCniConfig", "enable_prefix_delegation", "env.ENABLE_PREFIX_DELEGATION", "BoolString"),
    ("VpcCniConfig", "warm_prefix_target", "env.WARM_PREFIX_TARGET", "IntString"),
    ("VpcCniConfig", "warm_ip_target", "env.WARM_IP_TARGET", "IntString"),
    ("VpcCniConfig", "minimum_ip_target", "env.MINIMUM_IP_TARGET", "IntString"),
    ("VpcCniConfig", "warm_eni_target", "env.WARM_ENI_TARGET", "IntString"),
    ("VpcCniConfig", "max_eni", "env.MAX_ENI", "IntString"),
    ("VpcCniConfig", "enable_pod_eni", "env.ENABLE_POD_ENI", "BoolString"),
    (
        "VpcCniConfig",
        "pod_security_group_enforcing_mode",
        "env.POD_SECURITY_GROUP_ENFORCING_MODE",
        "Choice",
    ),
    (
        "VpcCniConfig",
        "custom_network_cfg",
        "env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG",
        "BoolString",
    ),
    ("VpcCniConfig", "eni_config_label_def", "env.ENI_CONFIG_LABEL_DEF", "Text"),
    ("VpcCniConfig", "external_snat", "env.AWS_VPC_K8S_CNI_EXTERNALSNAT", "BoolString"),
    ("VpcCniConfig", "exclude_snat_cidrs", "env.AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS", "Text"),
    ("VpcCniConfig", "external_service_cidrs", "env.AWS_EXTERNAL_SERVICE_CIDRS", "Text"),
    ("VpcCniConfig", "enable_v4_egress", "env.ENABLE_V4_EGRESS", "BoolString"),
    ("VpcCniConfig", "enable_v6_egress", "env.ENABLE_V6_EGRESS", "BoolString"),
    ("VpcCniConfig", "init_enable_v6_egress", "init.env.ENABLE_V6_EGRESS", "BoolString"),
    ("VpcCniConfig", "eni_mtu", "env.AWS_VPC_ENI_MTU", "IntString"),
    ("VpcCniConfig", "log_level", "env.AWS_VPC_K8S_CNI_LOGLEVEL", "Choice"),
    (
        "VpcCniConfig",
        "init_disable_tcp_early_demux",
        "init.env.DISABLE_TCP_EARLY_DEMUX",
        "BoolString",
    ),
    ("VpcCniConfig", "enable_network_policy", "enableNetworkPolicy", "BoolString"),
    (
        "VpcCniConfig",
        "network_policy_enforcing_mode",
        "env.NETWORK_POLICY_ENFORCING_MODE",
        "Choice",
    ),
    ("VpcCniConfig", "resources", "resources", "Resources"),
    ("VpcCniConfig", "tolerations", "tolerations", "JsonArray"),
    ("VpcCniConfig", "affinity", "affinity", "JsonObject"),
    ("VpcCniConfig", "pod_annotations", "podAnnotations", "JsonObject"),
    ("VpcCniConfig", "pod_labels", "podLabels", "JsonObject"),
    ("VpcCniConfig", "liveness_probe_timeout_seconds", "livenessProbeTimeoutSeconds", "Integer"),
    (
        "VpcCniConfig",
        "readiness_probe_timeout_seconds",
        "readinessProbeTimeoutSeconds",
        "Integer",
    ),
    ("Resources", "limits", "limits", "ResourceQuantities"),
    ("Resources", "requests", "requests", "ResourceQuantities"),
    ("ResourceQuantities", "cpu", "cpu", "Quantity"),
    ("ResourceQuantities", "memory", "memory", "Quantity"),
    ("CoreDnsConfig", "compute_type", "computeType", "Choice"),
    ("CoreDnsConfig", "replica_count", "replicaCount", "Integer"),
    ("CoreDnsConfig", "resources", "resources", "Resources"),
    ("CoreDnsConfig", "auto_scaling", "autoScaling", "AutoScaling"),
    ("CoreDnsConfig", "pod_disruption_budget", "podDisruptionBudget", "PodDisruptionBudget"),
    ("CoreDnsConfig", "node_selector", "nodeSelector", "JsonObject"),
    ("CoreDnsConfig", "tolerations", "tolerations", "JsonArray"),
    ("CoreDnsConfig", "affinity", "affinity", "JsonObject"),
    ("CoreDnsConfig", "topology_spread_constraints", "topologySpreadConstraints", "JsonArray"),
    ("CoreDnsConfig", "pod_annotations", "podAnnotations", "JsonObject"),
    ("CoreDnsConfig", "pod_labels", "podLabels", "JsonObject"),
    ("CoreDnsConfig", "corefile", "corefile", "Text"),
    ("AutoScaling", "enabled", "enabled", "Boolean"),
    ("AutoScaling", "min_replicas", "minReplicas", "Integer"),
    ("AutoScaling", "max_replicas", "maxReplicas", "Integer"),
    ("PodDisruptionBudget", "enabled", "enabled", "Boolean"),
    ("PodDisruptionBudget", "max_unavailable", "maxUnavailable", "IntOrPercent"),
    ("PodDisruptionBudget", "min_available", "minAvailable", "IntOrPercent"),
    ("KubeProxyConfig", "mode", "mode", "Choice"),
    ("KubeProxyConfig", "ipvs_scheduler", "ipvs.scheduler", "Text"),
    ("KubeProxyConfig", "resources", "resources", "Resources"),
    ("KubeProxyConfig", "pod_annotations", "podAnnotations", "JsonObject"),
    ("KubeProxyConfig", "pod_labels", "podLabels", "JsonObject"),
    ("EbsCsiDriverConfig", "default_storage_class", "defaultStorageClass.enabled", "Boolean"),
    ("EbsCsiDriverConfig", "extra_volume_tags", "controller.extraVolumeTags", "JsonObject"),
    ("EbsCsiDriverConfig", "controller_replica_count", "controller.replicaCount", "Integer"),
    (
        "EbsCsiDriverConfig",
        "volume_modification",
        "controller.volumeModificationFeature.enabled",
        "Boolean",
    ),
    ("EbsCsiDriverConfig", "controller_logging_format", "controller.loggingFormat", "Choice"),
    ("EbsCsiDriverConfig", "controller_resources", "controller.resources", "Resources"),
    ("EbsCsiDriverConfig", "controller_tolerations", "controller.tolerations", "JsonArray"),
    ("EbsCsiDriverConfig", "controller_node_selector", "controller.nodeSelector", "JsonObject"),
    ("EbsCsiDriverConfig", "node_logging_format", "node.loggingFormat", "Choice"),
    ("EbsCsiDriverConfig", "node_enable_windows", "node.enableWindows", "Boolean"),
    ("EbsCsiDriverConfig", "fips", "fips", "Boolean"),
    ("EbsCsiDriverConfig", "debug_logs", "debugLogs", "Boolean"),
    ("PodIdentityAgentConfig", "resources", "resources", "Resources"),
    ("PodIdentityAgentConfig", "tolerations", "tolerations", "JsonArray"),
    ("PodIdentityAgentConfig", "node_selector", "nodeSelector", "JsonObject"),
    ("PodIdentityAgentConfig", "affinity", "affinity", "JsonObject"),
    ("PodIdentityAgentConfig", "pod_annotations", "podAnnotations", "JsonObject"),
    ("PodIdentityAgentConfig", "priority_class_name", "priorityClassName", "Text"),
    ("PodIdentityAgentConfig", "agent_additional_args", "agent.additionalArgs", "JsonObject"),
    ("PodIdentityAgentConfig", "hybrid_daemonset", "daemonsets.hybrid.create", "Boolean"),
]


def builder(addon: str) -> type[AddonConfig]:
    found = builder_of(addon)
    assert found is not None
    return found


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def declared_table(cls: type[ConfigModel], prefix: str = "") -> Iterator[tuple[str, str]]:
    """``(dotted AWS key, kind class)`` of every option, nested parts (``ConfigModel``) walked."""
    for _, opt in cls.options():
        key = _join(prefix, opt.key)
        if isinstance(opt.kind, Kind):
            yield key, type(opt.kind).__name__
        else:
            yield key, "ConfigModel"
            yield from declared_table(opt.kind, key)


def sample(cls: type[ConfigModel], prefix: str, given: Mapping[str, Any]) -> ConfigModel | None:
    """A small valid configuration from the option table: every boolean false, every enum its
    first member, integers at a bound, empty objects and arrays, nested parts that can be
    filled; ``given`` supplies what cannot be invented. ``None``: nothing (or a required key)
    to set."""
    values: dict[str, Any] = {}
    for name, opt in cls.options():
        key, kind = _join(prefix, opt.key), opt.kind
        if key in given:
            values[name] = given[key]
        elif isinstance(kind, Boolean | BoolString):
            values[name] = False
        elif isinstance(kind, Choice):
            values[name] = next(iter(kind.enum))
        elif isinstance(kind, Integer):
            values[name] = next(b for b in (kind.minimum, kind.maximum, 1) if b is not None)
        elif isinstance(kind, IntString):
            values[name] = 1
        elif isinstance(kind, Number):
            values[name] = 1.5
        elif isinstance(kind, JsonObject):
            values[name] = {}
        elif isinstance(kind, JsonArray):
            values[name] = []
        elif not isinstance(kind, Kind) and (part := sample(kind, key, given)) is not None:
            values[name] = part
        if opt.required and name not in values:
            return None
    if not values and not issubclass(cls, AddonConfig):
        return None
    return cls(**values)


@pytest.fixture
def shipped_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped catalog, whose schemas the builders are generated from."""
    monkeypatch.delenv(CATALOG_ENV)


def test_generated_files_are_current() -> None:
    # the subprocess inherits the fixture catalog's EKS_ADDONS_CATALOG: the generator ignores it
    result = subprocess.run(
        [sys.executable, "-m", "scripts.gen_builders", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_is_a_pure_function_of_the_catalog() -> None:
    first = [render(build(addon)) for addon in generated_addons()]
    assert first == [render(build(addon)) for addon in generated_addons()]


def test_every_aws_and_community_addon_has_a_builder(shipped_catalog: None) -> None:
    owned = set()
    for name in cataloged_addons():
        found = catalog(name)
        assert found is not None
        if found.info.get("owner") in ("aws", "community"):
            owned.add(name)
    assert len(owned) == 29
    assert owned >= HAND_WRITTEN
    assert set(BUILDER_MODULES) == owned - HAND_WRITTEN
    assert len(BUILDER_MODULES) == 24


@pytest.mark.parametrize("addon", sorted(BUILDER_MODULES))
def test_empty_builder_renders_empty_object(addon: str) -> None:
    assert builder(addon)().to_dict() == {}
    assert builder(addon)().to_json() == "{}"


@pytest.mark.parametrize("addon", sorted(BUILDER_MODULES))
def test_module_names_its_source(addon: str) -> None:
    cls = builder(addon)
    version, _ = newest_schema(addon)
    module = sys.modules[cls.__module__]
    assert " ".join((module.__doc__ or "").split()) == (
        f"Generated by scripts/gen_builders.py from AWS's configuration schema of {addon} "
        f"{version}; do not edit by hand."
    )
    said = " ".join((cls.__doc__ or "").split())
    assert said.startswith(
        f"Configuration of ``{addon}``, generated from AWS's schema of {version}."
    )


@pytest.mark.parametrize("addon", sorted(BUILDER_MODULES))
def test_builder_declares_the_generators_option_table(addon: str) -> None:
    assert dict(declared_table(builder(addon))) == option_table(addon)


@pytest.mark.parametrize("addon", sorted(BUILDER_MODULES))
def test_sample_configuration_round_trips_and_is_valid(addon: str, shipped_catalog: None) -> None:
    cls = builder(addon)
    config = sample(cls, "", REQUIRED_VALUES.get(addon, {}))
    assert isinstance(config, cls)
    data = config.to_dict()
    if cls.options():
        assert data, "the sample sets nothing"
    back = cls.from_dict(data)
    assert back == config
    assert back.extra is None
    assert back.to_dict() == data
    findings = Findings()
    version, _ = newest_schema(addon)
    check_configuration(addon, version, data, findings)
    assert findings.problems == []
    assert findings.warnings == []


@pytest.mark.parametrize("addon", sorted(HAND_WRITTEN_BUILDERS))
def test_generator_agrees_with_the_hand_written_builder(addon: str) -> None:
    generated = option_table(addon)
    disagreements = []
    for key, kind in declared_table(HAND_WRITTEN_BUILDERS[addon]):
        found = generated.get(key)
        if found is None:
            parents = [key.rsplit(".", depth)[0] for depth in range(1, key.count(".") + 1)]
            if any(generated.get(parent) in FREE_FORM for parent in parents):
                continue
        if found != kind and (kind, found) not in LOOSER_IN_THE_SCHEMA:
            disagreements.append((key, kind, found))
    assert disagreements == []


def test_the_allowed_disagreements_all_occur() -> None:
    occurring = {
        (kind, option_table(addon).get(key))
        for addon, builder in HAND_WRITTEN_BUILDERS.items()
        for key, kind in declared_table(builder)
    }
    assert occurring >= LOOSER_IN_THE_SCHEMA


def test_hand_written_builders_keep_their_options() -> None:
    parts: list[type[ConfigModel]] = []

    def collect(cls: type[ConfigModel]) -> None:
        if cls not in parts:
            parts.append(cls)
        for _, opt in cls.options():
            if not isinstance(opt.kind, Kind):
                collect(opt.kind)

    for builder in HAND_WRITTEN_BUILDERS.values():
        collect(builder)
    declared = [
        (
            part.__name__,
            name,
            opt.key,
            type(opt.kind).__name__ if isinstance(opt.kind, Kind) else opt.kind.__name__,
        )
        for part in parts
        for name, opt in part.options()
    ]
    assert declared == HAND_WRITTEN_OPTIONS
