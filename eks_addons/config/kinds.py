"""Kinds of option value: how a Python value is checked, written as JSON, and read back.

AWS's add-on schemas mix real JSON types with strings that carry a type in their ``format``
(VPC CNI ``env`` values are ``"true"`` / ``"1"``). A kind owns one such mapping, so the
builders never hand-convert a value.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from eks_addons.errors import ProblemCode
from eks_addons.k8s import parse_quantity
from eks_addons.tokens import is_token

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]

_INTEGER = re.compile(r"-?[0-9]+")


def is_integer_string(value: str) -> bool:
    """Whether ``value`` is an integer written in decimal (AWS's ``format: integer``)."""
    return _INTEGER.fullmatch(value) is not None


class KindError(Exception):
    """A value a kind rejects; the model turns it into a :class:`~eks_addons.errors.Problem`."""

    def __init__(
        self,
        message: str,
        *,
        allowed: str | None = None,
        code: ProblemCode = ProblemCode.INVALID_TYPE,
        path: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.allowed = allowed
        self.code = code
        self.path = path
        """Where inside the value, for nested JSON data (``("nodeSelector", "a")``)."""


class Kind(ABC):
    """How one option's Python value maps to its JSON value in ``configuration_values``."""

    aws_type: str
    """The JSON type AWS's schema declares, for docs and messages."""

    @abstractmethod
    def check(self, value: Any) -> None:
        """Raise :class:`KindError` unless ``value`` is an acceptable Python value."""

    @abstractmethod
    def dump(self, value: Any) -> JsonValue:
        """The JSON value AWS expects for a checked Python value."""

    @abstractmethod
    def load(self, raw: Any) -> Any:
        """The Python value for a JSON value; raise :class:`KindError` if AWS would reject it."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_range(value: int, minimum: int | None, maximum: int | None) -> None:
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        low = "" if minimum is None else f">= {minimum}"
        high = "" if maximum is None else f"<= {maximum}"
        raise KindError(
            f"must be {' and '.join(part for part in (low, high) if part)}",
            code=ProblemCode.INVALID_VALUE,
        )


def _format_code(raw: Any) -> ProblemCode:
    """A string in the wrong format is the right type with a wrong value; else a wrong type."""
    return ProblemCode.INVALID_VALUE if isinstance(raw, str) else ProblemCode.INVALID_TYPE


class BoolString(Kind):
    """A Python ``bool`` written as AWS's ``"true"`` / ``"false"`` (``format: boolean``)."""

    aws_type = "string (format boolean)"

    def check(self, value: Any) -> None:
        if not isinstance(value, bool):
            raise KindError("must be a bool")

    def dump(self, value: Any) -> JsonValue:
        return "true" if value else "false"

    def load(self, raw: Any) -> Any:
        if raw not in ("true", "false"):
            raise KindError(
                "must be the string 'true' or 'false'",
                allowed="'true', 'false'",
                code=_format_code(raw),
            )
        return raw == "true"


class IntString(Kind):
    """A Python ``int`` written as a decimal string, e.g. ``"1"`` (``format: integer``).

    Unbounded: what the add-on does with a value (ignore a negative target, refuse an MTU)
    is said by the add-on's rules, with their source.
    """

    aws_type = "string (format integer)"
    minimum: int | None = None

    def check(self, value: Any) -> None:
        if not _is_int(value):
            raise KindError("must be an int")
        _check_range(value, self.minimum, None)

    def dump(self, value: Any) -> JsonValue:
        return str(value)

    def load(self, raw: Any) -> Any:
        if not (isinstance(raw, str) and is_integer_string(raw)):
            raise KindError(
                "must be an integer string",
                allowed="a string of decimal digits, e.g. '1'",
                code=_format_code(raw),
            )
        value = int(raw)
        _check_range(value, self.minimum, None)
        return value


class Text(Kind):
    """A string, written as is."""

    aws_type = "string"

    def check(self, value: Any) -> None:
        if not isinstance(value, str):
            raise KindError("must be a str")

    def dump(self, value: Any) -> JsonValue:
        return str(value)

    def load(self, raw: Any) -> Any:
        if not isinstance(raw, str):
            raise KindError("must be a string")
        return raw


class Quantity(Kind):
    """A Kubernetes resource quantity string (``"100m"``, ``"0.25"``, ``"256Mi"``, ``"1G"``)."""

    aws_type = "string (Kubernetes quantity)"
    _allowed = (
        "a number with an optional suffix: m, k, M, G, T, Ki, Mi, Gi, Ti, e.g. '100m', '256Mi'"
    )

    def check(self, value: Any) -> None:
        if not isinstance(value, str):
            raise KindError("must be a str", allowed=self._allowed)
        number = parse_quantity(value)  # Kubernetes' grammar; resources are never negative
        if number is None or number < 0:
            raise KindError(
                "is not a Kubernetes quantity (the add-on's pods would be refused)",
                allowed=self._allowed,
                code=ProblemCode.INVALID_VALUE,
            )

    def dump(self, value: Any) -> JsonValue:
        return str(value)

    def load(self, raw: Any) -> Any:
        self.check(raw)
        return raw


class Boolean(Kind):
    """A real JSON boolean."""

    aws_type = "boolean"

    def check(self, value: Any) -> None:
        if not isinstance(value, bool):
            raise KindError("must be a bool")

    def dump(self, value: Any) -> JsonValue:
        return bool(value)

    def load(self, raw: Any) -> Any:
        if not isinstance(raw, bool):
            raise KindError("must be a boolean (true or false, not a string)")
        return raw


class Integer(Kind):
    """A real JSON integer, optionally bounded."""

    aws_type = "integer"

    def __init__(self, *, minimum: int | None = None, maximum: int | None = None) -> None:
        self.minimum = minimum
        self.maximum = maximum

    def check(self, value: Any) -> None:
        if not _is_int(value):
            raise KindError("must be an int")
        _check_range(value, self.minimum, self.maximum)

    def dump(self, value: Any) -> JsonValue:
        return int(value)

    def load(self, raw: Any) -> Any:
        if not _is_int(raw):
            raise KindError("must be an integer (a number, not a string)")
        self.check(raw)
        return raw


class Choice(Kind):
    """One of a set the library knows, given as the enum member or its string value.

    A string outside the set is kept as given (AWS's schema may take any string there; where
    it has an enum, the schema check refuses the value). :meth:`is_known` tells which.
    """

    def __init__(self, enum: type[StrEnum]) -> None:
        self.enum = enum
        self.aws_type = "string, one of " + self.allowed

    @property
    def allowed(self) -> str:
        return ", ".join(repr(member.value) for member in self.enum)

    def is_known(self, value: Any) -> bool:
        """Whether ``value`` is one of the enum's values."""
        return value in {member.value for member in self.enum}

    def check(self, value: Any) -> None:
        if not isinstance(value, str):
            raise KindError("must be a str", allowed=self.allowed)

    def dump(self, value: Any) -> JsonValue:
        return value.value if isinstance(value, self.enum) else str(value)

    def load(self, raw: Any) -> Any:
        if not isinstance(raw, str):
            raise KindError("must be a string", allowed=self.allowed)
        return self.enum(raw) if self.is_known(raw) else raw


class IntOrPercent(Kind):
    """A count (``1``) or a percentage string (``"25%"``), as Kubernetes PDBs take."""

    aws_type = "integer or string ending in '%'"
    _allowed = "an int >= 0, or a str such as '25%'"

    def check(self, value: Any) -> None:
        if _is_int(value):
            _check_range(value, 0, None)
        elif not (isinstance(value, str) and value.endswith("%")):
            raise KindError("must be an int or a percentage string", allowed=self._allowed)

    def dump(self, value: Any) -> JsonValue:
        return value  # type: ignore[no-any-return]

    def load(self, raw: Any) -> Any:
        self.check(raw)
        return raw


def to_json(value: Any, path: tuple[str, ...] = ()) -> JsonValue:
    """A plain-JSON deep copy of ``value`` (mappings to dicts, sequences to lists).

    Raises :class:`KindError` (with the ``path`` inside ``value``) on anything JSON cannot
    hold: NaN or Infinity, bytes, a set, an object, a non-str key.
    """
    if value is None or isinstance(value, str | bool | int):
        return value
    if is_token(value):  # a CDK token: Terraform renders it (written with jsonencode)
        return value  # type: ignore[no-any-return]
    if isinstance(value, float):
        if not math.isfinite(value):
            raise KindError(
                f"must be a finite number, not {value!r} (JSON has no NaN or Infinity)",
                code=ProblemCode.INVALID_VALUE,
                path=path,
            )
        return value
    if isinstance(value, Mapping):
        if not all(isinstance(key, str) for key in value):
            raise KindError("must have only string keys", path=path)
        return {key: to_json(item, (*path, key)) for key, item in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return [to_json(item, (*path, str(index))) for index, item in enumerate(value)]
    raise KindError(f"must be JSON data, not {type(value).__name__}", path=path)


class JsonArray(Kind):
    """A list of JSON objects, passed through (Kubernetes ``tolerations`` and the like)."""

    aws_type = "array"

    def check(self, value: Any) -> None:
        if isinstance(value, str) or not isinstance(value, Sequence):
            raise KindError("must be a list")
        to_json(value)

    def dump(self, value: Any) -> JsonValue:
        return to_json(value)

    def load(self, raw: Any) -> Any:
        if not isinstance(raw, list):
            raise KindError("must be an array")
        return to_json(raw)


class JsonObject(Kind):
    """A JSON object passed through; with ``string_values``, a map of strings (labels)."""

    def __init__(self, *, string_values: bool = False) -> None:
        self.string_values = string_values
        self.aws_type = "object of strings" if string_values else "object"

    def check(self, value: Any) -> None:
        if not isinstance(value, Mapping):
            raise KindError("must be a mapping")
        if self.string_values and not all(isinstance(item, str) for item in value.values()):
            raise KindError("must map strings to strings")
        to_json(value)

    def dump(self, value: Any) -> JsonValue:
        return to_json(value)

    def load(self, raw: Any) -> Any:
        if not isinstance(raw, dict):
            raise KindError("must be an object")
        self.check(raw)
        return to_json(raw)


class Number(Kind):
    """A real JSON number: an ``int`` or a finite ``float`` (not a ``bool``)."""

    aws_type = "number"

    def check(self, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise KindError("must be an int or a float")
        if isinstance(value, float) and not math.isfinite(value):
            raise KindError(
                f"must be a finite number, not {value!r} (JSON has no NaN or Infinity)",
                code=ProblemCode.INVALID_VALUE,
            )

    def dump(self, value: Any) -> JsonValue:
        return value  # type: ignore[no-any-return]

    def load(self, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise KindError("must be a number (not a string or a boolean)")
        self.check(raw)
        return raw


class AnyJson(Kind):
    """Any JSON value, passed through: where AWS's schema takes several types (a union, an
    ``anyOf``) or declares none; AWS's schema check judges the value."""

    aws_type = "any JSON value"

    def check(self, value: Any) -> None:
        to_json(value)

    def dump(self, value: Any) -> JsonValue:
        return to_json(value)

    def load(self, raw: Any) -> Any:
        if raw is None:  # a typed option's None means "not set": a null would be lost
            raise KindError("must not be null (give a null through extra)")
        return to_json(raw)
