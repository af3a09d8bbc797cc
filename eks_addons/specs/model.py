"""What the library knows about an add-on, as data: its spec and its rules (pure Python).

An :class:`AddonSpec` holds one add-on's facts: name, typed builder, rules, service account
and IAM, where its pods run, what the cluster role needs, its docs page. A :class:`Rule` is
one relation between options that a JSON Schema cannot express, with its source and whether
breaking it is an error or a warning. The checks engine (:mod:`eks_addons.checks`) reads these;
nothing here checks anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eks_addons.catalog.versions import addon_version_key, is_addon_version
from eks_addons.config import AddonConfig
from eks_addons.errors import UNSET, WarningCode


@dataclass(frozen=True)
class Hit:
    """Where a rule fires, and why."""

    path: str
    message: str
    value: object = UNSET
    allowed: str | None = None


@dataclass(frozen=True, kw_only=True)
class Rule:
    """One documented rule: what it says, why, where that is written, and how it is found."""

    summary: str
    """The rule, for the docs table."""
    why: str
    """Why it holds, for the docs table."""
    source: str
    """Where the rule comes from (an AWS doc page, or a file and function upstream)."""
    find: Callable[[Mapping[str, Any]], Iterable[Hit]]
    """Where the rendered ``configuration_values`` break the rule."""
    warning: WarningCode | None = None
    """``None``: breaking the rule is an error (``rule``); else a warning with this code."""
    since: str | None = None
    """The first add-on version the rule holds for (``None``: every version)."""
    ip_family: str | None = None
    """The cluster IP family the rule is about: breaking it is an error on such a cluster,
    nothing on another, and the rule's ``warning`` while the family is not known."""

    def holds_for(self, version: str | None) -> bool:
        """Whether the rule applies to ``version`` (an unknown version: it does)."""
        if self.since is None or version is None or not is_addon_version(version):
            return True
        return addon_version_key(version) >= addon_version_key(self.since)


@dataclass(frozen=True)
class Permissions:
    """What an add-on's service account needs: AWS managed policies, or a policy document."""

    managed_policies: tuple[str, ...] = ()
    """Paths under ``arn:<partition>:iam::aws:policy/``, e.g.
    ``service-role/AmazonEBSCSIDriverPolicy``."""
    policy_document: Callable[[str], Mapping[str, Any]] | None = None
    """An inline policy for a partition (``aws``, ``aws-cn``, or a token), for permissions
    AWS ships no managed policy for."""

    @property
    def empty(self) -> bool:
        """Whether nothing is granted."""
        return not self.managed_policies and self.policy_document is None


def in_partition(document: Mapping[str, Any]) -> Callable[[str], Mapping[str, Any]]:
    """AWS's published policy ``document`` (written for the ``aws`` partition) for any."""
    text = json.dumps(document, sort_keys=True)

    def rendered(partition: str) -> Mapping[str, Any]:
        result: Mapping[str, Any] = json.loads(text.replace('"arn:aws:', f'"arn:{partition}:'))
        return result

    return rendered


IRSA, POD_IDENTITY = "irsa", "pod-identity"


@dataclass(frozen=True)
class ServiceAccount:
    """A Kubernetes service account an add-on calls AWS from, and what it needs."""

    namespace: str
    name: str
    permissions: Permissions
    ipv6_permissions: Permissions | None = None
    """What it needs on an IPv6 cluster instead, when that differs."""
    via: frozenset[str] = frozenset({IRSA, POD_IDENTITY})
    """How its role reaches it: ``irsa`` (``serviceAccountRoleArn``), ``pod-identity``
    (``podIdentityAssociations``), or ``configuration:<key>`` (a role ARN inside the
    configuration)."""
    via_documented: bool = True
    """Whether AWS says how its role reaches it; when not, ``iam=`` creates the role all the
    same, with a warning (EKS may refuse it at apply)."""
    required: bool = True
    """Whether the add-on always uses it (else only in some configurations, see ``when``)."""
    when: str | None = None
    """When the add-on uses it, if not always (AWS's words)."""

    def permissions_for(self, ip_family: str | None) -> Permissions:
        """What the service account needs on a cluster of ``ip_family``."""
        if ip_family == "ipv6" and self.ipv6_permissions is not None:
            return self.ipv6_permissions
        return self.permissions

    @property
    def in_configuration(self) -> tuple[str, ...]:
        """The configuration keys its role ARN goes in, if any."""
        return tuple(
            v.removeprefix("configuration:") for v in self.via if v.startswith("configuration:")
        )


@dataclass(frozen=True)
class IamFacts:
    """What AWS documents about an add-on's AWS permissions (``eks_addons/specs/iam.json``)."""

    needs_iam: bool | None = None
    """Whether its pods need AWS permissions (``None``: not documented)."""
    note: str = ""
    """AWS's words about it."""
    node_role_fallback: bool = False
    """Whether the node role may carry the permissions instead (the VPC CNI)."""
    pod_identity_supported: bool | None = None
    """Whether AWS supports EKS Pod Identity for it (``None``: not documented)."""
    pod_identity_required: bool = False
    """Whether it works only through EKS Pod Identity."""
    pod_identity_since: str | None = None
    """The first add-on version AWS supports Pod Identity for, where AWS states it."""
    sources: tuple[str, ...] = ()
    """Where the facts come from."""


@dataclass(frozen=True)
class ClusterRoleNeed:
    """A managed policy the cluster's IAM role needs when the configuration asks for it."""

    policy: str
    """Its name under ``arn:<partition>:iam::aws:policy/``."""
    attachment_id: str
    """The construct id of the attachment ``cluster_role=`` makes (public contract: a renamed
    id replaces the attachment)."""
    path: str
    """The configuration key that asks for it, e.g. ``env.ENABLE_POD_ENI``."""
    when: Callable[[Mapping[str, Any]], bool]
    """Whether a rendered configuration asks for it."""
    why: str
    """What fails without it."""


@dataclass(frozen=True)
class Pods:
    """The add-on's pods, as a Fargate profile selector must match them."""

    namespace: str
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Replacement:
    """What takes an add-on's place on a compute type."""

    what: str
    """``EKS Auto Mode's built-in cluster DNS``."""
    you_install: bool = False
    """Whether the user must install it (else the platform provides it)."""


def auto_mode(what: str) -> Replacement:
    """Built into EKS Auto Mode (AWS: "with Auto Mode, networking, DNS and block storage are
    built in"; the Pod Identity agent too)."""
    return Replacement(f"EKS Auto Mode's built-in {what}")


@dataclass(frozen=True, kw_only=True)
class AddonSpec:
    """What the library knows about one add-on."""

    name: str
    """The EKS add-on name, e.g. ``vpc-cni``."""
    builder: type[AddonConfig] = AddonConfig
    """The typed builder of its ``configuration_values``."""
    rules: tuple[Rule, ...] = ()
    """Rules its configuration must follow beyond AWS's schema."""
    service_accounts: tuple[ServiceAccount, ...] = ()
    """The service accounts it calls AWS from (AWS's documentation; empty: none known)."""
    iam: IamFacts = field(default_factory=IamFacts)
    """What AWS documents about its AWS permissions."""
    cluster_role_needs: tuple[ClusterRoleNeed, ...] = ()
    """Policies the cluster role needs for some configurations (``cluster_role=`` attaches
    them)."""
    compute_types: frozenset[str] | None = None
    """Where it runs (AWS's ``computeTypes``: ``ec2``, ``fargate``, ``auto``, ``hybrid``), for
    add-ons the catalog has no data on; the catalog's per-version data wins."""
    replaced_on: Mapping[str, Replacement] = field(default_factory=dict)
    """Compute type -> what takes the add-on's place there, so that it is not needed there
    (EKS Auto Mode builds networking, DNS and storage in; hybrid nodes need another CNI)."""
    pods: Pods | None = None
    """Its pods, for matching Fargate profiles."""
    on_fargate: Callable[[Mapping[str, Any]], bool] | None = None
    """Whether a rendered configuration puts its pods on Fargate."""
    default: bool = False
    """One of the default add-ons EKS installs itself (unless
    ``bootstrap_self_managed_addons`` is false)."""
    replaces: str | None = None
    """The add-on this one is a drop-in replacement for (it takes that one's place)."""
    docs_page: str | None = None
    """Its page under ``docs/``."""

    @property
    def service_account(self) -> ServiceAccount | None:
        """The service account ``iam=`` creates a role for: the first the add-on always uses
        whose role AWS hands over itself (IRSA or Pod Identity)."""
        return next(
            (
                account
                for account in self.service_accounts
                if account.required
                and (account.via & {IRSA, POD_IDENTITY} or not account.via_documented)
            ),
            None,
        )

    def runs_on_fargate(self, config: Mapping[str, Any] | None) -> bool:
        """Whether ``config`` (rendered) puts the add-on's pods on Fargate."""
        return self.on_fargate is not None and self.on_fargate(config or {})


def config_object(config: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """``config[key]`` when it is an object, else an empty one (for rules reading nesting)."""
    value = config.get(key)
    return value if isinstance(value, Mapping) else {}
