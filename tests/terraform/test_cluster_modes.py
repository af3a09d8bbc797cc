"""Hybrid nodes and IPv6 clusters, beside the sample's Auto Mode, bare and Fargate stacks:
each synthesized (snapshot), validated and planned offline against the real provider."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension

from eks_addons import ClusterAddons, Irsa
from eks_addons.cdk import App, AwsProvider, IamOpenidConnectProvider, TerraformStack
from eks_addons.testing import normalize
from tests.helpers import init_workdir, require, run, terraform_env
from tests.stacks import HYBRID_NODES, make_cluster, make_node_group, synth

MODES: dict[str, dict[str, Any]] = {
    "hybrid-nodes": HYBRID_NODES,
    "ipv6": {"kubernetes_network_config": {"ip_family": "ipv6"}},
}
# per mode: the add-ons installed, and the IAM policies attached to the VPC CNI's role
EXPECTED = {
    "hybrid-nodes": (["coredns", "kube-proxy"], []),
    "ipv6": (["coredns", "kube-proxy", "vpc-cni"], ["custom IPv6 policy"]),
}


def build(app: App, mode: str) -> TerraformStack:
    stack = TerraformStack(app, mode)
    AwsProvider(stack, "aws", region="us-east-1")
    cluster = make_cluster(stack, **MODES[mode])
    oidc = IamOpenidConnectProvider(
        stack,
        "oidc",
        url=cluster.identity.get(0).oidc.get(0).issuer,
        client_id_list=["sts.amazonaws.com"],
    )
    node_groups = [] if mode == "hybrid-nodes" else [make_node_group(stack, cluster.name)]
    ClusterAddons(
        stack, "addons", cluster=cluster, node_groups=node_groups, vpc_cni={"iam": Irsa(oidc)}
    )
    return stack


@pytest.fixture(scope="module")
def stacks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    app = App(outdir=str(tmp_path_factory.mktemp("modes")))
    return {mode: synth(build(app, mode)) for mode in MODES}


@pytest.mark.parametrize("mode", MODES)
def test_mode_matches_snapshot(
    mode: str, stacks: dict[str, dict[str, Any]], snapshot: SnapshotAssertion
) -> None:
    assert normalize(stacks[mode]) == snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("mode", MODES)
def test_mode_validates_and_plans_offline(
    mode: str,
    stacks: dict[str, dict[str, Any]],
    tmp_path: Path,
    record_property: Any,
) -> None:
    terraform = require("terraform")
    workdir = init_workdir(terraform, stacks[mode], tmp_path)
    env = terraform_env(workdir)
    valid = json.loads(run([terraform, "validate", "-json", "-no-color"], workdir, env))
    assert valid["valid"] is True, valid["diagnostics"]
    run([terraform, "plan", "-input=false", "-no-color", "-out=plan.bin"], workdir, env)
    plan = json.loads(run([terraform, "show", "-json", "plan.bin"], workdir, env))
    after = [change["change"]["after"] for change in plan["resource_changes"]]
    addons = sorted(a["addon_name"] for a in after if "addon_name" in a)
    policies = ["custom IPv6 policy" for a in after if "AssignIpv6Addresses" in a.get("policy", "")]
    assert (addons, policies) == EXPECTED[mode]
    record_property("terraform", f"plan {mode}: valid, {len(after)} to add, add-ons {addons}")
