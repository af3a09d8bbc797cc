"""An :class:`~eks_addons.upgrade.UpgradePlan` as a table a person reads, or as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from eks_addons.errors import Findings
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
        "the control plane moves. BLOCKED: no version lists both.",
        "",
        *table_lines(rows),
    ]
    for addon in plan.addons:
        lines += ["", *_details(addon)]
    verdict = "BLOCKED: see above" if plan.blocked else "nothing blocks the upgrade"
    return "\n".join([*lines, "", verdict])


def _cell(step: Step) -> str:
    if step.compatible:
        return "ok"
    return f"update {step.update_to}" if step.update_to else "BLOCKED"


def table_lines(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as left-aligned columns, two spaces apart."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _details(addon: AddonUpgrade) -> list[str]:
    where = f" ({addon.addon.where})" if addon.addon.where not in ("", addon.addon.name) else ""
    lines = [f"{addon.addon.name}{where}: {addon.current or 'version unknown'}"]
    if addon.note:
        return [*lines, f"  not planned: {addon.note}"]
    for step in addon.steps:
        if step.blocked:
            lines.append(
                f"  {step.from_kubernetes} -> {step.to_kubernetes}: no version lists both; "
                f"{step.version} does not list {step.to_kubernetes}"
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
        lines += _findings(version, findings)
    if addon.schema_change is not None and not addon.schema_change.empty:
        lines += _change(addon.schema_change)
    return lines


def _findings(version: str, findings: Findings) -> list[str]:
    if not findings.problems and not findings.warnings:
        return [f"  configuration: valid for {version}"]
    return [
        f"  configuration for {version}:",
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
                        "update_to": step.update_to,
                    }
                    for step in addon.steps
                ],
                "end": addon.end,
                "default": addon.default,
                "latest": addon.latest,
                "behind_default": addon.behind_default,
                "blocked": addon.blocked,
                "configuration": {
                    version: {
                        "errors": [str(problem) for problem in findings.problems],
                        "warnings": [str(warning) for warning in findings.warnings],
                    }
                    for version, findings in addon.checked.items()
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
            }
            for addon in plan.addons
        ],
    }
