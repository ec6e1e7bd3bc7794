/**
 * The OCI provider's force-new inputs (terraform-provider-oci `ForceNew: true`, which the Pulumi
 * bridge turns into a replacement) for the types this project manages, in Pulumi's camelCase
 * property paths, and what a BOOT_VOLUME_REPLACE cycle can apply. One table, pure: the offline
 * planner and the plan gate both read it. Sources: ../shared/pulumi/FACTS.md §7.
 */
import { TYPE_OCI_CLUSTER, TYPE_OCI_LB_BACKEND, TYPE_OCI_NODE_POOL } from "./tags";

/** One force-new input. `whenOldSet`: replaces only when the stored value was non-empty (a CustomizeDiff `ForceNewIfChange`). */
export interface ForceNewField {
  /** Property path: `a.b` for nested objects; a list's elements are under the path too. */
  readonly path: string;
  /** The provider's attribute, for the report. */
  readonly attribute: string;
  readonly whenOldSet?: boolean;
}

/** Per type token; types without an entry replace on nothing (every change is an in-place update). */
export const FORCE_NEW_FIELDS: Readonly<Record<string, readonly ForceNewField[]>> = {
  [TYPE_OCI_NODE_POOL]: [
    { path: "clusterId", attribute: "cluster_id" },
    { path: "compartmentId", attribute: "compartment_id" },
    {
      path: "nodeConfigDetails.computeClusterId",
      attribute: "node_config_details.compute_cluster_id",
    },
    {
      path: "nodeConfigDetails.nodePoolPodNetworkOptionDetails.cniType",
      attribute: "node_config_details.node_pool_pod_network_option_details.cni_type",
    },
    { path: "nodeImageId", attribute: "node_image_id (deprecated)" },
    { path: "nodeImageName", attribute: "node_image_name (deprecated)" },
  ],
  [TYPE_OCI_CLUSTER]: [
    { path: "compartmentId", attribute: "compartment_id" },
    { path: "vcnId", attribute: "vcn_id" },
    { path: "clusterPodNetworkOptions", attribute: "cluster_pod_network_options" },
    { path: "kmsKeyId", attribute: "kms_key_id" },
    { path: "options.ipFamilies", attribute: "options.ip_families" },
    { path: "options.kubernetesNetworkConfig", attribute: "options.kubernetes_network_config" },
    { path: "options.serviceLbSubnetIds", attribute: "options.service_lb_subnet_ids" },
    { path: "endpointConfig.subnetId", attribute: "endpoint_config.subnet_id", whenOldSet: true },
  ],
  [TYPE_OCI_LB_BACKEND]: [
    { path: "backendsetName", attribute: "backendset_name" },
    { path: "ipAddress", attribute: "ip_address" },
    { path: "loadBalancerId", attribute: "load_balancer_id" },
    { path: "port", attribute: "port" },
  ],
};

/** Path segments of `a.b[0]["c.d"]`. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null && m[0] !== "") {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(`"${m[3]}"`) as string);
    if (re.lastIndex >= path.length) break;
  }
  return out;
}

/** Whether `path` is `prefix` or lies under it (list indices of `prefix` included). */
export function isUnderPath(path: string, prefix: string): boolean {
  const p = pathSegments(path).filter((s) => typeof s === "string");
  const q = pathSegments(prefix).filter((s) => typeof s === "string");
  return q.length <= p.length && q.every((s, i) => p[i] === s);
}

/** The force-new field a changed property path falls under, if any. */
export function forceNewFieldFor(type: string, path: string): ForceNewField | undefined {
  return (FORCE_NEW_FIELDS[type] ?? []).find((f) => isUnderPath(path, f.path));
}

/** Node pool fields a BOOT_VOLUME_REPLACE cycle applies (OKE "Replacing Boot Volumes of Worker Nodes"). */
export const BOOT_VOLUME_REPLACE_APPLIES: readonly string[] = [
  "nodeSourceDetails.imageId",
  "nodeSourceDetails.bootVolumeSizeInGbs",
  "nodeConfigDetails.kmsKeyId",
  "kubernetesVersion",
  "nodeMetadata",
  "sshPublicKey",
];

/** Node pool fields that change the pool, not its nodes: no cycle is involved. */
export const POOL_LEVEL_FIELDS: readonly string[] = [
  "name",
  "nodeConfigDetails.size",
  "freeformTags",
  "definedTags",
  "nodeEvictionNodePoolSettings",
  "nodePoolCyclingDetails",
  "nodeSourceDetails.sourceType",
];

/** Node pool fields that are the pool's placement; OKE refuses to change them while cycling is on (409). */
export const PLACEMENT_FIELDS: readonly string[] = ["nodeConfigDetails.placementConfigs"];

/** How a BOOT_VOLUME_REPLACE cycle takes a changed node pool field. */
export function bootVolumeCycleTakes(path: string): "applies" | "no-cycle" | "cannot-apply" {
  if (BOOT_VOLUME_REPLACE_APPLIES.some((f) => isUnderPath(path, f))) return "applies";
  if (POOL_LEVEL_FIELDS.some((f) => isUnderPath(path, f))) return "no-cycle";
  return "cannot-apply";
}

export function isPlacementField(path: string): boolean {
  return PLACEMENT_FIELDS.some((f) => isUnderPath(path, f));
}
