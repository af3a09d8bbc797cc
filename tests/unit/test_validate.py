"""``eks-addons validate`` on whole documents: what the constructs check for their stack."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eks_addons.terraform_json import parse_document
from eks_addons.validate import DocumentCheck, validate_document

CLUSTER = {"name": "demo", "version": "1.33", "role_arn": "arn", "vpc_config": [{}]}


def check(document: dict[str, Any], **options: Any) -> DocumentCheck:
    return validate_document(parse_document(document, "main.tf.json"), **options)


def outcome(result: DocumentCheck) -> dict[str, list[tuple[str, str]]]:
    """Address -> its problems (code, path) and warnings (code, path)."""
    return {
        addon.resource.address: [
            *((p.code.value, p.path) for p in addon.findings.problems),
            *((f"warning {w.code.value}", w.path or "") for w in addon.findings.warnings),
        ]
        for addon in result.addons
    }


def addon(name: str, cluster: str = "${aws_eks_cluster.main.name}", **body: Any) -> Any:
    return {"addon_name": name, "cluster_name": cluster, **body}


def test_two_addons_of_one_name_on_one_cluster_are_an_error() -> None:
    result = check(
        {
            "resource": {
                "aws_eks_cluster": {"main": CLUSTER},
                "aws_eks_node_group": {"nodes": {"cluster_name": "demo"}},
                "aws_eks_addon": {"a": addon("coredns"), "b": addon("coredns", "demo")},
            }
        }
    )
    assert outcome(result) == {
        "aws_eks_addon.a": [],
        "aws_eks_addon.b": [("invalid-argument", "addon_name")],
    }


def test_the_same_addon_on_two_clusters_or_providers_is_fine() -> None:
    result = check(
        {
            "resource": {
                "aws_eks_addon": {
                    "a": addon("kube-proxy", "one"),
                    "b": addon("kube-proxy", "two"),
                    "c": addon("kube-proxy", "one", provider="aws.west"),
                }
            }
        }
    )
    assert all(not addon.findings.problems for addon in result.addons)


def test_an_invalid_namespace_is_an_error() -> None:
    result = check(
        {
            "resource": {
                "aws_eks_addon": {
                    "a": addon(
                        "kube-proxy", "demo", namespace_config=[{"namespace": "Kube_System"}]
                    )
                }
            }
        }
    )
    assert outcome(result)["aws_eks_addon.a"] == [("invalid-value", "namespace_config.namespace")]


def test_namespace_config_on_a_5x_provider_is_an_error() -> None:
    result = check(
        {
            "terraform": {"required_providers": {"aws": {"source": "aws", "version": "5.100.0"}}},
            "resource": {
                "aws_eks_addon": {
                    "a": addon("kube-proxy", "demo", namespace_config={"namespace": "proxy"})
                }
            },
        }
    )
    assert outcome(result)["aws_eks_addon.a"] == [("invalid-argument", "namespace_config")]


def test_a_namespace_is_replaced_when_it_changes() -> None:
    result = check(
        {
            "resource": {
                "aws_eks_addon": {
                    "a": addon("kube-proxy", "demo", namespace_config={"namespace": "proxy"})
                }
            },
        }
    )
    assert outcome(result)["aws_eks_addon.a"] == [
        ("warning replaced-on-change", "namespace_config")
    ]


def plan_of_two_clusters(version: str) -> dict[str, Any]:
    def cluster(name: str, kubernetes: str) -> dict[str, Any]:
        return {
            "address": f"aws_eks_cluster.{name}",
            "mode": "managed",
            "type": "aws_eks_cluster",
            "change": {"actions": ["create"], "after": {"name": name, "version": kubernetes}},
        }

    def addon_change(name: str, cluster: str) -> dict[str, Any]:
        return {
            "address": f"aws_eks_addon.{name}",
            "mode": "managed",
            "type": "aws_eks_addon",
            "change": {
                "actions": ["create"],
                "after": {"addon_name": "kube-proxy", "addon_version": version},
                "after_unknown": {"cluster_name": True},
            },
        }

    def config(name: str, cluster: str) -> dict[str, Any]:
        refs = [f"aws_eks_cluster.{cluster}.name", f"aws_eks_cluster.{cluster}"]
        return {
            "address": f"aws_eks_addon.{name}",
            "expressions": {"cluster_name": {"references": refs}},
        }

    return {
        "format_version": "1.2",
        "resource_changes": [
            cluster("old", "1.29"),
            cluster("new", "1.33"),
            addon_change("on_old", "old"),
            addon_change("on_new", "new"),
        ],
        "configuration": {
            "root_module": {"resources": [config("on_old", "old"), config("on_new", "new")]}
        },
    }


def test_a_plan_with_two_clusters_checks_each_addon_against_its_own() -> None:
    result = validate_document(parse_document(plan_of_two_clusters("v1.33.10-eksbuild.18"), "p"))
    assert outcome(result) == {
        "aws_eks_addon.on_old": [("incompatible-version", "addon_version")],
        "aws_eks_addon.on_new": [],
    }


def test_a_state_document_is_read(tmp_path: Path) -> None:
    state = {
        "format_version": "1.0",
        "terraform_version": "1.11.4",
        "values": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_eks_addon.kube_proxy",
                        "mode": "managed",
                        "type": "aws_eks_addon",
                        "name": "kube_proxy",
                        "values": addon(
                            "kube-proxy",
                            "demo",
                            addon_version="v1.33.10-eksbuild.18",
                            configuration_values='{"mode":"ipvs","ipvs":{"scheduler":"rr"}}',
                        ),
                    }
                ],
                "child_modules": [
                    {
                        "resources": [
                            {
                                "address": "module.m.aws_eks_addon.coredns",
                                "mode": "managed",
                                "type": "aws_eks_addon",
                                "values": addon(
                                    "coredns", "demo", configuration_values='{"replicaCount":"2"}'
                                ),
                            }
                        ]
                    }
                ],
            }
        },
    }
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state))
    result = validate_document(parse_document(state, str(path)), kubernetes="1.33")
    assert outcome(result) == {
        "aws_eks_addon.kube_proxy": [],
        "module.m.aws_eks_addon.coredns": [("invalid-type", "replicaCount")],
    }


def test_placement_on_the_documents_compute_is_checked_as_the_constructs_do() -> None:
    result = check(
        {
            "resource": {
                "aws_eks_cluster": {"main": CLUSTER},
                "aws_eks_node_group": {"nodes": {"cluster_name": "demo"}},
                "aws_eks_addon": {
                    "coredns": addon("coredns", configuration_values='{"computeType":"Fargate"}')
                },
            }
        }
    )
    assert outcome(result)["aws_eks_addon.coredns"] == [("warning nowhere-to-run", "computeType")]
    acknowledged = check(
        {
            "resource": {
                "aws_eks_cluster": {"main": CLUSTER},
                "aws_eks_addon": {
                    "coredns": addon("coredns", configuration_values='{"computeType":"Fargate"}')
                },
            }
        },
        acknowledge=["nowhere-to-run"],
    )
    assert outcome(acknowledged)["aws_eks_addon.coredns"] == []


def test_a_bare_cluster_missing_default_addons_is_an_error_of_the_document() -> None:
    result = check(
        {
            "resource": {
                "aws_eks_cluster": {"main": {**CLUSTER, "bootstrap_self_managed_addons": False}},
                "aws_eks_node_group": {"nodes": {"cluster_name": "demo"}},
                "aws_eks_addon": {"kube_proxy": addon("kube-proxy")},
            }
        }
    )
    [problem] = result.problems
    assert "this document declares no vpc-cni, coredns for it" in problem
    assert result.warnings == []


def test_a_version_declared_for_a_looked_up_cluster_is_read_from_its_precondition() -> None:
    guard = {
        "condition": '${data.aws_eks_cluster.cluster.version == "1.29"}',
        "error_message": "kube-proxy: kubernetes_version 1.29 was given to eks-addons, but ...",
    }
    result = check(
        {
            "data": {"aws_eks_cluster": {"cluster": {"name": "demo"}}},
            "resource": {
                "aws_eks_addon": {
                    "kube_proxy": addon(
                        "kube-proxy",
                        "${data.aws_eks_cluster.cluster.name}",
                        addon_version="v1.33.10-eksbuild.18",
                        lifecycle={"precondition": [guard]},
                    )
                }
            },
        }
    )
    assert outcome(result)["aws_eks_addon.kube_proxy"] == [
        ("incompatible-version", "addon_version")
    ]
