"""An :class:`~eks_addons.upgrade.UpgradePlan` as a table a person reads, or as JSON."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from eks_addons.catalog import catalog_info
from eks_addons.errors import Findings
from eks_addons.text import table_lines
from eks_addons.upgrade import AddonUpgrade, SchemaChange, Step, UpgradePlan


def plan_as_text(plan: UpgradePlan) -> str:
    """The plan: a table of every add-on at every step, then what to do, add-on by add-on."""
    steps = [f"{a}->{b}" for a, b in pairwise(plan.path)]
    header = ["add-on", "now", *steps, f"default@{plan.to_kubernetes}", "latest"]
    rows = [header]
    for addon in plan.addons:
        cells = [_cell(step) for step in addon.steps] or ["?"] * len(steps)
        rows.append(
            [
                addon.addon.name,
                addon.current or "?",
                *cells,
                addon.default or "-",
                addon.latest or "-",
            ]
        )
    lines = [
        f"Kubernetes {plan.from_kubernetes} -> {plan.to_kubernetes}, one minor at a time: "
        f"{', '.join(plan.path[1:]) or 'no step'}.",
        "ok: today's version lists the next minor. update V: install V (it lists both) before "
        "the control plane moves. BLOCKED: no version lists both. not known: the catalog has "
        "no data on the next minor.",
        "",
        *table_lines(rows),
    ]
    for addon in plan.addons:
        lines += ["", *_details(addon)]
    return "\n".join([*lines, "", _verdict(plan)])


def _verdict(plan: UpgradePlan) -> str:
    blocked = [addon.addon.name for addon in plan.addons if addon.blocked]
    if blocked:
        return f"BLOCKED: {', '.join(blocked)} (see above)"
    today = [addon.addon.name for addon in plan.addons if addon.today.problems]
    if today:
        return (
            f"nothing blocks the upgrade, but {', '.join(today)} "
            f"{'has' if len(today) == 1 else 'have'} problems today (see above)"
        )
    beyond = sorted(
        {s.to_kubernetes for a in plan.addons for s in a.steps if s.beyond_catalog},
        key=lambda version: tuple(int(part) for part in version.split(".")),
    )
    if beyond:
        return (
            "nothing blocks the upgrade as far as the catalog knows: it has no data on "
            f"Kubernetes {', '.join(beyond)} (refresh it)"
        )
    return "nothing blocks the upgrade"


def _cell(step: Step) -> str:
    if step.compatible:
        return "ok"
    if step.beyond_catalog:
        return "not known"
    return f"update {step.update_to}" if step.update_to else "BLOCKED"


def _details(addon: AddonUpgrade) -> list[str]:
    where = f" ({addon.addon.where})" if addon.addon.where not in ("", addon.addon.name) else ""
    lines = [f"{addon.addon.name}{where}: {addon.current or 'version unknown'}"]
    if addon.today.problems:
        lines += _findings(f"today ({addon.current or 'version unknown'})", addon.today)
    if addon.note:
        return [*lines, f"  not planned: {addon.note}"]
    if addon.remark:
        lines.append(f"  note: {addon.remark}")
    for step in addon.steps:
        if step.beyond_catalog:
            lines.append(
                f"  {step.from_kubernetes} -> {step.to_kubernetes}: not known: the catalog knows "
                f"no version for Kubernetes {step.to_kubernetes} ({catalog_info().describe()}); "
                "refresh it (eks-addons refresh) to plan this step"
            )
        elif step.blocked:
            lines.append(
                f"  BLOCKED at {step.from_kubernetes} -> {step.to_kubernetes}: no version at "
                f"or above {step.version} lists both; {step.version} does not list "
                f"{step.to_kubernetes}"
            )
        elif not step.compatible:
            lines.append(
                f"  before {step.from_kubernetes} -> {step.to_kubernetes}: update to "
                f"{step.update_to} ({step.version or 'the installed version'} does not list "
                f"{step.to_kubernetes})"
            )
    if addon.behind_default:
        lines.append(
            f"  at the target it stays on {addon.end}, older than AWS's default "
            f"{addon.default}: update to the default (or pin it) after the upgrade"
        )
    for version, findings in addon.checked.items():
        lines += _findings(f"installing {version}", findings, blocking=True)
    for version, findings in addon.advice.items():
        lines += _findings(f"AWS's default {version} (advice)", findings)
    if addon.schema_change is not None and not addon.schema_change.empty:
        lines += _change(addon.schema_change)
    return lines


def _findings(what: str, findings: Findings, *, blocking: bool = False) -> list[str]:
    if not findings.problems and not findings.warnings:
        return [f"  {what}: every check passes"]
    head = "BLOCKED, " if blocking and findings.problems else ""
    return [
        f"  {head}{what}:",
        *(f"    error: {problem}" for problem in findings.problems),
        *(f"    warning: {warning}" for warning in findings.warnings),
    ]


def _change(change: SchemaChange) -> list[str]:
    lines = [f"  schema {change.old} -> {change.new}:"]
    lines += [f"    + {key}" for key in change.added]
    lines += [f"    - {key}" for key in change.removed]
    lines += [f"    ~ {key}: {old} -> {new}" for key, old, new in change.retyped]
    return lines


def plan_as_json(plan: UpgradePlan) -> dict[str, Any]:
    """The plan as JSON-ready data (``eks-addons upgrade --format json``)."""
    return {
        "from": plan.from_kubernetes,
        "to": plan.to_kubernetes,
        "path": list(plan.path),
        "blocked": plan.blocked,
        "addons": [
            {
                "addon": addon.addon.name,
                "where": addon.addon.where,
                "current": addon.current,
                "steps": [
                    {
                        "from": step.from_kubernetes,
                        "to": step.to_kubernetes,
                        "version": step.version,
                        "compatible": step.compatible,
                        "beyond_catalog": step.beyond_catalog,
                        "update_to": step.update_to,
                    }
                    for step in addon.steps
                ],
                "end": addon.end,
                "default": addon.default,
                "latest": addon.latest,
                "behind_default": addon.behind_default,
                "blocked": addon.blocked,
                "today": _as_json(addon.today),
                "configuration": {
                    version: _as_json(findings) for version, findings in addon.checked.items()
                },
                "advice": {
                    version: _as_json(findings) for version, findings in addon.advice.items()
                },
                "schema_change": None
                if addon.schema_change is None
                else {
                    "from": addon.schema_change.old,
                    "to": addon.schema_change.new,
                    "added": list(addon.schema_change.added),
                    "removed": list(addon.schema_change.removed),
                    "retyped": [
                        {"key": key, "from": old, "to": new}
                        for key, old, new in addon.schema_change.retyped
                    ],
                },
                "note": addon.note,
                "remark": addon.remark,
            }
            for addon in plan.addons
        ],
    }


def _as_json(findings: Findings) -> dict[str, list[str]]:
    return {
        "errors": [str(problem) for problem in findings.problems],
        "warnings": [str(warning) for warning in findings.warnings],
    }
