"""Add-on and Kubernetes version strings, and their order.

AWS's add-on versions are ``vX.Y.Z-eksbuild.N`` with rare exceptions, all of which are read:
no build suffix (old vpc-cni releases, ``v1.10.2``), a build that is not a number
(``v1.4.0-eksbuild.preview`` of the EBS CSI driver), and patch numbers that embed a date
(``v1.0.10000020260817-eksbuild.1`` of the chainguard ``*-fips`` add-ons).
"""

from __future__ import annotations

import re

_ADDON_VERSION = re.compile(
    r"v(\d{1,30})\.(\d{1,30})\.(\d{1,30})(?:-([0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*))?"
)
_BUILD = re.compile(r"eksbuild\.(\d{1,30})")

AddonVersionKey = tuple[int, int, int, int, str]


def addon_version_key(version: str) -> AddonVersionKey:
    """Sort key of an add-on version (``ValueError`` for a string that is not one).

    ``(major, minor, patch, build, suffix)``: ``build`` is N of ``-eksbuild.N``, 0 without a
    suffix, and -1 for a build that is not a number (a preview sorts before the numbered
    builds of its release); ``suffix`` breaks the remaining ties.
    """
    match = _ADDON_VERSION.fullmatch(version) if isinstance(version, str) else None
    if match is None:
        raise ValueError(f"not an EKS add-on version: {version!r}")
    major, minor, patch, suffix = match.groups()
    if suffix is None:
        build = 0
    else:
        numbered = _BUILD.fullmatch(suffix)
        build = int(numbered.group(1)) if numbered else -1
    return int(major), int(minor), int(patch), build, suffix or ""


def is_addon_version(version: str) -> bool:
    """Whether ``version`` has an add-on version's form (``vX.Y.Z-eksbuild.N`` and kin)."""
    return isinstance(version, str) and _ADDON_VERSION.fullmatch(version) is not None


def minor_of(version: str) -> tuple[int, int]:
    """``(X, Y)`` of ``vX.Y.Z-eksbuild.N``."""
    major, minor, *_ = addon_version_key(version)
    return major, minor


def distance(a: str, b: str) -> tuple[int, int, int, int]:
    """How far apart two versions are, part by part (for the nearest schema of a minor)."""
    return tuple(  # type: ignore[return-value]
        abs(x - y) for x, y in zip(addon_version_key(a)[:4], addon_version_key(b)[:4], strict=True)
    )


def kubernetes_key(version: str) -> tuple[int, int]:
    """Sort key of a Kubernetes minor version such as ``1.33``."""
    major, _, minor = version.partition(".")
    return int(major), int(minor)


def newest_first(versions: list[str] | set[str] | tuple[str, ...]) -> list[str]:
    """Add-on versions sorted newest first."""
    return sorted(versions, key=addon_version_key, reverse=True)
