"""An add-on's AWS permissions: the roles ``iam=`` creates, and what fails without them.

From AWS's documentation (``eks_addons/specs/iam.json``, via the spec): the service accounts
an add-on calls AWS from, how their role reaches them (IRSA through
``serviceAccountRoleArn``, EKS Pod Identity through ``podIdentityAssociations``, or a role ARN
inside the configuration), the managed policies or published documents they need, and where
AWS supports Pod Identity. ``iam=`` creates roles only where AWS documents all of that; where
it does not, the error says what to do instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from eks_addons.catalog import AddonCatalog
from eks_addons.catalog.versions import addon_version_key, is_addon_version
from eks_addons.errors import Findings, ProblemCode, WarningCode
from eks_addons.specs import AddonSpec, Permissions, ServiceAccount
from eks_addons.specs.model import IRSA, POD_IDENTITY

IamKind = Literal["irsa", "pod-identity"]
NAMES = {IRSA: "Irsa", POD_IDENTITY: "PodIdentity"}


@dataclass(frozen=True)
class Grant:
    """A role to create for one of the add-on's service accounts."""

    kind: IamKind
    namespace: str
    service_account: str
    permissions: Permissions


def grants(
    spec: AddonSpec,
    iam: IamKind | None,
    *,
    namespace: str | None,
    ip_family: str | None,
    given: Mapping[str, object],
    findings: Findings,
) -> tuple[Grant, ...]:
    """The roles ``iam=`` creates (``given``: the role arguments given beside it)."""
    if iam is None:
        return ()
    for name, value in given.items():
        if value is not None:
            findings.error(
                ProblemCode.INVALID_ARGUMENT,
                name,
                "cannot be combined with iam=, which creates the role",
                allowed="one of iam=, service_account_role_arn=, pod_identity_association=",
            )
    refusal = _refusal(spec, iam)
    if refusal is not None:
        findings.error(
            ProblemCode.INVALID_ARGUMENT, "iam", refusal, NAMES[iam], _instead(spec, iam)
        )
        return ()
    accounts = [a for a in spec.service_accounts if a.required and _reaches(a, iam)]
    for account in accounts:
        if not account.via_documented:
            findings.warn(
                WarningCode.IAM_ROUTE_NOT_DOCUMENTED,
                spec.name,
                f"AWS documents the permissions of {account.namespace}/{account.name} but not "
                "how its role reaches it (neither IRSA nor Pod Identity is named): the role is "
                f"created, and EKS refuses it at apply if the add-on does not take it through "
                f"{NAMES[iam]}()",
                "iam",
            )
    home = spec.service_accounts[0].namespace if spec.service_accounts else None
    return tuple(
        Grant(
            iam,
            namespace if namespace is not None and account.namespace == home else account.namespace,
            account.name,
            account.permissions_for(ip_family),
        )
        for account in accounts
    )


def _reaches(account: ServiceAccount, iam: IamKind) -> bool:
    """Whether ``iam`` may hand ``account`` its role (AWS says so, or says nothing)."""
    return iam in account.via or not account.via_documented


def _refusal(spec: AddonSpec, iam: IamKind) -> str | None:
    """Why ``iam=`` cannot create the roles, when it cannot."""
    facts = spec.iam
    if not spec.service_accounts:
        if facts.needs_iam is False:
            return f"is not needed: AWS documents no AWS permissions for this add-on ({facts.note})"
        return (
            "is not available for this add-on: its service accounts and policies are not "
            "known to the library (AWS documents none)"
        )
    required = [a for a in spec.service_accounts if a.required]
    through = [a for a in required if _reaches(a, iam)]
    inside = [key for a in required for key in a.in_configuration]
    if not through:
        if inside:
            return (
                "cannot hand this add-on its role: AWS passes it inside the configuration, at "
                f"{', '.join(inside)}: create the role and put its ARN there"
            )
        other = POD_IDENTITY if iam == IRSA else IRSA
        if any(other in a.via for a in required):
            return f"is not documented by AWS for this add-on; {NAMES[other]}() is"
        return "is not documented by AWS for this add-on (neither IRSA nor Pod Identity is)"
    if iam == POD_IDENTITY and facts.pod_identity_supported is False:
        return "is not supported for this add-on (AWS: no EKS Pod Identity)"
    if iam == IRSA and len(through) > 1:
        names = ", ".join(f"{a.namespace}/{a.name}" for a in through)
        return f"takes one role for one service account, and {names} each need one"
    empty = [a for a in through if a.permissions.empty]
    if empty:
        return (
            f"cannot grant {empty[0].namespace}/{empty[0].name} its permissions: AWS gives no "
            f"managed policy or ready document for it ({facts.note})"
        )
    return None


def _instead(spec: AddonSpec, iam: IamKind) -> str:
    other = POD_IDENTITY if iam == IRSA else IRSA
    if any(other in a.via for a in spec.service_accounts if a.required):
        return f"{NAMES[other]}(), or service_account_role_arn= / pod_identity_association="
    return "a role you create: service_account_role_arn= or pod_identity_association="


def check_pod_identity(
    spec: AddonSpec,
    addon_catalog: AddonCatalog | None,
    version: str | None,
    service_accounts: Sequence[str],
    findings: Findings,
) -> None:
    """Pod Identity associations EKS refuses: for an add-on or version AWS does not support it
    for, or a service account the version does not name."""
    facts = spec.iam
    since = facts.pod_identity_since
    if facts.pod_identity_supported is False:
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "pod_identity_association",
            "is refused by EKS: AWS supports no Pod Identity for this add-on",
            allowed="service_account_role_arn= (IRSA)",
        )
        return
    if _before(version, since):
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "pod_identity_association",
            f"is refused by EKS for {version}: AWS supports Pod Identity for {spec.name} "
            f"from {since}",
            allowed=f"addon_version {since} or newer, or service_account_role_arn= (IRSA)",
        )
        return
    answered = _pod_identity_answer(addon_catalog, version)
    if answered is None:
        return
    names = {str(entry.get("serviceAccount")) for entry in answered}
    for account in service_accounts:
        if account not in names:
            findings.error(
                ProblemCode.INVALID_ARGUMENT,
                "pod_identity_association",
                f"names {account!r}, which EKS refuses: AWS's podIdentityConfiguration of "
                f"{version} lists {', '.join(sorted(names)) or 'no service account'}",
                allowed=", ".join(sorted(names)) or "none: use service_account_role_arn= (IRSA)",
            )


def _before(version: str | None, since: str | None) -> bool:
    """Whether ``version`` is older than ``since`` (both known add-on versions)."""
    if version is None or since is None:
        return False
    if not (is_addon_version(version) and is_addon_version(since)):
        return False
    return addon_version_key(version) < addon_version_key(since)


def _pod_identity_answer(
    addon_catalog: AddonCatalog | None, version: str | None
) -> list[Mapping[str, Any]] | None:
    """AWS's ``podIdentityConfiguration`` of the version, where the catalog holds it."""
    if addon_catalog is None or version is None:
        return None
    found = addon_catalog.pod_identity_of.get(version)
    return None if found is None else list(found)


def warn_without_permissions(
    spec: AddonSpec, given: Mapping[str, object], findings: Findings
) -> None:
    """An add-on AWS says needs permissions, given none: what will fail."""
    facts = spec.iam
    if facts.needs_iam is not True or facts.node_role_fallback:
        return
    if any(value is not None for value in given.values()):
        return
    accounts = [a for a in spec.service_accounts if a.required]
    how = (
        "iam=Irsa(oidc_provider) or iam=PodIdentity()"
        if spec.service_account is not None
        else "service_account_role_arn= or pod_identity_association= with a role you create"
    )
    if accounts and all(a.in_configuration for a in accounts):
        keys = ", ".join(key for a in accounts for key in a.in_configuration)
        how = f"a role whose ARN goes in the configuration, at {keys}"
    findings.warn(
        WarningCode.IAM_NOT_GRANTED,
        spec.name,
        f"needs AWS permissions and is given none, so its calls to AWS will fail (AWS: "
        f"{facts.note}); grant them with {how}",
    )


def accounts_of(associations: object) -> list[str]:
    """The service accounts of ``pod_identity_association`` values (structs or mappings)."""
    if not isinstance(associations, Sequence) or isinstance(associations, str | bytes):
        return []
    names = []
    for association in associations:
        if isinstance(association, Mapping):
            name = association.get("service_account")
        else:
            name = getattr(association, "service_account", None)
        if isinstance(name, str):
            names.append(name)
    return names


__all__ = ["Grant", "IamKind", "ServiceAccount", "grants"]
