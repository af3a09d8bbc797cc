"""The fast path: an add-ons-only app synthesizes without importing the provider bindings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

APP = """
import json, sys
from eks_addons.cdk import App, PROVIDER_MODULE
from sample_app.addons_only import ExistingClusterAddons

app = App(outdir=sys.argv[1])
ExistingClusterAddons(
    app, "addons", cluster_name="demo", region="eu-west-1", kubernetes_version="1.33"
)
app.synth()
print(json.dumps(sorted(m for m in sys.modules if m.partition(".")[0] == PROVIDER_MODULE)))
"""


def test_an_addons_only_app_imports_no_provider_bindings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", APP, str(tmp_path)],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []
    stack = json.loads((tmp_path / "stacks" / "addons" / "cdk.tf.json").read_text())
    assert sorted(stack["resource"]["aws_eks_addon"]) == ["coredns", "kube_proxy", "vpc_cni"]
    assert stack["data"]["aws_eks_cluster"]["cluster"]["name"] == "demo"
    assert stack["provider"]["aws"] == [{"region": "eu-west-1"}]
