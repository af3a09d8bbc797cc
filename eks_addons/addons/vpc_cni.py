"""The ``vpc-cni`` add-on: the Amazon VPC CNI plugin, which gives pods VPC IP addresses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from cdktf import Annotations
from cdktf_cdktf_provider_aws.data_aws_eks_cluster import DataAwsEksCluster
from cdktf_cdktf_provider_aws.eks_cluster import EksCluster
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from eks_addons.addons.base import AddonOptions, ManagedAddon
from eks_addons.addons.iam import Permissions, ServiceAccountIam
from eks_addons.config import VpcCniConfig

# AWS's documented policy for the VPC CNI on IPv6 clusters ("Create an IAM policy for
# clusters that use the IPv6 family", Amazon EKS User Guide); AWS ships no managed one.
IPV6_POLICY: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ec2:AssignIpv6Addresses",
                "ec2:DescribeInstances",
                "ec2:DescribeTags",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeInstanceTypes",
            ],
            "Resource": "*",
        },
        {
            "Effect": "Allow",
            "Action": ["ec2:CreateTags"],
            "Resource": ["arn:aws:ec2:*:*:network-interface/*"],
        },
    ],
}


class VpcCniAddon(ManagedAddon[VpcCniConfig]):
    """The ``vpc-cni`` add-on, configured with :class:`~eks_addons.config.VpcCniConfig`.

    ``iam=Irsa(oidc_provider)`` or ``iam=PodIdentity()`` gives the ``aws-node`` service account
    its own role with ``AmazonEKS_CNI_Policy`` (or the IPv6 policy). With security groups for
    pods (``ENABLE_POD_ENI``), ``cluster_role`` gets ``AmazonEKSVPCResourceController``.
    """

    ADDON_NAME = "vpc-cni"
    SERVICE_ACCOUNT = ("kube-system", "aws-node")

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster_name: str | None = None,
        cluster: EksCluster | DataAwsEksCluster | None = None,
        configuration: VpcCniConfig | Mapping[str, Any] | str | None = None,
        cluster_role: IamRole | None = None,
        **options: Unpack[AddonOptions],
    ) -> None:
        """Create the add-on; ``cluster_role``: the cluster's IAM role, when it is in the stack.

        See :class:`~eks_addons.addons.base.Addon` for the other arguments.
        """
        super().__init__(
            scope,
            id,
            cluster_name=cluster_name,
            cluster=cluster,
            configuration=configuration,
            **options,
        )
        env = self.configuration.to_dict().get("env") if self.configuration else None
        if not (isinstance(env, dict) and env.get("ENABLE_POD_ENI") == "true"):
            return
        if cluster_role is None:
            Annotations.of(self).add_warning(
                "vpc-cni: ENABLE_POD_ENI needs the cluster role to hold "
                "AmazonEKSVPCResourceController; pass cluster_role= to attach it, or attach it "
                "where the cluster role is managed"
            )
            return
        IamRolePolicyAttachment(
            self,
            "ClusterRoleVpcResourceController",
            role=cluster_role.name,
            policy_arn="arn:aws:iam::aws:policy/AmazonEKSVPCResourceController",
        )

    def _permissions(self, iam: ServiceAccountIam) -> Permissions | None:
        if iam.ipv6:
            return Permissions(policy_document=IPV6_POLICY)
        return Permissions(managed_policies=("AmazonEKS_CNI_Policy",))
