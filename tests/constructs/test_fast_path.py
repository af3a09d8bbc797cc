"""The writer through the CDK core: the JSON the bindings write, byte for byte; the fast path's
own constructs (AwsProvider, ExistingCluster, ExistingOidcProvider); the bindings' classes
loaded only when asked for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.apps import (
    VERSIONS_ENV,
    default_versions,
    library_app,
    library_bindings_app,
    raw_app,
)
from eks_addons import (
    AwsProvider,
    CoreDnsAddon,
    EbsCsiDriverAddon,
    ExistingCluster,
    ExistingOidcProvider,
    Irsa,
    cdk,
)
from eks_addons.cdk import (
    AWS_PROVIDER_SOURCE,
    AWS_PROVIDER_VERSION,
    App,
    CdkNotAvailableError,
    TerraformStack,
)
from eks_addons.cdk import Testing as CdkTesting
from eks_addons.testing import normalize
from tests.helpers import refused
from tests.stacks import only, resources, synth


def _synthesized(build: Any, outdir: Path) -> dict[str, bytes]:
    app = App(outdir=str(outdir))
    build(app, 2)
    app.synth()
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*.json"))
    }


def test_the_fast_path_writes_byte_for_byte_what_the_bindings_write(tmp_path: Path) -> None:
    fast = _synthesized(library_app, tmp_path / "fast")
    bindings = _synthesized(library_bindings_app, tmp_path / "bindings")
    assert sorted(fast) == ["manifest.json", *(f"stacks/cluster-{i}/cdk.tf.json" for i in (0, 1))]
    assert fast == bindings


def test_the_library_writes_what_hand_written_eks_addon_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(VERSIONS_ENV, json.dumps(default_versions()))
    fast = _synthesized(library_app, tmp_path / "fast")
    raw = _synthesized(raw_app, tmp_path / "raw")
    stacks = [name for name in fast if name.startswith("stacks/")]
    for name in stacks:
        assert normalize(json.loads(fast[name])) == normalize(json.loads(raw[name]))


def test_hcl_output_is_what_the_bindings_write(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VERSIONS_ENV, json.dumps(default_versions()))
    written = {}
    for name, build in {"fast": library_app, "raw": raw_app}.items():
        app = CdkTesting.app()
        build(app, 1)
        (stack,) = [child for child in app.node.children if isinstance(child, TerraformStack)]
        written[name] = CdkTesting.synth_hcl(stack)
    assert 'addon_name = "vpc-cni"' in written["fast"]
    assert written["fast"] == written["raw"]


def test_the_provider_block_writes_its_arguments_and_pin(tmp_path: Path) -> None:
    app = CdkTesting.app(outdir=str(tmp_path))
    stack = TerraformStack(app, "s")
    AwsProvider(
        stack,
        "aws",
        region="eu-west-1",
        default_tags=[{"tags": {"team": "platform"}}],
        skip_requesting_account_id=True,
    )
    west = AwsProvider(stack, "west", region="us-west-2", alias="west", version="~> 6.0")
    cluster = ExistingCluster(stack, "cluster", name="demo", provider=west)
    CoreDnsAddon(stack, "coredns", cluster=cluster, provider=west)
    out = synth(stack)
    assert out["provider"]["aws"] == [
        {
            "region": "eu-west-1",
            "default_tags": [{"tags": {"team": "platform"}}],
            "skip_requesting_account_id": True,
        },
        {"alias": "west", "region": "us-west-2"},
    ]
    # the last provider's pin, as with two bindings' providers of one type
    assert out["terraform"]["required_providers"]["aws"] == {
        "source": AWS_PROVIDER_SOURCE,
        "version": "~> 6.0",
    }
    assert only(resources(stack, "aws_eks_addon"))["provider"] == "aws.west"
    assert out["data"]["aws_eks_cluster"]["cluster"]["provider"] == "aws.west"


def test_the_default_pin_is_the_bindings_version(stack: TerraformStack) -> None:
    own = TerraformStack(stack.node.scope, "own")  # type: ignore[arg-type]
    AwsProvider(own, "aws", region="eu-west-1")
    pin = synth(own)["terraform"]["required_providers"]["aws"]
    assert pin == {"source": AWS_PROVIDER_SOURCE, "version": AWS_PROVIDER_VERSION}
    assert cdk.PROVIDER_BINDINGS is not None  # the lanes install bindings
    assert synth(stack)["terraform"]["required_providers"]["aws"] == pin  # theirs


@pytest.mark.parametrize(
    ("version", "refused_paths"),
    [
        ("~> 5.0", {"region", "namespace_config"}),
        ("6.10.0", {"namespace_config"}),
        (">= 6.42", set()),
    ],
)
def test_the_arguments_follow_the_pin_of_the_stacks_provider(
    tmp_path: Path, version: str, refused_paths: set[str]
) -> None:
    stack = TerraformStack(CdkTesting.app(outdir=str(tmp_path)), "s")
    AwsProvider(stack, "aws", region="eu-west-1", version=version)
    arguments: dict[str, Any] = {"region": "eu-west-1", "namespace_config": {"namespace": "dns"}}
    if not refused_paths:
        CoreDnsAddon(stack, "coredns", cluster_name="demo", **arguments)
        assert only(resources(stack, "aws_eks_addon"))["namespace_config"] == [{"namespace": "dns"}]
        return
    with refused(stack) as raised:
        CoreDnsAddon(stack, "coredns", cluster_name="demo", **arguments)
    problems = {problem.path: problem.message for problem in raised.value.problems}
    assert set(problems) == refused_paths
    assert all(f"in hashicorp/aws {version}" in message for message in problems.values())


def test_irsa_through_a_looked_up_oidc_provider(stack: TerraformStack) -> None:
    cluster = ExistingCluster(stack, "cluster", name="demo")
    oidc = ExistingOidcProvider(stack, "oidc", url=cluster.oidc_issuer)
    EbsCsiDriverAddon(stack, "ebs", cluster=cluster, kubernetes_version="1.33", iam=Irsa(oidc))
    out = synth(stack)
    assert out["data"]["aws_iam_openid_connect_provider"]["oidc"]["url"] == (
        "${data.aws_eks_cluster.cluster.identity[0].oidc[0].issuer}"
    )
    trust = only(resources(stack, "aws_iam_role"))["assume_role_policy"]
    assert '"Federated": "${data.aws_iam_openid_connect_provider.oidc.arn}"' in trust
    assert "${replace(data.aws_iam_openid_connect_provider.oidc.url, " in trust


def test_a_cluster_of_another_kind_is_refused_with_what_is_taken(stack: TerraformStack) -> None:
    with refused(stack) as raised:
        CoreDnsAddon(stack, "coredns", cluster=AwsProvider(stack, "p2", alias="p2"))  # type: ignore[arg-type]
    (problem,) = [problem for problem in raised.value.problems if problem.path == "cluster"]
    assert problem.code == "invalid-type"
    assert "ExistingCluster" in problem.message


def test_a_bindings_class_without_the_bindings_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cdk, "PROVIDER_BINDINGS", None)
    monkeypatch.delitem(vars(cdk), "EksNodeGroupScalingConfig", raising=False)
    with pytest.raises(CdkNotAvailableError) as raised:
        cdk.EksNodeGroupScalingConfig  # noqa: B018
    assert f"pip install 'eks-addons[{cdk.NAME}-bindings]'" in str(raised.value)
    with pytest.raises(AttributeError):
        cdk.NotAClass  # type: ignore[attr-defined]  # noqa: B018


def test_the_pin_is_read_from_a_provider_declared_after_the_first_addon(tmp_path: Path) -> None:
    stack = TerraformStack(CdkTesting.app(outdir=str(tmp_path)), "s")
    CoreDnsAddon(stack, "coredns", cluster_name="demo")
    AwsProvider(stack, "aws", region="eu-west-1", version=">= 6.42")
    CoreDnsAddon(stack, "again", cluster_name="other", region="eu-west-2")
    assert sorted(resources(stack, "aws_eks_addon")) == ["again", "coredns"]
    assert resources(stack, "aws_eks_addon")["again"]["region"] == "eu-west-2"


def test_a_struct_of_the_bindings_in_the_provider_block_is_refused(stack: TerraformStack) -> None:
    struct = type("AwsProviderEndpoints", (), {"_values": {"lambda_": "http://x"}})()
    with refused(stack) as raised:
        AwsProvider(stack, "p2", alias="p2", endpoints=[struct])
    (problem,) = raised.value.problems
    assert (problem.code, problem.path) == ("invalid-type", "endpoints")
