"""The sample app's stacks. They import the CDK through :mod:`eks_addons.cdk`, so that one
sample runs on cdktf and on CDK Terrain; an app of your own imports its CDK directly."""

from __future__ import annotations

import json
import os

from constructs import Construct

from eks_addons import (
    ClusterAddons,
    EbsCsiDriverAddon,
    Irsa,
    PodIdentity,
    WarningCode,
)
from eks_addons.addons.cluster_addons import ClusterAddonsOptions
from eks_addons.cdk import (
    App,
    AwsProvider,
    EksCluster,
    EksClusterVpcConfig,
    EksFargateProfile,
    EksFargateProfileSelector,
    EksNodeGroup,
    EksNodeGroupScalingConfig,
    IamOpenidConnectProvider,
    IamRole,
    IamRolePolicyAttachment,
    TerraformOutput,
    TerraformStack,
    TerraformVariable,
)
from sample_app.addons_only import ExistingClusterAddons
from sample_app.configs import (
    KUBERNETES_VERSION,
    PLATFORM_CERT_MANAGER,
    PLATFORM_CLOUDWATCH,
    PLATFORM_EBS_CSI,
    PLATFORM_EFS_CSI,
    PLATFORM_EXTERNAL_DNS,
    PLATFORM_METRICS_SERVER,
    PLATFORM_SNAPSHOT_CONTROLLER,
    SAMPLE_EBS_CSI,
    SEED_COREDNS,
    SEED_VPC_CNI,
)

EXISTING_CLUSTER_STACK = "addons-on-existing-cluster"
NEW_CLUSTER_STACK = "cluster-with-addons"
FARGATE_CLUSTER_STACK = "fargate-cluster-with-addons"
AUTO_MODE_CLUSTER_STACK = "auto-mode-cluster"
PLATFORM_CLUSTER_STACK = "platform-cluster"
STACKS = [
    EXISTING_CLUSTER_STACK,
    NEW_CLUSTER_STACK,
    FARGATE_CLUSTER_STACK,
    AUTO_MODE_CLUSTER_STACK,
    PLATFORM_CLUSTER_STACK,
]
"""The sample app's stacks, in the order it creates them."""


def setting(scope: Construct, context_key: str, env_var: str, default: str) -> str:
    """A site value: cdktf context first, then the environment, then ``default``."""
    value = scope.node.try_get_context(context_key)
    return str(value) if value is not None else os.environ.get(env_var, default)


def _service_role(
    scope: Construct, id: str, service: str, policies: list[str]
) -> tuple[IamRole, list[IamRolePolicyAttachment]]:
    """A role ``service`` may assume, with AWS managed ``policies`` attached."""
    role = IamRole(
        scope,
        id,
        name_prefix=f"{id.replace('_', '-')}-",
        assume_role_policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": service},
                        "Action": ["sts:AssumeRole", "sts:TagSession"]
                        if service == "eks.amazonaws.com"
                        else "sts:AssumeRole",
                    }
                ],
            },
            sort_keys=True,
        ),
    )
    attachments = [
        IamRolePolicyAttachment(
            scope,
            f"{id}_{policy}",
            role=role.name,
            policy_arn=f"arn:aws:iam::aws:policy/{policy}",
        )
        for policy in policies
    ]
    return role, attachments


def _cluster(
    scope: Construct, cluster_name: str, subnets: str
) -> tuple[TerraformVariable, EksCluster, IamRole, IamOpenidConnectProvider]:
    """The subnets variable (described as ``subnets``), a cluster, its IAM role, and its OIDC
    provider for IRSA."""
    subnet_ids = TerraformVariable(scope, "subnet_ids", type="list(string)", description=subnets)
    cluster_role, cluster_policies = _service_role(
        scope, "cluster_role", "eks.amazonaws.com", ["AmazonEKSClusterPolicy"]
    )
    cluster = EksCluster(
        scope,
        "cluster",
        name=cluster_name,
        version=KUBERNETES_VERSION,
        role_arn=cluster_role.arn,
        vpc_config=EksClusterVpcConfig(subnet_ids=subnet_ids.list_value),
        bootstrap_self_managed_addons=False,
        depends_on=cluster_policies,
    )
    oidc = IamOpenidConnectProvider(
        scope,
        "oidc",
        url=cluster.identity.get(0).oidc.get(0).issuer,
        client_id_list=["sts.amazonaws.com"],
    )
    return subnet_ids, cluster, cluster_role, oidc


class NewClusterWithAddons(TerraformStack):
    """A new cluster, its compute, and the three add-ons wired to it by ``ClusterAddons``.

    With nodes: a managed node group, and a Fargate profile for CoreDNS (which runs on
    Fargate). ``fargate_only``: Fargate profiles only, so kube-proxy and the VPC CNI are left
    out (AWS lists neither for Fargate) and CoreDNS runs on Fargate. The VPC CNI gets its own
    IRSA role; subnets come in as the Terraform variable ``subnet_ids``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster_name: str,
        region: str,
        fargate_only: bool = False,
    ) -> None:
        super().__init__(scope, id)
        AwsProvider(self, "aws", region=region)
        subnet_ids, cluster, cluster_role, oidc = _cluster(
            self,
            cluster_name,
            "Private subnets (two or more AZs) for the cluster, nodes and Fargate",
        )

        node_groups = []
        if not fargate_only:
            node_role, node_policies = _service_role(
                self,
                "node_role",
                "ec2.amazonaws.com",
                # no AmazonEKS_CNI_Policy: the VPC CNI has its own IRSA role
                ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"],
            )
            node_groups.append(
                EksNodeGroup(
                    self,
                    "nodes",
                    cluster_name=cluster.name,
                    node_group_name_prefix="default-",
                    node_role_arn=node_role.arn,
                    subnet_ids=subnet_ids.list_value,
                    scaling_config=EksNodeGroupScalingConfig(
                        desired_size=2, min_size=1, max_size=3
                    ),
                    depends_on=node_policies,
                )
            )

        fargate_role, fargate_policies = _service_role(
            self,
            "fargate_role",
            "eks-fargate-pods.amazonaws.com",
            ["AmazonEKSFargatePodExecutionRolePolicy"],
        )
        selectors = [
            EksFargateProfileSelector(namespace="kube-system", labels={"k8s-app": "kube-dns"})
        ]
        if fargate_only:
            selectors.append(EksFargateProfileSelector(namespace="default"))
        profile = EksFargateProfile(
            self,
            "fargate_profile",
            cluster_name=cluster.name,
            fargate_profile_name="coredns" if not fargate_only else "workloads",
            pod_execution_role_arn=fargate_role.arn,
            subnet_ids=subnet_ids.list_value,
            selector=selectors,
            depends_on=fargate_policies,
        )

        settings: ClusterAddonsOptions = {"coredns": {"configuration": SEED_COREDNS}}
        if not fargate_only:  # on Fargate only, ClusterAddons leaves the VPC CNI out
            settings["vpc_cni"] = {"configuration": SEED_VPC_CNI, "iam": Irsa(oidc)}
        addons = ClusterAddons(
            self,
            "addons",
            cluster=cluster,
            node_groups=node_groups,
            fargate_profiles=[profile],
            cluster_role=cluster_role,
            **settings,
        )
        if node_groups:
            # its controller is a Deployment: it needs the nodes, and EC2 API access (IRSA)
            EbsCsiDriverAddon(
                self,
                "ebs_csi",
                cluster=cluster,
                iam=Irsa(oidc),
                configuration=SAMPLE_EBS_CSI,
                depends_on=node_groups,
            )
        TerraformOutput(self, "cluster_endpoint", value=cluster.endpoint)
        assert addons.coredns is not None
        TerraformOutput(self, "coredns_addon_arn", value=addons.coredns.addon_arn)


class AutoModeCluster(TerraformStack):
    """An EKS Auto Mode cluster: compute, pod and service networking, DNS and block storage
    are built in, so ``ClusterAddons`` installs none of the default add-ons (its ``left_out``
    says why, in the output ``addons_left_out``). Created with
    ``bootstrap_self_managed_addons = false``, as Auto Mode requires.
    """

    def __init__(self, scope: Construct, id: str, *, cluster_name: str, region: str) -> None:
        super().__init__(scope, id)
        AwsProvider(self, "aws", region=region)
        subnet_ids = TerraformVariable(
            self,
            "subnet_ids",
            type="list(string)",
            description="Private subnets (two or more AZs) for the cluster and its nodes",
        )
        cluster_role, cluster_policies = _service_role(
            self,
            "cluster_role",
            "eks.amazonaws.com",
            [
                "AmazonEKSClusterPolicy",
                "AmazonEKSComputePolicy",
                "AmazonEKSBlockStoragePolicy",
                "AmazonEKSLoadBalancingPolicy",
                "AmazonEKSNetworkingPolicy",
            ],
        )
        node_role, node_policies = _service_role(
            self,
            "node_role",
            "ec2.amazonaws.com",
            ["AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly"],
        )
        cluster = EksCluster(
            self,
            "cluster",
            name=cluster_name,
            version=KUBERNETES_VERSION,
            role_arn=cluster_role.arn,
            vpc_config=EksClusterVpcConfig(subnet_ids=subnet_ids.list_value),
            bootstrap_self_managed_addons=False,
            access_config={"authentication_mode": "API"},
            compute_config={
                "enabled": True,
                "node_pools": ["general-purpose", "system"],
                "node_role_arn": node_role.arn,
            },
            kubernetes_network_config={"elastic_load_balancing": {"enabled": True}},
            storage_config={"block_storage": {"enabled": True}},
            depends_on=[*cluster_policies, *node_policies],
        )
        addons = ClusterAddons(self, "addons", cluster=cluster)
        TerraformOutput(self, "addons_left_out", value=addons.left_out)


class PlatformCluster(TerraformStack):
    """What a platform team runs: a new cluster, its node group, the default add-ons, and
    eight more through ``ClusterAddons.add``, each with a typed configuration.

    The EKS Pod Identity Agent serves the roles of the EBS and EFS CSI drivers, CloudWatch
    Observability and external-dns (``iam=PodIdentity()``: a role per service account, with
    AWS's managed policies, each add-on after the agent); the VPC CNI keeps its IRSA role, as
    it must work before any agent runs. metrics-server, cert-manager and the snapshot
    controller need no AWS permissions. Every add-on waits for the node group, except the
    VPC CNI, which the node group waits for.
    """

    def __init__(self, scope: Construct, id: str, *, cluster_name: str, region: str) -> None:
        super().__init__(scope, id)
        AwsProvider(self, "aws", region=region)
        subnet_ids, cluster, cluster_role, oidc = _cluster(
            self, cluster_name, "Private subnets (two or more AZs) for the cluster and its nodes"
        )
        # AmazonEKSWorkerNodePolicy carries eks-auth:AssumeRoleForPodIdentity for the agent
        node_role, node_policies = _service_role(
            self,
            "node_role",
            "ec2.amazonaws.com",
            ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"],
        )
        nodes = EksNodeGroup(
            self,
            "nodes",
            cluster_name=cluster.name,
            node_group_name_prefix="platform-",
            node_role_arn=node_role.arn,
            subnet_ids=subnet_ids.list_value,
            scaling_config=EksNodeGroupScalingConfig(desired_size=3, min_size=2, max_size=6),
            depends_on=node_policies,
        )
        addons = ClusterAddons(
            self,
            "addons",
            cluster=cluster,
            node_groups=[nodes],
            cluster_role=cluster_role,
            vpc_cni={"configuration": SEED_VPC_CNI, "iam": Irsa(oidc)},
        )
        addons.add("eks-pod-identity-agent")
        addons.add("aws-ebs-csi-driver", configuration=PLATFORM_EBS_CSI, iam=PodIdentity())
        addons.add("aws-efs-csi-driver", configuration=PLATFORM_EFS_CSI, iam=PodIdentity())
        addons.add(
            "amazon-cloudwatch-observability",
            configuration=PLATFORM_CLOUDWATCH,
            iam=PodIdentity(),
        )
        addons.add("metrics-server", configuration=PLATFORM_METRICS_SERVER)
        addons.add("cert-manager", configuration=PLATFORM_CERT_MANAGER)
        addons.add(
            "external-dns",
            configuration=PLATFORM_EXTERNAL_DNS,
            iam=PodIdentity(),
            # AWS documents its permissions (Route 53), not how its role reaches it
            acknowledge=[WarningCode.IAM_ROUTE_NOT_DOCUMENTED],
        )
        addons.add("snapshot-controller", configuration=PLATFORM_SNAPSHOT_CONTROLLER)
        TerraformOutput(
            self,
            "addon_versions",
            value={name: a.addon_version for name, a in addons.added.items()},
        )


def build_app(app: App | None = None) -> App:
    """The sample app's stacks; site values from context or the environment."""
    app = app or App()
    cluster_name = setting(app, "clusterName", "EKS_CLUSTER_NAME", "demo")
    region = setting(app, "region", "AWS_REGION", "us-east-1")
    kubernetes_version = setting(
        app, "kubernetesVersion", "EKS_KUBERNETES_VERSION", KUBERNETES_VERSION
    )
    ExistingClusterAddons(
        app,
        EXISTING_CLUSTER_STACK,
        cluster_name=cluster_name,
        region=region,
        kubernetes_version=kubernetes_version,
    )
    NewClusterWithAddons(app, NEW_CLUSTER_STACK, cluster_name=cluster_name, region=region)
    NewClusterWithAddons(
        app,
        FARGATE_CLUSTER_STACK,
        cluster_name=f"{cluster_name}-fargate",
        region=region,
        fargate_only=True,
    )
    AutoModeCluster(
        app, AUTO_MODE_CLUSTER_STACK, cluster_name=f"{cluster_name}-auto", region=region
    )
    PlatformCluster(
        app, PLATFORM_CLUSTER_STACK, cluster_name=f"{cluster_name}-platform", region=region
    )
    return app
