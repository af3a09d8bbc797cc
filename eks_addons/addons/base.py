"""The one construct behind every add-on: a thin, validated wrapper of ``EksAddon``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, TypedDict, TypeVar, Unpack

import jsii
from cdktf import ITerraformDependable, TerraformProvider, Token
from cdktf_cdktf_provider_aws.eks_addon import (
    EksAddon,
    EksAddonPodIdentityAssociation,
    EksAddonTimeouts,
)
from constructs import Construct

from eks_addons.arguments import ResolveConflicts, check_arguments
from eks_addons.catalog import check_configuration
from eks_addons.config import AddonConfig
from eks_addons.errors import ConfigurationError

ConfigT = TypeVar("ConfigT", bound=AddonConfig)


class AddonOptions(TypedDict, total=False):
    """Arguments every add-on construct takes, named as the provider names them."""

    addon_version: str
    """``vX.Y.Z-eksbuild.N``. Omitted: the default version EKS picks for the cluster."""
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

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        addon_name: str,
        cluster_name: str,
        configuration: AddonConfig | Mapping[str, Any] | str | None = None,
        **options: Unpack[AddonOptions],
    ) -> None:
        """Create the add-on ``addon_name`` on ``cluster_name`` (a string or a token).

        ``configuration`` is a builder, a mapping or a JSON string, checked and written as
        canonical JSON. Omitted: ``configuration_values`` is not managed, and values set
        earlier stay on the cluster; pass an empty builder to reset them to AWS's defaults.
        Raises :class:`~eks_addons.errors.ConfigurationError` listing every problem.
        """
        super().__init__(scope, id)
        problems = check_arguments(
            addon_name=addon_name,
            cluster_name=cluster_name,
            addon_version=options.get("addon_version"),
            resolve_conflicts_on_create=options.get("resolve_conflicts_on_create"),
            resolve_conflicts_on_update=options.get("resolve_conflicts_on_update"),
            is_unresolved=Token.is_unresolved,
        )
        config = None
        try:
            config = None if configuration is None else self.config_type.coerce(configuration)
        except ConfigurationError as error:
            problems += error.problems
        if config is not None:
            problems += check_configuration(
                addon_name, options.get("addon_version"), config.to_dict()
            )
        if problems:
            raise ConfigurationError(problems, addon=addon_name)
        self.addon_name = addon_name
        """The add-on's name, e.g. ``vpc-cni``."""
        self.configuration: AddonConfig | None = config
        """The checked configuration, or ``None`` when it is left unmanaged."""
        self.resource = EksAddon(
            self,
            "Default",
            addon_name=addon_name,
            cluster_name=cluster_name,
            configuration_values=None if config is None else config.to_json(),
            **_provider_arguments(options),
        )
        """The underlying ``aws_eks_addon`` resource: the escape hatch."""

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

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster_name: str,
        configuration: ConfigT | Mapping[str, Any] | str | None = None,
        **options: Unpack[AddonOptions],
    ) -> None:
        """Create the add-on on ``cluster_name``; see :class:`Addon` for the arguments."""
        super().__init__(
            scope,
            id,
            addon_name=self.ADDON_NAME,
            cluster_name=cluster_name,
            configuration=configuration,
            **options,
        )
