"""Upgrade planning: the path one minor at a time, versions that fit both sides of a step,
the configuration re-checked per target, and the schema difference (fixture catalog)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eks_addons.catalog import catalog
from eks_addons.catalog.versions import addon_version_key
from eks_addons.cli import main
from eks_addons.upgrade import (
    InstalledAddon,
    UpgradeError,
    kubernetes_path,
    plan_upgrade,
    schema_change,
)
from eks_addons.upgrade_report import plan_as_text


def test_the_path_is_every_minor_in_between() -> None:
    assert kubernetes_path("1.29", "1.33") == ("1.29", "1.30", "1.31", "1.32", "1.33")
    assert kubernetes_path("1.33", "1.33") == ("1.33",)


@pytest.mark.parametrize(("start", "target"), [("1.33", "1.29"), ("1.x", "1.33"), ("1.29", "2.0")])
def test_a_backwards_or_malformed_range_is_refused(start: str, target: str) -> None:
    with pytest.raises(UpgradeError):
        kubernetes_path(start, target)


def test_a_version_that_does_not_list_the_next_minor_gets_one_that_lists_both() -> None:
    (kube_proxy,) = plan_upgrade(
        [InstalledAddon("kube-proxy", "v1.29.15-eksbuild.16")],
        from_kubernetes="1.29",
        to_kubernetes="1.33",
    ).addons
    assert [step.compatible for step in kube_proxy.steps] == [True, True, True, False]
    last = kube_proxy.steps[-1]
    assert (last.from_kubernetes, last.to_kubernetes) == ("1.32", "1.33")
    assert last.update_to == "v1.32.13-eksbuild.22"
    kubernetes_of = catalog("kube-proxy").kubernetes_of  # type: ignore[union-attr]
    assert {"1.32", "1.33"} <= set(kubernetes_of[last.update_to])
    # the newest such version: nothing newer lists both
    newer = [
        version
        for version, minors in kubernetes_of.items()
        if {"1.32", "1.33"} <= set(minors)
        and addon_version_key(version) > addon_version_key(last.update_to)
    ]
    assert newer == []
    assert kube_proxy.end == last.update_to
    assert kube_proxy.default == "v1.33.10-eksbuild.18"
    assert kube_proxy.behind_default
    assert not kube_proxy.blocked


def test_no_version_given_starts_from_aws_default_at_the_start() -> None:
    (vpc_cni,) = plan_upgrade(
        [InstalledAddon("vpc-cni")], from_kubernetes="1.29", to_kubernetes="1.33"
    ).addons
    assert vpc_cni.current == catalog("vpc-cni").default("1.29")  # type: ignore[union-attr]


def test_the_configuration_is_checked_against_every_version_the_plan_installs() -> None:
    (kube_proxy,) = plan_upgrade(
        [InstalledAddon("kube-proxy", "v1.29.15-eksbuild.16", {"mode": "ipvs"})],
        from_kubernetes="1.29",
        to_kubernetes="1.33",
    ).addons
    assert list(kube_proxy.checked) == ["v1.32.13-eksbuild.22"]
    assert list(kube_proxy.advice) == ["v1.33.10-eksbuild.18"]  # checked, not installed
    for findings in [kube_proxy.today, *kube_proxy.checked.values(), *kube_proxy.advice.values()]:
        assert findings.problems == []


def test_a_key_a_version_to_install_lacks_blocks_the_plan_naming_it() -> None:
    plan = plan_upgrade(
        [
            InstalledAddon(
                "vpc-cni",
                "v1.6.3-eksbuild.2",
                {"env": {"AWS_VPC_K8S_CNI_CONFIGURE_RPFILTER": "false"}},
            )
        ],
        from_kubernetes="1.21",
        to_kubernetes="1.22",
    )
    (vpc_cni,) = plan.addons
    assert vpc_cni.today.problems == []
    (findings,) = vpc_cni.checked.values()
    assert [(p.code, p.path) for p in findings.problems] == [
        ("unknown-key", "env.AWS_VPC_K8S_CNI_CONFIGURE_RPFILTER")
    ]
    assert vpc_cni.blocked
    assert plan.blocked
    assert "BLOCKED: vpc-cni" in plan_as_text(plan)


def test_a_configuration_refused_today_is_a_problem_today_not_a_block() -> None:
    plan = plan_upgrade(
        [InstalledAddon("coredns", None, {"replicaCount": 2, "notAKey": True})],
        from_kubernetes="1.32",
        to_kubernetes="1.33",
    )
    (coredns,) = plan.addons
    assert [(p.code, p.path) for p in coredns.today.problems] == [("unknown-key", "notAKey")]
    assert not coredns.blocked
    assert plan.has_problems
    assert "has problems today" in plan_as_text(plan)


def test_a_pin_newer_than_the_start_allows_is_said_plainly_and_never_downgraded() -> None:
    (vpc_cni,) = plan_upgrade(
        [InstalledAddon("vpc-cni", "v1.23.0-eksbuild.1")],
        from_kubernetes="1.29",
        to_kubernetes="1.31",
    ).addons
    [problem] = vpc_cni.today.problems
    assert (problem.code, problem.path) == ("incompatible-version", "addon_version")
    assert "is not compatible with Kubernetes 1.29" in problem.message
    for step in vpc_cni.steps:
        assert step.update_to is None or addon_version_key(step.update_to) >= addon_version_key(
            "v1.23.0-eksbuild.1"
        )


@pytest.mark.parametrize("target", ["1.3000000", "1.99", "banana", "1.33.0"])
def test_a_target_out_of_bounds_is_one_clear_error(target: str) -> None:
    with pytest.raises(UpgradeError, match=r"not a Kubernetes version|more than any upgrade"):
        kubernetes_path("1.29", target)


def test_the_schema_change_lists_keys_added_removed_and_retyped() -> None:
    kube_proxy = catalog("kube-proxy")
    assert kube_proxy is not None
    change = schema_change(kube_proxy, "v1.29.15-eksbuild.16", "v1.33.10-eksbuild.18")
    assert change is not None
    assert change.retyped == (("mode", "string iptables|ipvs", "string iptables|ipvs|nftables"),)
    assert change.added == ()
    assert change.removed == ()


def test_an_addon_without_data_is_reported_not_planned() -> None:
    (addon,) = plan_upgrade(
        [InstalledAddon("kasten_k10", "v1.40.0-eksbuild.1")],
        from_kubernetes="1.32",
        to_kubernetes="1.33",
    ).addons
    assert addon.note == "no catalog data for this add-on"
    assert addon.steps == ()


def test_cli_plans_the_addons_of_a_synth_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    stack = {
        "resource": {
            "aws_eks_addon": {
                "kube_proxy": {
                    "addon_name": "kube-proxy",
                    "cluster_name": "demo",
                    "addon_version": "v1.29.15-eksbuild.16",
                },
                "coredns": {
                    "addon_name": "coredns",
                    "cluster_name": "demo",
                    "configuration_values": json.dumps({"replicaCount": 2}),
                },
            }
        }
    }
    path = tmp_path / "main.tf.json"
    path.write_text(json.dumps(stack))
    assert main(["upgrade", str(path), "--from", "1.29", "--to", "1.33"]) == 0
    out = capsys.readouterr().out
    assert "update v1.32.13-eksbuild.22" in out
    assert "nothing blocks the upgrade" in out
    assert main(["upgrade", str(path), "--from", "1.29", "--to", "1.33", "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["path"] == ["1.29", "1.30", "1.31", "1.32", "1.33"]
    assert {addon["addon"] for addon in plan["addons"]} == {"kube-proxy", "coredns"}
    coredns = next(addon for addon in plan["addons"] if addon["addon"] == "coredns")
    assert coredns["advice"][coredns["default"]] == {"errors": [], "warnings": []}


def test_cli_exits_1_when_blocked_and_2_on_a_bad_range(capsys: pytest.CaptureFixture[str]) -> None:
    arguments = ["upgrade", "--addon", "coredns", "--from", "1.32", "--to", "1.33"]
    assert main([*arguments, "--configuration", '{"notAKey": 1}']) == 1
    assert "has problems today" in capsys.readouterr().out
    assert main(["upgrade", "--from", "1.33", "--to", "1.29"]) == 2
    assert "cannot upgrade from 1.33 to 1.29" in capsys.readouterr().err
