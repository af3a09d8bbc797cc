"""Add-ons published as drop-in replacements of others: placed and ordered like them.

A fact the catalog does not hold, written down with its source: Chainguard's FIPS builds of
the default add-ons "serve as FIPS-validated drop-in replacements for AWS default add-ons"
and are "designed as direct replacements for the corresponding AWS-managed components"
([Chainguard: Overview of Chainguard EKS add-ons]
(https://edu.chainguard.dev/chainguard/fips/eks-add-ons/)). Which add-on each replaces is that
page's table. A replacement takes the place of the one it replaces: where its pods run and
what takes their place (from its own catalog data and the replaced one's spec), its position
in ``ClusterAddons``' ordering, and its count as that default add-on on a cluster created
without them.
"""

from __future__ import annotations

SOURCE = "https://edu.chainguard.dev/chainguard/fips/eks-add-ons/"

REPLACES: dict[str, str] = {
    "chainguard_aws-vpc-cni-fips": "vpc-cni",
    "chainguard_coredns-fips": "coredns",
    "chainguard_kube-proxy-fips": "kube-proxy",
    "chainguard_aws-ebs-csi-driver-fips": "aws-ebs-csi-driver",
    "chainguard_aws-efs-csi-driver-fips": "aws-efs-csi-driver",
}
"""Add-on -> the add-on it is a drop-in replacement for."""
