"""Validation of ``configuration_values`` against the JSON Schema AWS publishes per version.

AWS's schemas are draft-06 with local ``definitions`` and mark string-typed values with
``format: boolean`` / ``format: integer``, formats a stock validator ignores: both are
registered here, so ``"ENABLE_POD_ENI": "yes"`` fails as it fails at AWS.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft6Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from eks_addons.errors import Problem, ProblemCode

_SCHEMAS = "eks_addons.catalog.schemas"
_INTEGER = re.compile(r"-?[0-9]+")

_FORMAT_NAMES = {"boolean": "a boolean string", "integer": "an integer string"}

FORMATS = FormatChecker(formats=())


@FORMATS.checks("boolean")
def _is_boolean_string(value: object) -> bool:
    return not isinstance(value, str) or value in ("true", "false")


@FORMATS.checks("integer")
def _is_integer_string(value: object) -> bool:
    return not isinstance(value, str) or bool(_INTEGER.fullmatch(value))


def _file(addon: str, version: str) -> str:
    return f"{addon}_{version}.schema.json"


def known_schema(addon: str, version: str) -> bool:
    """Whether the package ships AWS's schema for this add-on version."""
    return resources.files(_SCHEMAS).joinpath(_file(addon, version)).is_file()


@cache
def load_schema(addon: str, version: str) -> Mapping[str, Any]:
    """AWS's configuration schema of ``addon`` at ``version``; ``KeyError`` if not shipped."""
    path = resources.files(_SCHEMAS).joinpath(_file(addon, version))
    if not path.is_file():
        raise KeyError(f"no schema for {addon} {version}")
    schema: Mapping[str, Any] = json.loads(path.read_text())
    return schema


@cache
def _validator(addon: str, version: str) -> Draft6Validator:
    return Draft6Validator(load_schema(addon, version), format_checker=FORMATS)


def check_configuration(addon: str, version: object, config: Mapping[str, Any]) -> list[Problem]:
    """Schema problems of ``config`` when AWS's schema for ``version`` is shipped, else none."""
    if not isinstance(version, str) or not known_schema(addon, version):
        return []
    return validate_configuration(addon, version, config)


def validate_configuration(addon: str, version: str, config: Mapping[str, Any]) -> list[Problem]:
    """Every way ``config`` breaks the schema of ``addon`` at ``version``, as problems."""
    errors = _validator(addon, version).iter_errors(config)
    problems = [problem for error in errors for problem in _problems(error, version)]
    return sorted(problems, key=lambda problem: problem.path)


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
            close = difflib.get_close_matches(key, list(defined), n=1)
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
            ProblemCode.INVALID_TYPE, where, f"must be of type {expected}", error.instance
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
        yield Problem(ProblemCode.INVALID_VALUE, _dotted([*path, missing]), "is required")
    else:
        yield Problem(ProblemCode.INVALID_VALUE, where, error.message, error.instance)
