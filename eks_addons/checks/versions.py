"""Choosing an add-on version for a Kubernetes version, from the catalog.

The catalog is AWS's data as of a day: what AWS released since is beyond it. A Kubernetes
version or an add-on version the catalog does not know is a warning that names the
catalog's date and how to refresh it; *incompatible* is an error only where the catalog knows
both the add-on version and the Kubernetes version.
"""

from __future__ import annotations

import itertools
import re

from eks_addons.catalog import LATEST, AddonCatalog, catalog_info
from eks_addons.catalog.versions import addon_version_key, is_addon_version, kubernetes_key
from eks_addons.errors import Findings, ProblemCode, WarningCode

_KUBERNETES = re.compile(r"\d{1,3}\.\d{1,3}")
_SHOWN = 8
REFRESH = "refresh it (eks-addons refresh, see docs/versions.md)"


def _span(kubernetes: tuple[str, ...]) -> str:
    """``1.23-1.28`` for a contiguous run of minors, else the list."""
    minors = [kubernetes_key(k) for k in kubernetes]
    contiguous = all(b == (a[0], a[1] + 1) for a, b in itertools.pairwise(minors))
    if len(kubernetes) > 2 and contiguous:
        return f"{kubernetes[0]}-{kubernetes[-1]}"
    return ", ".join(kubernetes)


def _listing(versions: list[str]) -> str:
    shown = ", ".join(versions[:_SHOWN])
    more = len(versions) - _SHOWN
    return shown + (f" … ({more} more)" if more > 0 else "")


def _as_of() -> str:
    return catalog_info().describe()


def select_version(
    addon_catalog: AddonCatalog | None,
    addon: str,
    requested: str | None,
    kubernetes: str | None,
    findings: Findings,
) -> str | None:
    """The version to write for ``addon`` (``None``: leave it to EKS); adds what it finds.

    ``requested`` is a pin, ``"latest"`` or ``None`` (the catalog's default for
    ``kubernetes``). A pin is checked against the versions AWS lists for ``kubernetes``.
    """
    if kubernetes is not None and not _KUBERNETES.fullmatch(kubernetes):
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "kubernetes_version",
            "must be a Kubernetes minor version",
            kubernetes,
            "e.g. '1.33'",
        )
        return None
    if requested is None:
        return _default(addon_catalog, kubernetes, findings)
    if requested == LATEST:
        return _latest(addon, addon_catalog, kubernetes, findings)
    if addon_catalog is not None:
        _check_pin(addon_catalog, requested, kubernetes, findings)
    return requested


def _coverage(addon_catalog: AddonCatalog, kubernetes: str) -> str:
    known = addon_catalog.kubernetes_versions
    if not known:
        return f"the catalog knows no version of {addon_catalog.addon} ({_as_of()})"
    where = (
        f"newer than the newest it covers, {known[-1]}"
        if kubernetes_key(kubernetes) > kubernetes_key(known[-1])
        else f"it covers {known[0]} to {known[-1]}"
    )
    return f"the catalog knows no version for Kubernetes {kubernetes} ({where}; {_as_of()})"


def _default(
    addon_catalog: AddonCatalog | None, kubernetes: str | None, findings: Findings
) -> str | None:
    if addon_catalog is None or kubernetes is None:
        return None
    chosen = addon_catalog.default(kubernetes)
    if chosen is None:
        findings.warn(
            WarningCode.KUBERNETES_NOT_IN_CATALOG,
            addon_catalog.addon,
            f"{_coverage(addon_catalog, kubernetes)}: EKS will pick its default version; {REFRESH}",
            "kubernetes_version",
        )
    return chosen


def _latest(
    addon: str, addon_catalog: AddonCatalog | None, kubernetes: str | None, findings: Findings
) -> str | None:
    if kubernetes is None:
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "addon_version",
            "'latest' needs the cluster's Kubernetes version",
            LATEST,
            "pass kubernetes_version, or a cluster created in the stack",
        )
        return None
    if addon_catalog is None:
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "addon_version",
            f"'latest' needs catalog data, and there is none for {addon}",
            LATEST,
            "a pinned version",
        )
        return None
    chosen = addon_catalog.latest(kubernetes)
    if chosen is None:
        findings.warn(
            WarningCode.KUBERNETES_NOT_IN_CATALOG,
            addon_catalog.addon,
            f"{_coverage(addon_catalog, kubernetes)}: 'latest' is left to EKS's default "
            f"version; {REFRESH}",
            "kubernetes_version",
        )
    return chosen


def _check_pin(
    addon_catalog: AddonCatalog, requested: str, kubernetes: str | None, findings: Findings
) -> None:
    fits = addon_catalog.kubernetes_of.get(requested)
    if fits is None:
        newest = addon_catalog.versions[0] if addon_catalog.versions else None
        newer = (
            newest is not None
            and is_addon_version(requested)
            and addon_version_key(requested) > addon_version_key(newest)
        )
        which = f"newer than its newest, {newest}" if newer else "not one it lists"
        checked = f" with Kubernetes {kubernetes}" if kubernetes else ""
        findings.warn(
            WarningCode.UNKNOWN_VERSION,
            addon_catalog.addon,
            f"{requested} is not in the catalog ({which}; {_as_of()}): its compatibility"
            f"{checked} is not checked; {REFRESH}",
            "addon_version",
        )
        return
    if kubernetes is None or kubernetes in fits:
        return
    if kubernetes not in addon_catalog.covered_kubernetes:
        findings.warn(
            WarningCode.KUBERNETES_NOT_IN_CATALOG,
            addon_catalog.addon,
            f"{_coverage(addon_catalog, kubernetes)}: whether {requested} runs on it is not "
            f"checked; {REFRESH}",
            "kubernetes_version",
        )
        return
    default = addon_catalog.default(kubernetes)
    findings.error(
        ProblemCode.INCOMPATIBLE_VERSION,
        "addon_version",
        f"is not compatible with Kubernetes {kubernetes} (AWS lists it for Kubernetes "
        f"{_span(fits)})",
        requested,
        (f"default {default}; " if default else "")
        + _listing(addon_catalog.compatible(kubernetes)),
    )
