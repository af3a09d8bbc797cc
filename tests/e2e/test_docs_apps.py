"""Every Python block of the README and the docs that is an app (it calls ``app.synth()``)
runs as ``main.py`` under the real ``cdktn synth`` (the CDK Terrain lane's CLI from npm, the
imports renamed as docs/cdk-terrain.md says), in a project directory of its own, as a reader
would copy it. The blocks also run as written on every lane (tests/constructs/
test_doc_examples.py); this lane pays the CLI and a provider bindings load per block in about
10 s, the hashicorp/aws 5.x bindings of cdktf in about 25 s."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from eks_addons.catalog import CATALOG_ENV
from scripts.example_project import for_cdk
from tests.helpers import ROOT, doc_blocks, lane_cdk, require

APPS = [
    pytest.param(code, id=where)
    for where, code in doc_blocks()
    if re.search(r"^\s*app\.synth\(\)", code, re.MULTILINE)
]


def test_the_apps_of_the_docs_are_found() -> None:
    pages = {str(app.id).split(":")[0] for app in APPS}
    assert {"README.md", "docs/index.md", "docs/migrating.md", "docs/fast-synth.md"} <= pages
    assert len(APPS) >= 7


@pytest.mark.parametrize("code", APPS)
def test_the_app_synthesizes_under_the_cdk_cli(code: str, tmp_path: Path) -> None:
    cdk = lane_cdk()
    cli = require(str(ROOT / "node_modules" / ".bin" / cdk))
    (tmp_path / "main.py").write_text(for_cdk(code, cdk))
    (tmp_path / "cdktf.json").write_text(
        json.dumps({"language": "python", "app": f"{sys.executable} main.py"})
    )
    result = subprocess.run(
        [cli, "synth", "--output", str(tmp_path / "out")],
        cwd=tmp_path,
        env={  # the shipped catalog, as a reader has it
            **{key: value for key, value in os.environ.items() if key != CATALOG_ENV},
            "CHECKPOINT_DISABLE": "1",
            "CI": "true",
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Generated Terraform code for the stacks" in result.stdout, result.stdout
    stacks = list((tmp_path / "out" / "stacks").glob("*/cdk.tf.json"))
    assert stacks, result.stdout
    # each stack as written (an Auto Mode cluster's may have no add-on: it needs none)
    assert all(json.loads(path.read_text())["resource"] for path in stacks)
