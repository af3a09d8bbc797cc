"""``eks-addons refresh``: every input checked before anything is written, one line per
problem, and a switch of the whole catalog that nothing can leave half done."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from eks_addons.catalog import refresh as module
from eks_addons.catalog.catalog import CATALOG_ENV, RefreshError, catalog_data
from eks_addons.catalog.refresh import CatalogContents, _locked, write_catalog
from eks_addons.cli import main
from tests.helpers import FIXTURE_CATALOG, ROOT, schema_check

FIXTURES = ROOT / "tests" / "fixtures" / "aws-cli"
VERSIONS = FIXTURES / "describe-addon-versions.json"
KUBE_PROXY_SCHEMA = json.loads((FIXTURES / "kube-proxy_v1.37.0-eksbuild.1.schema.json").read_text())


def refresh(capsys: pytest.CaptureFixture[str], out: Path, *argv: str) -> tuple[int, str]:
    code = main(
        [
            "refresh",
            "--out",
            str(out),
            "--min-kubernetes",
            "1.28",
            "--taken",
            "2026-11-30",
            *argv,
        ]
    )
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def versions_page(
    *versions: tuple[str, list[dict[str, Any]]], token: str | None = None, addon: str = "kube-proxy"
) -> dict[str, Any]:
    page: dict[str, Any] = {
        "addons": [
            {
                "addonName": addon,
                "addonVersions": [
                    {"addonVersion": version, "compatibilities": compatibilities}
                    for version, compatibilities in versions
                ],
            }
        ]
    }
    if token is not None:
        page["nextToken"] = token
    return page


ONE_37 = [{"clusterVersion": "1.37", "defaultVersion": True}]


def write(path: Path, content: Any) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return path


def schema_file(directory: Path, version: str, schema: Any = None) -> Path:
    directory.mkdir(exist_ok=True)
    return write(directory / f"kube-proxy_{version}.schema.json", schema or KUBE_PROXY_SCHEMA)


def test_a_paginated_answer_cut_to_one_page_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = write(tmp_path / "p1.json", versions_page(("v1.37.0-eksbuild.1", ONE_37), token="abc"))
    schemas = schema_file(tmp_path / "schemas", "v1.37.0-eksbuild.1")
    code, out = refresh(
        capsys, tmp_path / "out", "--versions", str(page), "--configurations", str(schemas)
    )
    assert code == 2
    [line] = out.splitlines()
    assert "the answer goes on (nextToken 'abc'...): 1 of 1 page(s) say more follow" in line
    assert not (tmp_path / "out").exists() or not (tmp_path / "out" / "catalog.json").exists()


def test_every_page_of_a_paginated_answer_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = write(tmp_path / "p1.json", versions_page(("v1.37.1-eksbuild.1", ONE_37), token="abc"))
    second = write(tmp_path / "p2.json", versions_page(("v1.37.0-eksbuild.1", ONE_37)))
    schemas = schema_file(tmp_path / "schemas", "v1.37.0-eksbuild.1")
    code, out = refresh(
        capsys,
        tmp_path / "out",
        "--versions",
        str(first),
        str(second),
        "--configurations",
        str(schemas),
    )
    assert code == 0, out
    _, data = catalog_data(str(tmp_path / "out"))
    assert list(data["kube-proxy"]["versions"]) == ["v1.37.1-eksbuild.1", "v1.37.0-eksbuild.1"]


BAD_INPUTS: list[tuple[str, Any, str]] = [
    ("truncated", b'{"addons": [{"addonName": "kube-proxy", "addonVersions": [', "it ends early"),
    ("UTF-16", '{"addons": []}'.encode("utf-16"), "UTF-16 text; write it as UTF-8"),
    ("YAML", b"addons:\n- addonName: kube-proxy\n", "it looks like YAML"),
    ("empty", b"", "empty (describe-addon-versions output)"),
    ("binary", bytes(range(256)), "not UTF-8 text"),
    ("no addons", {"cluster": {}}, "not describe-addon-versions output (no 'addons' list)"),
    ("a nameless add-on", {"addons": [{"addonVersions": []}]}, "addons[0] has no addonName"),
    (
        "a compatibility without clusterVersion",
        versions_page(("v1.37.0-eksbuild.1", [{"defaultVersion": True}])),
        "compatibilities[0] has no clusterVersion of the form 1.33 (got None)",
    ),
    (
        "a version that is no version",
        versions_page(("1.37.0", ONE_37)),
        "'1.37.0' is not an add-on version",
    ),
    (
        "an empty version list",
        versions_page(),
        "kube-proxy: no versions for Kubernetes 1.28 or newer",
    ),
    (
        "addonVersions that is not a list",
        {"addons": [{"addonName": "kube-proxy", "addonVersions": "x"}]},
        "kube-proxy: addonVersions is not a list",
    ),
]


@pytest.mark.parametrize(("name", "content", "says"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_a_bad_versions_file_is_one_line_and_nothing_is_written(
    name: str, content: Any, says: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = write(tmp_path / "versions.json", content)
    schemas = schema_file(tmp_path / "schemas", "v1.37.0-eksbuild.1")
    out = tmp_path / "out"
    code, printed = refresh(
        capsys,
        out,
        "--versions",
        str(page),
        "--configurations",
        str(schemas),
        "--addon",
        "kube-proxy",
    )
    assert code == 2, printed
    [line] = printed.splitlines()
    assert line.startswith("eks-addons: ")
    assert says in line
    assert not out.exists() or list(out.iterdir()) == []


SCHEMAS: list[tuple[str, Any, str]] = [
    ("a dangling $ref", {"$ref": "#/definitions/Nope", "definitions": {}}, "points at nothing"),
    (
        "a remote $ref",
        {"$ref": "https://example.com/schema.json"},
        "is not local (the catalog is offline)",
    ),
    ("a schema that is no object", [1, 2], "the schema is not a JSON object"),
    ("truncated", b'{"properties": {', "it ends early"),
]


@pytest.mark.parametrize(("name", "schema", "says"), SCHEMAS, ids=[s[0] for s in SCHEMAS])
def test_a_schema_no_check_could_read_is_refused(
    name: str, schema: Any, says: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = write(tmp_path / "versions.json", versions_page(("v1.37.0-eksbuild.1", ONE_37)))
    schemas = schema_file(tmp_path / "schemas", "v1.37.0-eksbuild.1", schema)
    code, printed = refresh(
        capsys, tmp_path / "out", "--versions", str(page), "--configurations", str(schemas)
    )
    assert code == 2, printed
    [line] = printed.splitlines()
    assert says in line


def test_a_schema_not_valid_against_its_draft_is_kept_and_never_used(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invalid = {  # as AWS publishes snyk_runtime-sensor's: "required": true on a property
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "properties": {"secretName": {"type": "string", "required": True}},
    }
    page = write(tmp_path / "versions.json", versions_page(("v1.37.0-eksbuild.1", ONE_37)))
    schemas = schema_file(tmp_path / "schemas", "v1.37.0-eksbuild.1", invalid)
    code, printed = refresh(
        capsys, tmp_path / "out", "--versions", str(page), "--configurations", str(schemas)
    )
    assert code == 0, printed
    monkeypatch.setenv(CATALOG_ENV, str(tmp_path / "out"))
    found = schema_check("kube-proxy", "v1.37.0-eksbuild.1", {"secretName": 5})
    assert found.problems == []
    [warning] = found.warnings
    assert warning.code.value == "schema-not-valid"
    assert "not valid against its draft at properties/secretName/required" in warning.message


def test_the_target_must_not_be_a_symbolic_link(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    code, printed = refresh(
        capsys,
        tmp_path / "link",
        "--versions",
        str(VERSIONS),
        "--configurations",
        str(FIXTURES),
        "--addon",
        "kube-proxy",
    )
    assert code == 2
    assert "a symbolic link; give the directory itself" in printed
    assert list(real.iterdir()) == []


def test_no_write_follows_a_symbolic_link_planted_in_the_target(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.json"
    victim.write_text("untouched")
    (out / "catalog.json").symlink_to(victim)  # planted where the manifest goes
    info, data = catalog_data(None)
    write_catalog(CatalogContents(info.taken, info.region, info.source, data), out)
    assert victim.read_text() == "untouched"
    assert not (out / "catalog.json").is_symlink()  # the rename replaced the link itself


def test_two_refreshes_at_once_the_second_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    info, data = catalog_data(None)
    with _locked(out), pytest.raises(RefreshError, match="another refresh is writing this catalog"):
        write_catalog(CatalogContents(info.taken, info.region, info.source, data), out)


def test_a_broken_catalog_in_use_never_blocks_the_refresh_that_repairs_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "catalog.json").write_text("{broken")
    monkeypatch.setenv(CATALOG_ENV, str(out))
    code, printed = refresh(
        capsys,
        out,
        "--versions",
        str(VERSIONS),
        "--configurations",
        str(FIXTURES),
        "--addon",
        "kube-proxy",
    )
    assert code == 0, printed
    assert printed.splitlines()[0].startswith(
        "started from the shipped catalog (the one in use is broken: "
    )
    info, data = catalog_data(str(out))
    assert (info.taken.isoformat() if info.taken else None, "vpc-cni" in data) == (
        "2026-11-30",
        True,
    )


def test_a_failed_write_leaves_the_catalog_in_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    info, data = catalog_data(None)
    module.write_catalog(module.CatalogContents(info.taken, info.region, "old", data), out)
    written = 0
    real = os.fdopen

    def full_disk(fd: int, *args: Any, **kwargs: Any) -> Any:
        nonlocal written
        written += 1
        if written == 3:
            raise OSError(28, "No space left on device")
        return real(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", full_disk)
    with pytest.raises(
        RefreshError, match=r"no space left on the device.*catalog in use is unchanged"
    ):
        module.write_catalog(module.CatalogContents(info.taken, info.region, "new", data), out)
    monkeypatch.undo()
    assert catalog_data(str(out))[0].source == "old"
    assert [p.name for p in out.iterdir() if p.is_dir()] == [
        json.loads((out / "catalog.json").read_text())["files"]
    ]


_KILLED = """
import sys
from pathlib import Path
from eks_addons.catalog.catalog import catalog_data
from eks_addons.catalog.refresh import CatalogContents, write_catalog
info, data = catalog_data(sys.argv[3])
write_catalog(CatalogContents(info.taken, info.region, sys.argv[2], data), Path(sys.argv[1]))
"""


def test_a_refresh_killed_at_any_moment_leaves_a_whole_catalog(tmp_path: Path) -> None:
    """Killed at random points, again and again: the catalog always loads, all old or all
    new, every add-on's file included."""
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop(CATALOG_ENV, None)
    base = str(FIXTURE_CATALOG)
    subprocess.run(
        [sys.executable, "-c", _KILLED, str(out), "generation-0", base], check=True, env=env
    )
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", _KILLED, str(out), "timing", base], check=True, env=env)
    whole = time.monotonic() - started
    seen: set[str] = set()
    rng = random.Random(20261201)
    for attempt in range(1, 41):
        process = subprocess.Popen(
            [sys.executable, "-c", _KILLED, str(out), f"generation-{attempt}", base], env=env
        )
        time.sleep(rng.uniform(0, whole))
        process.send_signal(signal.SIGKILL)
        process.wait()
        info, data = catalog_data(str(out))  # loads every add-on's file, or raises
        assert info.source in {f"generation-{n}" for n in range(attempt + 1)} | {"timing"}
        assert data.keys() == catalog_data(base)[1].keys()
        seen.add("new" if info.source == f"generation-{attempt}" else "old")
    assert seen == {"old", "new"}, "the kills should land both before and after the switch"
