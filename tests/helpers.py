"""Shared test helpers: tools on PATH, the Terraform provider mirror, synth output."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eks_addons.catalog import catalog
from eks_addons.checks.configuration import JsonEncode
from eks_addons.checks.schema import check_configuration
from eks_addons.checks.versions import select_version
from eks_addons.config import canonical_json
from eks_addons.errors import Findings
from eks_addons.plan import AddonPlan, AddonRequest, ClusterFacts, plan_addon
from eks_addons.specs import spec_for
from eks_addons.tokens import never

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CATALOG = ROOT / "tests" / "fixtures" / "catalog"
"""A frozen copy of the catalog data (taken 2026-11-25 from eks_addons/catalog/data)."""
PROVIDER = "registry.terraform.io/hashicorp/aws"
MIRROR_CANDIDATES = (Path("/opt/tf-plugins"), Path.home() / ".terraform.d" / "plugins")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(path_or_tool: str) -> str:
    """The tool's path; a missing tool skips the test locally and fails it in CI."""
    found = shutil.which(path_or_tool) or (path_or_tool if Path(path_or_tool).is_file() else None)
    if found is None:
        message = f"{path_or_tool} is not installed (run `make test`, which sets it up)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return found


def provider_mirror() -> Path | None:
    """A local filesystem mirror holding hashicorp/aws, if this machine has one."""
    for root in MIRROR_CANDIDATES:
        if (root / PROVIDER).is_dir():
            return root
    return None


def mirror_pin(stack_json: dict[str, Any]) -> dict[str, Any] | None:
    """A test-only override pinning hashicorp/aws to the mirror's version, when this machine
    has a mirror without the version the stack's bindings pin (the 6.x lanes here); ``None``
    where the stack's own pin can be installed (with registry access, the real 6.x is)."""
    mirror = provider_mirror()
    pinned = stack_json["terraform"]["required_providers"]["aws"]["version"]
    if mirror is None or (mirror / PROVIDER / pinned).is_dir():
        return None
    version = sorted(path.name for path in (mirror / PROVIDER).iterdir())[-1]
    pin = {"source": "hashicorp/aws", "version": version}
    return {"terraform": {"required_providers": {"aws": pin}}}


def terraform_env(workdir: Path) -> dict[str, str]:
    """Environment for terraform: offline-friendly, using the provider mirror when present."""
    env = dict(os.environ, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1")
    mirror = provider_mirror()
    if mirror is not None:
        config = workdir / "terraform-cli.tfrc"
        config.write_text(
            "provider_installation {\n"
            f'  filesystem_mirror {{\n    path    = "{mirror}"\n'
            f'    include = ["{PROVIDER}"]\n  }}\n'
            f'  direct {{\n    exclude = ["{PROVIDER}"]\n  }}\n'
            "}\n"
        )
        env["TF_CLI_CONFIG_FILE"] = str(config)
    return env


# Test-only provider settings, merged by Terraform's override-file rules: the app stays real.
OFFLINE_PROVIDER = {
    "provider": {
        "aws": {
            "access_key": "offline-test",
            "secret_key": "offline-test",
            "skip_credentials_validation": True,
            "skip_requesting_account_id": True,
            "skip_metadata_api_check": True,
        }
    }
}
PIN_FILE = "zz_mirror_pin_override.tf.json"


def init_workdir(terraform: str, stack_json: dict[str, Any], workdir: Path) -> Path:
    """``workdir`` holding the stack, the offline provider override (and the mirror pin,
    where needed), after ``terraform init``."""
    (workdir / "cdk.tf.json").write_text(json.dumps(stack_json))
    (workdir / "zz_offline_override.tf.json").write_text(json.dumps(OFFLINE_PROVIDER))
    pin = mirror_pin(stack_json)
    if pin is not None:
        (workdir / PIN_FILE).write_text(json.dumps(pin))
    run([terraform, "init", "-input=false", "-no-color"], workdir, terraform_env(workdir))
    return workdir


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command; on failure the assertion shows its output."""
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, (
        f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    )
    return result.stdout


def lane_cdk() -> str:
    """The CDK of this test run's lane: ``EKS_ADDONS_CDK`` (set by make), else the one
    installed, as :mod:`eks_addons.cdk` chooses (without starting jsii)."""
    return os.environ.get("EKS_ADDONS_CDK") or (
        "cdktn" if importlib.util.find_spec("cdktn") else "cdktf"
    )


def read_stacks(outdir: Path) -> dict[str, dict[str, Any]]:
    """Each synthesized stack's ``cdk.tf.json``, by stack name."""
    stacks = sorted((outdir / "stacks").glob("*/cdk.tf.json"))
    return {path.parent.name: json.loads(path.read_text()) for path in stacks}


def check(
    addon: str,
    configuration: Any = None,
    *,
    is_unresolved: Any = never,
    ip_family: str | None = None,
    **arguments: Any,
) -> AddonPlan:
    """:func:`~eks_addons.plan.plan_addon` on ``addon`` (by name), as a construct runs it."""
    request = AddonRequest(configuration=configuration, unresolved=is_unresolved, **arguments)
    return plan_addon(spec_for(addon), request, ClusterFacts(ip_family=ip_family))


def written(plan: AddonPlan) -> str | None:
    """The ``configuration_values`` a plan writes, as JSON (``jsonencode`` rendered)."""
    values = plan.configuration.values
    return canonical_json(values.value) if isinstance(values, JsonEncode) else values


def select(
    addon: str, requested: str | None, kubernetes: str | None
) -> tuple[str | None, Findings]:
    """The version :func:`~eks_addons.checks.versions.select_version` picks, and its findings."""
    findings = Findings()
    return select_version(catalog(addon), addon, requested, kubernetes, findings), findings


def schema_check(addon: str, version: str | None, config: dict[str, Any]) -> Findings:
    """What the schema check finds in ``config`` for ``addon`` at ``version``."""
    findings = Findings()
    check_configuration(addon, version, config, findings)
    return findings


class Refused:
    """What the constructs built in a :func:`refused` block were refused for."""

    value: Any = None
    """One ``ConfigurationError`` of their problems (the one construct's, when one was)."""


@contextlib.contextmanager
def refused(scope: Any) -> Iterator[Refused]:
    """Like ``pytest.raises(ConfigurationError)`` for constructs, which do not raise: the
    block must leave some construct under ``scope`` refused (its problems reported at synth).
    """
    from eks_addons.addons.refusal import refusal_of  # noqa: PLC0415 (starts jsii)
    from eks_addons.errors import ConfigurationError  # noqa: PLC0415

    def found() -> dict[str, Any]:
        return {
            construct.node.path: error
            for construct in scope.node.find_all()
            if (error := refusal_of(construct)) is not None
        }

    before = {path: len(error.problems) for path, error in found().items()}
    holder = Refused()
    yield holder
    new = [error for path, error in found().items() if len(error.problems) > before.get(path, 0)]
    assert new, "no construct was refused"
    holder.value = (
        new[0]
        if len(new) == 1
        else ConfigurationError([problem for error in new for problem in error.problems])
    )


def doc_blocks() -> list[tuple[str, str]]:
    """Each Python block of the README and the docs, ``(page:number, code)``, in page order."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    block = re.compile(r"```python\n(.*?)```", re.DOTALL)
    return [
        (f"{page.relative_to(ROOT)}:{number}", code)
        for page in pages
        for number, code in enumerate(block.findall(page.read_text()), start=1)
    ]
