"""What ``make synth`` prints after the synth: one line per stack (its add-ons, their versions,
its warnings), and where the JSON is.

    python -m scripts.synth_summary cdktf.out
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def summary(outdir: Path) -> list[str]:
    """The lines: per stack, its add-ons and versions, then its warnings."""
    manifest: dict[str, Any] = json.loads((outdir / "manifest.json").read_text())
    lines = []
    for name, stack in sorted(manifest["stacks"].items()):
        body = json.loads((outdir / stack["synthesizedStackPath"]).read_text())
        addons = body.get("resource", {}).get("aws_eks_addon", {})
        listed = ", ".join(
            f"{addon.get('addon_name')} {_version(addon.get('addon_version'))}"
            for addon in (addons[key] for key in sorted(addons))
        )
        warnings = [a for a in stack.get("annotations", []) if a.get("level") == "warn"]
        lines.append(f"{name}: {len(addons)} add-on(s){': ' if listed else ''}{listed}")
        lines += [f"  warning: {a.get('constructPath')}: {a.get('message')}" for a in warnings]
    lines.append(f"{len(manifest['stacks'])} stack(s); the Terraform JSON is in {outdir}/stacks/")
    return lines


def _version(version: object) -> str:
    if not isinstance(version, str):
        return "(EKS's default)"
    return "(at plan)" if version.startswith("${") else version


if __name__ == "__main__":
    print("\n".join(summary(Path(sys.argv[1] if len(sys.argv) > 1 else "cdktf.out"))))
