"""The docs' option lists are generated from the builders and must be current."""

import json
import re
import subprocess
import sys
from pathlib import Path

from scripts import released_defaults
from scripts.check_site import problems
from tests.helpers import ROOT


def test_option_tables_in_docs_are_current() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.gen_docs", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_site_check_finds_a_marker_and_an_empty_block(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<p>--8 &lt; --"examples/x.py"</p>')
    (tmp_path / "b.html").write_text('<pre class="x"><span></span><code> </code></pre>')
    (tmp_path / "c.html").write_text("<pre><code>print(1)</code></pre>")
    (tmp_path / "d.html").write_text(
        "<h3>enable_pod_eni = option(&#39;env.X&#39;, BoolString())</h3>"
    )
    (tmp_path / "e.html").write_text("<code>VpcCniAddon(*args, **kwargs)</code>")
    (tmp_path / "f.html").write_text("<p>the option (one of three)</p>")
    assert problems(tmp_path) == [
        "a.html: a snippet marker rendered as text",
        "b.html: an empty code block",
        "d.html: a declaration shown for a parameter",
        "e.html: a declaration shown for a parameter",
    ]


def _unreleased(changelog: str) -> str:
    """The CHANGELOG's ``[Unreleased]`` section."""
    return changelog.split("## [Unreleased]")[1].split("\n## ", maxsplit=1)[0]


def test_the_changelog_and_the_version_follow_one_scheme() -> None:
    """Keep a Changelog headings (``## [Unreleased]``, then ``## [X.Y.Z] - YYYY-MM-DD``,
    newest first, each section one of its kinds); the newest release is the package's version
    (semantic versioning, as pyproject.toml says)."""
    import tomllib  # noqa: PLC0415

    text = (ROOT / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## (.*)$", text, re.MULTILINE)
    assert headings[0] == "[Unreleased]"
    released = [
        re.fullmatch(r"\[(\d+)\.(\d+)\.(\d+)\] - \d{4}-\d{2}-\d{2}", h) for h in headings[1:]
    ]
    assert all(released), headings
    versions = [tuple(int(part) for part in found.groups()) for found in released if found]
    assert versions == sorted(versions, reverse=True)
    kinds = set(re.findall(r"^### (.*)$", text, re.MULTILINE))
    assert kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}, kinds
    unreleased = _unreleased(text)
    assert "**Defaults moved**" in unreleased  # a release says which defaults it moves
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["version"] == ".".join(map(str, versions[0]))


def test_the_changelog_lists_every_default_moved_since_the_last_release() -> None:
    """The next release's "Defaults moved" entry names every default of the newest release
    (``tests/fixtures/released-defaults.json``) that the shipped catalog changes, as
    ``<add-on> on <Kubernetes>: <old> -> <new>``, or says "none" when there is none."""
    text = (ROOT / "CHANGELOG.md").read_text()
    newest = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", text, re.MULTILINE)[0]
    record = json.loads((ROOT / "tests" / "fixtures" / "released-defaults.json").read_text())
    assert newest in record, f"python -m scripts.released_defaults {newest} --ref <its commit>"
    now = released_defaults.defaults()
    moved = [
        f"{addon} on {kubernetes}: {old} -> {now.get(addon, {}).get(kubernetes, 'none')}"
        for addon, versions in record[newest]["defaults"].items()
        for kubernetes, old in versions.items()
        if now.get(addon, {}).get(kubernetes) != old
    ]
    [entry] = re.findall(
        r"^- \*\*Defaults moved\*\*(.*?)(?=^- |^#|\Z)", _unreleased(text), re.M | re.S
    )
    said = " ".join(entry.split())
    assert [m for m in moved if m not in said] == [], said
    assert (": none" in said) is not bool(moved), said
