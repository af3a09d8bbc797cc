"""Every Python example in the README and docs runs as written, against the shipped catalog
(on CDK Terrain, with the imports renamed as docs/cdk-terrain.md says)."""

from pathlib import Path

import pytest

from eks_addons.catalog import CATALOG_ENV
from eks_addons.config.generated import BUILDER_MODULES
from scripts.example_project import for_cdk
from tests.helpers import doc_blocks, lane_cdk

EXAMPLES = [pytest.param(code, id=where) for where, code in doc_blocks()]


def test_the_pages_that_show_code_have_their_examples_collected() -> None:
    pages = {str(example.id).split(":")[0] for example in EXAMPLES}
    assert {"README.md", "docs/index.md", "docs/errors.md", "docs/iam.md"} <= pages
    assert {f"docs/addons/{name}.md" for name in BUILDER_MODULES} <= pages


@pytest.mark.parametrize("code", EXAMPLES)
def test_example_runs(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(CATALOG_ENV)
    exec(compile(for_cdk(code, lane_cdk()), "<example>", "exec"), {})
