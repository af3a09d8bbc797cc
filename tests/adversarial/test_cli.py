"""The adversarial tier, CLI part: every input gives exit 0, 1 or 2 and one clear line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

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


# -- every input bounded, every failure one line ------------------------------------------

YAML_ADDON = {**ADDON, "addon_name": "coredns", "addon_version": "v1.12.4-eksbuild.18"}
MORE_FILES: list[tuple[str, bytes, int, str]] = [
    (
        "YAML configuration_values, as EKS reads them",
        tf({**YAML_ADDON, "configuration_values": "replicaCount: 3\n"}).encode(),
        0,
        "ok",
    ),
    (
        "YAML configuration_values with an alias",
        tf({**YAML_ADDON, "configuration_values": "a: &x 1\nb: *x\n"}).encode(),
        1,
        "FAIL",
    ),
    (
        "a Kubernetes refusal in YAML",
        tf({**YAML_ADDON, "configuration_values": "tolerations:\n- operator: Equal\n"}).encode(),
        1,
        "FAIL",
    ),
    ("a 5000-digit integer", b'{"resource": ' + b"9" * 5000 + b"}", 2, "4300 digits"),
    ("UTF-16", "{}".encode("utf-16"), 2, "UTF-16 text"),
    (
        "a lone surrogate in configuration_values",
        tf({**YAML_ADDON, "configuration_values": '{"podLabels": {"a": "\\ud800"}}'}).encode(),
        1,
        "FAIL",
    ),
    (
        "a timeout the provider fails plan on",
        tf({**YAML_ADDON, "timeouts": {"create": "20x"}}).encode(),
        1,
        "FAIL",
    ),
    ("an aws: tag", tf({**YAML_ADDON, "tags": {"aws:x": "y"}}).encode(), 1, "FAIL"),
    (
        "a role ARN that is no ARN",
        tf({**YAML_ADDON, "service_account_role_arn": "my-role"}).encode(),
        1,
        "FAIL",
    ),
]


@pytest.mark.parametrize("file", MORE_FILES, ids=[f[0] for f in MORE_FILES])
def test_more_files(
    file: tuple[str, bytes, int, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    test_file(file, tmp_path, capsys)


def test_yaml_is_checked_as_json_would_be(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "main.tf.json"
    path.write_text(tf({**YAML_ADDON, "configuration_values": "replicaCount: banana\n"}))
    code, out = run(capsys, "validate", str(path))
    assert code == 1
    assert "'replicaCount' must be an integer (a number, not a string) (got 'banana')" in out


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (os.mkfifo, "a FIFO, not a file"),
        (lambda p: os.symlink("/dev/zero", p), "a character device, not a file"),
        (os.mkdir, None),  # a directory is read as a module: no *.tf.json
    ],
    ids=["a FIFO", "/dev/zero", "a directory"],
)
def test_what_is_not_a_file_is_refused_without_reading(
    make: Any, says: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "main.tf.json"
    make(path)
    code, out = run(capsys, "validate", str(path))
    assert code == 2
    [line] = out.splitlines()
    assert (says or "no *.tf.json files in this directory") in line


def test_a_sparse_8_gib_file_is_refused_by_its_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "main.tf.json"
    with path.open("wb") as file:
        file.truncate(8 * 1024**3)
    code, out = run(capsys, "validate", str(path))
    assert (code, out.count("\n")) == (2, 1)
    assert f"{8 * 1024**3} bytes, more than eks-addons reads (67108864; raise it" in out


def test_the_size_cap_is_a_flag_and_an_environment_variable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "main.tf.json"
    path.write_text(tf(ADDON))
    assert run(capsys, "--max-input-bytes", "10", "validate", str(path))[0] == 2
    monkeypatch.delenv("EKS_ADDONS_MAX_INPUT_BYTES", raising=False)
    assert run(capsys, "validate", str(path))[0] == 0
    monkeypatch.setenv("EKS_ADDONS_MAX_INPUT_BYTES", "10")
    code, out = run(capsys, "validate", str(path))
    assert code == 2
    assert "more than eks-addons reads (10; raise it with --max-input-bytes" in out
    monkeypatch.setenv("EKS_ADDONS_MAX_INPUT_BYTES", "many")
    assert run(capsys, "validate", str(path)) == (
        2,
        "eks-addons: EKS_ADDONS_MAX_INPUT_BYTES='many': not a number of bytes\n",
    )
    with pytest.raises(SystemExit) as exited:
        main(["--max-input-bytes", "0", "validate", str(path)])
    assert exited.value.code == 2


def test_an_unreadable_directory_is_reported_whoever_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "stacks" / "hidden").mkdir(parents=True)
    (tmp_path / "main.tf.json").write_text(tf(ADDON))
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:  # what a directory without the x bit does, even to root
        if str(path).endswith("hidden"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out = run(capsys, "validate", str(tmp_path))
    assert code == 2
    [line] = out.splitlines()
    assert line.endswith(
        "hidden: cannot be read (Permission denied); the add-ons in it would not be checked"
    )


def test_a_duplicate_resource_in_one_module_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.tf.json").write_text(tf(ADDON))
    (tmp_path / "b.tf.json").write_text(tf(ADDON))
    code, out = run(capsys, "validate", str(tmp_path))
    assert code == 2
    [line] = out.splitlines()
    assert "aws_eks_addon.a0 is declared in" in line
    assert "Terraform refuses a duplicate resource configuration in one module" in line
    # the same address in two stacks (two modules) is fine
    (tmp_path / "b.tf.json").unlink()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "b.tf.json").write_text(tf(ADDON))
    assert run(capsys, "validate", str(tmp_path))[0] == 0


def test_terminal_escapes_in_names_are_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "main.tf.json"
    name = "a\x1b[2J\x1b]0;owned\x07"
    path.write_text(
        json.dumps({"resource": {"aws_eks_addon": {name: {**ADDON, "addon_version": "latest"}}}})
    )
    code, out = run(capsys, "validate", str(path))
    assert code == 1
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "a\\x1b[2J\\x1b]0;owned\\x07" in out


def test_a_huge_value_is_echoed_cut_and_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "main.tf.json"
    path.write_text(tf({**YAML_ADDON, "configuration_values": json.dumps({"k" * 2_000_000: 1})}))
    code, out = run(capsys, "validate", str(path))
    assert code == 1
    assert len(out) < 5_000, len(out)


def test_values_a_plan_marks_sensitive_are_never_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "SECRET-VALUE-1234"
    plan = {
        "format_version": "1.2",
        "resource_changes": [
            {
                "address": "aws_eks_addon.x",
                "type": "aws_eks_addon",
                "change": {
                    "after": {**YAML_ADDON, "configuration_values": json.dumps({secret: secret})},
                    "after_sensitive": {"configuration_values": True},
                },
            }
        ],
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    code, out = run(capsys, "validate", str(path))
    assert code == 1
    assert secret not in out
    assert (
        "error: in configuration_values [unknown-key]: not shown, the plan marks it sensitive"
        in out
    )


def test_output_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "main.tf.json"
    path.write_text(tf(ADDON))
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "eks_addons.cli", "validate", str(path)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr == "eks-addons: cannot write the output (No space left on device)\n"


def test_warnings_of_a_sensitive_value_are_not_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "db-password-Xy9"
    body = {**YAML_ADDON, "configuration_values": json.dumps({"computeType": secret})}
    plan = {
        "format_version": "1.2",
        "resource_changes": [
            {
                "address": "aws_eks_addon.x",
                "type": "aws_eks_addon",
                "change": {"after": body, "after_sensitive": {"configuration_values": True}},
            }
        ],
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    _, out = run(capsys, "validate", str(path))
    assert secret not in out
    assert "not shown, the plan marks it sensitive" in out


def test_an_override_file_is_no_duplicate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "main.tf.json").write_text(tf(ADDON))
    (tmp_path / "main_override.tf.json").write_text(tf(ADDON))
    (tmp_path / "override.tf.json").write_text(tf(ADDON))
    assert run(capsys, "validate", str(tmp_path))[0] == 0


def test_a_name_too_long_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = str(tmp_path / ("a" * 300 + ".tf.json"))
    code, out = run(capsys, "validate", name)
    assert code == 2
    [line] = out.splitlines()
    assert line.startswith(f"eks-addons: {name[:100]}")
    assert line.endswith(f"... ({len(name)} characters): File name too long")


def test_a_deep_upgrade_configuration_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    deep = '{"a":' * 3000 + "1" + "}" * 3000
    arguments = ["upgrade", "--from", "1.32", "--to", "1.33", "--addon", "coredns"]
    code, out = run(capsys, *arguments, "--configuration", deep)
    assert code == 2
    assert out == "eks-addons: --configuration: JSON nested too deeply to read\n"


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    path = tmp_path / "main.tf.json"
    path.write_text(tf(*([ADDON] * 2000)))
    process = subprocess.Popen(
        [sys.executable, "-m", "eks_addons.cli", "validate", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.read(10)
    process.stdout.close()
    _, error = process.communicate(timeout=120)
    assert process.returncode == 141  # 128 + SIGPIPE, as a shell reports it
    assert error == b""


SYNTHESIZED = {
    "resource": {
        "aws_eks_addon": {
            "vpc_cni": {**ADDON, "//": {"metadata": {"path": "platform/vpc_cni/Default"}}},
            "resolved_at_plan": {
                **ADDON,
                "addon_version": "${data.aws_eks_addon_version.v.version}",
                "//": {"metadata": {"path": "platform/later/Default"}},
            },
        }
    }
}
# (name, lock file content or None for none, exit code, text the last line contains)
LOCKS: list[tuple[str, bytes | None, int, str]] = [
    ("no lock file yet", None, 0, "1 add-ons locked (1 new, 0 moved)"),
    ("a lock file that is not JSON", b"{", 2, "not JSON"),
    ("a lock file of another format", b'{"lockfileVersion": 9, "addons": {}}', 2, "not an"),
    (
        "an entry without a version",
        b'{"lockfileVersion": 1, "addons": {"a": {"addon": "x"}}}',
        2,
        "'a' needs an 'addon' and a 'version' string",
    ),
    (
        "an entry that moves",
        b'{"lockfileVersion": 1, "addons": {"platform/vpc_cni": '
        b'{"addon": "vpc-cni", "version": "v1.19.2-eksbuild.1"}}}',
        0,
        "1 add-ons locked (0 new, 1 moved)",
    ),
]


@pytest.mark.parametrize("case", LOCKS, ids=[case[0] for case in LOCKS])
def test_lock(
    case: tuple[str, bytes | None, int, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every lock file gives 0 or 2 and one clear line; a version resolved at plan is not
    locked; a failed run leaves the lock file as it was."""
    _, content, code, text = case
    (tmp_path / "cdk.tf.json").write_text(json.dumps(SYNTHESIZED))
    lock_file = tmp_path / "eks-addons.lock.json"
    if content is not None:
        lock_file.write_bytes(content)
    exit_code, out = run(
        capsys, "lock", str(tmp_path / "cdk.tf.json"), "--lock-file", str(lock_file)
    )
    assert exit_code == code, out
    assert text in out.splitlines()[-1], out
    assert "Traceback" not in out
    if code == 0:
        addons = json.loads(lock_file.read_text())["addons"]
        assert addons == {
            "platform/vpc_cni": {"addon": "vpc-cni", "version": ADDON["addon_version"]}
        }
    else:
        assert lock_file.read_bytes() == content
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cdk.tf.json", lock_file.name]


def test_lock_without_a_synth_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "cdk.tf.json").write_text(json.dumps({"resource": {}}))
    exit_code, out = run(capsys, "lock", str(tmp_path), "--lock-file", str(tmp_path / "l.json"))
    assert (exit_code, len(out.splitlines())) == (2, 1), out
    assert "no aws_eks_addon with a version and a construct path" in out


def test_lock_does_not_follow_a_symlinked_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "cdk.tf.json").write_text(json.dumps(SYNTHESIZED))
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    target = tmp_path / "link" / "eks-addons.lock.json"
    exit_code, out = run(capsys, "lock", str(tmp_path / "cdk.tf.json"), "--lock-file", str(target))
    assert (exit_code, len(out.splitlines())) == (2, 1), out
    assert list((tmp_path / "real").iterdir()) == []
