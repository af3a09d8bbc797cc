"""Checks of ``configuration_values`` against the JSON Schema AWS publishes per version.

AWS's schemas are draft-06 with local ``definitions`` and mark string-typed values with
``format: boolean`` / ``format: integer``, formats a stock validator ignores: both are
registered here, so ``"ENABLE_POD_ENI": "yes"`` fails as it fails at AWS.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from jsonschema import Draft6Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from eks_addons.catalog.catalog import AddonCatalog, catalog
from eks_addons.catalog.refresh import schema_id
from eks_addons.errors import Problem, ProblemCode

_INTEGER = re.compile(r"-?[0-9]+")

_FORMAT_NAMES = {"boolean": "a boolean string", "integer": "an integer string"}

FORMATS = FormatChecker(formats=())


@FORMATS.checks("boolean")
def _is_boolean_string(value: object) -> bool:
    return not isinstance(value, str) or value in ("true", "false")


@FORMATS.checks("integer")
def _is_integer_string(value: object) -> bool:
    return not isinstance(value, str) or bool(_INTEGER.fullmatch(value))


@dataclass(frozen=True)
class SchemaCheck:
    """The outcome of checking a configuration against its version's schema."""

    problems: list[Problem]
    warnings: list[str]


def check_configuration(addon: str, version: str | None, config: Mapping[str, Any]) -> SchemaCheck:
    """Check ``config`` against AWS's schema of ``addon`` at ``version``.

    Uses the nearest known version of the same minor when the exact one is missing (with a
    warning); checks nothing (with a warning) when no schema applies.
    """
    addon_catalog = catalog(addon)
    if addon_catalog is None:
        return SchemaCheck(
            [],
            [
                f"{addon}: the catalog has no data on this add-on; its configuration is not "
                "checked against AWS's schema"
            ],
        )
    if version is None:
        return SchemaCheck(
            [],
            [
                f"{addon}: configuration not checked against a schema: the version is not known "
                "at synth (pass kubernetes_version, or pin addon_version)"
            ],
        )
    found = addon_catalog.schema_for(version)
    if found is None:
        return SchemaCheck(
            [],
            [
                f"{addon} {version}: no configuration schema known for this version or its minor; "
                "configuration not checked (refresh the catalog: eks-addons refresh)"
            ],
        )
    schema_version, schema = found
    warnings: list[str] = []
    if schema_version != version:
        warnings.append(
            f"{addon} {version}: no schema captured for this version; checked against the "
            f"schema of {schema_version}, the nearest known version of the same minor"
        )
    problems = [
        _with_versions_defining(addon_catalog, problem)
        for error in _validator(schema_id(schema), schema).iter_errors(config)
        for problem in _problems(error, schema_version)
    ]
    return SchemaCheck(sorted(problems, key=lambda problem: problem.path), warnings)


_VALIDATORS: dict[str, Draft6Validator] = {}


def _validator(key: str, schema: Mapping[str, Any]) -> Draft6Validator:
    if key not in _VALIDATORS:
        _VALIDATORS[key] = Draft6Validator(schema, format_checker=FORMATS)
    return _VALIDATORS[key]


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
            close = difflib.get_close_matches(key, list(defined), n=1, cutoff=0.85)
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
            f"breaks the schema: {error.message}",
            error.instance,
            f"{keyword}: {constraint}",
        )
