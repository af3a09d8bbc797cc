"""The ``kube-proxy`` add-on (the per-node Service proxy, a DaemonSet): its spec and rules."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from eks_addons.config import KubeProxyConfig
from eks_addons.errors import WarningCode
from eks_addons.specs.model import AddonSpec, Hit, Rule, auto_mode, config_object


def _scheduler_without_ipvs(config: Mapping[str, Any]) -> Iterator[Hit]:
    ipvs = config_object(config, "ipvs")
    if "scheduler" in ipvs and config.get("mode") != "ipvs":
        yield Hit(
            "ipvs.scheduler",
            "has no effect unless mode is 'ipvs'",
            ipvs["scheduler"],
        )


RULES = (
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


SPEC = AddonSpec(
    name="kube-proxy",
    builder=KubeProxyConfig,
    rules=RULES,
    replaced_on={"auto": auto_mode("service networking")},
    default=True,
    docs_page="kube-proxy.md",
)
