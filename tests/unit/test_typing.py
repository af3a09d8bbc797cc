"""The type checker holds each typed add-on to its own builder (checked by ``make lint``).

The function below is type-checked, never run: mypy strict reports an unused
``type: ignore`` as an error, so each line that must be refused proves that it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eks_addons import (
        CoreDnsAddon,
        CoreDnsConfig,
        EbsCsiDriverAddon,
        KubeProxyAddon,
        KubeProxyConfig,
        MetricsServerConfig,
        VpcCniAddon,
        VpcCniConfig,
    )
    from eks_addons.cdk import TerraformStack


def _refused_by_the_type_checker(stack: TerraformStack) -> None:
    VpcCniAddon(stack, "a", cluster_name="x", configuration=CoreDnsConfig())  # type: ignore[arg-type]
    CoreDnsAddon(stack, "b", cluster_name="x", configuration=VpcCniConfig())  # type: ignore[arg-type]
    KubeProxyAddon(stack, "c", cluster_name="x", configuration=CoreDnsConfig())  # type: ignore[arg-type]
    EbsCsiDriverAddon(stack, "d", cluster_name="x", configuration=KubeProxyConfig())  # type: ignore[arg-type]
    MetricsServerConfig(replica=2)  # type: ignore[call-arg]
    # what each takes: its builder, a mapping, a JSON string
    VpcCniAddon(stack, "e", cluster_name="x", configuration=VpcCniConfig())
    CoreDnsAddon(stack, "f", cluster_name="x", configuration={"replicaCount": 2})
    KubeProxyAddon(stack, "g", cluster_name="x", configuration='{"mode": "ipvs"}')
