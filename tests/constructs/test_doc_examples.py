"""Every Python example in the README and docs runs as written (on CDK Terrain, with the
imports renamed as docs/cdk-terrain.md says)."""

import re
from pathlib import Path

import pytest

from scripts.example_project import for_cdk
from tests.helpers import ROOT, lane_cdk

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
EXAMPLES = [
    pytest.param(code, id=f"{page.name}:{number}")
    for page in PAGES
    for number, code in enumerate(BLOCK.findall(page.read_text()), start=1)
]


def test_the_pages_that_show_code_have_their_examples_collected() -> None:
    pages = {str(example.id).split(":")[0] for example in EXAMPLES}
    assert {"README.md", "index.md", "errors.md", "iam.md"} <= pages


@pytest.mark.parametrize("code", EXAMPLES)
def test_example_runs(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    exec(compile(for_cdk(code, lane_cdk()), "<example>", "exec"), {})
