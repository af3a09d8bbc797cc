"""The library's one exception type and the problems it carries.

Every check in eks-addons reports :class:`Problem` values; a failed check raises one
:class:`ConfigurationError` holding all of them, so a user fixes every mistake in one pass.
Each problem has a stable ``code`` (listed in ``docs/errors.md``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class ProblemCode(StrEnum):
    """Stable identifiers of the kinds of problem the library reports."""

    INVALID_TYPE = "invalid-type"
    """A value has the wrong type (a number where AWS wants the string ``"1"``, ...)."""
    INVALID_VALUE = "invalid-value"
    """A value has the right type but is not one AWS allows (an unknown enum member, ...)."""
    UNKNOWN_KEY = "unknown-key"
    """A key the add-on version's configuration schema does not define."""
    CONFLICTING_KEY = "conflicting-key"
    """The same AWS key is set twice (by a typed option and by ``extra``)."""
    INVALID_ARGUMENT = "invalid-argument"
    """A construct argument breaks a rule of the AWS provider (``addon_version``, ...)."""
    INCOMPATIBLE_VERSION = "incompatible-version"
    """The add-on version is not one AWS lists for the cluster's Kubernetes version."""
    RULE = "rule"
    """A documented rule between options that a schema cannot express."""


class _Unset:
    def __repr__(self) -> str:
        return "<unset>"


UNSET: Final = _Unset()
"""Marks a :class:`Problem` that has no offending value (a missing key)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where, what was given, what is allowed."""

    code: ProblemCode
    path: str
    """Dotted location, e.g. ``env.WARM_PREFIX_TARGET`` or ``addon_version``."""
    message: str
    """What is wrong, as a predicate: ``must be an integer string``."""
    value: object = UNSET
    allowed: str | None = None
    """What would be accepted, e.g. ``'iptables', 'ipvs', 'nftables'``."""
    option: str | None = None
    """The Python option (builder field or construct argument) that set the value."""

    def __str__(self) -> str:
        text = f"'{self.path}'"
        if self.option is not None and self.option != self.path:
            text += f" ({self.option})"
        text += f" {self.message}"
        if self.value is not UNSET:
            text += f" (got {self.value!r})"
        if self.allowed is not None:
            text += f"; allowed: {self.allowed}"
        return text


class ConfigurationError(ValueError):
    """Raised when an add-on's configuration or arguments are invalid.

    ``problems`` lists every problem found, not only the first; ``addon`` and ``version``
    name the add-on and its version when they are known.
    """

    def __init__(
        self, problems: Iterable[Problem], *, addon: str | None = None, version: str | None = None
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.addon = addon
        self.version = version
        super().__init__(self._render())

    def _render(self) -> str:
        subject = f"{self.addon} add-on" if self.addon else "configuration"
        if self.addon and self.version:
            subject += f" {self.version}"
        count = len(self.problems)
        head = f"{subject}: {count} problem{'s' if count != 1 else ''}"
        return "\n".join([head, *(f"  - {problem}" for problem in self.problems)])
