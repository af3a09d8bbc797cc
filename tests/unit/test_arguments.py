"""The provider's own argument rules, checked before Terraform sees them."""

import pytest

from eks_addons.checks.arguments import ResolveConflicts, check_arguments
from eks_addons.errors import Findings


def check(**overrides: object) -> list[tuple[str, str]]:
    arguments: dict[str, object] = {
        "addon_name": "vpc-cni",
        "cluster_name": "demo",
        "addon_version": None,
        "resolve_conflicts_on_create": None,
        "resolve_conflicts_on_update": None,
        "is_unresolved": lambda value: isinstance(value, str) and value.startswith("${"),
    }
    arguments.update(overrides)
    findings = Findings()
    check_arguments(**arguments, findings=findings)  # type: ignore[arg-type]
    return [(p.path, p.code.value) for p in findings.problems]


def test_accepts_valid_arguments() -> None:
    assert check(addon_version="v1.19.0-eksbuild.1", resolve_conflicts_on_update="PRESERVE") == []


@pytest.mark.parametrize("version", ["1.19.0-eksbuild.1", "v1.19", "latest", "v1.19.0 "])
def test_rejects_versions_the_provider_rejects(version: str) -> None:
    assert check(addon_version=version) == [("addon_version", "invalid-argument")]


@pytest.mark.parametrize("name", ["-demo", "demo cluster", "", "x" * 101])
def test_rejects_cluster_names_the_provider_rejects(name: str) -> None:
    assert check(cluster_name=name) == [("cluster_name", "invalid-argument")]


def test_rejects_preserve_on_create() -> None:
    problems = check(resolve_conflicts_on_create=ResolveConflicts.PRESERVE)
    assert problems == [("resolve_conflicts_on_create", "invalid-argument")]


def test_rejects_lowercase_resolve_conflicts() -> None:
    assert check(resolve_conflicts_on_update="overwrite") == [
        ("resolve_conflicts_on_update", "invalid-argument")
    ]


def test_skips_unresolved_tokens() -> None:
    assert check(cluster_name="${TfToken[TOKEN.1]}", addon_version="${TfToken[TOKEN.2]}") == []


def test_reports_every_problem() -> None:
    assert check(cluster_name="-x", addon_version="1", resolve_conflicts_on_create="PRESERVE") == [
        ("cluster_name", "invalid-argument"),
        ("addon_version", "invalid-argument"),
        ("resolve_conflicts_on_create", "invalid-argument"),
    ]
