"""Typed ``configuration_values`` for the ``aws-ebs-csi-driver`` add-on.

Keys and defaults from AWS's configuration schema of aws-ebs-csi-driver v1.55.0-eksbuild.1
(``aws eks describe-addon-configuration``). The library's catalog does not cover this add-on
yet, so the rest of the schema goes through ``extra`` unchecked by a schema.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from eks_addons.config.kinds import Boolean, Choice, Integer, JsonArray, JsonObject
from eks_addons.config.model import AddonConfig, option
from eks_addons.config.resources import Resources


class LoggingFormat(StrEnum):
    """``controller.loggingFormat`` / ``node.loggingFormat``."""

    TEXT = "text"
    JSON = "json"


@dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class EbsCsiDriverConfig(AddonConfig):
    """Configuration of ``aws-ebs-csi-driver``, the EBS volume driver (controller + node pods)."""

    default_storage_class: bool | None = option("defaultStorageClass.enabled", Boolean())
    """``defaultStorageClass.enabled`` (boolean): create a default StorageClass. Omitted:
    AWS's default, false."""
    extra_volume_tags: Mapping[str, str] | None = option(
        "controller.extraVolumeTags", JsonObject(string_values=True)
    )
    """``controller.extraVolumeTags`` (object of strings): tags added to every EBS volume.
    Omitted: none."""
    controller_replica_count: int | None = option("controller.replicaCount", Integer(minimum=1))
    """``controller.replicaCount`` (integer >= 1). Omitted: AWS's default, 2."""
    volume_modification: bool | None = option(
        "controller.volumeModificationFeature.enabled", Boolean()
    )
    """``controller.volumeModificationFeature.enabled`` (boolean): modify volume type and
    IOPS through annotations. Omitted: AWS's default, false."""
    controller_logging_format: LoggingFormat | str | None = option(
        "controller.loggingFormat", Choice(LoggingFormat)
    )
    """``controller.loggingFormat`` (string: text | json). Omitted: AWS's default, text."""
    controller_resources: Resources | None = option("controller.resources", Resources)
    """``controller.resources``. Omitted: AWS's default (requests 10m CPU and 40Mi, limit
    256Mi memory)."""
    controller_tolerations: Sequence[Mapping[str, Any]] | None = option(
        "controller.tolerations", JsonArray()
    )
    """``controller.tolerations`` (array). Omitted: AWS's default (CriticalAddonsOnly, and
    NoExecute for 300 s)."""
    controller_node_selector: Mapping[str, str] | None = option(
        "controller.nodeSelector", JsonObject(string_values=True)
    )
    """``controller.nodeSelector`` (object). Omitted: none."""
    node_logging_format: LoggingFormat | str | None = option(
        "node.loggingFormat", Choice(LoggingFormat)
    )
    """``node.loggingFormat`` (string: text | json). Omitted: AWS's default, text."""
    node_enable_windows: bool | None = option("node.enableWindows", Boolean())
    """``node.enableWindows`` (boolean): run the Windows node DaemonSet. Omitted: AWS's
    default, true."""
    fips: bool | None = option("fips", Boolean())
    """``fips`` (boolean): use AWS FIPS endpoints and the FIPS image. Omitted: false."""
    debug_logs: bool | None = option("debugLogs", Boolean())
    """``debugLogs`` (boolean): maximum log verbosity. Omitted: false."""
