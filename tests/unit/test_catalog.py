"""The version catalog and version selection."""

import pytest

from eks_addons.catalog import CATALOG_ENV, LATEST, AddonCatalog, catalog, cataloged_addons
from eks_addons.catalog.versions import (
    addon_version_key,
    is_addon_version,
    kubernetes_key,
    newest_first,
)
from eks_addons.errors import WarningCode
from tests.helpers import FIXTURE_CATALOG, select

DEFAULTS = ("vpc-cni", "coredns", "kube-proxy")


def of(addon: str) -> AddonCatalog:
    found = catalog(addon)
    assert found is not None
    return found


@pytest.fixture
def shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalog shipped in the package, not the tests' frozen fixture."""
    monkeypatch.delenv(CATALOG_ENV)


@pytest.mark.usefixtures("shipped")
def test_shipped_catalog_covers_the_three_defaults() -> None:
    assert set(DEFAULTS) <= set(cataloged_addons())


@pytest.mark.usefixtures("shipped")
@pytest.mark.parametrize("addon", DEFAULTS)
def test_shipped_catalog_covers_contiguous_kubernetes_versions_from_1_20(addon: str) -> None:
    minors = [kubernetes_key(k) for k in of(addon).kubernetes_versions]
    assert minors[0] == (1, 20)
    assert minors == [(1, minor) for minor in range(20, 20 + len(minors))]


# AWS's computeTypes of the newest version (../shared/addon-data/addon-versions-meta.json)
NEWEST_COMPUTE_TYPES: dict[str, frozenset[str]] = {
    "vpc-cni": frozenset({"ec2", "local-cluster"}),
    "coredns": frozenset({"ec2", "fargate", "auto", "hybrid", "local-cluster"}),
    "kube-proxy": frozenset({"ec2", "hybrid", "local-cluster"}),
}


@pytest.mark.usefixtures("shipped")
@pytest.mark.parametrize("addon", DEFAULTS)
def test_shipped_catalog_says_where_every_version_runs(addon: str) -> None:
    addon_catalog = of(addon)
    assert set(addon_catalog.compute_types_of) == set(addon_catalog.kubernetes_of)
    assert addon_catalog.compute_types(None, None) == NEWEST_COMPUTE_TYPES[addon]


@pytest.mark.usefixtures("shipped")
@pytest.mark.parametrize("addon", DEFAULTS)
def test_every_shipped_default_is_a_compatible_known_version(addon: str) -> None:
    addon_catalog = of(addon)
    for kubernetes, version in addon_catalog.defaults.items():
        assert kubernetes in addon_catalog.kubernetes_of[version]


@pytest.mark.usefixtures("shipped")
@pytest.mark.parametrize("addon", DEFAULTS)
def test_every_shipped_version_has_a_schema(addon: str) -> None:
    addon_catalog = of(addon)
    assert all(addon_catalog.schema_of[v] in addon_catalog.schemas for v in addon_catalog.versions)


def test_fixture_catalog_covers_kubernetes_1_20_to_1_36() -> None:
    for addon in DEFAULTS:
        assert of(addon).kubernetes_versions == [f"1.{minor}" for minor in range(20, 37)]


def test_catalog_records_its_source() -> None:
    assert "describe-addon-versions" in of("vpc-cni").source


def test_aws_defaults_for_kubernetes_1_33() -> None:
    assert {addon: of(addon).default("1.33") for addon in DEFAULTS} == {
        "vpc-cni": "v1.22.4-eksbuild.3",
        "coredns": "v1.12.4-eksbuild.18",
        "kube-proxy": "v1.33.10-eksbuild.18",
    }


def test_versions_sort_by_number_not_text() -> None:
    versions = of("coredns").versions
    assert versions.index("v1.11.4-eksbuild.40") < versions.index("v1.11.4-eksbuild.2")


def test_seed_pair_is_flagged_with_the_versions_that_fit() -> None:
    _, findings = select("vpc-cni", "v1.14.0-eksbuild.3", "1.29")
    [problem] = findings.problems
    assert problem.code.value == "incompatible-version"
    assert problem.path == "addon_version"
    assert "AWS lists it for Kubernetes 1.23-1.28" in problem.message
    assert problem.allowed is not None
    assert problem.allowed.startswith("default v1.20.4-eksbuild.2; v1.21.1-eksbuild.7")


def test_seed_coredns_pin_fits_1_29() -> None:
    assert select("coredns", "v1.11.1-eksbuild.6", "1.29")[1].problems == []


def test_omitted_version_takes_the_default() -> None:
    assert select("kube-proxy", None, "1.29")[0] == "v1.29.15-eksbuild.16"


def test_latest_takes_the_newest_compatible() -> None:
    assert select("kube-proxy", LATEST, "1.29")[0] == "v1.29.15-eksbuild.50"


def test_unknown_pin_is_a_warning_not_an_error() -> None:
    version, findings = select("vpc-cni", "v1.99.0-eksbuild.1", "1.33")
    assert findings.problems == []
    assert version == "v1.99.0-eksbuild.1"
    [warning] = findings.warnings
    assert (warning.code, warning.addon, warning.path) == (
        WarningCode.UNKNOWN_VERSION,
        "vpc-cni",
        "addon_version",
    )
    assert "is not in the catalog" in warning.message


def test_kubernetes_newer_than_the_catalog_leaves_the_version_to_eks_with_a_warning() -> None:
    version, findings = select("vpc-cni", None, "1.37")
    assert (version, findings.problems) == (None, [])
    [warning] = findings.warnings
    assert warning.code is WarningCode.KUBERNETES_NOT_IN_CATALOG
    assert warning.message == (
        "the catalog knows no version for Kubernetes 1.37 (newer than the newest it covers, "
        "1.36; AWS data as of 2026-08-22 (us-east-1), the catalog at "
        f"{FIXTURE_CATALOG}): EKS will pick its default version; refresh it (eks-addons "
        "refresh, see docs/versions.md)"
    )


def test_latest_for_kubernetes_newer_than_the_catalog_is_a_warning_not_an_error() -> None:
    version, findings = select("vpc-cni", LATEST, "1.37")
    assert (version, findings.problems) == (None, [])
    assert [w.code for w in findings.warnings] == [WarningCode.KUBERNETES_NOT_IN_CATALOG]


def test_a_known_pin_on_kubernetes_newer_than_the_catalog_is_a_warning_not_an_error() -> None:
    version, findings = select("kube-proxy", "v1.36.0-eksbuild.15", "1.37")
    assert (version, findings.problems) == ("v1.36.0-eksbuild.15", [])
    [warning] = findings.warnings
    assert warning.code is WarningCode.KUBERNETES_NOT_IN_CATALOG
    assert "whether v1.36.0-eksbuild.15 runs on it is not checked" in warning.message


@pytest.mark.parametrize("kubernetes", [None, "1.33"])
def test_a_pin_newer_than_the_catalog_is_always_said(kubernetes: str | None) -> None:
    version, findings = select("coredns", "v1.15.0-eksbuild.1", kubernetes)
    assert (version, findings.problems) == ("v1.15.0-eksbuild.1", [])
    [warning] = findings.warnings
    assert warning.code is WarningCode.UNKNOWN_VERSION
    assert "is not in the catalog (newer than its newest, v1.14.3-eksbuild.14; AWS data" in (
        warning.message
    )


def test_rejects_latest_without_kubernetes_version() -> None:
    assert [(p.path, p.code.value) for p in select("vpc-cni", LATEST, None)[1].problems] == [
        ("addon_version", "invalid-argument")
    ]


def test_rejects_a_malformed_kubernetes_version() -> None:
    assert [(p.path, p.code.value) for p in select("vpc-cni", None, "v1.33")[1].problems] == [
        ("kubernetes_version", "invalid-argument")
    ]


def test_without_kubernetes_version_nothing_is_chosen() -> None:
    assert select("vpc-cni", None, None)[0] is None


def test_addons_without_catalog_data_pass_pins_through() -> None:
    version, findings = select("kasten_k10", "v1.30.0-eksbuild.1", "1.33")
    assert (version, findings.problems, findings.warnings) == ("v1.30.0-eksbuild.1", [], [])


def test_nearest_schema_of_the_same_minor() -> None:
    found = of("vpc-cni").schema_for("v1.22.4-eksbuild.7")
    assert found is not None
    assert found.version == "v1.22.4-eksbuild.3"
    assert of("vpc-cni").schema_for("v0.1.0-eksbuild.1") is None


@pytest.mark.parametrize(
    ("version", "key"),
    [
        ("v1.19.0-eksbuild.1", (1, 19, 0, 1, "eksbuild.1")),
        ("v1.10.2", (1, 10, 2, 0, "")),
        ("v1.6.2-eksbuild.0", (1, 6, 2, 0, "eksbuild.0")),
        ("v1.4.0-eksbuild.preview", (1, 4, 0, -1, "eksbuild.preview")),
        ("v1.0.10000020260817-eksbuild.1", (1, 0, 10000020260817, 1, "eksbuild.1")),
    ],
)
def test_reads_every_version_form_aws_lists(version: str, key: tuple[object, ...]) -> None:
    assert addon_version_key(version) == key
    assert is_addon_version(version)


@pytest.mark.parametrize(
    "version", ["1.19.0-eksbuild.1", "v1.19", "v1.19.0-", "v1.19.0-eks_build.1"]
)
def test_rejects_what_is_no_addon_version(version: str) -> None:
    assert not is_addon_version(version)
    with pytest.raises(ValueError, match="not an EKS add-on version"):
        addon_version_key(version)


def test_a_preview_sorts_before_the_numbered_builds_of_its_release() -> None:
    assert newest_first(["v1.4.0-eksbuild.1", "v1.4.0-eksbuild.preview", "v1.3.9-eksbuild.9"]) == [
        "v1.4.0-eksbuild.1",
        "v1.4.0-eksbuild.preview",
        "v1.3.9-eksbuild.9",
    ]
