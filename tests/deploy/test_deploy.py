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
