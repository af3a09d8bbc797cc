"""Problems reported at synth, every construct's at once.

A construct whose arguments or configuration have problems does not raise: it records them as
validation errors of its node (:func:`refuse`). ``cdktf synth`` / ``cdktn synth`` (and
:func:`eks_addons.testing.synth`) then fail listing every problem of every construct, each
with its construct's path, in the shape aws-cdk and cdktf give validation errors::

    Validation failed with the following errors:
      [app/vpc_cni] vpc-cni add-on v1.19.2-eksbuild.1: 'env.WARM_IP_TARGET' must be ...
      [app/coredns] coredns add-on v1.11.4-eksbuild.2: 'replicaCount' must be ...

cdktf validates each stack just before writing it and stops at the first that fails, so every
stack an eks-addons construct is in (and every stack the app has when a construct is refused)
also lists the problems of the app's other stacks, each line with its construct's path: the
first of them to fail says everything.

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

from eks_addons.cdk import TerraformStack
from eks_addons.errors import ConfigurationError, Problem

_REFUSAL = "_eks_addons_refusal"


@dataclass(eq=False)
class _App:
    """One app's refusals."""

    skips_validation: bool
    """The app was made with ``skipValidation``: its validations never run."""
    refused: list[tuple[str, _Refusal]] = field(default_factory=list)
    """Each refused construct's path and refusal, in the order refused."""
    watched: set[str] = field(default_factory=set)
    """The paths of the stacks that list the other stacks' refusals."""
    keep: list[object] = field(default_factory=list)
    """The validations handed to the CDK (their Python side stays alive with the app)."""


_APPS: WeakValueDictionary[str, _App] = WeakValueDictionary()
"""The jsii reference of an app's root -> its refusals (kept alive by them)."""


def _app_of(construct: IConstruct) -> _App:
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
        self.errors = [error]
        self.app = app

    def validate(self) -> list[str]:
        """One line per problem; cdktf puts the construct's path before each."""
        return [line for error in self.errors for line in error.lines()]

    def error(self, construct_path: str) -> ConfigurationError:
        """Every problem as one error (the add-on's name when they are all of one)."""
        addons = {error.addon for error in self.errors}
        versions = {error.version for error in self.errors}
        return ConfigurationError(
            [problem for error in self.errors for problem in error.problems],
            addon=addons.pop() if len(addons) == 1 else None,
            version=versions.pop() if len(versions) == 1 else None,
            construct_path=construct_path,
        )


@jsii.implements(IValidation)
class _Elsewhere:
    """A stack's list of the refusals in the app's other stacks."""

    def __init__(self, app: _App, stack_path: str) -> None:
        self.app = app
        self.stack_path = stack_path

    def validate(self) -> list[str]:
        """Each line with its construct's path (``second/vpc_cni: ...``)."""
        return [
            f"{path}: {line}"
            for path, refusal in self.app.refused
            if not _within(path, self.stack_path)
            for line in refusal.validate()
        ]


def _within(path: str, stack_path: str) -> bool:
    return path == stack_path or path.startswith(f"{stack_path}/")


def watch(stack: TerraformStack) -> None:
    """Make ``stack`` list the problems of the app's other stacks at synth (once)."""
    app = _app_of(stack)
    path = stack.node.path
    if path not in app.watched:
        app.watched.add(path)
        elsewhere = _Elsewhere(app, path)
        app.keep.append(elsewhere)
        stack.node.add_validation(elsewhere)


def refuse(construct: Construct, error: ConfigurationError) -> None:
    """Report ``error``'s problems at synth as validation errors of ``construct``; raise it at
    once in an app that skips validations (``skipValidation``), which would not report it."""
    found: _Refusal | None = getattr(construct, _REFUSAL, None)
    if found is not None:
        found.errors.append(error)
        return
    app = _app_of(construct)
    if app.skips_validation:
        raise error
    refusal = _Refusal(error, app)
    setattr(construct, _REFUSAL, refusal)
    construct.node.add_validation(refusal)
    app.refused.append((construct.node.path, refusal))
    for child in construct.node.root.node.children:  # the stacks the app has so far
        if TerraformStack.is_stack(child):
            watch(child)  # type: ignore[arg-type]


def refusal_of(construct: IConstruct) -> ConfigurationError | None:
    """What ``construct`` was refused for, else ``None``."""
    found: _Refusal | None = getattr(construct, _REFUSAL, None)
    return None if found is None else found.error(construct.node.path)


def refusals(scope: IConstruct) -> Iterator[tuple[str, Problem]]:
    """Every problem recorded under ``scope``, with its construct's path, in tree order."""
    for construct in scope.node.find_all():
        error = refusal_of(construct)
        if error is not None:
            yield from ((construct.node.path, problem) for problem in error.problems)
