"""The checks engine: everything checked about an add-on before Terraform runs (pure Python).

The constructs, :class:`~eks_addons.addons.ClusterAddons` and the ``eks-addons`` CLI all call
:func:`check_addon`; it runs each check below and collects one :class:`Findings`:

- :mod:`~eks_addons.checks.arguments`: the provider's own argument rules;
- :mod:`~eks_addons.checks.versions`: version selection and compatibility;
- :mod:`~eks_addons.checks.schema`: AWS's JSON Schema of the version;
- :mod:`~eks_addons.checks.rules`: the add-on's rules a schema cannot express;
- :mod:`~eks_addons.checks.placement`: where the pods can run (called by the cdktf layer
  once the stack's compute is known).

Values that are unresolved tokens (known only to Terraform) are not checked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eks_addons.catalog import LATEST
from eks_addons.checks.arguments import ResolveConflicts, check_arguments
from eks_addons.checks.schema import check_configuration
from eks_addons.checks.versions import select_version
from eks_addons.config import AddonConfig, canonical_json
from eks_addons.config.kinds import JsonValue
from eks_addons.errors import ConfigurationError, Findings, ProblemCode, WarningCode

if TYPE_CHECKING:
    from eks_addons.specs import AddonSpec


@dataclass(frozen=True)
class AddonCheck:
    """The outcome: what to write, and what was found."""

    version: str | None
    """The version to write: the pin (or its token), or the catalog's choice; ``None`` leaves
    it to EKS, or to the plan-time lookup."""
    configuration: AddonConfig | None
    """The checked builder; ``None``: ``configuration_values`` is not managed."""
    rendered: Mapping[str, JsonValue] | None
    """``configuration`` rendered once: what every decision reads."""
    configuration_values: str | None
    """``rendered`` as the canonical JSON string written to ``configuration_values``."""
    findings: Findings


def _never(_: object) -> bool:
    return False


def check_addon(
    spec: AddonSpec,
    *,
    configuration: AddonConfig | Mapping[str, Any] | str | None,
    cluster_name: object = None,
    addon_version: object = None,
    kubernetes_version: object = None,
    resolve_conflicts_on_create: object = None,
    resolve_conflicts_on_update: object = None,
    version_at_plan: bool = False,
    is_unresolved: Callable[[object], bool] = _never,
) -> AddonCheck:
    """Check an add-on's arguments, version and configuration; collect every finding."""
    findings = Findings()

    def known(value: object) -> str | None:
        return value if isinstance(value, str) and not is_unresolved(value) else None

    requested = known(addon_version)
    check_arguments(
        addon_name=spec.name,
        cluster_name=cluster_name,
        addon_version=None if requested == LATEST else addon_version,
        resolve_conflicts_on_create=resolve_conflicts_on_create,
        resolve_conflicts_on_update=resolve_conflicts_on_update,
        is_unresolved=is_unresolved,
        findings=findings,
    )
    if version_at_plan:
        _check_version_at_plan(addon_version, kubernetes_version, findings)
        known_version = written = None
    elif isinstance(addon_version, str) and requested is None:
        known_version, written = None, addon_version  # a token: only Terraform knows it
    else:
        known_version = written = select_version(
            spec.name, requested, known(kubernetes_version), findings
        )

    config = rendered = None
    if configuration is not None:
        try:
            config = spec.builder.coerce(configuration)
        except ConfigurationError as error:
            findings.problems += error.problems
    if config is not None:
        rendered = config.to_dict()
        check_configuration(spec.name, known_version, rendered, findings)
        for rule in spec.rules:
            rule.apply(spec.name, known_version, rendered, findings)
        _warn_unknown_choices(spec.name, config, findings)
    values = None if rendered is None else canonical_json(rendered)
    return AddonCheck(written, config, rendered, values, findings)


def _warn_unknown_choices(addon: str, config: AddonConfig, findings: Findings) -> None:
    """A value outside a typed set that nothing refused: kept, with a warning."""
    refused = {problem.path for problem in findings.problems}
    for path, value, allowed in config.unknown_choices():
        if path not in refused:
            findings.warn(
                WarningCode.UNKNOWN_VALUE,
                addon,
                f"{value!r} is not one of {allowed}; AWS's schema takes any string here, so it "
                "is written as given",
                path,
            )


def _check_version_at_plan(
    addon_version: object, kubernetes_version: object, findings: Findings
) -> None:
    if addon_version not in (None, LATEST):
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "addon_version",
            "cannot be pinned when the version is resolved at plan time",
            addon_version,
            "None (AWS's default) or 'latest' (most recent)",
        )
    if kubernetes_version is None:
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "kubernetes_version",
            "is required to resolve the version at plan time",
            allowed="a Kubernetes version, e.g. '1.33', or a cluster's version token",
        )


__all__ = ["AddonCheck", "ResolveConflicts", "check_addon"]
