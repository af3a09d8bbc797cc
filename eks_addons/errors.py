"""The library's one exception type, and the findings every check reports.

Every check in eks-addons adds to one :class:`Findings`: :class:`Problem` values (errors) and
:class:`AddonWarning` values (it works, but is probably not meant). A failed check raises one
:class:`ConfigurationError` holding every problem, so a user fixes every mistake in one pass.
Problems and warnings have stable codes (listed in ``docs/errors.md``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from eks_addons.inputs import echoed, shown, value_problem

WARNING_METADATA: Final = "@cdktf/warn"
"""The construct metadata type of a synth warning, which ``cdktf synth`` and ``cdktn synth``
print; the constructs record each :class:`AddonWarning` under it."""


class ProblemCode(StrEnum):
    """Stable identifiers of the kinds of problem the library reports."""

    INVALID_TYPE = "invalid-type"
    """A value has the wrong type: a Python ``int`` for a ``bool`` option, a JSON number where
    AWS wants the string ``"1"``, a string where an object belongs. Fix: the type named."""
    INVALID_VALUE = "invalid-value"
    """The type is right but the value is not allowed: an unknown enum member, a number out
    of range, a required key missing, a string that is not what AWS's ``format: boolean`` /
    ``format: integer`` says. Fix: one of ``allowed``."""
    UNKNOWN_KEY = "unknown-key"
    """A key that AWS's schema of the add-on version does not define (a misspelling, or a
    key of another version); the message names the closest defined key and the versions that
    accept it. Fix: a key from ``allowed``, or a version that has it."""
    CONFLICTING_KEY = "conflicting-key"
    """One AWS key is set by a typed option and again in ``extra``. Fix: set it once."""
    INVALID_ARGUMENT = "invalid-argument"
    """A construct argument breaks a rule of the AWS provider (``addon_version`` without the
    ``v``, a cluster name it rejects, ``PRESERVE`` on create) or of the library (``"latest"``
    with no Kubernetes version). Fix: as ``allowed`` says."""
    INCOMPATIBLE_VERSION = "incompatible-version"
    """The add-on version is not one AWS lists for the cluster's Kubernetes version, or
    ``"latest"`` is asked for a Kubernetes version the catalog does not cover. Fix: a version
    from ``allowed`` (AWS's default first), or refresh the catalog."""
    RULE = "rule"
    """A documented rule between options that a schema cannot express (the table below)."""
    KUBERNETES = "kubernetes"
    """A value Kubernetes' own validation refuses in a shape the configuration carries (a
    label key, a toleration, requests above limits, a budget over 100 %, a replica count
    beyond int32): the API server would reject the add-on's objects after apply and the
    add-on go DEGRADED. The message links the Kubernetes source of the rule. Fix: as
    ``allowed`` says."""


class WarningCode(StrEnum):
    """Stable identifiers of the kinds of warning the library reports."""

    UNKNOWN_ADDON = "unknown-addon"
    """The catalog has no data on the add-on: its configuration is not checked against a schema."""
    VERSION_NOT_KNOWN = "version-not-known"
    """The add-on version is not known at synth, so no schema can be chosen."""
    UNKNOWN_VERSION = "unknown-version"
    """A pinned version the catalog does not list: its compatibility is not checked."""
    NEAREST_SCHEMA = "nearest-schema"
    """No schema was captured for the version; the nearest of its minor is used."""
    NO_SCHEMA = "no-schema"
    """No schema is known for the version or its minor: the configuration is not checked."""
    SCHEMA_NOT_VALID = "schema-not-valid"
    """The schema AWS publishes for the version is not valid JSON Schema: it is not used."""
    KUBERNETES_NOT_IN_CATALOG = "kubernetes-not-in-catalog"
    """The catalog knows no version for the Kubernetes version: EKS picks its default."""
    NO_EFFECT = "no-effect"
    """A key is set that has no effect in this configuration."""
    IGNORED_VALUE = "ignored-value"
    """The add-on ignores the value and runs as if it were unset (a negative warm target)."""
    IPV6_INCOMPATIBLE = "ipv6-incompatible"
    """Valid on IPv4 clusters, but the add-on fails on IPv6 ones (an MTU below 1280)."""
    UNKNOWN_VALUE = "unknown-value"
    """A value outside the set the library knows, where AWS's schema takes any string: kept
    as given."""
    UNRESOLVED_CONFIGURATION = "unresolved-configuration"
    """Parts of the configuration are Terraform tokens, known only at plan: not checked."""
    NOT_ON_THIS_COMPUTE = "not-on-this-compute"
    """The add-on never runs on the stack's compute (a DaemonSet on Fargate-only compute)."""
    NOWHERE_TO_RUN = "nowhere-to-run"
    """The add-on's pods have nowhere to run: it would stay DEGRADED."""
    IAM_NOT_GRANTED = "iam-not-granted"
    """The add-on, or an option of it, needs AWS permissions that it is not given."""
    IAM_ROUTE_NOT_DOCUMENTED = "iam-route-not-documented"
    """``iam=`` created a role for a service account whose role AWS does not say how it takes
    (neither IRSA nor Pod Identity is documented): EKS may refuse it at apply."""
    SUBSCRIPTION_NEEDED = "subscription-needed"
    """An AWS Marketplace add-on: the account needs a subscription to it."""
    REPLACED_ON_CHANGE = "replaced-on-change"
    """An argument EKS sets at create only: changing it later replaces the add-on."""
    STALE_LOCK = "stale-lock"
    """The lock file's version of the add-on is not one AWS lists for its Kubernetes version
    (the cluster moved on): the catalog's default is written; or an entry of the lock file is
    no add-on of the app (a stack or construct renamed). Run ``eks-addons lock``."""
    POD_IDENTITY_AGENT_NOT_KNOWN = "pod-identity-agent-not-known"
    """A Pod Identity association on a cluster whose Pod Identity agent the app cannot see."""


@dataclass(frozen=True, slots=True)
class AddonWarning:
    """Something that works but is probably not meant: shaped like a :class:`Problem`."""

    code: WarningCode
    addon: str
    """The add-on it concerns, e.g. ``vpc-cni``."""
    message: str
    path: str | None = None
    """The AWS key path or argument it concerns, when there is one."""

    def __str__(self) -> str:
        where = f" '{self.path}'" if self.path else ""
        return f"{self.addon}{where}: {self.message} [{self.code}]"


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
    source: str | None = None
    """Where the rule comes from (a link), when it is not AWS's schema or the provider."""

    def __str__(self) -> str:
        text = f"'{shown(self.path, 200)}'"
        if self.option is not None and self.option != self.path:
            text += f" ({self.option})"
        text += f" {self.message}"
        if self.value is not UNSET:
            text += f" (got {echoed(self.value)})"
        if self.allowed is not None:
            text += f"; allowed: {shown(_capped(self.allowed), 600)}"
        if self.source is not None:
            text += f" (rule: {self.source})"
        return text


def _capped(allowed: str, most: int = 12) -> str:
    """A long list of quoted values (``'a', 'b', ...``) as its first ``most`` and a count."""
    items = allowed.split(", ")
    quoted = all(len(item) > 1 and item[0] == item[-1] and item[0] in "'\"" for item in items)
    if not quoted or len(items) <= most:
        return allowed
    return f"{', '.join(items[:most])}, ... ({len(items)} in all)"


def unreadable_value(value: object, option: str | None = None) -> Problem | None:
    """The problem of the first part of ``value`` nothing can take (nesting, a huge integer,
    not Unicode, a key that is no string: :func:`eks_addons.inputs.value_problem`)."""
    found = value_problem(value)
    if found is None:
        return None
    path, why, wrong_type = found
    code = ProblemCode.INVALID_TYPE if wrong_type else ProblemCode.INVALID_VALUE
    return Problem(code, path, why, option=option)


class ConfigurationError(ValueError):
    """Raised when an add-on's configuration or arguments are invalid.

    ``problems`` lists every problem found, not only the first; ``addon`` and ``version``
    name the add-on and its version when they are known, ``construct_path`` the construct
    that raised it.
    """

    def __init__(
        self,
        problems: Iterable[Problem],
        *,
        addon: str | None = None,
        version: str | None = None,
        construct_path: str | None = None,
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.addon = addon
        self.version = version
        self.construct_path = construct_path
        """The path of the construct that raised it (``stack/addons/vpc_cni``), when one did."""
        super().__init__(self._render())

    def lines(self) -> list[str]:
        """One line per problem, each naming the add-on and its version when known: what
        ``cdktf synth`` prints after the construct's path."""
        subject = self._subject()
        return [f"{subject}: {problem}" if subject else str(problem) for problem in self.problems]

    def _subject(self) -> str:
        subject = f"{self.addon} add-on" if self.addon else ""
        if self.addon and self.version:
            subject += f" {self.version}"
        return subject

    def _render(self) -> str:
        subject = self._subject() or "configuration"
        if self.construct_path:
            subject = f"{self.construct_path}: {subject}"
        count = len(self.problems)
        head = f"{subject}: {count} problem{'s' if count != 1 else ''}"
        return "\n".join([head, *(f"  - {problem}" for problem in self.problems)])


@dataclass
class Findings:
    """What checks found: problems (errors) and warnings, in the order found."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[AddonWarning] = field(default_factory=list)

    def error(
        self,
        code: ProblemCode,
        path: str,
        message: str,
        value: object = UNSET,
        allowed: str | None = None,
    ) -> None:
        """Record a problem at ``path``."""
        self.problems.append(Problem(code, path, message, value, allowed))

    def warn(self, code: WarningCode, addon: str, message: str, path: str | None = None) -> None:
        """Record a warning about ``addon``."""
        self.warnings.append(AddonWarning(code, addon, message, path))

    def extend(self, other: Findings) -> None:
        """Add another check's findings to these."""
        self.problems += other.problems
        self.warnings += other.warnings

    def raise_for_problems(
        self,
        addon: str | None = None,
        version: str | None = None,
        construct_path: str | None = None,
    ) -> None:
        """Raise one :class:`ConfigurationError` carrying every problem, if there are any."""
        if self.problems:
            raise ConfigurationError(
                self.problems, addon=addon, version=version, construct_path=construct_path
            )
