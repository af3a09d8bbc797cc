"""One registry per app: what the add-on constructs read once, and the synth-time checks.

The registry reads each cluster construct once into :class:`~eks_addons.plan.ClusterFacts`,
remembers which add-ons each cluster has (EKS allows one of a name per cluster), and runs at
synth, as a validation of each stack with add-ons, what needs the whole stack: where each
add-on's pods can run on the stack's compute, and whether a cluster created without its
default add-ons still gets those its compute needs. Compute a stack cannot see (self-managed
nodes, a profile in another stack) is invisible to its add-ons.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from weakref import WeakKeyDictionary, WeakValueDictionary

import jsii
from constructs import Construct, IConstruct, IValidation, Node

from eks_addons.addons.refusal import watch
from eks_addons.addons.resources import AwsProvider, is_type, terraform_type
from eks_addons.cdk import (
    AWS_PROVIDER_VERSION,
    PROVIDER_BINDINGS,
    DefaultTokenResolver,
    StringConcat,
    TerraformProvider,
    TerraformStack,
    Tokenization,
)
from eks_addons.checks.placement import (
    Compute,
    Selector,
    check_placement,
    missing_defaults,
    missing_defaults_message,
)
from eks_addons.errors import (
    WARNING_METADATA,
    AddonWarning,
    Findings,
    Problem,
    ProblemCode,
    WarningCode,
)
from eks_addons.inputs import InputError
from eks_addons.lock import Locked, read_lock
from eks_addons.plan import (
    AddonPlan,
    ClusterFacts,
    ProviderFacts,
    duplicate_problem,
    provider_facts,
)
from eks_addons.specs import POD_IDENTITY_AGENT
from eks_addons.tokens import is_token

Warn = Callable[[AddonWarning], None]


def _field(struct: Any, name: str) -> Any:
    if isinstance(struct, Mapping):
        return struct.get(name)
    return getattr(struct, name, None)


def ref_of(construct: object) -> object:
    """What names a construct across its Python proxies (its jsii reference)."""
    reference = getattr(construct, "__jsii_ref__", None)
    return reference.ref if reference is not None else id(construct)


def _literal(value: object) -> str | None:
    return value if isinstance(value, str) and not is_token(value) else None


def _ip_family(given: object) -> str | None:
    """``ipv4`` / ``ipv6`` as given; EKS's default ``ipv4`` when not given; ``None`` for a
    value known only to Terraform."""
    if given is None:
        return "ipv4"
    return given if given in ("ipv4", "ipv6") else None


def _default_provider(stack: TerraformStack) -> AwsProvider | None:
    """The stack's own :class:`AwsProvider` without an alias, if any."""
    for child in stack.node.children:
        if isinstance(child, AwsProvider) and child.alias is None:
            return child
    return None


CLUSTER = ("resource", "aws_eks_cluster")
LOOKED_UP = ("data", "aws_eks_cluster")


def read_cluster(cluster: Any) -> ClusterFacts:
    """What a cluster construct says of itself (a few reads through jsii)."""
    found = terraform_type(cluster)
    if found == CLUSTER and not hasattr(type(cluster), "compute_config_input"):
        # an aws_eks_cluster not written by the bindings: only its name is known
        return ClusterFacts(name=cluster.get_string_attribute("name"), kind="created")
    if found == CLUSTER:
        network = cluster.kubernetes_network_config_input
        remote = _field(cluster.remote_network_config_input, "remote_node_networks")
        enabled = _field(cluster.compute_config_input, "enabled")
        bootstrap = cluster.bootstrap_self_managed_addons_input
        ip_family = _field(network, "ip_family")
        return ClusterFacts(
            name=cluster.name,
            identity=_literal(cluster.name_input),
            kubernetes_version=cluster.version_input,
            kind="created",
            auto_mode=enabled is True,
            hybrid_nodes=bool(remote) and not is_token(remote),
            bootstrap_addons=bootstrap is not False,
            ip_family=_ip_family(ip_family),
            modes_known=not any(is_token(v) for v in (enabled, bootstrap, ip_family, remote)),
        )
    if found == LOOKED_UP:
        return ClusterFacts(
            name=cluster.get_string_attribute("name"),
            identity=_literal(getattr(cluster, "name_input", None)),
            kind="looked-up",
        )
    problem = Problem(
        ProblemCode.INVALID_TYPE,
        "cluster",
        "must be an aws_eks_cluster resource or data source (EksCluster, DataAwsEksCluster, "
        "ExistingCluster)",
        type(cluster).__name__,
        "cluster=<EksCluster, DataAwsEksCluster or ExistingCluster>, or a name as cluster_name=",
    )
    return ClusterFacts(problems=(problem,))


def _selectors(profile: Any) -> list[Selector]:
    selectors = profile.selector_input
    if not isinstance(selectors, list):
        return []
    return [
        Selector(_field(selector, "namespace"), dict(_field(selector, "labels") or {}))
        for selector in selectors
    ]


def read_compute(node: Node) -> tuple[Compute, list[Any]]:
    """The node groups and Fargate profiles under ``node`` (one walk), and its clusters."""
    groups, profiles, selectors, clusters = 0, 0, [], []
    for construct in node.find_all():
        found = terraform_type(construct)
        if found == ("resource", "aws_eks_node_group"):
            groups += 1
        elif found == ("resource", "aws_eks_fargate_profile"):
            profiles += 1
            if hasattr(type(construct), "selector_input"):
                selectors += _selectors(construct)
        elif found == CLUSTER:
            clusters.append(construct)
    return Compute(groups, profiles, tuple(selectors)), clusters


@dataclass
class _Placed:
    """One add-on waiting for the synth-time checks."""

    stack: TerraformStack
    plan: AddonPlan
    cluster: object
    """The ``cluster=`` construct, else ``None``."""
    warn: Warn
    warned: set[str] = field(default_factory=set)
    """What it was already told (validations may run more than once)."""


@dataclass
class AppRegistry:
    """What eks-addons remembers about one app."""

    root: IConstruct
    clusters: dict[object, tuple[object, ClusterFacts]] = field(default_factory=dict)
    providers: dict[int, AwsProvider] = field(default_factory=dict)
    """Each stack's own default :class:`AwsProvider`, once found."""
    """A cluster construct's :func:`ref_of` -> the construct and its facts."""
    installed: set[tuple[object, ...]] = field(default_factory=set)
    names: dict[int, set[str]] = field(default_factory=dict)
    """``id(stack)`` -> the Terraform names its add-ons took (chosen, or at the top)."""
    lock_told: bool = False
    """A lock file that cannot be read was reported (once per app)."""
    lock_used: set[str] = field(default_factory=set)
    """The construct paths whose lock entry an add-on looked up."""
    moves: dict[int, set[str]] = field(default_factory=dict)
    """``id(stack)`` -> the addresses its add-ons move from."""
    placed: list[_Placed] = field(default_factory=list)
    placed_in: dict[int, list[_Placed]] = field(default_factory=dict)
    """``id(stack)`` -> the add-ons placed in it."""
    elsewhere: dict[object, set[str]] = field(default_factory=dict)
    """An ``EksCluster``'s :func:`ref_of` -> default add-ons managed outside eks-addons."""
    checked_stacks: dict[int, TerraformStack] = field(default_factory=dict)
    cache: dict[tuple[object, ...], Any] = field(default_factory=dict)
    """Values read through jsii once per app (a cluster's version token, a partition)."""

    recorded: set[tuple[int, str]] = field(default_factory=set)

    def record(self, construct: Construct, text: str) -> None:
        """A synth warning on ``construct``, once (validations may run more than once)."""
        if (id(construct), text) not in self.recorded:
            self.recorded.add((id(construct), text))
            construct.node.add_metadata(WARNING_METADATA, text)

    def facts(self, cluster: object) -> ClusterFacts:
        """The facts of a cluster construct, read once."""
        key = ref_of(cluster)
        found = self.clusters.get(key)
        if found is None:
            found = self.clusters[key] = (cluster, read_cluster(cluster))
        return found[1]

    def provider_facts(
        self, stack: TerraformStack, provider: TerraformProvider | None
    ) -> ProviderFacts:
        """What the AWS provider of an add-on accepts: the :class:`AwsProvider` given, else the
        stack's default one, else the version the installed bindings bind (or the default)."""
        if not isinstance(provider, AwsProvider):
            provider = self.providers.get(id(stack)) or _default_provider(stack)
            if provider is not None:  # found once; a stack with none is asked again
                self.providers[id(stack)] = provider
        if isinstance(provider, AwsProvider):
            return provider_facts(provider.version_pin)
        name = f"hashicorp/aws {AWS_PROVIDER_VERSION}"
        bound = f"{name} ({PROVIDER_BINDINGS})" if PROVIDER_BINDINGS else name
        return provider_facts(AWS_PROVIDER_VERSION, bound)

    def locked(self, construct: Construct, addon: str) -> tuple[str | None, Problem | None]:
        """The lock file's version of ``construct``'s add-on (the file read once per app),
        and the problem of a lock file that cannot be read."""
        entries = self.once(("lock",), _read_lock)
        if isinstance(entries, InputError):  # said once, by the first add-on that reads it
            told, self.lock_told = self.lock_told, True
            problem = Problem(ProblemCode.INVALID_VALUE, "lock file", str(entries))
            return None, None if told else problem
        if not entries:
            return None, None
        path = construct.node.path
        entry = entries.get(path)
        self.lock_used.add(path)
        return (entry.version if entry is not None and entry.addon == addon else None), None

    def _check_lock(self, stacks: list[TerraformStack]) -> None:
        """A warning for each lock entry no add-on of the app read (a stack or a construct
        renamed: that add-on follows the default again)."""
        entries = self.cache.get(("lock",))
        if not stacks or not isinstance(entries, dict):
            return
        for path in sorted(set(entries) - self.lock_used):
            entry = entries[path]
            warning = AddonWarning(
                WarningCode.STALE_LOCK,
                entry.addon,
                f"the lock file's entry {path!r} ({entry.version}) is no add-on of this app (a "
                "stack or construct renamed?): run eks-addons lock",
            )
            self.record(stacks[0], str(warning))

    def once(self, key: tuple[object, ...], read: Callable[[], Any]) -> Any:
        """``read()``, remembered under ``key`` for the app's lifetime."""
        if key not in self.cache:
            self.cache[key] = read()
        return self.cache[key]

    def addon_key(
        self, stack: TerraformStack, plan: AddonPlan, where: tuple[object, ...]
    ) -> tuple[object, ...] | None:
        """What names the add-on on its cluster (``where``: the provider and region), for
        :attr:`installed`; ``None`` when the cluster cannot be told."""
        cluster = plan.cluster.identity or plan.cluster_name
        if not isinstance(cluster, str):
            return None
        return (id(stack), cluster, plan.spec.name, *where)

    def install(
        self,
        stack: TerraformStack,
        plan: AddonPlan,
        where: tuple[object, ...],
        *,
        logical_id: object,
        top: str | None,
        moved_from: object,
    ) -> None:
        """Count ``plan``'s add-on on its cluster (a second of its add-on name there is a
        problem: EKS allows one), its Terraform ``name`` in the stack, chosen or its id at the
        stack's top (a second is a problem: one would overwrite the other), and the address it
        moves from (Terraform refuses two moves from one address, and a move from an address
        the configuration still declares)."""
        key = self.addon_key(stack, plan, where)
        if key is not None:
            if key in self.installed:
                plan.findings.problems.append(duplicate_problem())
            self.installed.add(key)
        # cdktf's name of an add-on at the stack's top: its id, but for what Terraform refuses
        name = logical_id or (None if top is None else re.sub(r"[^A-Za-z0-9_-]", "", top))
        names = self.names.setdefault(id(stack), set())
        moves = self.moves.setdefault(id(stack), set())
        found = plan.findings.problems
        if isinstance(name, str):
            if name in names:
                found.append(_address_problem("logical_id", name, "the Terraform name of another"))
            if f"aws_eks_addon.{name}" in moves:
                found.append(_address_problem("logical_id", name, "moved from by another"))
            names.add(name)
        if isinstance(moved_from, str):
            if moved_from in moves:
                found.append(_address_problem("moved_from", moved_from, "moved from by another"))
            if moved_from.removeprefix("aws_eks_addon.") in names:
                found.append(
                    _address_problem("moved_from", moved_from, "the Terraform name of another")
                )
            moves.add(moved_from)

    def declare_elsewhere(self, cluster: object, addon: str) -> None:
        """``addon`` on ``cluster`` is managed outside eks-addons."""
        if is_type(cluster, *CLUSTER):
            self.elsewhere.setdefault(ref_of(cluster), set()).add(addon)

    def place(self, stack: TerraformStack, plan: AddonPlan, cluster: object, warn: Warn) -> None:
        """Check ``plan``'s add-on at synth against its stack's compute."""
        placed = _Placed(stack, plan, cluster, warn)
        self.placed.append(placed)
        self.placed_in.setdefault(id(stack), []).append(placed)
        self.checked_stacks.setdefault(id(stack), stack)

    def declares(self, cluster: object, facts: ClusterFacts) -> tuple[set[str], bool]:
        """The add-ons the app declares for ``cluster`` (a cluster construct, or ``None`` for
        one given by name), and whether some add-on's cluster could not be told (a name known
        only to Terraform, from another stack)."""
        declared = set(self.elsewhere.get(ref_of(cluster), set())) if cluster else set()
        unknown = False
        own: object = None
        for placed in self.placed:
            other = placed.plan.cluster
            if (cluster is not None and ref_of(placed.cluster) == ref_of(cluster)) or (
                facts.identity is not None and other.identity == facts.identity
            ):
                declared.add(placed.plan.spec.name)
                continue
            name = placed.plan.cluster_name
            if other.identity is None and is_token(name) and is_type(cluster, *CLUSTER):
                created: Any = cluster
                own = own or _expression(
                    created.get_string_attribute("name"), TerraformStack.of(created)
                )
                if _expression(name, placed.stack) == own:
                    declared.add(placed.plan.spec.name)
                else:
                    unknown = True
            elif other.identity is None:
                unknown = True
        return declared, unknown

    def _check_pod_identity(self, stacks: set[int]) -> list[str]:
        """A Pod Identity association does nothing without the Pod Identity agent on the
        cluster (EKS Auto Mode has it built in): an error where the app says the cluster has
        none, a warning where it cannot see (a cluster looked up, or named)."""
        errors = []
        for placed in self.placed:
            plan = placed.plan
            facts = plan.cluster
            if id(placed.stack) not in stacks or not plan.uses_pod_identity or facts.auto_mode:
                continue
            declared, unknown = self.declares(placed.cluster, facts)
            if POD_IDENTITY_AGENT in declared:
                continue
            message = (
                f"{plan.spec.name}: its role reaches it through EKS Pod Identity, and this app "
                f"declares no {POD_IDENTITY_AGENT} add-on for its cluster: without the agent "
                "the association does nothing and the add-on's calls to AWS fail. Add "
                f"Addon(..., addon_name={POD_IDENTITY_AGENT!r}) (PodIdentityAgentAddon), or use "
                "iam=Irsa(...)"
            )
            if facts.kind == "created" and facts.modes_known and not unknown:
                errors.append(message)
            elif str(WarningCode.POD_IDENTITY_AGENT_NOT_KNOWN) not in plan.acknowledged:
                warning = AddonWarning(
                    WarningCode.POD_IDENTITY_AGENT_NOT_KNOWN,
                    plan.spec.name,
                    f"its role reaches it through EKS Pod Identity: the cluster needs the "
                    f"{POD_IDENTITY_AGENT} add-on, which this app does not declare (it may be "
                    "installed elsewhere; acknowledge this warning once it is)",
                    "iam",
                )
                if str(warning) not in placed.warned:
                    placed.warned.add(str(warning))
                    placed.warn(warning)
        return errors

    def check(self, stacks: list[TerraformStack] | None = None) -> list[str]:
        """The synth-time checks of ``stacks`` (every stack with add-ons, and those of the
        clusters they name, when not given): each add-on gets its placement warnings; the
        errors of clusters created without default add-ons and certainly missing some."""
        if stacks is None:
            stacks = list(self.checked_stacks.values())
            seen = {ref_of(stack) for stack in stacks}
            for cluster, _ in self.clusters.values():
                if is_type(cluster, *CLUSTER):
                    stack = TerraformStack.of(cluster)  # type: ignore[arg-type]
                    if ref_of(stack) not in seen:
                        seen.add(ref_of(stack))
                        stacks.append(stack)
            self._check_lock(stacks)  # the whole app: every add-on has read the lock
        errors = []
        for stack in stacks:
            errors += self._check_stack(stack)
        return errors + self._check_pod_identity({id(stack) for stack in stacks})

    def _check_stack(self, stack: TerraformStack) -> list[str]:
        compute, clusters = read_compute(node_of(stack))
        for placed in self.placed_in.get(id(stack), []):
            facts = placed.plan.cluster
            seen = replace(compute, auto_mode=facts.auto_mode, hybrid_nodes=facts.hybrid_nodes)
            findings = Findings()
            plan = placed.plan
            check_placement(plan.spec, plan.rendered, seen, findings, plan.compute_types)
            for warning in findings.warnings:
                if warning.code not in plan.acknowledged and str(warning) not in placed.warned:
                    placed.warned.add(str(warning))
                    placed.warn(warning)
        errors = []
        for cluster in clusters:
            errors += self._check_defaults(cluster, compute)
        return errors

    def _check_defaults(self, cluster: Any, compute: Compute) -> list[str]:
        facts = self.facts(cluster)
        if facts.bootstrap_addons:
            return []
        seen = replace(compute, auto_mode=facts.auto_mode, hybrid_nodes=facts.hybrid_nodes)
        declared, unknown = self.declares(cluster, facts)
        version = facts.kubernetes_version if isinstance(facts.kubernetes_version, str) else None
        missing = missing_defaults(seen, declared, version)
        if not missing:
            return []
        message = missing_defaults_message(cluster.node.path, missing, seen)
        if facts.modes_known and not unknown:
            return [message]
        why = (
            "its modes are known only to Terraform"
            if not facts.modes_known
            else "some add-ons name their cluster with a value known only to Terraform"
        )
        self.record(cluster, f"{message} (a warning, not an error: {why})")
        return []


@jsii.implements(IValidation)
class _AppChecks:
    """The synth-time checks of an app's add-ons, as a validation of its first stack with
    add-ons (``eks_addons.testing`` runs them for the stack it synthesizes)."""

    def __init__(self, registry: AppRegistry) -> None:
        self._registry = registry

    def validate(self) -> list[str]:
        """The registry's checks of every stack."""
        return self._registry.check()


def _address_problem(argument: str, value: str, taken: str) -> Problem:
    return Problem(
        ProblemCode.INVALID_ARGUMENT,
        argument,
        f"is {taken} aws_eks_addon of this stack: Terraform would refuse the configuration (or "
        "one add-on overwrite the other)",
        value,
        "an address no other add-on of the stack names or moves from",
        source="https://developer.hashicorp.com/terraform/language/modules/develop/refactoring",
    )


def _read_lock() -> dict[str, Locked] | InputError:
    try:
        return read_lock()
    except InputError as error:
        return error


def _expression(token: object, stack: TerraformStack) -> object:
    """The Terraform expression a token stands for (``${aws_eks_cluster.x.name}``)."""
    return Tokenization.resolve(token, scope=stack, resolver=DefaultTokenResolver(StringConcat()))


_REGISTRIES: WeakValueDictionary[str, AppRegistry] = WeakValueDictionary()
"""The jsii reference of an app's root -> its registry (the proxies of one construct
differ from call to call; its reference does not)."""
_OF_STACK: WeakKeyDictionary[TerraformStack, tuple[AppRegistry, Node]] = WeakKeyDictionary()
"""A stack -> its app's registry and its construct node (each jsii read costs a round trip)."""


def _of_stack(stack: TerraformStack) -> tuple[AppRegistry, Node]:
    found = _OF_STACK.get(stack)
    if found is None:
        node = stack.node
        root = node.root
        key = root.__jsii_ref__.ref  # type: ignore[attr-defined]
        registry = _REGISTRIES.get(key)
        if registry is None:
            registry = _REGISTRIES[key] = AppRegistry(root)
            # one validation serves the app (one callback); the CDK keeps it, and with it
            # the registry, alive as long as the app
            node.add_validation(_AppChecks(registry))
        watch(stack)  # it lists the other stacks' problems too: the first to fail says all
        found = _OF_STACK[stack] = (registry, node)
    return found


def registry_of(stack: TerraformStack) -> AppRegistry:
    """The registry of ``stack``'s app (its root read once per stack)."""
    return _of_stack(stack)[0]


def node_of(stack: TerraformStack) -> Node:
    """``stack.node``, read once."""
    return _of_stack(stack)[1]
