"""Reading what users give, bounded: files, JSON and YAML text, nested values.

Every file the library reads goes through :func:`read_text`: only regular files (a FIFO, a
device, a socket or a directory is refused before it is opened for reading), at most
:func:`max_bytes` bytes (``EKS_ADDONS_MAX_INPUT_BYTES``, or ``--max-input-bytes``). Every
configuration value goes through :func:`load_configuration` (JSON, or YAML as EKS reads it,
with a safe loader and no aliases) and :func:`value_problem` (nesting, integers, Unicode).
A problem is one line, never a traceback.
"""

from __future__ import annotations

import json
import os
import reprlib
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MAX_BYTES_ENV = "EKS_ADDONS_MAX_INPUT_BYTES"
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
"""The most one input file or value may hold by default: 64 MiB (AWS's whole answer for
every add-on is about 2 MB; a large plan tens of MB)."""
MAX_DEPTH = 64
"""The deepest nesting read in a configuration (AWS's schemas nest at most about 10)."""
MAX_INT_DIGITS = 4300
"""Python's own limit on the digits of an integer read from text."""


class InputError(ValueError):
    """An input that cannot be read: one line saying why."""


def max_bytes() -> int:
    """The size cap in bytes: ``EKS_ADDONS_MAX_INPUT_BYTES`` when set, else 64 MiB."""
    given = os.environ.get(MAX_BYTES_ENV)
    if given is None:
        return DEFAULT_MAX_BYTES
    try:
        value = int(given)
    except ValueError:
        raise InputError(f"{MAX_BYTES_ENV}={given!r}: not a number of bytes") from None
    if value <= 0:
        raise InputError(f"{MAX_BYTES_ENV}={given!r}: must be a positive number of bytes")
    return value


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def read_text(path: Path, what: str = "input") -> str:
    """The UTF-8 text of the regular file ``path`` (a byte-order mark is dropped), read with
    the size cap; :class:`InputError` saying why not."""
    limit = max_bytes()
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputError(
            f"{shown(str(path))}: cannot be read ({error.strerror or error})"
        ) from None
    try:
        mode = os.fstat(descriptor)
        if not stat.S_ISREG(mode.st_mode):
            raise InputError(f"{shown(str(path))}: {_kind(mode.st_mode)}, not a file ({what})")
        if mode.st_size > limit:
            raise InputError(_too_large(path, mode.st_size, limit))
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while read
            raise InputError(_too_large(path, size, limit))
    except OSError as error:
        raise InputError(
            f"{shown(str(path))}: cannot be read ({error.strerror or error})"
        ) from None
    finally:
        os.close(descriptor)
    raw = b"".join(chunks)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise InputError(
                f"{shown(str(path))}: UTF-16 text; write it as UTF-8 (e.g. `> file` in bash)"
            ) from None
        raise InputError(f"{shown(str(path))}: not UTF-8 text (a binary file?)") from None


def _unreadable(path: Path, error: OSError) -> InputError:
    return InputError(f"{shown(str(path))}: cannot be read ({error.strerror or error})")


def _too_large(path: Path, size: int, limit: int) -> str:
    return (
        f"{shown(str(path))}: {size} bytes, more than eks-addons reads ({limit}; raise it with "
        f"--max-input-bytes or {MAX_BYTES_ENV})"
    )


def load_json(text: str, where: str = "input") -> Any:
    """``text`` as JSON, with every way it can fail as one :class:`InputError`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{where}: not JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply to read") from None
    except ValueError as error:  # an integer of more than 4300 digits
        raise InputError(f"{where}: {shown(str(error), 120)}") from None


def load_configuration(text: str) -> Any:
    """A ``configuration_values`` string as EKS reads it: JSON, else YAML (safe, without
    aliases); :class:`InputError` when it is neither, or larger than the cap."""
    limit = max_bytes()
    if len(text) > limit:
        raise InputError(
            f"configuration_values: {len(text)} characters, more than eks-addons reads "
            f"({limit}; raise it with {MAX_BYTES_ENV})"
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        json_error = error
    except RecursionError:
        raise InputError("configuration_values: JSON nested too deeply to read") from None
    except ValueError as error:
        raise InputError(f"configuration_values: {shown(str(error), 120)}") from None
    return _load_yaml(text, json_error)


def _load_yaml(text: str, json_error: json.JSONDecodeError) -> Any:
    import yaml  # noqa: PLC0415 (only for a value that is not JSON)

    class _Loader(yaml.SafeLoader):
        """YAML's safe subset, as Kubernetes' YAML (go-yaml) reads it into JSON: dates and
        ``1:30`` stay strings; no anchors and aliases (which could multiply a value); no
        types JSON has not (``!!binary``, ``!!set``...)."""

        yaml_implicit_resolvers = {  # noqa: RUF012 (what the resolver reads)
            first: [found for found in resolvers if found[0] != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }

        def construct_yaml_int(self, node: Any) -> Any:
            if ":" in str(node.value):  # YAML 1.1's base 60: a string for go-yaml
                return self.construct_scalar(node)
            return super().construct_yaml_int(node)

        def construct_yaml_float(self, node: Any) -> Any:
            if ":" in str(node.value):
                return self.construct_scalar(node)
            return super().construct_yaml_float(node)

        def refuse(self, node: Any) -> Any:
            raise yaml.YAMLError(f"{node.tag} is not JSON data")

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise yaml.YAMLError("aliases (*name) are not read")
            event = self.peek_event()  # type: ignore[no-untyped-call]
            if getattr(event, "anchor", None) is not None:
                raise yaml.YAMLError("anchors (&name) are not read")
            return super().compose_node(parent, index)

    _Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
    _Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
    for tag in ("binary", "set", "omap", "pairs", "timestamp"):
        _Loader.add_constructor(f"tag:yaml.org,2002:{tag}", _Loader.refuse)
    try:
        loaded = yaml.load(text, Loader=_Loader)
    except RecursionError:
        raise InputError("configuration_values: YAML nested too deeply to read") from None
    except (yaml.YAMLError, ValueError) as error:
        message = shown(str(error).splitlines()[0] if str(error) else type(error).__name__, 120)
        raise InputError(
            f"configuration_values: neither JSON (line {json_error.lineno}, column "
            f"{json_error.colno}: {json_error.msg}) nor YAML ({message})"
        ) from None
    if not isinstance(loaded, Mapping):
        raise InputError(
            "configuration_values: not JSON, and its YAML is "
            f"{type(loaded).__name__ if loaded is not None else 'empty'}, not an object"
        )
    return loaded


def value_problem(value: Any) -> tuple[str, str, bool] | None:
    """``(path, why, a wrong type)`` for the first part of ``value`` nothing downstream can
    take: nesting deeper than :data:`MAX_DEPTH`, an integer of more than 4300 digits, a
    string with a lone surrogate (not Unicode), a key that is not a string; ``None`` when all
    is well. Walks
    without recursion."""
    stack: list[tuple[str, Any, int]] = [("", value, 0)]
    while stack:
        path, node, depth = stack.pop()
        where = path or "(root)"
        if depth > MAX_DEPTH:
            return where, f"is nested more than {MAX_DEPTH} levels deep", False
        if isinstance(node, str):
            if _has_surrogate(node):
                return where, "holds a lone surrogate, which is not Unicode text", False
        elif isinstance(node, int) and not isinstance(node, bool):
            if node.bit_length() > 14000:  # about 4300 decimal digits
                return where, f"is an integer of more than {MAX_INT_DIGITS} digits", False
        elif isinstance(node, Mapping):
            for key, item in node.items():
                if not isinstance(key, str):
                    return where, f"has a key that is not a string ({type(key).__name__})", True
                if _has_surrogate(key):
                    return (
                        where,
                        "has a key with a lone surrogate, which is not Unicode text",
                        False,
                    )
                stack.append((f"{path}.{key}" if path else key, item, depth + 1))
        elif isinstance(node, list | tuple):
            for index, item in enumerate(node):
                stack.append((f"{path}.{index}" if path else str(index), item, depth + 1))
    return None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def shown(text: str, limit: int = 200) -> str:
    """``text`` safe to print on a terminal: control characters (escape sequences among them)
    written as escapes, lone surrogates replaced, and cut to ``limit`` characters with its
    length."""
    out = []
    for char in text[: limit + 1]:
        code = ord(char)
        if code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000:
            out.append(char.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(char)
    cut = "".join(out)
    if len(text) > limit:
        return f"{cut[:limit]}... ({len(text)} characters)"
    return cut


class _Repr(reprlib.Repr):
    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 512:  # str() of a huge integer is slow, then refused
            return f"<an integer of about {int(x.bit_length() * 0.30103)} digits>"
        return super().repr_int(x, level)


_REPR = _Repr()
_REPR.maxlevel, _REPR.maxdict, _REPR.maxlist, _REPR.maxtuple = 4, 8, 8, 8
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = 160


def echoed(value: object) -> str:
    """``value`` as a message echoes it: a ``repr`` bounded in size whatever the value
    (strings, numbers and containers shortened with ``...``), safe on a terminal."""
    return shown(_REPR.repr(value), 400)


__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_BYTES_ENV",
    "MAX_DEPTH",
    "InputError",
    "echoed",
    "load_configuration",
    "load_json",
    "max_bytes",
    "read_text",
    "shown",
    "value_problem",
]
