"""Plan a Kubernetes upgrade for the add-ons, offline, from the catalog (pure Python).

EKS upgrades the control plane one minor at a time, and its upgrade insights check before
each step that every add-on's version is compatible with the next minor. For a move from
Kubernetes A to B, :func:`plan_upgrade` walks the path the same way and, for every add-on at
once, says at each step whether the version installed is compatible with the next minor, and
where it is not, the newest version that fits both sides of the step and is not older than the
one installed (to install before the control plane moves). Every version checked goes through
:func:`eks_addons.plan.plan_addon`, the constructs' own decision, at the Kubernetes version it
would run on: today's version at A (a pin that A does not allow is said plainly), each version
the plan installs, and AWS's default at B (advice, not installed). It lists what changed in the
schema between today's version and B's default: keys added, removed and retyped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from eks_addons.catalog import AddonCatalog, catalog, schema_options
from eks_addons.catalog.versions import addon_version_key, kubernetes_key
from eks_addons.errors import Findings
from eks_addons.plan import AddonRequest, ClusterFacts, plan_addon
from eks_addons.specs import spec_for
from eks_addons.terraform_json import Document
from eks_addons.tokens import is_expression
from eks_addons.validate import validate_document

MAX_STEPS = 30
"""More minors than one upgrade plan walks (EKS has supported about 17 in all)."""


class UpgradeError(ValueError):
    """The upgrade cannot be planned: a malformed or backwards Kubernetes range."""


@dataclass(frozen=True)
class InstalledAddon:
    """An add-on as it is today."""

    name: str
    """The EKS add-on name."""
    version: str | None = None
    """Its version; ``None``: AWS's default for the starting Kubernetes version."""
    configuration: Mapping[str, Any] | None = None
    """Its configuration values (parsed), if managed."""
    where: str = ""
    """Where it was found (a Terraform address), for the report."""
    request: AddonRequest | None = None
    """All its arguments as written (Terraform JSON), checked at every version; ``None``:
    only ``version`` and ``configuration``."""
    cluster: ClusterFacts = field(default_factory=ClusterFacts)
    """What its cluster says of itself (IP family, modes), where known."""


@dataclass(frozen=True)
class Step:
    """One control-plane step, ``from_kubernetes`` to ``to_kubernetes``, for one add-on."""

    from_kubernetes: str
    to_kubernetes: str
    version: str | None
    """The add-on version installed when the step starts."""
    compatible: bool
    """Whether ``version`` lists ``to_kubernetes`` (what EKS's upgrade insights check)."""
    update_to: str | None = None
    """When not compatible: the newest version listing both minors, to install first."""
    beyond_catalog: bool = False
    """The catalog knows no version for ``to_kubernetes``: newer than its data, so nothing
    is known about the step (not a block)."""

    @property
    def blocked(self) -> bool:
        """Not compatible, and no version fits both sides of the step."""
        return not self.compatible and self.update_to is None and not self.beyond_catalog


@dataclass(frozen=True)
class SchemaChange:
    """What changed in the configuration schema between two versions (dotted key paths)."""

    old: str
    new: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    retyped: tuple[tuple[str, str, str], ...] = ()
    """``(path, old type, new type)``."""

    @property
    def empty(self) -> bool:
        """Whether nothing changed."""
        return not (self.added or self.removed or self.retyped)


@dataclass(frozen=True)
class AddonUpgrade:
    """The plan of one add-on."""

    addon: InstalledAddon
    current: str | None
    """Today's version (AWS's default at the start when not given)."""
    steps: tuple[Step, ...]
    default: str | None
    """AWS's default at the target Kubernetes version."""
    latest: str | None
    """The newest version compatible with the target."""
    end: str | None
    """The version the steps leave installed at the target."""
    checked: Mapping[str, Findings] = field(default_factory=dict)
    """Every check of each version the plan installs, on the minor it is installed for."""
    schema_change: SchemaChange | None = None
    """From today's version to the target's default."""
    note: str | None = None
    """Why the add-on could not be planned (no catalog data, an unknown version)."""
    today: Findings = field(default_factory=Findings)
    """Every check of today's version on the starting minor (a pin it does not allow, a
    configuration EKS refuses): problems to fix, but not what blocks the upgrade."""
    advice: Mapping[str, Findings] = field(default_factory=dict)
    """Every check of AWS's default at the target, when the plan does not end on it."""
    remark: str | None = None
    """What the plan assumed (a version known only to Terraform)."""

    @property
    def blocked(self) -> bool:
        """A step has no compatible version, or a version to install fails a check."""
        return any(step.blocked for step in self.steps) or any(
            findings.problems for findings in self.checked.values()
        )

    @property
    def has_problems(self) -> bool:
        """Blocked, or today's version or configuration has problems of its own."""
        return self.blocked or bool(self.today.problems)

    @property
    def behind_default(self) -> bool:
        """The plan ends on a version older than AWS's default at the target."""
        return (
            self.end is not None
            and self.default is not None
            and addon_version_key(self.end) < addon_version_key(self.default)
        )


@dataclass(frozen=True)
class UpgradePlan:
    """An upgrade from ``from_kubernetes`` to ``to_kubernetes``: the path and each add-on."""

    from_kubernetes: str
    to_kubernetes: str
    path: tuple[str, ...]
    """Every minor from the start to the target, both included."""
    addons: tuple[AddonUpgrade, ...]

    @property
    def blocked(self) -> bool:
        """Whether any add-on is blocked."""
        return any(addon.blocked for addon in self.addons)

    @property
    def has_problems(self) -> bool:
        """Whether any add-on is blocked or has problems today."""
        return any(addon.has_problems for addon in self.addons)


def kubernetes_path(start: str, target: str) -> tuple[str, ...]:
    """The minors from ``start`` to ``target``, one at a time, both included."""
    keys = []
    for version in (start, target):
        if not (isinstance(version, str) and _is_minor(version)):
            raise UpgradeError(f"not a Kubernetes version: {version!r} (e.g. 1.33)")
        keys.append(kubernetes_key(version))
    (major, first), (target_major, last) = keys
    if major != target_major or last < first:
        raise UpgradeError(f"cannot upgrade from {start} to {target}: only forward, within 1.x")
    if last - first > MAX_STEPS:
        raise UpgradeError(
            f"cannot upgrade from {start} to {target}: {last - first} minors, more than any "
            f"upgrade walks (at most {MAX_STEPS})"
        )
    return tuple(f"{major}.{minor}" for minor in range(first, last + 1))


def _is_minor(version: str) -> bool:
    major, dot, minor = version.partition(".")
    return bool(dot) and all(
        part.isascii() and part.isdigit() and len(part) <= 3 for part in (major, minor)
    )


def installed_addons(documents: Iterable[Document]) -> list[InstalledAddon]:
    """The add-ons of Terraform JSON documents, plans or states, as they are today (their
    arguments and clusters read as ``eks-addons validate`` reads them)."""
    installed = []
    for document in documents:
        for checked in validate_document(document).addons:
            plan = checked.plan
            if plan is None:
                continue
            version = plan.request.addon_version
            installed.append(
                InstalledAddon(
                    plan.spec.name,
                    version if isinstance(version, str) and not is_expression(version) else None,
                    plan.rendered,
                    checked.resource.where,
                    request=plan.request,
                    cluster=plan.cluster,
                )
            )
    return installed


def plan_upgrade(
    addons: Iterable[InstalledAddon], *, from_kubernetes: str, to_kubernetes: str
) -> UpgradePlan:
    """Plan the move from ``from_kubernetes`` to ``to_kubernetes`` for every add-on."""
    path = kubernetes_path(from_kubernetes, to_kubernetes)
    planned = tuple(_plan_addon(addon, path) for addon in addons)
    return UpgradePlan(from_kubernetes, to_kubernetes, path, planned)


def check_at(addon: InstalledAddon, version: object, kubernetes: str) -> Findings:
    """Every check of ``addon`` with ``version`` installed on Kubernetes ``kubernetes``."""
    # without the arguments as written, whether the cluster role holds what the
    # configuration needs is not known here: that is validate's to say
    request = addon.request or AddonRequest(
        configuration=_as_json(addon.configuration), cluster_role=True
    )
    request = dataclasses.replace(
        request,
        addon_version=version,
        kubernetes_version=kubernetes,
        version_at_plan=False,
    )
    cluster = dataclasses.replace(
        addon.cluster,
        kubernetes_version=None,
        name=addon.cluster.name or "cluster",  # planned without one: any valid name
    )
    plan = plan_addon(spec_for(addon.name), request, cluster)
    return Findings(list(plan.problems), list(plan.warnings))


def _as_json(configuration: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    return None if configuration is None else dict(configuration)


def _plan_addon(addon: InstalledAddon, path: tuple[str, ...]) -> AddonUpgrade:
    written = addon.request.addon_version if addon.request is not None else addon.version
    today = check_at(addon, written, path[0])  # as it is today, as written
    addon_catalog = catalog(addon.name)
    if addon_catalog is None:
        return AddonUpgrade(
            addon,
            addon.version,
            (),
            None,
            None,
            None,
            note="no catalog data for this add-on",
            today=today,
        )
    current = addon.version or addon_catalog.default(path[0])
    remark = None
    if isinstance(written, str) and addon.version is None:
        remark = "its version is known only to Terraform: planned from AWS's default"
    if current is not None and current not in addon_catalog.kubernetes_of:
        return AddonUpgrade(
            addon,
            current,
            (),
            None,
            None,
            None,
            note=f"{current} is not in the catalog",
            today=today,
        )
    steps, version = [], current
    for before, after in pairwise(path):
        step = _step(addon_catalog, version, before, after)
        steps.append(step)
        version = step.update_to or version
    target = path[-1]
    default = addon_catalog.default(target)
    checked = {
        step.update_to: check_at(addon, step.update_to, step.to_kubernetes)
        for step in steps
        if step.update_to
    }
    advice = {}
    if default is not None and default != version and default not in checked:
        advice[default] = check_at(addon, default, target)
    return AddonUpgrade(
        addon,
        current,
        tuple(steps),
        default,
        addon_catalog.latest(target),
        version,
        checked,
        schema_change(addon_catalog, current, default),
        today=today,
        advice=advice,
        remark=remark,
    )


def _step(addon_catalog: AddonCatalog, version: str | None, before: str, after: str) -> Step:
    if version is not None and after in addon_catalog.kubernetes_of[version]:
        return Step(before, after, version, compatible=True)
    if after not in addon_catalog.covered_kubernetes:
        return Step(before, after, version, False, beyond_catalog=True)
    floor = addon_version_key(version) if version is not None else None
    fits_both = [
        candidate
        for candidate in addon_catalog.compatible(after)
        if before in addon_catalog.kubernetes_of[candidate]
        and (floor is None or addon_version_key(candidate) >= floor)  # never a downgrade
    ]
    return Step(before, after, version, False, fits_both[0] if fits_both else None)


def schema_change(
    addon_catalog: AddonCatalog, old: str | None, new: str | None
) -> SchemaChange | None:
    """What changed in the schema from ``old`` to ``new`` (``None``: a schema is unknown)."""
    if old is None or new is None:
        return None
    before, after = addon_catalog.schema_for(old), addon_catalog.schema_for(new)
    if before is None or after is None:
        return None
    old_keys = dict(schema_options(before.document))
    new_keys = dict(schema_options(after.document))
    return SchemaChange(
        old,
        new,
        added=tuple(key for key in new_keys if key not in old_keys),
        removed=tuple(key for key in old_keys if key not in new_keys),
        retyped=tuple(
            (key, old_keys[key], new_keys[key])
            for key in old_keys
            if key in new_keys and old_keys[key] != new_keys[key]
        ),
    )
