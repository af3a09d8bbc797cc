"""Rules between options that AWS documents but a JSON Schema cannot express.

Each rule reads the rendered ``configuration_values`` (so it covers builders, dicts and
``extra`` alike) and says why it fires.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eks_addons.errors import Problem, ProblemCode


@dataclass
class RuleCheck:
    """Errors (the configuration cannot do what it says) and warnings (it may surprise)."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, path: str, message: str, value: object, allowed: str) -> None:
        """Record a rule broken at ``path``."""
        self.problems.append(Problem(ProblemCode.RULE, path, message, value, allowed))


def _vpc_cni(config: Mapping[str, Any], check: RuleCheck) -> None:
    env = config.get("env")
    if not isinstance(env, Mapping):
        return
    prefix_delegation = env.get("ENABLE_PREFIX_DELEGATION") == "true"
    warm_prefix = env.get("WARM_PREFIX_TARGET")
    warm_ip = env.get("WARM_IP_TARGET")
    minimum_ip = env.get("MINIMUM_IP_TARGET")
    if warm_prefix is not None and not prefix_delegation:
        check.error(
            "env.WARM_PREFIX_TARGET",
            "has an effect only with prefix delegation (IPAMD keeps warm /28 prefixes only "
            "when it assigns prefixes)",
            warm_prefix,
            "set env.ENABLE_PREFIX_DELEGATION to 'true', or drop WARM_PREFIX_TARGET",
        )
    if prefix_delegation and (warm_prefix == "0" or (warm_ip == "0" and minimum_ip == "0")):
        check.error(
            "env.WARM_PREFIX_TARGET" if warm_prefix == "0" else "env.WARM_IP_TARGET",
            "is zero with prefix delegation, which AWS does not support (IPAMD would keep no "
            "warm prefix and pod starts would stall)",
            warm_prefix if warm_prefix == "0" else warm_ip,
            "WARM_PREFIX_TARGET >= 1, or WARM_IP_TARGET / MINIMUM_IP_TARGET not both zero",
        )
    if prefix_delegation and warm_prefix is not None and (warm_ip or minimum_ip):
        check.warnings.append(
            "vpc-cni: env.WARM_IP_TARGET / env.MINIMUM_IP_TARGET override "
            "env.WARM_PREFIX_TARGET when set; the prefix target has no effect"
        )


def _coredns(config: Mapping[str, Any], check: RuleCheck) -> None:
    resources = config.get("resources")
    if isinstance(resources, Mapping) and resources:
        for part, other in (("limits", "requests"), ("requests", "limits")):
            if part in resources and other not in resources:
                check.error(
                    f"resources.{other}",
                    f"is required with resources.{part} (CoreDNS resources need both limits "
                    "and requests)",
                    None,
                    f"set resources.{other} too",
                )
    scaling = config.get("autoScaling")
    if isinstance(scaling, Mapping):
        low, high = scaling.get("minReplicas"), scaling.get("maxReplicas")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            check.error(
                "autoScaling.minReplicas",
                f"is above autoScaling.maxReplicas ({high})",
                low,
                f"at most {high}",
            )
        if scaling.get("enabled") is True and "replicaCount" in config:
            check.warnings.append(
                "coredns: replicaCount is ignored while autoScaling.enabled is true"
            )
    budget = config.get("podDisruptionBudget")
    if isinstance(budget, Mapping):
        # Some coredns schemas misplace these keys, so the schema lets anything through.
        for key in sorted(set(budget) - {"enabled", "maxUnavailable", "minAvailable"}):
            check.error(
                f"podDisruptionBudget.{key}",
                "is not a podDisruptionBudget option",
                budget[key],
                "'enabled', 'maxUnavailable', 'minAvailable'",
            )
        if "maxUnavailable" in budget and "minAvailable" in budget:
            check.error(
                "podDisruptionBudget.minAvailable",
                "cannot be set with maxUnavailable (a PodDisruptionBudget takes one of them)",
                budget["minAvailable"],
                "only one of minAvailable, maxUnavailable",
            )


def _kube_proxy(config: Mapping[str, Any], check: RuleCheck) -> None:
    ipvs = config.get("ipvs")
    if isinstance(ipvs, Mapping) and "scheduler" in ipvs and config.get("mode") != "ipvs":
        check.error(
            "ipvs.scheduler",
            "has an effect only with mode 'ipvs'",
            ipvs["scheduler"],
            "set mode to 'ipvs', or drop ipvs.scheduler",
        )


RULES: dict[str, Callable[[Mapping[str, Any], RuleCheck], None]] = {
    "vpc-cni": _vpc_cni,
    "coredns": _coredns,
    "kube-proxy": _kube_proxy,
}


def check_rules(addon: str, config: Mapping[str, Any]) -> RuleCheck:
    """The rules of ``addon`` applied to its rendered configuration."""
    check = RuleCheck()
    rule = RULES.get(addon)
    if rule is not None:
        rule(config, check)
    return check
