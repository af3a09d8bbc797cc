"""The parity table: one add-on input each, and the one answer every door must give.

A case is an add-on on a cluster (created in the stack, looked up by name, or only named),
with the stack's compute, given as the construct's arguments. The same input reaches the
other doors as Terraform JSON: the construct's own synth when it accepts the input, else the
``aws_eks_addon`` written by hand with the same arguments (what a Terraform user writes).
``expected`` is the answer: the problems ``(code, path)``, or the warnings' codes.
``differs`` names a door that cannot know part of the input, and why (documented in
``docs/errors.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Cluster = Literal["created", "created-ipv6", "created-auto", "created-hybrid", "looked-up", "named"]
Compute = Literal["nodes", "fargate", "nodes+fargate", "none"]
Door = Literal["construct", "testing", "validate", "plan", "upgrade"]

DOORS: tuple[Door, ...] = ("construct", "testing", "validate", "plan", "upgrade")

PLACEMENT = ("nowhere-to-run", "not-on-this-compute")
"""Warnings about the stack's compute: ``upgrade`` plans versions and configurations, not
where pods run."""


@dataclass(frozen=True)
class Case:
    """One input, and the answer."""

    name: str
    addon: str
    arguments: dict[str, Any] = field(default_factory=dict)
    """The construct's arguments besides the cluster (``configuration``: a dict or a JSON
    string, written as ``configuration_values``)."""
    cluster: Cluster = "created"
    compute: Compute = "nodes"
    problems: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()
    differs: dict[Door, str] = field(default_factory=dict)
    """Door -> why it cannot give the answer (it is then not asked)."""
    accepted_as_json: str | None = None
    """Why Terraform JSON holding the same value is fine (the doors reading JSON, validate,
    plan and upgrade, must then answer nothing)."""
    kubernetes: str = "1.33"
    """The cluster's version (created) or the one declared (looked up, named)."""

    @property
    def refused(self) -> bool:
        """Whether the answer is an error."""
        return bool(self.problems)


def err(*problems: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(problems))


TYPE, VALUE, KEY, ARG, INCOMPATIBLE, RULE = (
    "invalid-type",
    "invalid-value",
    "unknown-key",
    "invalid-argument",
    "incompatible-version",
    "rule",
)
ONLY_CONSTRUCT = "an argument of the construct only; Terraform JSON has no such argument"
PLAN_DATA = "plan needs AWS to read the data source"
BINDINGS_REFUSE = "Terraform converts the value in JSON; the Python bindings refuse it"
PROVIDER_REFUSES_AT_VALIDATE = "terraform validate refuses it before a plan exists"
PLAN_PREFIX = "the plan door checks the provider's own refusal (terraform validate/plan fails)"


def env(**values: str) -> dict[str, Any]:
    return {"configuration": {"env": values}}


def cases() -> list[Case]:
    """Every case, in groups: arguments, versions, configuration, rules, placement, tokens,
    IAM, clusters."""
    return [
        # arguments the provider checks itself
        Case("a valid add-on", "kube-proxy"),
        Case(
            "a version without its v",
            "kube-proxy",
            {"addon_version": "1.33.10-eksbuild.18"},
            problems=err((ARG, "addon_version")),
            differs={"plan": PROVIDER_REFUSES_AT_VALIDATE},
        ),
        Case(
            "PRESERVE on create",
            "kube-proxy",
            {"resolve_conflicts_on_create": "PRESERVE"},
            problems=err((ARG, "resolve_conflicts_on_create")),
            differs={"plan": PROVIDER_REFUSES_AT_VALIDATE},
        ),
        Case(
            "a lower-case resolve_conflicts_on_update",
            "kube-proxy",
            {"resolve_conflicts_on_update": "overwrite"},
            problems=err((ARG, "resolve_conflicts_on_update")),
            differs={"plan": PROVIDER_REFUSES_AT_VALIDATE},
        ),
        Case("PRESERVE on update", "kube-proxy", {"resolve_conflicts_on_update": "PRESERVE"}),
        Case(
            "a cluster name the provider refuses",
            "kube-proxy",
            {"cluster_name": "my cluster"},
            cluster="named",
            problems=err((ARG, "cluster_name")),
            differs={"plan": PROVIDER_REFUSES_AT_VALIDATE},
        ),
        Case(
            "preserve as a string",
            "kube-proxy",
            {"preserve": "yes"},
            problems=err((TYPE, "preserve")),
            differs={"plan": PROVIDER_REFUSES_AT_VALIDATE},
        ),
        Case("preserve", "kube-proxy", {"preserve": True}),
        Case("tags", "kube-proxy", {"tags": {"team": "platform"}}),
        Case(
            "a tag value that is a number",
            "kube-proxy",
            {"tags": {"team": 7}},
            problems=err((TYPE, "tags.team")),
            accepted_as_json=BINDINGS_REFUSE,
        ),
        Case("timeouts", "kube-proxy", {"timeouts": {"create": "30m"}}),
        Case(
            "an unknown acknowledged warning code",
            "kube-proxy",
            {"acknowledge": ["nope"]},
            problems=err((ARG, "acknowledge")),
            accepted_as_json=ONLY_CONSTRUCT,
        ),
        Case(
            "a misspelt add-on name",
            "vpc_cni",
            problems=err((ARG, "addon_name")),
            differs={"plan": "EKS refuses it at apply; the provider does not check the name"},
        ),
        # versions
        Case("AWS's default for the cluster's version", "coredns"),
        Case("a compatible pin", "coredns", {"addon_version": "v1.11.4-eksbuild.40"}),
        Case(
            "a pin the cluster's version does not allow",
            "vpc-cni",
            {"addon_version": "v1.14.0-eksbuild.3"},
            kubernetes="1.29",
            problems=err((INCOMPATIBLE, "addon_version")),
        ),
        Case(
            "a pin the catalog does not know",
            "vpc-cni",
            {"addon_version": "v1.99.0-eksbuild.1"},
            warnings=("unknown-version",),
        ),
        Case(
            "a pin of a known minor without its own schema",
            "vpc-cni",
            {"addon_version": "v1.22.4-eksbuild.99", "configuration": {"env": {"MAX_ENI": "4"}}},
            warnings=("nearest-schema", "unknown-version"),
        ),
        Case(
            "a Kubernetes version newer than the catalog",
            "coredns",
            kubernetes="1.40",
            warnings=("kubernetes-not-in-catalog",),
            differs={"plan": "the offline provider mirror has no 1.40 facts to differ on"},
        ),
        Case(
            "latest",
            "kube-proxy",
            {"addon_version": "latest"},
        ),
        Case(
            "a version for a looked-up cluster",
            "kube-proxy",
            cluster="looked-up",
            differs={"plan": PLAN_DATA},
        ),
        Case(
            "a pin a looked-up cluster's declared version does not allow",
            "kube-proxy",
            {"addon_version": "v1.29.15-eksbuild.16"},
            cluster="looked-up",
            problems=err((INCOMPATIBLE, "addon_version")),
            differs={"plan": PLAN_DATA},
        ),
        # configuration against AWS's schema of the version
        Case(
            "a misspelt key",
            "vpc-cni",
            env(AWS_EXTERNAL_SERVICE_CIDR="10.0.0.0/8"),
            problems=err((KEY, "env.AWS_EXTERNAL_SERVICE_CIDR")),
        ),
        Case(
            "an integer where AWS wants a string",
            "vpc-cni",
            {"configuration": {"env": {"WARM_IP_TARGET": 5}}},
            problems=err((TYPE, "env.WARM_IP_TARGET")),
        ),
        Case(
            "a boolean string that is not one",
            "vpc-cni",
            env(ENABLE_PREFIX_DELEGATION="yes"),
            problems=err((VALUE, "env.ENABLE_PREFIX_DELEGATION")),
        ),
        Case(
            "a string where AWS wants an integer",
            "coredns",
            {"configuration": {"replicaCount": "3"}},
            problems=err((TYPE, "replicaCount")),
        ),
        Case("replicas", "coredns", {"configuration": {"replicaCount": 3}}),
        Case(
            "a mode outside AWS's enum",
            "kube-proxy",
            {"configuration": {"mode": "userspace"}},
            problems=err((VALUE, "mode")),
        ),
        Case(
            "ipvs", "kube-proxy", {"configuration": {"mode": "ipvs", "ipvs": {"scheduler": "rr"}}}
        ),
        Case(
            "an object that needs a required key",
            "coredns",
            {"configuration": {"autoScaling": {"minReplicas": 2}}},
            problems=err((VALUE, "autoScaling.enabled")),
        ),
        Case(
            "configuration that is not JSON",
            "coredns",
            {"configuration": "{"},
            problems=err((TYPE, "(root)")),
        ),
        Case(
            "configuration that is a JSON array",
            "coredns",
            {"configuration": "[]"},
            problems=err((TYPE, "(root)")),
        ),
        Case("an empty configuration", "coredns", {"configuration": {}}),
        Case(
            "a key of another version",
            "kube-proxy",
            {"configuration": {"conntrack": {"tcpBeLiberal": True}}},
            problems=err((KEY, "conntrack")),
        ),
        Case(
            "a key at the newest version that has it",
            "kube-proxy",
            {"configuration": {"conntrack": {"tcpBeLiberal": True}}},
            kubernetes="1.36",
        ),
        # rules a schema cannot express (aws-node's startup, Kubernetes)
        Case(
            "a veth prefix over 4 characters",
            "vpc-cni",
            env(AWS_VPC_K8S_CNI_VETHPREFIX="abcde"),
            problems=err((RULE, "env.AWS_VPC_K8S_CNI_VETHPREFIX")),
        ),
        Case(
            "plugin log to stdout",
            "vpc-cni",
            env(AWS_VPC_K8S_PLUGIN_LOG_FILE="stdout"),
            problems=err((RULE, "env.AWS_VPC_K8S_PLUGIN_LOG_FILE")),
        ),
        Case(
            "prefix delegation with no warm target",
            "vpc-cni",
            env(ENABLE_PREFIX_DELEGATION="true"),
            problems=err((RULE, "env.WARM_PREFIX_TARGET")),
        ),
        Case(
            "prefix delegation",
            "vpc-cni",
            env(ENABLE_PREFIX_DELEGATION="true", WARM_PREFIX_TARGET="1"),
        ),
        Case(
            "a negative warm target",
            "vpc-cni",
            env(WARM_IP_TARGET="-1"),
            warnings=("ignored-value",),
        ),
        Case(
            "a warm prefix target without delegation",
            "vpc-cni",
            env(WARM_PREFIX_TARGET="1"),
            warnings=("no-effect",),
        ),
        Case(
            "an MTU out of range",
            "vpc-cni",
            env(AWS_VPC_ENI_MTU="100"),
            problems=err((RULE, "env.AWS_VPC_ENI_MTU")),
        ),
        Case(
            "an MTU below 1280 on an IPv6 cluster",
            "vpc-cni",
            env(AWS_VPC_ENI_MTU="1000"),
            cluster="created-ipv6",
            problems=err((RULE, "env.AWS_VPC_ENI_MTU")),
        ),
        Case("an MTU below 1280 on an IPv4 cluster", "vpc-cni", env(AWS_VPC_ENI_MTU="1000")),
        Case(
            "an MTU below 1280 on a cluster of unknown IP family",
            "vpc-cni",
            env(AWS_VPC_ENI_MTU="1000"),
            cluster="named",
            warnings=("ipv6-incompatible",),
        ),
        Case(
            "minReplicas above maxReplicas",
            "coredns",
            {
                "configuration": {
                    "autoScaling": {"enabled": True, "minReplicas": 5, "maxReplicas": 3}
                }
            },
            problems=err((RULE, "autoScaling.minReplicas")),
        ),
        Case(
            "a PodDisruptionBudget with both bounds",
            "coredns",
            {"configuration": {"podDisruptionBudget": {"maxUnavailable": 1, "minAvailable": 1}}},
            problems=err(("kubernetes", "podDisruptionBudget.minAvailable")),
        ),
        Case(
            "replicaCount beside autoscaling",
            "coredns",
            {"configuration": {"replicaCount": 2, "autoScaling": {"enabled": True}}},
            warnings=("no-effect",),
        ),
        Case(
            "an IPVS scheduler without IPVS",
            "kube-proxy",
            {"configuration": {"ipvs": {"scheduler": "rr"}}},
            warnings=("no-effect",),
        ),
        Case(
            "a rule of a later version on an older pin",
            "vpc-cni",
            {"addon_version": "v1.12.6-eksbuild.2", **env(AWS_VPC_ENI_MTU="100")},
            kubernetes="1.26",
        ),
        # where the pods run
        Case(
            "CoreDNS on Fargate with no profile",
            "coredns",
            {"configuration": {"computeType": "Fargate"}},
            warnings=("nowhere-to-run",),
        ),
        Case(
            "CoreDNS on Fargate with its profile",
            "coredns",
            {"configuration": {"computeType": "Fargate"}},
            compute="nodes+fargate",
        ),
        Case(
            "kube-proxy on Fargate-only compute",
            "kube-proxy",
            compute="fargate",
            warnings=("not-on-this-compute",),
        ),
        Case(
            "the VPC CNI on EKS Auto Mode only",
            "vpc-cni",
            cluster="created-auto",
            compute="none",
            warnings=("not-on-this-compute",),
        ),
        Case(
            "the VPC CNI on hybrid nodes only",
            "vpc-cni",
            cluster="created-hybrid",
            compute="none",
            warnings=("not-on-this-compute",),
        ),
        Case("kube-proxy on hybrid nodes", "kube-proxy", cluster="created-hybrid", compute="none"),
        Case(
            "an acknowledged warning",
            "coredns",
            {"configuration": {"computeType": "Fargate"}, "acknowledge": ["nowhere-to-run"]},
        ),
        # values known only to Terraform
        Case(
            "a configuration holding a variable",
            "vpc-cni",
            {"configuration": {"env": {"MAX_ENI": "${var.max_eni}"}}},
            warnings=("unresolved-configuration",),
        ),
        Case(
            "a configuration that is a variable",
            "coredns",
            {"configuration": "${var.coredns}"},
            warnings=("unresolved-configuration",),
        ),
        Case(
            "a version that is a variable",
            "coredns",
            {"addon_version": "${var.version}", "configuration": {"replicaCount": 2}},
            warnings=("version-not-known",),
        ),
        Case(
            "a bad key beside a variable",
            "coredns",
            {"configuration": {"replicaCount": "${var.replicas}", "replicas": 2}},
            problems=err((KEY, "replicas")),
        ),
        # IAM
        Case(
            "pod ENIs without the cluster role",
            "vpc-cni",
            env(ENABLE_POD_ENI="true"),
            warnings=("iam-not-granted",),
        ),
        Case(
            "pod ENIs with the cluster role",
            "vpc-cni",
            {**env(ENABLE_POD_ENI="true"), "cluster_role": True},
        ),
        # several add-ons, one cluster
        Case(
            "a second add-on of one name on the cluster",
            "coredns",
            {"twice": True},
            problems=err((ARG, "addon_name")),
            differs={
                "plan": "terraform plans both; EKS refuses the second at apply",
                "upgrade": "upgrade plans each add-on; one per cluster is validate's to check",
            },
        ),
    ]
