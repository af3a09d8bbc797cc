"""The AWS provider's resources and data sources, written through the CDK core alone.

eks-addons writes ``aws_eks_addon``, its IAM and the data sources it reads as subclasses of
the core's ``TerraformResource`` / ``TerraformDataSource`` whose arguments are a plain dict in
Terraform's names: the JSON is byte for byte what the prebuilt bindings write, without
importing them. Objects of the bindings passed in (a cluster, node groups, an OIDC provider)
are told apart by their Terraform type, read without the bindings.

:class:`AwsProvider` and :class:`ExistingCluster` are the two more an add-ons-only stack
needs: with them an app needs no bindings at all (the fast synth, ``docs/fast-synth.md``).
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from constructs import Construct

from eks_addons.addons.refusal import refuse
from eks_addons.cdk import (
    AWS_PROVIDER_SOURCE,
    AWS_PROVIDER_VERSION,
    TerraformDataSource,
    TerraformProvider,
    TerraformProviderGeneratorMetadata,
    TerraformResource,
)
from eks_addons.errors import ConfigurationError, Problem, ProblemCode


def written(value: Any) -> Any:
    """``value`` as the bindings write it: ``None`` left out (their ``undefined``), tuples as
    lists, their structs as dicts of their fields (for ``EksAddonTimeouts`` and
    ``EksAddonPodIdentityAssociation`` these are Terraform's names); ``{}`` and ``[]`` kept."""
    if isinstance(value, Mapping):
        return {key: written(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [written(item) for item in value]
    fields = getattr(value, "_values", None)  # a jsii struct keeps its fields by Python name
    if isinstance(fields, dict):
        return written(fields)
    return value


def _metadata(version: str) -> TerraformProviderGeneratorMetadata:
    """The generator metadata of an AWS provider element (the core's provider check reads
    ``provider_name``; ``required_providers`` gets the provider block's version)."""
    major = version.partition(".")[0]
    constraint = f"~> {major}.0" if major.isdigit() else version
    return TerraformProviderGeneratorMetadata(
        provider_name="aws", provider_version=version, provider_version_constraint=constraint
    )


_META = _metadata(AWS_PROVIDER_VERSION)

_SIMPLE = {"isBlock": False, "type": "simple"}
_BLOCKS: dict[str, dict[str, tuple[str, str]]] = {
    # Terraform type -> block argument -> (kind, the bindings' storage class), for HCL output
    "aws_eks_addon": {
        "namespace_config": ("list", "EksAddonNamespaceConfigList"),
        "pod_identity_association": ("set", "EksAddonPodIdentityAssociationList"),
        "timeouts": ("struct", "EksAddonTimeouts"),
    },
    "aws": {
        "assume_role": ("list", "AwsProviderAssumeRoleList"),
        "default_tags": ("list", "AwsProviderDefaultTagsList"),
        "endpoints": ("list", "AwsProviderEndpointsList"),
        "ignore_tags": ("list", "AwsProviderIgnoreTagsList"),
    },
}


def _hcl_value(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return {"value": value, "isBlock": False, "type": "map", "storageClassType": "stringMap"}
    if isinstance(value, list):
        return {"value": value, "isBlock": False, "type": "list", "storageClassType": "stringList"}
    kind = "boolean" if isinstance(value, bool) else "number" if isinstance(value, int) else None
    return {"value": value, **_SIMPLE, "storageClassType": kind or "string"}


def _hcl(type_: str, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """``arguments`` as the bindings describe them to the HCL writer, in their order
    (arguments alphabetically, a provider's ``alias`` after them, then blocks)."""
    blocks = _BLOCKS.get(type_, {})
    plain = sorted(key for key in arguments if key not in blocks and key != "alias")
    order = [
        *plain,
        *(["alias"] if "alias" in arguments else []),
        *sorted(set(arguments) & set(blocks)),
    ]
    described: dict[str, Any] = {}
    for key in order:
        value = arguments[key]
        if key not in blocks:
            described[key] = _hcl_value(value)
            continue
        kind, storage = blocks[key]
        items = value if isinstance(value, list) else [value]
        inner = [
            {name: _hcl_value(item) for name, item in element.items()}
            if isinstance(element, Mapping)
            else element
            for element in items
        ]
        described[key] = {
            "value": inner if isinstance(value, list) else inner[0],
            "isBlock": True,
            "type": kind,
            "storageClassType": storage,
        }
    return described


def _element(type_: str, meta: Mapping[str, Any]) -> dict[str, Any]:
    """The core's keywords for a resource or data source of ``type_``: its type, the AWS
    provider's metadata, and the meta-arguments given (``None``: not given)."""
    given = {name: value for name, value in meta.items() if value is not None}
    return {"terraform_resource_type": type_, "terraform_generator_metadata": _META, **given}


class Resource(TerraformResource):
    """A resource of the AWS provider; ``arguments`` in Terraform's names, as the bindings
    write them (see :func:`written`)."""

    def __init__(
        self, scope: Construct, id: str, type: str, arguments: Mapping[str, Any], **meta: Any
    ) -> None:
        self.terraform_type = type
        self.arguments: dict[str, Any] = written(arguments)
        """The arguments written; changing them before the synth changes the JSON."""
        super().__init__(scope, id, **_element(type, meta))

    def _synthesize_attributes(self) -> dict[str, Any]:
        return self.arguments

    def _synthesize_hcl_attributes(self) -> dict[str, Any]:
        return _hcl(self.terraform_type, self.arguments)

    @property
    def id(self) -> str:
        """The Terraform ``id`` attribute (a token)."""
        return self.get_string_attribute("id")

    @property
    def arn(self) -> str:
        """The ``arn`` attribute (a token)."""
        return self.get_string_attribute("arn")


class DataSource(TerraformDataSource):
    """A data source of the AWS provider; ``arguments`` as for :class:`Resource`."""

    def __init__(
        self, scope: Construct, id: str, type: str, arguments: Mapping[str, Any], **meta: Any
    ) -> None:
        self.terraform_type = type
        self.arguments: dict[str, Any] = written(arguments)
        super().__init__(scope, id, **_element(type, meta))

    def _synthesize_attributes(self) -> dict[str, Any]:
        return self.arguments

    def _synthesize_hcl_attributes(self) -> dict[str, Any]:
        return _hcl(self.terraform_type, self.arguments)


class EksAddonResource(Resource):
    """An ``aws_eks_addon``: the escape hatch of every add-on construct (``.resource``)."""

    def __init__(self, scope: Construct, id: str, arguments: Mapping[str, Any], **meta: Any):
        super().__init__(scope, id, "aws_eks_addon", arguments, **meta)

    @property
    def addon_version(self) -> str:
        """The version installed (a token)."""
        return self.get_string_attribute("addon_version")


class IamRoleResource(Resource):
    """An ``aws_iam_role``."""

    def __init__(self, scope: Construct, id: str, **arguments: Any) -> None:
        super().__init__(scope, id, "aws_iam_role", arguments)

    @property
    def name(self) -> str:
        """The role's name (a token)."""
        return self.get_string_attribute("name")

    @property
    def unique_id(self) -> str:
        """The role's stable unique id (a token)."""
        return self.get_string_attribute("unique_id")


class PartitionData(DataSource):
    """The ``aws_partition`` data source: the stack's provider's partition."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id, "aws_partition", {})

    @property
    def partition(self) -> str:
        """``aws``, ``aws-cn``, ``aws-us-gov``... (a token)."""
        return self.get_string_attribute("partition")


class AddonVersionData(DataSource):
    """The ``aws_eks_addon_version`` data source: a version EKS resolves at plan."""

    def __init__(self, scope: Construct, id: str, **arguments: Any) -> None:
        super().__init__(scope, id, "aws_eks_addon_version", arguments)

    @property
    def version(self) -> str:
        """The version resolved (a token)."""
        return self.get_string_attribute("version")


class ExistingCluster(DataSource):
    """An EKS cluster managed elsewhere, looked up by name (``data "aws_eks_cluster"``).

    Pass it as ``cluster=`` to add-ons: they then name the cluster by its literal name and
    guard ``kubernetes_version`` against the cluster's at plan, as with the bindings'
    ``DataAwsEksCluster``, which works in its place.
    """

    def __init__(
        self, scope: Construct, id: str, *, name: str, provider: TerraformProvider | None = None
    ) -> None:
        self.name_input = name
        """The name given."""
        super().__init__(scope, id, "aws_eks_cluster", {"name": name}, provider=provider)

    @property
    def name(self) -> str:
        """The cluster's name (a token)."""
        return self.get_string_attribute("name")

    @property
    def version(self) -> str:
        """The cluster's Kubernetes version (a token)."""
        return self.get_string_attribute("version")

    @property
    def arn(self) -> str:
        """The cluster's ARN (a token)."""
        return self.get_string_attribute("arn")

    @property
    def endpoint(self) -> str:
        """The Kubernetes API server's URL (a token)."""
        return self.get_string_attribute("endpoint")

    @property
    def oidc_issuer(self) -> str:
        """The cluster's OIDC issuer URL, for an IRSA OIDC provider (a token)."""
        return self.get_string_attribute("identity[0].oidc[0].issuer")


class ExistingOidcProvider(DataSource):
    """The cluster's IAM OIDC provider, looked up by URL (for ``Irsa(...)``):
    ``ExistingOidcProvider(self, "oidc", url=cluster.oidc_issuer)``."""

    def __init__(self, scope: Construct, id: str, *, url: str) -> None:
        super().__init__(scope, id, "aws_iam_openid_connect_provider", {"url": url})

    @property
    def arn(self) -> str:
        """The provider's ARN (a token)."""
        return self.get_string_attribute("arn")

    @property
    def url(self) -> str:
        """The provider's URL (a token)."""
        return self.get_string_attribute("url")


class AwsProvider(TerraformProvider):
    """The ``aws`` provider block, written through the CDK core.

    Every argument is written as given, in Terraform's names (blocks as lists of objects:
    ``default_tags=[{"tags": {...}}]``). ``version`` is what ``required_providers`` pins:
    :data:`eks_addons.cdk.AWS_PROVIDER_VERSION` when omitted (the installed bindings' version,
    or the newest their family binds), else a version or a constraint (``"~> 6.0"``).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        region: str | None = None,
        alias: str | None = None,
        version: str | None = None,
        **arguments: Any,
    ) -> None:
        # the bindings' structs: their Python field names are not always Terraform's (lambda_)
        structs = sorted(name for name, value in arguments.items() if _holds_struct(value))
        self.arguments: dict[str, Any] = written({"region": region, **arguments, "alias": alias})
        """The arguments written."""
        self.version_pin = version or AWS_PROVIDER_VERSION
        """What ``required_providers`` pins."""
        super().__init__(
            scope,
            id,
            terraform_resource_type="aws",
            terraform_generator_metadata=_metadata(self.version_pin),
            terraform_provider_source=AWS_PROVIDER_SOURCE,
        )
        if structs:
            problems = [
                Problem(
                    ProblemCode.INVALID_TYPE,
                    name,
                    "is a struct of the provider bindings",
                    allowed='dicts in Terraform\'s names: default_tags=[{"tags": {...}}]',
                    option=name,
                )
                for name in structs
            ]
            refuse(self, ConfigurationError(problems, construct_path=self.node.path))

    @property  # type: ignore[misc]  # the core's setter does nothing
    def alias(self) -> str | None:
        """The alias given, else ``None`` (the default ``aws`` provider)."""
        alias = self.arguments.get("alias")
        return alias if isinstance(alias, str) else None

    def _synthesize_attributes(self) -> dict[str, Any]:
        return self.arguments

    def _synthesize_hcl_attributes(self) -> dict[str, Any]:
        return _hcl("aws", self.arguments)


def _holds_struct(value: Any) -> bool:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(getattr(node, "_values", None), dict):
            return True
        if isinstance(node, Mapping):
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)
    return False


def show_signature(cls: type) -> None:
    """Give ``cls`` its ``__init__``'s parameters as its signature, for ``help()`` and
    ``inspect.signature`` (the constructs' metaclass would show ``(*args, **kwargs)``)."""
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]  # type: ignore[misc]
    cls.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]


for _public in (AwsProvider, ExistingCluster, ExistingOidcProvider):
    show_signature(_public)

_TYPES: dict[type, str | None] = {}


def terraform_type(construct: object) -> tuple[str, str] | None:
    """``("resource" | "data", type)`` of a Terraform resource or data source construct of
    either writer (this module's, the bindings', a raw core one); ``None`` for anything else.
    Read without jsii for this module's and the bindings' classes."""
    if not isinstance(construct, TerraformResource | TerraformDataSource):
        return None
    kind = "data" if isinstance(construct, TerraformDataSource) else "resource"
    own = getattr(construct, "terraform_type", None)
    if isinstance(own, str):
        return kind, own
    cls = type(construct)
    if cls not in _TYPES:
        static = getattr(cls, "TF_RESOURCE_TYPE", None)  # the bindings' classes have it
        _TYPES[cls] = static if isinstance(static, str) else None
    found = _TYPES[cls] or construct.terraform_resource_type
    return kind, found


def is_type(construct: object, kind: str, type_: str) -> bool:
    """Whether ``construct`` is the Terraform ``kind`` (``resource``, ``data``) ``type_``."""
    return terraform_type(construct) == (kind, type_)


__all__ = [
    "AddonVersionData",
    "AwsProvider",
    "DataSource",
    "EksAddonResource",
    "ExistingCluster",
    "ExistingOidcProvider",
    "IamRoleResource",
    "PartitionData",
    "Resource",
    "is_type",
    "show_signature",
    "terraform_type",
    "written",
]
