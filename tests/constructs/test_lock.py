"""Frozen defaults: ``eks-addons lock`` writes the versions a synth resolved; the constructs
read them instead of the catalog's defaults, while AWS lists them for the Kubernetes version."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eks_addons import CoreDnsAddon, KubeProxyAddon, VpcCniAddon, testing
from eks_addons.cdk import App, AwsProvider, TerraformStack
from eks_addons.lock import LOCK_ENV

OLDER = "v1.19.2-eksbuild.1"  # a vpc-cni version AWS lists for 1.33, not its default


def build(outdir: Path) -> App:
    app = App(outdir=str(outdir))
    stack = TerraformStack(app, "platform")
    AwsProvider(stack, "aws", region="eu-west-1")
    VpcCniAddon(stack, "vpc_cni", cluster_name="demo", kubernetes_version="1.33")
    KubeProxyAddon(stack, "kube_proxy", cluster_name="demo", kubernetes_version="1.33")
    CoreDnsAddon(stack, "coredns", cluster_name="demo", addon_version="v1.11.4-eksbuild.2")
    return app


def versions(outdir: Path) -> dict[str, str]:
    stack = json.loads((outdir / "stacks" / "platform" / "cdk.tf.json").read_text())
    return {
        name: body["addon_version"] for name, body in stack["resource"]["aws_eks_addon"].items()
    }


def lock(*arguments: str) -> subprocess.CompletedProcess[str]:
    cli = Path(sys.executable).with_name("eks-addons")
    return subprocess.run([cli, "lock", *arguments], capture_output=True, text=True, check=False)


def test_the_lock_freezes_what_the_synth_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock_file = tmp_path / "eks-addons.lock.json"
    monkeypatch.setenv(LOCK_ENV, str(lock_file))
    build(tmp_path / "first").synth()
    first = versions(tmp_path / "first")

    written = lock(str(tmp_path / "first"), "--lock-file", str(lock_file))
    assert written.returncode == 0, written.stderr
    assert "3 add-ons locked (3 new, 0 moved)" in written.stdout
    entries = json.loads(lock_file.read_text())["addons"]
    assert entries["platform/vpc_cni"] == {"addon": "vpc-cni", "version": first["vpc_cni"]}

    # a later catalog's default would move vpc-cni: the lock holds it where it was
    entries["platform/vpc_cni"]["version"] = OLDER
    lock_file.write_text(json.dumps({**json.loads(lock_file.read_text()), "addons": entries}))
    build(tmp_path / "second").synth()
    second = versions(tmp_path / "second")
    assert second == {**first, "vpc_cni": OLDER}

    check = lock(str(tmp_path / "second"), "--lock-file", str(lock_file), "--check")
    assert check.returncode == 0, check.stdout
    moved = lock(str(tmp_path / "first"), "--lock-file", str(lock_file), "--check")
    assert moved.returncode == 1
    assert f"platform/vpc_cni: vpc-cni {OLDER} -> {first['vpc_cni']}" in moved.stdout


def test_a_locked_version_aws_does_not_list_for_the_kubernetes_version_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock_file = tmp_path / "eks-addons.lock.json"
    lock_file.write_text(
        json.dumps(
            {
                "lockfileVersion": 1,
                "catalog": "test",
                "addons": {"test/vpc_cni": {"addon": "vpc-cni", "version": "v1.14.0-eksbuild.3"}},
            }
        )
    )
    monkeypatch.setenv(LOCK_ENV, str(lock_file))
    stack = TerraformStack(testing.app(), "test")
    addon = VpcCniAddon(stack, "vpc_cni", cluster_name="demo", kubernetes_version="1.33")
    assert addon.selected_version != "v1.14.0-eksbuild.3"
    assert any("[stale-lock]" in warning for warning in testing.warnings(stack))


def test_a_lock_file_that_is_not_one_is_a_problem_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock_file = tmp_path / "eks-addons.lock.json"
    lock_file.write_text('{"addons": []}')
    monkeypatch.setenv(LOCK_ENV, str(lock_file))
    stack = TerraformStack(testing.app(), "test")
    VpcCniAddon(stack, "vpc_cni", cluster_name="demo", kubernetes_version="1.33")
    [(path, problem)] = testing.problems(stack)
    assert (path, problem.path) == ("test/vpc_cni", "lock file")
    assert "not an eks-addons lock file" in problem.message


def test_a_synth_without_the_lock_lets_the_lock_take_the_new_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock_file = tmp_path / "eks-addons.lock.json"
    entry = {"addon": "vpc-cni", "version": OLDER}
    other = {"addon": "coredns", "version": "v1.11.4-eksbuild.2"}
    lock_file.write_text(
        json.dumps(
            {
                "lockfileVersion": 1,
                "catalog": "test",
                "addons": {"platform/vpc_cni": entry, "elsewhere/coredns": other},
            }
        )
    )
    monkeypatch.setenv(LOCK_ENV, "none")  # this synth reads no lock: the catalog's defaults
    build(tmp_path / "out").synth()
    default = versions(tmp_path / "out")["vpc_cni"]
    assert default != OLDER
    moved = lock(str(tmp_path / "out" / "stacks" / "platform"), "--lock-file", str(lock_file))
    assert moved.returncode == 0, moved.stderr
    assert f"platform/vpc_cni: vpc-cni {OLDER} -> {default}" in moved.stdout
    entries = json.loads(lock_file.read_text())["addons"]
    assert entries["platform/vpc_cni"]["version"] == default
    assert entries["elsewhere/coredns"] == other  # a stack not synthesized here keeps its own


def test_an_entry_no_addon_reads_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock_file = tmp_path / "eks-addons.lock.json"
    entry = {"addon": "vpc-cni", "version": OLDER}
    lock_file.write_text(
        json.dumps({"lockfileVersion": 1, "catalog": "t", "addons": {"renamed/vpc_cni": entry}})
    )
    monkeypatch.setenv(LOCK_ENV, str(lock_file))
    app = App(outdir=str(tmp_path / "out"))
    stack = TerraformStack(app, "platform")
    AwsProvider(stack, "aws", region="eu-west-1")
    VpcCniAddon(stack, "vpc_cni", cluster_name="demo", kubernetes_version="1.33")
    app.synth()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    told = [a["message"] for a in manifest["stacks"]["platform"]["annotations"]]
    assert any("'renamed/vpc_cni'" in message and "[stale-lock]" in message for message in told)


def test_a_locked_value_that_is_no_version_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock_file = tmp_path / "eks-addons.lock.json"
    entry = {"addon": "kube-proxy", "version": "garbage"}
    lock_file.write_text(
        json.dumps({"lockfileVersion": 1, "catalog": "t", "addons": {"test/proxy": entry}})
    )
    monkeypatch.setenv(LOCK_ENV, str(lock_file))
    stack = TerraformStack(testing.app(), "test")
    KubeProxyAddon(stack, "proxy", cluster_name="demo", kubernetes_version="1.33")
    [(path, problem)] = testing.problems(stack)
    assert (path, problem.path, problem.value) == ("test/proxy", "addon_version", "garbage")
