"""Typed ``configuration_values`` for the ``vpc-cni`` add-on (Amazon VPC CNI plugin).

Python types go in (``bool``, ``int``); AWS's string form comes out (``"true"``, ``"1"``).
Option defaults quoted here are those of the VPC CNI's documentation and manifest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from eks_addons.config.kinds import (
    BoolString,
    Choice,
    Integer,
    IntString,
    JsonArray,
    JsonObject,
    Text,
)
from eks_addons.config.model import AddonConfig, option
from eks_addons.config.resources import Resources


class PodSecurityGroupEnforcingMode(StrEnum):
    """``env.POD_SECURITY_GROUP_ENFORCING_MODE``: how security groups for pods apply."""

    STRICT = "strict"
    STANDARD = "standard"


class NetworkPolicyEnforcingMode(StrEnum):
    """``env.NETWORK_POLICY_ENFORCING_MODE``: default-allow or default-deny for new pods."""

    STANDARD = "standard"
    STRICT = "strict"


class CniLogLevel(StrEnum):
    """``env.AWS_VPC_K8S_CNI_LOGLEVEL``: the ipamd log level."""

    DEBUG = "DEBUG"
    INFO = "INFO"
    WARN = "WARN"
    ERROR = "ERROR"
    FATAL = "FATAL"


@dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class VpcCniConfig(AddonConfig):
    """Configuration of ``vpc-cni``, the pod networking plugin (the ``aws-node`` DaemonSet)."""

    # env: IP address management
    enable_prefix_delegation: bool | None = option("env.ENABLE_PREFIX_DELEGATION", BoolString())
    """``env.ENABLE_PREFIX_DELEGATION`` (boolean string): assign /28 prefixes instead of single
    IPs to ENIs, for more pods per node (Nitro instances). Omitted: AWS's default, false."""
    warm_prefix_target: int | None = option("env.WARM_PREFIX_TARGET", IntString())
    """``env.WARM_PREFIX_TARGET`` (integer string): free prefixes kept attached, with prefix
    delegation. Omitted: the add-on's manifest sets 1."""
    warm_ip_target: int | None = option("env.WARM_IP_TARGET", IntString())
    """``env.WARM_IP_TARGET`` (integer string): free IPs kept in the warm pool; when set it
    overrides ``WARM_ENI_TARGET`` and ``WARM_PREFIX_TARGET``. Omitted: not set."""
    minimum_ip_target: int | None = option("env.MINIMUM_IP_TARGET", IntString())
    """``env.MINIMUM_IP_TARGET`` (integer string): IPs allocated at node start, floor of the
    pool. Omitted: not set."""
    warm_eni_target: int | None = option("env.WARM_ENI_TARGET", IntString())
    """``env.WARM_ENI_TARGET`` (integer string): free ENIs kept attached. Omitted: AWS's
    default, 1."""
    max_eni: int | None = option("env.MAX_ENI", IntString())
    """``env.MAX_ENI`` (integer string): cap on ENIs per node. Omitted: the instance limit."""
    # env: security groups for pods, custom networking, SNAT
    enable_pod_eni: bool | None = option("env.ENABLE_POD_ENI", BoolString())
    """``env.ENABLE_POD_ENI`` (boolean string): trunk ENIs so pods get their own branch ENI
    and security groups. The cluster role needs ``AmazonEKSVPCResourceController``.
    Omitted: AWS's default, false."""
    pod_security_group_enforcing_mode: PodSecurityGroupEnforcingMode | str | None = option(
        "env.POD_SECURITY_GROUP_ENFORCING_MODE", Choice(PodSecurityGroupEnforcingMode)
    )
    """``env.POD_SECURITY_GROUP_ENFORCING_MODE`` (string: strict | standard). Omitted: AWS's
    default, strict."""
    custom_network_cfg: bool | None = option("env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", BoolString())
    """``env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG`` (boolean string): pods take IPs from the
    subnets of ``ENIConfig`` resources (custom networking). Omitted: AWS's default, false."""
    eni_config_label_def: str | None = option("env.ENI_CONFIG_LABEL_DEF", Text())
    """``env.ENI_CONFIG_LABEL_DEF`` (string): the node label naming a node's ``ENIConfig``,
    e.g. ``"topology.kubernetes.io/zone"``. Omitted: AWS's default label
    ``k8s.amazonaws.com/eniConfig``."""
    external_snat: bool | None = option("env.AWS_VPC_K8S_CNI_EXTERNALSNAT", BoolString())
    """``env.AWS_VPC_K8S_CNI_EXTERNALSNAT`` (boolean string): leave SNAT to an external NAT
    device. Omitted: AWS's default, false."""
    exclude_snat_cidrs: str | None = option("env.AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS", Text())
    """``env.AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS`` (string, comma-separated CIDRs) not SNATed.
    Omitted: none."""
    external_service_cidrs: str | None = option("env.AWS_EXTERNAL_SERVICE_CIDRS", Text())
    """``env.AWS_EXTERNAL_SERVICE_CIDRS`` (string, comma-separated CIDRs) of external services
    reached without SNAT. Omitted: none."""
    # env: IPv6 and egress
    enable_v4_egress: bool | None = option("env.ENABLE_V4_EGRESS", BoolString())
    """``env.ENABLE_V4_EGRESS`` (boolean string): IPv4 egress for pods of an IPv6 cluster.
    Omitted: AWS's default, true."""
    enable_v6_egress: bool | None = option("env.ENABLE_V6_EGRESS", BoolString())
    """``env.ENABLE_V6_EGRESS`` (boolean string): IPv6 egress for pods of an IPv4 cluster;
    set ``init_enable_v6_egress`` too. Omitted: AWS's default, false."""
    init_enable_v6_egress: bool | None = option("init.env.ENABLE_V6_EGRESS", BoolString())
    """``init.env.ENABLE_V6_EGRESS`` (boolean string): lets the init container prepare the
    node for IPv6 egress. Omitted: AWS's default, false."""
    # env: MTU, logging
    eni_mtu: int | None = option("env.AWS_VPC_ENI_MTU", IntString())
    """``env.AWS_VPC_ENI_MTU`` (integer string): MTU of the ENIs. Omitted: AWS's default, 9001."""
    log_level: CniLogLevel | str | None = option(
        "env.AWS_VPC_K8S_CNI_LOGLEVEL", Choice(CniLogLevel)
    )
    """``env.AWS_VPC_K8S_CNI_LOGLEVEL`` (string: DEBUG | INFO | WARN | ERROR | FATAL).
    Omitted: AWS's default, DEBUG."""
    # init container
    init_disable_tcp_early_demux: bool | None = option(
        "init.env.DISABLE_TCP_EARLY_DEMUX", BoolString()
    )
    """``init.env.DISABLE_TCP_EARLY_DEMUX`` (boolean string): disable TCP early demux so
    kubelet probes reach pods that use security groups for pods. Omitted: AWS's default,
    false."""
    # network policy and pods
    enable_network_policy: bool | None = option("enableNetworkPolicy", BoolString())
    """``enableNetworkPolicy`` (boolean string): run the network policy agent to enforce
    Kubernetes NetworkPolicy. Omitted: AWS's default, false."""
    network_policy_enforcing_mode: NetworkPolicyEnforcingMode | str | None = option(
        "env.NETWORK_POLICY_ENFORCING_MODE", Choice(NetworkPolicyEnforcingMode)
    )
    """``env.NETWORK_POLICY_ENFORCING_MODE`` (string: standard | strict). Omitted: AWS's
    default, standard."""
    resources: Resources | None = option("resources", Resources)
    """``resources`` of the ``aws-node`` container. Omitted: AWS's default (25m CPU request)."""
    tolerations: Sequence[Mapping[str, Any]] | None = option("tolerations", JsonArray())
    """``tolerations`` (array of Kubernetes tolerations). Omitted: AWS's default, which
    tolerates every taint."""
    affinity: Mapping[str, Any] | None = option("affinity", JsonObject())
    """``affinity`` (Kubernetes affinity object). Omitted: AWS's default (not Fargate, not
    hybrid or auto nodes)."""
    pod_annotations: Mapping[str, str] | None = option(
        "podAnnotations", JsonObject(string_values=True)
    )
    """``podAnnotations`` (object): annotations on the aws-node pods. Omitted: none."""
    pod_labels: Mapping[str, str] | None = option("podLabels", JsonObject(string_values=True))
    """``podLabels`` (object): labels on the aws-node pods. Omitted: none."""
    liveness_probe_timeout_seconds: int | None = option(
        "livenessProbeTimeoutSeconds", Integer(minimum=1)
    )
    """``livenessProbeTimeoutSeconds`` (integer). Omitted: AWS's default, 10."""
    readiness_probe_timeout_seconds: int | None = option(
        "readinessProbeTimeoutSeconds", Integer(minimum=1)
    )
    """``readinessProbeTimeoutSeconds`` (integer). Omitted: AWS's default, 10."""
