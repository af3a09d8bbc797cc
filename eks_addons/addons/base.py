"""The one construct behind every add-on: a thin, validated wrapper of ``EksAddon``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, TypedDict, TypeVar, Unpack

import jsii
from cdktf import Annotations, ITerraformDependable, TerraformProvider, Token
from cdktf_cdktf_provider_aws.data_aws_eks_addon_version import DataAwsEksAddonVersion
from cdktf_cdktf_provider_aws.data_aws_eks_cluster import DataAwsEksCluster
from cdktf_cdktf_provider_aws.eks_addon import (
    EksAddon,
    EksAddonPodIdentityAssociation,
    EksAddonTimeouts,
)
from cdktf_cdktf_provider_aws.eks_cluster import EksCluster
from cdktf_cdktf_provider_aws.iam_role import IamRole
from constructs import Construct

from eks_addons.addons.compute import ComputeCheck, ComputeRule
from eks_addons.addons.iam import Irsa, Permissions, ServiceAccountIam, service_account_role
from eks_addons.arguments import ResolveConflicts
from eks_addons.catalog import LATEST
from eks_addons.checks import check_addon
from eks_addons.config import AddonConfig, builder_for
from eks_addons.errors import Problem, ProblemCode

ConfigT = TypeVar("ConfigT", bound=AddonConfig)


class AddonOptions(TypedDict, total=False):
    """Arguments every add-on construct takes, named as the provider names them."""

    addon_version: str
    """A pin ``vX.Y.Z-eksbuild.N`` (checked against the catalog), or ``"latest"``: the newest
    catalog version for the cluster's Kubernetes version. Omitted: the catalog's default for
    that version; with no Kubernetes version known, EKS picks its default."""
    kubernetes_version: str
    """The cluster's Kubernetes version (``"1.33"``), for version selection and checks.
    Omitted: read from ``cluster`` when it is an ``EksCluster``."""
    version_at_plan: bool
    """Resolve the version at plan time through the ``aws_eks_addon_version`` data source
    (AWS's answer; needs credentials at plan): its default, or its most recent with
    ``addon_version="latest"``. Omitted: false, the offline catalog decides."""
    resolve_conflicts_on_create: ResolveConflicts | str
    """NONE or OVERWRITE. Omitted: the provider's default, OVERWRITE."""
    resolve_conflicts_on_update: ResolveConflicts | str
    """NONE, OVERWRITE or PRESERVE. Omitted: the provider's default, OVERWRITE."""
    preserve: bool
    """Keep the add-on's Kubernetes objects when the add-on is deleted. Omitted: false."""
    service_account_role_arn: str
    """IAM role (IRSA) for the add-on's service account. Omitted: the node role is used."""
    pod_identity_association: Sequence[EksAddonPodIdentityAssociation]
    """EKS Pod Identity associations (role ARN + service account). Omitted: none."""
    iam: ServiceAccountIam
    """Create the IAM role of the add-on's service account: ``Irsa(oidc_provider)`` or
    ``PodIdentity()``. Omitted: no role is created (pass ``service_account_role_arn`` or
    ``pod_identity_association`` for a role of your own; else the node role is used)."""
    tags: Mapping[str, str]
    """Tags on the add-on. Omitted: none (the provider's ``default_tags`` still apply)."""
    timeouts: EksAddonTimeouts
    """Create, update and delete timeouts. Omitted: the provider's 20m / 20m / 40m."""
    depends_on: Sequence[ITerraformDependable]
    """Resources to create before the add-on (a Fargate profile before CoreDNS, ...)."""
    provider: TerraformProvider
    """The AWS provider to use. Omitted: the stack's default AWS provider."""


@jsii.implements(ITerraformDependable)
class Addon(Construct):
    """Any EKS add-on, by name, with its configuration validated at synth.

    The ``aws_eks_addon`` resource is the child ``Default``, so its Terraform logical id is
    this construct's id: renaming the construct replaces the live add-on. The construct is
    itself dependable: ``depends_on=[addon]`` on another resource orders it after the add-on.
    """

    config_type: ClassVar[type[AddonConfig]] = AddonConfig
    """The builder that ``configuration`` is read into."""
    SERVICE_ACCOUNT: ClassVar[tuple[str, str] | None] = None
    """``(namespace, name)`` of the add-on's service account, when known (for ``iam=``)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        addon_name: str,
        cluster_name: str | None = None,
        cluster: EksCluster | DataAwsEksCluster | None = None,
        configuration: AddonConfig | Mapping[str, Any] | str | None = None,
        **options: Unpack[AddonOptions],
    ) -> None:
        """Create the add-on ``addon_name`` on a cluster.

        Name the cluster with ``cluster_name`` (a string or a token), or pass the ``cluster``
        construct itself: an ``EksCluster`` also gives its Kubernetes version. ``configuration``
        is a builder, a mapping or a JSON string, checked and written as canonical JSON.
        Omitted: ``configuration_values`` is not managed, and values set earlier stay on the
        cluster; pass an empty builder to reset them to AWS's defaults.
        Raises :class:`~eks_addons.errors.ConfigurationError` listing every problem.
        """
        super().__init__(scope, id)
        if cluster_name is None and cluster is not None:
            cluster_name = cluster.name
        kubernetes_version = options.pop("kubernetes_version", None)
        if kubernetes_version is None and isinstance(cluster, EksCluster):
            kubernetes_version = cluster.version_input
        version_at_plan = options.pop("version_at_plan", False)
        requested = options.pop("addon_version", None)
        iam = options.pop("iam", None)
        check = check_addon(
            addon_name=addon_name,
            configuration=configuration,
            config_type=self.config_type,
            cluster_name=cluster_name,
            addon_version=requested,
            kubernetes_version=kubernetes_version,
            resolve_conflicts_on_create=options.get("resolve_conflicts_on_create"),
            resolve_conflicts_on_update=options.get("resolve_conflicts_on_update"),
            version_at_plan=version_at_plan,
            is_unresolved=Token.is_unresolved,
        )
        if cluster_name is None:
            check.problems.insert(
                0,
                Problem(
                    ProblemCode.INVALID_ARGUMENT,
                    "cluster_name",
                    "is required",
                    allowed="cluster_name=..., or cluster=<EksCluster or DataAwsEksCluster>",
                ),
            )
        check.problems.extend(self._iam_problems(iam, options))
        check.raise_for_problems(addon_name)
        for warning in check.warnings:
            Annotations.of(self).add_warning(warning)

        self.addon_name = addon_name
        """The add-on's name, e.g. ``vpc-cni``."""
        self.configuration: AddonConfig | None = check.configuration
        """The checked configuration, or ``None`` when it is left unmanaged."""
        self.kubernetes_version: str | None = kubernetes_version
        """The cluster's Kubernetes version, when given or read from the cluster."""
        version = check.version
        if version_at_plan:
            lookup = DataAwsEksAddonVersion(
                self,
                "Version",
                addon_name=addon_name,
                kubernetes_version=str(kubernetes_version),
                most_recent=requested == LATEST,
                provider=options.get("provider"),
            )
            version = lookup.version
        self.selected_version = version
        """The version written to ``addon_version`` (a token when resolved at plan time;
        ``None``: EKS picks its default)."""
        self.service_account_role: IamRole | None = None
        """The IAM role created for the service account with ``iam=``, else ``None``."""
        if iam is not None:
            options = self._grant(iam, options)
        self.resource = EksAddon(
            self,
            "Default",
            addon_name=addon_name,
            cluster_name=str(cluster_name),
            addon_version=version,
            configuration_values=None
            if check.configuration is None
            else check.configuration.to_json(),
            **_provider_arguments(options),
        )
        """The underlying ``aws_eks_addon`` resource: the escape hatch."""
        for rule in self._validations():
            self.node.add_validation(ComputeCheck(self, rule))

    def _validations(self) -> list[ComputeRule]:
        """Checks against the stack's compute, run at synth; none for a generic add-on."""
        return []

    def _permissions(self, iam: ServiceAccountIam) -> Permissions | None:
        """What the add-on's service account needs; ``None``: the library does not know."""
        return None

    def _iam_problems(self, iam: ServiceAccountIam | None, options: AddonOptions) -> list[Problem]:
        if iam is None:
            return []
        problems = []
        if self.SERVICE_ACCOUNT is None or self._permissions(iam) is None:
            problems.append(
                Problem(
                    ProblemCode.INVALID_ARGUMENT,
                    "iam",
                    "is not available for this add-on: its service account and policies are "
                    "not known to the library",
                    type(iam).__name__,
                    allowed="service_account_role_arn= or pod_identity_association= instead",
                )
            )
        for given in ("service_account_role_arn", "pod_identity_association"):
            if given in options:
                problems.append(
                    Problem(
                        ProblemCode.INVALID_ARGUMENT,
                        given,
                        "cannot be combined with iam=, which creates the role",
                        allowed="one of iam=, service_account_role_arn=, pod_identity_association=",
                    )
                )
        return problems

    def _grant(self, iam: ServiceAccountIam, options: AddonOptions) -> AddonOptions:
        """Create the service account's role; the add-on options that hand it to EKS."""
        permissions = self._permissions(iam)
        assert self.SERVICE_ACCOUNT is not None
        assert permissions is not None
        namespace, service_account = self.SERVICE_ACCOUNT
        role, attachments = service_account_role(
            self,
            iam,
            namespace=namespace,
            service_account=service_account,
            permissions=permissions,
        )
        self.service_account_role = role
        granted: AddonOptions = {
            **options,
            "depends_on": [*options.get("depends_on", []), *attachments],
        }
        if isinstance(iam, Irsa):
            granted["service_account_role_arn"] = role.arn
        else:
            granted["pod_identity_association"] = [
                EksAddonPodIdentityAssociation(role_arn=role.arn, service_account=service_account)
            ]
        return granted

    @property
    def arn(self) -> str:
        """The add-on's ARN (a token until apply)."""
        return self.resource.arn

    @property
    def id(self) -> str:
        """The resource id, ``<cluster_name>:<addon_name>`` (a token until apply)."""
        return self.resource.id

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


def _provider_arguments(options: AddonOptions) -> dict[str, Any]:
    arguments: dict[str, Any] = dict(options)
    for name in ("resolve_conflicts_on_create", "resolve_conflicts_on_update"):
        if isinstance(arguments.get(name), ResolveConflicts):
            arguments[name] = arguments[name].value
    for name in ("pod_identity_association", "depends_on"):
        if name in arguments:
            arguments[name] = list(arguments[name])
    if "tags" in arguments:
        arguments["tags"] = dict(arguments["tags"])
    return arguments


class ManagedAddon(Addon, Generic[ConfigT]):
    """An add-on with a known name and a typed builder; subclasses set both."""

    ADDON_NAME: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.config_type = builder_for(cls.ADDON_NAME)

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster_name: str | None = None,
        cluster: EksCluster | DataAwsEksCluster | None = None,
        configuration: ConfigT | Mapping[str, Any] | str | None = None,
        **options: Unpack[AddonOptions],
    ) -> None:
        """Create the add-on on a cluster; see :class:`Addon` for the arguments."""
        super().__init__(
            scope,
            id,
            addon_name=self.ADDON_NAME,
            cluster_name=cluster_name,
            cluster=cluster,
            configuration=configuration,
            **options,
        )
