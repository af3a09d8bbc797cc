"""Choosing an add-on version for a Kubernetes version, from the catalog."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from eks_addons.catalog.catalog import catalog
from eks_addons.catalog.versions import kubernetes_key
from eks_addons.errors import Problem, ProblemCode

LATEST = "latest"
"""``addon_version=LATEST``: the newest catalog version compatible with the cluster."""

_KUBERNETES = re.compile(r"\d+\.\d+")
_SHOWN = 8


@dataclass(frozen=True)
class Selection:
    """The version to write (``None``: leave it to EKS), with problems and warnings."""

    version: str | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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


def select_version(addon: str, requested: str | None, kubernetes: str | None) -> Selection:
    """The version for ``addon`` given ``requested`` (a pin, ``"latest"`` or ``None``).

    ``None`` takes the catalog's default for ``kubernetes``; a pin is checked against the
    versions AWS lists for it (an unknown pin is a warning, not an error).
    """
    if kubernetes is not None and not _KUBERNETES.fullmatch(kubernetes):
        problem = Problem(
            ProblemCode.INVALID_ARGUMENT,
            "kubernetes_version",
            "must be a Kubernetes minor version",
            kubernetes,
            allowed="e.g. '1.33'",
        )
        return Selection(None, [problem])
    addon_catalog = catalog(addon)
    if requested not in (None, LATEST):
        assert requested is not None
        if addon_catalog is None or kubernetes is None:
            return Selection(requested)
        if requested not in addon_catalog.kubernetes_of:
            return Selection(
                requested,
                warnings=[
                    f"{addon} {requested} is not in the catalog; its compatibility with "
                    f"Kubernetes {kubernetes} is not checked (refresh it: eks-addons refresh)"
                ],
            )
        fits = addon_catalog.kubernetes_of[requested]
        if kubernetes in fits:
            return Selection(requested)
        compatible = addon_catalog.compatible(kubernetes)
        default = addon_catalog.default(kubernetes)
        return Selection(
            requested,
            [
                Problem(
                    ProblemCode.INCOMPATIBLE_VERSION,
                    "addon_version",
                    f"is not compatible with Kubernetes {kubernetes} "
                    f"(AWS lists it for Kubernetes {_span(fits)})",
                    requested,
                    allowed=(f"default {default}; " if default else "") + _listing(compatible),
                )
            ],
        )
    if kubernetes is None:
        if requested == LATEST:
            problem = Problem(
                ProblemCode.INVALID_ARGUMENT,
                "addon_version",
                "'latest' needs the cluster's Kubernetes version",
                requested,
                allowed="pass kubernetes_version, or a cluster created in the stack",
            )
            return Selection(None, [problem])
        return Selection(None)
    if addon_catalog is None:
        if requested == LATEST:
            problem = Problem(
                ProblemCode.INVALID_ARGUMENT,
                "addon_version",
                f"'latest' needs catalog data, and there is none for {addon}",
                requested,
                allowed="a pinned version",
            )
            return Selection(None, [problem])
        return Selection(None)
    chosen = (
        addon_catalog.latest(kubernetes)
        if requested == LATEST
        else addon_catalog.default(kubernetes)
    )
    if chosen is None:
        known = addon_catalog.kubernetes_versions
        message = (
            f"{addon}: the catalog knows no version for Kubernetes {kubernetes} "
            f"(it covers {known[0]} to {known[-1]})"
        )
        if requested == LATEST:
            problem = Problem(
                ProblemCode.INCOMPATIBLE_VERSION,
                "kubernetes_version",
                message.removeprefix(f"{addon}: "),
                kubernetes,
                allowed="pin addon_version, or refresh the catalog",
            )
            return Selection(None, [problem])
        return Selection(None, warnings=[message + "; EKS will pick its default version"])
    return Selection(chosen)
