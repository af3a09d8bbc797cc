"""Fixtures of the construct tier: a fresh stack with an AWS provider per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from cdktf import App, TerraformStack, Testing
from cdktf_cdktf_provider_aws.provider import AwsProvider


@pytest.fixture
def stack(tmp_path: Path) -> TerraformStack:
    app: App = Testing.app(outdir=str(tmp_path))
    stack = TerraformStack(app, "test")
    AwsProvider(stack, "aws", region="us-east-1")
    return stack
