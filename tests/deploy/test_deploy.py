"""The deploy tier: ``terraform apply`` and ``destroy`` of the sample's created-cluster stack
through the real AWS provider, against a local AWS API on 127.0.0.1 that the tier starts itself
(``tests/deploy/loopback_aws.py``: MiniStack 1.5.33, in ``.venv-emulator``, set up by
``make test``).

What it proves: the stack applies and destroys; the add-ons are created in the order
eks-addons wrote (the VPC CNI before the node group, the others after the compute they run
on), each waited for (the provider's DescribeAddon waiter) before what depends on it starts;
the destroy runs the other way round (the node group before the VPC CNI, every add-on before
the cluster); a second plan has nothing to change. What it cannot prove: MiniStack checks no
add-on version, configuration, role or trust policy, never fails or goes DEGRADED, and has no
Kubernetes behind the cluster; in-place updates beyond the add-ons are not modelled.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT, in_ci, mirror_pin, require, run, terraform_env

EMULATOR = ROOT / ".venv-emulator" / "bin" / "python"
SHIM = Path(__file__).with_name("loopback_aws.py")
STACK = "cluster-with-addons"
SUBNETS = '["subnet-0aaaaaaaaaaaaaaa1","subnet-0aaaaaaaaaaaaaaa2"]'


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listeners(pid: int) -> list[tuple[str, int]]:
    """The TCP sockets process ``pid`` listens on, ``(address, port)``, read from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    found = []
    for table, size in (("tcp", 8), ("tcp6", 32)):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # LISTEN
                address, port = fields[1].split(":")
                raw = bytes.fromhex(address)
                if size == 8:
                    host = socket.inet_ntop(socket.AF_INET, raw[::-1])
                else:
                    words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
                    host = socket.inet_ntop(socket.AF_INET6, words)
                found.append((host, int(port, 16)))
    return found


@pytest.fixture(scope="module")
def local_aws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, int]]:
    """The local AWS API on a free loopback port: its URL, its request log, its pid."""
    if not EMULATOR.is_file():
        message = "the local AWS API is not installed (run `make test`, which sets it up)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("local-aws")
    port, log = _free_port(), folder / "requests.jsonl"
    with (folder / "emulator.log").open("w") as output:
        process = subprocess.Popen(
            [str(EMULATOR), str(SHIM), "--port", str(port), "--request-log", str(log)],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=dict(os.environ, TMPDIR=str(folder)),
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, (folder / "emulator.log").read_text()
                try:
                    with urllib.request.urlopen(f"{url}/_ministack/health", timeout=1):
                        break
                except OSError:
                    assert time.monotonic() < deadline, "the local AWS API did not start"
                    time.sleep(0.2)
            yield url, log, process.pid
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_the_local_aws_api_listens_on_loopback_only(local_aws: tuple[str, Path, int]) -> None:
    url, _, pid = local_aws
    port = int(url.rsplit(":", 1)[1])
    assert listeners(pid) == [("127.0.0.1", port)]


def _override(endpoint: str, workdir: Path) -> dict[str, Any]:
    """The test-only provider settings (dummy credentials, the local endpoints) and a state
    file in the work directory, merged by Terraform's override-file rules."""
    return {
        "provider": {
            "aws": {
                "region": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "skip_credentials_validation": True,
                "skip_requesting_account_id": True,
                "skip_metadata_api_check": True,
                "skip_region_validation": True,
                "endpoints": [{name: endpoint for name in ("eks", "iam", "sts", "ec2")}],
            }
        },
        "terraform": {"backend": {"local": {"path": str(workdir / "terraform.tfstate")}}},
    }


def _calls(log: Path, since: int) -> list[tuple[str, str]]:
    """``(operation, subject)`` of each call after line ``since`` of the request log."""
    lines = log.read_text().splitlines()[since:]
    return [(record["op"], record["subject"]) for record in map(json.loads, lines)]


def _first(calls: list[tuple[str, str]], operation: str, subject: str = "") -> int:
    for index, (op, about) in enumerate(calls):
        if op == operation and (not subject or about == subject):
            return index
    raise AssertionError(f"no {operation} {subject} in {calls}")


def _last(calls: list[tuple[str, str]], operation: str, subject: str = "") -> int:
    found = [i for i, (op, about) in enumerate(calls) if op == operation and about == subject]
    assert found, f"no {operation} {subject}"
    return found[-1]


def test_the_stack_applies_and_destroys_in_the_order_written(
    local_aws: tuple[str, Path, int],
    sample_stacks: dict[str, dict[str, Any]],
    tmp_path: Path,
    record_property: Any,
) -> None:
    terraform = require("terraform")
    url, log, _ = local_aws
    stack = sample_stacks[STACK]
    (tmp_path / "cdk.tf.json").write_text(json.dumps(stack))
    (tmp_path / "zz_local_aws_override.tf.json").write_text(json.dumps(_override(url, tmp_path)))
    pin = mirror_pin(stack)
    if pin is not None:
        (tmp_path / "zz_mirror_pin_override.tf.json").write_text(json.dumps(pin))
    env = terraform_env(tmp_path)
    run([terraform, "init", "-input=false", "-no-color"], tmp_path, env)
    variables = ["-input=false", "-no-color", f"-var=subnet_ids={SUBNETS}"]

    start = len(log.read_text().splitlines()) if log.exists() else 0
    applied = run([terraform, "apply", "-auto-approve", *variables], tmp_path, env)
    created = len(stack["resource"].get("aws_eks_addon", {}))
    assert "Apply complete!" in applied
    calls = _calls(log, start)
    addons = [about for op, about in calls if op == "CreateAddon"]
    assert sorted(addons) == ["aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni"]
    assert created == 4
    # the VPC CNI before the node group; the EBS CSI driver after it; CoreDNS after the
    # Fargate profile it runs on; each add-on waited for (DescribeAddon) before what follows
    assert _first(calls, "CreateAddon", "vpc-cni") < _first(calls, "CreateNodegroup")
    assert _last(calls, "DescribeAddon", "vpc-cni") < _first(calls, "CreateNodegroup")
    assert _first(calls, "DescribeNodegroup") < _first(calls, "CreateAddon", "aws-ebs-csi-driver")
    assert _first(calls, "CreateFargateProfile") < _first(calls, "CreateAddon", "coredns")
    assert _first(calls, "CreateCluster") < min(_first(calls, "CreateAddon", a) for a in addons)

    planned = subprocess.run(
        [terraform, "plan", "-detailed-exitcode", *variables],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert planned.returncode == 0, planned.stdout + planned.stderr  # nothing to change

    start = len(log.read_text().splitlines())
    destroyed = run([terraform, "destroy", "-auto-approve", *variables], tmp_path, env)
    assert "Destroy complete!" in destroyed
    calls = _calls(log, start)
    assert _first(calls, "DeleteNodegroup") < _first(calls, "DeleteAddon", "vpc-cni")
    last_addon = max(_first(calls, "DeleteAddon", a) for a in addons)
    assert last_addon < _first(calls, "DeleteCluster")
    assert _first(calls, "DeleteFargateProfile") < _first(calls, "DeleteCluster")
    record_property(
        "terraform",
        f"deploy {STACK}: applied and destroyed on the local AWS API "
        f"({len(addons)} add-ons, {sum(op.startswith('Create') for op, _ in _calls(log, 0))} "
        "creates), in the order written",
    )


ADOPTED = "adopted"


def _adoption_stack(outdir: Path, step: str) -> dict[str, Any]:
    """The add-ons of a cluster made outside Terraform: ``adopt`` imports them (the proxy's
    name chosen); ``rename`` moves the proxy's state to another name."""
    from eks_addons import AwsProvider, ExistingCluster, KubeProxyAddon, VpcCniAddon  # noqa: PLC0415
    from eks_addons.cdk import App, TerraformStack  # noqa: PLC0415
    from eks_addons.cdk import Testing as CdkTesting  # noqa: PLC0415

    stack = TerraformStack(App(outdir=str(outdir)), step)
    AwsProvider(stack, "aws", region="us-east-1")
    cluster = ExistingCluster(stack, "cluster", name=ADOPTED)
    VpcCniAddon(stack, "vpc_cni", cluster=cluster, kubernetes_version="1.33", adopt=True)
    proxy: dict[str, Any] = (
        {"logical_id": "proxy", "adopt": True}
        if step == "adopt"
        else {"logical_id": "kube_proxy", "moved_from": "aws_eks_addon.proxy"}
    )
    KubeProxyAddon(stack, "kube_proxy", cluster=cluster, kubernetes_version="1.33", **proxy)
    synthesized: dict[str, Any] = json.loads(CdkTesting.synth(stack, run_validations=True))
    return synthesized


def test_live_addons_are_adopted_and_moved_without_being_recreated(
    local_aws: tuple[str, Path, int], tmp_path: Path, record_property: Any
) -> None:
    """A cluster whose add-ons the console installed: the first plan imports them (nothing to
    add or destroy), a second has nothing to change; renaming one with ``moved_from`` moves
    its state (nothing to destroy)."""
    import boto3  # noqa: PLC0415 (the test dependency that plays the console)

    terraform = require("terraform")
    url, log, _ = local_aws
    eks = boto3.client(
        "eks",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    eks.create_cluster(
        name=ADOPTED,
        version="1.33",
        roleArn="arn:aws:iam::123456789012:role/eks",
        resourcesVpcConfig={"subnetIds": ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]},
    )
    # as the console installs them: the versions eks-addons picks (AWS's defaults for 1.33)
    chosen = _adoption_stack(tmp_path / "versions", "adopt")["resource"]["aws_eks_addon"]
    for body in chosen.values():
        eks.create_addon(
            clusterName=ADOPTED, addonName=body["addon_name"], addonVersion=body["addon_version"]
        )

    workdir = tmp_path / "tf"
    workdir.mkdir()
    (workdir / "zz_local_aws_override.tf.json").write_text(json.dumps(_override(url, workdir)))
    env = terraform_env(workdir)
    start = len(log.read_text().splitlines())

    def plan(step: str) -> str:
        stack = _adoption_stack(tmp_path / step, step)
        (workdir / "cdk.tf.json").write_text(json.dumps(stack))
        pin = mirror_pin(stack)
        if pin is not None:
            (workdir / "zz_mirror_pin_override.tf.json").write_text(json.dumps(pin))
        run([terraform, "init", "-input=false", "-no-color"], workdir, env)
        return run([terraform, "plan", "-input=false", "-no-color", "-out=plan"], workdir, env)

    imported = plan("adopt")
    assert "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy." in imported, imported
    run([terraform, "apply", "-input=false", "-no-color", "plan"], workdir, env)
    again = run(
        [terraform, "plan", "-input=false", "-no-color", "-detailed-exitcode"], workdir, env
    )
    assert "No changes." in again

    moved = plan("rename")
    assert "aws_eks_addon.proxy has moved to aws_eks_addon.kube_proxy" in moved, moved
    assert "0 to add, 0 to change, 0 to destroy" in moved, moved
    run([terraform, "apply", "-input=false", "-no-color", "plan"], workdir, env)
    state = run([terraform, "state", "list"], workdir, env).split()
    assert sorted(state) == [
        "aws_eks_addon.kube_proxy",
        "aws_eks_addon.vpc_cni",
        "data.aws_eks_cluster.cluster",
    ]
    calls = _calls(log, start)
    assert [op for op, _ in calls if op in ("CreateAddon", "DeleteAddon")] == []
    record_property(
        "terraform",
        "deploy adoption: 2 live add-ons imported (no create), then one moved (no destroy)",
    )
