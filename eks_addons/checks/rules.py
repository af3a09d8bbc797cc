"""Rules between options that a JSON Schema cannot express, as data: one :class:`Rule` each.

Each rule reads the rendered ``configuration_values`` (so it covers builders, dicts and
``extra`` alike), names its source, and says whether breaking it is an error (something real
rejects or breaks on it) or a warning (it works, but is probably not meant). An add-on's spec
lists its rules; ``docs/errors.md`` shows the table generated from them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from eks_addons.config import PodDisruptionBudget
from eks_addons.errors import UNSET, Findings, Problem, ProblemCode, WarningCode


@dataclass(frozen=True)
class Hit:
    """Where a rule fires, and why."""

    path: str
    message: str
    value: object = UNSET
    allowed: str | None = None


@dataclass(frozen=True, kw_only=True)
class Rule:
    """One documented rule: what it says, why, where that is written, and how it is found."""

    summary: str
    """The rule, for the docs table."""
    why: str
    """Why it holds, for the docs table."""
    source: str
    """Where the rule comes from (an AWS doc page, or a file and function upstream)."""
    find: Callable[[Mapping[str, Any]], Iterable[Hit]]
    warning: WarningCode | None = None
    """``None``: breaking the rule is an error (``rule``); else a warning with this code."""

    def apply(self, addon: str, config: Mapping[str, Any], findings: Findings) -> None:
        """Add what the rule finds in ``config`` to ``findings``."""
        for hit in self.find(config):
            if self.warning is None:
                findings.problems.append(
                    Problem(ProblemCode.RULE, hit.path, hit.message, hit.value, hit.allowed)
                )
            else:
                findings.warn(self.warning, addon, hit.message, hit.path)


def _object(config: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = config.get(key)
    return value if isinstance(value, Mapping) else {}


# vpc-cni ---------------------------------------------------------------------------------

_VPC_CNI_DOC = "Amazon EKS User Guide, 'Assign more IP addresses to Amazon EKS nodes with prefixes'"
_AWS_NODE = (
    "aws/amazon-vpc-cni-k8s `cmd/aws-vpc-cni/main.go`, `validateEnvVars` (released since v1.13.0)"
)
_WARM_TARGETS = ("WARM_PREFIX_TARGET", "WARM_IP_TARGET", "MINIMUM_IP_TARGET")


def _warm_prefix_without_delegation(config: Mapping[str, Any]) -> Iterator[Hit]:
    env = _object(config, "env")
    if "WARM_PREFIX_TARGET" in env and env.get("ENABLE_PREFIX_DELEGATION") != "true":
        yield Hit(
            "env.WARM_PREFIX_TARGET",
            "has no effect without prefix delegation (IPAMD keeps warm /28 prefixes only when "
            "it assigns prefixes; AWS's own manifest sets it to 1 either way)",
            env["WARM_PREFIX_TARGET"],
        )


def _no_warm_target_with_delegation(config: Mapping[str, Any]) -> Iterator[Hit]:
    env = _object(config, "env")
    if env.get("ENABLE_PREFIX_DELEGATION") != "true":
        return
    # aws-node compares the raw strings: unset, "0" and anything sorting before "0" count.
    targets = {key: env.get(key) for key in _WARM_TARGETS}
    if all(not isinstance(value, str) or value <= "0" for value in targets.values()):
        yield Hit(
            "env.WARM_PREFIX_TARGET",
            "and WARM_IP_TARGET and MINIMUM_IP_TARGET are all unset or 0 with prefix "
            "delegation: aws-node exits at startup on every node",
            targets["WARM_PREFIX_TARGET"],
            "WARM_PREFIX_TARGET, WARM_IP_TARGET or MINIMUM_IP_TARGET >= 1",
        )


def _ip_targets_override_prefix_target(config: Mapping[str, Any]) -> Iterator[Hit]:
    env = _object(config, "env")
    if (
        env.get("ENABLE_PREFIX_DELEGATION") == "true"
        and "WARM_PREFIX_TARGET" in env
        and (env.get("WARM_IP_TARGET") or env.get("MINIMUM_IP_TARGET"))
    ):
        yield Hit(
            "env.WARM_PREFIX_TARGET",
            "has no effect: env.WARM_IP_TARGET / env.MINIMUM_IP_TARGET override it when set",
        )


VPC_CNI = (
    Rule(
        summary="with prefix delegation, `WARM_PREFIX_TARGET`, `WARM_IP_TARGET` and "
        '`MINIMUM_IP_TARGET` all unset or `"0"`',
        why="aws-node exits 1 at startup on every node; the add-on never becomes healthy",
        source=_AWS_NODE,
        find=_no_warm_target_with_delegation,
    ),
    Rule(
        summary='`env.WARM_PREFIX_TARGET` without `env.ENABLE_PREFIX_DELEGATION = "true"`',
        why="IPAMD keeps warm /28 prefixes only when it assigns prefixes",
        source=_VPC_CNI_DOC,
        find=_warm_prefix_without_delegation,
        warning=WarningCode.NO_EFFECT,
    ),
    Rule(
        summary="`WARM_IP_TARGET` / `MINIMUM_IP_TARGET` set with `WARM_PREFIX_TARGET`",
        why="they override the prefix target",
        source=_VPC_CNI_DOC,
        find=_ip_targets_override_prefix_target,
        warning=WarningCode.NO_EFFECT,
    ),
)
"""The rules of ``vpc-cni``."""


# coredns ---------------------------------------------------------------------------------

_COREDNS_DOC = "Amazon EKS User Guide, 'Manage CoreDNS for DNS in Amazon EKS clusters'"
_PDB_KEYS = frozenset(opt.key for _, opt in PodDisruptionBudget.options())


def _resources_pair(config: Mapping[str, Any]) -> Iterator[Hit]:
    resources = _object(config, "resources")
    for part, other in (("limits", "requests"), ("requests", "limits")):
        if part in resources and other not in resources:
            yield Hit(
                f"resources.{other}",
                f"is required with resources.{part} (CoreDNS resources need both limits "
                "and requests)",
                None,
                f"set resources.{other} too",
            )


def _replica_bounds(config: Mapping[str, Any]) -> Iterator[Hit]:
    scaling = _object(config, "autoScaling")
    low, high = scaling.get("minReplicas"), scaling.get("maxReplicas")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        yield Hit(
            "autoScaling.minReplicas",
            f"is above autoScaling.maxReplicas ({high})",
            low,
            f"<= {high}",
        )


def _replicas_with_autoscaling(config: Mapping[str, Any]) -> Iterator[Hit]:
    if _object(config, "autoScaling").get("enabled") is True and "replicaCount" in config:
        yield Hit("replicaCount", "is ignored while autoScaling.enabled is true")


def _disruption_budget(config: Mapping[str, Any]) -> Iterator[Hit]:
    budget = _object(config, "podDisruptionBudget")
    # Some coredns schemas misplace these keys, so the schema lets anything through.
    for key in sorted(set(budget) - _PDB_KEYS):
        yield Hit(
            f"podDisruptionBudget.{key}",
            "is not a podDisruptionBudget option",
            budget[key],
            ", ".join(repr(key) for key in sorted(_PDB_KEYS)),
        )
    if "maxUnavailable" in budget and "minAvailable" in budget:
        yield Hit(
            "podDisruptionBudget.minAvailable",
            "cannot be set with maxUnavailable (a PodDisruptionBudget takes one of them)",
            budget["minAvailable"],
            "only one of minAvailable, maxUnavailable",
        )


COREDNS = (
    Rule(
        summary="`resources` needs both `limits` and `requests`",
        why="as AWS's CoreDNS guidance says",
        source=_COREDNS_DOC,
        find=_resources_pair,
    ),
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
        summary="`podDisruptionBudget` keys other than `enabled`, `maxUnavailable`, "
        "`minAvailable`, or both of the last two",
        why="some AWS schemas misplace these keys and let anything through; a "
        "PodDisruptionBudget takes one of the two",
        source="Kubernetes API, PodDisruptionBudgetSpec",
        find=_disruption_budget,
    ),
)
"""The rules of ``coredns``."""


# kube-proxy ------------------------------------------------------------------------------


def _scheduler_without_ipvs(config: Mapping[str, Any]) -> Iterator[Hit]:
    ipvs = _object(config, "ipvs")
    if "scheduler" in ipvs and config.get("mode") != "ipvs":
        yield Hit(
            "ipvs.scheduler",
            "has an effect only with mode 'ipvs'",
            ipvs["scheduler"],
            "set mode to 'ipvs', or drop ipvs.scheduler",
        )


KUBE_PROXY = (
    Rule(
        summary='`ipvs.scheduler` needs `mode = "ipvs"`',
        why="the scheduler is used only in IPVS mode",
        source="Kubernetes docs, kube-proxy configuration (KubeProxyIPVSConfiguration)",
        find=_scheduler_without_ipvs,
    ),
)
"""The rules of ``kube-proxy``."""
