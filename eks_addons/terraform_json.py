"""Reading resources from Terraform JSON, plans and state (pure Python).

Reads a synthesized ``cdk.tf.json`` (or a ``cdktf.out`` directory), a hand-written
``*.tf.json``, ``terraform show -json`` of a plan, or of a state. Each gives the same
:class:`Resource` rows: the arguments as written (expressions stay ``${...}`` strings; values a
plan knows only after apply become :data:`UNKNOWN`), and what each argument refers to. Input
that cannot be read raises :class:`UnusableInputError` with one sentence saying why; it never
raises anything else.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from eks_addons.inputs import InputError, load_json, read_text, shown


class UnusableInputError(ValueError):
    """The input is not Terraform JSON, a plan or a state that can be read."""


UNKNOWN = "${(known after apply)}"
"""What an argument a plan knows only after apply reads as (an expression, so unresolved)."""

Mode = Literal["managed", "data"]


@dataclass(frozen=True)
class Resource:
    """One resource or data source, as the document has it."""

    where: str
    """``<file>: <address>``, for messages."""
    address: str
    """``aws_eks_addon.vpc_cni``, ``data.aws_eks_cluster.cluster``, ``module.m.…``."""
    type: str
    mode: Mode
    body: Mapping[str, Any]
    """The arguments (configuration) or values (plan, state)."""
    references: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Argument -> the addresses its expression refers to."""
    provider: str | None = None
    """The provider configuration, when not the default (``aws.west``)."""
    sensitive: frozenset[str] = frozenset()
    """The arguments the plan or state marks sensitive: their values are never printed."""

    def argument(self, name: str) -> object:
        """The argument ``name`` as written (``None`` when absent)."""
        return self.body.get(name)


@dataclass(frozen=True)
class Document:
    """The resources of one file."""

    source: str
    kind: Literal["configuration", "plan", "state"]
    resources: tuple[Resource, ...]
    provider_version: str | None = None
    """The hashicorp/aws version the document pins, when it does."""

    def of_type(self, type_: str, mode: Mode = "managed") -> list[Resource]:
        """The resources of one type."""
        return [r for r in self.resources if r.type == type_ and r.mode == mode]


_HCL_STARTS = ("resource ", "terraform ", "provider ", "variable ", "module ", "data ", "locals ")
_REFERENCE = re.compile(r"(?:data\.)?aws_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*")


def _objects(value: Any) -> Iterator[Mapping[str, Any]]:
    """Terraform JSON allows a block to be an object or an array of objects."""
    if isinstance(value, Mapping):
        yield value
    elif isinstance(value, list):
        yield from (item for item in value if isinstance(item, Mapping))


def block(value: Any) -> Mapping[str, Any]:
    """A nested block (an object, or the first of an array of them), else an empty one."""
    return next(_objects(value), {})


def _references(body: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    found = {}
    for name, value in body.items():
        if isinstance(value, str) and "${" in value:
            found[name] = tuple(dict.fromkeys(_REFERENCE.findall(value)))
    return found


def _from_configuration(document: Mapping[str, Any], source: str) -> Document:
    resources = []
    sections: tuple[tuple[str, Mode, str], ...] = (
        ("resource", "managed", ""),
        ("data", "data", "data."),
    )
    for kind, mode, prefix in sections:
        for section in _objects(document.get(kind)):
            for type_, of_type in section.items():
                for named in _objects(of_type):
                    for name, bodies in named.items():
                        for body in _objects(bodies):
                            address = f"{prefix}{type_}.{name}"
                            provider = body.get("provider")
                            resources.append(
                                Resource(
                                    f"{source}: {address}",
                                    address,
                                    str(type_),
                                    mode,
                                    body,
                                    _references(body),
                                    _provider_key(provider),
                                )
                            )
    pins = block(block(document.get("terraform")).get("required_providers")).get("aws")
    version = block(pins).get("version") if isinstance(pins, Mapping) else None
    return Document(
        source,
        "configuration",
        tuple(resources),
        version if isinstance(version, str) else None,
    )


def _provider_key(value: object) -> str | None:
    if not isinstance(value, str) or value in ("aws", "${aws}"):
        return None
    return value.removeprefix("${").removesuffix("}")


def _configured_references(module: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Address -> its ``expressions`` in a plan's ``configuration`` section."""
    found: dict[str, Any] = {}
    for resource in _objects(module.get("resources")):
        address = resource.get("address")
        if isinstance(address, str):
            found[prefix + address] = resource
    for name, call in block(module.get("module_calls")).items():
        found.update(_configured_references(block(block(call).get("module")), f"module.{name}."))
    return found


def _expression_references(expressions: object) -> dict[str, tuple[str, ...]]:
    found = {}
    for name, expression in block(expressions).items():
        refs = block(expression).get("references")
        if isinstance(refs, list):
            found[str(name)] = tuple(
                dict.fromkeys(
                    ref for ref in refs if isinstance(ref, str) and _REFERENCE.fullmatch(ref)
                )
            )
    return found


def _with_unknowns(
    after: Mapping[str, Any], unknown: object, written: Mapping[str, Any] | None
) -> dict[str, Any]:
    """A plan's ``after`` values, with the top-level arguments the configuration sets (all,
    when the plan carries no configuration) and that are known only after apply."""
    values = dict(after)
    for name, is_unknown in block(unknown).items():
        if is_unknown is True and (written is None or name in written):
            values[name] = UNKNOWN
    return values


def _from_plan(document: Mapping[str, Any], source: str) -> Document:
    configured = _configured_references(
        block(block(document.get("configuration")).get("root_module"))
    )
    resources = []
    for change in _objects(document.get("resource_changes")):
        detail = block(change.get("change"))
        after = detail.get("after")
        if not isinstance(after, Mapping) or not after:
            continue  # deleted, or nothing planned
        address = str(change.get("address", "?"))
        config = configured.get(address.split("[", maxsplit=1)[0])
        mode: Mode = "data" if change.get("mode") == "data" else "managed"
        resources.append(
            Resource(
                f"{source}: {address}",
                address,
                str(change.get("type", "")),
                mode,
                _with_unknowns(
                    after,
                    detail.get("after_unknown"),
                    None if config is None else block(block(config).get("expressions")),
                ),
                _expression_references(block(config).get("expressions")),
                _plan_provider(change.get("provider_name"), config),
                _sensitive(detail.get("after_sensitive"), detail.get("before_sensitive")),
            )
        )
    aws = block(block(block(document.get("configuration")).get("provider_config")).get("aws"))
    constraint = aws.get("version_constraint")
    return Document(
        source, "plan", tuple(resources), constraint if isinstance(constraint, str) else None
    )


def _sensitive(*marks: object) -> frozenset[str]:
    """The top-level arguments a plan's or a state's sensitivity marks cover (wholly or in
    part)."""
    return frozenset(
        name
        for mark in marks
        for name, value in block(mark).items()
        if value is True or (isinstance(value, Mapping | list) and _any_true(value))
    )


def _any_true(value: object) -> bool:
    stack = [value]
    while stack:
        node = stack.pop()
        if node is True:
            return True
        if isinstance(node, Mapping):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _plan_provider(_: object, config: object) -> str | None:
    key = block(config).get("provider_config_key")
    return key if isinstance(key, str) and key != "aws" else None


def _state_resources(module: Mapping[str, Any], source: str) -> Iterator[Resource]:
    for resource in _objects(module.get("resources")):
        values = resource.get("values")
        if not isinstance(values, Mapping):
            continue
        address = str(resource.get("address", "?"))
        mode: Mode = "data" if resource.get("mode") == "data" else "managed"
        yield Resource(
            f"{source}: {address}",
            address,
            str(resource.get("type", "")),
            mode,
            values,
            sensitive=_sensitive(resource.get("sensitive_values")),
        )
    for child in _objects(module.get("child_modules")):
        yield from _state_resources(child, source)


def _from_state(document: Mapping[str, Any], source: str) -> Document:
    root = block(block(document.get("values")).get("root_module"))
    return Document(source, "state", tuple(_state_resources(root, source)))


def read_document(file: Path) -> Mapping[str, Any]:
    """One file's JSON object (read with :func:`eks_addons.inputs.read_text`'s bounds);
    :class:`UnusableInputError` with the reason otherwise."""
    try:
        text = read_text(file, "Terraform JSON, a plan or a state")
    except InputError as error:
        raise UnusableInputError(str(error)) from None
    if not text.strip():
        raise UnusableInputError(f"{shown(str(file))}: empty")
    try:
        document = load_json(text, shown(str(file)))
    except InputError as error:
        hint = ""
        if text.lstrip().startswith(_HCL_STARTS):
            hint = " (HCL is not read: give a *.tf.json file or `terraform show -json` output)"
        raise UnusableInputError(f"{error}{hint}") from None
    if not isinstance(document, Mapping):
        raise UnusableInputError(
            f"{shown(str(file))}: not Terraform JSON, a plan or a state (the top level is "
            f"{type(document).__name__ if document is not None else 'null'}, not an object)"
        )
    return document


def parse_document(document: Mapping[str, Any], source: str) -> Document:
    """The resources of a Terraform JSON document, a plan or a state."""
    if "resource_changes" in document or "planned_values" in document:
        return _from_plan(document, source)
    if "values" in document and "format_version" in document:
        return _from_state(document, source)
    return _from_configuration(document, source)


def read_documents(path: Path) -> list[Document]:
    """Every document in a file, or in the ``*.tf.json`` files under a directory (each
    directory a Terraform module: one address twice in it is an error, as in Terraform)."""
    if _is_dir(path):
        files = _tf_json_files(path)
        if not files:
            raise UnusableInputError(f"{shown(str(path))}: no *.tf.json files in this directory")
    else:
        try:
            present = path.exists() or path.is_symlink()
        except OSError as error:  # a name too long, a loop of links
            raise UnusableInputError(f"{shown(str(path))}: {error.strerror or error}") from None
        if not present:
            raise UnusableInputError(f"{shown(str(path))}: no such file or directory")
        files = [path]
    documents = [parse_document(read_document(file), str(file)) for file in files]
    _check_duplicates(documents)
    return documents


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _tf_json_files(root: Path) -> list[Path]:
    """The ``*.tf.json`` files under ``root``; an unreadable directory is an error, not
    skipped (it could hold the add-ons)."""
    found: list[Path] = []
    unreadable: list[OSError] = []
    for folder, folders, names in os.walk(root, onerror=unreadable.append):
        folders.sort()
        found += [Path(folder, name) for name in sorted(names) if name.endswith(".tf.json")]
    if unreadable:
        error = unreadable[0]
        raise UnusableInputError(
            f"{shown(str(error.filename))}: cannot be read ({error.strerror or error}); "
            "the add-ons in it would not be checked"
        )
    return found


_OVERRIDES = ("override.tf.json",)
_OVERRIDE = "_override.tf.json"


def _check_duplicates(documents: list[Document]) -> None:
    """Terraform refuses one resource address declared twice in a module (a directory)."""
    seen: dict[tuple[str, str], str] = {}
    for document in documents:
        name = Path(document.source).name
        if document.kind != "configuration" or name in _OVERRIDES or name.endswith(_OVERRIDE):
            continue  # an override file merges into the block it names, as Terraform does
        folder = str(Path(document.source).parent)
        for resource in document.resources:
            key = (folder, resource.address)
            first = seen.setdefault(key, document.source)
            if first != document.source:
                raise UnusableInputError(
                    f"{shown(resource.address)} is declared in {shown(first)} and again in "
                    f"{shown(document.source)}: Terraform refuses a duplicate resource "
                    "configuration in one module"
                )


_JSONENCODE = re.compile(r"\$\{jsonencode\((.*)\)\}", re.DOTALL)
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_MAX_DEPTH = 64


class _HclError(ValueError):
    pass


def jsonencode_argument(value: str) -> Any:
    """The structure inside ``${jsonencode(...)}`` (what the CDK writes for a configuration
    holding tokens), with each expression in it kept as a ``${...}`` string; ``None`` when
    ``value`` is not such a call, or not one that can be read."""
    match = _JSONENCODE.fullmatch(value.strip())
    if match is None:
        return None
    try:
        parsed, end = _hcl_value(match.group(1), 0, 0)
        if match.group(1)[end:].strip():
            return None
    except (_HclError, IndexError, RecursionError):
        return None
    return parsed


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _hcl_value(text: str, at: int, depth: int) -> tuple[Any, int]:
    if depth > _MAX_DEPTH:
        raise _HclError("nested too deeply")
    at = _skip(text, at)
    char = text[at]
    if char == "{":
        return _hcl_object(text, at + 1, depth + 1)
    if char == "[":
        return _hcl_list(text, at + 1, depth + 1)
    if char == '"':
        return _hcl_string(text, at)
    number = _NUMBER.match(text, at)
    if number and not text[number.end() : number.end() + 1].isalnum():
        literal = number.group()
        return (float(literal) if any(c in literal for c in ".eE") else int(literal)), number.end()
    return _hcl_expression(text, at)


def _hcl_object(text: str, at: int, depth: int) -> tuple[dict[str, Any], int]:
    found: dict[str, Any] = {}
    at = _skip(text, at)
    while text[at] != "}":
        key, at = (
            _hcl_string(text, _skip(text, at))
            if text[_skip(text, at)] == '"'
            else _hcl_bare(text, at)
        )
        at = _skip(text, at)
        if text[at] not in "=:":
            raise _HclError("expected =")
        value, at = _hcl_value(text, at + 1, depth)
        found[str(key)] = value
        at = _skip(text, at)
        if text[at] == ",":
            at = _skip(text, at + 1)
    return found, at + 1


def _hcl_list(text: str, at: int, depth: int) -> tuple[list[Any], int]:
    found: list[Any] = []
    at = _skip(text, at)
    while text[at] != "]":
        value, at = _hcl_value(text, at, depth)
        found.append(value)
        at = _skip(text, at)
        if text[at] == ",":
            at = _skip(text, at + 1)
    return found, at + 1


def _hcl_bare(text: str, at: int) -> tuple[str, int]:
    at = _skip(text, at)
    end = at
    while end < len(text) and (text[end].isalnum() or text[end] in "_-"):
        end += 1
    if end == at:
        raise _HclError("expected a key")
    return text[at:end], end


def _hcl_string(text: str, at: int) -> tuple[str, int]:
    """A quoted string (JSON's escapes, which HCL shares); ``${`` inside stays as is."""
    end = at + 1
    while text[end] != '"':
        end += 2 if text[end] == "\\" else 1
    try:
        return json.loads(text[at : end + 1]), end + 1
    except json.JSONDecodeError as error:
        raise _HclError(str(error)) from None


def _hcl_expression(text: str, at: int) -> tuple[Any, int]:
    """A bare expression (``var.x``, ``true``, a function call) up to the next separator."""
    nesting, end = 0, at
    while end < len(text):
        char = text[end]
        if char in "([{":
            nesting += 1
        elif char in ")]}":
            if nesting == 0:
                break
            nesting -= 1
        elif char == "," and nesting == 0:
            break
        elif char == '"':
            end = _hcl_string(text, end)[1] - 1
        end += 1
    expression = text[at:end].strip()
    if not expression:
        raise _HclError("expected a value")
    literals = {"true": True, "false": False, "null": None}
    if expression in literals:
        return literals[expression], end
    return f"${{{expression}}}", end
