"""The seed's jsonencode blocks, written with the builders, render exactly the seed's JSON."""

import json

from eks_addons.config import CoreDnsConfig, VpcCniConfig
from sample_app.configs import SEED_COREDNS, SEED_VPC_CNI

# The seed's HCL `jsonencode({...})` arguments, transcribed key for key.
SEED_VPC_CNI_JSON = {
    "env": {
        "ENABLE_POD_ENI": "true",
        "ENABLE_PREFIX_DELEGATION": "true",
        "WARM_PREFIX_TARGET": "1",
    },
    "init": {"env": {"DISABLE_TCP_EARLY_DEMUX": "true"}},
}
SEED_COREDNS_JSON = {
    "computeType": "Fargate",
    "resources": {
        "limits": {"cpu": "0.25", "memory": "256M"},
        "requests": {"cpu": "0.25", "memory": "256M"},
    },
}


def test_vpc_cni_builder_renders_the_seed_json() -> None:
    assert SEED_VPC_CNI.to_dict() == SEED_VPC_CNI_JSON


def test_coredns_builder_renders_the_seed_json() -> None:
    assert SEED_COREDNS.to_dict() == SEED_COREDNS_JSON


def test_seed_json_reads_into_typed_options_with_nothing_left_over() -> None:
    vpc_cni = VpcCniConfig.from_dict(SEED_VPC_CNI_JSON)
    coredns = CoreDnsConfig.from_dict(SEED_COREDNS_JSON)
    assert vpc_cni == SEED_VPC_CNI
    assert coredns == SEED_COREDNS
    assert vpc_cni.extra is None
    assert coredns.extra is None


def test_rendered_json_is_canonical() -> None:
    assert SEED_VPC_CNI.to_json() == json.dumps(
        SEED_VPC_CNI_JSON, sort_keys=True, separators=(",", ":")
    )
