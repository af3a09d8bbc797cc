"""The dependency rule: the pure core never imports a CDK, constructs, jsii or the provider;
exactly one module of the package imports a CDK."""

import ast
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

CDKS = ("cdktf", "cdktf_cdktf_provider_aws", "cdktn", "cdktn_provider_aws")
JSII_WORLD = (*CDKS, "constructs", "jsii")
CDK_LAYER = {"addons", "cdk.py", "testing.py"}
MODULES = sorted((ROOT / "eks_addons").rglob("*.py"))
PURE = [
    path for path in MODULES if not CDK_LAYER & set(path.relative_to(ROOT / "eks_addons").parts)
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


def test_exactly_one_module_imports_a_cdk() -> None:
    importers = [
        path.relative_to(ROOT).as_posix() for path in MODULES if imported_modules(path) & set(CDKS)
    ]
    assert importers == ["eks_addons/cdk.py"]


def test_star_import_of_the_package_loads_no_jsii() -> None:
    code = (
        "import sys; from eks_addons import *; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {JSII_WORLD!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_importing_the_package_and_builders_loads_no_jsii() -> None:
    code = (
        "import sys, eks_addons, eks_addons.config, eks_addons.catalog, eks_addons.checks;"
        "import eks_addons.specs, eks_addons.checks.placement, eks_addons.cli, eks_addons.plan;"
        "import eks_addons.validate, eks_addons.upgrade, eks_addons.testing;"
        "eks_addons.plan.plan_addon(eks_addons.specs.VPC_CNI_SPEC, eks_addons.plan.AddonRequest("
        "    configuration={}, kubernetes_version='1.33'));"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {JSII_WORLD!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_cli_parses_its_command_line_with_the_standard_library_alone() -> None:
    code = (
        "import sys, eks_addons.cli; eks_addons.cli.parser().format_help();"
        "print(sorted(m for m in sys.modules if m.startswith(('eks_addons', 'jsonschema',"
        " 'importlib.metadata'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['eks_addons', 'eks_addons.cli']"


# Data flows one way: each module imports only from its own layer or the ones below.
LAYERS: list[set[str]] = [
    {"inputs", "k8s"},
    {"errors", "tokens", "text", "catalog.versions", "terraform_json"},
    {"config"},
    {"catalog"},
    {"specs"},
    {"checks"},
    {"plan"},
    {"validate", "lock"},
    {"upgrade", "upgrade_report"},
    {"cli", "commands", "cdk"},
    {"addons"},
    {"testing"},  # pure helpers, and the CDK's (loaded when called)
    {"__init__"},  # the package's names: the pure ones, and the constructs on first use
]


def layer_of(module: str) -> int:
    """The layer of ``eks_addons.<module>`` (its longest listed prefix)."""
    parts = module.split(".")
    for length in range(len(parts), 0, -1):
        prefix = ".".join(parts[:length])
        for number, layer in enumerate(LAYERS):
            if prefix in layer:
                return number
    raise AssertionError(f"eks_addons.{module} is in no layer")


def own_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("eks_addons."):
                found.add(node.module.removeprefix("eks_addons."))
            elif node.module == "eks_addons":
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(
                alias.name.removeprefix("eks_addons.")
                for alias in node.names
                if alias.name.startswith("eks_addons.")
            )
    return found


def test_every_module_imports_only_from_its_layer_or_below() -> None:
    backwards = []
    for path in MODULES:
        relative = path.relative_to(ROOT / "eks_addons").with_suffix("")
        module = ".".join(relative.parts).removesuffix(".__init__") or "__init__"
        own = layer_of(module)
        for imported in own_imports(path):
            if layer_of(imported) > own:
                backwards.append(f"{module} -> {imported}")
    assert backwards == []


def test_only_the_cdk_helpers_and_the_optional_extra_import_late() -> None:
    late = set()
    for path in MODULES:
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if isinstance(node, ast.ImportFrom) and node.module:
                        late.add((path.name, node.module))
                    elif isinstance(node, ast.Import):
                        late.update((path.name, alias.name) for alias in node.names)
    # testing.app and testing.synth load the CDK only when called (the rest stays pure);
    # refresh --from-aws loads boto3, an optional extra, only when asked; the package and the
    # CLI read the installed version only when asked (importlib.metadata costs 0.1 s); each
    # command imports the checks (jsonschema) or the refresh only when it runs
    assert late == {
        ("__init__.py", "importlib"),
        ("cli.py", "importlib"),
        ("inputs.py", "yaml"),
        ("commands.py", "eks_addons.validate"),
        ("commands.py", "eks_addons.upgrade"),
        ("commands.py", "eks_addons.upgrade_report"),
        ("commands.py", "eks_addons.catalog"),
        ("commands.py", "eks_addons.catalog.refresh"),
        ("commands.py", "eks_addons.lock"),
        ("testing.py", "eks_addons.cdk"),
        ("testing.py", "eks_addons.addons.registry"),
        ("testing.py", "eks_addons.addons.refusal"),
        ("aws.py", "boto3"),
        ("aws.py", "botocore.exceptions"),
    }
