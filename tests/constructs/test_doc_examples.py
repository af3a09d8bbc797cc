"""Every Python example in the README and docs runs as written, against the shipped catalog
(on CDK Terrain, with the imports renamed as docs/cdk-terrain.md says)."""

import re
from pathlib import Path

import pytest

from eks_addons.catalog import CATALOG_ENV
from eks_addons.config.generated import BUILDER_MODULES
from scripts.example_project import for_cdk
from tests.helpers import ROOT, lane_cdk

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
EXAMPLES = [
    pytest.param(code, id=f"{page.relative_to(ROOT)}:{number}")
    for page in PAGES
    for number, code in enumerate(BLOCK.findall(page.read_text()), start=1)
]


def test_the_pages_that_show_code_have_their_examples_collected() -> None:
    pages = {str(example.id).split(":")[0] for example in EXAMPLES}
    assert {"README.md", "docs/index.md", "docs/errors.md", "docs/iam.md"} <= pages
    assert {f"docs/addons/{name}.md" for name in BUILDER_MODULES} <= pages


@pytest.mark.parametrize("code", EXAMPLES)
def test_example_runs(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(CATALOG_ENV)
    exec(compile(for_cdk(code, lane_cdk()), "<example>", "exec"), {})
