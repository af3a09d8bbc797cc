"""Snapshots of every stack the sample app synthesizes: review a diff here like code.

One snapshot set for every lane (cdktf and CDK Terrain, hashicorp/aws 5.x and 6.x bindings):
:func:`eks_addons.testing.normalize` leaves out the provider pin, which is asserted per lane.
Update with ``.venv/bin/python -m pytest tests/snapshots --snapshot-update``.
"""

from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension

from eks_addons.cdk import PROVIDER_BINDINGS
from eks_addons.testing import normalize
from sample_app.stacks import STACKS

# provider bindings (distribution, major) -> the hashicorp/aws major they pin
AWS_MAJOR = {
    ("cdktf-cdktf-provider-aws", "20"): "5",
    ("cdktf-cdktf-provider-aws", "21"): "6",
    ("cdktn-provider-aws", "25"): "6",
}


def test_sample_app_synthesizes_exactly_these_stacks(
    sample_stacks: dict[str, dict[str, Any]],
) -> None:
    assert sorted(sample_stacks) == sorted(STACKS)


@pytest.mark.parametrize("stack", STACKS)
def test_stack_matches_snapshot(
    stack: str, sample_stacks: dict[str, dict[str, Any]], snapshot: SnapshotAssertion
) -> None:
    assert normalize(sample_stacks[stack]) == snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("stack", STACKS)
def test_stack_pins_the_aws_provider_of_this_lanes_bindings(
    stack: str, sample_stacks: dict[str, dict[str, Any]]
) -> None:
    assert PROVIDER_BINDINGS is not None
    distribution, version = PROVIDER_BINDINGS.split()
    major = version.split(".")[0]
    pin = sample_stacks[stack]["terraform"]["required_providers"]["aws"]
    assert pin["version"].split(".")[0] == AWS_MAJOR[distribution, major]
    assert pin["source"] in {"aws", "hashicorp/aws"}
