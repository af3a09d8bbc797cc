"""Kubernetes' rules on their own, where AWS's schemas would refuse the value first: the
resource names and quantities an open schema lets through, and odd types in every shape."""

from __future__ import annotations

from typing import Any

import pytest

from eks_addons.checks.kubernetes import check_kubernetes
from eks_addons.errors import Findings
from eks_addons.k8s import parse_quantity


def problems(config: dict[str, Any]) -> list[tuple[str, str]]:
    findings = Findings()
    check_kubernetes(config, findings)
    return [(problem.code.value, problem.path) for problem in findings.problems]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"resources": {"requests": {"example.kubernetes.io/widgets": "2"}}}, []),
        ({"resources": {"limits": {"cpu": None}, "requests": {"cpu": "1"}}}, []),
        (
            {"resources": {"requests": {"example.com/gpu": "1"}}},
            [("kubernetes", "resources.requests.example.com/gpu")],
        ),
        (
            {
                "resources": {
                    "limits": {"example.com/gpu": "2"},
                    "requests": {"example.com/gpu": "1"},
                }
            },
            [("kubernetes", "resources.requests.example.com/gpu")],
        ),
        (
            {
                "resources": {
                    "limits": {"example.com/gpu": "2"},
                    "requests": {"example.com/gpu": "2"},
                }
            },
            [],
        ),
        (
            {
                "resources": {
                    "limits": {"hugepages-2Mi": "2Mi"},
                    "requests": {"hugepages-2Mi": "4Mi"},
                }
            },
            [("kubernetes", "resources.requests.hugepages-2Mi")],
        ),
        ({"resources": {"limits": {"gpu": "1"}}}, [("kubernetes", "resources.limits.gpu")]),
        ({"resources": {"limits": {"pods": "1"}}}, [("kubernetes", "resources.limits.pods")]),
        ({"resources": {"limits": {"cpu": "-1"}}}, [("kubernetes", "resources.limits.cpu")]),
        (
            {"resources": {"limits": {"cpu": 0.5}, "requests": {"cpu": 1}}},
            [("kubernetes", "resources.requests.cpu")],
        ),
        # odd types: no crash, and nothing Kubernetes' validation would say
        (
            {
                "affinity": {
                    "podAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": [
                            {"topologyKey": "z", "namespaces": 5}
                        ]
                    }
                }
            },
            [],
        ),
        (
            {
                "topologySpreadConstraints": [
                    {"maxSkew": 1, "topologyKey": ["a"], "whenUnsatisfiable": "DoNotSchedule"}
                ]
                * 2
            },
            [],
        ),
        (
            {"tolerations": [None, 1, "x", {"key": 5, "operator": ["Exists"]}]},
            [],  # types Kubernetes cannot decode: AWS's schema refuses them
        ),
        ({"podDisruptionBudget": {"maxUnavailable": True}}, []),
    ],
)
def test_exact_outcome(config: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert problems(config) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1e2000000000", "1.0E+2000000000"),
        ("8Ei", str(2**63 - 1) + ".000000000"),
        ("9Ei", str(2**63 - 1) + ".000000000"),
        ("0.1n", "1E-9"),
        ("-", "0"),
        ("+", "0"),
        ("E", None),
        ("Mi", None),
        ("1K", None),
        ("1e99999999999", None),
        (" 500m ", "0.500000000"),
    ],
)
def test_quantities_as_kubernetes_reads_them(text: str, value: str | None) -> None:
    found = parse_quantity(text)
    assert (None if found is None else str(found)) == value
