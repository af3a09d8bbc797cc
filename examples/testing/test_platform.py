"""The platform stack's own tests, written with eks_addons.testing and syrupy."""

from platform_stack import PlatformStack
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension

from eks_addons import testing


def make_stack() -> PlatformStack:
    return PlatformStack(testing.app(), "platform", cluster_name="prod")


def test_stack_matches_snapshot(snapshot: SnapshotAssertion) -> None:
    stack = make_stack()
    assert testing.synth(stack) == snapshot.use_extension(JSONSnapshotExtension)


def test_addons_and_their_configuration() -> None:
    addons = testing.addons(make_stack())
    assert sorted(addon.name for addon in addons.values()) == ["coredns", "kube-proxy", "vpc-cni"]
    coredns = addons["aws_eks_addon.coredns"]
    assert coredns.configuration == {
        "computeType": "Fargate",
        "resources": {
            "limits": {"cpu": "0.25", "memory": "256M"},
            "requests": {"cpu": "0.25", "memory": "256M"},
        },
    }
    assert addons["aws_eks_addon.kube_proxy"].configuration is None


def test_no_synth_warnings() -> None:
    assert testing.warnings(make_stack()) == []
