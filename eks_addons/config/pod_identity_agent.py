"""Typed ``configuration_values`` for the ``eks-pod-identity-agent`` add-on.

Keys from AWS's configuration schema of eks-pod-identity-agent v1.3.9-eksbuild.3
(``aws eks describe-addon-configuration``). The library's catalog does not cover this add-on
yet, so the rest of the schema goes through ``extra`` unchecked by a schema.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eks_addons.config.kinds import Boolean, JsonArray, JsonObject, Text
from eks_addons.config.model import AddonConfig, option
from eks_addons.config.resources import Resources


@dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class PodIdentityAgentConfig(AddonConfig):
    """Configuration of ``eks-pod-identity-agent``, the node agent behind EKS Pod Identity."""

    resources: Resources | None = option("resources", Resources)
    """``resources`` of the agent container. Omitted: AWS's default."""
    tolerations: Sequence[Mapping[str, Any]] | None = option("tolerations", JsonArray())
    """``tolerations`` (array). Omitted: AWS's default."""
    node_selector: Mapping[str, str] | None = option("nodeSelector", JsonObject(string_values=True))
    """``nodeSelector`` (object). Omitted: none."""
    affinity: Mapping[str, Any] | None = option("affinity", JsonObject())
    """``affinity`` (object). Omitted: AWS's default."""
    pod_annotations: Mapping[str, str] | None = option(
        "podAnnotations", JsonObject(string_values=True)
    )
    """``podAnnotations`` (object). Omitted: none."""
    priority_class_name: str | None = option("priorityClassName", Text())
    """``priorityClassName`` (string). Omitted: AWS's default."""
    agent_additional_args: Mapping[str, str] | None = option(
        "agent.additionalArgs", JsonObject(string_values=True)
    )
    """``agent.additionalArgs`` (object): extra command-line arguments of the agent.
    Omitted: none."""
    hybrid_daemonset: bool | None = option("daemonsets.hybrid.create", Boolean())
    """``daemonsets.hybrid.create`` (boolean): run the agent on hybrid nodes. Omitted: AWS's
    default."""
