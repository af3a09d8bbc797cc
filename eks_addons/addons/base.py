"""The one construct behind every add-on: a validated ``aws_eks_addon``.

The construct reads its cluster once (through the app's registry), asks
:func:`eks_addons.plan.plan_addon` for every decision, and writes the plan: the
``aws_eks_addon`` resource, and where asked the version lookup, the service-account role, the
cluster role's policies and the plan-time version guard.
"""

from __future__ import annotations

import dataclasses
import inspect
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypedDict, TypeVar

import jsii
from constructs import Construct

from eks_addons.addons.iam import (
    Irsa,
    ServiceAccountIam,
    attachment,
    partition_of,
    service_account_role,
)
from eks_addons.addons.refusal import refuse
from eks_addons.addons.registry import AppRegistry, registry_of
from eks_addons.addons.resources import (
    AddonVersionData,
    EksAddonResource,
    ExistingCluster,
    IamRoleResource,
    is_type,
    show_signature,
)
from eks_addons.cdk import (
    Fn,
    ITerraformDependable,
    Op,
    Precondition,
    TerraformProvider,
    TerraformResourceLifecycle,
    TerraformStack,
    Token,
    check_scope,
)
from eks_addons.checks import ResolveConflicts
from eks_addons.checks.configuration import JsonEncode
from eks_addons.config import AddonConfig
from eks_addons.errors import (
    WARNING_METADATA,
    AddonWarning,
    ConfigurationError,
    Problem,
    ProblemCode,
    WarningCode,
)
from eks_addons.plan import (
    AddonPlan,
    AddonRequest,
    ClusterFacts,
    plan_addon,
)
from eks_addons.specs import AddonSpec, spec_for
from eks_addons.tokens import is_token

if TYPE_CHECKING:  # the bindings' classes, which the constructs take but never import
    from eks_addons.cdk import (
        DataAwsEksCluster,
        EksAddonPodIdentityAssociation,
        EksAddonTimeouts,
        EksCluster,
        IamRole,
    )

ConfigT = TypeVar("ConfigT", bound=AddonConfig)

NEVER = '${path.module == ""}'
"""A condition that never holds (Terraform refuses a constant one: a condition must refer to
something)."""


def record_warning(construct: Construct, warning: AddonWarning | str) -> None:
    """A warning annotation on ``construct``, printed by ``cdktf synth``; written without the
    stack trace cdktf's ``Annotations`` add, so two synths give byte-identical manifests."""
    construct.node.add_metadata(WARNING_METADATA, str(warning))


def is_unresolved(value: object) -> bool:
    """Whether ``value`` is a CDK token, known only to Terraform (told in Python)."""
    return is_token(value)


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
    pod_identity_association: Sequence[EksAddonPodIdentityAssociation | Mapping[str, str]]
    iam: ServiceAccountIam
    cluster_role: IamRole | IamRoleResource
    tags: Mapping[str, str]
    timeouts: EksAddonTimeouts | Mapping[str, str]
    depends_on: Sequence[ITerraformDependable]
    provider: TerraformProvider
    region: str
    namespace_config: Mapping[str, str]
    acknowledge: Iterable[WarningCode | str]
    logical_id: str
    moved_from: str
    adopt: bool


class AddonArguments(AddonOptions, Generic[ConfigT], total=False):
    """Every keyword argument of a typed add-on construct (for subclasses that add their own)."""

    cluster_name: str
    cluster: EksCluster | DataAwsEksCluster | ExistingCluster
    configuration: ConfigT | Mapping[str, Any] | str


@jsii.implements(ITerraformDependable)
class Addon(Construct, Generic[ConfigT]):
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
        cluster: EksCluster | DataAwsEksCluster | ExistingCluster | None = None,
        configuration: ConfigT | Mapping[str, Any] | str | None = None,
        addon_version: str | None = None,
        kubernetes_version: str | None = None,
        version_at_plan: bool = False,
        resolve_conflicts_on_create: ResolveConflicts | str | None = None,
        resolve_conflicts_on_update: ResolveConflicts | str | None = None,
        preserve: bool | None = None,
        service_account_role_arn: str | None = None,
        pod_identity_association: Sequence[EksAddonPodIdentityAssociation | Mapping[str, str]]
        | None = None,
        iam: ServiceAccountIam | None = None,
        cluster_role: IamRole | IamRoleResource | None = None,
        tags: Mapping[str, str] | None = None,
        timeouts: EksAddonTimeouts | Mapping[str, str] | None = None,
        depends_on: Sequence[ITerraformDependable] | None = None,
        provider: TerraformProvider | None = None,
        region: str | None = None,
        namespace_config: Mapping[str, str] | None = None,
        acknowledge: Iterable[WarningCode | str] = (),
        logical_id: str | None = None,
        moved_from: str | None = None,
        adopt: bool = False,
    ) -> None:
        """Create the add-on on a cluster. Problems do not raise: they are in
        :attr:`problems`, and ``cdktf synth`` fails listing every construct's at once.

        :param addon_name: the EKS add-on name; given by the class for the typed add-ons.
        :param cluster_name: the cluster's name (a string or a token); or pass ``cluster``.
        :param cluster: the ``EksCluster`` or ``DataAwsEksCluster`` (of the bindings), or an
            :class:`~eks_addons.ExistingCluster`; an ``EksCluster`` also gives its Kubernetes
            version.
        :param configuration: a builder, a mapping or a JSON string, checked and written as
            canonical JSON (through ``jsonencode`` when parts are tokens). Omitted:
            ``configuration_values`` is not managed, and values set earlier stay on the
            cluster; pass an empty builder to reset them to AWS's defaults.
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
        :param pod_identity_association: EKS Pod Identity associations, each
            ``{"role_arn": ..., "service_account": ...}`` or the bindings'
            ``EksAddonPodIdentityAssociation``. Omitted: none.
        :param iam: create the service account's role: ``Irsa(oidc_provider)`` or
            ``PodIdentity()``. Omitted: no role is created.
        :param cluster_role: the cluster's IAM role, when it is in the stack: the policies
            the configuration needs there are attached to it (``AmazonEKSVPCResourceController``
            for the VPC CNI's security groups for pods). Omitted: a warning names them.
        :param tags: tags on the add-on. Omitted: none (the provider's ``default_tags`` apply).
        :param timeouts: create, update and delete timeouts, ``{"create": "30m"}`` or the
            bindings' ``EksAddonTimeouts``. Omitted: 20m / 20m / 40m.
        :param depends_on: resources to create before the add-on.
        :param provider: the AWS provider. Omitted: the stack's default AWS provider.
        :param region: the region to manage the add-on in (hashicorp/aws 6.0 and newer).
            Omitted: the provider's region.
        :param namespace_config: ``{"namespace": "..."}``, the Kubernetes namespace to
            install the add-on in (hashicorp/aws 6.42 and newer); replaces the
            add-on when changed; a role created with ``iam=`` trusts the service account
            there. Omitted: the add-on's own namespace.
        :param acknowledge: warning codes reviewed for this add-on (``"nowhere-to-run"``,
            ...): those warnings stop printing. Omitted: every warning prints.
        :param logical_id: the resource's Terraform name, ``aws_eks_addon.<logical_id>``.
            Omitted: cdktf's, from the construct path (this construct's id at a stack's top,
            else the path's ids joined with a hash: ``addons_vpc_cni_FED1CF0F``).
        :param moved_from: the address whose state becomes this add-on's (a ``moved``
            block), e.g. ``aws_eks_addon.vpc_cni`` of the HCL it replaces: the plan moves it
            instead of destroying and creating it. Omitted: no move.
        :param adopt: import the add-on the cluster already has (an ``import`` block with
            id ``<cluster>:<addon>``): the first plan imports it instead of creating it, which
            EKS would refuse. Omitted: created.
        """
        check_scope(scope)
        super().__init__(scope, id)
        spec, fixed = self._spec(addon_name)
        stack = scope if isinstance(scope, TerraformStack) else TerraformStack.of(self)
        registry = registry_of(stack)
        facts = self._cluster_facts(
            registry.facts(cluster) if cluster is not None else _named(cluster_name), iam
        )
        self.cluster_facts = facts
        locked, unreadable = (
            registry.locked(self, spec.name) if addon_version is None else (None, None)
        )
        """What the cluster construct says of itself: its name, Kubernetes version, Auto
        Mode, hybrid nodes, IP family (the defaults for a data source or a name)."""
        plan = plan_addon(
            spec,
            AddonRequest(
                addon_name=addon_name,
                cluster_name=cluster_name,
                configuration=configuration,
                addon_version=addon_version,
                kubernetes_version=kubernetes_version,
                version_at_plan=version_at_plan,
                resolve_conflicts_on_create=resolve_conflicts_on_create,
                resolve_conflicts_on_update=resolve_conflicts_on_update,
                preserve=preserve,
                service_account_role_arn=service_account_role_arn,
                pod_identity_association=pod_identity_association,
                iam=None if iam is None else "irsa" if isinstance(iam, Irsa) else "pod-identity",
                tags=tags,
                timeouts=timeouts,
                region=region,
                namespace_config=namespace_config,
                acknowledge=acknowledge,
                logical_id=logical_id,
                moved_from=moved_from,
                adopt=adopt,
                locked=locked,
                cluster_role=cluster_role is not None,
                unresolved=is_token,
            ),
            facts,
            registry.provider_facts(stack, provider),
        )
        plan.findings.problems[:0] = [found for found in (fixed, unreadable) if found is not None]
        registry.install(  # at the stack's top, the name is the id's
            stack,
            plan,
            (provider, region),
            logical_id=logical_id,
            top=id if scope is stack else None,
            moved_from=moved_from,
        )
        self.plan: AddonPlan = plan
        """Every decision about the add-on (:func:`eks_addons.plan.plan_addon`)."""
        self._acknowledged = plan.acknowledged
        for warning in plan.warnings:
            record_warning(self, warning)

        self.addon_name = spec.name
        """The add-on's name, e.g. ``vpc-cni``."""
        self.configuration: AddonConfig | None = plan.configuration.builder
        """The checked configuration, or ``None`` when it is left unmanaged."""
        self.rendered_configuration = plan.rendered
        """``configuration`` as the JSON object written to ``configuration_values`` (its parts
        known at synth)."""
        self.kubernetes_version: str | None = plan.kubernetes
        """The cluster's Kubernetes version, when given or read from the cluster."""
        self.problems: tuple[Problem, ...] = tuple(plan.problems)
        """Every problem of the add-on's arguments and configuration, reported at synth
        (``cdktf synth`` fails listing every construct's); empty when it has none."""
        self.service_account_role: IamRoleResource | None = None
        """The IAM role created for the (first) service account with ``iam=``, else ``None``."""
        self.service_account_roles: dict[str, IamRoleResource] = {}
        """Every role created with ``iam=``, by service account name."""
        if self.problems:
            self._refuse(plan)
            return
        version: str | None = plan.version
        if plan.lookup is not None:
            version = AddonVersionData(
                self,
                "Version",
                provider=provider,
                addon_name=spec.name,
                kubernetes_version=str(plan.lookup.kubernetes),
                most_recent=plan.lookup.most_recent,
            ).version
        self.selected_version = version
        """The version written to ``addon_version`` (a token when resolved at plan time;
        ``None``: EKS picks its default)."""
        if plan.grants and iam is not None:
            depends_on, granted = self._create_roles(plan, iam, depends_on)
            if isinstance(iam, Irsa):
                service_account_role_arn = granted[0]["role_arn"]
            else:
                pod_identity_association = granted
        self._attach_cluster_role_policies(plan, cluster_role)
        values = plan.configuration.values
        self.resource = EksAddonResource(
            self,
            "Default",
            {
                "addon_name": spec.name,
                "cluster_name": str(plan.cluster_name),
                "addon_version": version,
                "configuration_values": Fn.jsonencode(values.value)
                if isinstance(values, JsonEncode)
                else values,
                "resolve_conflicts_on_create": _value_of(resolve_conflicts_on_create),
                "resolve_conflicts_on_update": _value_of(resolve_conflicts_on_update),
                "preserve": preserve,
                "service_account_role_arn": service_account_role_arn,
                "pod_identity_association": _listed(pod_identity_association),
                "tags": _tags(tags),
                "timeouts": timeouts,
                "region": region,
                "namespace_config": None if namespace_config is None else [dict(namespace_config)],
            },
            depends_on=_listed(depends_on),
            provider=provider,
            lifecycle=_version_guard(registry, spec.name, cluster, plan.guard),
        )
        """The underlying ``aws_eks_addon`` resource: the escape hatch."""
        self._place(plan, logical_id, moved_from, adopt, provider)
        # every add-on registers: the synth-time checks count what the app declares
        registry.place(stack, plan, cluster, self.warn)

    def _refuse(self, plan: AddonPlan) -> None:
        """Report the plan's problems at synth; write an ``aws_eks_addon`` whose precondition
        fails ``terraform plan`` with them (should it be written without validations), so what
        refers to the add-on still can."""
        error = ConfigurationError(
            plan.problems,
            addon=plan.spec.name if isinstance(plan.spec.name, str) else None,
            version=plan.known_version,
            construct_path=self.node.path,
        )
        refuse(self, error)
        self.selected_version = None
        name = plan.cluster_name
        refused = Precondition(condition=NEVER, error_message=f"eks-addons refused it: {error}")
        self.resource = EksAddonResource(
            self,
            "Default",
            {
                "addon_name": plan.spec.name if isinstance(plan.spec.name, str) else None,
                "cluster_name": name if isinstance(name, str) else None,
            },
            lifecycle=TerraformResourceLifecycle(precondition=[refused]),
        )

    def _place(
        self,
        plan: AddonPlan,
        logical_id: str | None,
        moved_from: str | None,
        adopt: bool,
        provider: TerraformProvider | None,
    ) -> None:
        """The resource's Terraform name, the address it moves from, its import."""
        if logical_id is not None:
            self.resource.override_logical_id(logical_id)
        if moved_from is not None:  # after the name: the move's target is read here
            self.resource.move_from_id(moved_from)
        if adopt:
            cluster = plan.cluster.identity or plan.cluster_name  # a literal name: known at plan
            # in another region than the provider's, hashicorp/aws 6 reads '<id>@<region>' (its
            # guide website/docs/guides/enhanced-region-support.html.markdown: "append @<region>
            # to the import ID")
            where = "" if plan.request.region is None else f"@{plan.request.region}"
            self.resource.import_from(f"{cluster}:{plan.spec.name}{where}", provider)

    def _create_roles(
        self,
        plan: AddonPlan,
        iam: ServiceAccountIam,
        depends_on: Sequence[ITerraformDependable] | None,
    ) -> tuple[list[Any], list[dict[str, str]]]:
        """The roles of ``plan.grants``; what the add-on waits for, and the associations."""
        waits = list(depends_on or ())
        associations = []
        partition = partition_of(self, iam)
        for index, grant in enumerate(plan.grants):
            role, attachments = service_account_role(
                self, iam, grant, partition=partition, first=index == 0
            )
            self.service_account_roles[grant.service_account] = role
            waits += attachments
            associations.append({"role_arn": role.arn, "service_account": grant.service_account})
        self.service_account_role = next(iter(self.service_account_roles.values()))
        return waits, associations

    def _attach_cluster_role_policies(
        self, plan: AddonPlan, cluster_role: IamRole | IamRoleResource | None
    ) -> None:
        """What the configuration needs on the cluster role (``cluster_role=``)."""
        if cluster_role is None:
            return
        for need in plan.spec.cluster_role_needs:
            if need.policy in plan.cluster_role_policies:
                attachment(
                    self,
                    need.attachment_id,
                    cluster_role.get_string_attribute("name"),
                    f"arn:{partition_of(self)}:iam::aws:policy/{need.policy}",
                )

    def _cluster_facts(self, facts: ClusterFacts, iam: ServiceAccountIam | None) -> ClusterFacts:
        """The cluster's facts with what this construct's arguments add (subclasses)."""
        if iam is not None and iam.ipv6:  # deprecated Irsa(ipv6=True) / PodIdentity(ipv6=True)
            return dataclasses.replace(facts, ip_family="ipv6")
        return facts

    def warn(self, warning: AddonWarning) -> None:
        """Record ``warning`` as a synth warning annotation, unless it was acknowledged.

        Written without a stack trace, so two synths give byte-identical manifests.
        """
        if warning.code not in self._acknowledged:
            record_warning(self, warning)

    def _spec(self, addon_name: str | None) -> tuple[AddonSpec, Problem | None]:
        """The add-on's spec, and the problem of an ``addon_name`` its class fixes otherwise
        (the plan checks any other name)."""
        spec = type(self).spec
        if spec is None:
            return spec_for(addon_name) if isinstance(addon_name, str) else AddonSpec(name=""), None
        if addon_name in (None, spec.name):
            return spec, None
        fixed = Problem(
            ProblemCode.INVALID_ARGUMENT,
            "addon_name",
            f"is fixed to {spec.name!r} by {type(self).__name__}",
            addon_name,
        )
        return spec, fixed

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


class ManagedAddon(Addon[ConfigT]):
    """An add-on the library models: a subclass names its :class:`AddonSpec`, nothing else."""

    spec: ClassVar[AddonSpec]
    ADDON_NAME: ClassVar[str]
    """The add-on's name, from its spec."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.ADDON_NAME = cls.spec.name
        cls.__signature__ = _signature(cls)


def _signature(cls: type) -> inspect.Signature:
    """``cls``'s real parameters, for ``help()`` and ``inspect.signature`` (the constructs'
    metaclass would show ``(*args, **kwargs)``): its own, then ``Addon``'s for
    ``**arguments`` (but ``addon_name``, which the class fixes)."""
    own = [
        parameter
        for parameter in list(inspect.signature(cls.__init__).parameters.values())[1:]  # type: ignore[misc]
        if parameter.name != "addon_name"
    ]
    if own and own[-1].kind is inspect.Parameter.VAR_KEYWORD:
        names = {parameter.name for parameter in own}
        base = list(inspect.signature(Addon.__init__).parameters.values())[1:]
        own = own[:-1] + [
            parameter
            for parameter in base
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY
            and parameter.name not in names
            and parameter.name != "addon_name"
        ]
    return inspect.Signature(own)


show_signature(Addon)


def _named(cluster_name: object) -> ClusterFacts:
    """The facts of a cluster given only by name."""
    if isinstance(cluster_name, str) and not is_token(cluster_name):
        return ClusterFacts(identity=cluster_name)
    return ClusterFacts()


def _version_guard(
    registry: AppRegistry, addon: str, cluster: object, declared: str | None
) -> TerraformResourceLifecycle | None:
    """A precondition that fails ``terraform plan`` when the ``kubernetes_version`` given is
    not the cluster's: the add-on version was chosen for the version given."""
    if declared is None or not (
        is_type(cluster, "resource", "aws_eks_cluster")
        or is_type(cluster, "data", "aws_eks_cluster")
    ):
        return None
    actual: str = registry.once(
        ("version", cluster),
        lambda: cluster.get_string_attribute("version"),  # type: ignore[attr-defined]
    )
    condition = registry.once(  # built through jsii once per cluster and version
        ("guard", cluster, declared), lambda: Op.eq(actual, declared)
    )
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


def _tags(tags: object) -> Any:
    """``tags`` as the bindings take them (a map token for a value of type any)."""
    if tags is None:
        return None
    if isinstance(tags, Mapping):
        return dict(tags)
    return Token.as_string_map(tags)


def _value_of(choice: ResolveConflicts | str | None) -> str | None:
    return choice.value if isinstance(choice, ResolveConflicts) else choice


def _listed(items: Sequence[Any] | None) -> list[Any] | None:
    return None if items is None else list(items)
