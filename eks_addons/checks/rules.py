"""Rules between options that a JSON Schema cannot express, as data: one :class:`Rule` each.

Each rule reads the rendered ``configuration_values`` (so it covers builders, dicts and
``extra`` alike), names its source, and says whether breaking it is an error (something real
rejects or breaks on it) or a warning (it works, but is probably not meant). An add-on's spec
lists its rules; ``docs/errors.md`` shows the table generated from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from eks_addons.catalog.versions import addon_version_key, is_addon_version
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
    since: str | None = None
    """The first add-on version the rule holds for (``None``: every version)."""
    ip_family: str | None = None
    """The cluster IP family the rule is about: breaking it is an error on such a cluster,
    nothing on another, and the rule's ``warning`` while the family is not known."""

    def holds_for(self, version: str | None) -> bool:
        """Whether the rule applies to ``version`` (an unknown version: it does)."""
        if self.since is None or version is None or not is_addon_version(version):
            return True
        return addon_version_key(version) >= addon_version_key(self.since)

    def apply(
        self,
        addon: str,
        version: str | None,
        config: Mapping[str, Any],
        findings: Findings,
        ip_family: str | None = None,
    ) -> None:
        """Add what the rule finds in ``config`` to ``findings`` (``ip_family``: the
        cluster's, when known); a path that already has a problem gets no second one."""
        if not self.holds_for(version):
            return
        if self.ip_family is not None and ip_family not in (None, self.ip_family):
            return
        error = self.warning is None or (self.ip_family is not None and ip_family == self.ip_family)
        for hit in self.find(config):
            if any(problem.path == hit.path for problem in findings.problems):
                continue
            if error:
                findings.problems.append(
                    Problem(ProblemCode.RULE, hit.path, hit.message, hit.value, hit.allowed)
                )
            else:
                assert self.warning is not None
                findings.warn(self.warning, addon, hit.message, hit.path)


def _object(config: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = config.get(key)
    return value if isinstance(value, Mapping) else {}


# vpc-cni ---------------------------------------------------------------------------------

_VPC_CNI_DOC = (
    "[Amazon EKS User Guide: prefix delegation]"
    "(https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html)"
)
_UPSTREAM = "https://github.com/aws/amazon-vpc-cni-k8s/blob/v1.22.4"
_VALIDATE_ENV = f"[aws-node `validateEnvVars`]({_UPSTREAM}/cmd/aws-vpc-cni/main.go)"
_IPAMD = f"[ipamd `getWarmIPTarget` and its siblings]({_UPSTREAM}/pkg/ipamd/ipamd.go)"
_WARM_TARGETS = ("WARM_PREFIX_TARGET", "WARM_IP_TARGET", "MINIMUM_IP_TARGET")
_ATOI = re.compile(r"[+-]?[0-9]+")  # what Go's strconv.Atoi parses
_MTU_V4, _MTU_V6, _MTU_MAX = 576, 1280, 9001
_RESERVED_VETH = ("eth", "lo", "vlan")


def _env(config: Mapping[str, Any]) -> dict[str, str]:
    """The string values of ``env`` (what aws-node reads from its environment)."""
    return {k: v for k, v in _object(config, "env").items() if isinstance(v, str)}


def _atoi(value: str) -> int | None:
    return int(value) if _ATOI.fullmatch(value) else None


def _plugin_log_to_stdout(config: Mapping[str, Any]) -> Iterator[Hit]:
    value = _env(config).get("AWS_VPC_K8S_PLUGIN_LOG_FILE")
    if value == "stdout":
        yield Hit(
            "env.AWS_VPC_K8S_PLUGIN_LOG_FILE",
            "cannot be stdout: aws-node exits at startup (the CNI plugin's stdout is its result)",
            value,
            "a file path, e.g. '/var/log/aws-routed-eni/plugin.log', or 'stderr'",
        )


def _veth_prefix(config: Mapping[str, Any]) -> Iterator[Hit]:
    value = _env(config).get("AWS_VPC_K8S_CNI_VETHPREFIX")
    if value is not None and (len(value) > 4 or value in _RESERVED_VETH):
        yield Hit(
            "env.AWS_VPC_K8S_CNI_VETHPREFIX",
            "must be at most 4 characters and not 'eth', 'lo' or 'vlan': aws-node exits at "
            "startup otherwise",
            value,
            "up to 4 characters, not 'eth', 'lo', 'vlan' (default 'eni')",
        )


def _pod_sg_mode(config: Mapping[str, Any]) -> Iterator[Hit]:
    env = _env(config)
    mode = env.get("POD_SECURITY_GROUP_ENFORCING_MODE")
    if env.get("ENABLE_POD_ENI") == "true" and mode is not None and mode not in _SG_MODES:
        yield Hit(
            "env.POD_SECURITY_GROUP_ENFORCING_MODE",
            "must be 'strict' or 'standard' with ENABLE_POD_ENI: aws-node exits at startup",
            mode,
            "'strict', 'standard'",
        )


_SG_MODES = ("strict", "standard")


def _ip_cooldown(config: Mapping[str, Any]) -> Iterator[Hit]:
    value = _env(config).get("IP_COOLDOWN_PERIOD")
    if value is None:
        return
    parsed = _atoi(value)
    if parsed is None or parsed < 0:
        yield Hit(
            "env.IP_COOLDOWN_PERIOD",
            "must be a whole number of seconds, 0 or more: aws-node exits at startup otherwise",
            value,
            "an integer string >= 0 (default '30')",
        )


def _mtu_errors(config: Mapping[str, Any]) -> Iterator[Hit]:
    env = _env(config)
    for key in ("AWS_VPC_ENI_MTU", "POD_MTU"):
        value = env.get(key)
        if value is None:
            continue
        parsed = _atoi(value)
        if parsed is None or not _MTU_V4 <= parsed <= _MTU_MAX:
            yield Hit(
                f"env.{key}",
                f"must be an integer from {_MTU_V4} to {_MTU_MAX}: aws-node exits at startup "
                "otherwise",
                value,
                f"{_MTU_V4}-{_MTU_MAX} ({_MTU_V6}-{_MTU_MAX} on IPv6 clusters)",
            )


def _mtu_below_ipv6(config: Mapping[str, Any]) -> Iterator[Hit]:
    env = _env(config)
    for key in ("AWS_VPC_ENI_MTU", "POD_MTU"):
        parsed = _atoi(env.get(key, ""))
        if parsed is not None and _MTU_V4 <= parsed < _MTU_V6:
            yield Hit(
                f"env.{key}",
                f"is below {_MTU_V6}: fine on IPv4, but aws-node exits at startup on an IPv6 "
                "cluster",
                env[key],
                f"{_MTU_V6}-{_MTU_MAX} on IPv6 clusters",
            )


def _ignored_targets(config: Mapping[str, Any]) -> Iterator[Hit]:
    env = _env(config)
    for key in (*_WARM_TARGETS, "WARM_ENI_TARGET"):
        parsed = _atoi(env.get(key, ""))
        if parsed is not None and parsed < 0:
            yield Hit(
                f"env.{key}",
                "is negative: ipamd ignores it and runs as if it were unset",
                env[key],
                "an integer string >= 0",
            )


def _warm_prefix_without_delegation(config: Mapping[str, Any]) -> Iterator[Hit]:
    env = _env(config)
    if "WARM_PREFIX_TARGET" in env and env.get("ENABLE_PREFIX_DELEGATION") != "true":
        yield Hit(
            "env.WARM_PREFIX_TARGET",
            "has no effect without prefix delegation (IPAMD keeps warm /28 prefixes only when "
            "it assigns prefixes; AWS's own manifest sets it to 1 either way)",
            env["WARM_PREFIX_TARGET"],
        )


def _no_warm_target_with_delegation(config: Mapping[str, Any]) -> Iterator[Hit]:
    env = _env(config)
    if env.get("ENABLE_PREFIX_DELEGATION") != "true":
        return
    # aws-node compares the raw strings: unset, "0" and anything sorting before "0" count.
    targets = {key: env.get(key, "0") for key in _WARM_TARGETS}
    if all(value <= "0" for value in targets.values()):
        yield Hit(
            "env.WARM_PREFIX_TARGET",
            "and WARM_IP_TARGET and MINIMUM_IP_TARGET are all unset or 0 with prefix "
            "delegation: aws-node exits at startup on every node",
            env.get("WARM_PREFIX_TARGET", UNSET),
            "WARM_PREFIX_TARGET, WARM_IP_TARGET or MINIMUM_IP_TARGET >= 1",
        )


def _ip_targets_override_prefix_target(config: Mapping[str, Any]) -> Iterator[Hit]:
    env = _env(config)
    if (
        env.get("ENABLE_PREFIX_DELEGATION") == "true"
        and "WARM_PREFIX_TARGET" in env
        and any((_atoi(env.get(k, "")) or 0) > 0 for k in ("WARM_IP_TARGET", "MINIMUM_IP_TARGET"))
    ):
        yield Hit(
            "env.WARM_PREFIX_TARGET",
            "has no effect: env.WARM_IP_TARGET / env.MINIMUM_IP_TARGET override it when set",
        )


VPC_CNI = (
    Rule(
        summary="`env.AWS_VPC_K8S_PLUGIN_LOG_FILE` is `stdout`",
        why="aws-node exits 1 at startup on every node",
        source=_VALIDATE_ENV,
        find=_plugin_log_to_stdout,
        since="v1.13.0-eksbuild.1",
    ),
    Rule(
        summary="`env.AWS_VPC_K8S_CNI_VETHPREFIX` longer than 4 characters, or `eth`, `lo`, `vlan`",
        why="aws-node exits 1 at startup on every node",
        source=_VALIDATE_ENV,
        find=_veth_prefix,
        since="v1.13.0-eksbuild.1",
    ),
    Rule(
        summary="`env.ENABLE_POD_ENI` with `POD_SECURITY_GROUP_ENFORCING_MODE` other than "
        "`strict` / `standard`",
        why="aws-node exits 1 at startup on every node (AWS's schema takes any string)",
        source=_VALIDATE_ENV,
        find=_pod_sg_mode,
        since="v1.13.0-eksbuild.1",
    ),
    Rule(
        summary="`env.IP_COOLDOWN_PERIOD` not an integer, or negative",
        why="aws-node exits 1 at startup on every node",
        source=_VALIDATE_ENV,
        find=_ip_cooldown,
        since="v1.15.0-eksbuild.1",
    ),
    Rule(
        summary="`env.AWS_VPC_ENI_MTU` / `env.POD_MTU` not an integer, or outside 576-9001",
        why="aws-node exits 1 at startup on every node",
        source=f"[aws-node `validateMTU`]({_UPSTREAM}/cmd/aws-vpc-cni/main.go)",
        find=_mtu_errors,
        since="v1.17.1-eksbuild.1",
    ),
    Rule(
        summary="`env.AWS_VPC_ENI_MTU` / `env.POD_MTU` from 576 to 1279",
        why="valid on IPv4; aws-node exits at startup on IPv6 clusters (1280-9001 there)",
        source=f"[aws-node `validateMTU`]({_UPSTREAM}/cmd/aws-vpc-cni/main.go)",
        find=_mtu_below_ipv6,
        warning=WarningCode.IPV6_INCOMPATIBLE,
        since="v1.17.1-eksbuild.1",
        ip_family="ipv6",
    ),
    Rule(
        summary="with prefix delegation, `WARM_PREFIX_TARGET`, `WARM_IP_TARGET` and "
        '`MINIMUM_IP_TARGET` all unset or `"0"` (compared as strings, as aws-node does)',
        why="aws-node exits 1 at startup on every node; the add-on never becomes healthy",
        source=_VALIDATE_ENV,
        find=_no_warm_target_with_delegation,
        since="v1.13.0-eksbuild.1",
    ),
    Rule(
        summary="a negative `WARM_PREFIX_TARGET`, `WARM_IP_TARGET`, `MINIMUM_IP_TARGET` or "
        "`WARM_ENI_TARGET`",
        why="ipamd ignores it and runs as if it were unset",
        source=_IPAMD,
        find=_ignored_targets,
        warning=WarningCode.IGNORED_VALUE,
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


def _budget_keys(config: Mapping[str, Any]) -> Iterator[Hit]:
    budget = _object(config, "podDisruptionBudget")
    # Some coredns schemas misplace these keys, so the schema lets anything through.
    for key in sorted(set(budget) - _PDB_KEYS):
        yield Hit(
            f"podDisruptionBudget.{key}",
            "is not a podDisruptionBudget option: the add-on ignores it",
            budget[key],
            ", ".join(repr(key) for key in sorted(_PDB_KEYS)),
        )


def _budget_both_bounds(config: Mapping[str, Any]) -> Iterator[Hit]:
    budget = _object(config, "podDisruptionBudget")
    if "maxUnavailable" in budget and "minAvailable" in budget:
        yield Hit(
            "podDisruptionBudget.minAvailable",
            "cannot be set with maxUnavailable: Kubernetes refuses such a PodDisruptionBudget",
            budget["minAvailable"],
            "only one of minAvailable, maxUnavailable",
        )


COREDNS = (
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
        summary="`podDisruptionBudget` with both `maxUnavailable` and `minAvailable`",
        why="Kubernetes refuses a PodDisruptionBudget with both",
        source=_PDB_DOC,
        find=_budget_both_bounds,
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


# kube-proxy ------------------------------------------------------------------------------


def _scheduler_without_ipvs(config: Mapping[str, Any]) -> Iterator[Hit]:
    ipvs = _object(config, "ipvs")
    if "scheduler" in ipvs and config.get("mode") != "ipvs":
        yield Hit(
            "ipvs.scheduler",
            "has no effect unless mode is 'ipvs'",
            ipvs["scheduler"],
        )


KUBE_PROXY = (
    Rule(
        summary='`ipvs.scheduler` without `mode = "ipvs"`',
        why="the scheduler is used only in IPVS mode",
        source="[kube-proxy configuration: KubeProxyIPVSConfiguration]"
        "(https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/)",
        find=_scheduler_without_ipvs,
        warning=WarningCode.NO_EFFECT,
    ),
)
"""The rules of ``kube-proxy``."""
