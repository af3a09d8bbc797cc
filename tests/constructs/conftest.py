"""Fixtures of the construct tier: a fresh stack with an AWS provider per test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cdktf import App, TerraformStack, Testing
from cdktf_cdktf_provider_aws.provider import AwsProvider


@pytest.fixture
def stack(tmp_path: Path) -> TerraformStack:
    app: App = Testing.app(outdir=str(tmp_path))
    stack = TerraformStack(app, "test")
    AwsProvider(stack, "aws", region="us-east-1")
    return stack


def synth(stack: TerraformStack) -> dict[str, Any]:
    """The stack's Terraform JSON, parsed."""
    result: dict[str, Any] = json.loads(Testing.synth(stack))
    return result


def resources(stack: TerraformStack, resource_type: str) -> dict[str, Any]:
    """The stack's resources of one type, by logical id, without cdktf's metadata."""
    found = synth(stack)["resource"][resource_type]
    return {
        name: {key: value for key, value in body.items() if key != "//"}
        for name, body in found.items()
    }


def assert_has_resource(stack: TerraformStack, resource_type: str, props: dict[str, Any]) -> None:
    """cdktf's ``to_have_resource_with_properties``, with a readable diff when it fails."""
    synthesized = Testing.synth(stack)
    if not Testing.to_have_resource_with_properties(synthesized, resource_type, props):
        candidates = list(resources(stack, resource_type).values())
        assert [props] == candidates


def warnings(stack: TerraformStack) -> list[str]:
    """The warning annotations the constructs of ``stack`` recorded."""
    return [
        str(entry.data)
        for construct in stack.node.find_all()
        for entry in construct.node.metadata
        if entry.type == "@cdktf/warn"
    ]
