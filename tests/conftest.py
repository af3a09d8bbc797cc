"""Fixtures. Pure tests never touch these; jsii fixtures import cdktf lazily, once per process."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT, read_stacks

os.environ.setdefault("CHECKPOINT_DISABLE", "1")
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")


@pytest.fixture(scope="session")
def sample_outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample app synthesized in this process (run from the repo root, like cdktf)."""
    from cdktf import App

    from sample_app.stacks import build_app

    outdir = tmp_path_factory.mktemp("cdktf.out")
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        build_app(App(outdir=str(outdir))).synth()
    finally:
        os.chdir(cwd)
    return outdir


@pytest.fixture(scope="session")
def sample_stacks(sample_outdir: Path) -> dict[str, dict[str, Any]]:
    """Each stack of the sample app, parsed."""
    return read_stacks(sample_outdir)
