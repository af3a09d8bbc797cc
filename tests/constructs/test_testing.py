"""``eks_addons.testing`` gives the answers ``cdktf synth`` gives: it refuses what the CLI
refuses, and its warnings include what the synth-time checks find."""

from __future__ import annotations

import pytest

from eks_addons import KubeProxyAddon, testing
from eks_addons.cdk import TerraformStack
from tests.stacks import coredns, make_cluster, make_node_group


def test_synth_refuses_what_the_cdk_cli_refuses(stack: TerraformStack) -> None:
    cluster = make_cluster(stack, bootstrap_self_managed_addons=False)
    make_node_group(stack, cluster.name)
    KubeProxyAddon(stack, "kube_proxy", cluster=cluster)
    with pytest.raises(testing.SynthError) as raised:
        testing.synth(stack)
    [error] = raised.value.errors
    assert error.startswith("[test] test/cluster: the cluster is created with")
    assert "declares no vpc-cni, coredns for it" in error


def test_warnings_include_where_the_pods_cannot_run(stack: TerraformStack) -> None:
    coredns(stack, {"computeType": "Fargate"})
    [warning] = testing.warnings(stack)
    assert warning.startswith("coredns 'computeType': its pods run on Fargate")
    assert warning.endswith("[nowhere-to-run]")
    assert testing.warnings(stack) == [warning]  # the checks run again, nothing is repeated


def test_synth_of_a_valid_stack_is_its_normalized_json(stack: TerraformStack) -> None:
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo", kubernetes_version="1.33")
    synthesized = testing.synth(stack)
    assert synthesized["resource"]["aws_eks_addon"]["kube_proxy"] == {
        "addon_name": "kube-proxy",
        "addon_version": "v1.33.10-eksbuild.18",
        "cluster_name": "demo",
    }
