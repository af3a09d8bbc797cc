"""Record a release's defaults: each add-on's default version per Kubernetes version, as the
shipped catalog held them when the release was made.

    python -m scripts.released_defaults 0.2.0                 # at the release: the working tree
    python -m scripts.released_defaults 0.1.0 --ref bc17032   # a past release: its commit

They go in ``tests/fixtures/released-defaults.json``; a test holds the CHANGELOG's next entry
to the defaults moved since the newest release recorded there ("Defaults moved").
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = "eks_addons/catalog/data"
RECORD = ROOT / "tests" / "fixtures" / "released-defaults.json"


def _read(ref: str | None, path: str) -> str:
    if ref is None:
        return (ROOT / path).read_text(encoding="utf-8")
    shown = subprocess.run(
        ["git", "show", f"{ref}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return shown.stdout


def _files(ref: str | None) -> list[str]:
    if ref is None:
        return sorted(f"{DATA}/{path.name}" for path in (ROOT / DATA).glob("*.json"))
    listed = subprocess.run(
        ["git", "ls-tree", "--name-only", ref, f"{DATA}/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(line for line in listed.stdout.splitlines() if line.endswith(".json"))


def defaults(ref: str | None = None) -> dict[str, dict[str, str]]:
    """Each add-on's defaults in the shipped catalog (of ``ref``, or of the working tree)."""
    found = {}
    for path in _files(ref):
        data = json.loads(_read(ref, path))
        if "defaults" in data:  # the catalog's own description is not an add-on
            found[str(data["addon"])] = dict(sorted(data["defaults"].items()))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("version", help="the release, e.g. 0.2.0")
    parser.add_argument("--ref", help="the release's commit (default: the working tree)")
    args = parser.parse_args()
    record = json.loads(RECORD.read_text()) if RECORD.exists() else {}
    record[args.version] = {
        "catalog": f"{DATA} at {args.ref or 'the release'}",
        "defaults": defaults(args.ref),
    }
    RECORD.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
