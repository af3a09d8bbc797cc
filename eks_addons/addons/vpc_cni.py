"""The ``vpc-cni`` add-on: the Amazon VPC CNI plugin, which gives pods VPC IP addresses."""

from __future__ import annotations

from typing import Unpack

from constructs import Construct

from eks_addons.addons.base import AddonArguments, ManagedAddon
from eks_addons.addons.iam import ServiceAccountIam, partition_of
from eks_addons.cdk import IamRole, IamRolePolicyAttachment
from eks_addons.config import VpcCniConfig
from eks_addons.errors import AddonWarning, WarningCode
from eks_addons.specs import VPC_CNI_SPEC, Permissions, ServiceAccount


class VpcCniAddon(ManagedAddon[VpcCniConfig]):
    """The ``vpc-cni`` add-on, configured with :class:`~eks_addons.config.VpcCniConfig`.

    ``iam=Irsa(oidc_provider)`` or ``iam=PodIdentity()`` gives the ``aws-node`` service account
    its own role with ``AmazonEKS_CNI_Policy`` (on an IPv6 cluster, the IPv6 policy AWS
    documents). With security groups for pods (``ENABLE_POD_ENI``), ``cluster_role`` gets
    ``AmazonEKSVPCResourceController``. ARNs take the partition of the stack's provider.
    """

    spec = VPC_CNI_SPEC

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster_role: IamRole | None = None,
        ipv6: bool | None = None,
        **arguments: Unpack[AddonArguments],
    ) -> None:
        """Create the add-on; ``cluster_role``: the cluster's IAM role, when it is in the stack;
        ``ipv6``: the cluster's IP family is IPv6 (the role created by ``iam=`` then gets the
        IPv6 policy). Omitted: read from ``cluster`` when it is an ``EksCluster``
        (``kubernetes_network_config.ip_family``), else IPv4.

        See :class:`~eks_addons.addons.base.Addon` for the other arguments.
        """
        self._ipv6 = ipv6  # read by _permissions while the base creates the role
        super().__init__(scope, id, **arguments)
        env = (self.rendered_configuration or {}).get("env")
        if not (isinstance(env, dict) and env.get("ENABLE_POD_ENI") == "true"):
            return
        if cluster_role is None:
            self.warn(
                AddonWarning(
                    WarningCode.IAM_NOT_GRANTED,
                    self.addon_name,
                    "needs the cluster role to hold AmazonEKSVPCResourceController; pass "
                    "cluster_role= to attach it, or attach it where the cluster role is managed",
                    "env.ENABLE_POD_ENI",
                )
            )
            return
        IamRolePolicyAttachment(
            self,
            "ClusterRoleVpcResourceController",
            role=cluster_role.name,
            policy_arn=f"arn:{partition_of(self)}:iam::aws:policy/AmazonEKSVPCResourceController",
        )

    def _permissions(self, account: ServiceAccount, iam: ServiceAccountIam) -> Permissions:
        ipv6 = self.cluster_modes.ipv6 if self._ipv6 is None else self._ipv6
        if ipv6 and account.ipv6_permissions is not None:
            return account.ipv6_permissions
        return super()._permissions(account, iam)
