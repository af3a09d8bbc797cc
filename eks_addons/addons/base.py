"""The one construct behind every add-on: a thin, validated wrapper of ``EksAddon``."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypedDict, TypeVar
from weakref import WeakKeyDictionary

import jsii
from constructs import Construct

from eks_addons.addons.iam import Irsa, ServiceAccountIam, partition_of, service_account_role
from eks_addons.addons.placement import (
    cluster_modes,
    register_placement,
)
from eks_addons.catalog import LATEST
from eks_addons.cdk import (
    PROVIDER_BINDINGS,
    DataAwsEksAddonVersion,
    DataAwsEksCluster,
    EksAddon,
    EksAddonPodIdentityAssociation,
    EksAddonTimeouts,
    EksCluster,
    IamRole,
    ITerraformDependable,
    Op,
    Precondition,
    TerraformProvider,
    TerraformResourceLifecycle,
    TerraformStack,
    Token,
    accepts,
    check_scope,
)
from eks_addons.checks import ResolveConflicts, check_addon
from eks_addons.checks.placement import compute_types
from eks_addons.config import AddonConfig
from eks_addons.errors import (
    WARNING_METADATA,
    AddonWarning,
    ConfigurationError,
    Findings,
    Problem,
    ProblemCode,
    WarningCode,
)
from eks_addons.specs import AddonSpec, Permissions, ServiceAccount, spec_for

ConfigT = TypeVar("ConfigT", bound=AddonConfig)

_TOKEN = "${TfToken["


def record_warning(construct: Construct, warning: AddonWarning) -> None:
    """A warning annotation on ``construct``, printed by ``cdktf synth``; written without the
    stack trace cdktf's ``Annotations`` add, so two synths give byte-identical manifests."""
    construct.node.add_metadata(WARNING_METADATA, str(warning))


def is_unresolved(value: object) -> bool:
    """Whether ``value`` is (or holds) a cdktf token, known only to Terraform.

    Strings are checked in Python (no jsii round trip); other values ask cdktf.
    """
    if value is None or isinstance(value, bool | AddonConfig):
        return False
    if isinstance(value, str):
        return _TOKEN in value
    return bool(Token.is_unresolved(value))


class AddonOptions(TypedDict, total=False):
    """The keyword arguments of :class:`Addon` besides the add-on and the cluster (for
    :class:`~eks_addons.addons.ClusterAddons`' per-add-on settings)."""

    addon_version: str
    kubernetes_version: str
    version_at_plan: bool
    resolve_conflicts_on_create: ResolveConflicts | str
    resolve_conflicts_on_update: ResolveConflicts | str
    preserve: bool
    service_account_role_arn: str
    pod_identity_association: Sequence[EksAddonPodIdentityAssociation]
    iam: ServiceAccountIam
    tags: Mapping[str, str]
    timeouts: EksAddonTimeouts
    depends_on: Sequence[ITerraformDependable]
    provider: TerraformProvider
    region: str
    namespace_config: Mapping[str, str]
    acknowledge: Iterable[WarningCode | str]


class AddonArguments(AddonOptions, total=False):
    """Every keyword argument of a typed add-on construct (for subclasses that add their own)."""

    cluster_name: str
    cluster: EksCluster | DataAwsEksCluster
    configuration: AddonConfig | Mapping[str, Any] | str


@jsii.implements(ITerraformDependable)
class Addon(Construct):
    """Any EKS add-on, by name, with its configuration validated at synth.

    The ``aws_eks_addon`` resource is the child ``Default``, so its Terraform logical id is
    this construct's id: renaming the construct replaces the live add-on. The construct is
    itself dependable: ``depends_on=[addon]`` on another resource orders it after the add-on.
    """

    spec: ClassVar[AddonSpec | None] = None
    """What the library knows about the add-on; set by each add-on's subclass."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        addon_name: str | None = None,
        cluster_name: str | None = None,
        cluster: EksCluster | DataAwsEksCluster | None = None,
        configuration: AddonConfig | Mapping[str, Any] | str | None = None,
        addon_version: str | None = None,
        kubernetes_version: str | None = None,
        version_at_plan: bool = False,
        resolve_conflicts_on_create: ResolveConflicts | str | None = None,
        resolve_conflicts_on_update: ResolveConflicts | str | None = None,
        preserve: bool | None = None,
        service_account_role_arn: str | None = None,
        pod_identity_association: Sequence[EksAddonPodIdentityAssociation] | None = None,
        iam: ServiceAccountIam | None = None,
        tags: Mapping[str, str] | None = None,
        timeouts: EksAddonTimeouts | None = None,
        depends_on: Sequence[ITerraformDependable] | None = None,
        provider: TerraformProvider | None = None,
        region: str | None = None,
        namespace_config: Mapping[str, str] | None = None,
        acknowledge: Iterable[WarningCode | str] = (),
    ) -> None:
        """Create the add-on on a cluster; raise :class:`~eks_addons.errors.ConfigurationError`
        listing every problem.

        :param addon_name: the EKS add-on name; given by the class for the typed add-ons.
        :param cluster_name: the cluster's name (a string or a token); or pass ``cluster``.
        :param cluster: the ``EksCluster`` or ``DataAwsEksCluster``; an ``EksCluster`` also
            gives its Kubernetes version.
        :param configuration: a builder, a mapping or a JSON string, checked and written as
            canonical JSON. Omitted: ``configuration_values`` is not managed, and values set
            earlier stay on the cluster; pass an empty builder to reset them to AWS's defaults.
        :param addon_version: a pin ``vX.Y.Z-eksbuild.N`` (checked against the catalog), or
            ``"latest"``: the newest catalog version for the Kubernetes version. Omitted: the
            catalog's default for it; with no Kubernetes version known, EKS picks its default.
        :param kubernetes_version: the cluster's Kubernetes version (``"1.33"``). Omitted:
            read from ``cluster`` when it is an ``EksCluster``. Given while ``cluster`` is a
            data source (or an ``EksCluster`` whose version is not a literal), a precondition
            compares it with the cluster's real version and fails ``terraform plan`` when
            they differ.
        :param version_at_plan: resolve the version at plan time through the
            ``aws_eks_addon_version`` data source (needs credentials at plan): its default, or
            its most recent with ``addon_version="latest"``. Omitted: the catalog decides.
        :param resolve_conflicts_on_create: NONE or OVERWRITE. Omitted: the provider's
            default, OVERWRITE.
        :param resolve_conflicts_on_update: NONE, OVERWRITE or PRESERVE. Omitted: the
            provider's default, OVERWRITE.
        :param preserve: keep the add-on's Kubernetes objects when the add-on is deleted.
            Omitted: false.
        :param service_account_role_arn: IAM role (IRSA) for the add-on's service account.
            Omitted: the node role is used.
        :param pod_identity_association: EKS Pod Identity associations. Omitted: none.
        :param iam: create the service account's role: ``Irsa(oidc_provider)`` or
            ``PodIdentity()``. Omitted: no role is created.
        :param tags: tags on the add-on. Omitted: none (the provider's ``default_tags`` apply).
        :param timeouts: create, update and delete timeouts. Omitted: 20m / 20m / 40m.
        :param depends_on: resources to create before the add-on.
        :param provider: the AWS provider. Omitted: the stack's default AWS provider.
        :param region: the region to manage the add-on in (hashicorp/aws 6.x bindings).
            Omitted: the provider's region.
        :param namespace_config: ``{"namespace": "..."}``, the Kubernetes namespace to
            install the add-on in (bindings of hashicorp/aws 6.42 and newer); replaces the
            add-on when changed; a role created with ``iam=`` trusts the service account
            there. Omitted: the add-on's own namespace.
        :param acknowledge: warning codes reviewed for this add-on (``"nowhere-to-run"``,
            ...): those warnings stop printing. Omitted: every warning prints.
        """
        check_scope(scope)
        super().__init__(scope, id)
        declared_version = kubernetes_version
        spec = self._spec(addon_name)
        found = Findings()
        _check_provider_arguments(found, region=region, namespace_config=namespace_config)
        cluster_name, kubernetes_version = _from_cluster(
            cluster, cluster_name, kubernetes_version, found
        )
        self.cluster_modes = cluster_modes(cluster)
        """What the cluster construct says of its modes: Auto Mode, hybrid nodes, IPv6 (the
        defaults when the cluster is a data source or given by name)."""
        check = check_addon(
            spec,
            configuration=configuration,
            cluster_name=cluster_name,
            addon_version=addon_version,
            kubernetes_version=kubernetes_version,
            resolve_conflicts_on_create=resolve_conflicts_on_create,
            resolve_conflicts_on_update=resolve_conflicts_on_update,
            version_at_plan=version_at_plan,
            is_unresolved=is_unresolved,
            ip_family=self.cluster_modes.ip_family,
        )
        findings = check.findings
        findings.problems[:0] = found.problems
        self._acknowledged = _warning_codes(acknowledge, findings)
        stack = scope if isinstance(scope, TerraformStack) else TerraformStack.of(self)
        _check_unique(stack, cluster_name, spec.name, findings)
        self._check_iam(spec, iam, service_account_role_arn, pod_identity_association, findings)
        findings.raise_for_problems(spec.name, check.version)
        if isinstance(cluster_name, str):
            _INSTALLED.setdefault(stack, set()).add((cluster_name, spec.name))
        for warning in findings.warnings:
            self.warn(warning)

        self.addon_name = spec.name
        """The add-on's name, e.g. ``vpc-cni``."""
        self.configuration: AddonConfig | None = check.configuration
        """The checked configuration, or ``None`` when it is left unmanaged."""
        self.rendered_configuration = check.rendered
        """``configuration`` as the JSON object written to ``configuration_values``."""
        self.kubernetes_version: str | None = kubernetes_version
        """The cluster's Kubernetes version, when given or read from the cluster."""
        version = check.version
        if version_at_plan:
            version = DataAwsEksAddonVersion(
                self,
                "Version",
                addon_name=spec.name,
                kubernetes_version=str(kubernetes_version),
                most_recent=addon_version == LATEST,
                provider=provider,
            ).version
        self.selected_version = version
        """The version written to ``addon_version`` (a token when resolved at plan time;
        ``None``: EKS picks its default)."""
        self.service_account_role: IamRole | None = None
        """The IAM role created for the service account with ``iam=``, else ``None``."""
        if iam is not None:
            role, attachments = self._grant(spec, iam, (namespace_config or {}).get("namespace"))
            depends_on = [*(depends_on or ()), *attachments]
            if isinstance(iam, Irsa):
                service_account_role_arn = role.arn
            else:
                assert spec.service_account is not None
                pod_identity_association = [
                    EksAddonPodIdentityAssociation(
                        role_arn=role.arn, service_account=spec.service_account.name
                    )
                ]
        self.resource = EksAddon(
            self,
            "Default",
            addon_name=spec.name,
            cluster_name=str(cluster_name),
            addon_version=version,
            configuration_values=check.configuration_values,
            **_given(
                resolve_conflicts_on_create=_value_of(resolve_conflicts_on_create),
                resolve_conflicts_on_update=_value_of(resolve_conflicts_on_update),
                preserve=preserve,
                service_account_role_arn=service_account_role_arn,
                pod_identity_association=_listed(pod_identity_association),
                tags=None if tags is None else dict(tags),
                timeouts=timeouts,
                depends_on=_listed(depends_on),
                provider=provider,
                region=region,
                namespace_config=None if namespace_config is None else dict(namespace_config),
                lifecycle=_version_guard(spec.name, cluster, declared_version),
            ),
        )
        """The underlying ``aws_eks_addon`` resource: the escape hatch."""
        types = compute_types(spec, check.version, kubernetes_version)
        register_placement(
            stack,
            spec,
            config=check.rendered,
            types=types,
            modes=self.cluster_modes,
            warn=self.warn,
            cluster=cluster if cluster is not None else cluster_name,
        )

    def warn(self, warning: AddonWarning) -> None:
        """Record ``warning`` as a synth warning annotation, unless it was acknowledged.

        Written without a stack trace, so two synths give byte-identical manifests.
        """
        if warning.code not in self._acknowledged:
            record_warning(self, warning)

    def _spec(self, addon_name: str | None) -> AddonSpec:
        spec = type(self).spec
        if spec is not None and addon_name not in (None, spec.name):
            raise _argument_error(
                "addon_name", f"is fixed to {spec.name!r} by {type(self).__name__}", addon_name
            )
        if spec is None and not (isinstance(addon_name, str) and addon_name):
            raise _argument_error("addon_name", "must be a non-empty str", addon_name)
        return spec or spec_for(str(addon_name))

    def _check_iam(
        self,
        spec: AddonSpec,
        iam: ServiceAccountIam | None,
        service_account_role_arn: str | None,
        pod_identity_association: object,
        findings: Findings,
    ) -> None:
        if iam is None:
            return
        if spec.service_account is None:
            findings.error(
                ProblemCode.INVALID_ARGUMENT,
                "iam",
                "is not available for this add-on: its service account and policies are not "
                "known to the library",
                type(iam).__name__,
                "service_account_role_arn= or pod_identity_association= instead",
            )
        for name, given in (
            ("service_account_role_arn", service_account_role_arn),
            ("pod_identity_association", pod_identity_association),
        ):
            if given is not None:
                findings.error(
                    ProblemCode.INVALID_ARGUMENT,
                    name,
                    "cannot be combined with iam=, which creates the role",
                    allowed="one of iam=, service_account_role_arn=, pod_identity_association=",
                )

    def _grant(
        self, spec: AddonSpec, iam: ServiceAccountIam, namespace: str | None
    ) -> tuple[IamRole, list[Any]]:
        """Create the service account's role; it and the attachments to wait for."""
        account = spec.service_account
        assert account is not None
        role, attachments = service_account_role(
            self,
            iam,
            namespace=namespace or account.namespace,
            service_account=account.name,
            permissions=self._permissions(account, iam),
            partition=partition_of(self, iam),
        )
        self.service_account_role = role
        return role, list(attachments)

    def _permissions(self, account: ServiceAccount, iam: ServiceAccountIam) -> Permissions:
        """What the service account needs on this cluster."""
        if iam.ipv6 and account.ipv6_permissions is not None:  # deprecated Irsa(ipv6=True)
            return account.ipv6_permissions
        return account.permissions

    @property
    def addon_arn(self) -> str:
        """The add-on's ARN (a token until apply)."""
        return self.resource.arn

    @property
    def addon_id(self) -> str:
        """The resource id, ``<cluster_name>:<addon_name>`` (a token until apply)."""
        return self.resource.id

    @property
    def arn(self) -> str:
        """Deprecated alias of :attr:`addon_arn` (removed in 0.3)."""
        warnings.warn("Addon.arn is deprecated; use addon_arn", DeprecationWarning, stacklevel=2)
        return self.addon_arn

    @property
    def id(self) -> str:
        """Deprecated alias of :attr:`addon_id` (removed in 0.3)."""
        warnings.warn("Addon.id is deprecated; use addon_id", DeprecationWarning, stacklevel=2)
        return self.addon_id

    @property
    def fqn(self) -> str:
        """The resource's Terraform address, which makes the add-on usable in ``depends_on``."""
        return self.resource.fqn

    @property
    def address(self) -> str:
        """The resource's Terraform address, ``aws_eks_addon.<logical id>`` (a plain string)."""
        return f"{self.resource.terraform_resource_type}.{self.resource.friendly_unique_id}"

    @property
    def addon_version(self) -> str:
        """The installed add-on version (a token; known after apply when not pinned)."""
        return self.resource.addon_version


class ManagedAddon(Addon, Generic[ConfigT]):
    """An add-on the library models: a subclass names its :class:`AddonSpec`, nothing else."""

    spec: ClassVar[AddonSpec]
    ADDON_NAME: ClassVar[str]
    """The add-on's name, from its spec."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.ADDON_NAME = cls.spec.name


_CLUSTER_NAMES: WeakKeyDictionary[EksCluster | DataAwsEksCluster, str] = WeakKeyDictionary()


def _name_of(cluster: EksCluster | DataAwsEksCluster) -> str:
    """``cluster.name`` (a token), read through jsii once per cluster."""
    name = _CLUSTER_NAMES.get(cluster)
    if name is None:
        name = _CLUSTER_NAMES[cluster] = cluster.name
    return name


def _from_cluster(
    cluster: object, cluster_name: str | None, kubernetes_version: object, findings: Findings
) -> tuple[str | None, Any]:
    """The cluster's name and Kubernetes version, from ``cluster`` where not given."""
    if cluster is not None and not isinstance(cluster, EksCluster | DataAwsEksCluster):
        findings.error(
            ProblemCode.INVALID_TYPE,
            "cluster",
            "must be an EksCluster or a DataAwsEksCluster",
            type(cluster).__name__,
            "cluster=<EksCluster or DataAwsEksCluster>, or a name as cluster_name=",
        )
    elif cluster is not None:
        if cluster_name is None:
            cluster_name = _name_of(cluster)
        if isinstance(cluster, EksCluster):
            kubernetes_version = _cluster_version(cluster, kubernetes_version, findings)
    if cluster_name is None:
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "cluster_name",
            "is required",
            allowed="cluster_name=..., or cluster=<EksCluster or DataAwsEksCluster>",
        )
    return cluster_name, kubernetes_version


_GUARDS: WeakKeyDictionary[EksCluster | DataAwsEksCluster, dict[str, tuple[str, Any]]] = (
    WeakKeyDictionary()
)


def _version_guard(
    addon: str, cluster: object, declared: object
) -> TerraformResourceLifecycle | None:
    """A precondition that fails ``terraform plan`` when the ``kubernetes_version`` given is
    not the cluster's: the add-on version was chosen for the version given."""
    if not isinstance(declared, str) or _TOKEN in declared:
        return None
    if isinstance(cluster, EksCluster):
        own = cluster.version_input
        if isinstance(own, str) and _TOKEN not in own:
            return None  # a literal: compared at synth
    elif not isinstance(cluster, DataAwsEksCluster):
        return None
    guards = _GUARDS.setdefault(cluster, {})
    if declared not in guards:  # read through jsii once per cluster and version
        guards[declared] = (cluster.version, Op.eq(cluster.version, declared))
    actual, condition = guards[declared]
    return TerraformResourceLifecycle(
        precondition=[
            Precondition(
                condition=condition,
                error_message=(
                    f"{addon}: kubernetes_version {declared} was given to eks-addons, but the "
                    f"cluster runs Kubernetes {actual}; the add-on version and its checks "
                    "follow the version given: set kubernetes_version to the cluster's"
                ),
            )
        ]
    )


def _cluster_version(cluster: EksCluster, given: object, findings: Findings) -> Any:
    """The Kubernetes version: the cluster's own; ``given`` must not contradict it."""
    own = cluster.version_input
    if given is None:
        return own
    if isinstance(own, str) and isinstance(given, str) and own != given and _TOKEN not in own:
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "kubernetes_version",
            f"contradicts the cluster's own version {own!r}",
            given,
            f"{own!r}, or leave it out to read it from the cluster",
        )
    return given


_INSTALLED: WeakKeyDictionary[TerraformStack, set[tuple[str, str]]] = WeakKeyDictionary()


def _check_unique(
    stack: TerraformStack, cluster_name: object, addon: str, findings: Findings
) -> None:
    """One add-on of a name per cluster per stack: EKS refuses a second one."""
    if not isinstance(cluster_name, str):
        return
    if (cluster_name, addon) in _INSTALLED.get(stack, set()):
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "addon_name",
            "is already installed on this cluster in this stack (EKS allows one add-on of a "
            "name per cluster)",
            addon,
            "one construct per add-on and cluster",
        )


_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")


def _check_provider_arguments(findings: Findings, **given: object) -> None:
    """Arguments of ``aws_eks_addon`` that only newer provider bindings have."""
    for name, value in given.items():
        if value is not None and not accepts(EksAddon, name):
            findings.error(
                ProblemCode.INVALID_ARGUMENT,
                name,
                f"is not an argument of aws_eks_addon in the installed {PROVIDER_BINDINGS}",
                value,
                "AWS provider bindings of hashicorp/aws 6.x that have it "
                "(cdktn-provider-aws 25.x; cdktf-cdktf-provider-aws 21.x has region only)",
            )
    config = given.get("namespace_config")
    if config is None:
        return
    namespace = config.get("namespace") if isinstance(config, Mapping) else None
    if not isinstance(config, Mapping) or set(config) != {"namespace"}:
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "namespace_config",
            "must be a mapping with the one key 'namespace'",
            config,
            '{"namespace": "<namespace>"}',
        )
    elif (
        isinstance(namespace, str)
        and _TOKEN not in namespace
        and not (_DNS_LABEL.fullmatch(namespace))
    ):
        findings.error(
            ProblemCode.INVALID_VALUE,
            "namespace_config.namespace",
            "is not a Kubernetes namespace name (EKS API: an RFC 1123 DNS label)",
            namespace,
            "lower-case letters, digits and '-', starting and ending alphanumeric, at most "
            "63 characters",
        )


def _warning_codes(given: Iterable[WarningCode | str], findings: Findings) -> frozenset[str]:
    """The acknowledged codes; an unknown one is a problem."""
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


def _argument_error(path: str, message: str, value: object) -> ConfigurationError:
    return ConfigurationError([Problem(ProblemCode.INVALID_ARGUMENT, path, message, value)])


def _value_of(choice: ResolveConflicts | str | None) -> str | None:
    return choice.value if isinstance(choice, ResolveConflicts) else choice


def _listed(items: Sequence[Any] | None) -> list[Any] | None:
    return None if items is None else list(items)


def _given(**arguments: Any) -> dict[str, Any]:
    """The provider arguments that were given (``None``: leave it to the provider)."""
    return {name: value for name, value in arguments.items() if value is not None}
