"""Every add-on the library models is complete: a spec, a construct, a docs page, reference."""

import ast

import pytest

from eks_addons import specs
from eks_addons.specs import SPECS, AddonSpec, spec_for
from tests.helpers import ROOT

REFERENCE = (ROOT / "docs" / "reference.md").read_text()
IDS = [spec.name for spec in SPECS]


def construct_modules() -> dict[str, str]:
    """``spec constant -> module`` for every construct module naming a spec."""
    found = {}
    for path in sorted((ROOT / "eks_addons" / "addons").glob("*.py")):
        classes = [n for n in ast.parse(path.read_text()).body if isinstance(n, ast.ClassDef)]
        for node in (statement for cls in classes for statement in cls.body):
            if (
                isinstance(node, ast.Assign)
                and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["spec"]
                and isinstance(node.value, ast.Name)
            ):
                found[node.value.id] = path.stem
    return found


def constant_of(spec: AddonSpec) -> str:
    [name] = [name for name, value in vars(specs).items() if value is spec]
    return name


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_every_spec_has_a_construct(spec: AddonSpec) -> None:
    assert constant_of(spec) in construct_modules()


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_every_spec_has_a_docs_page_with_its_options(spec: AddonSpec) -> None:
    assert spec.docs_page is not None
    page = (ROOT / "docs" / spec.docs_page).read_text()
    first = next(name for name, _ in spec.builder.options())
    assert f"<!-- options:{spec.builder.__name__} -->\n`{first}` &rarr; `" in page


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_every_spec_has_its_builder_and_construct_in_the_reference(spec: AddonSpec) -> None:
    assert f"::: {spec.builder.__module__}\n" in REFERENCE
    module = construct_modules()[constant_of(spec)]
    assert f"::: eks_addons.addons.{module}\n" in REFERENCE


def test_names_are_unique() -> None:
    assert len(IDS) == len(set(IDS))


def test_an_unknown_addon_gets_a_bare_spec() -> None:
    spec = spec_for("some-addon")
    assert (spec.name, spec.rules, spec.service_account, spec.compute_types) == (
        "some-addon",
        (),
        None,
        None,
    )


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_every_rule_links_its_source(spec: AddonSpec) -> None:
    for rule in spec.rules:
        assert "](https://" in rule.source, rule.summary


def _all_of(module: str) -> list[str]:
    """A module's ``__all__`` and its lazily-loaded names (the keys of ``_MODULES``), read
    from its source."""
    tree = ast.parse((ROOT / "eks_addons" / module).read_text())
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in ("__all__", "_MODULES") for t in node.targets
        ):
            values = node.value.keys if isinstance(node.value, ast.Dict) else [node.value]
            names += [
                c.value
                for value in values
                if value is not None
                for c in ast.walk(value)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            ]
    return names


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_public_names_follow_the_specs(spec: AddonSpec) -> None:
    builder = spec.builder.__name__
    assert builder in _all_of("__init__.py")
    assert builder in _all_of("config/__init__.py")
    construct = {path.stem: path for path in (ROOT / "eks_addons" / "addons").glob("*.py")}[
        construct_modules()[constant_of(spec)]
    ]
    classes = [
        node.name
        for node in ast.parse(construct.read_text()).body
        if isinstance(node, ast.ClassDef) and node.name.endswith("Addon")
    ]
    for name in classes:
        assert name in _all_of("__init__.py")  # loaded on first use
        assert name in _all_of("addons/__init__.py")


def test_every_spec_module_is_listed() -> None:
    modules = {path.stem for path in (ROOT / "eks_addons" / "specs").glob("*.py")} - {
        "__init__",
        "model",
        "replacements",
    }
    named = {getattr(specs, module).SPEC.name for module in modules}
    assert named == {spec.name for spec in SPECS}
