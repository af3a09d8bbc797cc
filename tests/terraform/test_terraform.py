"""Real Terraform on every stack of the sample app: init, validate, and an offline plan.

``terraform init`` uses the local provider mirror when this machine has one, else the
registry. ``plan`` runs offline with dummy credentials, for the stacks that read no data
source (a data source needs AWS at plan time); the plan's ``configuration_values`` are parsed
back and compared with the builders' output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from eks_addons.config import AddonConfig
from sample_app.configs import (
    PLATFORM_CERT_MANAGER,
    PLATFORM_CLOUDWATCH,
    PLATFORM_EBS_CSI,
    PLATFORM_EFS_CSI,
    PLATFORM_EXTERNAL_DNS,
    PLATFORM_METRICS_SERVER,
    PLATFORM_SNAPSHOT_CONTROLLER,
    SAMPLE_EBS_CSI,
    SEED_COREDNS,
    SEED_VPC_CNI,
)
from sample_app.stacks import (
    AUTO_MODE_CLUSTER_STACK,
    FARGATE_CLUSTER_STACK,
    NEW_CLUSTER_STACK,
    PLATFORM_CLUSTER_STACK,
    STACKS,
)
from tests.helpers import PIN_FILE, init_workdir, require, run, terraform_env

PLANNED = [
    NEW_CLUSTER_STACK,
    FARGATE_CLUSTER_STACK,
    AUTO_MODE_CLUSTER_STACK,
    PLATFORM_CLUSTER_STACK,
]
# per planned stack: add-on name -> the builder its configuration_values must equal
EXPECTED_CONFIGURATION: dict[str, dict[str, AddonConfig | None]] = {
    NEW_CLUSTER_STACK: {
        "vpc-cni": SEED_VPC_CNI,
        "coredns": SEED_COREDNS,
        "kube-proxy": None,
        "aws-ebs-csi-driver": SAMPLE_EBS_CSI,
    },
    FARGATE_CLUSTER_STACK: {"coredns": SEED_COREDNS},
    AUTO_MODE_CLUSTER_STACK: {},  # Auto Mode builds the default add-ons in
    PLATFORM_CLUSTER_STACK: {
        "vpc-cni": SEED_VPC_CNI,
        "coredns": None,
        "kube-proxy": None,
        "eks-pod-identity-agent": None,
        "aws-ebs-csi-driver": PLATFORM_EBS_CSI,
        "aws-efs-csi-driver": PLATFORM_EFS_CSI,
        "amazon-cloudwatch-observability": PLATFORM_CLOUDWATCH,
        "metrics-server": PLATFORM_METRICS_SERVER,
        "cert-manager": PLATFORM_CERT_MANAGER,
        "external-dns": PLATFORM_EXTERNAL_DNS,
        "snapshot-controller": PLATFORM_SNAPSHOT_CONTROLLER,
    },
}
# per planned stack: (resource type, depends on resource type), as `terraform graph` shows
EXPECTED_ORDER: dict[str, list[tuple[str, str]]] = {
    NEW_CLUSTER_STACK: [
        ("aws_eks_node_group.nodes", "aws_eks_addon.addons_vpc_cni"),
        ("aws_eks_addon.addons_coredns", "aws_eks_fargate_profile.fargate_profile"),
        ("aws_eks_addon.addons_vpc_cni", "aws_iam_role_policy_attachment.addons_vpc_cni"),
        ("aws_eks_addon.ebs_csi", "aws_eks_node_group.nodes"),
    ],
    FARGATE_CLUSTER_STACK: [
        ("aws_eks_addon.addons_coredns", "aws_eks_fargate_profile.fargate_profile"),
    ],
    AUTO_MODE_CLUSTER_STACK: [],
    PLATFORM_CLUSTER_STACK: [
        ("aws_eks_node_group.nodes", "aws_eks_addon.addons_vpc_cni"),
        *(
            (f"aws_eks_addon.addons_{name}", "aws_eks_node_group.nodes")
            for name in ("coredns", "eks_pod_identity_agent", "metrics_server", "cert_manager")
        ),
        *(
            (f"aws_eks_addon.addons_{name}", "aws_eks_addon.addons_eks_pod_identity_agent")
            for name in (
                "aws_ebs_csi_driver",
                "aws_efs_csi_driver",
                "amazon_cloudwatch_observability",
                "external_dns",
            )
        ),
    ],
}
VARIABLES = ["-var", 'subnet_ids=["subnet-0aaaaaaaaaaaaaaaa","subnet-0bbbbbbbbbbbbbbbb"]']


@pytest.fixture(scope="module")
def workdirs(sample_outdir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each stack copied to its own directory and initialized."""
    terraform = require("terraform")
    dirs = {}
    for stack in STACKS:
        stack_json = json.loads((sample_outdir / "stacks" / stack / "cdk.tf.json").read_text())
        dirs[stack] = init_workdir(terraform, stack_json, tmp_path_factory.mktemp(stack))
    return dirs


# Data sources the provider answers from its own configuration, with no call to AWS.
OFFLINE_DATA_SOURCES = {"aws_partition"}


def has_data_source(stack_json: dict[str, Any]) -> bool:
    """Whether the stack reads a data source that needs AWS at plan time."""
    return bool(set(stack_json.get("data", {})) - OFFLINE_DATA_SOURCES)


def test_planned_stacks_are_exactly_those_without_data_sources(
    sample_stacks: dict[str, dict[str, Any]],
) -> None:
    assert [name for name in STACKS if not has_data_source(sample_stacks[name])] == PLANNED


@pytest.mark.parametrize("stack", STACKS)
def test_terraform_validate(stack: str, workdirs: dict[str, Path], record_property: Any) -> None:
    workdir = workdirs[stack]
    out = run(
        [require("terraform"), "validate", "-json", "-no-color"], workdir, terraform_env(workdir)
    )
    result = json.loads(out)
    assert result["valid"] is True, result["diagnostics"]
    assert result["error_count"] == 0
    lock = (workdir / ".terraform.lock.hcl").read_text()
    provider = re.search(
        r'provider "registry.terraform.io/hashicorp/aws" {\s*version\s*=\s*"([^"]+)"', lock
    )
    assert provider is not None, lock
    record_property(
        "terraform",
        f"validate {stack}: valid, {result['warning_count']} warnings "
        f"(hashicorp/aws {provider[1]}{', mirror pin' if (workdir / PIN_FILE).exists() else ''})",
    )


@pytest.mark.parametrize("stack", PLANNED)
def test_terraform_plan_matches_builders(
    stack: str, workdirs: dict[str, Path], record_property: Any
) -> None:
    workdir = workdirs[stack]
    terraform = require("terraform")
    env = terraform_env(workdir)
    run(
        [terraform, "plan", "-input=false", "-no-color", "-out=plan.bin", *VARIABLES],
        workdir,
        env,
    )
    plan = json.loads(run([terraform, "show", "-json", "plan.bin"], workdir, env))
    changes = plan["resource_changes"]
    assert {change["change"]["actions"][0] for change in changes} == {"create"}

    planned = {
        change["change"]["after"]["addon_name"]: change["change"]["after"].get(
            "configuration_values"
        )
        for change in changes
        if change["type"] == "aws_eks_addon"
    }
    expected = EXPECTED_CONFIGURATION[stack]
    assert set(planned) == set(expected)
    for name, config in expected.items():
        if config is None:
            assert planned[name] is None, name
        else:
            assert json.loads(planned[name]) == config.to_dict(), name
    record_property(
        "terraform",
        f"plan {stack}: {len(changes)} to add, {len(planned)} add-ons match their builders",
    )


def graph_edges(dot: str) -> set[tuple[str, str]]:
    """``(from, to)`` resource addresses of a ``terraform graph`` DOT output."""
    edges = set()
    for line in dot.splitlines():
        found = re.findall(r'"(?:\[root\] )?([\w.]+?)(?: \(expand\))?"', line)
        if "->" in line and len(found) == 2:
            edges.add((found[0], found[1]))
    return edges


def reaches(edges: set[tuple[str, str]], start: str, goal: str) -> bool:
    """Whether a resource whose address starts with ``start`` depends on one like ``goal``."""
    frontier = [a for a, _ in edges if a.startswith(start)]
    seen: set[str] = set()
    while frontier:
        node = frontier.pop()
        if node.startswith(goal):
            return True
        if node not in seen:
            seen.add(node)
            frontier += [b for a, b in edges if a == node]
    return False


@pytest.mark.parametrize("stack", PLANNED)
def test_terraform_graph_orders_addons_with_compute(
    stack: str, workdirs: dict[str, Path], record_property: Any
) -> None:
    workdir = workdirs[stack]
    dot = run([require("terraform"), "graph"], workdir, terraform_env(workdir))
    edges = graph_edges(dot)
    assert edges, dot
    for before, after in EXPECTED_ORDER[stack]:
        assert reaches(edges, before, after), f"{before} does not depend on {after}"
    kube_proxy = any("kube_proxy" in a for a, _ in edges)
    assert kube_proxy is (stack in {NEW_CLUSTER_STACK, PLATFORM_CLUSTER_STACK})
    record_property(
        "terraform", f"graph {stack}: {len(EXPECTED_ORDER[stack])} ordering edges as intended"
    )
