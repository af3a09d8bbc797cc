"""Typed ``configuration_values`` for the ``coredns`` add-on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from eks_addons.config.kinds import (
    Boolean,
    Choice,
    Integer,
    IntOrPercent,
    JsonArray,
    JsonObject,
    Text,
)
from eks_addons.config.model import AddonConfig, ConfigModel, option
from eks_addons.config.resources import Resources


class ComputeType(StrEnum):
    """``computeType``: where the CoreDNS pods run."""

    EC2 = "EC2"
    FARGATE = "Fargate"
    """Needs a Fargate profile selecting the CoreDNS pods (namespace ``kube-system``)."""


@dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class AutoScaling(ConfigModel):
    """``autoScaling``: EKS-managed scaling of the CoreDNS replicas."""

    enabled: bool = option("enabled", Boolean(), required=True)
    """``autoScaling.enabled`` (boolean, required by AWS when ``autoScaling`` is set)."""
    min_replicas: int | None = option("minReplicas", Integer(minimum=2, maximum=1000))
    """``autoScaling.minReplicas`` (integer, 2-1000). Omitted: AWS's default, 2."""
    max_replicas: int | None = option("maxReplicas", Integer(minimum=2, maximum=1000))
    """``autoScaling.maxReplicas`` (integer, 2-1000). Omitted: AWS's default."""


@dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class PodDisruptionBudget(ConfigModel):
    """``podDisruptionBudget``: the managed PodDisruptionBudget of the CoreDNS pods."""

    enabled: bool | None = option("enabled", Boolean())
    """``podDisruptionBudget.enabled`` (boolean). Omitted: AWS's default, ``true``."""
    max_unavailable: int | str | None = option("maxUnavailable", IntOrPercent())
    """``podDisruptionBudget.maxUnavailable`` (integer or ``"N%"``). Omitted: AWS's default, 1."""
    min_available: int | str | None = option("minAvailable", IntOrPercent())
    """``podDisruptionBudget.minAvailable`` (integer or ``"N%"``). Omitted: not set."""


@dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class CoreDnsConfig(AddonConfig):
    """Configuration of ``coredns``, the cluster DNS server (a Deployment)."""

    compute_type: ComputeType | str | None = option("computeType", Choice(ComputeType))
    """``computeType`` (string: EC2 | Fargate). Omitted: AWS's default, EC2."""
    replica_count: int | None = option("replicaCount", Integer(minimum=0))
    """``replicaCount`` (integer). Omitted: AWS's default, 2."""
    resources: Resources | None = option("resources", Resources)
    """``resources`` of the CoreDNS container; set both ``limits`` and ``requests``.
    Omitted: AWS's default (requests 100m CPU and 70Mi memory, limit 170Mi memory)."""
    auto_scaling: AutoScaling | None = option("autoScaling", AutoScaling)
    """``autoScaling``: EKS-managed replica scaling. Omitted: off."""
    pod_disruption_budget: PodDisruptionBudget | None = option(
        "podDisruptionBudget", PodDisruptionBudget
    )
    """``podDisruptionBudget``. Omitted: AWS's managed default."""
    node_selector: Mapping[str, str] | None = option("nodeSelector", JsonObject(string_values=True))
    """``nodeSelector`` (object of strings). Omitted: none."""
    tolerations: Sequence[Mapping[str, Any]] | None = option("tolerations", JsonArray())
    """``tolerations`` (array of Kubernetes tolerations). Omitted: AWS's default, which
    tolerates ``CriticalAddonsOnly`` and the control-plane taint."""
    affinity: Mapping[str, Any] | None = option("affinity", JsonObject())
    """``affinity`` (Kubernetes affinity object). Omitted: AWS's default (linux nodes,
    amd64/arm64, spread across hosts)."""
    topology_spread_constraints: Sequence[Mapping[str, Any]] | None = option(
        "topologySpreadConstraints", JsonArray()
    )
    """``topologySpreadConstraints`` (array). Omitted: none."""
    pod_annotations: Mapping[str, str] | None = option(
        "podAnnotations", JsonObject(string_values=True)
    )
    """``podAnnotations`` (object): annotations on the CoreDNS pods. Omitted: none."""
    pod_labels: Mapping[str, str] | None = option("podLabels", JsonObject(string_values=True))
    """``podLabels`` (object): labels on the CoreDNS pods. Omitted: none."""
    corefile: str | None = option("corefile", Text())
    """``corefile`` (string): the entire Corefile. Omitted: AWS's default Corefile."""
