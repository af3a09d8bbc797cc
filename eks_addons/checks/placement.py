"""Whether an add-on's pods have somewhere to run on the stack's compute (pure Python).

The cdktf layer reads the stack's compute once per synth into a :class:`Compute` and calls
:func:`check_placement` for each add-on in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eks_addons.errors import Findings, WarningCode
from eks_addons.specs import AddonSpec, Pods


@dataclass(frozen=True)
class Selector:
    """One Fargate profile selector: a namespace and the labels a pod must carry."""

    namespace: str | None
    labels: Mapping[str, str]

    def matches(self, pods: Pods) -> bool:
        """Whether pods in ``pods.namespace`` with ``pods.labels`` are selected, as Kubernetes
        matches: the same namespace, and every selector label on the pods."""
        return self.namespace == pods.namespace and all(
            pods.labels.get(key) == value for key, value in self.labels.items()
        )


@dataclass(frozen=True)
class Compute:
    """The compute visible in a stack: its node groups and its Fargate profiles' selectors."""

    node_groups: int
    fargate_profiles: int
    selectors: tuple[Selector, ...]

    @property
    def fargate_only(self) -> bool:
        """Fargate profiles and no node group."""
        return self.fargate_profiles > 0 and self.node_groups == 0


def check_placement(
    spec: AddonSpec, config: Mapping[str, Any] | None, compute: Compute, findings: Findings
) -> None:
    """Warn when ``spec``'s pods cannot run on ``compute``."""
    if spec.daemonset and compute.fargate_only:
        findings.warn(
            WarningCode.NOT_ON_THIS_COMPUTE,
            spec.name,
            f"the compute in this stack is Fargate only ({compute.fargate_profiles} Fargate "
            f"profile(s), no node group); {spec.name} runs on every node and never on Fargate, "
            "so it is not needed there",
        )
    if spec.runs_on_fargate(config) and spec.pods is not None:
        if any(selector.matches(spec.pods) for selector in compute.selectors):
            return
        labels = ", ".join(f"{key}={value}" for key, value in spec.pods.labels.items())
        findings.warn(
            WarningCode.NOWHERE_TO_RUN,
            spec.name,
            f"its pods run on Fargate but no Fargate profile visible to this stack selects "
            f"them (namespace {spec.pods.namespace}, labels among {labels}); without one the "
            "pods cannot be scheduled, the add-on stays DEGRADED and the apply waits until the "
            "create timeout",
            "computeType",
        )
