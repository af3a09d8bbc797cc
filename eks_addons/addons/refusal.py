"""Problems reported at synth, every construct's at once.

A construct whose arguments or configuration have problems does not raise: it records them as
validation errors of its node (:func:`refuse`). ``cdktf synth`` / ``cdktn synth`` (and
:func:`eks_addons.testing.synth`) then fail listing every problem of every construct, each
with its construct's path, in the shape aws-cdk and cdktf give validation errors::

    Validation failed with the following errors:
      [app/vpc_cni] vpc-cni add-on v1.19.2-eksbuild.1: 'env.WARM_IP_TARGET' must be ...
      [app/coredns] coredns add-on v1.11.4-eksbuild.2: 'replicaCount' must be ...

cdktf validates one stack at a time and stops at the first that fails, so the first stack with
add-ons also lists the problems of the app's other stacks, each line with its construct's path.

An app that skips validations (``skipValidation``) would not report them: there a construct
raises its :class:`~eks_addons.errors.ConfigurationError` at once. A refused add-on's resource
carries a precondition that fails ``terraform plan`` with its problems, should it be written
anyway (cdktf's ``Testing.synth`` without validations).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from weakref import WeakValueDictionary

import jsii
from constructs import Construct, IConstruct, IValidation

from eks_addons.errors import ConfigurationError, Problem

_REFUSAL = "_eks_addons_refusal"


@dataclass(eq=False)
class _App:
    """One app's refusals."""

    skips_validation: bool
    """The app was made with ``skipValidation``: its validations never run."""
    refused: list[tuple[str, _Refusal]] = field(default_factory=list)
    """Each refused construct's path and refusal, in the order refused."""


_APPS: WeakValueDictionary[str, _App] = WeakValueDictionary()
"""The jsii reference of an app's root -> its refusals (kept alive by them)."""


def _app_of(construct: Construct) -> _App:
    root = construct.node.root
    key: str = root.__jsii_ref__.ref  # type: ignore[attr-defined]
    found = _APPS.get(key)
    if found is None:
        skips = getattr(root, "skip_validation", False) is True
        found = _APPS[key] = _App(skips)
    return found


@jsii.implements(IValidation)
class _Refusal:
    """A construct's problems as its validation errors (one line each)."""

    def __init__(self, error: ConfigurationError, app: _App) -> None:
        self.error = error
        self.app = app

    def validate(self) -> list[str]:
        """One line per problem; cdktf puts the construct's path before each."""
        return self.error.lines()


def refuse(construct: Construct, error: ConfigurationError) -> None:
    """Report ``error``'s problems at synth as validation errors of ``construct``; raise it at
    once in an app that skips validations (``skipValidation``), which would not report it."""
    found: _Refusal | None = getattr(construct, _REFUSAL, None)
    if found is None:
        app = _app_of(construct)
        if app.skips_validation:
            raise error
        refusal = _Refusal(error, app)
        setattr(construct, _REFUSAL, refusal)
        construct.node.add_validation(refusal)
        app.refused.append((construct.node.path, refusal))
        return
    found.error = ConfigurationError(
        [*found.error.problems, *error.problems],
        addon=found.error.addon or error.addon,
        version=found.error.version or error.version,
        construct_path=construct.node.path,
    )


def refusal_of(construct: object) -> ConfigurationError | None:
    """What ``construct`` was refused for, else ``None``."""
    found: _Refusal | None = getattr(construct, _REFUSAL, None)
    return None if found is None else found.error


def refusals(scope: IConstruct) -> Iterator[tuple[str, Problem]]:
    """Every problem recorded under ``scope``, with its construct's path, in tree order."""
    for construct in scope.node.find_all():
        error = refusal_of(construct)
        if error is not None:
            yield from ((construct.node.path, problem) for problem in error.problems)


def refused_elsewhere(root: IConstruct, stack_path: str) -> list[str]:
    """The lines of every refusal in the app of ``root`` outside the stack ``stack_path``,
    each starting with its construct's path (``second/vpc_cni: ...``)."""
    found = _APPS.get(root.__jsii_ref__.ref)  # type: ignore[attr-defined]
    if found is None:
        return []
    return [
        f"{path}: {line}"
        for path, refusal in found.refused
        if path.partition("/")[0] != stack_path
        for line in refusal.validate()
    ]
