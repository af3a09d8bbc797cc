"""Snapshots of every stack the sample app synthesizes: review a diff here like code.

Update with ``.venv/bin/python -m pytest tests/snapshots --snapshot-update``.
"""

from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension

from sample_app.stacks import EXISTING_CLUSTER_STACK, FARGATE_CLUSTER_STACK, NEW_CLUSTER_STACK
from tests.helpers import normalized

STACKS = [EXISTING_CLUSTER_STACK, NEW_CLUSTER_STACK, FARGATE_CLUSTER_STACK]


def test_sample_app_synthesizes_exactly_these_stacks(
    sample_stacks: dict[str, dict[str, Any]],
) -> None:
    assert sorted(sample_stacks) == sorted(STACKS)


@pytest.mark.parametrize("stack", STACKS)
def test_stack_matches_snapshot(
    stack: str, sample_stacks: dict[str, dict[str, Any]], snapshot: SnapshotAssertion
) -> None:
    assert normalized(sample_stacks[stack]) == snapshot.use_extension(JSONSnapshotExtension)
