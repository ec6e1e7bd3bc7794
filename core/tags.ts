/**
 * Freeform tags and node labels this project writes on node pools, so that a reader or a
 * policy knows what an image OCID was after the catalog has forgotten it, and which pools
 * form a blue/green pair. OCI freeform tag keys allow letters, digits, `-` and `_`.
 */
export const TAG_IMAGE_SOURCE_NAME = "okepools-image-source-name";
export const TAG_KUBERNETES_VERSION = "okepools-kubernetes-version";
export const TAG_POOL_NAME = "okepools-pool";
export const TAG_PAIR = "okepools-pair";
export const TAG_COLOUR = "okepools-colour";
export const TAG_ACTIVE_COLOUR = "okepools-active-colour";

/** Kubernetes node labels (initialNodeLabels) used to place workloads on a pool or colour. */
export const LABEL_POOL = "okepools.io/pool";
export const LABEL_PAIR = "okepools.io/pair";
export const LABEL_COLOUR = "okepools.io/colour";

/** Component type tokens; policies find published catalogs and pools by them. */
export const TYPE_NODE_POOL_COMPONENT = "okepools:index:OkeNodePool";
export const TYPE_BLUE_GREEN_COMPONENT = "okepools:index:BlueGreenNodePool";
export const TYPE_IMAGE_CATALOG_COMPONENT = "okepools:index:ImageCatalog";

/** OCI type tokens (@pulumi/oci 4.x). */
export const TYPE_OCI_NODE_POOL = "oci:ContainerEngine/nodePool:NodePool";
export const TYPE_OCI_CLUSTER = "oci:ContainerEngine/cluster:Cluster";
export const TYPE_OCI_LB_BACKEND = "oci:LoadBalancer/backend:Backend";
export const TYPE_OCI_NLB_BACKEND = "oci:NetworkLoadBalancer/backend:Backend";
export const TOKEN_NODE_POOL_OPTION = "oci:ContainerEngine/getNodePoolOption:getNodePoolOption";

/** Kubernetes type tokens (@pulumi/kubernetes 4.x). */
export const TYPE_K8S_DEPLOYMENT = "kubernetes:apps/v1:Deployment";
export const TYPE_K8S_STATEFULSET = "kubernetes:apps/v1:StatefulSet";
export const TYPE_K8S_PDB = "kubernetes:policy/v1:PodDisruptionBudget";
export const TYPE_K8S_SERVICE = "kubernetes:core/v1:Service";

/** AKS type tokens: azure-native (any API version is recognised by core/aks/types.ts) and classic azure. */
export const MANAGED_CLUSTER_TYPE = "azure-native:containerservice:ManagedCluster";
export const AGENT_POOL_TYPE = "azure-native:containerservice:AgentPool";
export const CLASSIC_CLUSTER_TYPE = "azure:containerservice/kubernetesCluster:KubernetesCluster";
export const CLASSIC_NODE_POOL_TYPE =
  "azure:containerservice/kubernetesClusterNodePool:KubernetesClusterNodePool";
