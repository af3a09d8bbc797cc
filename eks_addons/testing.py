"""Helpers for testing your own stacks: synthesize to normalized JSON, read the add-ons back.

Works with either CDK and with any snapshot library (syrupy's ``JSONSnapshotExtension`` reads
the dicts as they are)::

    from eks_addons import testing

    def test_platform_stack(snapshot):
        stack = PlatformStack(testing.app(), "platform")
        assert testing.synth(stack) == snapshot
        assert testing.addons(stack)["aws_eks_addon.vpc_cni"].configuration == {...}
        assert testing.warnings(stack) == []

:func:`synth` runs the stack's validations as ``cdktf synth`` does, so a stack the CLI
refuses fails here too (:class:`SynthError`, listing every construct's problems at once);
:func:`problems` lists them without a synth; and :func:`warnings` includes what the
validations find (where the add-ons' pods can run). :func:`app`, :func:`synth` and
:func:`warnings` use the loaded CDK (:mod:`eks_addons.cdk`); :func:`normalize` and
:func:`addons` also read the JSON that ``cdktf synth`` or ``cdktn synth`` wrote, with no CDK.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from eks_addons.errors import WARNING_METADATA, Problem

if TYPE_CHECKING:
    from eks_addons.cdk import App, TerraformStack

_METADATA = "//"


def normalize(stack_json: Mapping[str, Any], *, provider_versions: bool = False) -> dict[str, Any]:
    """``stack_json`` without what varies between machines and CDK releases.

    Drops the ``//`` metadata (CDK version, construct paths), keeps only the file name of a
    local backend's path, and (unless ``provider_versions``) the version pins of
    ``required_providers``, whose sources are written out in full (``hashicorp/aws``), so
    one snapshot holds for cdktf and CDK Terrain and for every provider bindings release.
    """
    out: dict[str, Any] = _strip(stack_json)
    terraform = out.get("terraform", {})
    backend = terraform.get("backend", {}).get("local", {})
    if isinstance(backend.get("path"), str):
        backend["path"] = PurePath(backend["path"]).name
    if not provider_versions:
        for name, pin in terraform.get("required_providers", {}).items():
            source = pin.get("source", name)
            terraform["required_providers"][name] = {
                "source": source if "/" in source else f"hashicorp/{source}"
            }
    return out


def _strip(node: Any) -> Any:
    if isinstance(node, Mapping):
        return {key: _strip(value) for key, value in node.items() if key != _METADATA}
    if isinstance(node, list):
        return [_strip(item) for item in node]
    return node


def app(**options: Any) -> App:
    """A test app of the loaded CDK (its ``Testing.app``: stack traces off, a temporary
    output directory); ``options`` are ``Testing.app``'s."""
    from eks_addons.cdk import Testing  # noqa: PLC0415 (only here: the CDK starts jsii)

    return Testing.app(**options)


class SynthError(RuntimeError):
    """The stack's validations fail: ``cdktf synth`` / ``cdktn synth`` would refuse it.

    ``errors`` lists each validation error as the CLI prints it (``[path] message``).
    """

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("the stack's validations fail:\n" + "\n".join(errors))


def synth(stack: TerraformStack, *, provider_versions: bool = False) -> dict[str, Any]:
    """The stack's Terraform JSON, synthesized with its validations (as the CLI runs them)
    and :func:`normalize`\\ d; :class:`SynthError` when they fail."""
    from eks_addons.cdk import Testing  # noqa: PLC0415 (only here: the CDK starts jsii)

    errors = _check(stack)
    if errors:
        raise SynthError([f"[{stack.node.path}] {error}" for error in errors])
    try:
        synthesized = Testing.synth(stack, run_validations=True)
    except RuntimeError as error:
        lines = str(error).splitlines()
        if not any("Validation failed" in line for line in lines[:1]):
            raise
        raise SynthError([line.strip() for line in lines[1:] if line.startswith("  [")]) from None
    return normalize(json.loads(synthesized), provider_versions=provider_versions)


@dataclass(frozen=True)
class SynthesizedAddon:
    """One ``aws_eks_addon`` as synthesized."""

    address: str
    """Its Terraform address, ``aws_eks_addon.<logical id>``."""
    name: str
    """``addon_name``."""
    cluster_name: str
    """``cluster_name`` (often a Terraform expression, ``${aws_eks_cluster.x.name}``)."""
    version: str | None
    """``addon_version``, or ``None`` when EKS picks its default."""
    configuration: dict[str, Any] | str | None
    """``configuration_values`` parsed; the string itself when it is not JSON (a Terraform
    expression); ``None`` when not managed."""
    arguments: dict[str, Any]
    """Every argument of the resource, as synthesized (without metadata)."""


def addons(stack: TerraformStack | Mapping[str, Any]) -> dict[str, SynthesizedAddon]:
    """The stack's add-ons by Terraform address; ``stack`` is a stack or its JSON."""
    stack_json = stack if isinstance(stack, Mapping) else synth(stack)
    found = {}
    for logical_id, body in stack_json.get("resource", {}).get("aws_eks_addon", {}).items():
        arguments = _strip(body)
        values = arguments.get("configuration_values")
        address = f"aws_eks_addon.{logical_id}"
        found[address] = SynthesizedAddon(
            address=address,
            name=arguments["addon_name"],
            cluster_name=arguments["cluster_name"],
            version=arguments.get("addon_version"),
            configuration=_parsed(values),
            arguments=arguments,
        )
    return found


def _parsed(values: str | None) -> dict[str, Any] | str | None:
    try:
        return None if values is None else dict(json.loads(values))
    except (ValueError, TypeError):
        return values


def _check(stack: TerraformStack) -> list[str]:
    """eks-addons' synth-time checks of ``stack`` (which ``cdktf synth`` runs for the whole
    app from one stack's validations): its errors; the warnings are recorded."""
    from eks_addons.addons.registry import registry_of  # noqa: PLC0415 (the CDK layer)

    return registry_of(stack).check([stack])


def problems(stack: TerraformStack) -> list[tuple[str, Problem]]:
    """Every problem the stack's own constructs hold, each with its construct's path, in tree
    order, without a synth (constructs do not raise on a problem); :func:`synth` and ``cdktf
    synth`` also list the problems of the app's other stacks."""
    from eks_addons.addons.refusal import refusals  # noqa: PLC0415 (the CDK layer)

    return list(refusals(stack))


def warnings(stack: TerraformStack) -> list[str]:
    """The synth warnings eks-addons records on the stack's constructs, in tree order, with
    those its validations find (which run here, as at synth)."""
    _check(stack)
    stack.node.validate()
    return [
        str(entry.data)
        for construct in stack.node.find_all()
        for entry in construct.node.metadata
        if entry.type == WARNING_METADATA
    ]
