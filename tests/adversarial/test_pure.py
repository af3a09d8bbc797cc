"""The adversarial tier, pure part: each case's exact outcome through the checks engine."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eks_addons.errors import ConfigurationError
from eks_addons.specs import SPECS, spec_for
from tests.adversarial.cases import Case, Err, Ok, all_cases
from tests.helpers import check, written

CASES = [(group, case) for group, cases in all_cases().items() for case in cases]


def is_token(value: object) -> bool:
    return isinstance(value, str) and "${TfToken[" in value


def outcome(case: Case) -> Err | Ok:
    """What the library does with the case: refuse it, or write it (and warn)."""
    configuration = case.configuration
    if callable(configuration):
        try:
            configuration = configuration()
        except ConfigurationError as error:
            return Err(*((p.code.value, p.path) for p in error.problems))
    arguments = {"cluster_name": "demo", "kubernetes_version": "1.33", **case.arguments}
    result = check(case.addon, configuration, is_unresolved=is_token, **arguments)
    found = result.findings
    if found.problems:
        return Err(*((p.code.value, p.path) for p in found.problems))
    return Ok(written(result), *(w.code.value for w in found.warnings))


@pytest.mark.parametrize(
    ("group", "case"), CASES, ids=[f"{group}: {case.name}" for group, case in CASES]
)
def test_case(group: str, case: Case) -> None:
    assert outcome(case) == case.expected


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=6)
    | st.sampled_from(["true", "1", "-1", "Fargate", "100m", "stdout", "${TfToken[TOKEN.9]}"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["env", "init", "resources", "limits", "cpu", "computeType", "x"])
            | st.text(max_size=4),
            children,
            max_size=3,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=400)
@given(addon=st.sampled_from([spec.name for spec in SPECS]), data=JSON)
def test_arbitrary_json_raises_nothing_but_configuration_error(addon: str, data: object) -> None:
    builder = spec_for(addon).builder
    problems: tuple[object, ...] = ()
    try:
        builder.from_dict(data)  # type: ignore[arg-type]
    except ConfigurationError as error:
        problems = error.problems
    assert problems or isinstance(data, dict)
    result = check(addon, data, kubernetes_version="1.33", is_unresolved=is_token)
    if isinstance(data, dict) and not result.findings.problems:  # accepted: a JSON object
        values = written(result)
        assert isinstance(values, str)
        assert isinstance(json.loads(values), dict)
