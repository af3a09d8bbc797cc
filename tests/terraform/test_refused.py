"""A refused add-on written without validations (cdktf's ``Testing.synth`` runs none) fails
the real ``terraform plan`` with its problems: it is never applied without a word."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from eks_addons import VpcCniAddon
from eks_addons.cdk import App, AwsProvider, TerraformStack
from eks_addons.cdk import Testing as CdkTesting
from tests.helpers import init_workdir, require, terraform_env


def test_a_refused_addon_fails_terraform_plan(tmp_path: Path) -> None:
    stack = TerraformStack(App(outdir=str(tmp_path / "out")), "refused")
    AwsProvider(stack, "aws", region="us-east-1")
    VpcCniAddon(
        stack,
        "cni",
        cluster_name="demo",
        kubernetes_version="1.33",
        configuration={"env": {"WARM_IP_TARGET": 5}},
    )
    terraform = require("terraform")
    workdir = init_workdir(terraform, json.loads(CdkTesting.synth(stack)), tmp_path)
    result = subprocess.run(
        [terraform, "plan", "-input=false", "-no-color"],
        cwd=workdir,
        env=terraform_env(workdir),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout
    error = " ".join(result.stderr.split())
    assert "Resource precondition failed" in error
    assert "eks-addons refused it: refused/cni: vpc-cni add-on" in error
    assert "'env.WARM_IP_TARGET' must be an integer string (got 5)" in error
