"""One decision per add-on: :func:`plan_addon` (pure Python: no CDK, no jsii).

Every door into the library asks the same question and gets the same answer: the constructs
and ``ClusterAddons`` (which then write the plan through the CDK), ``eks-addons validate``
(on Terraform JSON, plans and state), ``eks-addons upgrade`` (at every version it would
install) and :mod:`eks_addons.testing`. An :class:`AddonPlan` holds what to write (version or
plan-time lookup, ``configuration_values``, the IAM role to create, the cluster role's policies,
the plan-time version guard), where the add-on runs, and every finding.

The caller describes the add-on's cluster once as :class:`ClusterFacts` and the arguments as
given as an :class:`AddonRequest`; values known only to Terraform are recognised by the
request's ``unresolved`` test and skipped by every check, with a warning where they hide
something checkable.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from eks_addons.catalog import LATEST, AddonCatalog, catalog, cataloged_addons
from eks_addons.checks.arguments import check_addressing, check_arguments, is_version
from eks_addons.checks.configuration import (
    NOT_MANAGED,
    CheckedConfiguration,
    Configuration,
    check_configuration,
)
from eks_addons.checks.iam import (
    Grant,
    IamKind,
    accounts_of,
    check_pod_identity,
    grants,
    warn_without_permissions,
)
from eks_addons.checks.placement import compute_types
from eks_addons.checks.versions import select_version
from eks_addons.errors import AddonWarning, Findings, Problem, ProblemCode, WarningCode
from eks_addons.specs import AddonSpec, known_addons
from eks_addons.tokens import Unresolved, never

ClusterKind = Literal["created", "looked-up", "named"]


@dataclass(frozen=True)
class ClusterFacts:
    """What the add-on's cluster says of itself, read once per cluster by the caller."""

    name: object = None
    """Its name as written to ``cluster_name``: a string, or a value known only to Terraform."""
    identity: str | None = None
    """Its name when known offline, which tells two references to one cluster apart from
    references to two."""
    kubernetes_version: object = None
    """Its own Kubernetes version (``EksCluster.version``): a string, a value known only to
    Terraform, or ``None`` (not given, or a looked-up cluster)."""
    kind: ClusterKind = "named"
    """``created`` in this app or document, ``looked-up`` through a data source, or only
    ``named`` (``cluster_name=``)."""
    auto_mode: bool = False
    """EKS Auto Mode (``compute_config.enabled``)."""
    hybrid_nodes: bool = False
    """Remote node networks for EKS Hybrid Nodes."""
    bootstrap_addons: bool = True
    """``bootstrap_self_managed_addons``: ``False`` installs no default add-on."""
    ip_family: str | None = None
    """``ipv4`` or ``ipv6``; ``None``: not known."""
    modes_known: bool = False
    """Whether the modes above were read from the cluster (a created cluster with literal
    settings); else they are the defaults, and checks that need them say so."""
    problems: tuple[Problem, ...] = ()
    """What was wrong with the cluster given (not a cluster construct, ...)."""


@dataclass(frozen=True)
class ProviderFacts:
    """What the AWS provider (or its bindings) that writes ``aws_eks_addon`` accepts."""

    name: str = "the AWS provider"
    """For messages: ``cdktf-cdktf-provider-aws 20.1.0``, ``hashicorp/aws 5.100.0``."""
    arguments: frozenset[str] | None = None
    """Which of the newer arguments (``region``, ``namespace_config``) it has; ``None``: all."""


ANY_PROVIDER = ProviderFacts()
"""A provider that has every argument (its version is not known)."""

NEWER_ARGUMENTS = ("region", "namespace_config")
"""``aws_eks_addon`` arguments only newer providers have: ``region`` from hashicorp/aws 6.0,
``namespace_config`` from 6.42."""
_SINCE = {"region": (6, 0), "namespace_config": (6, 42)}
_LOWER_BOUND = re.compile(r"\s*(?:=|>=|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.\d+)?\s*(?:,|$)")


def provider_facts(version: str, name: str | None = None) -> ProviderFacts:
    """What hashicorp/aws ``version`` accepts: a version (``5.100.0``) or a constraint whose
    lower bound tells (``~> 6.0``, ``>= 6.42``); every argument when it cannot be told."""
    name = name or f"hashicorp/aws {version}"
    found = _LOWER_BOUND.match(version)
    if found is None:
        return ProviderFacts(name)
    lower = (int(found[1]), int(found[2] or 0))
    return ProviderFacts(
        name, frozenset(argument for argument, since in _SINCE.items() if lower >= since)
    )


@dataclass(frozen=True, kw_only=True)
class AddonRequest:
    """An add-on's arguments as given (``None``: not given)."""

    addon_name: object = None
    """Only for an add-on the library does not model by class."""
    cluster_name: object = None
    configuration: Configuration | None = None
    addon_version: object = None
    kubernetes_version: object = None
    version_at_plan: bool = False
    resolve_conflicts_on_create: object = None
    resolve_conflicts_on_update: object = None
    preserve: object = None
    service_account_role_arn: object = None
    pod_identity_association: object = None
    iam: IamKind | None = None
    """A role to create for the add-on's service account."""
    tags: object = None
    timeouts: object = None
    region: object = None
    namespace_config: object = None
    acknowledge: Iterable[object] = ()
    logical_id: object = None
    """The resource name chosen: ``aws_eks_addon.<logical_id>``."""
    moved_from: object = None
    """The address the add-on's state moves from (a ``moved`` block)."""
    adopt: object = False
    """Import the live add-on (an ``import`` block) instead of creating it."""
    locked: str | None = None
    """The lock file's version of the add-on (:mod:`eks_addons.lock`): written in place of
    the catalog's default while AWS lists it for the Kubernetes version."""
    cluster_role: bool = False
    """Whether the cluster's IAM role was given, to attach what the configuration needs."""
    terraform_json: bool = False
    """The arguments are Terraform JSON as written: ``"latest"`` is no request for the newest
    version but a value the provider refuses, and scalars convert as Terraform converts them
    (a number to a string for a tag, ``"true"`` to a bool for ``preserve``)."""
    unresolved: Unresolved = never
    """Whether a value is known only to Terraform (a CDK token, a ``${...}`` expression)."""


@dataclass(frozen=True)
class VersionLookup:
    """The version resolved at plan by the ``aws_eks_addon_version`` data source."""

    kubernetes: object
    """The Kubernetes version to look up for (a string or a value known to Terraform)."""
    most_recent: bool
    """The most recent version, else AWS's default."""


@dataclass(frozen=True)
class AddonPlan:
    """Everything decided about one add-on: what to write, and what was found."""

    spec: AddonSpec
    request: AddonRequest
    """The arguments as given."""
    cluster: ClusterFacts
    cluster_name: object
    """The ``cluster_name`` to write."""
    kubernetes: str | None
    """The Kubernetes version the decisions follow (``None``: not known offline)."""
    version: str | None
    """The ``addon_version`` to write: the pin (or its token), or the catalog's choice;
    ``None``: EKS's default, or :attr:`lookup`."""
    lookup: VersionLookup | None
    configuration: CheckedConfiguration
    grants: tuple[Grant, ...]
    """The roles to create for the add-on's service accounts (``iam=``)."""
    uses_pod_identity: bool
    """Whether the add-on's roles reach it through EKS Pod Identity (the cluster then needs
    the Pod Identity agent)."""
    cluster_role_policies: tuple[str, ...]
    """Managed policies to attach to the cluster role given."""
    guard: str | None
    """The Kubernetes version given for a cluster whose own is known only at plan: a
    precondition compares the two there."""
    compute_types: frozenset[str] | None
    """Where the add-on at :attr:`version` runs (AWS's ``computeTypes``)."""
    findings: Findings
    acknowledged: frozenset[str] = field(default_factory=frozenset)

    @property
    def grant(self) -> Grant | None:
        """The first role to create (``iam=``), if any."""
        return self.grants[0] if self.grants else None

    @property
    def problems(self) -> list[Problem]:
        """The errors found."""
        return self.findings.problems

    @property
    def warnings(self) -> list[AddonWarning]:
        """The warnings found, without those acknowledged."""
        return [w for w in self.findings.warnings if w.code not in self.acknowledged]

    @property
    def rendered(self) -> Mapping[str, Any] | None:
        """The configuration as the JSON object every decision reads."""
        return self.configuration.rendered

    @property
    def known_version(self) -> str | None:
        """The version when known offline (not a token)."""
        version = self.version
        return version if isinstance(version, str) and self.lookup is None else None


def plan_addon(
    spec: AddonSpec,
    request: AddonRequest,
    cluster: ClusterFacts = ClusterFacts(),
    provider: ProviderFacts = ANY_PROVIDER,
) -> AddonPlan:
    """Decide everything about one add-on on ``cluster``; collect every finding."""
    findings = Findings(problems=list(cluster.problems))
    unresolved = request.unresolved
    addon_catalog = catalog(spec.name)  # the one read of the catalog for this add-on
    _check_addon_name(spec, request.addon_name, findings)
    acknowledged = _acknowledged(request.acknowledge, findings)
    _check_newer_arguments(provider, request, findings)
    namespace = _namespace(request.namespace_config, unresolved, findings)
    cluster_name = request.cluster_name if request.cluster_name is not None else cluster.name
    if cluster_name is None:
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "cluster_name",
            "is required",
            allowed="cluster_name=..., or cluster=<EksCluster, DataAwsEksCluster, ExistingCluster>",
        )
    kubernetes, guard = _kubernetes(request, cluster, findings)
    requested = _known(request.addon_version, unresolved)
    if requested == LATEST and request.terraform_json:
        requested = None  # the provider's value, not the library's word
    check_arguments(
        addon_name=spec.name or None,  # no name: _check_addon_name said so
        cluster_name=cluster_name,
        addon_version=None if requested == LATEST else request.addon_version,
        resolve_conflicts_on_create=request.resolve_conflicts_on_create,
        resolve_conflicts_on_update=request.resolve_conflicts_on_update,
        is_unresolved=unresolved,
        findings=findings,
        preserve=request.preserve,
        tags=request.tags,
        timeouts=request.timeouts,
        region=request.region,
        service_account_role_arn=request.service_account_role_arn,
        pod_identity_association=request.pod_identity_association,
        terraform_json=request.terraform_json,
    )
    check_addressing(
        logical_id=request.logical_id,
        moved_from=request.moved_from,
        adopt=request.adopt,
        findings=findings,
    )
    lookup = None
    version: str | None
    if request.version_at_plan:
        looked_up = next(
            (k for k in (kubernetes, request.kubernetes_version, cluster.kubernetes_version) if k),
            None,
        )
        _check_version_at_plan(request, looked_up, findings)
        version = None
        lookup = VersionLookup(looked_up, request.addon_version == LATEST)
        known_version = None
    elif (
        isinstance(request.addon_version, str)
        and requested is None
        and not (request.terraform_json and request.addon_version == LATEST)
    ):
        version, known_version = request.addon_version, None  # only Terraform knows it
    else:
        requested = _locked(
            addon_catalog,
            spec.name,
            request,
            requested=requested,
            kubernetes=kubernetes,
            findings=findings,
        )
        version = known_version = select_version(
            addon_catalog, spec.name, requested, kubernetes, findings
        )
    configuration = (
        check_configuration(
            spec,
            request.configuration,
            known_version,
            unresolved,
            findings,
            ip_family=cluster.ip_family,
        )
        if request.configuration is not None
        else NOT_MANAGED
    )
    role_arguments = {
        "service_account_role_arn": request.service_account_role_arn,
        "pod_identity_association": request.pod_identity_association,
    }
    granted = grants(
        spec,
        request.iam,
        namespace=namespace,
        ip_family=cluster.ip_family,
        given=role_arguments,
        findings=findings,
    )
    pod_identity = request.iam == "pod-identity" or _given(request.pod_identity_association)
    if pod_identity:
        associated = (
            [grant.service_account for grant in granted]
            if request.iam
            else accounts_of(request.pod_identity_association)
        )
        check_pod_identity(spec, addon_catalog, known_version, associated, findings)
    if request.iam is None:
        warn_without_permissions(spec, role_arguments, findings)
    _warn_about_the_account(spec, addon_catalog, request, findings)
    policies = _cluster_role_policies(spec, configuration.rendered, request, findings)
    return AddonPlan(
        spec=spec,
        request=request,
        cluster=cluster,
        cluster_name=cluster_name,
        kubernetes=kubernetes,
        version=version,
        lookup=lookup,
        configuration=configuration,
        grants=granted,
        uses_pod_identity=bool(pod_identity),
        cluster_role_policies=policies,
        guard=guard,
        compute_types=compute_types(spec, known_version, kubernetes, addon_catalog),
        findings=findings,
        acknowledged=acknowledged,
    )


def _known(value: object, unresolved: Unresolved) -> str | None:
    """``value`` when it is a string known offline."""
    return value if isinstance(value, str) and not unresolved(value) else None


def _kubernetes(
    request: AddonRequest, cluster: ClusterFacts, findings: Findings
) -> tuple[str | None, str | None]:
    """The Kubernetes version the decisions follow, and the version to guard at plan."""
    unresolved = request.unresolved
    given = request.kubernetes_version
    if given is not None and not isinstance(given, str) and not unresolved(given):
        findings.error(
            ProblemCode.INVALID_TYPE,
            "kubernetes_version",
            "must be a str (a float loses digits: 1.30 is 1.3)",
            given,
            "e.g. '1.30'",
        )
        given = None
    declared = _known(given, unresolved)
    own = _known(cluster.kubernetes_version, unresolved)
    if declared is not None and own is not None and declared != own:
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "kubernetes_version",
            f"contradicts the cluster's own version {own!r}",
            declared,
            f"{own!r}, or leave it out to read it from the cluster",
        )
    guard = None
    if declared is not None and own is None and cluster.kind != "named":
        guard = declared  # the cluster's version is known only at plan: compare it there
    return declared or own, guard


def _locked(
    addon_catalog: AddonCatalog | None,
    addon: str,
    request: AddonRequest,
    *,
    requested: str | None,
    kubernetes: str | None,
    findings: Findings,
) -> str | None:
    """The version to ask for: the lock file's in place of the default, while AWS lists it
    for ``kubernetes`` (else the default, with a ``stale-lock`` warning)."""
    if requested is not None or request.locked is None:
        return requested
    if not is_version(request.locked):
        findings.error(
            ProblemCode.INVALID_VALUE,
            "addon_version",
            "is the lock file's, which is not a semantic version starting with 'v' (the "
            "provider refuses it)",
            request.locked,
            "e.g. 'v1.19.0-eksbuild.1' (run eks-addons lock)",
        )
        return None
    tried = Findings()
    select_version(addon_catalog, addon, request.locked, kubernetes, tried)
    if not tried.problems:
        return request.locked
    findings.warn(
        WarningCode.STALE_LOCK,
        addon,
        f"the lock file's {request.locked} is not a version AWS lists for Kubernetes "
        f"{kubernetes}: the catalog's default is written (run eks-addons lock)",
        "addon_version",
    )
    return None


def _check_addon_name(spec: AddonSpec, given: object, findings: Findings) -> None:
    """A name close to a known add-on's but not one: EKS refuses an add-on it does not have."""
    known = {*known_addons(), *cataloged_addons()}
    if not (isinstance(spec.name, str) and spec.name):
        findings.error(ProblemCode.INVALID_ARGUMENT, "addon_name", "must be a non-empty str", given)
        return
    if spec.name in known:
        return
    close = (
        difflib.get_close_matches(spec.name, sorted(known), n=1, cutoff=0.75)
        if len(spec.name) <= 200
        else []
    )
    if close:
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "addon_name",
            f"is not an EKS add-on name; did you mean {close[0]!r}?",
            spec.name,
            ", ".join(repr(name) for name in sorted(known)),
        )


def _acknowledged(given: Iterable[object], findings: Findings) -> frozenset[str]:
    """The acknowledged warning codes; an unknown one is a problem."""
    codes = frozenset(str(code) for code in given)
    for code in sorted(codes - {member.value for member in WarningCode}):
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "acknowledge",
            "is not a warning code",
            code,
            ", ".join(repr(member.value) for member in WarningCode),
        )
    return codes


def _check_newer_arguments(
    provider: ProviderFacts, request: AddonRequest, findings: Findings
) -> None:
    if provider.arguments is None:
        return
    for name in NEWER_ARGUMENTS:
        value = getattr(request, name)
        if value is not None and name not in provider.arguments:
            findings.error(
                ProblemCode.INVALID_ARGUMENT,
                name,
                f"is not an argument of aws_eks_addon in {provider.name}",
                value,
                f"hashicorp/aws {'.'.join(map(str, _SINCE[name]))} or newer: the version "
                "eks_addons.AwsProvider pins, or AWS provider bindings that bind it "
                "(cdktn-provider-aws 25.x; cdktf-cdktf-provider-aws 21.x has region only)",
            )


_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")


def _namespace(config: object, unresolved: Unresolved, findings: Findings) -> str | None:
    """The namespace of ``namespace_config`` (checked as the EKS API checks it)."""
    if config is None or unresolved(config):
        return None
    namespace = config.get("namespace") if isinstance(config, Mapping) else None
    if not isinstance(config, Mapping) or set(config) != {"namespace"}:
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "namespace_config",
            "must be a mapping with the one key 'namespace'",
            config,
            '{"namespace": "<namespace>"}',
        )
        return None
    if not isinstance(namespace, str) or unresolved(namespace):
        return None
    if not _DNS_LABEL.fullmatch(namespace):
        findings.error(
            ProblemCode.INVALID_VALUE,
            "namespace_config.namespace",
            "is not a Kubernetes namespace name (EKS API: an RFC 1123 DNS label)",
            namespace,
            "lower-case letters, digits and '-', starting and ending alphanumeric, at most "
            "63 characters",
        )
        return None
    return namespace


def _check_version_at_plan(request: AddonRequest, kubernetes: object, findings: Findings) -> None:
    if request.addon_version not in (None, LATEST):
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "addon_version",
            "cannot be pinned when the version is resolved at plan time",
            request.addon_version,
            "None (AWS's default) or 'latest' (most recent)",
        )
    if kubernetes is None:
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "kubernetes_version",
            "is required to resolve the version at plan time",
            allowed="a Kubernetes version, e.g. '1.33', or a cluster's version token",
        )


def _given(value: object) -> bool:
    """A list argument given and not empty (an empty one removes the associations)."""
    return value is not None and not (isinstance(value, list | tuple) and not value)


def _warn_about_the_account(
    spec: AddonSpec,
    addon_catalog: AddonCatalog | None,
    request: AddonRequest,
    findings: Findings,
) -> None:
    """What the account must have, and what replaces the add-on."""
    listing = None if addon_catalog is None else addon_catalog.marketplace
    if listing is not None:
        findings.warn(
            WarningCode.SUBSCRIPTION_NEEDED,
            spec.name,
            f"is an AWS Marketplace add-on: the account needs a subscription to it ({listing}); "
            "without one EKS reports AddonSubscriptionNeeded and the add-on never becomes healthy",
        )
    refused = any(p.path.startswith("namespace_config") for p in findings.problems)
    if request.namespace_config is not None and not refused:
        findings.warn(
            WarningCode.REPLACED_ON_CHANGE,
            spec.name,
            "EKS sets the namespace at create only: changing namespace_config later replaces "
            "the add-on (the provider destroys and recreates it)",
            "namespace_config",
        )


def _cluster_role_policies(
    spec: AddonSpec,
    rendered: Mapping[str, Any] | None,
    request: AddonRequest,
    findings: Findings,
) -> tuple[str, ...]:
    """The cluster role's policies the configuration needs; without the role, a warning."""
    needed = [need for need in spec.cluster_role_needs if rendered and need.when(rendered)]
    if not request.cluster_role:
        for need in needed:
            findings.warn(
                WarningCode.IAM_NOT_GRANTED,
                spec.name,
                f"needs the cluster role to hold {need.policy} (without it {need.why}); pass "
                "cluster_role= to attach it, or attach it where the cluster role is managed",
                need.path,
            )
        return ()
    return tuple(need.policy for need in needed)


def duplicate_problem() -> Problem:
    """The problem of a second add-on of one name on one cluster (EKS refuses it)."""
    return Problem(
        ProblemCode.INVALID_ARGUMENT,
        "addon_name",
        "is already installed on this cluster (EKS allows one add-on of a name per cluster)",
        allowed="one add-on of each name per cluster",
    )


__all__ = [
    "AddonPlan",
    "AddonRequest",
    "ClusterFacts",
    "Grant",
    "ProviderFacts",
    "VersionLookup",
    "duplicate_problem",
    "plan_addon",
    "provider_facts",
]
