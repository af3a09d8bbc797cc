"""IAM for an add-on's Kubernetes service account: IRSA or EKS Pod Identity.

Pass one of these as ``iam=`` to an add-on that runs under a known service account
(``VpcCniAddon``: ``kube-system/aws-node``; ``EbsCsiDriverAddon``:
``kube-system/ebs-csi-controller-sa``). The add-on creates the role, attaches the policies
AWS documents for it, and hands the role to EKS. To use a role you manage yourself, pass
``service_account_role_arn=`` (IRSA) or ``pod_identity_association=`` instead.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from constructs import Construct

from eks_addons.addons.registry import registry_of
from eks_addons.addons.resources import (
    ExistingOidcProvider,
    IamRoleResource,
    PartitionData,
    Resource,
    is_type,
)
from eks_addons.cdk import Fn, TerraformStack
from eks_addons.errors import ConfigurationError, Problem, ProblemCode
from eks_addons.plan import Grant

if TYPE_CHECKING:  # the bindings' classes, taken but never imported
    from eks_addons.cdk import DataAwsIamOpenidConnectProvider, IamOpenidConnectProvider


POLICY_VERSION = "2012-10-17"


@dataclass(frozen=True)
class Irsa:
    """IAM roles for service accounts: a role trusted through the cluster's OIDC provider,
    only by the add-on's service account, only for the ``sts.amazonaws.com`` audience."""

    oidc_provider: IamOpenidConnectProvider | DataAwsIamOpenidConnectProvider | ExistingOidcProvider
    """The cluster's IAM OIDC provider: the bindings' resource or data source, or an
    :class:`~eks_addons.ExistingOidcProvider`."""
    ipv6: bool = False
    """Deprecated (removed in 0.3): pass ``ipv6=True`` to ``VpcCniAddon`` instead."""
    partition: str | None = None
    """The AWS partition of the policies' ARNs (``aws-cn``, ``aws-us-gov``). Omitted: read
    from the ``aws_partition`` data source, so the stack's provider decides."""

    def __post_init__(self) -> None:
        if not any(
            is_type(self.oidc_provider, kind, "aws_iam_openid_connect_provider")
            for kind in ("resource", "data")
        ):
            problem = Problem(
                ProblemCode.INVALID_TYPE,
                "oidc_provider",
                "must be an aws_iam_openid_connect_provider resource or data source "
                "(IamOpenidConnectProvider, DataAwsIamOpenidConnectProvider, "
                "ExistingOidcProvider)",
                type(self.oidc_provider).__name__,
                "the cluster's OIDC provider construct (its ARN and URL are both needed)",
            )
            raise ConfigurationError([problem])
        _warn_ipv6(self.ipv6)


@dataclass(frozen=True)
class PodIdentity:
    """EKS Pod Identity: a role trusted by ``pods.eks.amazonaws.com``, associated with the
    add-on's service account through the add-on. Needs the ``eks-pod-identity-agent`` add-on."""

    ipv6: bool = False
    """Deprecated (removed in 0.3): pass ``ipv6=True`` to ``VpcCniAddon`` instead."""
    partition: str | None = None
    """The AWS partition of the policies' ARNs. Omitted: from the ``aws_partition`` data
    source."""

    def __post_init__(self) -> None:
        _warn_ipv6(self.ipv6)


def _warn_ipv6(ipv6: bool) -> None:
    if ipv6:
        warnings.warn(
            "Irsa(ipv6=...) / PodIdentity(ipv6=...) is deprecated; pass ipv6=True to VpcCniAddon",
            DeprecationWarning,
            stacklevel=3,
        )


ServiceAccountIam = Irsa | PodIdentity


def partition_of(scope: Construct, iam: ServiceAccountIam | None = None) -> str:
    """The partition for ARNs made in ``scope``: ``iam.partition`` when given, else the
    ``aws_partition`` data source (child ``Partition`` of ``scope``, created once)."""
    if iam is not None and iam.partition is not None:
        return iam.partition
    registry = registry_of(TerraformStack.of(scope))
    partition: str = registry.once(
        ("partition", scope), lambda: PartitionData(scope, "Partition").partition
    )
    return partition


def irsa_trust_policy(
    oidc_provider: IamOpenidConnectProvider
    | DataAwsIamOpenidConnectProvider
    | ExistingOidcProvider,
    namespace: str,
    service_account: str,
) -> str:
    """The trust policy of an IRSA role: one service account, one audience, no wildcard."""
    issuer = Fn.replace(oidc_provider.get_string_attribute("url"), "https://", "")
    return json.dumps(
        {
            "Version": POLICY_VERSION,
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": oidc_provider.get_string_attribute("arn")},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {
                        "StringEquals": {
                            f"{issuer}:sub": f"system:serviceaccount:{namespace}:{service_account}",
                            f"{issuer}:aud": "sts.amazonaws.com",
                        }
                    },
                }
            ],
        },
        sort_keys=True,
    )


def pod_identity_trust_policy() -> str:
    """The trust policy of an EKS Pod Identity role."""
    return json.dumps(
        {
            "Version": POLICY_VERSION,
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "pods.eks.amazonaws.com"},
                    "Action": ["sts:AssumeRole", "sts:TagSession"],
                }
            ],
        },
        sort_keys=True,
    )


def service_account_role(
    scope: Construct, iam: ServiceAccountIam, grant: Grant, *, partition: str, first: bool = True
) -> tuple[IamRoleResource, list[Resource]]:
    """Create the role of ``grant`` and attach its permissions: children ``ServiceAccountRole``
    (and ``..._<policy>``) for the first service account, named after the service account for
    the others (construct ids are public contract: they make the Terraform addresses)."""
    namespace, service_account = grant.namespace, grant.service_account
    prefix = "ServiceAccount" if first else f"ServiceAccount_{service_account}_"
    trust = (
        irsa_trust_policy(iam.oidc_provider, namespace, service_account)
        if isinstance(iam, Irsa)
        else pod_identity_trust_policy()
    )
    role = IamRoleResource(
        scope,
        f"{prefix}Role",
        name_prefix=f"{service_account[:30]}-",
        assume_role_policy=trust,
        description=f"{namespace}/{service_account}, created by eks-addons",
    )
    permissions = grant.permissions
    attachments = [
        attachment(
            scope,
            f"{prefix}Role_{policy.rpartition('/')[2] if not first else policy}",
            role.name,
            f"arn:{partition}:iam::aws:policy/{policy}",
        )
        for policy in permissions.managed_policies
    ]
    if permissions.policy_document is not None:
        policy = Resource(
            scope,
            f"{prefix}Policy",
            "aws_iam_policy",
            {
                "name_prefix": f"{service_account[:30]}-",
                "policy": json.dumps(permissions.policy_document(partition), sort_keys=True),
            },
        )
        attachments.append(attachment(scope, f"{prefix}PolicyAttachment", role.name, policy.arn))
    return role, attachments


def attachment(scope: Construct, id: str, role: str, policy_arn: str) -> Resource:
    """An ``aws_iam_role_policy_attachment`` of ``policy_arn`` to the role named ``role``."""
    return Resource(
        scope, id, "aws_iam_role_policy_attachment", {"role": role, "policy_arn": policy_arn}
    )
