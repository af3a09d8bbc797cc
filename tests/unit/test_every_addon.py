"""Every add-on AWS lists, from the shipped catalog and the IAM facts: planned like the typed
ones, with what their account and IAM need said before apply."""

from __future__ import annotations

from typing import Any

import pytest

from eks_addons.catalog import CATALOG_ENV, catalog, cataloged_addons
from eks_addons.errors import WarningCode
from eks_addons.plan import AddonPlan, AddonRequest, ClusterFacts, plan_addon
from eks_addons.specs import all_specs, spec_for


@pytest.fixture(autouse=True)
def shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped catalog: every add-on AWS lists."""
    monkeypatch.delenv(CATALOG_ENV)


def plan(addon: str, kubernetes: str = "1.33", **arguments: Any) -> AddonPlan:
    request = AddonRequest(cluster_name="demo", kubernetes_version=kubernetes, **arguments)
    return plan_addon(spec_for(addon), request, ClusterFacts(identity="demo"))


def codes(found: AddonPlan) -> list[tuple[str, str | None]]:
    return [(w.code.value, w.path) for w in found.warnings]


def test_every_addon_of_the_catalog_has_a_spec() -> None:
    names = [spec.name for spec in all_specs()]
    assert len(names) == len(set(names)) == len(cataloged_addons()) == 84


def test_every_addon_plans_at_its_default_with_no_error() -> None:
    for addon in cataloged_addons():
        addon_catalog = catalog(addon)
        assert addon_catalog is not None
        kubernetes = addon_catalog.kubernetes_versions[-1] if addon_catalog.defaults else "1.33"
        request = AddonRequest(cluster_name="demo", kubernetes_version=kubernetes)
        found = plan_addon(spec_for(addon), request, ClusterFacts(identity="demo"))
        assert found.problems == [], addon
        allowed = {
            WarningCode.SUBSCRIPTION_NEEDED,
            WarningCode.IAM_NOT_GRANTED,
            WarningCode.KUBERNETES_NOT_IN_CATALOG,
        }
        assert {w.code for w in found.warnings} <= allowed, (addon, found.warnings)


def test_a_marketplace_addon_says_the_account_needs_its_subscription() -> None:
    [warning] = [
        w for w in plan("datadog_operator").warnings if w.code.value == "subscription-needed"
    ]
    assert warning.message.startswith(
        "is an AWS Marketplace add-on: the account needs a subscription"
    )
    assert "https://aws.amazon.com/marketplace/pp/" in warning.message
    assert "AddonSubscriptionNeeded" in warning.message
    assert [w for w in plan("metrics-server").warnings] == []


def test_irsa_for_the_ebs_csi_driver_is_the_managed_policy_aws_documents() -> None:
    [grant] = plan("aws-ebs-csi-driver", iam="irsa").grants
    assert (grant.namespace, grant.service_account, grant.permissions.managed_policies) == (
        "kube-system",
        "ebs-csi-controller-sa",
        ("service-role/AmazonEBSCSIDriverPolicy",),
    )


def test_pod_identity_for_the_efs_csi_driver_is_for_the_service_account_it_always_uses() -> None:
    found = plan("aws-efs-csi-driver", iam="pod-identity")
    assert [(g.service_account, g.permissions.managed_policies) for g in found.grants] == [
        ("efs-csi-controller-sa", ("service-role/AmazonEFSCSIDriverPolicy",))
    ]
    assert found.uses_pod_identity


def test_cloudwatch_observability_takes_either_kind_of_role() -> None:
    for kind in ("irsa", "pod-identity"):
        [grant] = plan("amazon-cloudwatch-observability", iam=kind).grants
        assert grant.service_account == "cloudwatch-agent"
        assert grant.permissions.managed_policies == (
            "CloudWatchAgentServerPolicy",
            "AWSXrayWriteOnlyAccess",
        )


@pytest.mark.parametrize(
    ("addon", "kind", "says"),
    [
        ("metrics-server", "irsa", "is not needed: AWS documents no AWS permissions"),
        (
            "amazon-sagemaker-hyperpod-inference",
            "irsa",
            "AWS passes it inside the configuration, at executionRoleArn",
        ),
        (
            "aws-mountpoint-s3-csi-driver",
            "irsa",
            "AWS gives no managed policy or ready document for it",
        ),
        (
            "amazon-sagemaker-spaces",
            "irsa",
            "is not documented by AWS for this add-on; PodIdentity() is",
        ),
        ("datadog_operator", "pod-identity", "is not needed"),
        ("kasten_k10", "irsa", "its service accounts and policies are not known to the library"),
    ],
)
def test_iam_says_what_to_do_where_aws_documents_no_role_to_create(
    addon: str, kind: str, says: str
) -> None:
    found = plan(addon, iam=kind)
    [problem] = found.problems
    assert (problem.code.value, problem.path) == ("invalid-argument", "iam")
    assert says in problem.message


def test_pod_identity_before_the_version_aws_supports_it_from_is_refused() -> None:
    found = plan(
        "aws-ebs-csi-driver", "1.28", iam="pod-identity", addon_version="v1.25.0-eksbuild.1"
    )
    [problem] = [p for p in found.problems if p.path == "pod_identity_association"]
    assert "AWS supports Pod Identity for aws-ebs-csi-driver from v1.26.0-eksbuild.1" in (
        problem.message
    )
    later = plan(
        "aws-ebs-csi-driver", "1.28", iam="pod-identity", addon_version="v1.26.0-eksbuild.1"
    )
    assert later.problems == []


def test_an_addon_that_needs_permissions_and_gets_none_says_what_fails() -> None:
    [warning] = plan("aws-ebs-csi-driver").warnings
    assert warning.code.value == "iam-not-granted"
    assert (
        "needs AWS permissions and is given none, so its calls to AWS will fail" in warning.message
    )
    assert "iam=Irsa(oidc_provider) or iam=PodIdentity()" in warning.message
    assert plan("vpc-cni").warnings == []  # the node role may carry its policy (AWS)
    assert (
        plan(
            "aws-ebs-csi-driver", service_account_role_arn="arn:aws:iam::111122223333:role/x"
        ).warnings
        == []
    )


def test_a_drop_in_replacement_takes_the_place_of_the_addon_it_replaces() -> None:
    spec = spec_for("chainguard_aws-vpc-cni-fips")
    assert (spec.replaces, spec.default) == ("vpc-cni", True)
    assert spec.replaced_on == spec_for("vpc-cni").replaced_on
    assert spec_for("chainguard_coredns-fips").pods == spec_for("coredns").pods


def test_namespace_config_warns_that_changing_it_replaces_the_addon() -> None:
    found = plan("kube-proxy", namespace_config={"namespace": "proxy"})
    assert codes(found) == [("replaced-on-change", "namespace_config")]


@pytest.mark.parametrize("kind", ["irsa", "pod-identity"])
def test_a_role_aws_documents_but_not_its_route_is_created_with_a_warning(kind: str) -> None:
    found = plan("external-dns", iam=kind)
    assert found.problems == []
    [grant] = found.grants
    assert (grant.namespace, grant.service_account, grant.permissions.managed_policies) == (
        "external-dns",
        "external-dns",
        ("AmazonRoute53FullAccess",),
    )
    assert codes(found) == [("iam-route-not-documented", "iam")]
    assert "EKS refuses it at apply if the add-on does not take it through" in (
        found.warnings[0].message
    )
