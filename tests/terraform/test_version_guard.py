"""The declared Kubernetes version checked at plan: a precondition compares it with the
cluster's real version and fails ``terraform plan`` (offline, against the real provider)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from eks_addons import KubeProxyAddon
from eks_addons.cdk import (
    App,
    AwsProvider,
    EksCluster,
    EksClusterVpcConfig,
    TerraformStack,
    TerraformVariable,
)
from tests.helpers import init_workdir, require, terraform_env
from tests.stacks import ACCOUNT, synth


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A created cluster whose version is a variable, and kube-proxy declared for 1.33."""
    app = App(outdir=str(tmp_path_factory.mktemp("out")))
    stack = TerraformStack(app, "guard")
    AwsProvider(stack, "aws", region="us-east-1")
    version = TerraformVariable(stack, "kubernetes_version", type="string")
    cluster = EksCluster(
        stack,
        "cluster",
        name="demo",
        version=version.string_value,
        role_arn=f"{ACCOUNT}:role/eks",
        vpc_config=EksClusterVpcConfig(subnet_ids=["subnet-1", "subnet-2"]),
    )
    KubeProxyAddon(stack, "kube_proxy", cluster=cluster, kubernetes_version="1.33")
    terraform = require("terraform")
    return init_workdir(terraform, synth(stack), tmp_path_factory.mktemp("guard"))


def plan(workdir: Path, version: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            require("terraform"),
            "plan",
            "-input=false",
            "-no-color",
            "-var",
            f"kubernetes_version={version}",
        ],
        cwd=workdir,
        env=terraform_env(workdir),
        capture_output=True,
        text=True,
        check=False,
    )


def test_plan_fails_when_the_cluster_runs_another_version(
    workdir: Path, record_property: Any
) -> None:
    result = plan(workdir, "1.32")
    assert result.returncode == 1, result.stdout
    error = " ".join(result.stderr.split())
    assert "Resource precondition failed" in error
    assert (
        "kube-proxy: kubernetes_version 1.33 was given to eks-addons, but the cluster runs "
        "Kubernetes 1.32" in error
    )
    record_property("terraform", "plan guard: fails at plan when the cluster runs 1.32, not 1.33")


def test_plan_passes_when_the_versions_agree(workdir: Path) -> None:
    result = plan(workdir, "1.33")
    assert result.returncode == 0, result.stderr
    assert "Plan: 2 to add" in result.stdout
