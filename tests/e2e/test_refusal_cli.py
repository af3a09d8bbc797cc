"""The real ``cdktf synth`` / ``cdktn synth`` on an app with problems in several constructs
and stacks: it fails once, listing every problem with its construct's path."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT, lane_cdk, require

APP = """
from eks_addons import AwsProvider, CoreDnsAddon, VpcCniAddon
from eks_addons.cdk import App, TerraformStack

app = App()
for name in ("first", "second"):
    stack = TerraformStack(app, name)
    AwsProvider(stack, "aws", region="eu-west-1")
    VpcCniAddon(stack, "cni", cluster_name="demo", kubernetes_version="1.33",
                configuration={"env": {"WARM_IP_TARGET": 5}, "enviroment": {}})
    CoreDnsAddon(stack, "dns", cluster_name="demo", addon_version="1.2")
app.synth()
"""


def test_the_cli_lists_every_problem_of_the_app(tmp_path: Path) -> None:
    cli = require(str(ROOT / "node_modules" / ".bin" / lane_cdk()))
    (tmp_path / "main.py").write_text(APP)
    (tmp_path / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}')
    result = subprocess.run(
        [cli, "synth", "--app", f"{sys.executable} main.py", "--output", str(tmp_path / "out")],
        cwd=tmp_path,
        env=dict(os.environ, CHECKPOINT_DISABLE="1", CI="true", PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Validation failed with the following errors:" in output
    # the error's first print (jsii's chained exceptions repeat it)
    block = output.split("Validation failed with the following errors:")[1].splitlines()[1:]
    lines = list(itertools.takewhile(lambda line: line.startswith("["), map(str.strip, block)))
    assert [line.split(": ")[0] for line in lines] == [
        "[first] second/cni",
        "[first] second/cni",
        "[first] second/dns",
        "[first/cni] vpc-cni add-on v1.22.4-eksbuild.3",
        "[first/cni] vpc-cni add-on v1.22.4-eksbuild.3",
        "[first/dns] coredns add-on 1.2",
    ], output
