"""Fixtures. Pure tests never touch these; jsii fixtures import cdktf lazily, once per process."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import FIXTURE_CATALOG, ROOT, read_stacks

# Every test (and every process a test starts) reads the frozen fixture catalog, so that a
# routine refresh of the shipped data changes no test; tests/unit/test_catalog.py checks the
# shipped data itself.
os.environ["EKS_ADDONS_CATALOG"] = str(FIXTURE_CATALOG)
os.environ.setdefault("CHECKPOINT_DISABLE", "1")
# Node.js 22 from package.json, for jsii and the CDK CLIs, when pytest runs without make.
_NODE_BIN = ROOT / "node_modules" / ".bin"
if (_NODE_BIN / "node").is_file() and str(_NODE_BIN) not in os.environ["PATH"].split(os.pathsep):
    os.environ["PATH"] = f"{_NODE_BIN}{os.pathsep}{os.environ['PATH']}"


@pytest.fixture(scope="session")
def sample_outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample app synthesized in this process (run from the repo root, like cdktf)."""
    from eks_addons.cdk import App
    from sample_app.stacks import build_app

    outdir = tmp_path_factory.mktemp("cdktf.out")
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        build_app(App(outdir=str(outdir))).synth()
    finally:
        os.chdir(cwd)
    return outdir


@pytest.fixture
def stack(tmp_path: Path) -> Any:
    """A fresh stack with an AWS provider, in an app of its own."""
    from eks_addons.cdk import App, AwsProvider, TerraformStack, Testing

    app: App = Testing.app(outdir=str(tmp_path))
    stack = TerraformStack(app, "test")
    AwsProvider(stack, "aws", region="us-east-1")
    return stack


@pytest.fixture(scope="session")
def sample_stacks(sample_outdir: Path) -> dict[str, dict[str, Any]]:
    """Each stack of the sample app, parsed."""
    return read_stacks(sample_outdir)


_GROUPS = {  # two jsii groups: each loads the kernel once, and the two workers share them
    "constructs": "jsii",
    "snapshots": "jsii",
    "terraform": "jsii-terraform",
    "parity": "jsii-terraform",
    "e2e": "cli",
    "deploy": "deploy",
}
_JSII_FILES = {"adversarial/test_constructs.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep each group of in-process jsii tests on one xdist worker, so that the kernel and
    the bindings load once per group (a group's module fixtures are built once)."""
    for item in items:
        relative = Path(str(item.path)).relative_to(ROOT / "tests")
        group = "jsii" if relative.as_posix() in _JSII_FILES else _GROUPS.get(relative.parts[0])
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


_TERRAFORM_LINES: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Collect what the Terraform tier checked (works across xdist workers)."""
    if report.when == "call" and report.passed:
        _TERRAFORM_LINES.extend(str(v) for k, v in report.user_properties if k == "terraform")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Show that the Terraform tier ran, and what it checked."""
    terminalreporter.section("terraform tier")
    if not _TERRAFORM_LINES:
        terminalreporter.write_line("did not run")
    for line in sorted(_TERRAFORM_LINES):
        terminalreporter.write_line(line)
