"""The example project of docs/testing.md passes its own tests on this lane's CDK."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scripts.example_project import for_cdk, prepare
from tests.helpers import lane_cdk


def test_example_project_is_renamed_only_in_its_imports(tmp_path: Path) -> None:
    project = prepare(tmp_path / "project", "cdktn")
    stack = (project / "platform_stack.py").read_text()
    assert "from cdktn import App, TerraformStack" in stack
    assert "cdktf" not in stack
    # it needs no provider bindings; an app that has them renames them too
    assert "provider_aws" not in stack
    assert for_cdk("from cdktf_cdktf_provider_aws.provider import AwsProvider\n", "cdktn") == (
        "from cdktn_provider_aws.provider import AwsProvider\n"
    )


def test_example_project_passes_its_own_tests(tmp_path: Path) -> None:
    project = prepare(tmp_path / "project", lane_cdk())
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", "."],
        cwd=project,
        # a pytest of its own, not an xdist worker (whose syrupy would not report)
        env={key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout
    assert "1 snapshot passed" in result.stdout
