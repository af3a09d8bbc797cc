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

import difflib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eks_addons.catalog import LATEST, cataloged_addons
from eks_addons.checks.arguments import ResolveConflicts, check_arguments
from eks_addons.checks.schema import check_configuration
from eks_addons.checks.versions import select_version
from eks_addons.config import AddonConfig, canonical_json
from eks_addons.config.kinds import JsonValue, KindError, to_json
from eks_addons.errors import ConfigurationError, Findings, ProblemCode, WarningCode

if TYPE_CHECKING:
    from eks_addons.specs import AddonSpec


def known_addons() -> tuple[str, ...]:
    """The names of the add-ons the library models (imported late: specs import the rules)."""
    from eks_addons.specs import known_addons as names  # noqa: PLC0415

    return names()


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


def _known(value: object, is_unresolved: Callable[[object], bool]) -> str | None:
    """``value`` when it is a string known at synth (not a token)."""
    return value if isinstance(value, str) and not is_unresolved(value) else None


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
    literal_versions: bool = False,
    ip_family: str | None = None,
) -> AddonCheck:
    """Check an add-on's arguments, version and configuration; collect every finding.

    ``ip_family``: the cluster's (``"ipv4"`` / ``"ipv6"``) when known, for the rules about one.

    ``literal_versions``: ``addon_version`` is exactly what the provider gets (Terraform JSON
    read by the CLI), so ``"latest"`` is no request for the newest version but a bad value.
    """
    findings = Findings()
    requested = _known(addon_version, is_unresolved)
    if requested == LATEST and literal_versions:  # the provider's value, not the library's word
        requested = None
    _check_addon_name(spec, findings)
    if kubernetes_version is not None and not isinstance(kubernetes_version, str):
        findings.error(
            ProblemCode.INVALID_TYPE,
            "kubernetes_version",
            "must be a str (a float loses digits: 1.30 is 1.3)",
            kubernetes_version,
            "e.g. '1.30'",
        )
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
    elif isinstance(addon_version, str) and _known(addon_version, is_unresolved) is None:
        known_version, written = None, addon_version  # a token: only Terraform knows it
    else:
        kubernetes = _known(kubernetes_version, is_unresolved)
        known_version = written = select_version(spec.name, requested, kubernetes, findings)
    config, rendered, values = _check_configuration(
        spec, configuration, known_version, is_unresolved, findings, ip_family=ip_family
    )
    return AddonCheck(written, config, rendered, values, findings)


def _check_configuration(
    spec: AddonSpec,
    configuration: AddonConfig | Mapping[str, Any] | str | None,
    version: str | None,
    is_unresolved: Callable[[object], bool],
    findings: Findings,
    *,
    ip_family: str | None,
) -> tuple[AddonConfig | None, dict[str, JsonValue] | None, str | None]:
    """The checked builder, its rendering, and the ``configuration_values`` to write."""
    if isinstance(configuration, str) and is_unresolved(configuration):
        token = configuration
        try:
            configuration = json.loads(token)
        except json.JSONDecodeError:  # the whole value is a token, e.g. jsonencode(...)
            _warn_unresolved(spec.name, ["(root)"], findings)
            return None, None, token
    written: str | None = None
    if isinstance(configuration, Mapping) and not isinstance(configuration, AddonConfig):
        configuration, written = _without_tokens(spec.name, configuration, is_unresolved, findings)
    if configuration is None:
        return None, None, None
    try:
        config = spec.builder.coerce(configuration)
    except ConfigurationError as error:
        findings.problems += error.problems
        return None, None, None
    rendered = config.to_dict()
    check_configuration(spec.name, version, rendered, findings)
    for rule in spec.rules:
        rule.apply(spec.name, version, rendered, findings, ip_family)
    _warn_unknown_choices(spec.name, config, findings)
    return config, rendered, written or canonical_json(rendered)


def _without_tokens(
    addon: str,
    configuration: Mapping[str, Any],
    is_unresolved: Callable[[object], bool],
    findings: Findings,
) -> tuple[Mapping[str, Any], str | None]:
    """``configuration`` without its unresolved parts, for the offline checks, and the
    whole of it as the JSON to write when it has any (``None`` otherwise)."""
    found: list[str] = []

    def prune(node: Any, path: tuple[str, ...]) -> Any:
        if isinstance(node, Mapping):
            kept = {}
            for key, value in node.items():
                if is_unresolved(value):
                    found.append(".".join((*path, str(key))))
                else:
                    kept[key] = prune(value, (*path, str(key)))
            return kept
        if isinstance(node, list | tuple) and any(is_unresolved(item) for item in node):
            found.append(".".join(path))
        return node

    pruned = prune(configuration, ())
    if not found:
        return configuration, None
    _warn_unresolved(addon, found, findings)
    try:
        whole = to_json(configuration)
    except KindError:
        return pruned, None  # the checks of the pruned part report what is wrong
    assert isinstance(whole, dict)
    return pruned, canonical_json(whole)


def _warn_unresolved(addon: str, paths: list[str], findings: Findings) -> None:
    findings.warn(
        WarningCode.UNRESOLVED_CONFIGURATION,
        addon,
        "is known only at plan (a Terraform token): written as given, not checked offline",
        ", ".join(paths),
    )


def _check_addon_name(spec: AddonSpec, findings: Findings) -> None:
    """A name close to a known add-on's but not one: EKS refuses an add-on it does not have."""
    known = {*known_addons(), *cataloged_addons()}
    if spec.name in known or not isinstance(spec.name, str):
        return
    close = difflib.get_close_matches(spec.name, sorted(known), n=1, cutoff=0.75)
    if close:
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "addon_name",
            f"is not an EKS add-on name; did you mean {close[0]!r}?",
            spec.name,
            ", ".join(repr(name) for name in sorted(known)),
        )


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
