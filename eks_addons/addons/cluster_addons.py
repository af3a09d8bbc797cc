"""``ClusterAddons``: the three default add-ons on a cluster, wired to its compute in order.

- VPC CNI before every node group, so its settings (prefix delegation, custom networking)
  reach the first nodes: they are in the node group's ``depends_on``.
- CoreDNS after the compute it runs on: the Fargate profiles when it runs on Fargate, else
  the node groups; without them it has nowhere to run and stays DEGRADED.
- CoreDNS ``computeType`` follows the compute: Fargate when there are Fargate profiles and
  no node group, unless its configuration says otherwise.
- Each add-on only where the compute has a place for it, by AWS's ``computeTypes`` of its
  version and the cluster's modes: on Fargate only, no kube-proxy and no VPC CNI; on EKS
  Auto Mode only, none of the three (Auto Mode builds networking and DNS in); on hybrid
  nodes, kube-proxy and CoreDNS but no VPC CNI (bring a CNI for them: a synth warning says
  so). What is left out is in :attr:`ClusterAddons.left_out`, with the reason.
- :meth:`ClusterAddons.add` installs any other add-on the same way: where the compute has a
  place for it, after the compute it runs on, and after the ``eks-pod-identity-agent`` added
  here when its role reaches it through EKS Pod Identity.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Unpack

from constructs import Construct

from eks_addons.addons.base import Addon, AddonOptions, record_warning
from eks_addons.addons.coredns import CoreDnsAddon
from eks_addons.addons.ebs_csi import EbsCsiDriverAddon
from eks_addons.addons.iam import PodIdentity
from eks_addons.addons.kube_proxy import KubeProxyAddon
from eks_addons.addons.pod_identity_agent import PodIdentityAgentAddon
from eks_addons.addons.refusal import refuse
from eks_addons.addons.registry import registry_of
from eks_addons.addons.resources import ExistingCluster, IamRoleResource, show_signature
from eks_addons.addons.vpc_cni import VpcCniAddon
from eks_addons.cdk import TerraformStack, check_scope
from eks_addons.checks.arguments import check_addressing
from eks_addons.checks.placement import (
    Compute,
    compute_types,
    needed_on,
    why_not_needed,
    you_install_instead,
)
from eks_addons.config import (
    AddonConfig,
    ComputeType,
    CoreDnsConfig,
    KubeProxyConfig,
    VpcCniConfig,
)
from eks_addons.errors import (
    AddonWarning,
    ConfigurationError,
    Findings,
    Problem,
    ProblemCode,
    WarningCode,
)
from eks_addons.specs import (
    COREDNS_SPEC,
    KUBE_PROXY_SPEC,
    POD_IDENTITY_AGENT,
    VPC_CNI_SPEC,
    AddonSpec,
    spec_for,
)
from eks_addons.specs.replacements import REPLACES
from eks_addons.specs.replacements import SOURCE as REPLACEMENTS_SOURCE

if TYPE_CHECKING:  # the bindings' classes, taken but never imported
    from eks_addons.cdk import (
        DataAwsEksCluster,
        EksCluster,
        EksFargateProfile,
        EksNodeGroup,
        IamRole,
    )

_TYPED: dict[str, type[Addon[Any]]] = {
    construct.spec.name: construct
    for construct in (
        VpcCniAddon,
        KubeProxyAddon,
        CoreDnsAddon,
        EbsCsiDriverAddon,
        PodIdentityAgentAddon,
    )
    if construct.spec is not None
}
"""The typed construct of each add-on that has one."""


class VpcCniSettings(AddonOptions, total=False):
    """``VpcCniAddon`` arguments for :class:`ClusterAddons` (all optional); ``addon_name``: a
    drop-in replacement of the VPC CNI to install in its place (e.g.
    ``chainguard_aws-vpc-cni-fips``), ordered as it would be."""

    addon_name: str
    configuration: VpcCniConfig | Mapping[str, Any] | str
    ipv6: bool


class CoreDnsSettings(AddonOptions, total=False):
    """``CoreDnsAddon`` arguments for :class:`ClusterAddons` (all optional); ``addon_name``: a
    drop-in replacement of CoreDNS to install in its place."""

    addon_name: str
    configuration: CoreDnsConfig | Mapping[str, Any] | str


class KubeProxySettings(AddonOptions, total=False):
    """``KubeProxyAddon`` arguments for :class:`ClusterAddons` (all optional); ``addon_name``:
    a drop-in replacement of kube-proxy to install in its place."""

    addon_name: str
    configuration: KubeProxyConfig | Mapping[str, Any] | str


class ClusterAddonsOptions(TypedDict, total=False):
    """Per-add-on settings; ``False`` leaves an add-on out (to manage it yourself)."""

    vpc_cni: VpcCniSettings | Literal[False]
    coredns: CoreDnsSettings | Literal[False]
    kube_proxy: KubeProxySettings | Literal[False]


class ClusterAddons(Construct):
    """kube-proxy, VPC CNI and CoreDNS on ``cluster``, ordered with its compute.

    Children ``vpc_cni``, ``coredns`` and ``kube_proxy``; each is reachable as an attribute,
    ``None`` when left out. More add-ons join with :meth:`add`. Their Terraform addresses are
    cdktf's, ``aws_eks_addon.<this id>_<child id>_<hash of the construct path>``, stable while
    the construct ids are; ``logical_id`` in an add-on's settings chooses its own
    (``vpc_cni={"logical_id": "vpc_cni"}``: ``aws_eks_addon.vpc_cni``).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster: EksCluster | DataAwsEksCluster | ExistingCluster,
        node_groups: Sequence[EksNodeGroup] = (),
        fargate_profiles: Sequence[EksFargateProfile] = (),
        kubernetes_version: str | None = None,
        cluster_role: IamRole | IamRoleResource | None = None,
        adopt: bool = False,
        **settings: Unpack[ClusterAddonsOptions],
    ) -> None:
        """Create the add-ons; see the module docstring for the order and the choices.

        ``kubernetes_version`` omitted: read from ``cluster`` when it is an ``EksCluster``.
        ``cluster_role``: the cluster's IAM role, to attach what the add-ons' configurations
        need (``AmazonEKSVPCResourceController`` for VPC CNI's ``ENABLE_POD_ENI``).
        ``adopt``: import every add-on created here (and with :meth:`add`) that the cluster
        already has, as EKS or the console installed it (each add-on's ``adopt``).
        """
        check_scope(scope)
        super().__init__(scope, id)
        foreign = _foreign_compute(self, node_groups, fargate_profiles)
        if foreign:
            refuse(self, ConfigurationError(foreign, construct_path=self.node.path))
        self._registry = registry_of(TerraformStack.of(self))
        modes = self._registry.facts(cluster)
        self._cluster = cluster
        self._compute = Compute(
            node_groups=len(node_groups),
            fargate_profiles=len(fargate_profiles),
            auto_mode=modes.auto_mode,
            hybrid_nodes=modes.hybrid_nodes,
        )
        self._kubernetes = kubernetes_version or (
            modes.kubernetes_version if modes.kind == "created" else None
        )
        if not self._compute.types:
            record_warning(
                self,
                AddonWarning(
                    WarningCode.NOWHERE_TO_RUN,
                    "coredns",
                    "ClusterAddons got no node group and no Fargate profile: CoreDNS has nowhere "
                    "to run until compute joins (and its create waits while DEGRADED)",
                ),
            )
        common: dict[str, Any] = {"cluster": cluster}
        if kubernetes_version is not None:
            common["kubernetes_version"] = kubernetes_version
        if cluster_role is not None:
            common["cluster_role"] = cluster_role
        told = Findings()  # the add-ons' own check of adopt, once for all of them
        check_addressing(logical_id=None, moved_from=None, adopt=adopt, findings=told)
        if told.problems:
            refuse(self, ConfigurationError(told.problems, construct_path=self.node.path))
        elif adopt:
            common["adopt"] = adopt
        self._node_groups = tuple(node_groups)
        self._fargate_profiles = tuple(fargate_profiles)
        self._common = common
        self.added: dict[str, Addon[Any]] = {}
        """The add-ons :meth:`add` created, by add-on name."""
        self.left_out: dict[str, str] = {}
        """Add-ons left out because the compute has no place for them, with the reason
        (e.g. on EKS Auto Mode, which builds networking and DNS in)."""

        self.vpc_cni: Addon[Any] | None = None
        vpc_cni = settings.get("vpc_cni", VpcCniSettings())
        spec = self._slot(VPC_CNI_SPEC, vpc_cni, "vpc_cni")
        if spec is not None and self._wanted(spec, vpc_cni, None) and vpc_cni is not False:
            self.vpc_cni = self._create(spec, "vpc_cni", {**common, **vpc_cni})
            # depends_on takes bare addresses; fqn would render as an interpolation "${...}"
            address = self.vpc_cni.address
            for node_group in node_groups:
                if not foreign:  # a node group of another stack: refused, left as it is
                    node_group.depends_on = [*(node_group.depends_on or []), address]

        self.kube_proxy: Addon[Any] | None = None
        kube_proxy = settings.get("kube_proxy", KubeProxySettings())
        spec = self._slot(KUBE_PROXY_SPEC, kube_proxy, "kube_proxy")
        if spec is not None and self._wanted(spec, kube_proxy, None) and kube_proxy is not False:
            self.kube_proxy = self._create(spec, "kube_proxy", {**common, **kube_proxy})

        self.coredns: Addon[Any] | None = self._coredns(
            settings.get("coredns", CoreDnsSettings()), common, node_groups, fargate_profiles
        )

    def add(
        self,
        addon_name: str,
        *,
        id: str | None = None,
        configuration: AddonConfig | Mapping[str, Any] | str | None = None,
        **options: Unpack[AddonOptions],
    ) -> Addon[Any] | None:
        """Install ``addon_name`` on the cluster, ordered with its compute; ``None`` (and a
        :attr:`left_out` entry) where the compute has no place for it.

        Its typed construct when it has one (``EbsCsiDriverAddon``, ...), else :class:`Addon`;
        ``id`` omitted: the add-on's name with ``-`` -> ``_``. It waits for the compute it
        runs on (its Fargate profiles when its pods go to Fargate, else the node groups), and
        for the ``eks-pod-identity-agent`` added here when ``iam=PodIdentity()`` or
        ``pod_identity_association`` hands it its role.
        """
        spec = spec_for(addon_name)
        chosen: dict[str, Any] = dict(options)
        rendered = _rendered(spec, configuration)
        if not self._wanted(spec, chosen, rendered):
            return None
        types = compute_types(spec, chosen.get("addon_version"), self._kubernetes) or frozenset()
        fargate_only = bool(self._fargate_profiles) and not self._node_groups
        on_fargate = spec.runs_on_fargate(rendered) or (fargate_only and "fargate" in types)
        waits: list[Any] = [*(self._fargate_profiles if on_fargate else self._node_groups)]
        agent = self.added.get(POD_IDENTITY_AGENT)
        pod_identity = isinstance(chosen.get("iam"), PodIdentity) or bool(
            chosen.get("pod_identity_association")
        )
        if agent is not None and pod_identity:
            waits.append(agent)
        if configuration is not None:
            chosen["configuration"] = configuration
        chosen["depends_on"] = [*chosen.get("depends_on", []), *waits]
        construct = _TYPED.get(spec.name)
        child = id or spec.name.replace("-", "_")
        if construct is None:
            added = Addon(self, child, **{**self._common, **chosen, "addon_name": spec.name})
        else:
            added = construct(self, child, **{**self._common, **chosen})
        self.added[spec.name] = added
        return added

    def _slot(self, spec: AddonSpec, chosen: object, slot: str) -> AddonSpec | None:
        """The spec to install in ``spec``'s place: its own, or a drop-in replacement's;
        ``None`` (and a problem at synth) for a name that is neither."""
        name = chosen.get("addon_name") if isinstance(chosen, Mapping) else None
        if name is None or name == spec.name:
            return spec
        found = spec_for(str(name))
        if found.replaces != spec.name:
            known = [other for other, replaced in REPLACES.items() if replaced == spec.name]
            problem = Problem(
                ProblemCode.INVALID_ARGUMENT,
                f"{slot}.addon_name",
                f"is not a drop-in replacement of {spec.name} (its source: {REPLACEMENTS_SOURCE})",
                name,
                ", ".join(repr(n) for n in [spec.name, *known]),
            )
            refuse(self, ConfigurationError([problem], construct_path=self.node.path))
            return None
        return found

    def _create(self, spec: AddonSpec, slot: str, options: dict[str, Any]) -> Addon[Any]:
        """The add-on of ``spec`` in ``slot``: the typed construct, or a replacement's."""
        typed = {
            VPC_CNI_SPEC.name: VpcCniAddon,
            KUBE_PROXY_SPEC.name: KubeProxyAddon,
            COREDNS_SPEC.name: CoreDnsAddon,
        }.get(spec.name)
        if typed is not None:
            return typed(self, slot, **options)
        options.pop("ipv6", None)  # VpcCniAddon's: a replacement takes the cluster's own
        return Addon(self, slot, **{**options, "addon_name": spec.name})

    def _wanted(self, spec: AddonSpec, chosen: object, config: Mapping[str, Any] | None) -> bool:
        """Whether to create ``spec``'s add-on: not left out by the user (``False``), and with
        a place on the compute (else recorded in :attr:`left_out`)."""
        if not isinstance(chosen, Mapping):
            self._registry.declare_elsewhere(self._cluster, spec.name)
            return False
        types = compute_types(spec, chosen.get("addon_version"), self._kubernetes)
        compute = self._compute
        needed = needed_on(spec, config, compute, types) if compute.types else None
        if needed is not None and not needed:
            assert types is not None
            reason = self.left_out[spec.name] = why_not_needed(spec, compute, types)
            if chosen:  # settings given for an add-on that is left out: probably not meant
                reason = f"left out, so the settings given for it are not used: {reason}"
            if chosen or you_install_instead(spec, compute):
                warning = AddonWarning(WarningCode.NOT_ON_THIS_COMPUTE, spec.name, reason)
                record_warning(self, warning)
            return False
        return True

    def _coredns(
        self,
        chosen: CoreDnsSettings | Literal[False],
        common: dict[str, Any],
        node_groups: Sequence[EksNodeGroup],
        fargate_profiles: Sequence[EksFargateProfile],
    ) -> Addon[Any] | None:
        """CoreDNS after the compute it runs on, on Fargate when that is the only compute."""
        spec = self._slot(COREDNS_SPEC, chosen, "coredns")
        if spec is None:
            return None
        configuration: Any = None
        if chosen is not False and spec is COREDNS_SPEC:
            fargate_only = self._compute.types - {"auto"} == {"fargate"}
            given = chosen.get("configuration")
            try:
                builder = None if given is None else CoreDnsConfig.coerce(given)
            except ConfigurationError:
                configuration = given  # the add-on says all that is wrong with it
            else:
                try:
                    configuration = _coredns_configuration(builder, fargate_only)
                except ConfigurationError as error:
                    refuse(self, ConfigurationError(error.problems, addon="coredns"))
                    return None
        rendered = configuration.to_dict() if isinstance(configuration, AddonConfig) else None
        if not self._wanted(spec, chosen, rendered) or chosen is False:
            return None
        on_fargate = spec.runs_on_fargate(rendered)
        options: dict[str, Any] = {
            **chosen,
            "depends_on": [
                *chosen.get("depends_on", []),
                *(fargate_profiles if on_fargate else node_groups),
            ],
        }
        if configuration is not None:
            options["configuration"] = configuration
        return self._create(spec, "coredns", {**common, **options})


show_signature(ClusterAddons)


def _rendered(
    spec: AddonSpec, configuration: AddonConfig | Mapping[str, Any] | str | None
) -> Mapping[str, Any] | None:
    """The configuration as a mapping, for placement (``None`` where it cannot be read yet:
    the construct reports what is wrong with it)."""
    if isinstance(configuration, AddonConfig):
        return configuration.to_dict()
    if isinstance(configuration, Mapping):
        return configuration
    if isinstance(configuration, str):
        try:
            loaded = json.loads(configuration)
        except ValueError:
            return None
        return loaded if isinstance(loaded, dict) else None
    return None


def _foreign_compute(
    scope: Construct,
    node_groups: Sequence[EksNodeGroup],
    fargate_profiles: Sequence[EksFargateProfile],
) -> list[Problem]:
    """The compute must be in this stack: the add-ons' ordering edges are ``depends_on``."""
    if not node_groups and not fargate_profiles:
        return []
    own = TerraformStack.of(scope)
    return [
        Problem(
            ProblemCode.INVALID_ARGUMENT,
            f"{name}[{index}]",
            "is in another stack: Terraform refuses a depends_on on a resource its stack does "
            "not declare",
            allowed="node groups and Fargate profiles of this stack (order stacks with "
            "add_dependency)",
        )
        for name, items in (("node_groups", node_groups), ("fargate_profiles", fargate_profiles))
        for index, item in enumerate(items)
        if TerraformStack.of(item) is not own
    ]


def _coredns_configuration(
    config: CoreDnsConfig | None, fargate_only: bool
) -> CoreDnsConfig | None:
    """The CoreDNS configuration with ``computeType`` following the compute.

    Reads the merged configuration, so ``computeType`` given through ``extra`` counts too.
    """
    if not fargate_only:
        return config
    if config is None:
        return CoreDnsConfig(compute_type=ComputeType.FARGATE)
    compute_type = config.to_dict().get("computeType")
    if compute_type is None:
        return dataclasses.replace(config, compute_type=ComputeType.FARGATE)
    if compute_type != ComputeType.FARGATE.value:
        problem = Problem(
            ProblemCode.RULE,
            "computeType",
            "cannot be EC2 when the cluster's compute is Fargate only",
            compute_type,
            allowed="'Fargate', or add a node group",
        )
        raise ConfigurationError([problem], addon="coredns")
    return config
