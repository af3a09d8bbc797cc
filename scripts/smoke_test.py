"""Smoke test of the wheel installed alone (`pip install eks-addons`, no CDK extra).

The pure part works (builders, catalog, `eks-addons validate`) with no CDK and no jsii
installed, and asking for a construct says in one sentence what to install. Run from
outside the checkout, with the wheel's virtualenv, so that only the installed package can
be imported. (The extras are smoke-tested by the example project: `make wheel-smoke`.)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from importlib import metadata, util
from pathlib import Path

import eks_addons
from eks_addons.catalog import catalog
from eks_addons.config import VpcCniConfig

assert "site-packages" in eks_addons.__file__, eks_addons.__file__
# ready to publish: the licence travels with the wheel; dev tools are no published extra
about = metadata.metadata("eks-addons")
assert about["License-Expression"] == "Apache-2.0", about["License-Expression"]
assert any(str(f).endswith("LICENSE") for f in metadata.files("eks-addons") or ()), "no LICENSE"
assert "dev" not in (about.get_all("Provides-Extra") or []), about.get_all("Provides-Extra")
for sdist in sys.argv[1:]:  # the sdist carries the licence too
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert any(name.count("/") == 1 and name.endswith("/LICENSE") for name in names), sdist
assert "Typing :: Typed" in (about.get_all("Classifier") or [])
for absent in ("jsii", "cdktf", "cdktn", "constructs"):
    assert util.find_spec(absent) is None, f"{absent} is installed without an extra"

config = VpcCniConfig(enable_prefix_delegation=True, warm_prefix_target=1)
assert config.to_json() == '{"env":{"ENABLE_PREFIX_DELEGATION":"true","WARM_PREFIX_TARGET":"1"}}'
vpc_cni = catalog("vpc-cni")
assert vpc_cni is not None  # the catalog data is in the wheel
default = vpc_cni.default("1.33")
assert default is not None
assert default.startswith("v1."), default

try:
    eks_addons.VpcCniAddon  # noqa: B018 - the access is the test
except ImportError as error:
    assert "pip install 'eks-addons[cdktn]' (CDK Terrain) or 'eks-addons[cdktf]'" in str(error)  # noqa: PT017
else:
    raise AssertionError("a construct loaded with no CDK installed")


def validate(configuration: object) -> subprocess.CompletedProcess[str]:
    """`eks-addons validate` on a Terraform JSON file with one vpc-cni add-on."""
    stack = {
        "resource": {
            "aws_eks_addon": {
                "vpc_cni": {
                    "addon_name": "vpc-cni",
                    "cluster_name": "demo",
                    "addon_version": default,
                    "configuration_values": json.dumps(configuration),
                }
            }
        }
    }
    path = Path(tempfile.mkdtemp()) / "main.tf.json"
    path.write_text(json.dumps(stack))
    cli = Path(sys.executable).parent / "eks-addons"
    return subprocess.run([cli, "validate", str(path)], capture_output=True, text=True, check=False)


good = validate(config.to_dict())
assert good.returncode == 0, good.stdout + good.stderr
bad = validate({"env": {"WARM_PREFIX_TARGET": 1}})
assert bad.returncode == 1, bad.stdout + bad.stderr
assert "env.WARM_PREFIX_TARGET" in bad.stdout, bad.stdout
print(f"wheel smoke test passed: eks-addons {eks_addons.__version__} alone, {sys.executable}")
