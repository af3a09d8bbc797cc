"""The table-driven model behind every config builder.

A builder is a frozen dataclass whose fields are declared with :func:`option`: each names the
AWS key path it writes and the :class:`~eks_addons.config.kinds.Kind` of its value. That one
table drives validation, ``to_dict``, ``from_dict`` and the docs; no builder hand-writes any
of them.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Self

from eks_addons.config.kinds import Choice, JsonValue, Kind, KindError, to_json
from eks_addons.errors import ConfigurationError, Problem, ProblemCode, unreadable_value
from eks_addons.inputs import InputError, load_configuration
from eks_addons.tokens import is_token

_OPTION = "eks_addons.option"


@dataclass(frozen=True, slots=True)
class Option:
    """Where a builder field goes in ``configuration_values`` and how it is written."""

    path: tuple[str, ...]
    kind: Kind | type[ConfigModel]
    required: bool = False
    """AWS's schema requires the key whenever its parent object is present."""

    @property
    def key(self) -> str:
        """The dotted AWS key, e.g. ``init.env.DISABLE_TCP_EARLY_DEMUX``."""
        return ".".join(self.path)


def option(key: str, kind: Kind | type[ConfigModel], *, required: bool = False) -> Any:
    """Declare a builder field that writes the dotted AWS ``key``; ``None`` leaves it to AWS."""
    metadata = {_OPTION: Option(tuple(key.split(".")), kind, required)}
    if required:
        return field(metadata=metadata)
    return field(default=None, metadata=metadata)


def _aws_type(opt: Option) -> str:
    return opt.kind.aws_type if isinstance(opt.kind, Kind) else "an object"


def _join(*parts: str) -> str:
    return ".".join(part for part in parts if part)


@dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class ConfigModel:
    """Base of the builders and their nested parts (``Resources`` and the like)."""

    def __post_init__(self) -> None:
        problems = list(self._problems())
        if problems:
            raise ConfigurationError(problems)

    def __repr__(self) -> str:
        """Only the fields that are set: ``VpcCniConfig(enable_pod_eni=True)``."""
        set_fields = (
            f"{f.name}={getattr(self, f.name)!r}"
            for f in fields(self)
            if getattr(self, f.name) is not None
        )
        return f"{type(self).__name__}({', '.join(set_fields)})"

    @classmethod
    def options(cls) -> tuple[tuple[str, Option], ...]:
        """Each field name with its :class:`Option`, in declaration order."""
        return tuple((f.name, f.metadata[_OPTION]) for f in fields(cls) if _OPTION in f.metadata)

    def _problems(self) -> Iterator[Problem]:
        for name, opt in self.options():
            value = getattr(self, name)
            if is_token(value):  # known only to Terraform: the plan checks what it can
                continue
            if value is None:
                if opt.required:
                    yield Problem(
                        ProblemCode.INVALID_VALUE,
                        opt.key,
                        "is required",
                        allowed=_aws_type(opt),
                        option=name,
                    )
                continue
            try:
                if isinstance(opt.kind, Kind):
                    opt.kind.check(value)
                elif not isinstance(value, opt.kind):
                    raise KindError(f"must be a {opt.kind.__name__}")
            except KindError as invalid:
                yield Problem(
                    invalid.code,
                    _join(opt.key, *invalid.path),
                    invalid.message,
                    value,
                    invalid.allowed,
                    option=name,
                )

    def unknown_choices(self, prefix: str = "") -> Iterator[tuple[str, object, str]]:
        """``(path, value, allowed)`` of every set option whose value is outside its
        :class:`~eks_addons.config.kinds.Choice`, nested parts included."""
        for name, opt in self.options():
            value = getattr(self, name)
            where = _join(prefix, opt.key)
            if value is None or is_token(value):
                continue
            if isinstance(opt.kind, Choice) and not opt.kind.is_known(value):
                yield where, value, opt.kind.allowed
            elif isinstance(value, ConfigModel):
                yield from value.unknown_choices(where)

    def _typed_dict(self) -> dict[str, JsonValue]:
        out: dict[str, JsonValue] = {}
        for name, opt in self.options():
            value = getattr(self, name)
            if value is None:
                continue
            if is_token(value):
                _put(out, opt.path, value)
            elif isinstance(opt.kind, Kind):
                _put(out, opt.path, opt.kind.dump(value))
            elif nested := value.to_dict():
                _put(out, opt.path, nested)
        return out

    def to_dict(self) -> dict[str, JsonValue]:
        """The JSON object this part renders: only what was set, no empty objects."""
        return self._typed_dict()

    @classmethod
    def _parse(cls, data: Any, prefix: str) -> tuple[dict[str, Any], dict[str, Any], list[Problem]]:
        """Field values found in ``data``, the keys no field claims, and the problems."""
        if not isinstance(data, Mapping):
            problem = Problem(
                ProblemCode.INVALID_TYPE,
                prefix or "(root)",
                "must be an object",
                data,
                "a JSON object",
            )
            return {}, {}, [problem]
        try:
            copied = to_json(data)
        except KindError as invalid:
            where = _join(prefix, *invalid.path) or "(root)"
            return {}, {}, [Problem(invalid.code, where, invalid.message, allowed="JSON data")]
        assert isinstance(copied, dict)
        rest: dict[str, Any] = copied
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for name, opt in cls.options():
            where = _join(prefix, opt.key)
            try:
                found, raw = _pop(rest, opt.path)
            except _NotAnObjectError as blocked:
                bad = _join(prefix, *opt.path[: blocked.depth])
                if not any(problem.path == bad for problem in problems):
                    problems.append(
                        Problem(
                            ProblemCode.INVALID_TYPE,
                            bad,
                            "must be an object",
                            blocked.value,
                            allowed="a JSON object",
                        )
                    )
                continue
            if not found:
                if opt.required:
                    problems.append(
                        Problem(
                            ProblemCode.INVALID_VALUE, where, "is required", allowed=_aws_type(opt)
                        )
                    )
                continue
            if is_token(raw):
                values[name] = raw
                continue
            if isinstance(opt.kind, Kind):
                try:
                    values[name] = opt.kind.load(raw)
                except KindError as invalid:
                    allowed = invalid.allowed or _aws_type(opt)
                    problems.append(
                        Problem(
                            invalid.code, _join(where, *invalid.path), invalid.message, raw, allowed
                        )
                    )
                continue
            nested_values, nested_rest, nested_problems = opt.kind._parse(raw, where)
            problems += nested_problems
            if nested_rest or raw == {}:
                _put(rest, opt.path, nested_rest)
            if nested_values and not nested_problems:
                values[name] = opt.kind(**nested_values)
        return values, rest, problems


@dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class AddonConfig(ConfigModel):
    """The configuration of an add-on: typed options plus ``extra`` raw keys.

    Used as is, it carries any add-on's configuration as raw keys. ``extra`` holds keys a
    builder does not model yet; they are deep-merged with the typed options, setting one key
    both ways is an error, and the merged result goes through the same checks.
    """

    extra: Mapping[str, Any] | None = None
    """Raw ``configuration_values`` keys merged with the typed options. Omitted: none."""

    def _problems(self) -> Iterator[Problem]:
        yield from ConfigModel._problems(self)
        if self.extra is None:
            return
        if not isinstance(self.extra, Mapping):
            yield Problem(
                ProblemCode.INVALID_TYPE, "(root)", "must be a mapping", self.extra, option="extra"
            )
            return
        unreadable = unreadable_value(self.extra, "extra")
        if unreadable is not None:
            yield unreadable
            return
        try:
            extra = to_json(self.extra)
        except KindError as invalid:
            where = ".".join(invalid.path) or "(root)"
            yield Problem(invalid.code, where, invalid.message, allowed="JSON data", option="extra")
            return
        assert isinstance(extra, dict)
        yield from _merge(ConfigModel._typed_dict(self), extra, ())[1]
        # a key the builder types, given through extra, gets the typed checks too
        for problem in type(self)._parse(extra, "")[2]:
            yield dataclasses.replace(problem, option="extra")

    def to_dict(self) -> dict[str, JsonValue]:
        """The ``configuration_values`` object: typed options merged with ``extra``."""
        typed = ConfigModel._typed_dict(self)
        if not self.extra:
            return typed
        merged, _ = _merge(typed, to_json(self.extra), ())  # type: ignore[arg-type]
        return merged

    def to_json(self) -> str:
        """The canonical ``configuration_values`` string: sorted keys, compact, stable."""
        return canonical_json(self.to_dict())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read a ``configuration_values`` object; keys no option models go to ``extra``.

        ``from_dict(d).to_dict() == d`` for any ``d`` AWS accepts. Values a typed option
        holds must be in AWS's form (``"true"``, ``"1"``), or a :class:`ConfigurationError`
        names each that is not.
        """
        unreadable = unreadable_value(data)
        if unreadable is not None:
            raise ConfigurationError([unreadable])
        values, rest, problems = cls._parse(data, "")
        if problems:
            raise ConfigurationError(problems)
        return cls(**values, extra=rest or None)

    @classmethod
    def coerce(cls, value: AddonConfig | Mapping[str, Any] | str) -> Self:
        """``value`` as this builder: itself, or read from a mapping or a JSON (or YAML) string.

        A builder of another add-on is an error: its keys would not fit this add-on.
        """
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            return cls.from_json(value)
        if isinstance(value, Mapping) and not isinstance(value, AddonConfig):
            return cls.from_dict(value)
        problem = Problem(
            ProblemCode.INVALID_TYPE,
            "(root)",
            f"must be a {cls.__name__}, a mapping or a JSON string",
            type(value).__name__,
            option="configuration",
        )
        raise ConfigurationError([problem])

    @classmethod
    def from_json(cls, text: str) -> Self:
        """Read a ``configuration_values`` string: JSON (what ``jsonencode`` produced), or YAML,
        which EKS reads too (safe, without aliases; the builder writes canonical JSON)."""
        try:
            data = load_configuration(text)
        except InputError as error:
            message = str(error).removeprefix("configuration_values: ")
            problem = Problem(ProblemCode.INVALID_TYPE, "(root)", f"is {message}")
            raise ConfigurationError([problem]) from None
        if not isinstance(data, Mapping):
            problem = Problem(
                ProblemCode.INVALID_TYPE, "(root)", "must be a JSON object", type(data).__name__
            )
            raise ConfigurationError([problem])
        return cls.from_dict(data)


def canonical_json(data: Mapping[str, Any]) -> str:
    """Serialize with sorted keys and fixed separators, so a synth is byte-identical."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class _NotAnObjectError(Exception):
    def __init__(self, depth: int, value: Any) -> None:
        self.depth = depth
        self.value = value


def _pop(data: dict[str, Any], path: tuple[str, ...]) -> tuple[bool, Any]:
    """Remove ``path`` from ``data``; prune the objects that removal left empty."""
    parents = [data]
    for depth, key in enumerate(path[:-1], start=1):
        child = parents[-1].get(key)
        if child is None:
            return False, None
        if not isinstance(child, dict):
            raise _NotAnObjectError(depth, child)
        parents.append(child)
    if path[-1] not in parents[-1]:
        return False, None
    value = parents[-1].pop(path[-1])
    for parent, key in zip(reversed(parents[:-1]), reversed(path[:-1]), strict=True):
        if parent[key]:
            break
        del parent[key]
    return True, value


def _put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def _merge(
    typed: dict[str, Any], extra: dict[str, Any], path: tuple[str, ...]
) -> tuple[dict[str, Any], list[Problem]]:
    """Deep-merge ``extra`` into ``typed``; a key both set (not both objects) is a conflict."""
    merged = dict(typed)
    problems: list[Problem] = []
    for key, value in extra.items():
        if key not in typed:
            merged[key] = value
        elif isinstance(typed[key], dict) and isinstance(value, dict):
            merged[key], nested = _merge(typed[key], value, (*path, key))
            problems += nested
        else:
            problems.append(
                Problem(
                    ProblemCode.CONFLICTING_KEY,
                    ".".join((*path, key)),
                    "is set both by a typed option and in extra",
                    value,
                    allowed="set it in one place only",
                    option="extra",
                )
            )
    return merged, problems
