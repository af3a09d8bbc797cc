"""Everything checked about one add-on before any Terraform is written (pure Python).

The constructs call :func:`check_addon` at construction; ``eks-addons validate`` calls it on
synthesized or hand-written Terraform JSON. Values that are unresolved tokens (known only to
Terraform) are not checked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eks_addons.arguments import check_arguments
from eks_addons.catalog import LATEST, check_configuration, select_version
from eks_addons.config import AddonConfig
from eks_addons.errors import ConfigurationError, Problem, ProblemCode
from eks_addons.rules import check_rules


@dataclass(frozen=True)
class AddonCheck:
    """The outcome: the version to write, the checked configuration, problems, warnings."""

    version: str | None
    """The version to write: the pin (or its token), or the catalog's choice; ``None`` leaves
    it to EKS, or to the plan-time lookup."""
    configuration: AddonConfig | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def raise_for_problems(self, addon: str) -> None:
        """Raise one :class:`ConfigurationError` carrying every problem, if there are any."""
        if self.problems:
            raise ConfigurationError(self.problems, addon=addon, version=self.version)


def _never(_: object) -> bool:
    return False


def check_addon(
    *,
    addon_name: str,
    configuration: AddonConfig | Mapping[str, Any] | str | None,
    config_type: type[AddonConfig] = AddonConfig,
    cluster_name: object = None,
    addon_version: object = None,
    kubernetes_version: object = None,
    resolve_conflicts_on_create: object = None,
    resolve_conflicts_on_update: object = None,
    version_at_plan: bool = False,
    is_unresolved: Callable[[object], bool] = _never,
) -> AddonCheck:
    """Check an add-on's arguments, version and configuration; collect every problem."""

    def known(value: object) -> str | None:
        return value if isinstance(value, str) and not is_unresolved(value) else None

    requested = known(addon_version)
    problems = check_arguments(
        addon_name=addon_name,
        cluster_name=cluster_name,
        addon_version=None if requested == LATEST else addon_version,
        resolve_conflicts_on_create=resolve_conflicts_on_create,
        resolve_conflicts_on_update=resolve_conflicts_on_update,
        is_unresolved=is_unresolved,
    )
    warnings: list[str] = []
    known_version: str | None = None  # the version known at synth: what the schema check uses
    written: str | None = None  # what goes into addon_version
    if version_at_plan:
        if addon_version not in (None, LATEST):
            problems.append(
                Problem(
                    ProblemCode.INVALID_ARGUMENT,
                    "addon_version",
                    "cannot be pinned when the version is resolved at plan time",
                    addon_version,
                    allowed="None (AWS's default) or 'latest' (most recent)",
                )
            )
        if kubernetes_version is None:
            problems.append(
                Problem(
                    ProblemCode.INVALID_ARGUMENT,
                    "kubernetes_version",
                    "is required to resolve the version at plan time",
                    allowed="a Kubernetes version, e.g. '1.33', or a cluster's version token",
                )
            )
    elif isinstance(addon_version, str) and requested is None:
        written = addon_version  # a token: only Terraform knows it; nothing to check against
    else:
        selection = select_version(addon_name, requested, known(kubernetes_version))
        known_version = written = selection.version
        warnings += selection.warnings
        problems += selection.problems

    config = None
    if configuration is not None:
        try:
            config = config_type.coerce(configuration)
        except ConfigurationError as error:
            problems += error.problems
    if config is not None:
        rendered = config.to_dict()
        schema = check_configuration(addon_name, known_version, rendered)
        rules = check_rules(addon_name, rendered)
        problems += schema.problems + rules.problems
        warnings += schema.warnings + rules.warnings
    return AddonCheck(written, config, problems, warnings)
