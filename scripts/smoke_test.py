"""Smoke test of an installed wheel: import, build a config, synth a one-add-on stack.

Run from outside the checkout, with the wheel's virtualenv, so that only the installed
package can be imported.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import eks_addons
from eks_addons.catalog import catalog
from eks_addons.config import VpcCniConfig

assert "site-packages" in eks_addons.__file__, eks_addons.__file__
config = VpcCniConfig(enable_prefix_delegation=True, warm_prefix_target=1)
assert config.to_json() == '{"env":{"ENABLE_PREFIX_DELEGATION":"true","WARM_PREFIX_TARGET":"1"}}'
vpc_cni = catalog("vpc-cni")
assert vpc_cni is not None  # the catalog data is in the wheel
default = vpc_cni.default("1.33")
assert default is not None
assert default.startswith("v1."), default

from eks_addons.cdk import (  # noqa: E402 - the jsii kernel only after the pure checks
    App,
    AwsProvider,
    TerraformStack,
)

outdir = Path(tempfile.mkdtemp())
app = App(outdir=str(outdir))
stack = TerraformStack(app, "smoke")
AwsProvider(stack, "aws", region="us-east-1")
eks_addons.VpcCniAddon(
    stack, "vpc_cni", cluster_name="demo", kubernetes_version="1.33", configuration=config
)
app.synth()
synthesized = json.loads((outdir / "stacks" / "smoke" / "cdk.tf.json").read_text())
addon = synthesized["resource"]["aws_eks_addon"]["vpc_cni"]
assert addon["addon_version"] == default
assert addon["configuration_values"] == config.to_json()
print(f"wheel smoke test passed: eks-addons {eks_addons.__version__}, {sys.executable}")
