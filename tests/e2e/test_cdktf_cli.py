"""The real ``cdktf synth`` (cdktf-cli from npm) on the sample app, as `make synth` runs it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.helpers import ROOT, normalized, read_stacks, require

SNAPSHOTS = ROOT / "tests" / "snapshots" / "__snapshots__" / "test_sample_app"


def test_cdktf_cli_synth_writes_the_reviewed_stacks(tmp_path: Path) -> None:
    cdktf = require(str(ROOT / "node_modules" / ".bin" / "cdktf"))
    require(str(ROOT / ".venv" / "bin" / "python"))
    env = dict(
        os.environ,
        CHECKPOINT_DISABLE="1",
        JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20",
        CI="true",  # no spinner
    )
    result = subprocess.run(
        [cdktf, "synth", "--output", str(tmp_path)],
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
    assert len(snapshots) == 3
    assert {name: normalized(body) for name, body in stacks.items()} == snapshots

    # the CLI's own check of what cdktf wrote
    cli = require(str(ROOT / ".venv" / "bin" / "eks-addons"))
    checked = subprocess.run(
        [cli, "validate", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "9 add-on(s) checked, 0 with problems" in checked.stdout
