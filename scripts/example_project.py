"""Run the example project (examples/testing) in a copy of its own, on either CDK.

    python scripts/example_project.py cdktn

The project is written for cdktf; for CDK Terrain its imports are renamed as
docs/cdk-terrain.md says (the only change a project needs). Exit status: pytest's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "testing"
# the versions in the project's snapshot are the frozen test catalog's defaults
CATALOG = ROOT / "tests" / "fixtures" / "catalog"
# cdktf -> CDK Terrain: the module renames of docs/cdk-terrain.md
RENAMES = {"cdktf_cdktf_provider_aws": "cdktn_provider_aws", "cdktf": "cdktn"}
_MODULE = re.compile(r"\b(cdktf_cdktf_provider_aws|cdktf)\b(?=[.\s])")


def for_cdk(code: str, cdk: str) -> str:
    """Python code written for cdktf, with its imports renamed for ``cdk``."""
    return _MODULE.sub(lambda m: RENAMES[m[1]], code) if cdk == "cdktn" else code


def prepare(destination: Path, cdk: str) -> Path:
    """A copy of the example project at ``destination``, its imports renamed for ``cdk``."""
    shutil.copytree(EXAMPLE, destination, ignore=shutil.ignore_patterns("__pycache__"))
    for path in destination.glob("*.py"):
        path.write_text(for_cdk(path.read_text(), cdk))
    return destination


def run(cdk: str) -> int:
    """Run the project's tests with this Python; pytest's exit status."""
    with tempfile.TemporaryDirectory() as scratch:
        project = prepare(Path(scratch) / "project", cdk)
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        arguments = [*command, "--rootdir", str(project), str(project)]
        environ = dict(os.environ, EKS_ADDONS_CATALOG=str(CATALOG))
        return subprocess.run(arguments, cwd=project, env=environ, check=False).returncode


if __name__ == "__main__":
    sys.exit(run(sys.argv[1]))
