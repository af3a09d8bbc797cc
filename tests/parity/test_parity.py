"""The parity tier: every case of ``tests/parity/cases.py`` through every door, one answer.

The doors: the construct (synthesized with its validations, as ``cdktf synth`` runs them),
:mod:`eks_addons.testing`, ``eks-addons validate`` on the synthesized JSON, the same on an
offline ``terraform plan`` of it (against the real provider), and ``eks-addons upgrade`` at
the same Kubernetes version. A door a case names in ``differs`` is not asked, for the reason
given; every other door must give exactly the case's problems, or exactly its warnings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from eks_addons import Addon, testing
from eks_addons.cdk import (
    App,
    AwsProvider,
    DataAwsEksCluster,
    EksAddonTimeouts,
    EksCluster,
    EksClusterVpcConfig,
    IamRole,
    TerraformStack,
    TerraformVariable,
)
from eks_addons.cdk import (
    Testing as CdkTesting,
)
from eks_addons.errors import WARNING_METADATA, Problem, WarningCode
from eks_addons.terraform_json import parse_document
from eks_addons.upgrade import installed_addons, plan_upgrade
from eks_addons.validate import validate_document
from tests.helpers import init_workdir, require, run, terraform_env
from tests.parity.cases import PLACEMENT, PROVIDER_REFUSES_AT_VALIDATE, Case, cases
from tests.stacks import ACCOUNT, AUTO_MODE, HYBRID_NODES, make_node_group, make_profile

CASES = cases()
IDS = [case.name for case in CASES]
_CODE = re.compile(r" \[([a-z0-9-]+)\]$")
_VARIABLE = re.compile(r"\$\{var\.([a-z_]+)\}")


@dataclass(frozen=True)
class Answer:
    """What a door said: exactly these problems, or exactly these warnings."""

    problems: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()


def expected(case: Case, *, placement: bool = True, as_json: bool = False) -> Answer:
    if as_json and case.accepted_as_json:
        return Answer()
    if case.problems:
        return Answer(case.problems)
    kept = case.warnings if placement else tuple(w for w in case.warnings if w not in PLACEMENT)
    return Answer((), tuple(sorted(kept)))


def cluster_name(index: int) -> str:
    return f"demo-{index}"


def new_stack(index: int, app: App | None = None) -> TerraformStack:
    stack = TerraformStack(app or CdkTesting.app(), f"case-{index}")
    AwsProvider(stack, "aws", region="us-east-1")
    return stack


def add_cluster(
    stack: TerraformStack, case: Case, index: int
) -> EksCluster | DataAwsEksCluster | None:
    """The case's cluster and compute in ``stack``."""
    name = cluster_name(index)
    if case.cluster == "looked-up":
        return DataAwsEksCluster(stack, "cluster", name=name)
    if case.cluster == "named":  # a name only: the compute names it too
        if "nodes" in case.compute:
            make_node_group(stack, name)
        if "fargate" in case.compute:
            make_profile(stack, cluster_name=name)
        return None
    modes: dict[str, Any] = {
        "created": {},
        "named": {},
        "created-ipv6": {"kubernetes_network_config": {"ip_family": "ipv6"}},
        "created-auto": AUTO_MODE,
        "created-hybrid": HYBRID_NODES,
    }[case.cluster]
    cluster = EksCluster(
        stack,
        "cluster",
        name=name,
        version=case.kubernetes,
        role_arn=f"{ACCOUNT}:role/eks",
        vpc_config=EksClusterVpcConfig(subnet_ids=["subnet-1", "subnet-2"]),
        **modes,
    )
    if "nodes" in case.compute:
        make_node_group(stack, cluster.name)
    if "fargate" in case.compute:
        make_profile(stack, cluster_name=cluster.name)
    return cluster


def _tokens(value: Any, stack: TerraformStack) -> Any:
    """``${var.x}`` in a case stands for a Terraform variable: the CDK's token here."""
    if isinstance(value, str) and (match := _VARIABLE.fullmatch(value)):
        name = match.group(1)
        found = stack.node.try_find_child(name)
        variable = (
            found
            if isinstance(found, TerraformVariable)
            else TerraformVariable(stack, name, type="any")
        )
        return variable.string_value
    if isinstance(value, dict):
        return {key: _tokens(item, stack) for key, item in value.items()}
    return value


def construct_arguments(
    case: Case, stack: TerraformStack, cluster: EksCluster | DataAwsEksCluster | None, index: int
) -> dict[str, Any]:
    given = dict(case.arguments)
    given.pop("twice", None)
    arguments: dict[str, Any] = {"addon_name": case.addon}
    if case.cluster == "named":
        arguments["cluster_name"] = given.pop("cluster_name", None) or cluster_name(index)
        arguments["kubernetes_version"] = case.kubernetes
    else:
        arguments["cluster"] = cluster
        if case.cluster == "looked-up":
            arguments["kubernetes_version"] = case.kubernetes
    if given.pop("cluster_role", False):
        arguments["cluster_role"] = IamRole(
            stack, "cluster_role", assume_role_policy="{}", name_prefix="cluster-"
        )
    if "timeouts" in given:
        arguments["timeouts"] = EksAddonTimeouts(**given.pop("timeouts"))
    arguments.update({key: _tokens(value, stack) for key, value in given.items()})
    return arguments


def build(
    case: Case, index: int, app: App | None = None
) -> tuple[TerraformStack, list[Addon[Any]]]:
    """The case through the construct(s)."""
    stack = new_stack(index, app)
    cluster = add_cluster(stack, case, index)
    arguments = construct_arguments(case, stack, cluster, index)
    built = [Addon(stack, "addon", **arguments)]
    if case.arguments.get("twice"):
        built.append(Addon(stack, "again", **arguments))
    return stack, built


def refused(problems: list[Problem]) -> Answer:
    return Answer(tuple(sorted((p.code.value, p.path) for p in problems)))


def codes(texts: list[str]) -> tuple[str, ...]:
    return tuple(sorted(m.group(1) for text in texts if (m := _CODE.search(text))))


def through_construct(case: Case, index: int) -> Answer:
    """The constructs' problems, each a line of the synth's validation errors."""
    stack, built = build(case, index)
    problems = [problem for addon in built for problem in addon.problems]
    if problems:
        with pytest.raises(RuntimeError, match="Validation failed") as failed:
            CdkTesting.synth(stack, run_validations=True)
        lines = [line for line in str(failed.value).splitlines() if line.startswith("  [")]
        assert len(lines) == len(problems)
        return refused(problems)
    CdkTesting.synth(stack, run_validations=True)
    return Answer(
        (),
        codes(
            [
                str(entry.data)
                for construct in stack.node.find_all()
                for entry in construct.node.metadata
                if entry.type == WARNING_METADATA
            ]
        ),
    )


def through_testing(case: Case, index: int) -> Answer:
    app = testing.app()
    stack, _ = build(case, index, app)
    problems = [problem for _, problem in testing.problems(stack)]
    if problems:
        with pytest.raises(testing.SynthError) as failed:
            testing.synth(stack)
        assert len(failed.value.errors) == len(problems)
        return refused(problems)
    testing.synth(stack)
    return Answer((), codes(testing.warnings(stack)))


def raw_body(case: Case, index: int) -> dict[str, Any]:
    """The ``aws_eks_addon`` a Terraform user writes with the case's arguments."""
    given = dict(case.arguments)
    given.pop("twice", None)
    given.pop("acknowledge", None)
    given.pop("cluster_role", None)
    cluster = given.pop("cluster_name", None)
    if cluster is None:
        cluster = (
            cluster_name(index)
            if case.cluster == "named"
            else "${data.aws_eks_cluster.cluster.name}"
            if case.cluster == "looked-up"
            else "${aws_eks_cluster.cluster.name}"
        )
    body: dict[str, Any] = {"addon_name": case.addon, "cluster_name": cluster}
    configuration = given.pop("configuration", None)
    if configuration is not None:
        body["configuration_values"] = (
            configuration if isinstance(configuration, str) else json.dumps(configuration)
        )
    body.update(given)
    return body


def document(case: Case, index: int) -> dict[str, Any]:
    """The case as Terraform JSON: the construct's synth, or the cluster's stack with the
    add-on written by hand where the construct refuses it."""
    stack, built = build(case, index)
    if not any(addon.problems for addon in built):
        synthesized: dict[str, Any] = json.loads(CdkTesting.synth(stack))
        return synthesized
    base = new_stack(index)
    add_cluster(base, case, index)
    synthesized = json.loads(CdkTesting.synth(base))
    addons = synthesized.setdefault("resource", {}).setdefault("aws_eks_addon", {})
    addons["addon"] = raw_body(case, index)
    if case.arguments.get("twice"):
        addons["again"] = raw_body(case, index)
    return synthesized


def through_validate(case: Case, synthesized: dict[str, Any], *, source: str = "x") -> Answer:
    kubernetes = case.kubernetes if case.cluster in ("named", "looked-up") else None
    result = validate_document(
        parse_document(synthesized, source),
        kubernetes=kubernetes,
        # what a user passes as --acknowledge: the codes the construct was given, if codes
        acknowledge=[c for c in case.arguments.get("acknowledge", ()) if c in set(WarningCode)],
    )
    return answer_of(result)


def answer_of(result: Any) -> Answer:
    problems = sorted((p.code.value, p.path) for a in result.addons for p in a.findings.problems)
    if problems:
        return Answer(tuple(problems))
    return Answer(
        (), tuple(sorted(w.code.value for a in result.addons for w in a.findings.warnings))
    )


def through_upgrade(case: Case, synthesized: dict[str, Any]) -> Answer:
    installed = installed_addons([parse_document(synthesized, "x")])
    plan = plan_upgrade(installed, from_kubernetes=case.kubernetes, to_kubernetes=case.kubernetes)
    problems = sorted((p.code.value, p.path) for a in plan.addons for p in a.today.problems)
    if problems:
        return Answer(tuple(problems))
    warnings = [w.code.value for a in plan.addons for w in a.today.warnings]
    return Answer((), tuple(sorted(w for w in warnings if w not in PLACEMENT)))


def asked(case: Case, door: str) -> bool:
    return door not in case.differs


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_construct(case: Case) -> None:
    assert through_construct(case, CASES.index(case)) == expected(case)


@pytest.mark.parametrize("case", [c for c in CASES if asked(c, "testing")], ids=lambda c: c.name)
def test_eks_addons_testing(case: Case) -> None:
    assert through_testing(case, CASES.index(case)) == expected(case)


@pytest.mark.parametrize("case", [c for c in CASES if asked(c, "validate")], ids=lambda c: c.name)
def test_validate_on_the_synthesized_json(case: Case) -> None:
    index = CASES.index(case)
    assert through_validate(case, document(case, index)) == expected(case, as_json=True)


@pytest.mark.parametrize("case", [c for c in CASES if asked(c, "upgrade")], ids=lambda c: c.name)
def test_upgrade_at_the_same_version(case: Case) -> None:
    index = CASES.index(case)
    assert through_upgrade(case, document(case, index)) == expected(
        case, placement=False, as_json=True
    )


def test_the_table_is_large_and_every_case_is_asked_at_three_doors_at_least() -> None:
    assert len(CASES) >= 60
    assert len(set(IDS)) == len(IDS)
    for case in CASES:
        assert len(case.differs) <= 2, case.name


# The plan door: every case on a created cluster, in one offline plan against the real
# provider; the cases the provider itself refuses, one terraform validate each.


def _planned() -> list[tuple[int, Case]]:
    return [
        (index, case)
        for index, case in enumerate(CASES)
        if asked(case, "plan")
        and not any(_VARIABLE.search(str(v)) for v in case.arguments.values())
    ]


def _prefixed(stack_json: dict[str, Any], index: int) -> Iterator[tuple[str, str, str, Any]]:
    """(kind, type, new name, body) of every block, renamed ``c<index>_<name>``, with the
    references between them renamed too."""
    text = json.dumps({k: v for k, v in stack_json.items() if k in ("resource", "data")})
    for kind in ("resource", "data"):
        for type_, named in stack_json.get(kind, {}).items():
            prefix = "data." if kind == "data" else ""
            for name in named:
                text = text.replace(
                    f"${{{prefix}{type_}.{name}.", f"${{{prefix}{type_}.c{index}_{name}."
                )
                text = text.replace(
                    f'"{prefix}{type_}.{name}"', f'"{prefix}{type_}.c{index}_{name}"'
                )
    renamed = json.loads(text)
    for kind in ("resource", "data"):
        for type_, named in renamed.get(kind, {}).items():
            for name, body in named.items():
                yield kind, type_, f"c{index}_{name}", body


def _merged(indexed: list[tuple[int, Case]]) -> dict[str, Any]:
    """One configuration of every case's stack, each block renamed ``c<index>_<name>``."""
    merged: dict[str, Any] = {}
    for index, case in indexed:
        stack_json = document(case, index)
        for key in ("terraform", "provider"):
            merged.setdefault(key, stack_json[key])
        for kind, type_, name, body in _prefixed(stack_json, index):
            clean = {k: v for k, v in body.items() if k != "//"}
            if "depends_on" in clean:
                clean["depends_on"] = [
                    re.sub(r"^(aws_[a-z_]+)\.", rf"\1.c{index}_", d) for d in clean["depends_on"]
                ]
            merged.setdefault(kind, {}).setdefault(type_, {})[name] = clean
    return merged


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One offline plan of every planned case (plan JSON)."""
    terraform = require("terraform")
    workdir = init_workdir(terraform, _merged(_planned()), tmp_path_factory.mktemp("parity-plan"))
    env = terraform_env(workdir)
    run([terraform, "plan", "-input=false", "-no-color", "-out=plan.bin"], workdir, env)
    plan: dict[str, Any] = json.loads(run([terraform, "show", "-json", "plan.bin"], workdir, env))
    return plan


@pytest.mark.parametrize("pair", _planned(), ids=lambda pair: pair[1].name)
def test_validate_on_an_offline_plan(
    pair: tuple[int, Case], planned: dict[str, Any], record_property: Any
) -> None:
    index, case = pair
    mine = {  # this case's own resources
        **planned,
        "resource_changes": [
            change for change in planned["resource_changes"] if f".c{index}_" in change["address"]
        ],
    }
    assert through_validate(case, mine, source="plan") == expected(case, as_json=True)
    if index == _planned()[-1][0]:
        record_property("terraform", f"plan parity: {len(_planned())} cases in one offline plan")


_REFUSED = [
    (index, case)
    for index, case in enumerate(CASES)
    if case.differs.get("plan") == PROVIDER_REFUSES_AT_VALIDATE
]


@pytest.fixture(scope="module")
def validate_refusals(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The diagnostics of one ``terraform validate`` of every case it refuses (it reports
    every resource's errors at once, each with the line of the resource it is about)."""
    terraform = require("terraform")
    workdir = init_workdir(terraform, _merged(_REFUSED), tmp_path_factory.mktemp("refused"))
    result = _terraform_validate(terraform, workdir)
    assert result["valid"] is False, result
    diagnostics: list[dict[str, Any]] = result["diagnostics"]
    addons = tuple(f"aws_eks_addon.c{index}_" for index, _ in _REFUSED)
    assert all(_about(d).startswith(addons) for d in diagnostics), diagnostics
    return diagnostics


def _about(diagnostic: dict[str, Any]) -> str:
    """The resource a diagnostic is about: the provider names it; Terraform's own (a type
    error) gives the block in its snippet."""
    context = str((diagnostic.get("snippet") or {}).get("context") or "")
    return str(diagnostic.get("address") or context.removeprefix("resource."))


@pytest.mark.parametrize("pair", _REFUSED, ids=lambda pair: pair[1].name)
def test_the_provider_refuses_what_the_library_refuses(
    pair: tuple[int, Case], validate_refusals: list[dict[str, Any]]
) -> None:
    index, case = pair
    mine = [d for d in validate_refusals if _about(d).startswith(f"aws_eks_addon.c{index}_")]
    assert mine, validate_refusals  # the refusal is this case's own
    [path] = {path for _, path in case.problems}
    argument = path.split(".")[0]
    details = " ".join(d.get("summary", "") + d.get("detail", "") for d in mine)
    assert argument in details or "addon" in details, details


def _terraform_validate(terraform: str, workdir: Path) -> dict[str, Any]:
    import subprocess  # noqa: PLC0415

    completed = subprocess.run(
        [terraform, "validate", "-json", "-no-color"],
        cwd=workdir,
        env=terraform_env(workdir),
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(completed.stdout)  # type: ignore[no-any-return]
