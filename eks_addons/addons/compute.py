"""Checks at synth that need the rest of the stack: which compute the add-ons will run on.

They run as construct validations, so they see the whole stack, whatever the order the
constructs were added in. They warn rather than fail: compute created outside the stack
(self-managed nodes, a profile in another stack) is invisible here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import jsii
from cdktf import Annotations, TerraformStack
from cdktf_cdktf_provider_aws.eks_fargate_profile import EksFargateProfile
from cdktf_cdktf_provider_aws.eks_node_group import EksNodeGroup
from constructs import Construct, IValidation

from eks_addons.config import ComputeType

ComputeRule = Callable[[list[EksNodeGroup], list[EksFargateProfile]], list[str]]


@jsii.implements(IValidation)
class ComputeCheck:
    """Runs ``rule`` on the stack's node groups and Fargate profiles; warnings go on ``scope``."""

    def __init__(self, scope: Construct, rule: ComputeRule) -> None:
        self._scope = scope
        self._rule = rule

    def validate(self) -> list[str]:
        """Add the rule's warnings to the scope; never fails the synth."""
        stack = TerraformStack.of(self._scope)
        node_groups = [c for c in stack.node.find_all() if isinstance(c, EksNodeGroup)]
        profiles = [c for c in stack.node.find_all() if isinstance(c, EksFargateProfile)]
        for warning in self._rule(node_groups, profiles):
            Annotations.of(self._scope).add_warning(warning)
        return []


def nodes_only_rule(addon: str) -> ComputeRule:
    """A DaemonSet add-on runs on nodes; on Fargate-only compute it never runs."""

    def rule(node_groups: list[EksNodeGroup], profiles: list[EksFargateProfile]) -> list[str]:
        if profiles and not node_groups:
            return [
                f"{addon}: the compute in this stack is Fargate only "
                f"({len(profiles)} Fargate profile(s), no node group); {addon} is a DaemonSet "
                "and never runs on Fargate, so it is not needed there"
            ]
        return []

    return rule


def _selects_coredns(selector: Any) -> bool:
    namespace = _field(selector, "namespace")
    labels = _field(selector, "labels") or {}
    return namespace == "kube-system" and all(
        labels.get(key) == value for key, value in {"k8s-app": "kube-dns"}.items() if key in labels
    )


def _field(struct: Any, name: str) -> Any:
    if isinstance(struct, Mapping):
        return struct.get(name)
    return getattr(struct, name, None)


def coredns_rule(compute_type: object) -> ComputeRule:
    """CoreDNS on Fargate needs a Fargate profile selecting its pods, or it stays DEGRADED."""

    def rule(node_groups: list[EksNodeGroup], profiles: list[EksFargateProfile]) -> list[str]:
        if compute_type != ComputeType.FARGATE:
            return []
        selectors = [
            selector
            for profile in profiles
            if isinstance(profile.selector_input, list)
            for selector in profile.selector_input
        ]
        if any(_selects_coredns(selector) for selector in selectors):
            return []
        return [
            "coredns: computeType is Fargate but no Fargate profile visible to this stack "
            "selects its pods (namespace kube-system, label k8s-app=kube-dns); without one the "
            "pods cannot be scheduled, the add-on stays DEGRADED and the apply waits until "
            "the create timeout"
        ]

    return rule
