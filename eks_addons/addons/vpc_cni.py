"""The ``vpc-cni`` add-on: the Amazon VPC CNI plugin, which gives pods VPC IP addresses."""

from __future__ import annotations

import dataclasses
from typing import Unpack

from constructs import Construct

from eks_addons.addons.base import AddonArguments, ManagedAddon
from eks_addons.addons.iam import ServiceAccountIam
from eks_addons.config import VpcCniConfig
from eks_addons.plan import ClusterFacts
from eks_addons.specs import VPC_CNI_SPEC


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
        ipv6: bool | None = None,
        **arguments: Unpack[AddonArguments[VpcCniConfig]],
    ) -> None:
        """Create the add-on; ``ipv6``: the cluster's IP family is IPv6 (the role created by
        ``iam=`` then gets the IPv6 policy, and aws-node's IPv6 rules apply). Omitted: read
        from ``cluster`` when it is an ``EksCluster`` (``kubernetes_network_config.ip_family``),
        else not known.

        See :class:`~eks_addons.addons.base.Addon` for the other arguments.
        """
        self._ipv6 = ipv6  # read by _cluster_facts while the base plans the add-on
        super().__init__(scope, id, **arguments)

    def _cluster_facts(self, facts: ClusterFacts, iam: ServiceAccountIam | None) -> ClusterFacts:
        if self._ipv6 is not None:
            facts = dataclasses.replace(facts, ip_family="ipv6" if self._ipv6 else "ipv4")
        return super()._cluster_facts(facts, iam)
