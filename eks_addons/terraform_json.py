"""Reading ``aws_eks_addon`` resources from Terraform JSON and plans (pure Python).

Reads a synthesized ``cdk.tf.json`` (or a ``cdktf.out`` directory), a hand-written
``*.tf.json``, or ``terraform show -json`` plan output. Input that cannot be read raises
:class:`UnusableInputError` with one sentence saying why; it never raises anything else.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class UnusableInputError(ValueError):
    """The input is not Terraform JSON or a plan that can be read."""


@dataclass(frozen=True)
class FoundAddon:
    """An ``aws_eks_addon`` read from Terraform JSON: its arguments as written."""

    where: str
    body: Mapping[str, Any]
    kubernetes_version: object
    """The Kubernetes version of its cluster, when the same document declares it."""

    def argument(self, name: str) -> object:
        """The argument ``name`` as written (``None`` when absent)."""
        return self.body.get(name)


_HCL_STARTS = ("resource ", "terraform ", "provider ", "variable ", "module ", "data ", "locals ")


def _objects(value: Any) -> Iterator[Mapping[str, Any]]:
    """Terraform JSON allows a block to be an object or an array of objects."""
    if isinstance(value, Mapping):
        yield value
    elif isinstance(value, list):
        yield from (item for item in value if isinstance(item, Mapping))


def _blocks(document: Mapping[str, Any], kind: str, type_: str) -> Iterator[tuple[str, Any]]:
    """``(name, body)`` of every ``kind`` block of ``type_`` (``resource`` ``aws_eks_addon``)."""
    for section in _objects(document.get(kind)):
        for of_type in _objects(section.get(type_)):
            for name, bodies in of_type.items():
                for body in _objects(bodies):
                    yield str(name), body


def _from_config_json(document: Mapping[str, Any], source: str) -> Iterator[FoundAddon]:
    versions = {
        f"${{aws_eks_cluster.{name}.name}}": body.get("version")
        for name, body in _blocks(document, "resource", "aws_eks_cluster")
    }
    for name, body in _blocks(document, "resource", "aws_eks_addon"):
        cluster = body.get("cluster_name")
        yield FoundAddon(
            f"{source}: aws_eks_addon.{name}",
            body,
            versions.get(cluster) if isinstance(cluster, str) else None,
        )


def _from_plan(document: Mapping[str, Any], source: str) -> Iterator[FoundAddon]:
    changes = [change for change in _objects(document.get("resource_changes")) if change]

    def after(change: Mapping[str, Any]) -> Mapping[str, Any]:
        detail = change.get("change")
        state = detail.get("after") if isinstance(detail, Mapping) else None
        return state if isinstance(state, Mapping) else {}

    clusters = [after(c).get("version") for c in changes if c.get("type") == "aws_eks_cluster"]
    kubernetes = clusters[0] if len(clusters) == 1 else None
    for change in changes:
        if change.get("type") == "aws_eks_addon" and after(change):
            yield FoundAddon(f"{source}: {change.get('address')}", after(change), kubernetes)


def read_document(file: Path) -> Mapping[str, Any]:
    """One file's JSON object; :class:`UnusableInputError` with the reason otherwise."""
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise UnusableInputError(f"{file}: cannot be read ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark is fine
    except UnicodeDecodeError:
        raise UnusableInputError(f"{file}: not UTF-8 text (a binary file?)") from None
    if not text.strip():
        raise UnusableInputError(f"{file}: empty")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        hint = ""
        if text.lstrip().startswith(_HCL_STARTS):
            hint = " (HCL is not read: give a *.tf.json file or `terraform show -json` output)"
        raise UnusableInputError(
            f"{file}: not JSON (line {error.lineno}, column {error.colno}: {error.msg}){hint}"
        ) from None
    except RecursionError:
        raise UnusableInputError(f"{file}: JSON nested too deeply to read") from None
    if not isinstance(document, Mapping):
        raise UnusableInputError(
            f"{file}: not Terraform JSON or a plan (the top level is "
            f"{type(document).__name__ if document is not None else 'null'}, not an object)"
        )
    return document


def find_addons(path: Path) -> list[FoundAddon]:
    """Every ``aws_eks_addon`` in a Terraform JSON file, a plan, or a directory of them."""
    if path.is_dir():
        files = sorted(path.rglob("*.tf.json"))
        if not files:
            raise UnusableInputError(f"{path}: no *.tf.json files in this directory")
    elif path.exists():
        files = [path]
    else:
        raise UnusableInputError(f"{path}: no such file or directory")
    found: list[FoundAddon] = []
    for file in files:
        document = read_document(file)
        reader = _from_plan if "resource_changes" in document else _from_config_json
        found.extend(reader(document, str(file)))
    return found
