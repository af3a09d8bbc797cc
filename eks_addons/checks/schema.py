"""Checks of ``configuration_values`` against the JSON Schema AWS publishes per version.

AWS's schemas are draft-06 with local ``definitions`` and mark string-typed values with
``format: boolean`` / ``format: integer``, formats a stock validator ignores: both are
registered here, so ``"ENABLE_POD_ENI": "yes"`` fails as it fails at AWS.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache, lru_cache
from typing import Any

import re2  # type: ignore[import-untyped]
from jsonschema import Draft6Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

from eks_addons.catalog import CATALOG_ENV, AddonCatalog, Schema, catalog
from eks_addons.config import canonical_json
from eks_addons.config.kinds import is_integer_string
from eks_addons.errors import Findings, Problem, ProblemCode, WarningCode

_FORMAT_NAMES = {"boolean": "a boolean string", "integer": "an integer string"}

FORMATS = FormatChecker(formats=())


@FORMATS.checks("boolean")
def _is_boolean_string(value: object) -> bool:
    return not isinstance(value, str) or value in ("true", "false")


@FORMATS.checks("integer")
def _is_integer_string(value: object) -> bool:
    return not isinstance(value, str) or is_integer_string(value)


def check_configuration(
    addon: str, version: str | None, config: Mapping[str, Any], findings: Findings
) -> None:
    """Check ``config`` against AWS's schema of ``addon`` at ``version``; add what it finds.

    Uses the nearest known version of the same minor when the exact one is missing (with a
    warning); checks nothing (with a warning) when no schema applies. A fleet repeats its
    configurations: the outcome is remembered per add-on, version, catalog and configuration.
    """
    key = canonical_json(config)
    found = _schema_findings(addon, version, os.environ.get(CATALOG_ENV), key)
    findings.extend(found)


@lru_cache(maxsize=256)
def _schema_findings(
    addon: str, version: str | None, catalog_override: str | None, config_json: str
) -> Findings:
    findings = Findings()
    _check(addon, version, json.loads(config_json), findings)
    return findings


def _check(addon: str, version: str | None, config: Mapping[str, Any], findings: Findings) -> None:
    addon_catalog = catalog(addon)
    if addon_catalog is None:
        findings.warn(
            WarningCode.UNKNOWN_ADDON,
            addon,
            "the catalog has no data on this add-on; its configuration is not checked against "
            "AWS's schema",
        )
        return
    if version is None:
        findings.warn(
            WarningCode.VERSION_NOT_KNOWN,
            addon,
            "configuration not checked against a schema: the version is not known at synth "
            "(pass kubernetes_version, or pin addon_version)",
        )
        return
    schema = addon_catalog.schema_for(version)
    if schema is None:
        findings.warn(
            WarningCode.NO_SCHEMA,
            addon,
            f"no configuration schema known for {version} or its minor; configuration not "
            "checked (refresh the catalog: eks-addons refresh)",
            "addon_version",
        )
        return
    problem = addon_catalog.schema_problems.get(schema.id)
    if problem is not None:
        findings.warn(
            WarningCode.SCHEMA_NOT_VALID,
            addon,
            f"AWS's schema of {schema.version} is {problem}: the configuration is not checked "
            "against it (what EKS makes of it is not known offline)",
            "addon_version",
        )
        return
    if schema.version != version:
        findings.warn(
            WarningCode.NEAREST_SCHEMA,
            addon,
            f"no schema captured for {version}; checked against the schema of "
            f"{schema.version}, the nearest known version of the same minor",
            "addon_version",
        )
    problems = [
        _with_versions_defining(addon_catalog, problem)
        for error in _validator(schema).iter_errors(config)
        for problem in _problems(error, schema.version)
    ]
    findings.problems += sorted(problems, key=lambda problem: problem.path)


@cache
def _compiled(pattern: str) -> Any:
    """``pattern`` for RE2, which matches in time linear in the value (AWS's schemas hold
    patterns like ``.*%$``, which Python's backtracking engine takes seconds on); ``None``
    when RE2 cannot read it."""
    try:
        return re2.compile(pattern)
    except re2.error:
        return None


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """The ``pattern`` keyword, matched by RE2 (linear time)."""
    if not validator.is_type(instance, "string"):
        return
    compiled = _compiled(pattern)
    if compiled is None:  # not RE2 (backreferences, lookaround): only short values are checked
        found = len(instance) > 4096 or re.search(pattern, instance) is not None
    else:
        found = compiled.search(instance) is not None
    if not found:
        yield ValidationError("does not match the pattern")


def _pattern_properties(
    validator: Any, patterns: Mapping[str, Any], instance: Any, schema: Any
) -> Iterator[ValidationError]:
    """``patternProperties``, its key patterns matched by RE2."""
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        compiled = _compiled(pattern)
        for key, value in instance.items():
            if compiled.search(key) if compiled is not None else re.search(pattern, key[:4096]):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


_Linear = validators.extend(  # type: ignore[no-untyped-call]
    Draft6Validator, {"pattern": _pattern, "patternProperties": _pattern_properties}
)
_VALIDATORS: dict[str, Any] = {}


def _validator(schema: Schema) -> Any:
    """The Draft 6 validator of ``schema``, its patterns matched in linear time."""
    if schema.id not in _VALIDATORS:
        _VALIDATORS[schema.id] = _Linear(schema.document, format_checker=FORMATS)
    return _VALIDATORS[schema.id]


def _with_versions_defining(addon_catalog: AddonCatalog, problem: Problem) -> Problem:
    if problem.code is not ProblemCode.UNKNOWN_KEY:
        return problem
    versions = addon_catalog.versions_defining(tuple(problem.path.split(".")))
    if not versions:
        return problem
    span = versions[0] if len(versions) == 1 else f"{versions[-1]} … {versions[0]}"
    message = f"{problem.message}; versions that accept it: {span} ({len(versions)} known)"
    return replace(problem, message=message)


_BOUNDS = {"minimum": ">=", "maximum": "<="}


def _describe(schema: Any, key: str) -> str:
    """What a required key takes, from its schema: its type, or its enum."""
    node = schema.get("properties", {}).get(key, {}) if isinstance(schema, Mapping) else {}
    if "enum" in node:
        return _quoted(node["enum"])
    return str(node.get("type", "a value"))


def _dotted(parts: Any) -> str:
    return ".".join(str(part) for part in parts) or "(root)"


def _quoted(values: Any) -> str:
    return ", ".join(repr(value) for value in values)


def _problems(error: ValidationError, version: str) -> Iterator[Problem]:
    path = list(error.absolute_path)
    where = _dotted(path)
    keyword = error.validator
    if keyword == "additionalProperties" and isinstance(error.instance, dict):
        schema = error.schema if isinstance(error.schema, Mapping) else {}
        defined = schema.get("properties", {})
        for key in sorted(set(error.instance) - set(defined)):
            close = (  # a near miss is short: a long key is compared with nothing
                difflib.get_close_matches(key, list(defined), n=1, cutoff=0.85)
                if len(key) <= 200
                else []
            )
            hint = f"; did you mean {close[0]!r}?" if close else ""
            yield Problem(
                ProblemCode.UNKNOWN_KEY,
                _dotted([*path, key]),
                f"is not defined in the schema of version {version}{hint}",
                error.instance[key],
                allowed=_quoted(sorted(defined)) or "no keys",
            )
    elif keyword == "enum":
        yield Problem(
            ProblemCode.INVALID_VALUE,
            where,
            "is not an allowed value",
            error.instance,
            _quoted(error.validator_value),
        )
    elif keyword == "type":
        types = error.validator_value
        expected = " or ".join(types) if isinstance(types, list) else str(types)
        yield Problem(
            ProblemCode.INVALID_TYPE, where, f"must be of type {expected}", error.instance, expected
        )
    elif keyword == "format":
        fmt = str(error.validator_value)
        yield Problem(
            ProblemCode.INVALID_VALUE,
            where,
            f"must be {_FORMAT_NAMES.get(fmt, fmt)}",
            error.instance,
            "'true', 'false'" if fmt == "boolean" else "e.g. '1'",
        )
    elif keyword == "required":
        missing = str(error.message).split("'")[1]
        yield Problem(
            ProblemCode.INVALID_VALUE,
            _dotted([*path, missing]),
            "is required",
            allowed=_describe(error.schema, missing),
        )
    elif keyword in _BOUNDS:
        yield Problem(
            ProblemCode.INVALID_VALUE,
            where,
            f"must be {_BOUNDS[keyword]} {error.validator_value}",
            error.instance,
            f"{_BOUNDS[keyword]} {error.validator_value}",
        )
    else:
        constraint = json.dumps(error.validator_value, sort_keys=True)
        yield Problem(
            ProblemCode.INVALID_VALUE,
            where,
            f"breaks the schema's {keyword}",  # jsonschema's message repeats the whole value
            error.instance,
            f"{keyword}: {constraint}",
        )
