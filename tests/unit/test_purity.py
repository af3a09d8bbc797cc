"""The dependency rule: the pure core never imports cdktf, constructs, jsii or the provider."""

import ast
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

JSII_WORLD = ("cdktf", "cdktf_cdktf_provider_aws", "constructs", "jsii")
PURE = [
    path
    for path in sorted((ROOT / "eks_addons").rglob("*.py"))
    if "addons" not in path.relative_to(ROOT / "eks_addons").parts
]


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module.split(".")[0])
    return modules


def test_pure_modules_exist() -> None:
    assert ROOT / "eks_addons" / "config" / "model.py" in PURE


def test_pure_modules_import_nothing_from_the_jsii_world() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & set(JSII_WORLD))
        for path in PURE
        if imported_modules(path) & set(JSII_WORLD)
    }
    assert offenders == {}


def test_importing_the_package_and_builders_loads_no_jsii() -> None:
    code = (
        "import sys, eks_addons, eks_addons.config, eks_addons.catalog, eks_addons.checks;"
        "import eks_addons.specs, eks_addons.checks.placement, eks_addons.cli;"
        "eks_addons.checks.check_addon("
        "    eks_addons.specs.VPC_CNI_SPEC, configuration={}, kubernetes_version='1.33');"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {JSII_WORLD!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
