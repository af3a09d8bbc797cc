"""The adversarial tables: each case an input and its exact outcome.

An outcome is ``Err(code, path)`` (exactly these problems), or ``Ok(json, *warning codes)``
(accepted: exactly this ``configuration_values`` and exactly these warnings).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eks_addons.config import CoreDnsConfig, KubeProxyConfig, VpcCniConfig


@dataclass(frozen=True)
class Err:
    """Refused, with exactly these ``(code, path)`` problems."""

    problems: tuple[tuple[str, str], ...]

    def __init__(self, *problems: tuple[str, str]) -> None:
        object.__setattr__(self, "problems", tuple(sorted(problems)))


@dataclass(frozen=True)
class Ok:
    """Accepted: exactly this JSON written, exactly these warnings."""

    json: str | None
    warnings: tuple[str, ...] = field(default=())

    def __init__(self, json: str | None, *warnings: str) -> None:
        object.__setattr__(self, "json", json)
        object.__setattr__(self, "warnings", tuple(sorted(warnings)))


def err(code: str, path: str) -> Err:
    """One problem."""
    return Err((code, path))


@dataclass(frozen=True)
class Case:
    """One input to an add-on on Kubernetes 1.33 (unless ``arguments`` say otherwise)."""

    name: str
    addon: str
    configuration: Any
    expected: Err | Ok
    arguments: dict[str, Any] = field(default_factory=dict)


def env(**values: str) -> dict[str, Any]:
    """A vpc-cni configuration of ``env`` values."""
    return {"env": values}


def env_json(**values: str) -> str:
    """The canonical JSON of :func:`env`."""
    body = ",".join(f'"{key}":"{value}"' for key, value in sorted(values.items()))
    return '{"env":{' + body + "}}"


RULE, TYPE, VALUE, KEY = "rule", "invalid-type", "invalid-value", "unknown-key"
KUBERNETES = "kubernetes"
IAM = "iam-not-granted"  # pod ENIs need the cluster role's AmazonEKSVPCResourceController
PD = {"ENABLE_PREFIX_DELEGATION": "true"}


def startup_cases() -> list[Case]:
    """aws-node's startup checks (cmd/aws-vpc-cni/main.go, validateEnvVars), and what passes."""
    veth = "env.AWS_VPC_K8S_CNI_VETHPREFIX"
    log = "env.AWS_VPC_K8S_PLUGIN_LOG_FILE"
    sg = "env.POD_SECURITY_GROUP_ENFORCING_MODE"
    cool = "env.IP_COOLDOWN_PERIOD"
    cases = [
        *(
            Case(
                f"veth prefix {p!r} is refused",
                "vpc-cni",
                env(AWS_VPC_K8S_CNI_VETHPREFIX=p),
                err(RULE, veth),
            )
            for p in ("abcde", "eth", "lo", "vlan", "veth0", "enidev")
        ),
        *(
            Case(
                f"veth prefix {p!r} passes",
                "vpc-cni",
                env(AWS_VPC_K8S_CNI_VETHPREFIX=p),
                Ok(env_json(AWS_VPC_K8S_CNI_VETHPREFIX=p)),
            )
            for p in ("eni", "abcd", "a", "eth0", "lo1", "vla")
        ),
        Case(
            "plugin log to stdout is refused",
            "vpc-cni",
            env(AWS_VPC_K8S_PLUGIN_LOG_FILE="stdout"),
            err(RULE, log),
        ),
        *(
            Case(
                f"plugin log to {p!r} passes",
                "vpc-cni",
                env(AWS_VPC_K8S_PLUGIN_LOG_FILE=p),
                Ok(env_json(AWS_VPC_K8S_PLUGIN_LOG_FILE=p)),
            )
            for p in ("stderr", "/var/log/aws-routed-eni/plugin.log", "STDOUT")
        ),
        *(
            Case(
                f"pod SG mode {m!r} with pod ENI is refused",
                "vpc-cni",
                env(ENABLE_POD_ENI="true", POD_SECURITY_GROUP_ENFORCING_MODE=m),
                err(RULE, sg),
            )
            for m in ("loose", "STRICT", "", "standard ")
        ),
        *(
            Case(
                f"pod SG mode {m!r} with pod ENI passes",
                "vpc-cni",
                env(ENABLE_POD_ENI="true", POD_SECURITY_GROUP_ENFORCING_MODE=m),
                Ok(env_json(ENABLE_POD_ENI="true", POD_SECURITY_GROUP_ENFORCING_MODE=m), IAM),
            )
            for m in ("strict", "standard")
        ),
        Case(
            "pod SG mode 'loose' without pod ENI is kept with a warning",
            "vpc-cni",
            env(POD_SECURITY_GROUP_ENFORCING_MODE="loose"),
            Ok(env_json(POD_SECURITY_GROUP_ENFORCING_MODE="loose"), "unknown-value"),
        ),
        Case(
            "pod ENI alone passes (mode defaults to strict)",
            "vpc-cni",
            env(ENABLE_POD_ENI="true"),
            Ok(env_json(ENABLE_POD_ENI="true"), IAM),
        ),
        *(
            Case(
                f"IP cooldown {v!r} is refused",
                "vpc-cni",
                env(IP_COOLDOWN_PERIOD=v),
                err(code, cool),
            )
            for v, code in (("-1", RULE), ("-30", RULE), ("thirty", VALUE), ("3.5", VALUE))
        ),
        *(
            Case(
                f"IP cooldown {v!r} passes",
                "vpc-cni",
                env(IP_COOLDOWN_PERIOD=v),
                Ok(env_json(IP_COOLDOWN_PERIOD=v)),
            )
            for v in ("0", "30", "600")
        ),
        Case(
            "IP cooldown -1 passes on v1.14, before aws-node checked it (unknown key there)",
            "vpc-cni",
            env(IP_COOLDOWN_PERIOD="-1"),
            err(KEY, cool),
            {"addon_version": "v1.14.1-eksbuild.1", "kubernetes_version": "1.28"},
        ),
    ]
    for key in ("AWS_VPC_ENI_MTU", "POD_MTU"):
        path = f"env.{key}"
        cases += [
            *(
                Case(f"{key} {v!r} is refused", "vpc-cni", env(**{key: v}), err(code, path))
                for v, code in (
                    ("575", RULE),
                    ("9002", RULE),
                    ("0", RULE),
                    ("-1500", RULE),
                    ("jumbo", VALUE),
                )
            ),
            *(
                Case(f"{key} {v!r} passes", "vpc-cni", env(**{key: v}), Ok(env_json(**{key: v})))
                for v in ("1280", "1500", "9001")
            ),
            *(
                Case(
                    f"{key} {v!r} passes on IPv4 only",
                    "vpc-cni",
                    env(**{key: v}),
                    Ok(env_json(**{key: v}), "ipv6-incompatible"),
                )
                for v in ("576", "1279")
            ),
        ]
    cases.append(
        Case(
            "an MTU of 100 passes on v1.16, before aws-node checked it",
            "vpc-cni",
            env(AWS_VPC_ENI_MTU="100"),
            Ok(env_json(AWS_VPC_ENI_MTU="100")),
            {"addon_version": "v1.16.4-eksbuild.2", "kubernetes_version": "1.28"},
        )
    )
    # prefix delegation: aws-node needs one warm target >= 1 (compared as strings)
    warm = "env.WARM_PREFIX_TARGET"
    for targets, outcome in (
        ({}, err(RULE, warm)),
        ({"WARM_PREFIX_TARGET": "0"}, err(RULE, warm)),
        (
            {"WARM_PREFIX_TARGET": "0", "WARM_IP_TARGET": "0", "MINIMUM_IP_TARGET": "0"},
            err(RULE, warm),
        ),
        ({"WARM_PREFIX_TARGET": "-1"}, Err((RULE, warm))),
        ({"WARM_PREFIX_TARGET": "1"}, None),
        ({"WARM_PREFIX_TARGET": "0", "WARM_IP_TARGET": "5"}, "no-effect"),
        ({"MINIMUM_IP_TARGET": "3"}, None),
        ({"WARM_IP_TARGET": "1"}, None),
        ({"WARM_PREFIX_TARGET": "2", "MINIMUM_IP_TARGET": "10"}, "no-effect"),
        ({"WARM_PREFIX_TARGET": "1", "WARM_IP_TARGET": "0"}, None),
    ):
        values = {**PD, **targets}
        expected = (
            outcome
            if isinstance(outcome, Err)
            else Ok(env_json(**values), *([outcome] if outcome else []))
        )
        cases.append(
            Case(
                f"prefix delegation with {targets or 'no targets'}",
                "vpc-cni",
                env(**values),
                expected,
            )
        )
    cases += [
        Case(
            "AWS's manifest defaults: no delegation, WARM_PREFIX_TARGET 1",
            "vpc-cni",
            env(ENABLE_PREFIX_DELEGATION="false", WARM_PREFIX_TARGET="1"),
            Ok(env_json(ENABLE_PREFIX_DELEGATION="false", WARM_PREFIX_TARGET="1"), "no-effect"),
        ),
        Case(
            "WARM_PREFIX_TARGET without delegation has no effect",
            "vpc-cni",
            env(WARM_PREFIX_TARGET="1"),
            Ok(env_json(WARM_PREFIX_TARGET="1"), "no-effect"),
        ),
        Case(
            "delegation off with every target 0 passes",
            "vpc-cni",
            env(ENABLE_PREFIX_DELEGATION="false", WARM_IP_TARGET="0", MINIMUM_IP_TARGET="0"),
            Ok(
                env_json(
                    ENABLE_PREFIX_DELEGATION="false", WARM_IP_TARGET="0", MINIMUM_IP_TARGET="0"
                )
            ),
        ),
        *(
            Case(
                f"a negative {key} is ignored by ipamd",
                "vpc-cni",
                env(**{key: "-1"}),
                Ok(env_json(**{key: "-1"}), "ignored-value"),
            )
            for key in ("WARM_IP_TARGET", "MINIMUM_IP_TARGET", "WARM_ENI_TARGET")
        ),
        Case(
            "MINIMUM_IP_TARGET alone passes (a 2023 branch's check, never released)",
            "vpc-cni",
            env(MINIMUM_IP_TARGET="10"),
            Ok(env_json(MINIMUM_IP_TARGET="10")),
        ),
        Case(
            "the seed's configuration passes",
            "vpc-cni",
            {
                "env": {"ENABLE_POD_ENI": "true", **PD, "WARM_PREFIX_TARGET": "1"},
                "init": {"env": {"DISABLE_TCP_EARLY_DEMUX": "true"}},
            },
            Ok(
                '{"env":{"ENABLE_POD_ENI":"true","ENABLE_PREFIX_DELEGATION":"true","WARM_PREFIX_TARGET":"1"},"init":{"env":{"DISABLE_TCP_EARLY_DEMUX":"true"}}}',
                IAM,
            ),
        ),
    ]
    return cases


def value_cases() -> list[Case]:
    """Values that are not JSON, or not Kubernetes."""
    nan, inf = float("nan"), float("inf")
    res = "resources.limits"

    def resources(cpu: str, memory: str = "128Mi") -> dict[str, Any]:
        both = {"cpu": cpu, "memory": memory}
        return {"resources": {"limits": both, "requests": both}}

    def resources_json(cpu: str, memory: str = "128Mi") -> str:
        both = f'{{"cpu":"{cpu}","memory":"{memory}"}}'
        return f'{{"resources":{{"limits":{both},"requests":{both}}}}}'

    cases = [
        Case(
            "NaN in nodeSelector",
            "coredns",
            {"nodeSelector": {"a": nan}},
            err(VALUE, "nodeSelector.a"),
        ),
        Case(
            "Infinity in tolerations",
            "coredns",
            {"tolerations": [{"tolerationSeconds": inf}]},
            err(VALUE, "tolerations.0.tolerationSeconds"),
        ),
        Case(
            "-Infinity in affinity", "vpc-cni", {"affinity": {"x": -inf}}, err(VALUE, "affinity.x")
        ),
        Case("NaN in an unknown key", "kube-proxy", {"x": nan}, err(VALUE, "x")),
        Case(
            "bytes in tolerations", "coredns", {"tolerations": [b"key"]}, err(TYPE, "tolerations.0")
        ),
        Case(
            "bytes as a podLabels value",
            "kube-proxy",
            {"podLabels": {"a": b"b"}},
            err(TYPE, "podLabels.a"),
        ),
        Case("a set in affinity", "coredns", {"affinity": {"x": {1, 2}}}, err(TYPE, "affinity.x")),
        Case("a non-string key", "coredns", {"nodeSelector": {1: "a"}}, err(TYPE, "nodeSelector")),
        Case("a float replicaCount", "coredns", {"replicaCount": 2.0}, err(TYPE, "replicaCount")),
        Case("a bool replicaCount", "coredns", {"replicaCount": True}, err(TYPE, "replicaCount")),
    ]
    for cpu in ("100m", "0.25", "1", "1.5", "2000m", "+1", ".5", "1e3", "250u"):
        cases.append(
            Case(f"cpu {cpu!r} is a quantity", "coredns", resources(cpu), Ok(resources_json(cpu)))
        )
    for memory in ("256M", "256Mi", "1Gi", "1G", "134217728", "128974848e0", "1.5Gi"):
        cases.append(
            Case(
                f"memory {memory!r} is a quantity",
                "coredns",
                resources("100m", memory),
                Ok(resources_json("100m", memory)),
            )
        )
    for cpu in ("lots", "-1", "1.5.5", "", "1 Gi", "100 m", "0x10", "1mi"):
        cases.append(
            Case(
                f"cpu {cpu!r} is not a quantity",
                "coredns",
                resources(cpu),
                Err((VALUE, f"{res}.cpu"), (VALUE, "resources.requests.cpu")),
            )
        )
    for memory in ("256MB", "1GB", "2gb", "Mi", "256 Mi"):
        cases.append(
            Case(
                f"memory {memory!r} is not a quantity",
                "kube-proxy",
                resources("100m", memory),
                Err((VALUE, f"{res}.memory"), (VALUE, "resources.requests.memory")),
            )
        )
    return cases


def free_string_cases() -> list[Case]:
    """Strings AWS's schema leaves free: kept as given, with a warning; enums refused."""
    return [
        *(
            Case(
                f"computeType {v!r} is kept",
                "coredns",
                {"computeType": v},
                Ok(f'{{"computeType":"{v}"}}', "unknown-value"),
            )
            for v in ("fargate", "FARGATE", "ec2", "Auto")
        ),
        *(
            Case(
                f"computeType {v!r} is known",
                "coredns",
                {"computeType": v},
                Ok(f'{{"computeType":"{v}"}}'),
            )
            for v in ("EC2", "Fargate")
        ),
        *(
            Case(
                f"log level {v!r} is kept",
                "vpc-cni",
                env(AWS_VPC_K8S_CNI_LOGLEVEL=v),
                Ok(env_json(AWS_VPC_K8S_CNI_LOGLEVEL=v), "unknown-value"),
            )
            for v in ("TRACE", "debug", "warning")
        ),
        Case(
            "network policy mode 'deny' is refused by AWS's enum",
            "vpc-cni",
            env(NETWORK_POLICY_ENFORCING_MODE="deny"),
            err(VALUE, "env.NETWORK_POLICY_ENFORCING_MODE"),
        ),
        Case(
            "kube-proxy mode 'userspace' is refused by AWS's enum",
            "kube-proxy",
            {"mode": "userspace"},
            err(VALUE, "mode"),
        ),
        Case(
            "kube-proxy mode 'IPVS' is refused by AWS's enum",
            "kube-proxy",
            {"mode": "IPVS"},
            err(VALUE, "mode"),
        ),
        Case(
            "a computeType that is not a string",
            "coredns",
            {"computeType": 1},
            err(TYPE, "computeType"),
        ),
    ]


def extra_cases() -> list[Case]:
    """Typed keys given through ``extra`` get the typed checks (builders raise at once)."""
    return [
        Case(
            "replicaCount as a string in extra",
            "coredns",
            lambda: CoreDnsConfig(extra={"replicaCount": "2"}),
            err(TYPE, "replicaCount"),
        ),
        Case(
            "a Python bool in extra's env",
            "vpc-cni",
            lambda: VpcCniConfig(extra={"env": {"ENABLE_POD_ENI": True}}),
            err(TYPE, "env.ENABLE_POD_ENI"),
        ),
        Case(
            "a bad quantity in extra",
            "kube-proxy",
            lambda: KubeProxyConfig(extra={"resources": {"limits": {"cpu": "lots"}}}),
            err(VALUE, "resources.limits.cpu"),
        ),
        Case(
            "computeType EC2 in extra is accepted",
            "coredns",
            lambda: CoreDnsConfig(extra={"computeType": "EC2"}),
            Ok('{"computeType":"EC2"}'),
        ),
        Case(
            "a startup rule reaches extra",
            "vpc-cni",
            lambda: VpcCniConfig(extra={"env": {"AWS_VPC_K8S_PLUGIN_LOG_FILE": "stdout"}}),
            err(RULE, "env.AWS_VPC_K8S_PLUGIN_LOG_FILE"),
        ),
        Case(
            "an unknown key in extra",
            "coredns",
            lambda: CoreDnsConfig(extra={"replicas": 2}),
            err(KEY, "replicas"),
        ),
        Case(
            "NaN in extra",
            "coredns",
            lambda: CoreDnsConfig(extra={"x": float("nan")}),
            err(VALUE, "x"),
        ),
        Case(
            "a key set typed and in extra",
            "coredns",
            lambda: CoreDnsConfig(replica_count=2, extra={"replicaCount": 3}),
            err("conflicting-key", "replicaCount"),
        ),
        Case(
            "extra merged with typed options",
            "vpc-cni",
            lambda: VpcCniConfig(enable_pod_eni=True, extra={"env": {"MAX_ENI": "4"}}),
            Ok(env_json(ENABLE_POD_ENI="true", MAX_ENI="4"), IAM),
        ),
        Case(
            "an extra that is not a mapping",
            "coredns",
            lambda: CoreDnsConfig(extra=[1]),  # type: ignore[arg-type]
            err(TYPE, "(root)"),
        ),
    ]


def argument_cases() -> list[Case]:
    """Arguments the provider or EKS refuses, and their valid neighbours."""
    return [
        Case(
            "a float Kubernetes version",
            "vpc-cni",
            None,
            err(TYPE, "kubernetes_version"),
            {"kubernetes_version": 1.30},
        ),
        Case(
            "a Kubernetes version with a v",
            "vpc-cni",
            None,
            err("invalid-argument", "kubernetes_version"),
            {"kubernetes_version": "v1.30"},
        ),
        Case(
            "a patch-level Kubernetes version",
            "vpc-cni",
            None,
            err("invalid-argument", "kubernetes_version"),
            {"kubernetes_version": "1.30.2"},
        ),
        Case(
            "latest is the newest version",
            "kube-proxy",
            None,
            Ok(None),
            {"addon_version": "latest"},
        ),
        Case(
            "an add-on version without v",
            "kube-proxy",
            None,
            err("invalid-argument", "addon_version"),
            {"addon_version": "1.33.0-eksbuild.1"},
        ),
        Case(
            "an incompatible pin",
            "vpc-cni",
            None,
            err("incompatible-version", "addon_version"),
            {"addon_version": "v1.14.0-eksbuild.3"},
        ),
        Case(
            "an unknown pin is a warning",
            "vpc-cni",
            None,
            Ok(None, "unknown-version"),
            {"addon_version": "v1.99.0-eksbuild.1"},
        ),
        Case(
            "a cluster name with a space",
            "coredns",
            None,
            err("invalid-argument", "cluster_name"),
            {"cluster_name": "my cluster"},
        ),
        Case(
            "PRESERVE on create",
            "coredns",
            None,
            err("invalid-argument", "resolve_conflicts_on_create"),
            {"resolve_conflicts_on_create": "PRESERVE"},
        ),
        Case(
            "PRESERVE on update",
            "coredns",
            None,
            Ok(None),
            {"resolve_conflicts_on_update": "PRESERVE"},
        ),
        Case("a misspelt add-on name", "vpc_cni", None, err("invalid-argument", "addon_name")),
        Case(
            "another misspelt add-on name", "core-dns", None, err("invalid-argument", "addon_name")
        ),
        Case(
            "an add-on the library does not model",
            "amazon-cloudwatch-observability",
            None,
            Ok(None),
        ),
        Case(
            "a token configuration is written as given",
            "coredns",
            {"replicaCount": "${TfToken[TOKEN.1]}"},
            Ok('{"replicaCount":"${TfToken[TOKEN.1]}"}', "unresolved-configuration"),
        ),
        Case(
            "a token beside checked keys",
            "vpc-cni",
            {"env": {"MAX_ENI": "${TfToken[TOKEN.2]}", "AWS_VPC_K8S_PLUGIN_LOG_FILE": "stdout"}},
            err(RULE, "env.AWS_VPC_K8S_PLUGIN_LOG_FILE"),
        ),
        Case(
            "a whole-token configuration",
            "coredns",
            "${TfToken[TOKEN.3]}",
            Ok("${TfToken[TOKEN.3]}", "unresolved-configuration"),
        ),
    ]


def rule_cases() -> list[Case]:
    """CoreDNS and kube-proxy rules: refused where Kubernetes refuses, warned where ignored."""
    pdb = "podDisruptionBudget"
    return [
        Case(
            "requests without limits",
            "coredns",
            {"resources": {"requests": {"cpu": "0.25"}}},
            Ok('{"resources":{"requests":{"cpu":"0.25"}}}'),
        ),
        Case(
            "limits without requests",
            "coredns",
            {"resources": {"limits": {"memory": "256M"}}},
            Ok('{"resources":{"limits":{"memory":"256M"}}}'),
        ),
        Case(
            "a misspelt PDB key is ignored by the add-on",
            "coredns",
            {pdb: {"maxUnavaliable": 1}},
            Ok('{"podDisruptionBudget":{"maxUnavaliable":1}}', "no-effect"),
        ),
        Case(
            "a PDB with both bounds",
            "coredns",
            {pdb: {"maxUnavailable": 1, "minAvailable": 1}},
            err(KUBERNETES, f"{pdb}.minAvailable"),
        ),
        Case(
            "a PDB with a percentage",
            "coredns",
            {pdb: {"maxUnavailable": "25%"}},
            Ok('{"podDisruptionBudget":{"maxUnavailable":"25%"}}'),
        ),
        Case(
            "autoscaling min above max",
            "coredns",
            {"autoScaling": {"enabled": True, "minReplicas": 5, "maxReplicas": 3}},
            err(RULE, "autoScaling.minReplicas"),
        ),
        Case(
            "replicaCount beside autoscaling",
            "coredns",
            {"autoScaling": {"enabled": True}, "replicaCount": 3},
            Ok('{"autoScaling":{"enabled":true},"replicaCount":3}', "no-effect"),
        ),
        Case(
            "an IPVS scheduler without IPVS",
            "kube-proxy",
            {"ipvs": {"scheduler": "lc"}},
            Ok('{"ipvs":{"scheduler":"lc"}}', "no-effect"),
        ),
        Case(
            "an IPVS scheduler with IPVS",
            "kube-proxy",
            {"ipvs": {"scheduler": "lc"}, "mode": "ipvs"},
            Ok('{"ipvs":{"scheduler":"lc"},"mode":"ipvs"}'),
        ),
        Case(
            "nftables before v1.31.0-eksbuild.2",
            "kube-proxy",
            {"mode": "nftables"},
            err(VALUE, "mode"),
            {"addon_version": "v1.30.0-eksbuild.3", "kubernetes_version": "1.30"},
        ),
    ]


def all_cases() -> dict[str, list[Case]]:
    """Every pure case, by class."""
    return {
        "startup": startup_cases(),
        "values": value_cases(),
        "free-strings": free_string_cases(),
        "extra": extra_cases(),
        "arguments": argument_cases(),
        "rules": rule_cases(),
        "kubernetes": kubernetes_cases(),
        "provider": provider_cases(),
        "bounds": bounds_cases(),
        "all-at-once": all_at_once_cases(),
        "addressing": addressing_cases(),
    }


def addressing_cases() -> list[Case]:
    """The add-on's place in Terraform: names Terraform takes or refuses (HCL's
    ValidIdentifier), moved addresses (one resource type), adopt's type."""
    arg = "invalid-argument"

    def named(name: str, value: object, expected: Err | Ok, key: str = "logical_id") -> Case:
        return Case(name, "kube-proxy", None, expected, {key: value})

    ok = Ok(None)
    return [
        named("a plain name", "kube_proxy", ok),
        named("a name with dashes", "kube-proxy-1", ok),
        named("a leading underscore", "_proxy", ok),
        named("a non-ASCII letter (HCL takes Unicode letters)", "prøxy", ok),
        named("a leading digit", "1proxy", err(arg, "logical_id")),
        named("a leading dash", "-proxy", err(arg, "logical_id")),
        named("a dot", "kube.proxy", err(arg, "logical_id")),
        named("a space", "kube proxy", err(arg, "logical_id")),
        named("empty", "", err(arg, "logical_id")),
        named("not a string", 3, err(arg, "logical_id")),
        named("moved from a root address", "aws_eks_addon.kube_proxy", ok, "moved_from"),
        named("moved from a counted address", "aws_eks_addon.this[0]", ok, "moved_from"),
        named(
            "moved from a module's keyed address",
            'module.eks.aws_eks_addon.this["kube-proxy"]',
            ok,
            "moved_from",
        ),
        named(
            "moved from another resource type",
            "aws_eks_cluster.this",
            err(arg, "moved_from"),
            "moved_from",
        ),
        named("moved from a bare name", "kube_proxy", err(arg, "moved_from"), "moved_from"),
        named(
            "moved from an unquoted key",
            "aws_eks_addon.this[kube]",
            err(arg, "moved_from"),
            "moved_from",
        ),
        named(
            "moved from a name Terraform refuses",
            "aws_eks_addon.1this",
            err(arg, "moved_from"),
            "moved_from",
        ),
        named("moved from not a string", ["aws_eks_addon.x"], err(arg, "moved_from"), "moved_from"),
        named("adopt True", True, ok, "adopt"),
        named("adopt as a string", "yes", err("invalid-type", "adopt"), "adopt"),
    ]


def all_at_once_cases() -> list[Case]:
    """Every problem of one add-on in one pass: a value the builder refuses does not hide a
    misspelt key or a value Kubernetes refuses beside it (nor one under it, twice)."""
    bad_cpu = {"resources": {"limits": {"cpu": "banana"}}}
    return [
        Case(
            "vpc-cni: a wrong type, a misspelt key and a bad quantity",
            "vpc-cni",
            {"env": {"WARM_IP_TARGET": 5}, "enviroment": {}, **bad_cpu},
            Err(
                (TYPE, "env.WARM_IP_TARGET"),
                (KEY, "enviroment"),
                (VALUE, "resources.limits.cpu"),
            ),
        ),
        Case(
            "vpc-cni: the same, as a JSON string",
            "vpc-cni",
            '{"env": {"WARM_IP_TARGET": 5}, "enviroment": {}}',
            Err((TYPE, "env.WARM_IP_TARGET"), (KEY, "enviroment")),
        ),
        Case(
            "vpc-cni: the same, as YAML",
            "vpc-cni",
            "env:\n  WARM_IP_TARGET: 5\nenviroment: {}\n",
            Err((TYPE, "env.WARM_IP_TARGET"), (KEY, "enviroment")),
        ),
        Case(
            "coredns: a wrong replica type and a misspelt key",
            "coredns",
            {"replicaCount": "two", "replicaCont": 2},
            Err((TYPE, "replicaCount"), (KEY, "replicaCont")),
        ),
        Case(
            "coredns: a wrong type and a bad toleration beside it",
            "coredns",
            {"replicaCount": "two", "tolerations": [{"operator": "Exists", "value": "x"}]},
            Err((TYPE, "replicaCount"), (KUBERNETES, "tolerations.0.value")),
        ),
        Case(
            "kube-proxy: a wrong mode type and a misspelt key",
            "kube-proxy",
            {"mode": 3, "modee": "ipvs"},
            Err((TYPE, "mode"), (KEY, "modee")),
        ),
        Case(
            "a refused object is reported once, not again for the keys under it",
            "vpc-cni",
            {"env": "WARM_IP_TARGET=5", "enviroment": {}},
            Err((TYPE, "env"), (KEY, "enviroment")),
        ),
        Case(
            "a refused value is not refused again by the schema",
            "coredns",
            {"replicaCount": "two"},
            Err((TYPE, "replicaCount")),
        ),
    ]


K8S = "kubernetes"
TOL = "tolerations"


def _tolerations(*items: dict[str, Any]) -> dict[str, Any]:
    return {TOL: list(items)}


def _canonical(config: dict[str, Any]) -> str:
    import json  # noqa: PLC0415

    return json.dumps(config, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _accepted(addon: str, config: dict[str, Any], *warnings: str) -> Case:
    return Case(
        f"accepted: {_canonical(config)[:60]}", addon, config, Ok(_canonical(config), *warnings)
    )


def kubernetes_cases() -> list[Case]:
    """What Kubernetes' own validation refuses (apimachinery v0.33.0, kubernetes v1.33.3), in
    the shapes add-ons carry: each refused case beside one that passes."""
    res = "resources"
    return [
        # resources: quantities and requests <= limits
        *(
            Case(
                f"requests.cpu {request!r} above limits.cpu {limit!r}",
                "coredns",
                {res: {"limits": {"cpu": limit}, "requests": {"cpu": request}}},
                err(K8S, f"{res}.requests.cpu"),
            )
            for request, limit in (("200m", "100m"), ("1", "999m"), ("1.5", "1"), ("2k", "1999"))
        ),
        *(
            Case(
                f"requests.memory {request!r} above limits.memory {limit!r}",
                "coredns",
                {res: {"limits": {"memory": limit}, "requests": {"memory": request}}},
                err(K8S, f"{res}.requests.memory"),
            )
            for request, limit in (("2Gi", "1Gi"), ("1025Mi", "1Gi"), ("1G", "953Mi"))
        ),
        *(
            _accepted("coredns", {res: {"limits": {"cpu": limit}, "requests": {"cpu": request}}})
            for request, limit in (("100m", "100m"), ("0.1", "100m"), ("1", "1000m"), ("1e3", "1k"))
        ),
        _accepted(
            "coredns", {res: {"limits": {"memory": "1Gi"}, "requests": {"memory": "1024Mi"}}}
        ),
        _accepted("coredns", {res: {"limits": {"memory": "1G"}, "requests": {"memory": "953Mi"}}}),
        # what Kubernetes takes, at the edges of its parser
        _accepted("coredns", {res: {"limits": {"cpu": "1e2000000000"}, "requests": {"cpu": "1"}}}),
        _accepted("coredns", {res: {"limits": {"memory": "8Ei"}, "requests": {"memory": "9Ei"}}}),
        _accepted(
            "coredns",
            {res: {"limits": {"cpu": "1.0000000001"}, "requests": {"cpu": "1.0000000002"}}},
        ),
        _accepted("coredns", {res: {"requests": {"cpu": "-"}}}),
        # tolerations
        Case(
            "toleration Exists with a value",
            "coredns",
            _tolerations({"key": "a", "operator": "Exists", "value": "x"}),
            err(K8S, f"{TOL}.0.value"),
        ),
        Case(
            "toleration with no key and no operator",
            "coredns",
            _tolerations({"effect": "NoSchedule"}),
            err(K8S, f"{TOL}.0.operator"),
        ),
        Case(
            "toleration with no key and Equal",
            "coredns",
            _tolerations({"operator": "Equal", "value": "x"}),
            err(K8S, f"{TOL}.0.operator"),
        ),
        Case(
            "tolerationSeconds without NoExecute",
            "coredns",
            _tolerations(
                {"key": "a", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 30}
            ),
            err(K8S, f"{TOL}.0.effect"),
        ),
        Case(
            "tolerationSeconds without an effect",
            "coredns",
            _tolerations({"key": "a", "operator": "Exists", "tolerationSeconds": 30}),
            err(K8S, f"{TOL}.0.effect"),
        ),
        Case(
            "an unknown toleration operator",
            "coredns",
            _tolerations({"key": "a", "operator": "exists"}),
            err(K8S, f"{TOL}.0.operator"),
        ),
        Case(
            "an unknown taint effect",
            "coredns",
            _tolerations({"key": "a", "operator": "Exists", "effect": "NoScheduleX"}),
            err(K8S, f"{TOL}.0.effect"),
        ),
        Case(
            "a toleration key with a space",
            "coredns",
            _tolerations({"key": "my key", "operator": "Exists"}),
            err(K8S, f"{TOL}.0.key"),
        ),
        Case(
            "a toleration value Kubernetes refuses",
            "coredns",
            _tolerations({"key": "a", "operator": "Equal", "value": "-bad"}),
            err(K8S, f"{TOL}.0.value"),
        ),
        *(
            _accepted("coredns", _tolerations(toleration))
            for toleration in (
                {"operator": "Exists"},
                {"key": "CriticalAddonsOnly", "operator": "Exists"},
                {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"},
                {"key": "a", "operator": "Equal", "value": "b", "effect": "PreferNoSchedule"},
                {"key": "a", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": -5},
                {"key": "a", "value": "", "effect": "NoExecute", "tolerationSeconds": 300},
            )
        ),
        # label keys and values: nodeSelector
        *(
            Case(
                f"nodeSelector key {key!r}",
                "coredns",
                {"nodeSelector": {key: "x"}},
                err(K8S, f"nodeSelector.{key}"),
            )
            for key in (
                "Example.com/os",
                "a/b/c",
                "/os",
                "example.com/",
                "-os",
                "os-",
                "k" * 64,
                "has space",
                "ü",
                "a_b/c",
            )
        ),
        *(
            Case(
                f"nodeSelector value {value!r}",
                "coredns",
                {"nodeSelector": {"os": value}},
                err(K8S, "nodeSelector.os"),
            )
            for value in ("-x", "x-", "a b", "v" * 64, "a/b", "ü")
        ),
        *(
            _accepted("coredns", {"nodeSelector": {key: value}})
            for key, value in (
                ("kubernetes.io/os", "linux"),
                ("eks.amazonaws.com/compute-type", ""),
                ("a", "A-b_c.d"),
                ("k" * 63, "v" * 63),
                ("my.domain.example/Role", "x"),
            )
        ),
        # affinity
        Case(
            "required node affinity with no terms",
            "coredns",
            {
                "affinity": {
                    "nodeAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": []}
                    }
                }
            },
            err(
                K8S,
                "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms",
            ),
        ),
        *(
            Case(
                f"node selector operator {operator} with values {values}",
                "coredns",
                {
                    "affinity": {
                        "nodeAffinity": {
                            "requiredDuringSchedulingIgnoredDuringExecution": {
                                "nodeSelectorTerms": [
                                    {
                                        "matchExpressions": [
                                            {"key": "a", "operator": operator, "values": values}
                                        ]
                                    }
                                ]
                            }
                        }
                    }
                },
                err(
                    K8S,
                    f"affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.0.matchExpressions.0.{path}",
                ),
            )
            for operator, values, path in (
                ("In", [], "values"),
                ("NotIn", [], "values"),
                ("Exists", ["x"], "values"),
                ("DoesNotExist", ["x"], "values"),
                ("Gt", ["1", "2"], "values"),
                ("Lt", [], "values"),
                ("in", ["x"], "operator"),
                ("Equals", ["x"], "operator"),
            )
        ),
        Case(
            "preferred node affinity weight 0",
            "coredns",
            {
                "affinity": {
                    "nodeAffinity": {
                        "preferredDuringSchedulingIgnoredDuringExecution": [
                            {"weight": 0, "preference": {}}
                        ]
                    }
                }
            },
            err(
                K8S,
                "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution.0.weight",
            ),
        ),
        Case(
            "pod anti-affinity weight 101",
            "coredns",
            {
                "affinity": {
                    "podAntiAffinity": {
                        "preferredDuringSchedulingIgnoredDuringExecution": [
                            {
                                "weight": 101,
                                "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname"},
                            }
                        ]
                    }
                }
            },
            err(
                K8S,
                "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.0.weight",
            ),
        ),
        Case(
            "pod affinity term without a topologyKey",
            "coredns",
            {
                "affinity": {
                    "podAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": [
                            {"labelSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}
                        ]
                    }
                }
            },
            err(
                K8S,
                "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.topologyKey",
            ),
        ),
        Case(
            "pod affinity namespace that is no DNS label",
            "coredns",
            {
                "affinity": {
                    "podAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": [
                            {"topologyKey": "zone", "namespaces": ["Kube_System"]}
                        ]
                    }
                }
            },
            err(
                K8S,
                "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.namespaces.0",
            ),
        ),
        Case(
            "label selector In without values",
            "coredns",
            {
                "affinity": {
                    "podAntiAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": [
                            {
                                "topologyKey": "zone",
                                "labelSelector": {
                                    "matchExpressions": [{"key": "app", "operator": "In"}]
                                },
                            }
                        ]
                    }
                }
            },
            err(
                K8S,
                "affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.labelSelector.matchExpressions.0.values",
            ),
        ),
        Case(
            "label selector Gt (node operators only)",
            "coredns",
            {
                "affinity": {
                    "podAntiAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": [
                            {
                                "topologyKey": "zone",
                                "labelSelector": {
                                    "matchExpressions": [
                                        {"key": "app", "operator": "Gt", "values": ["1"]}
                                    ]
                                },
                            }
                        ]
                    }
                }
            },
            err(
                K8S,
                "affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.labelSelector.matchExpressions.0.operator",
            ),
        ),
        _accepted(
            "coredns",
            {
                "affinity": {
                    "nodeAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": {
                            "nodeSelectorTerms": [
                                {
                                    "matchExpressions": [
                                        {
                                            "key": "kubernetes.io/arch",
                                            "operator": "In",
                                            "values": ["amd64", "arm64"],
                                        },
                                        {"key": "n", "operator": "Gt", "values": ["3"]},
                                    ]
                                }
                            ]
                        }
                    }
                }
            },
        ),
        _accepted(
            "coredns",
            {
                "affinity": {
                    "podAntiAffinity": {
                        "preferredDuringSchedulingIgnoredDuringExecution": [
                            {
                                "weight": 100,
                                "podAffinityTerm": {
                                    "topologyKey": "kubernetes.io/hostname",
                                    "labelSelector": {
                                        "matchExpressions": [
                                            {
                                                "key": "k8s-app",
                                                "operator": "In",
                                                "values": ["kube-dns"],
                                            }
                                        ]
                                    },
                                },
                            }
                        ]
                    }
                }
            },
        ),
        # topologySpreadConstraints
        *(
            Case(
                f"spread constraint {name}",
                "coredns",
                {"topologySpreadConstraints": [constraint]},
                err(K8S, f"topologySpreadConstraints.0.{path}"),
            )
            for name, constraint, path in (
                (
                    "maxSkew 0",
                    {"maxSkew": 0, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"},
                    "maxSkew",
                ),
                (
                    "maxSkew -1",
                    {"maxSkew": -1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"},
                    "maxSkew",
                ),
                (
                    "no maxSkew",
                    {"topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"},
                    "maxSkew",
                ),
                (
                    "no topologyKey",
                    {"maxSkew": 1, "whenUnsatisfiable": "DoNotSchedule"},
                    "topologyKey",
                ),
                (
                    "empty topologyKey",
                    {"maxSkew": 1, "topologyKey": "", "whenUnsatisfiable": "DoNotSchedule"},
                    "topologyKey",
                ),
                (
                    "no whenUnsatisfiable",
                    {"maxSkew": 1, "topologyKey": "zone"},
                    "whenUnsatisfiable",
                ),
                (
                    "whenUnsatisfiable lowercase",
                    {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "doNotSchedule"},
                    "whenUnsatisfiable",
                ),
                (
                    "minDomains 0",
                    {
                        "maxSkew": 1,
                        "topologyKey": "zone",
                        "whenUnsatisfiable": "DoNotSchedule",
                        "minDomains": 0,
                    },
                    "minDomains",
                ),
                (
                    "minDomains with ScheduleAnyway",
                    {
                        "maxSkew": 1,
                        "topologyKey": "zone",
                        "whenUnsatisfiable": "ScheduleAnyway",
                        "minDomains": 2,
                    },
                    "minDomains",
                ),
                (
                    "nodeTaintsPolicy honor",
                    {
                        "maxSkew": 1,
                        "topologyKey": "zone",
                        "whenUnsatisfiable": "DoNotSchedule",
                        "nodeTaintsPolicy": "honor",
                    },
                    "nodeTaintsPolicy",
                ),
            )
        ),
        Case(
            "two spread constraints on one key and action",
            "coredns",
            {
                "topologySpreadConstraints": [
                    {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"},
                    {"maxSkew": 2, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"},
                ]
            },
            err(K8S, "topologySpreadConstraints.1"),
        ),
        _accepted(
            "coredns",
            {
                "topologySpreadConstraints": [
                    {
                        "maxSkew": 1,
                        "topologyKey": "topology.kubernetes.io/zone",
                        "whenUnsatisfiable": "ScheduleAnyway",
                    },
                    {
                        "maxSkew": 1,
                        "topologyKey": "topology.kubernetes.io/zone",
                        "whenUnsatisfiable": "DoNotSchedule",
                        "minDomains": 3,
                        "nodeAffinityPolicy": "Honor",
                    },
                ]
            },
        ),
        # podDisruptionBudget
        *(
            Case(
                f"PDB {key} {value!r}",
                "coredns",
                {"podDisruptionBudget": {"enabled": True, key: value}},
                err(K8S, f"podDisruptionBudget.{key}"),
            )
            for key, value in (
                ("maxUnavailable", "150%"),
                ("maxUnavailable", "101%"),
                ("minAvailable", "5.5%"),
                ("maxUnavailable", "-1%"),
                ("maxUnavailable", " 5%"),
            )
        ),
        # what coredns's typed options refuse first
        Case(
            "PDB minAvailable -1 (the builder)",
            "coredns",
            {"podDisruptionBudget": {"enabled": True, "minAvailable": -1}},
            err(VALUE, "podDisruptionBudget.minAvailable"),
        ),
        Case(
            "PDB minAvailable '5' (the builder)",
            "coredns",
            {"podDisruptionBudget": {"enabled": True, "minAvailable": "5"}},
            err(TYPE, "podDisruptionBudget.minAvailable"),
        ),
        *(
            _accepted("coredns", {"podDisruptionBudget": {"enabled": True, key: value}})
            for key, value in (
                ("maxUnavailable", "100%"),
                ("maxUnavailable", "0%"),
                ("minAvailable", 0),
                ("minAvailable", 2),
            )
        ),
        # replica counts (int32) and priority class names
        *(
            Case(
                f"metrics-server replicas {value}",
                "metrics-server",
                {"replicas": value},
                err(K8S, "replicas"),
            )
            for value in (2**31, 2**40)
        ),
        Case(
            "metrics-server replicas 0 (AWS's schema: minimum 1)",
            "metrics-server",
            {"replicas": 0},
            err(VALUE, "replicas"),
        ),
        _accepted("metrics-server", {"replicas": 2**31 - 1}),
        *(
            Case(
                f"priorityClassName {value[:20]!r}",
                "external-dns",
                {"priorityClassName": value},
                err(K8S, "priorityClassName"),
            )
            for value in ("System-Cluster-Critical", "under_score", "a" * 254, "-x", "x.")
        ),
        _accepted("external-dns", {"priorityClassName": "system-cluster-critical"}, IAM),
        # labels and annotations
        Case(
            "a pod label value with a space",
            "coredns",
            {"podLabels": {"team": "a b"}},
            err(K8S, "podLabels.team"),
        ),
        Case(
            "a pod label key with two slashes",
            "coredns",
            {"podLabels": {"a/b/c": "x"}},
            err(K8S, "podLabels.a/b/c"),
        ),
        _accepted("coredns", {"podLabels": {"app.kubernetes.io/part-of": "dns"}}),
        Case(
            "an annotation key with a space",
            "coredns",
            {"podAnnotations": {"my annotation": "x"}},
            err(K8S, "podAnnotations.my annotation"),
        ),
        _accepted("coredns", {"podAnnotations": {"Example.COM/Anything": "any value at all: ! ü"}}),
        Case(
            "annotations over 256 KiB",
            "coredns",
            {"podAnnotations": {"a": "x" * (256 * 1024)}},
            err(K8S, "podAnnotations"),
        ),
    ]


ARG = "invalid-argument"
ROLE = "arn:aws:iam::111122223333:role/cni"


def provider_cases() -> list[Case]:
    """The provider's validators (role ARNs, versions, timeouts) and the EKS API's limits
    (tags): what fails at plan or apply, refused at synth."""

    def arguments(config: dict[str, Any] | None = None, **given: Any) -> Case:
        name = ", ".join(f"{key}={str(value)[:40]}" for key, value in given.items())
        return Case(name, "kube-proxy", config or {}, Ok("{}"), given)

    return [
        *(
            Case(
                f"service_account_role_arn {arn[:40]!r}",
                "kube-proxy",
                {},
                err(ARG, "service_account_role_arn"),
                {"service_account_role_arn": arn},
            )
            for arn in (
                "my-role",
                "arn:aws:iam::111122223333",
                "arn::iam::111122223333:role/x",
                "arn:AWS:iam::111122223333:role/x",
                "arn:aws:iam:US-EAST-1:111122223333:role/x",
                "arn:aws:iam::1234:role/x",
                "arn:aws:iam::111122223333:",
                "arn:aws:iam::111122223333:role/" + "r" * 230,
            )
        ),
        *(
            Case(
                f"service_account_role_arn {arn!r} passes",
                "kube-proxy",
                {},
                Ok("{}"),
                {"service_account_role_arn": arn},
            )
            for arn in (
                ROLE,
                "arn:aws-cn:iam::111122223333:role/x",
                "arn:aws-us-gov:iam::111122223333:role/path/x",
                "arn:aws:iam:us-east-1:111122223333:role/x",
            )
        ),
        Case(
            "a pod identity association with no ARN",
            "kube-proxy",
            {},
            err(ARG, "pod_identity_association.1.role_arn"),
            {
                "pod_identity_association": [
                    {"role_arn": ROLE, "service_account": "a"},
                    {"role_arn": "cni", "service_account": "b"},
                ]
            },
        ),
        *(
            Case(
                f"addon_version {version!r}",
                "kube-proxy",
                {},
                err(ARG, "addon_version"),
                {"addon_version": version},
            )
            for version in (
                "1.33.0-eksbuild.1",
                "v01.2.3",
                "v1.2",
                "v1.2.3-",
                "v1.2.3-eksbuild..1",
                "v1.2.3-01",
                "v1.2.3+",
                "V1.2.3",
            )
        ),
        *(
            Case(
                f"timeouts.create {value!r}",
                "kube-proxy",
                {},
                err(ARG, "timeouts.create"),
                {"timeouts": {"create": value}},
            )
            for value in ("20x", "20", "1d", "", "m", "1.5.3h", "20 m", "30M")
        ),
        *(
            Case(
                f"timeouts.update {value!r} passes",
                "kube-proxy",
                {},
                Ok("{}"),
                {"timeouts": {"update": value}},
            )
            for value in ("20m", "1h30m", "1.5h", "90s", "0", "-5m", "500ms", "2µs")
        ),
        *(
            Case(
                f"tags {name}",
                "kube-proxy",
                {},
                err(ARG, path),
                {"tags": tags},
            )
            for name, tags, path in (
                ("an aws: key", {"aws:team": "x"}, "tags.aws:team"),
                ("an AWS: key", {"AWS:team": "x"}, "tags.AWS:team"),
                ("an empty key", {"": "x"}, "tags."),
                ("a 129-character key", {"k" * 129: "x"}, f"tags.{'k' * 129}"),
                ("a 257-character value", {"team": "v" * 257}, "tags.team"),
                ("51 tags", {f"t{i}": "x" for i in range(51)}, "tags"),
            )
        ),
        Case(
            "50 tags, a 128-character key and a 256-character value pass",
            "kube-proxy",
            {},
            Ok("{}"),
            {"tags": {**{f"t{i}": "x" for i in range(48)}, "k" * 128: "v", "team": "v" * 256}},
        ),
        Case("an empty tag value passes", "kube-proxy", {}, Ok("{}"), {"tags": {"team": ""}}),
        Case(
            "a pod identity role ARN beyond 255 characters passes (a plain String in EKS's model)",
            "kube-proxy",
            {},
            Ok("{}"),
            {
                "pod_identity_association": [
                    {"role_arn": f"{ROLE[:-3]}{'p/' * 130}cni", "service_account": "a"}
                ]
            },
        ),
    ]


def _nested(depth: int) -> dict[str, Any]:
    root: dict[str, Any] = {}
    node = root
    for _ in range(depth):
        node["x"] = {}
        node = node["x"]
    return root


def bounds_cases() -> list[Case]:
    """The edges of a configuration: nesting, integers, Unicode, size, YAML (as EKS reads it)."""
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(500):
        node["x"] = {}
        node = node["x"]
    return [
        Case(
            "500 levels deep",
            "coredns",
            {"extra": deep},
            err(VALUE, "extra." + ".".join(["x"] * 64)),
        ),
        Case(
            "a 5000-digit integer",
            "coredns",
            {"replicaCount": 10**5000},
            err(VALUE, "replicaCount"),
        ),
        Case(
            "a lone surrogate", "coredns", {"podLabels": {"a": "\ud800"}}, err(VALUE, "podLabels.a")
        ),
        Case(
            "a lone surrogate in a key",
            "coredns",
            {"podLabels": {"\udfff": "a"}},
            err(VALUE, "podLabels"),
        ),
        Case(
            "a 5000-digit integer in JSON text",
            "coredns",
            '{"replicaCount": ' + "9" * 5000 + "}",
            err(TYPE, "(root)"),
        ),
        Case(
            "JSON nested 100000 deep",
            "coredns",
            "[" * 100000 + "]" * 100000,
            err(TYPE, "(root)"),
        ),
        Case(
            "YAML, as EKS reads it",
            "coredns",
            "replicaCount: 3\ncomputeType: Fargate\n",
            Ok('{"computeType":"Fargate","replicaCount":3}'),
        ),
        Case(
            "YAML with an alias",
            "coredns",
            "a: &x [1, 2]\nb: *x\n",
            err(TYPE, "(root)"),
        ),
        Case("YAML that is a list", "coredns", "- 1\n- 2\n", err(TYPE, "(root)")),
        Case(
            "YAML's 1:30 and dates stay strings, as Kubernetes' YAML reads them",
            "coredns",
            "podAnnotations:\n  window: 1:30\n  since: 2024-01-01\n",
            Ok('{"podAnnotations":{"since":"2024-01-01","window":"1:30"}}'),
        ),
        Case("YAML !!binary", "coredns", "podLabels: {a: !!binary aGk=}\n", err(TYPE, "(root)")),
        Case("neither JSON nor YAML", "coredns", "{a: [}", err(TYPE, "(root)")),
        Case(
            "a 1 MB unknown key",
            "coredns",
            {"k" * 1_000_000: 1},
            err(KEY, "k" * 1_000_000),
        ),
        Case(
            "a 100 kB value against AWS's own pattern .*%$ (linear time: RE2)",
            "coredns",
            {"podDisruptionBudget": {"maxUnavailable": "1" * 100_000 + "%"}},
            Ok(_canonical({"podDisruptionBudget": {"maxUnavailable": "1" * 100_000 + "%"}})),
        ),
    ]
