"""The ``eks-addons`` command line: versions, schema, validate, refresh."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from eks_addons.catalog import catalog
from eks_addons.catalog.catalog import CATALOG_ENV
from eks_addons.cli import main
from tests.helpers import ROOT, in_ci, select

SNAPSHOTS = ROOT / "tests" / "snapshots" / "__snapshots__" / "test_sample_app"
FIXTURES = ROOT / "tests" / "fixtures" / "aws-cli"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.fixture
def synthesized(tmp_path: Path) -> Path:
    """The sample app's reviewed synth output, laid out as cdktf.out."""
    for snapshot in SNAPSHOTS.glob("*.json"):
        stack = snapshot.name.removeprefix("test_stack_matches_snapshot[").removesuffix("].json")
        (tmp_path / "stacks" / stack).mkdir(parents=True)
        shutil.copy(snapshot, tmp_path / "stacks" / stack / "cdk.tf.json")
    return tmp_path


def test_versions_prints_default_and_latest(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "versions", "--kubernetes", "1.29")
    assert code == 0
    rows = {line.split()[0]: line.split()[1:3] for line in out.splitlines()[1:]}
    assert rows["vpc-cni"] == ["v1.20.4-eksbuild.2", "v1.21.1-eksbuild.7"]
    assert rows["kube-proxy"] == ["v1.29.15-eksbuild.16", "v1.29.15-eksbuild.50"]


def test_schema_lists_keys_with_builder_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "schema", "vpc-cni", "--version", "v1.22.4-eksbuild.3")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("env.WARM_PREFIX_TARGET "))
    assert line.split() == ["env.WARM_PREFIX_TARGET", "string", "(integer)", "warm_prefix_target"]


def test_validate_passes_the_sample_apps_synth(
    capsys: pytest.CaptureFixture[str], synthesized: Path
) -> None:
    code, out = run(capsys, "validate", str(synthesized))
    assert code == 0, out
    assert out.strip().endswith("19 add-on(s) checked, 0 with problems")


def test_validate_names_a_bad_key(capsys: pytest.CaptureFixture[str], synthesized: Path) -> None:
    path = synthesized / "stacks" / "cluster-with-addons" / "cdk.tf.json"
    stack = json.loads(path.read_text())
    [addon] = [
        body
        for body in stack["resource"]["aws_eks_addon"].values()
        if body["addon_name"] == "vpc-cni"
    ]
    values = json.loads(addon["configuration_values"])
    values["env"]["AWS_EXTERNAL_SERVICE_CIDR"] = "10.0.0.0/8"
    addon["configuration_values"] = json.dumps(values)
    path.write_text(json.dumps(stack))
    code, out = run(capsys, "validate", str(path))
    assert code == 1
    assert "FAIL" in out
    assert "'env.AWS_EXTERNAL_SERVICE_CIDR' is not defined in the schema" in out
    assert "did you mean 'AWS_EXTERNAL_SERVICE_CIDRS'?" in out


def test_validate_checks_compatibility_with_the_cluster_in_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = {
        "resource": {
            "aws_eks_cluster": {"main": {"name": "demo", "version": "1.29"}},
            "aws_eks_addon": {
                "vpc_cni": {
                    "cluster_name": "${aws_eks_cluster.main.name}",
                    "addon_name": "vpc-cni",
                    "addon_version": "v1.14.0-eksbuild.3",
                }
            },
        }
    }
    path = tmp_path / "main.tf.json"
    path.write_text(json.dumps(document))
    code, out = run(capsys, "validate", str(path))
    assert code == 1
    assert "is not compatible with Kubernetes 1.29" in out


def plan(configuration_values: str, version: str) -> dict[str, Any]:
    return {
        "format_version": "1.2",
        "resource_changes": [
            {
                "address": "aws_eks_cluster.main",
                "type": "aws_eks_cluster",
                "change": {"actions": ["create"], "after": {"version": "1.33"}},
            },
            {
                "address": "aws_eks_addon.coredns",
                "type": "aws_eks_addon",
                "change": {
                    "actions": ["create"],
                    "after": {
                        "addon_name": "coredns",
                        "addon_version": version,
                        "configuration_values": configuration_values,
                    },
                    "after_unknown": {"cluster_name": True},
                },
            },
        ],
    }


def test_validate_reads_a_plan(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan('{"replicaCount": "3"}', "v1.12.4-eksbuild.18")))
    code, out = run(capsys, "validate", str(path))
    assert code == 1
    assert "aws_eks_addon.coredns" in out
    assert "'replicaCount' must be an integer" in out
    path.write_text(json.dumps(plan('{"replicaCount": 3}', "v1.12.4-eksbuild.18")))
    assert run(capsys, "validate", str(path))[0] == 0


def test_refresh_builds_a_catalog_the_library_then_uses(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "catalog"
    code, printed = run(
        capsys,
        "refresh",
        "--versions",
        str(FIXTURES / "describe-addon-versions.json"),
        "--configurations",
        str(FIXTURES),
        "--out",
        str(out),
        "--addon",
        "kube-proxy",
        "--min-kubernetes",
        "1.28",
        "--taken",
        "2026-11-30",
        "--region",
        "eu-west-1",
    )
    assert code == 0, printed
    assert printed.splitlines() == [
        "started from AWS data as of 2026-08-22 (us-east-1), the catalog at "
        f"{ROOT / 'tests' / 'fixtures' / 'catalog'}",
        "kube-proxy: versions 2 added (v1.37.1-eksbuild.2, v1.37.0-eksbuild.1), 264 withdrawn "
        "(v1.36.0-eksbuild.15, v1.36.0-eksbuild.14, v1.36.0-eksbuild.13 and 261 more), "
        "Kubernetes 1.37 added",
        f"wrote {out / 'catalog.json'} (AWS data as of 2026-11-30)",
        f"use it with: export EKS_ADDONS_CATALOG={out}",
    ]
    manifest = json.loads((out / "catalog.json").read_text())
    data = json.loads((out / manifest["files"] / "kube-proxy.json").read_text())
    assert list(data["versions"]) == ["v1.37.1-eksbuild.2", "v1.37.0-eksbuild.1"]
    assert data["defaults"] == {"1.37": "v1.37.0-eksbuild.1"}
    assert len(data["schemas"]) == 1  # the two versions share one schema

    monkeypatch.setenv(CATALOG_ENV, str(out))
    assert select("kube-proxy", None, "1.37")[0] == "v1.37.0-eksbuild.1"
    assert select("kube-proxy", "latest", "1.37")[0] == "v1.37.1-eksbuild.2"
    vpc_cni = catalog("vpc-cni")
    assert vpc_cni is not None  # the rest of the catalog it started from, whole
    assert vpc_cni.default("1.33") == "v1.22.4-eksbuild.3"
    code, printed = run(capsys, "catalog")
    assert printed.splitlines()[0] == f"AWS data as of 2026-11-30 (eu-west-1), the catalog at {out}"


def test_the_shipped_catalog_is_what_refresh_builds_from_the_reference_data(tmp_path: Path) -> None:
    shared = ROOT.parent / "shared" / "addon-data"
    if not shared.is_dir():
        message = "../shared/addon-data (the catalog's reference data) is not beside this checkout"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    iam = tmp_path.parent / f"{tmp_path.name}-iam.json"
    subprocess.run(
        [
            sys.executable,
            "scripts/import_shared_addon_data.py",
            "--out",
            str(tmp_path),
            "--iam-out",
            str(iam),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert iam.read_text() == (ROOT / "eks_addons" / "specs" / "iam.json").read_text()
    shipped = ROOT / "eks_addons" / "catalog" / "data"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in shipped.iterdir())
    for path in sorted(shipped.iterdir()):
        assert (tmp_path / path.name).read_text() == path.read_text(), path.name


@pytest.mark.parametrize("kubernetes", ["abc", "1.3e", "v1.33", "1.33.0", ""])
def test_versions_of_a_kubernetes_version_that_is_none_is_one_error(
    kubernetes: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["versions", "--kubernetes", kubernetes]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (
        "",
        f"eks-addons: --kubernetes {kubernetes!r}: not a Kubernetes version (e.g. 1.33)\n",
    )


def test_versions_beyond_the_catalog_say_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "versions", "--kubernetes", "1.37")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("AWS data as of 2026-08-22 (us-east-1), the catalog at ")
    assert lines[-1] == (
        "the catalog knows no version for Kubernetes 1.37 (its newest is 1.36): refresh it "
        "(eks-addons refresh, see docs/versions.md) for what AWS lists now"
    )


def test_catalog_prints_its_age_and_fails_ci_when_too_old(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = run(capsys, "catalog")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("AWS data as of 2026-08-22 (us-east-1), the catalog at ")
    assert lines[2] == "add-ons: 11; newest Kubernetes known: 1.36"
    age = int(lines[3].removeprefix("age: ").removesuffix(" day(s)"))
    assert age >= 100
    assert run(capsys, "catalog", "--max-age", str(age))[0] == 0
    code, out = run(capsys, "catalog", "--max-age", "30")
    assert code == 1
    assert out.splitlines()[-1].startswith("older than 30 day(s): refresh it")


def test_an_internal_error_is_one_line_and_its_own_exit_code(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_: object) -> int:
        raise KeyError("boom")

    monkeypatch.setattr("eks_addons.commands.run_catalog_status", broken)
    assert main(["catalog"]) == 3
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("eks-addons: internal error (KeyError: 'boom'); this is a bug of")


def test_every_option_has_plain_help() -> None:
    import argparse  # noqa: PLC0415

    from eks_addons.cli import parser  # noqa: PLC0415

    root = parser()
    commands = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in [("eks-addons", root), *commands.choices.items()]:
        text = command.format_help()
        assert "``" not in text, name
        for action in command._actions:
            if action.dest != "help" and not isinstance(action, argparse._SubParsersAction):
                assert action.help, (name, action.dest)
