#!/usr/bin/env python
"""Generate typed builders for the AWS and community add-ons from AWS's configuration schemas.

For every add-on of the shipped catalog whose ``info["owner"]`` is ``aws`` or ``community``,
except those with a hand-written builder (:data:`HAND_WRITTEN`), this writes
``eks_addons/config/generated/<module>.py`` (the add-on's name with ``-`` -> ``_``) holding a
frozen, keyword-only, slotted ``AddonConfig`` subclass, and ``generated/__init__.py`` with
``BUILDER_MODULES`` (EKS add-on name -> module and class) and ``builder_of``, importing each
module on first use. ``--check`` writes nothing and fails, naming the files, if any would
change. The output is a pure function of the shipped catalog (the
``EKS_ADDONS_CATALOG`` override is never read), then formatted by ``ruff format``.

The schema is that of the add-on's newest version whose schema has ``properties`` (else of
its newest version: a builder with no options). Local ``$ref`` (``#/definitions/...``,
``#/$defs/...``, any ``#/`` pointer) are followed. Each property becomes one option:

- an object with ``properties`` -> a nested ``ConfigModel`` dataclass, named PascalCase from
  the shortest suffix of its path that is unique in the module (``Resources``,
  ``ControllerResources``); its ``required`` keys get ``option(..., required=True)`` (at the
  top level AWS's ``required`` is only said in the docstrings: an empty builder stays valid);
- **depth cap**: an object deeper than :data:`MAX_DEPTH` levels (``a.b.c.d``) is not a class
  but ``JsonObject()``, as is an object without ``properties`` (a free-form map; with
  ``string_values=True`` when its ``additionalProperties`` are strings);
- ``array`` -> ``JsonArray()``; ``boolean`` -> ``Boolean()``; ``number`` -> ``Number()``;
  ``integer`` -> ``Integer(minimum=..., maximum=...)`` with the schema's bounds;
- ``string``: ``format: boolean`` -> ``BoolString()``, ``format: integer`` -> ``IntString()``,
  an ``enum`` -> a ``StrEnum`` (members UPPER_SNAKE of the values, one class per key name and
  value set) and ``Choice(...)``, else ``Text()``;
- a union (``type`` a list of several, ``anyOf``, ``oneOf``) or no ``type`` -> ``AnyJson()``.
  ``"null"`` in a ``type`` list is dropped: a builder's ``None`` already means "not set".

Field names are snake_case of the keys (``camelCase`` -> ``camel_case``, ``UPPER_CASE`` ->
``upper_case``); a key that does not map (a keyword, a leading digit, a character other than a
letter, digit or ``_``, a collision, a name of the model such as ``extra`` or ``to_dict``)
takes its name from :data:`FIELD_NAMES`, and the generator refuses to run while one is
missing (or while an entry of an override table is unused). The other override tables:
:data:`CLASS_NAMES` (builders), :data:`TYPE_NAMES` (a nested class or enum whose name clashes)
and :data:`MEMBER_NAMES` (enum values). A key holding a ``.`` cannot be an option (``option``
splits keys on dots): it is left to ``extra`` and named in its class's docstring. Options are
sorted by key; each option's docstring gives the AWS key, its AWS type, the schema's
``description`` (cut near 300 characters) and AWS's ``default``.
"""

from __future__ import annotations

import json
import keyword
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from eks_addons.catalog.catalog import CATALOG_ENV, catalog_data
from eks_addons.catalog.versions import newest_first
from eks_addons.config.model import AddonConfig
from scripts import generated

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "eks_addons" / "config" / "generated"
OWNERS = frozenset({"aws", "community"})
HAND_WRITTEN = frozenset(
    {"vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver", "eks-pod-identity-agent"}
)
"""Add-ons with a hand-written builder in ``eks_addons/config``: not generated."""
MAX_DEPTH = 3
"""Objects at most this deep (``a.b.c``) become nested classes; deeper ones ``JsonObject()``."""

CLASS_NAMES: dict[str, str] = {
    "amazon-cloudwatch-observability": "CloudWatchObservabilityConfig",
    "amazon-sagemaker-hyperpod-inference": "SageMakerHyperPodInferenceConfig",
    "amazon-sagemaker-hyperpod-observability": "SageMakerHyperPodObservabilityConfig",
    "amazon-sagemaker-hyperpod-taskgovernance": "SageMakerHyperPodTaskGovernanceConfig",
    "amazon-sagemaker-hyperpod-training-operator": "SageMakerHyperPodTrainingOperatorConfig",
    "amazon-sagemaker-spaces": "SageMakerSpacesConfig",
    "aws-guardduty-agent": "GuardDutyAgentConfig",
    "aws-privateca-connector-for-kubernetes": "PrivateCaConnectorForKubernetesConfig",
}
"""Builder class names where PascalCase of the add-on's name (without ``aws-`` or ``amazon-``)
plus ``Config`` reads badly (``CloudwatchObservabilityConfig``)."""

FIELD_NAMES: dict[tuple[str, str], str] = {
    # a Python keyword (PEP 8: a trailing underscore)
    ("cert-manager", "global"): "global_",
    ("eks-node-monitoring-agent", "global"): "global_",
    # a "-" in the key
    ("amazon-sagemaker-spaces", "jupyter-k8s"): "jupyter_k8s",
    ("amazon-sagemaker-spaces", "jupyter-k8s-aws-hyperpod"): "jupyter_k8s_aws_hyperpod",
    ("aws-secrets-store-csi-driver-provider", "secrets-store-csi-driver"): (
        "secrets_store_csi_driver"
    ),
    ("eks-node-monitoring-agent", "nodeAgent.monitors.kernel-monitor"): "kernel_monitor",
    ("eks-node-monitoring-agent", "nodeAgent.monitors.storage-monitor"): "storage_monitor",
}
"""``(add-on, dotted key) -> field name`` for the keys whose snake_case is no usable name."""

TYPE_NAMES: dict[tuple[str, str], str] = {
    ("fluent-bit", "kind"): "WorkloadKind",  # Kind is the base of the option kinds
}
"""``(add-on, dotted path) -> class name`` of a nested part or an enum (an enum's path is the
first key it types) whose generated name clashes."""

MEMBER_NAMES: dict[tuple[str, str], str] = {}
"""``(add-on, enum value) -> member name`` for values whose UPPER_SNAKE is no identifier (none
today: every value of the catalog maps)."""

RESERVED_FIELDS = frozenset(
    {name for name in dir(AddonConfig) if not name.startswith("__")}
    | {"option", "str", "int", "bool", "float", "object", "self", "cls"}
)
"""Names a field must not take: the model's attributes (``extra``, ``options``, ``to_dict``,
...), and names the class body or its annotations use (``option``, ``str``, ...)."""

_TAKEN_CLASS_NAMES = frozenset(
    {"Any", "Mapping", "Sequence", "StrEnum", "AddonConfig", "ConfigModel", "Option"}
    | {"AnyJson", "Boolean", "BoolString", "Choice", "Integer", "IntString", "JsonArray"}
    | {"JsonObject", "Number", "Text", "Kind", "KindError", "Quantity", "IntOrPercent"}
)
"""Names a nested class or enum must not take: those a module imports, and the other names
of ``eks_addons.config.kinds`` and ``model`` (a ``Kind`` enum would read as the kind)."""
_PY_TYPES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "object": "Mapping[str, Any]",
    "array": "Sequence[Any]",
}
_DESCRIPTION_LIMIT = 300
_PUNCTUATION = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'"})
_PUNCTUATION.update(str.maketrans({"\u201c": '"', "\u201d": '"', "\u00a0": " "}))


class GeneratorError(Exception):
    """The catalog holds something the generator cannot turn into a builder."""


# -- the catalog --------------------------------------------------------------------------


@cache
def _shipped() -> dict[str, Any]:
    """Every add-on's data file of the shipped catalog (never the EKS_ADDONS_CATALOG one)."""
    return catalog_data(None)[1]


def generated_addons() -> list[str]:
    """The add-ons that get a generated builder, by name."""
    return sorted(
        name
        for name, data in _shipped().items()
        if data.get("info", {}).get("owner") in OWNERS and name not in HAND_WRITTEN
    )


def resolve(document: Mapping[str, Any], node: Any) -> Any:
    """``node`` with its local ``$ref`` followed (any ``#/`` JSON pointer); keywords beside
    the ``$ref`` (a ``description``, a ``default``) win over the referenced node's."""
    seen: list[str] = []
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#") or ref in seen:
            raise GeneratorError(f"$ref {ref!r} is not local, or loops")
        seen.append(ref)
        target: Any = document
        for part in ref[1:].split("/")[1:]:
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = {**target, **{key: value for key, value in node.items() if key != "$ref"}}
    return node


def newest_schema(addon: str) -> tuple[str, Mapping[str, Any]]:
    """``(version, schema)``: the newest version whose schema has properties, else the newest
    version with a schema."""
    data = _shipped()[addon]
    problems = data.get("schemaProblems", {})
    schemas = [
        (version, data["schemas"][schema_id])
        for version in newest_first(list(data["versions"]))
        if (schema_id := data["versions"][version]["schema"]) and schema_id not in problems
    ]
    if not schemas:
        raise GeneratorError(f"{addon}: no version has a usable schema")
    for version, document in schemas:
        if resolve(document, document).get("properties"):
            return version, document
    return schemas[0]


# -- names --------------------------------------------------------------------------------


def snake(key: str) -> str:
    """``camelCase`` -> ``camel_case``, ``UPPER_CASE`` -> ``upper_case``, ``ENIConfig`` ->
    ``eni_config``."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", key)
    return re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", words).lower()


def pascal(*keys: str) -> str:
    """PascalCase of keys: ``("controller", "podDisruptionBudget")`` ->
    ``ControllerPodDisruptionBudget``."""
    words = [word for key in keys for word in re.split(r"[^0-9A-Za-z]+", snake(key)) if word]
    return "".join(word[0].upper() + word[1:] for word in words)


def member_name(value: str) -> str:
    """UPPER_SNAKE of an enum value: ``upsert-only`` -> ``UPSERT_ONLY``."""
    return re.sub(r"[^0-9A-Za-z]+", "_", snake(value)).strip("_").upper()


def class_name(addon: str) -> str:
    """The builder's class name: ``aws-efs-csi-driver`` -> ``EfsCsiDriverConfig``."""
    if addon in CLASS_NAMES:
        return CLASS_NAMES[addon]
    return pascal(re.sub(r"^(aws|amazon)-", "", addon)) + "Config"


def _is_name(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name) and name.isascii()


# -- the model of one module --------------------------------------------------------------


@dataclass
class EnumSpec:
    """A ``StrEnum``: one per key name and value set of a module."""

    key: str
    values: tuple[str, ...]
    paths: list[tuple[str, ...]] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    name: str = ""


@dataclass
class OptionSpec:
    """One field of a builder or of a nested part."""

    path: tuple[str, ...]
    kind: str
    """The kind's class name; ``ConfigModel`` for a nested part."""
    args: str
    annotation: str
    required: bool
    doc: str
    part: PartSpec | None = None
    enum: EnumSpec | None = None
    name: str = ""

    @property
    def key(self) -> str:
        return self.path[-1]

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


@dataclass
class PartSpec:
    """A nested ``ConfigModel`` (or, at the empty path, the builder)."""

    path: tuple[str, ...]
    description: str
    options: list[OptionSpec]
    untyped: list[str]
    required: list[str]
    name: str = ""


@dataclass
class Module:
    """What one add-on's module holds, its names assigned."""

    addon: str
    version: str
    root: PartSpec
    parts: list[PartSpec]
    """Nested parts, each after the parts it holds (the order they are defined in)."""
    enums: list[EnumSpec]
    problems: list[str]


class _Walk:
    """One schema walked: its parts (depth first, each after those it holds) and enums."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.parts: list[PartSpec] = []
        self.enums: dict[tuple[str, tuple[str, ...]], EnumSpec] = {}

    def part(self, node: Mapping[str, Any], path: tuple[str, ...]) -> PartSpec:
        properties: Mapping[str, Any] = node.get("properties") or {}
        required = [key for key in node.get("required", []) if key in properties]
        options, untyped = [], []
        for key in sorted(properties):
            if "." in key or not key:
                untyped.append(key)
                continue
            child = resolve(self.document, properties[key])
            options.append(self.option(child, (*path, key), key in required))
        found = PartSpec(path, description(node), options, untyped, required)
        if path:
            self.parts.append(found)
        return found

    def option(self, node: Any, path: tuple[str, ...], demanded: bool) -> OptionSpec:
        """The option of the key at ``path``; ``demanded``: its object's ``required`` lists it
        (enforced in nested parts only, so that an empty builder stays valid)."""
        if not isinstance(node, Mapping):
            node = {}
        kind, args, annotation, aws_type = self.kind(node, path)
        found = OptionSpec(path, kind, args, annotation, demanded and len(path) > 1, "")
        if kind == "ConfigModel":
            found.part = self.part(node, path)
        elif kind == "Choice":
            values = _enum_values(node)
            found.enum = self.enums.setdefault((path[-1], values), EnumSpec(path[-1], values))
            found.enum.paths.append(path)
        found.doc = self.doc(node, found, aws_type, demanded)
        return found

    def kind(self, node: Mapping[str, Any], path: tuple[str, ...]) -> tuple[str, str, str, str]:
        """``(kind class, its arguments, the Python annotation, AWS's type for the docs)``."""
        types = _types(node)
        union = [node[key] for key in ("anyOf", "oneOf") if key in node]
        if not types and node.get("properties"):
            types = ["object"]
        if not types and _enum_values(node):
            types = ["string"]
        if len(types) != 1 or (union and "type" not in node):
            branches = types or [
                kind
                for branch in union
                for each in branch
                for kind in _types(resolve(self.document, each))
            ]
            branches = list(dict.fromkeys(branches))
            known = branches and all(kind in _PY_TYPES for kind in branches)
            annotation = " | ".join(_PY_TYPES[kind] for kind in branches) if known else "Any"
            return "AnyJson", "", annotation, " or ".join(branches) or "any JSON value"
        kind = types[0]
        if kind == "object":
            if node.get("properties") and len(path) <= MAX_DEPTH:
                return "ConfigModel", "", "", "object"
            strings = resolve(self.document, node.get("additionalProperties"))
            if isinstance(strings, Mapping) and _types(strings) == ["string"]:
                return "JsonObject", "string_values=True", "Mapping[str, str]", "object of strings"
            return "JsonObject", "", "Mapping[str, Any]", "object"
        if kind == "string":
            values = _enum_values(node)
            boolean = node.get("format") == "boolean"
            if boolean and (not values or set(values) <= {"true", "false"}):
                return "BoolString", "", "bool", "boolean string"
            if values:
                return "Choice", "", "", "string: " + " | ".join(values)
            if node.get("format") == "integer":
                return "IntString", "", "int", "integer string"
            return "Text", "", "str", "string"
        if kind == "integer":
            bounds = {b: node[b] for b in ("minimum", "maximum") if type(node.get(b)) is int}
            args = ", ".join(f"{bound}={value}" for bound, value in bounds.items())
            return "Integer", args, "int", "integer" + _range(bounds)
        simple = {"array": "JsonArray", "boolean": "Boolean", "number": "Number"}
        if kind in simple:
            return simple[kind], "", _PY_TYPES[kind], kind
        return "AnyJson", "", "Any", kind

    def doc(
        self, node: Mapping[str, Any], option: OptionSpec, aws_type: str, demanded: bool
    ) -> str:
        text = f"``{option.dotted}`` ({aws_type})"
        said = description(node)
        text += f": {said}" if said else "."
        if option.kind == "JsonObject" and node.get("properties"):
            text += f" A plain mapping here: its keys lie deeper than the {MAX_DEPTH} levels typed."
        if option.required:
            return text + f" Required by AWS when ``{'.'.join(option.path[:-1])}`` is set."
        if demanded:
            return text + " Required by AWS: omitted, AWS refuses the configuration."
        if "default" in node:
            return text + f" Omitted: AWS's default, {_default(node['default'])}."
        return text + " Omitted: not set."


def _types(node: Mapping[str, Any]) -> list[str]:
    """The JSON types a node declares, ``"null"`` left out."""
    declared = node.get("type")
    listed = [declared] if isinstance(declared, str) else list(declared or [])
    return [kind for kind in listed if kind != "null"]


def _enum_values(node: Mapping[str, Any]) -> tuple[str, ...]:
    """The string values of an enum (a ``null`` among them is the builder's ``None``)."""
    return tuple(value for value in node.get("enum", []) if isinstance(value, str))


def _range(bounds: Mapping[str, int]) -> str:
    if len(bounds) == 2:
        return f", {bounds['minimum']}-{bounds['maximum']}"
    if "minimum" in bounds:
        return f" >= {bounds['minimum']}"
    if "maximum" in bounds:
        return f" <= {bounds['maximum']}"
    return ""


def description(node: Mapping[str, Any]) -> str:
    """The node's ``description``, whitespace-normalised, cut near the limit, ending in a
    full stop; ``""`` without one."""
    said = node.get("description")
    if not isinstance(said, str):
        return ""
    text = " ".join(said.translate(_PUNCTUATION).split())
    if len(text) > _DESCRIPTION_LIMIT:
        cut = text[:_DESCRIPTION_LIMIT]
        sentence = cut.rfind(". ")
        if sentence >= _DESCRIPTION_LIMIT // 2:
            text = cut[: sentence + 1]
        else:
            text = cut[: cut.rfind(" ")].rstrip(",;:") + " ..."
    if text and not text.endswith((".", "!", "?")):
        text += "."
    return text


def _default(value: Any) -> str:
    """AWS's default as the docs show it: the JSON when short, else what it is."""
    text = json.dumps(value, ensure_ascii=False)
    if len(text) <= 60:
        return f"``{text}``"
    if isinstance(value, Mapping):
        keys = ", ".join(f"``{key}``" for key in value)
        return f"an object of {keys}" if len(keys) <= 60 else f"an object of {len(value)} keys"
    if isinstance(value, list):
        return f"a list of {len(value)} items"
    return f"a {type(value).__name__} of {len(text)} characters"


# -- assigning names ----------------------------------------------------------------------


def _assign_class_names(module: Module, builder: str) -> None:
    """Each part and enum: PascalCase of the shortest suffix of its path unique in the module
    (an enum's path is its first)."""
    items: list[PartSpec | EnumSpec] = [*module.enums, *module.parts]

    def path_of(item: PartSpec | EnumSpec) -> tuple[str, ...]:
        return item.paths[0] if isinstance(item, EnumSpec) else item.path

    fixed = {
        index: name
        for index, item in enumerate(items)
        if (name := TYPE_NAMES.get((module.addon, ".".join(path_of(item))))) is not None
    }
    length = dict.fromkeys(range(len(items)), 1)
    taken = _TAKEN_CLASS_NAMES | {builder}
    while True:
        names = [
            fixed.get(index) or pascal(*path_of(item)[-length[index] :])
            for index, item in enumerate(items)
        ]
        clashing = [
            index
            for index, name in enumerate(names)
            if names.count(name) > 1 or name in taken or not _is_name(name)
        ]
        longer = [
            index
            for index in clashing
            if index not in fixed and length[index] < len(path_of(items[index]))
        ]
        for index in longer:
            length[index] += 1
        if not longer:
            break
    for index, item in enumerate(items):
        item.name = names[index]
        if index in clashing:
            where = ".".join(path_of(item))
            module.problems.append(
                f"{module.addon}: {where!r} needs a class name in TYPE_NAMES ({names[index]!r} "
                "is taken)"
            )


def _assign_field_names(module: Module) -> None:
    for part in [*module.parts, module.root]:
        names = [snake(option.key) for option in part.options]
        for option, name in zip(part.options, names, strict=True):
            override = FIELD_NAMES.get((module.addon, option.dotted))
            if override is not None:
                option.name = override
            elif (
                _is_name(name)
                and name not in RESERVED_FIELDS
                and names.count(name) == 1
                and not name.startswith("_")
            ):
                option.name = name
            else:
                module.problems.append(
                    f"{module.addon}: {option.dotted!r} needs a name in FIELD_NAMES "
                    f"(its snake_case {name!r} is no usable field name)"
                )
        chosen = [option.name for option in part.options if option.name]
        if len(set(chosen)) != len(chosen):
            module.problems.append(f"{module.addon}: two fields named alike in {part.path}")


def _assign_member_names(module: Module) -> None:
    for enum in module.enums:
        names = [
            MEMBER_NAMES.get((module.addon, value), member_name(value)) for value in enum.values
        ]
        for value, name in zip(enum.values, names, strict=True):
            if not _is_name(name) or names.count(name) > 1 or name.startswith("_"):
                module.problems.append(
                    f"{module.addon}: enum value {value!r} needs a name in MEMBER_NAMES"
                )
        enum.members = names


def build(addon: str) -> Module:
    """The module of ``addon``, from its newest schema with properties (names assigned;
    ``problems`` says what needs an override)."""
    version, document = newest_schema(addon)
    walk = _Walk(document)
    root = walk.part(resolve(document, document), ())
    root.name = class_name(addon)
    module = Module(addon, version, root, walk.parts, list(walk.enums.values()), [])
    _assign_class_names(module, root.name)
    _assign_field_names(module)
    _assign_member_names(module)
    return module


def _flatten(part: PartSpec) -> Iterator[OptionSpec]:
    for option in part.options:
        yield option
        if option.part is not None:
            yield from _flatten(option.part)


def option_table(addon: str) -> dict[str, str]:
    """Dotted AWS key -> kind class name of every option the generator makes for ``addon``
    (``ConfigModel`` for a nested part), nested parts' options included."""
    return {option.dotted: option.kind for option in _flatten(build(addon).root)}


# -- rendering ----------------------------------------------------------------------------


def _docstring(paragraphs: list[str], indent: str) -> list[str]:
    """A docstring's lines, wrapped to the line length."""
    width = 100 - len(indent)
    escaped = [text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') for text in paragraphs]
    if len(escaped) == 1:
        lines = textwrap.wrap(f'"""{escaped[0]}"""', width, break_on_hyphens=False)
        return [indent + line for line in lines]
    lines = textwrap.wrap(f'"""{escaped[0]}', width, break_on_hyphens=False)
    for text in escaped[1:]:
        lines += ["", *textwrap.wrap(text, width, break_on_hyphens=False)]
    return [indent + line if line else "" for line in [*lines, '"""']]


def _annotation(option: OptionSpec) -> str:
    if option.part is not None:
        annotation = option.part.name
    elif option.enum is not None:
        annotation = f"{option.enum.name} | str"
    else:
        annotation = option.annotation
    if option.required or annotation == "Any":
        return annotation
    return f"{annotation} | None"


def _kind_code(option: OptionSpec) -> str:
    if option.part is not None:
        return option.part.name
    if option.enum is not None:
        return f"Choice({option.enum.name})"
    return f"{option.kind}({option.args})"


def _render_enum(enum: EnumSpec) -> list[str]:
    where = ", ".join(f"``{'.'.join(path)}``" for path in enum.paths)
    lines = [f"class {enum.name}(StrEnum):"]
    lines += _docstring([f"Values AWS's schema allows for {where}."], "    ")
    lines.append("")
    lines += [
        f"    {name} = {json.dumps(value)}"
        for name, value in zip(enum.members, enum.values, strict=True)
    ]
    return lines


def _render_part(part: PartSpec, paragraphs: list[str], base: str) -> list[str]:
    lines = ["@dataclass(frozen=True, kw_only=True, slots=True, repr=False)"]
    lines += [f"class {part.name}({base}):", *_docstring(paragraphs, "    ")]
    if part.options:
        lines.append("")
    for option in part.options:
        required = ", required=True" if option.required else ""
        code = f'option("{option.key}", {_kind_code(option)}{required})'
        lines.append(f"    {option.name}: {_annotation(option)} = {code}")
        lines += _docstring([option.doc], "    ")
    return lines


def _part_paragraphs(part: PartSpec) -> list[str]:
    where = ".".join(part.path)
    first = f"``{where}``: {part.description}" if part.description else f"The ``{where}`` object."
    return [first, *_untyped(part)]


def _untyped(part: PartSpec) -> list[str]:
    if not part.untyped:
        return []
    keys = ", ".join(f"``{key}``" for key in part.untyped)
    return [f"Not typed (a key holding a dot cannot be an option; set it through extra): {keys}."]


def _builder_paragraphs(module: Module) -> list[str]:
    paragraphs = [
        f"Configuration of ``{module.addon}``, generated from AWS's schema of {module.version}."
    ]
    said = module.root.description
    if said and said.rstrip(".").lower() != module.addon:
        paragraphs.append(said)
    if not module.root.options:
        paragraphs.append(
            f"AWS's schema of {module.version} takes no configuration (it defines no keys), "
            "so this builder has no options."
        )
    if module.root.required:
        keys = " and ".join(f"``{key}``" for key in module.root.required)
        paragraphs.append(f"AWS requires {keys}.")
    return paragraphs + _untyped(module.root)


def render(module: Module) -> str:
    """The source of the module (before ruff format)."""
    options = [option for part in [*module.parts, module.root] for option in part.options]
    kinds = {option.kind for option in options} - {"ConfigModel"}
    annotations = " ".join(_annotation(option) for option in options)
    typing = [name for name in ("Mapping", "Sequence") if re.search(rf"\b{name}\[", annotations)]
    header = (
        f"Generated by scripts/gen_builders.py from AWS's configuration schema of "
        f"{module.addon} {module.version}; do not edit by hand."
    )
    lines = [*_docstring([header], ""), "", "from __future__ import annotations", ""]
    if typing:
        lines.append(f"from collections.abc import {', '.join(typing)}")
    lines.append("from dataclasses import dataclass")
    if module.enums:
        lines.append("from enum import StrEnum")
    if re.search(r"\bAny\b", annotations):
        lines.append("from typing import Any")
    lines.append("")
    if kinds:
        names = ", ".join(sorted(kinds, key=str.lower))
        lines.append(f"from eks_addons.config.kinds import {names}")
    model = ["AddonConfig", *(["ConfigModel"] if module.parts else [])]
    model += ["option"] if options else []
    lines.append(f"from eks_addons.config.model import {', '.join(model)}")
    for enum in module.enums:
        lines += ["", "", *_render_enum(enum)]
    for part in module.parts:
        paragraphs = _part_paragraphs(part)
        lines += ["", "", *_render_part(part, paragraphs, "ConfigModel")]
    lines += ["", "", *_render_part(module.root, _builder_paragraphs(module), "AddonConfig")]
    return "\n".join(lines) + "\n"


def module_name(addon: str) -> str:
    return addon.replace("-", "_")


def render_init(modules: list[Module]) -> str:
    """The package's ``__init__``: the builders by add-on, each module imported on first use
    (importing all of them costs about half a second)."""
    lines = [
        *_docstring(
            [
                "Builders generated by scripts/gen_builders.py from AWS's configuration schemas "
                "of the AWS and community add-ons; do not edit by hand.",
                "One module per add-on (its name with ``-`` -> ``_``), imported on first use: "
                ":func:`builder_of` gives an add-on's builder, and each builder is importable "
                "from here (and from :mod:`eks_addons.config` and :mod:`eks_addons`) by name.",
            ],
            "",
        ),
        "",
        "from __future__ import annotations",
        "",
        "import importlib",
        "from typing import TYPE_CHECKING, Any",
        "",
        "if TYPE_CHECKING:",
    ]
    names = {module.addon: class_name(module.addon) for module in modules}
    for addon, name in names.items():
        lines.append(
            f"    from eks_addons.config.generated.{module_name(addon)} import {name} as {name}"
        )
    lines.append("    from eks_addons.config.model import AddonConfig")
    lines += ["", "BUILDER_MODULES: dict[str, tuple[str, str]] = {"]
    lines += [
        f'    "{addon}": ("{module_name(addon)}", "{name}"),' for addon, name in names.items()
    ]
    lines += [
        "}",
        '"""EKS add-on name -> the module and class of its generated builder."""',
        "",
        "_MODULE_OF = {name: module for module, name in BUILDER_MODULES.values()}",
        "",
        "",
        "def builder_of(addon: str) -> type[AddonConfig] | None:",
        '    """The generated builder of ``addon``, or ``None`` when it has none."""',
        "    found = BUILDER_MODULES.get(addon)",
        "    if found is None:",
        "        return None",
        "    builder: type[AddonConfig] = __getattr__(found[1])",
        "    return builder",
        "",
        "",
        "def __getattr__(name: str) -> Any:",
        "    module = _MODULE_OF.get(name)",
        "    if module is None:",
        '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
        '    return getattr(importlib.import_module(f"{__name__}.{module}"), name)',
        "",
        "",
    ]
    exported = ["BUILDER_MODULES", *sorted(names.values()), "builder_of"]  # as ruff sorts
    lines += ["__all__ = [", *(f'    "{name}",' for name in exported), "]"]
    return "\n".join(lines) + "\n"


def ruff_format(path: Path, source: str) -> str:
    """``source`` as ``ruff format`` writes it, with the project's settings."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(path), "-"],
        input=source,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise GeneratorError(f"ruff format failed on {path}: {result.stderr}")
    return result.stdout


def generate() -> dict[Path, str]:
    """Every generated file's path and text (raises :class:`GeneratorError` while an
    override is missing)."""
    modules = [build(addon) for addon in generated_addons()]
    problems = [problem for module in modules for problem in module.problems]
    used = {(m.addon, option.dotted) for m in modules for option in _flatten(m.root)}
    problems += [f"unused FIELD_NAMES entry {key}" for key in sorted(set(FIELD_NAMES) - used)]
    typed = {
        (module.addon, ".".join(path))
        for module in modules
        for path in [*(part.path for part in module.parts), *(e.paths[0] for e in module.enums)]
    }
    problems += [f"unused TYPE_NAMES entry {key}" for key in sorted(set(TYPE_NAMES) - typed)]
    valued = {
        (module.addon, value) for module in modules for e in module.enums for value in e.values
    }
    problems += [f"unused MEMBER_NAMES entry {key}" for key in sorted(set(MEMBER_NAMES) - valued)]
    named = {module.addon for module in modules}
    problems += [f"unused CLASS_NAMES entry {key}" for key in sorted(set(CLASS_NAMES) - named)]
    if problems:
        raise GeneratorError("\n".join(problems))
    files = {OUT / f"{module_name(module.addon)}.py": render(module) for module in modules}
    files[OUT / "__init__.py"] = render_init(modules)
    return {path: ruff_format(path, source) for path, source in sorted(files.items())}


def main(check: bool) -> int:
    os.environ.pop(CATALOG_ENV, None)  # the shipped catalog, whatever the caller's override
    try:
        files = generate()
    except GeneratorError as error:
        print(error, file=sys.stderr)
        return 2
    extra = [path for path in sorted(OUT.glob("*.py")) if path not in files]
    return generated.sync(files, extra, check=check, command="python -m scripts.gen_builders")


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
