"""The ``vpc-cni`` add-on (Amazon VPC CNI plugin, the ``aws-node`` DaemonSet): its spec and
the rules its configuration must follow beyond AWS's schema (aws-node's startup checks)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from eks_addons.config import VpcCniConfig
from eks_addons.errors import UNSET, WarningCode
from eks_addons.specs.model import (
    AddonSpec,
    ClusterRoleNeed,
    Hit,
    Replacement,
    Rule,
    auto_mode,
    config_object,
)

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
    return {k: v for k, v in config_object(config, "env").items() if isinstance(v, str)}


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


RULES = (
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
        summary='`env.WARM_PREFIX_TARGET` without `env.ENABLE_PREFIX_DELEGATION` set to `"true"`',
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


def _pod_eni(config: Mapping[str, Any]) -> bool:
    return _env(config).get("ENABLE_POD_ENI") == "true"


SPEC = AddonSpec(
    name="vpc-cni",
    builder=VpcCniConfig,
    rules=RULES,
    cluster_role_needs=(
        # Amazon EKS User Guide, "Security groups for Pods": attach it before ENABLE_POD_ENI
        ClusterRoleNeed(
            policy="AmazonEKSVPCResourceController",
            attachment_id="ClusterRoleVpcResourceController",
            path="env.ENABLE_POD_ENI",
            when=_pod_eni,
            why="the VPC resource controller cannot create the trunk and branch ENIs that "
            "security groups for pods use",
        ),
    ),
    replaced_on={
        "auto": auto_mode("pod networking"),
        # AWS: the VPC CNI is not compatible with hybrid nodes and does not deploy to them
        "hybrid": Replacement(
            "a CNI you install for hybrid nodes (AWS documents Cilium and Calico)",
            you_install=True,
        ),
    },
    default=True,
    docs_page="vpc-cni.md",
)
