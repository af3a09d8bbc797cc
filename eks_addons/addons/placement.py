"""Placement checks at synth: one walk of each stack's compute serves all its add-ons.

The first add-on in a stack adds one validation to the stack; at synth it reads the node
groups and Fargate profiles once and runs :func:`~eks_addons.checks.placement.check_placement`
for every add-on registered there. Compute the stack cannot see (self-managed nodes, a profile
in another stack) is invisible here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from weakref import WeakKeyDictionary

import jsii
from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.eks_fargate_profile import EksFargateProfile
from cdktf_cdktf_provider_aws.eks_node_group import EksNodeGroup
from constructs import Construct, IValidation

from eks_addons.checks.placement import Compute, Selector, check_placement
from eks_addons.errors import AddonWarning, Findings
from eks_addons.specs import AddonSpec

Warn = Callable[[AddonWarning], None]


def _field(struct: Any, name: str) -> Any:
    if isinstance(struct, Mapping):
        return struct.get(name)
    return getattr(struct, name, None)


def _selectors(profile: EksFargateProfile) -> list[Selector]:
    selectors = profile.selector_input
    if not isinstance(selectors, list):
        return []
    return [
        Selector(_field(selector, "namespace"), dict(_field(selector, "labels") or {}))
        for selector in selectors
    ]


def compute_of(stack: TerraformStack) -> Compute:
    """The node groups and Fargate profiles of ``stack``, read in one walk."""
    node_groups = profiles = 0
    selectors: list[Selector] = []
    for construct in stack.node.find_all():
        if isinstance(construct, EksNodeGroup):
            node_groups += 1
        elif isinstance(construct, EksFargateProfile):
            profiles += 1
            selectors += _selectors(construct)
    return Compute(node_groups, profiles, tuple(selectors))


@jsii.implements(IValidation)
class _StackPlacement:
    """The placement checks of every add-on in one stack."""

    def __init__(self, stack: TerraformStack) -> None:
        self._stack = stack
        self.addons: list[tuple[AddonSpec, Mapping[str, Any] | None, Warn]] = []

    def validate(self) -> list[str]:
        """Hand each add-on its placement warnings; never fails the synth."""
        compute = compute_of(self._stack)
        for spec, config, warn in self.addons:
            findings = Findings()
            check_placement(spec, config, compute, findings)
            for warning in findings.warnings:
                warn(warning)
        return []


_BY_STACK: WeakKeyDictionary[TerraformStack, _StackPlacement] = WeakKeyDictionary()


def register_placement(
    addon: Construct,
    parent: Construct,
    spec: AddonSpec,
    config: Mapping[str, Any] | None,
    warn: Warn,
) -> None:
    """Check at synth where ``spec``'s pods, configured by ``config``, can run; ``warn``
    records what is found on ``addon``.

    ``parent`` is the scope ``addon`` was created in: when it is the stack, finding the stack
    takes no jsii call.
    """
    if not spec.daemonset and spec.on_fargate is None:
        return
    stack = parent if isinstance(parent, TerraformStack) else TerraformStack.of(addon)
    placement = _BY_STACK.get(stack)
    if placement is None:
        placement = _BY_STACK[stack] = _StackPlacement(stack)
        stack.node.add_validation(placement)
    placement.addons.append((spec, config, warn))
