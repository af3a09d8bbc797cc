"""Rules the AWS provider (hashicorp/aws 5.100.0) applies to ``aws_eks_addon`` arguments.

Checked at construction so a mistake fails at synth with every problem listed, instead of
at ``terraform validate`` or ``apply``. Pure Python: values that are unresolved cdktf
tokens are skipped by the caller's ``is_unresolved`` predicate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
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
    preserve: object = None,
    tags: object = None,
    timeouts: object = None,
    region: object = None,
    service_account_role_arn: object = None,
    pod_identity_association: object = None,
    terraform_json: bool = False,
) -> None:
    """Add every problem with the arguments the provider validates itself, and with their
    types (what the provider bindings would refuse with a type error; in Terraform JSON
    (``terraform_json``), what Terraform cannot convert)."""

    def known(value: object) -> bool:
        return value is not None and not is_unresolved(value)

    _check_types(
        findings,
        known,
        terraform_json=terraform_json,
        preserve=preserve,
        tags=tags,
        timeouts=timeouts,
        region=region,
        service_account_role_arn=service_account_role_arn,
        pod_identity_association=pod_identity_association,
    )

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


TIMEOUTS = ("create", "update", "delete")


_SCALARS = (str, int, float, bool)


def _check_types(
    findings: Findings, known: Callable[[object], bool], *, terraform_json: bool, **given: object
) -> None:
    """Python types the provider's arguments take (a token stands for any value)."""
    preserve = given["preserve"]
    converts = terraform_json and preserve in ("true", "false")  # Terraform converts these
    if known(preserve) and not isinstance(preserve, bool) and not converts:
        findings.error(
            ProblemCode.INVALID_TYPE, "preserve", "must be a bool", preserve, "True or False"
        )
    for name in ("region", "service_account_role_arn"):
        value = given[name]
        if known(value) and not isinstance(value, str):
            findings.error(ProblemCode.INVALID_TYPE, name, "must be a str", type(value).__name__)
    if known(given["tags"]):
        _check_tags(findings, known, given["tags"], _SCALARS if terraform_json else (str,))
    if known(given["timeouts"]):
        _check_timeouts(findings, known, given["timeouts"])
    associations = given["pod_identity_association"]
    if known(associations) and (
        isinstance(associations, str | bytes | Mapping) or not isinstance(associations, Sequence)
    ):
        findings.error(
            ProblemCode.INVALID_TYPE,
            "pod_identity_association",
            "must be a list of EksAddonPodIdentityAssociation",
            type(associations).__name__,
        )


def _check_tags(
    findings: Findings,
    known: Callable[[object], bool],
    tags: object,
    values: tuple[type, ...],
) -> None:
    if not isinstance(tags, Mapping):
        findings.error(
            ProblemCode.INVALID_TYPE,
            "tags",
            "must be a mapping of str to str",
            type(tags).__name__,
            '{"team": "platform"}',
        )
        return
    for key, value in tags.items():
        if not (isinstance(key, str) and (isinstance(value, values) or not known(value))):
            findings.error(
                ProblemCode.INVALID_TYPE,
                f"tags.{key}",
                "must map a str to a str",
                value,
                "a string value",
            )


def timeout_fields(timeouts: object) -> Mapping[str, object] | None:
    """The fields of ``EksAddonTimeouts`` (or of a mapping); ``None``: neither."""
    if isinstance(timeouts, Mapping):
        return timeouts
    if all(hasattr(timeouts, name) for name in TIMEOUTS):
        found = {name: getattr(timeouts, name) for name in TIMEOUTS}
        return {name: value for name, value in found.items() if value is not None}
    return None


def _check_timeouts(findings: Findings, known: Callable[[object], bool], timeouts: object) -> None:
    fields = timeout_fields(timeouts)
    if fields is None or set(fields) - set(TIMEOUTS):
        findings.error(
            ProblemCode.INVALID_TYPE,
            "timeouts",
            "must be EksAddonTimeouts, or a mapping of create, update, delete",
            type(timeouts).__name__ if fields is None else sorted(fields),
            "EksAddonTimeouts(create='30m')",
        )
        return
    for name, value in fields.items():
        if value is not None and known(value) and not isinstance(value, str):
            findings.error(
                ProblemCode.INVALID_TYPE,
                f"timeouts.{name}",
                "must be a duration string",
                value,
                "e.g. '30m'",
            )
