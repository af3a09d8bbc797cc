"""Rules the AWS provider (hashicorp/aws 5.100.0) applies to ``aws_eks_addon`` arguments.

Checked at construction so a mistake fails at synth with every problem listed, instead of
at ``terraform validate`` or ``apply``. Pure Python: values that are unresolved cdktf
tokens are skipped by the caller's ``is_unresolved`` predicate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum

from eks_addons.errors import Findings, ProblemCode


class ResolveConflicts(StrEnum):
    """What EKS does with fields of the add-on's Kubernetes objects changed outside EKS."""

    NONE = "NONE"
    """Keep the changed values; the create or update fails if they conflict."""
    OVERWRITE = "OVERWRITE"
    """Overwrite the changed values with EKS's."""
    PRESERVE = "PRESERVE"
    """Keep the changed values (``resolve_conflicts_on_update`` only)."""


ON_CREATE = (ResolveConflicts.NONE, ResolveConflicts.OVERWRITE)
ON_UPDATE = tuple(ResolveConflicts)

# The provider's own patterns (validated by `terraform validate` against 5.100.0).
_CLUSTER_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,99}")
_SEMVER = re.compile(r"v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?")


def check_arguments(
    *,
    addon_name: object,
    cluster_name: object,
    addon_version: object | None,
    resolve_conflicts_on_create: object | None,
    resolve_conflicts_on_update: object | None,
    is_unresolved: Callable[[object], bool],
    findings: Findings,
) -> None:
    """Add every problem with the arguments the provider validates itself."""

    def known(value: object) -> bool:
        return value is not None and not is_unresolved(value)

    if known(addon_name) and not (isinstance(addon_name, str) and addon_name):
        findings.error(
            ProblemCode.INVALID_ARGUMENT, "addon_name", "must be a non-empty str", addon_name
        )
    if known(cluster_name) and not (
        isinstance(cluster_name, str) and _CLUSTER_NAME.fullmatch(cluster_name)
    ):
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "cluster_name",
            "is not a valid EKS cluster name",
            cluster_name,
            "1-100 letters, digits, '-' and '_', starting with a letter or digit",
        )
    if known(addon_version) and not (
        isinstance(addon_version, str) and _SEMVER.fullmatch(addon_version)
    ):
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "addon_version",
            "must be a semantic version starting with 'v'",
            addon_version,
            "e.g. 'v1.19.0-eksbuild.1'",
        )
    for name, value, allowed in (
        ("resolve_conflicts_on_create", resolve_conflicts_on_create, ON_CREATE),
        ("resolve_conflicts_on_update", resolve_conflicts_on_update, ON_UPDATE),
    ):
        if known(value) and value not in {member.value for member in allowed}:
            findings.error(
                ProblemCode.INVALID_ARGUMENT,
                name,
                "is not allowed here",
                value.value if isinstance(value, StrEnum) else value,
                ", ".join(repr(member.value) for member in allowed),
            )
