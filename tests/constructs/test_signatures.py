"""``help()`` and ``inspect.signature`` show the constructs' real parameters, not the
metaclass's ``(*args, **kwargs)``."""

from __future__ import annotations

import inspect

import pytest

import eks_addons

EXPECTED = {
    "VpcCniAddon": {"scope", "id", "ipv6", "cluster", "configuration", "iam", "acknowledge"},
    "CoreDnsAddon": {"scope", "id", "cluster_name", "addon_version", "timeouts"},
    "Addon": {"scope", "id", "addon_name", "cluster", "configuration"},
    "ClusterAddons": {"scope", "id", "cluster", "node_groups", "fargate_profiles"},
    "AwsProvider": {"scope", "id", "region", "alias", "version", "arguments"},
    "ExistingCluster": {"scope", "id", "name", "provider"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_signature_names_the_parameters(name: str) -> None:
    parameters = set(inspect.signature(getattr(eks_addons, name)).parameters)
    assert EXPECTED[name] <= parameters
    assert "args" not in parameters
    if name.endswith("Addon") and name != "Addon":  # the class fixes its add-on's name
        assert "addon_name" not in parameters
