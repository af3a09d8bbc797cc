"""``eks-addons refresh --from-aws``, against botocore's own ``Stubber``: every answer is
checked against botocore's EKS service model, as AWS would send it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ParamValidationError
from botocore.stub import Stubber

from eks_addons.catalog.aws import read_from_aws
from eks_addons.catalog.catalog import RefreshError, catalog_data
from eks_addons.catalog.refresh import rebuild
from eks_addons.cli import main
from tests.helpers import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "aws-cli"
VERSIONS = json.loads((FIXTURES / "describe-addon-versions.json").read_text())
CONFIGURATION = json.loads(
    (FIXTURES / "kube-proxy_v1.37.1-eksbuild.2.configuration.json").read_text()
)


def eks() -> Any:
    return boto3.client(
        "eks", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x"
    )


def pages() -> tuple[dict[str, Any], dict[str, Any]]:
    """The fixture's answer as two pages, as the paginator gets them with 100 per page."""
    [addon] = VERSIONS["addons"]
    first, second = copy.deepcopy(addon), copy.deepcopy(addon)
    first["addonVersions"], second["addonVersions"] = (
        addon["addonVersions"][:1],
        addon["addonVersions"][1:],
    )
    return {"addons": [first], "nextToken": "page-2"}, {"addons": [second]}


def configuration(version: str) -> dict[str, Any]:
    return {
        **CONFIGURATION,
        "addonVersion": version,
        "podIdentityConfiguration": [
            {"serviceAccount": "kube-proxy", "recommendedManagedPolicies": []}
        ],
    }


def stubbed(client: Any) -> Stubber:
    stubber = Stubber(client)
    first, second = pages()
    stubber.add_response("describe_addon_versions", first, {"addonName": "kube-proxy"})
    stubber.add_response(
        "describe_addon_versions", second, {"addonName": "kube-proxy", "nextToken": "page-2"}
    )
    for entry in (*first["addons"], *second["addons"]):
        for item in entry["addonVersions"]:
            version = item["addonVersion"]
            stubber.add_response(
                "describe_addon_configuration",
                configuration(version),
                {"addonName": "kube-proxy", "addonVersion": version},
            )
    return stubber


def test_every_page_and_every_versions_configuration_is_read(tmp_path: Path) -> None:
    client = eks()
    with stubbed(client) as stubber:
        answers = read_from_aws(client, ["kube-proxy"])
        stubber.assert_no_pending_responses()
    assert (answers.region, answers.partition) == ("eu-west-1", "aws")
    versions = [v["addonVersion"] for e in answers.entries for v in e["addonVersions"]]
    assert versions == [v["addonVersion"] for v in VERSIONS["addons"][0]["addonVersions"]]
    result = rebuild(
        answers.entries,
        answers.schemas,
        answers.pod_identity,
        tmp_path / "out",
        addons=["kube-proxy"],
        min_kubernetes="1.28",
        source="test",
        taken=None,
        region=answers.region,
    )
    [change] = result.changes
    assert change.added == ("v1.37.1-eksbuild.2", "v1.37.0-eksbuild.1")
    info, data = catalog_data(str(tmp_path / "out"))
    assert info.region == "eu-west-1"
    entry = data["kube-proxy"]["versions"]["v1.37.1-eksbuild.2"]
    assert entry["podIdentityConfiguration"] == [
        {"serviceAccount": "kube-proxy", "recommendedManagedPolicies": []}
    ]


def test_the_stubbed_answers_are_held_to_botocores_model() -> None:
    client = eks()
    broken = copy.deepcopy(pages()[1])
    broken["addons"][0]["addonVersions"][0]["compatibilities"][0]["defaultVersion"] = "yes"
    with pytest.raises(ParamValidationError, match="defaultVersion"):
        Stubber(client).add_response("describe_addon_versions", broken)


def test_aws_refusing_is_one_line(tmp_path: Path) -> None:
    client = eks()
    with Stubber(client) as stubber:
        stubber.add_client_error(
            "describe_addon_versions", "AccessDeniedException", "not authorized", 403
        )
        with pytest.raises(RefreshError, match="AWS refused: AccessDeniedException: "):
            read_from_aws(client, ["kube-proxy"])


def test_without_credentials_it_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    argv = ["refresh", "--from-aws", "--out", str(tmp_path / "out")]
    assert main([*argv, "--region", "eu-west-1"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("eks-addons: no AWS credentials: configure them")
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    assert main(argv) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("eks-addons: no AWS region: pass --region")
    assert not (tmp_path / "out").exists()
