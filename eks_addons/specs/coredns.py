"""The ``coredns`` add-on (CoreDNS, the cluster DNS server, a Deployment): its spec and rules."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from eks_addons.config import ComputeType, CoreDnsConfig, PodDisruptionBudget
from eks_addons.errors import WarningCode
from eks_addons.specs.model import AddonSpec, Hit, Pods, Rule, auto_mode, config_object

_COREDNS_DOC = (
    "[Amazon EKS User Guide: Manage CoreDNS]"
    "(https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html)"
)
_PDB_DOC = (
    "[Kubernetes API: PodDisruptionBudgetSpec]"
    "(https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/pod-disruption-budget-v1/)"
)
_PDB_KEYS = frozenset(opt.key for _, opt in PodDisruptionBudget.options())


def _replica_bounds(config: Mapping[str, Any]) -> Iterator[Hit]:
    scaling = config_object(config, "autoScaling")
    low, high = scaling.get("minReplicas"), scaling.get("maxReplicas")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        yield Hit(
            "autoScaling.minReplicas",
            f"is above autoScaling.maxReplicas ({high})",
            low,
            f"<= {high}",
        )


def _replicas_with_autoscaling(config: Mapping[str, Any]) -> Iterator[Hit]:
    if config_object(config, "autoScaling").get("enabled") is True and "replicaCount" in config:
        yield Hit("replicaCount", "is ignored while autoScaling.enabled is true")


def _budget_keys(config: Mapping[str, Any]) -> Iterator[Hit]:
    budget = config_object(config, "podDisruptionBudget")
    # Some coredns schemas misplace these keys, so the schema lets anything through.
    for key in sorted(set(budget) - _PDB_KEYS):
        yield Hit(
            f"podDisruptionBudget.{key}",
            "is not a podDisruptionBudget option: the add-on ignores it",
            budget[key],
            ", ".join(repr(key) for key in sorted(_PDB_KEYS)),
        )


RULES = (
    Rule(
        summary="`autoScaling.minReplicas` above `maxReplicas`",
        why="the autoscaler cannot satisfy it",
        source=_COREDNS_DOC,
        find=_replica_bounds,
    ),
    Rule(
        summary="`replicaCount` with `autoScaling.enabled`",
        why="the autoscaler manages the replicas",
        source=_COREDNS_DOC,
        find=_replicas_with_autoscaling,
        warning=WarningCode.NO_EFFECT,
    ),
    Rule(
        summary="`podDisruptionBudget` keys other than `enabled`, `maxUnavailable`, `minAvailable`",
        why="some AWS schemas misplace these keys and let anything through; the add-on "
        "ignores them",
        source=_PDB_DOC,
        find=_budget_keys,
        warning=WarningCode.NO_EFFECT,
    ),
)
"""The rules of ``coredns``."""


SPEC = AddonSpec(
    name="coredns",
    builder=CoreDnsConfig,
    rules=RULES,
    pods=Pods("kube-system", {"k8s-app": "kube-dns", "eks.amazonaws.com/component": "coredns"}),
    on_fargate=lambda config: config.get("computeType") == ComputeType.FARGATE.value,
    replaced_on={"auto": auto_mode("cluster DNS")},
    default=True,
    docs_page="coredns.md",
)
