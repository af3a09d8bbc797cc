"""Add-on and Kubernetes version strings, and their order."""

from __future__ import annotations

import re

_ADDON_VERSION = re.compile(r"v(\d+)\.(\d+)\.(\d+)(?:-eksbuild\.(\d+))?")


def addon_version_key(version: str) -> tuple[int, int, int, int]:
    """Sort key of ``vX.Y.Z-eksbuild.N`` (``ValueError`` for any other form)."""
    match = _ADDON_VERSION.fullmatch(version)
    if match is None:
        raise ValueError(f"not an EKS add-on version: {version!r}")
    major, minor, patch, build = match.groups()
    return int(major), int(minor), int(patch), int(build or 0)


def is_addon_version(version: str) -> bool:
    """Whether ``version`` has the form ``vX.Y.Z-eksbuild.N``."""
    return _ADDON_VERSION.fullmatch(version) is not None


def minor_of(version: str) -> tuple[int, int]:
    """``(X, Y)`` of ``vX.Y.Z-eksbuild.N``."""
    major, minor, _, _ = addon_version_key(version)
    return major, minor


def kubernetes_key(version: str) -> tuple[int, int]:
    """Sort key of a Kubernetes minor version such as ``1.33``."""
    major, _, minor = version.partition(".")
    return int(major), int(minor)


def newest_first(versions: list[str] | set[str] | tuple[str, ...]) -> list[str]:
    """Add-on versions sorted newest first."""
    return sorted(versions, key=addon_version_key, reverse=True)
