"""Placement checks at synth: one walk of the app's compute serves all its add-ons.

The first add-on of an app adds one validation to its stack; at synth it reads every node
group and Fargate profile of the app once, groups them by stack, and runs
:func:`~eks_addons.checks.placement.check_placement` for every add-on against its own stack's
compute. Compute a stack cannot see (self-managed nodes, a profile in another stack) is
invisible to its add-ons.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from weakref import WeakKeyDictionary

import jsii
from constructs import IConstruct, IValidation

from eks_addons.cdk import EksFargateProfile, EksNodeGroup, TerraformStack
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


def compute_by_stack(root: IConstruct) -> dict[TerraformStack, Compute]:
    """The node groups and Fargate profiles of every stack under ``root``, in one walk."""
    counts: dict[TerraformStack, tuple[int, int, list[Selector]]] = {}
    for construct in root.node.find_all():
        if isinstance(construct, EksNodeGroup | EksFargateProfile):
            stack = TerraformStack.of(construct)
            groups, profiles, selectors = counts.get(stack, (0, 0, []))
            if isinstance(construct, EksNodeGroup):
                groups += 1
            else:
                profiles += 1
                selectors += _selectors(construct)
            counts[stack] = (groups, profiles, selectors)
    return {stack: Compute(g, p, tuple(s)) for stack, (g, p, s) in counts.items()}


_NO_COMPUTE = Compute(0, 0, ())


@jsii.implements(IValidation)
class _AppPlacement:
    """The placement checks of every add-on in one app, run from its first stack's
    validations (validations run per stack; one walk of the app serves them all)."""

    def __init__(self, root: IConstruct) -> None:
        self._root = root
        self.addons: list[tuple[TerraformStack, AddonSpec, Mapping[str, Any] | None, Warn]] = []

    def validate(self) -> list[str]:
        """Hand each add-on its placement warnings; never fails the synth."""
        compute = compute_by_stack(self._root)
        for stack, spec, config, warn in self.addons:
            findings = Findings()
            check_placement(spec, config, compute.get(stack, _NO_COMPUTE), findings)
            for warning in findings.warnings:
                warn(warning)
        return []


_BY_APP: WeakKeyDictionary[IConstruct, _AppPlacement] = WeakKeyDictionary()
_ROOT_OF: WeakKeyDictionary[TerraformStack, IConstruct] = WeakKeyDictionary()


def register_placement(
    stack: TerraformStack, spec: AddonSpec, config: Mapping[str, Any] | None, warn: Warn
) -> None:
    """Check at synth where ``spec``'s pods, configured by ``config``, can run on the compute
    of ``stack``; ``warn`` records what is found. The app's root is read once per stack."""
    if not spec.daemonset and spec.on_fargate is None:
        return
    root = _ROOT_OF.get(stack)
    if root is None:
        node = stack.node
        root = _ROOT_OF[stack] = node.root
        if root not in _BY_APP:
            _BY_APP[root] = _AppPlacement(root)
            node.add_validation(_BY_APP[root])
    placement = _BY_APP[root]
    placement.addons.append((stack, spec, config, warn))
