"""Read the catalog's inputs from AWS itself: ``DescribeAddonVersions`` (every page) and
``DescribeAddonConfiguration`` of each version, for the caller's account, region and
partition (``eks-addons refresh --from-aws``; needs ``pip install 'eks-addons[aws]'``).

The answers are what :mod:`eks_addons.catalog.refresh` reads from AWS CLI output, so the same
checks apply. Nothing here writes anything; a failure is one :class:`RefreshError` line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eks_addons.catalog.catalog import RefreshError

INSTALL = "pip install 'eks-addons[aws]'"


@dataclass
class AwsAnswers:
    """What AWS answered, in the refresh's input form."""

    region: str
    partition: str
    entries: list[Mapping[str, Any]] = field(default_factory=list)
    """The ``addons`` of every ``DescribeAddonVersions`` page."""
    schemas: dict[str, dict[str, Mapping[str, Any]]] = field(default_factory=dict)
    """Add-on -> version -> its configuration schema."""
    pod_identity: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    """Add-on -> version -> its ``podIdentityConfiguration``."""


def client(region: str | None) -> Any:
    """An EKS client of boto3 for ``region`` (else the AWS configuration's)."""
    try:  # the optional extra, imported only here: the CLI starts without it
        import boto3  # noqa: PLC0415
        from botocore.exceptions import BotoCoreError  # noqa: PLC0415
    except ImportError:
        raise RefreshError(f"--from-aws needs boto3: {INSTALL}") from None
    try:
        return boto3.client("eks", region_name=region)
    except BotoCoreError as error:
        raise RefreshError(_say(error)) from None


def _say(error: Exception) -> str:
    name = type(error).__name__
    if name == "NoRegionError":
        return "no AWS region: pass --region, or set AWS_DEFAULT_REGION or a profile's region"
    if name == "NoCredentialsError":
        return (
            "no AWS credentials: configure them (aws configure, AWS_PROFILE, or "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) for the account to read"
        )
    code = getattr(error, "response", {}).get("Error", {}).get("Code")
    return f"AWS refused: {code or name}: {error}"


def read_from_aws(eks: Any, addons: Iterable[str] | None = None) -> AwsAnswers:
    """Every version of ``addons`` (all when ``None``) and each version's configuration."""
    from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415 (as above)

    region = str(eks.meta.region_name)
    answers = AwsAnswers(region, str(eks.meta.partition))
    try:
        paginator = eks.get_paginator("describe_addon_versions")
        names = list(addons) if addons else [None]
        for name in names:
            arguments = {} if name is None else {"addonName": name}
            for page in paginator.paginate(**arguments):
                answers.entries += page.get("addons", [])
        for entry in answers.entries:
            addon = str(entry.get("addonName"))
            for item in entry.get("addonVersions", []):
                version = str(item.get("addonVersion"))
                answer = eks.describe_addon_configuration(addonName=addon, addonVersion=version)
                answers.schemas.setdefault(addon, {})[version] = _schema(addon, version, answer)
                identity = answer.get("podIdentityConfiguration")
                if isinstance(identity, list):
                    answers.pod_identity.setdefault(addon, {})[version] = identity
    except (BotoCoreError, ClientError) as error:
        raise RefreshError(_say(error)) from None
    return answers


def _schema(addon: str, version: str, answer: Mapping[str, Any]) -> Mapping[str, Any]:
    text = answer.get("configurationSchema")
    try:
        schema = json.loads(text) if isinstance(text, str) else None
    except json.JSONDecodeError as error:
        raise RefreshError(
            f"{addon} {version}: configurationSchema is not JSON ({error.msg})"
        ) from None
    if not isinstance(schema, Mapping):
        raise RefreshError(f"{addon} {version}: configurationSchema is not a JSON object")
    return schema
