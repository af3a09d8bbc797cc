"""Typed ``configuration_values`` for the ``kube-proxy`` add-on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from eks_addons.config.kinds import Choice, JsonObject, Text
from eks_addons.config.model import AddonConfig, option
from eks_addons.config.resources import Resources


class KubeProxyMode(StrEnum):
    """``mode``: how kube-proxy programs Service routing on each node."""

    IPTABLES = "iptables"
    IPVS = "ipvs"
    NFTABLES = "nftables"
    """Accepted from kube-proxy v1.31.0-eksbuild.2 on."""


@dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class KubeProxyConfig(AddonConfig):
    """Configuration of ``kube-proxy``, the per-node Service proxy (never runs on Fargate)."""

    mode: KubeProxyMode | str | None = option("mode", Choice(KubeProxyMode))
    """``mode`` (string: iptables | ipvs | nftables). Omitted: AWS's default, ``iptables``."""
    ipvs_scheduler: str | None = option("ipvs.scheduler", Text())
    """``ipvs.scheduler`` (string), the IPVS scheduling algorithm, e.g. ``"rr"`` (round robin)
    or ``"lc"`` (least connection); used with ``mode=ipvs``. Omitted: kube-proxy's ``rr``."""
    resources: Resources | None = option("resources", Resources)
    """``resources`` of the kube-proxy container. Omitted: AWS's default requests."""
    pod_annotations: Mapping[str, str] | None = option(
        "podAnnotations", JsonObject(string_values=True)
    )
    """``podAnnotations`` (object): annotations on the kube-proxy pods. Omitted: none."""
    pod_labels: Mapping[str, str] | None = option("podLabels", JsonObject(string_values=True))
    """``podLabels`` (object): labels on the kube-proxy pods. Omitted: none."""
