"""An add-on's configuration: read into its builder, rendered once, and checked against AWS's
schema of the version and the add-on's rules (pure Python).

Parts known only to Terraform (tokens, ``${...}`` expressions) are left out of the checks with
an ``unresolved-configuration`` warning, and written as given.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eks_addons.checks.kubernetes import check_kubernetes
from eks_addons.checks.schema import check_configuration as check_schema
from eks_addons.config import AddonConfig, canonical_json
from eks_addons.config.kinds import JsonValue
from eks_addons.errors import (
    ConfigurationError,
    Findings,
    Problem,
    ProblemCode,
    WarningCode,
    unreadable_value,
)
from eks_addons.inputs import InputError, load_configuration
from eks_addons.specs import AddonSpec, Rule
from eks_addons.tokens import Unresolved, holds_unresolved

Configuration = AddonConfig | Mapping[str, Any] | str
"""What ``configuration=`` takes: a builder, a mapping, or a JSON string."""


@dataclass(frozen=True)
class JsonEncode:
    """A configuration that holds tokens: written through Terraform's ``jsonencode``."""

    value: Mapping[str, Any]


ConfigurationValues = str | JsonEncode
"""What is written to ``configuration_values``: canonical JSON (or a token as given), or a
structure holding tokens for ``jsonencode``."""


@dataclass(frozen=True)
class CheckedConfiguration:
    """A configuration read, rendered and checked."""

    builder: AddonConfig | None
    """The checked builder; ``None``: not managed, or not readable."""
    rendered: Mapping[str, JsonValue] | None
    """The known part of the configuration as one JSON object: what every decision reads."""
    values: ConfigurationValues | None
    """What to write to ``configuration_values`` (``None``: leave it unmanaged)."""


NOT_MANAGED = CheckedConfiguration(None, None, None)


def check_configuration(
    spec: AddonSpec,
    configuration: Configuration | None,
    version: str | None,
    unresolved: Unresolved,
    findings: Findings,
    *,
    ip_family: str | None,
) -> CheckedConfiguration:
    """Read ``configuration`` into ``spec``'s builder, render it, and check it against AWS's
    schema of ``version`` and ``spec``'s rules; add what is found to ``findings``."""
    if configuration is None:
        return NOT_MANAGED
    if isinstance(configuration, str) and unresolved(configuration):
        try:
            configuration = json.loads(configuration)
        except json.JSONDecodeError:  # the whole value is a token, e.g. jsonencode(...)
            _warn_unresolved(spec.name, ["(root)"], findings)
            return CheckedConfiguration(None, None, str(configuration))
    if isinstance(configuration, Mapping) and not isinstance(configuration, AddonConfig):
        unreadable = unreadable_value(configuration, "configuration")  # before any walk
        if unreadable is not None:
            findings.problems.append(unreadable)
            return NOT_MANAGED
    given: Any = configuration
    tokens: list[str] = []
    if isinstance(configuration, Mapping) and not isinstance(configuration, AddonConfig):
        # the builder reads only what is known offline; the whole is written as given
        configuration, tokens = _without_unresolved(configuration, unresolved)
    try:
        builder = spec.builder.coerce(configuration)
    except ConfigurationError as error:
        findings.problems += error.problems
        _check_refused(spec, version, configuration, findings, error.problems, ip_family)
        return NOT_MANAGED
    whole = builder.to_dict()
    if isinstance(given, AddonConfig):
        rendered, tokens = _without_unresolved(whole, unresolved)
    else:
        rendered, whole = whole, given if tokens else whole
    values: ConfigurationValues
    if tokens:
        _warn_unresolved(spec.name, tokens, findings)
        values = JsonEncode(_sorted(whole))
    else:
        values = canonical_json(whole)
    _check_rendered(spec, version, rendered, findings, ip_family)
    _warn_unknown_choices(spec.name, builder, findings)
    return CheckedConfiguration(builder, rendered, values)


def _check_rendered(
    spec: AddonSpec,
    version: str | None,
    config: Mapping[str, Any],
    findings: Findings,
    ip_family: str | None,
) -> None:
    """AWS's schema of ``version``, ``spec``'s rules and Kubernetes' checks on ``config``."""
    check_schema(spec.name, version, config, findings)
    for rule in spec.rules:
        apply_rule(rule, spec.name, version, config, findings, ip_family=ip_family)
    check_kubernetes(config, findings)


def _check_refused(  # noqa: PLR0917 (the check's inputs, as check_configuration has them)
    spec: AddonSpec,
    version: str | None,
    given: object,
    findings: Findings,
    refused_by_builder: tuple[Problem, ...],
    ip_family: str | None,
) -> None:
    """What the schema, the rules and Kubernetes find in a configuration the builder refused,
    at the paths it did not refuse: every problem of the add-on in one pass (a wrong type does
    not hide a misspelt key beside it)."""
    if isinstance(given, str):
        try:
            given = load_configuration(given)
        except InputError:
            return  # the builder said why it cannot be read
    if not isinstance(given, Mapping) or isinstance(given, AddonConfig) or not _is_json(given):
        return
    found = Findings()
    _check_rendered(spec, version, given, found, ip_family)
    refused = [problem.path for problem in refused_by_builder]
    findings.problems += [
        problem
        for problem in found.problems
        if not any(_within(problem.path, path) or _within(path, problem.path) for path in refused)
    ]


def _is_json(value: object) -> bool:
    """Whether ``value`` is JSON data (what the schema reads): no bytes, sets, NaN..."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return False
    return True


def _within(path: str | None, parent: str | None) -> bool:
    """Whether the key ``path`` is ``parent`` or lies under it."""
    if path is None or parent is None:
        return path == parent
    return path == parent or path.startswith(f"{parent}.")


def _without_unresolved(
    whole: Mapping[str, Any], unresolved: Unresolved
) -> tuple[dict[str, Any], list[str]]:
    """``whole`` without its unresolved parts, and the paths of those parts."""
    found: list[str] = []

    def prune(node: Mapping[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
        kept: dict[str, Any] = {}
        for key, value in node.items():
            where = (*path, str(key))
            if unresolved(key) or unresolved(value):
                found.append(".".join(where))
            elif isinstance(value, Mapping):
                kept[key] = prune(value, where)
            elif isinstance(value, list) and holds_unresolved(value, unresolved):
                found.append(".".join(where))
            else:
                kept[key] = value
        return kept

    return prune(whole, ()), found


def _sorted(value: Any) -> Any:
    """``value`` with its objects' keys sorted, as the canonical JSON is."""
    if isinstance(value, Mapping) and not any(
        isinstance(k, str) and "{TfToken[" in k for k in value
    ):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted(item) for item in value]
    return value


def _warn_unresolved(addon: str, paths: list[str], findings: Findings) -> None:
    findings.warn(
        WarningCode.UNRESOLVED_CONFIGURATION,
        addon,
        "is known only at plan (a Terraform token): written as given, not checked offline",
        ", ".join(paths),
    )


def apply_rule(
    rule: Rule,
    addon: str,
    version: str | None,
    config: Mapping[str, Any],
    findings: Findings,
    *,
    ip_family: str | None = None,
) -> None:
    """Add what ``rule`` finds in ``config`` to ``findings`` (``ip_family``: the cluster's,
    when known); a path that already has a problem gets no second one."""
    if not rule.holds_for(version):
        return
    if rule.ip_family is not None and ip_family not in (None, rule.ip_family):
        return
    error = rule.warning is None or (rule.ip_family is not None and ip_family == rule.ip_family)
    for hit in rule.find(config):
        if any(problem.path == hit.path for problem in findings.problems):
            continue
        if error:
            findings.problems.append(
                Problem(ProblemCode.RULE, hit.path, hit.message, hit.value, hit.allowed)
            )
        else:
            assert rule.warning is not None
            findings.warn(rule.warning, addon, hit.message, hit.path)


def _warn_unknown_choices(addon: str, config: AddonConfig, findings: Findings) -> None:
    """A value outside a typed set that nothing refused: kept, with a warning."""
    refused = {problem.path for problem in findings.problems}
    for path, value, allowed in config.unknown_choices():
        if path not in refused:
            findings.warn(
                WarningCode.UNKNOWN_VALUE,
                addon,
                f"{value!r} is not one of {allowed}; AWS's schema takes any string here, so it "
                "is written as given",
                path,
            )
