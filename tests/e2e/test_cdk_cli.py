"""The real ``cdktf synth`` / ``cdktn synth`` (the lane's CLI from npm) on the sample app, as
`make synth` runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from eks_addons.testing import normalize
from sample_app.stacks import STACKS
from tests.helpers import ROOT, lane_cdk, read_stacks, require

SNAPSHOTS = ROOT / "tests" / "snapshots" / "__snapshots__" / "test_sample_app"


def test_cdk_cli_synth_writes_the_reviewed_stacks(tmp_path: Path) -> None:
    cli = require(str(ROOT / "node_modules" / ".bin" / lane_cdk()))
    env = dict(os.environ, CHECKPOINT_DISABLE="1", CI="true")  # CI: no spinner
    result = subprocess.run(
        [cli, "synth", "--app", f"{sys.executable} main.py", "--output", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Generated Terraform code for the stacks" in result.stdout

    stacks = read_stacks(tmp_path)
    snapshots = {
        path.name.removeprefix("test_stack_matches_snapshot[").removesuffix("].json"): json.loads(
            path.read_text()
        )
        for path in SNAPSHOTS.glob("*.json")
    }
    assert len(snapshots) == len(STACKS) == 5
    assert {name: normalize(body) for name, body in stacks.items()} == snapshots

    # the eks-addons CLI's own check of what the CDK wrote
    eks_addons = require(str(Path(sys.executable).parent / "eks-addons"))
    checked = subprocess.run(
        [eks_addons, "validate", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "19 add-on(s) checked, 0 with problems" in checked.stdout
