"""The ``vpc-cni`` add-on: the Amazon VPC CNI plugin, which gives pods VPC IP addresses."""

from __future__ import annotations

from typing import Unpack

from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from eks_addons.addons.base import AddonArguments, ManagedAddon
from eks_addons.config import VpcCniConfig
from eks_addons.errors import AddonWarning, WarningCode
from eks_addons.specs import VPC_CNI_SPEC


class VpcCniAddon(ManagedAddon[VpcCniConfig]):
    """The ``vpc-cni`` add-on, configured with :class:`~eks_addons.config.VpcCniConfig`.

    ``iam=Irsa(oidc_provider)`` or ``iam=PodIdentity()`` gives the ``aws-node`` service account
    its own role with ``AmazonEKS_CNI_Policy`` (or the IPv6 policy). With security groups for
    pods (``ENABLE_POD_ENI``), ``cluster_role`` gets ``AmazonEKSVPCResourceController``.
    """

    spec = VPC_CNI_SPEC

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster_role: IamRole | None = None,
        **arguments: Unpack[AddonArguments],
    ) -> None:
        """Create the add-on; ``cluster_role``: the cluster's IAM role, when it is in the stack.

        See :class:`~eks_addons.addons.base.Addon` for the other arguments.
        """
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
            policy_arn="arn:aws:iam::aws:policy/AmazonEKSVPCResourceController",
        )
