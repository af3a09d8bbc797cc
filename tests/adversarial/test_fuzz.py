"""The fuzz target, with a fixed budget in CI: hypothesis over every builder's ``from_dict`` and
``from_json`` (JSON and YAML text), the checks engine and the CLI's readers, with the values
that broke them once (deep nesting, huge integers, lone surrogates, escapes, anchors). Nothing
may raise but :class:`~eks_addons.errors.ConfigurationError`, and the CLI exits 0, 1 or 2 with
no traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eks_addons.checks.kubernetes import SHAPES, check_kubernetes
from eks_addons.cli import main
from eks_addons.config.generated import BUILDER_MODULES, builder_of
from eks_addons.errors import ConfigurationError, Findings
from eks_addons.specs import SPECS, spec_for
from tests.helpers import check

BUDGET = int(os.environ.get("EKS_ADDONS_FUZZ_EXAMPLES", "300"))
"""Examples per target: fixed in CI; raise it to fuzz longer."""

KEYS = st.sampled_from(
    [
        "env",
        "resources",
        "limits",
        "requests",
        "cpu",
        "memory",
        "tolerations",
        "key",
        "operator",
        "value",
        "effect",
        "nodeSelector",
        "affinity",
        "topologySpreadConstraints",
        "maxSkew",
        "podDisruptionBudget",
        "maxUnavailable",
        "replicaCount",
        "replicas",
        "podLabels",
        "podAnnotations",
        "priorityClassName",
        "\ud800",
        "a\x1b[2J",
        "",
    ]
) | st.text(max_size=8)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.builds(pow, st.just(10), st.just(5000))  # more digits than Python reads from text
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    | st.sampled_from(
        ["100m", "1Gi", "150%", "Exists", "NoExecute", "\udfff", "${TfToken[TOKEN.1]}"]
    )
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=20,
)


def _deep(depth: int) -> dict[str, object]:
    node: dict[str, object] = {}
    root = node
    for _ in range(depth):
        node["x"] = {}
        node = node["x"]  # type: ignore[assignment]
    return root


BUILDERS: list[Any] = [spec.builder for spec in SPECS] + [
    builder_of(name) for name in BUILDER_MODULES
]


@settings(max_examples=BUDGET, deadline=None)
@given(builder=st.sampled_from(BUILDERS), data=VALUES | st.builds(_deep, st.integers(60, 3000)))
def test_from_dict_raises_nothing_but_configuration_error(builder: Any, data: object) -> None:
    try:
        built = builder.from_dict(data)
    except ConfigurationError as error:
        problems = error.problems
        text = str(error)  # the message is printable, bounded work
    else:
        json.loads(built.to_json())
        return
    assert problems
    assert len(text) < 20_000


def _dumps(value: object) -> str:
    """``value`` as JSON text (a huge integer, which JSON text cannot hold, as text of one)."""
    try:
        return json.dumps(value)
    except ValueError:
        return '{"a": ' + "9" * 5000 + "}"


TEXT = (
    st.text(max_size=200)
    | st.sampled_from(
        [
            "a: &x [1]\nb: *x\n",
            "replicaCount: 3\n",
            "- 1\n",
            "!!python/object:os.system ['true']",
            "{" * 5000,
            "[" * 100000 + "]" * 100000,
            '{"a": ' + "9" * 5000 + "}",
            '{"a": "\\ud800"}',
        ]
    )
    | VALUES.map(_dumps)
)


@settings(max_examples=BUDGET, deadline=None)
@given(spec=st.sampled_from(SPECS), text=TEXT)
def test_from_json_and_the_checks_raise_nothing_but_configuration_error(
    spec: object, text: str
) -> None:
    builder = spec_for(spec.name).builder  # type: ignore[attr-defined]
    try:
        builder.from_json(text)
    except ConfigurationError as error:
        str(error)
    result = check(spec.name, text, kubernetes_version="1.33")  # type: ignore[attr-defined]
    for problem in result.findings.problems:
        assert len(str(problem)) < 5000


@settings(
    max_examples=BUDGET // 3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(body=VALUES, name=KEYS)
def test_the_cli_reads_any_document_without_a_traceback(
    body: object, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = {"resource": {"aws_eks_addon": {name or "x": body}}}
    path = tmp_path / "main.tf.json"
    try:
        path.write_text(json.dumps(document), encoding="utf-8", errors="surrogatepass")
    except ValueError:
        return  # not JSON at all (a huge integer): the byte-level fuzz covers such files
    code = main(["validate", str(path)])
    out = capsys.readouterr()
    assert code in (0, 1, 2), out
    assert "Traceback" not in out.out + out.err
    assert "\x1b" not in out.out + out.err


SHAPED = st.dictionaries(st.sampled_from(sorted(SHAPES)), VALUES, max_size=4)


@settings(max_examples=BUDGET, deadline=None)
@given(config=st.recursive(SHAPED, lambda inner: st.dictionaries(KEYS, inner, max_size=2)))
def test_the_kubernetes_checks_take_any_value_in_any_shape(config: dict[str, Any]) -> None:
    findings = Findings()
    check_kubernetes(config, findings)
    for problem in findings.problems:
        assert problem.code == "kubernetes"
        assert len(str(problem)) < 5000
