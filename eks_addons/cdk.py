"""The CDK eks-addons builds on: CDK for Terraform (``cdktf``) or CDK Terrain (``cdktn``).

The only module of the package that imports a CDK or its AWS provider bindings. It follows
the app: the CDK the app already imported; else the one ``EKS_ADDONS_CDK`` names; else the
one installed (CDK Terrain when both are). The two families have the same class names,
module paths and keywords, so the constructs are written once against the names here.
Importing this module starts the jsii kernel; ``import eks_addons`` does not import it.

eks-addons writes its resources through the CDK core alone; the prebuilt AWS provider
bindings (seconds and about 1 GB to import) are loaded only when one of their classes here
is asked for (``EksCluster``, ``AwsProvider``...), and need not be installed otherwise.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from importlib import metadata, util
from typing import TYPE_CHECKING, Any, Literal

CdkName = Literal["cdktf", "cdktn"]

_PROVIDERS: dict[str, tuple[str, str]] = {
    # CDK -> (the provider bindings' module, their distribution)
    "cdktf": ("cdktf_cdktf_provider_aws", "cdktf-cdktf-provider-aws"),
    "cdktn": ("cdktn_provider_aws", "cdktn-provider-aws"),
}
_SOURCES = {
    # CDK -> the provider source its bindings write into required_providers
    "cdktf": "aws",
    "cdktn": "hashicorp/aws",
}
DEFAULT_AWS_PROVIDER = {
    # CDK -> the hashicorp/aws version pinned without bindings: what the newest bindings of
    # that family bind (cdktf-cdktf-provider-aws 21.22.1, cdktn-provider-aws 25.8.1)
    "cdktf": "6.25.0",
    "cdktn": "6.69.1",
}
_ENVIRONMENT = "EKS_ADDONS_CDK"
_INSTALL = "pip install 'eks-addons[cdktn]' (CDK Terrain) or 'eks-addons[cdktf]'"


class CdkNotAvailableError(ImportError):
    """No usable CDK: none installed, its AWS provider bindings missing, or an ambiguous
    choice."""


class CdkMismatchError(TypeError):
    """A construct of the other CDK was passed to an eks-addons construct."""


def _installed(name: str) -> bool:
    return util.find_spec(name) is not None


def choose(modules: Any = None, environ: Any = None) -> CdkName:
    """The CDK to load: the app's (already imported), else ``EKS_ADDONS_CDK``, else the
    installed one; raise :class:`CdkNotAvailableError` with one sentence when there is none."""
    modules = sys.modules if modules is None else modules
    environ = os.environ if environ is None else environ
    imported = [name for name in _PROVIDERS if name in modules]
    override = environ.get(_ENVIRONMENT)
    if override is not None and override not in _PROVIDERS:
        raise CdkNotAvailableError(
            f"{_ENVIRONMENT}={override!r} names no CDK eks-addons supports: use 'cdktf' or 'cdktn'"
        )
    if len(imported) == 1:
        chosen: str = imported[0]
    elif override is not None:
        chosen = override
    elif imported:
        raise CdkNotAvailableError(
            f"both cdktf and cdktn are imported: set {_ENVIRONMENT}=cdktf or "
            f"{_ENVIRONMENT}=cdktn to say which one the app's stacks come from"
        )
    else:
        candidates = [name for name in ("cdktn", "cdktf") if _installed(name)]
        if not candidates:
            raise CdkNotAvailableError(
                f"eks-addons' constructs need a CDK and none is installed: {_INSTALL}"
            )
        chosen = candidates[0]
    if not _installed(chosen):
        raise CdkNotAvailableError(
            f"eks-addons' constructs need {chosen}, which is not installed: "
            f"pip install 'eks-addons[{chosen}]'"
        )
    return chosen  # type: ignore[return-value]


def bound_provider(distribution: str) -> str | None:
    """The hashicorp/aws version the installed ``distribution`` of prebuilt bindings binds,
    read from its metadata (without importing it); ``None`` when it is not installed."""
    try:
        description = metadata.metadata(distribution).get_payload() or ""  # type: ignore[attr-defined]
    except metadata.PackageNotFoundError:
        return None
    found = re.search(r"hashicorp/aws provider version (\d+\.\d+\.\d+)", str(description))
    return found[1] if found else None


NAME: CdkName = choose()
"""The CDK loaded: ``"cdktf"`` or ``"cdktn"``."""
PROVIDER_MODULE, PROVIDER_DISTRIBUTION = _PROVIDERS[NAME]
_BOUND = bound_provider(PROVIDER_DISTRIBUTION) if _installed(PROVIDER_MODULE) else None
PROVIDER_BINDINGS: str | None = (
    f"{PROVIDER_DISTRIBUTION} {metadata.version(PROVIDER_DISTRIBUTION)}" if _BOUND else None
)
"""The AWS provider bindings installed, with their version (``cdktn-provider-aws 25.8.1``);
``None`` when there are none (eks-addons needs none)."""
AWS_PROVIDER_VERSION: str = _BOUND or DEFAULT_AWS_PROVIDER[NAME]
"""The hashicorp/aws version eks-addons writes for: the one the installed bindings bind
(their ``AwsProvider`` pins it), else :data:`DEFAULT_AWS_PROVIDER`."""
AWS_PROVIDER_SOURCE: str = _SOURCES[NAME] if _BOUND else "hashicorp/aws"
"""The provider source written into ``required_providers``: the bindings' when installed."""

_CORE = (
    "App",
    "DefaultTokenResolver",
    "Fn",
    "ITerraformDependable",
    "Op",
    "Precondition",
    "TerraformDataSource",
    "TerraformOutput",
    "TerraformProvider",
    "TerraformProviderGeneratorMetadata",
    "TerraformResource",
    "TerraformResourceLifecycle",
    "TerraformStack",
    "TerraformVariable",
    "StringConcat",
    "Testing",
    "Token",
    "Tokenization",
)
_AWS = {
    # class -> its module in the provider bindings
    "AwsProvider": "provider",
    "DataAwsEksAddonVersion": "data_aws_eks_addon_version",
    "DataAwsEksCluster": "data_aws_eks_cluster",
    "DataAwsIamOpenidConnectProvider": "data_aws_iam_openid_connect_provider",
    "DataAwsPartition": "data_aws_partition",
    "EksAddon": "eks_addon",
    "EksAddonPodIdentityAssociation": "eks_addon",
    "EksAddonTimeouts": "eks_addon",
    "EksCluster": "eks_cluster",
    "EksClusterVpcConfig": "eks_cluster",
    "EksFargateProfile": "eks_fargate_profile",
    "EksFargateProfileSelector": "eks_fargate_profile",
    "EksNodeGroup": "eks_node_group",
    "EksNodeGroupScalingConfig": "eks_node_group",
    "IamOpenidConnectProvider": "iam_openid_connect_provider",
    "IamPolicy": "iam_policy",
    "IamRole": "iam_role",
    "IamRolePolicyAttachment": "iam_role_policy_attachment",
}

if TYPE_CHECKING:  # one family's names for the type checker; the other has the same
    from cdktf import (
        App as App,
    )
    from cdktf import (
        DefaultTokenResolver as DefaultTokenResolver,
    )
    from cdktf import (
        Fn as Fn,
    )
    from cdktf import (
        ITerraformDependable as ITerraformDependable,
    )
    from cdktf import (
        Op as Op,
    )
    from cdktf import (
        Precondition as Precondition,
    )
    from cdktf import (
        StringConcat as StringConcat,
    )
    from cdktf import (
        TerraformDataSource as TerraformDataSource,
    )
    from cdktf import (
        TerraformOutput as TerraformOutput,
    )
    from cdktf import (
        TerraformProvider as TerraformProvider,
    )
    from cdktf import (
        TerraformProviderGeneratorMetadata as TerraformProviderGeneratorMetadata,
    )
    from cdktf import (
        TerraformResource as TerraformResource,
    )
    from cdktf import (
        TerraformResourceLifecycle as TerraformResourceLifecycle,
    )
    from cdktf import (
        TerraformStack as TerraformStack,
    )
    from cdktf import (
        TerraformVariable as TerraformVariable,
    )
    from cdktf import (
        Testing as Testing,
    )
    from cdktf import (
        Token as Token,
    )
    from cdktf import (
        Tokenization as Tokenization,
    )
    from cdktf_cdktf_provider_aws.data_aws_eks_addon_version import (
        DataAwsEksAddonVersion as DataAwsEksAddonVersion,
    )
    from cdktf_cdktf_provider_aws.data_aws_eks_cluster import (
        DataAwsEksCluster as DataAwsEksCluster,
    )
    from cdktf_cdktf_provider_aws.data_aws_iam_openid_connect_provider import (
        DataAwsIamOpenidConnectProvider as DataAwsIamOpenidConnectProvider,
    )
    from cdktf_cdktf_provider_aws.data_aws_partition import (
        DataAwsPartition as DataAwsPartition,
    )
    from cdktf_cdktf_provider_aws.eks_addon import (
        EksAddon as EksAddon,
    )
    from cdktf_cdktf_provider_aws.eks_addon import (
        EksAddonPodIdentityAssociation as EksAddonPodIdentityAssociation,
    )
    from cdktf_cdktf_provider_aws.eks_addon import (
        EksAddonTimeouts as EksAddonTimeouts,
    )
    from cdktf_cdktf_provider_aws.eks_cluster import (
        EksCluster as EksCluster,
    )
    from cdktf_cdktf_provider_aws.eks_cluster import (
        EksClusterVpcConfig as EksClusterVpcConfig,
    )
    from cdktf_cdktf_provider_aws.eks_fargate_profile import (
        EksFargateProfile as EksFargateProfile,
    )
    from cdktf_cdktf_provider_aws.eks_fargate_profile import (
        EksFargateProfileSelector as EksFargateProfileSelector,
    )
    from cdktf_cdktf_provider_aws.eks_node_group import (
        EksNodeGroup as EksNodeGroup,
    )
    from cdktf_cdktf_provider_aws.eks_node_group import (
        EksNodeGroupScalingConfig as EksNodeGroupScalingConfig,
    )
    from cdktf_cdktf_provider_aws.iam_openid_connect_provider import (
        IamOpenidConnectProvider as IamOpenidConnectProvider,
    )
    from cdktf_cdktf_provider_aws.iam_policy import (
        IamPolicy as IamPolicy,
    )
    from cdktf_cdktf_provider_aws.iam_role import (
        IamRole as IamRole,
    )
    from cdktf_cdktf_provider_aws.iam_role_policy_attachment import (
        IamRolePolicyAttachment as IamRolePolicyAttachment,
    )
    from cdktf_cdktf_provider_aws.provider import (
        AwsProvider as AwsProvider,
    )
else:
    _core = importlib.import_module(NAME)
    globals().update({name: getattr(_core, name) for name in _CORE})

    def __getattr__(name: str) -> Any:
        """A class of the AWS provider bindings, imported on first use (PEP 562)."""
        module = _AWS.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        if PROVIDER_BINDINGS is None:
            raise CdkNotAvailableError(
                f"{name} comes from the AWS provider bindings, which are not installed: pip "
                f"install 'eks-addons[{NAME}-bindings]' (eks-addons' own constructs need none)"
            )
        found = getattr(importlib.import_module(f"{PROVIDER_MODULE}.{module}"), name)
        globals()[name] = found
        return found


def check_scope(scope: object) -> None:
    """Raise :class:`CdkMismatchError` when ``scope`` comes from the CDK not loaded."""
    for cls in type(scope).__mro__:
        package = cls.__module__.partition(".")[0]
        for other, (provider, _) in _PROVIDERS.items():
            if other != NAME and package in (other, provider):
                raise CdkMismatchError(
                    f"{type(scope).__name__} is a {other} construct, but eks-addons loaded "
                    f"{NAME}: import {other} before eks_addons, or set {_ENVIRONMENT}={other}"
                )


__all__ = [
    "AWS_PROVIDER_SOURCE",
    "AWS_PROVIDER_VERSION",
    "DEFAULT_AWS_PROVIDER",
    "NAME",
    "PROVIDER_BINDINGS",
    "CdkMismatchError",
    "CdkNotAvailableError",
    "bound_provider",
    "check_scope",
    "choose",
]
