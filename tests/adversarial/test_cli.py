"""The adversarial tier, CLI part: every input gives exit 0, 1 or 2 and one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eks_addons.cli import main

ADDON: dict[str, object] = {
    "addon_name": "vpc-cni",
    "cluster_name": "demo",
    "addon_version": "v1.22.4-eksbuild.3",
}


def tf(*addons: dict[str, object]) -> str:
    """A Terraform JSON document with these ``aws_eks_addon`` bodies."""
    return json.dumps(
        {"resource": {"aws_eks_addon": {f"a{i}": body for i, body in enumerate(addons)}}}
    )


# (name, file content, expected exit code, text the first output line contains)
FILES: list[tuple[str, bytes, int, str]] = [  # ids: the names
    ("empty file", b"", 2, "empty"),
    ("blank lines", b"\n\n  \n", 2, "empty"),
    ("not JSON", b"hello", 2, "not JSON"),
    ("HCL", b'resource "aws_eks_addon" "x" {}\n', 2, "HCL is not read"),
    ("HCL terraform block", b"terraform {\n}\n", 2, "HCL is not read"),
    ("a JSON array", b"[]", 2, "the top level is list"),
    ("JSON null", b"null", 2, "the top level is null"),
    ("a JSON number", b"3", 2, "the top level is int"),
    ("a JSON string", b'"x"', 2, "the top level is str"),
    ("binary", bytes(range(256)), 2, "not UTF-8"),
    ("deep nesting", b"[" * 100_000 + b"]" * 100_000, 2, "nested too deeply"),
    ("truncated JSON", b'{"resource": {', 2, "not JSON"),
    ("a BOM before valid JSON", b"\xef\xbb\xbf" + tf(ADDON).encode(), 0, "ok"),
    ("an empty object", b"{}", 0, "0 add-on(s) checked"),
    (
        "resource as an array",
        json.dumps({"resource": [json.loads(tf(ADDON))["resource"]]}).encode(),
        0,
        "ok",
    ),
    ("resource as a string", b'{"resource": "x"}', 0, "0 add-on(s) checked"),
    (
        "an add-on body that is a list of bodies",
        json.dumps({"resource": {"aws_eks_addon": {"a": [ADDON]}}}).encode(),
        0,
        "ok",
    ),
    ("a valid add-on", tf(ADDON).encode(), 0, "ok"),
    ("addon_version latest", tf({**ADDON, "addon_version": "latest"}).encode(), 1, "FAIL"),
    (
        "PRESERVE on create",
        tf({**ADDON, "resolve_conflicts_on_create": "PRESERVE"}).encode(),
        1,
        "FAIL",
    ),
    ("a cluster name with spaces", tf({**ADDON, "cluster_name": "my cluster"}).encode(), 1, "FAIL"),
    (
        "configuration_values as an object",
        tf({**ADDON, "configuration_values": {"env": {}}}).encode(),
        1,
        "FAIL",
    ),
    ("a misspelt add-on name", tf({**ADDON, "addon_name": "vpc_cni"}).encode(), 1, "FAIL"),
    ("an add-on name that is a number", tf({**ADDON, "addon_name": 5}).encode(), 1, "FAIL"),
    (
        "configuration_values that is not JSON",
        tf({**ADDON, "configuration_values": "{"}).encode(),
        1,
        "FAIL",
    ),
    (
        "configuration_values as a Terraform expression",
        tf({**ADDON, "configuration_values": "${jsonencode(local.x)}"}).encode(),
        0,
        "ok",
    ),
    (
        "a plan with a null after",
        json.dumps(
            {"resource_changes": [{"type": "aws_eks_addon", "change": {"after": None}}]}
        ).encode(),
        0,
        "0 add-on(s) checked",
    ),
    (
        "a plan whose changes are not objects",
        json.dumps({"resource_changes": [1, "x", None]}).encode(),
        0,
        "0 add-on(s) checked",
    ),
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, (captured.out + captured.err)


@pytest.mark.parametrize("file", FILES, ids=[f[0] for f in FILES])
def test_file(
    file: tuple[str, bytes, int, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, content, code, text = file
    path = tmp_path / "main.tf.json"
    path.write_bytes(content)
    exit_code, out = run(capsys, "validate", str(path))
    assert exit_code == code, out
    lines = out.splitlines()
    if code == 2:  # one line, on stderr
        assert len(lines) == 1, out
    else:  # the catalog in use, then the add-on
        assert lines[0].startswith("AWS data as of 2026-08-22 (us-east-1), the catalog at ")
        lines = lines[1:]
    assert text in lines[0], out
    assert "Traceback" not in out


def test_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", str(tmp_path / "nope.json")) == (
        2,
        f"eks-addons: {tmp_path / 'nope.json'}: no such file or directory\n",
    )


def test_a_directory_without_terraform_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "validate", str(tmp_path)) == (
        2,
        f"eks-addons: {tmp_path}: no *.tf.json files in this directory\n",
    )


MANIFEST = {
    "format": 2,
    "taken": "2026-11-30",
    "region": "eu-west-1",
    "source": "test",
    "files": ".",
    "addons": ["vpc-cni"],
}


def test_a_bad_catalog_override(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "catalog.json").write_text(json.dumps(MANIFEST))
    (tmp_path / "vpc-cni.json").write_text("{}")
    monkeypatch.setenv("EKS_ADDONS_CATALOG", str(tmp_path))
    code, out = run(capsys, "versions", "--kubernetes", "1.33")
    assert code == 2
    [line] = out.splitlines()
    assert line.startswith(f"eks-addons: {tmp_path / 'vpc-cni.json'}: not a catalog data file")


@pytest.mark.parametrize(
    ("manifest", "says"),
    [
        (None, "no catalog.json (not a catalog"),
        ("{", "catalog.json is not a catalog manifest"),
        (json.dumps({**MANIFEST, "format": 9}), "format 9, this eks-addons reads 2"),
        (json.dumps({**MANIFEST, "files": "../elsewhere"}), "names files outside the catalog"),
        (json.dumps({**MANIFEST, "addons": ["../x"]}), "names an add-on that is no file name"),
        (json.dumps({**MANIFEST, "taken": "yesterday"}), "catalog.json is not a catalog manifest"),
    ],
    ids=["no manifest", "truncated", "another format", "files outside", "a path", "a bad date"],
)
def test_a_broken_catalog_is_one_line_for_every_command(
    manifest: str | None,
    says: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if manifest is not None:
        (tmp_path / "catalog.json").write_text(manifest)
    monkeypatch.setenv("EKS_ADDONS_CATALOG", str(tmp_path))
    for command in (["versions", "--kubernetes", "1.33"], ["catalog"], ["schema", "vpc-cni"]):
        code, out = run(capsys, *command)
        assert code == 2, (command, out)
        [line] = out.splitlines()
        assert says in line, (command, line)


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("eks-addons ")


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_arbitrary_bytes_exit_0_to_2_without_a_traceback(
    content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.tf.json"
    path.write_bytes(content)
    code, out = run(capsys, "validate", str(path))
    assert code in (0, 1, 2)
    assert "Traceback" not in out
