import { KubeVersion } from "../kubeVersion";
import { ABSENT, Reading, UNKNOWN, isRecord, known, valueOf } from "../read";
import { PlainResource, wellFormed } from "../resources";
import { okeClusters, okeNodePools } from "./pools";
import { ClusterView, PoolView } from "./types";

export * from "./types";
export { sourceDetailsImageId } from "./pools";

/** The pools a resource holds (OKE: a NodePool holds one). */
export function poolsOf(resource: PlainResource): PoolView[] {
  if (!isRecord(resource) || typeof resource.type !== "string") return [];
  return okeNodePools(resource);
}

export function clustersOf(resource: PlainResource): ClusterView[] {
  if (!isRecord(resource) || typeof resource.type !== "string") return [];
  return okeClusters(resource);
}

/** A stack's resources with their pools and clusters picked out once. */
export interface StackModel {
  readonly resources: readonly PlainResource[];
  readonly byUrn: ReadonlyMap<string, PlainResource>;
  readonly pools: readonly PoolView[];
  readonly clusters: readonly ClusterView[];
}

/** Models by the resource list they were built from: the pack's stack policies share one list. */
const models = new WeakMap<object, StackModel>();

/** The stack model of a resource list, built once per list (the rules never change it). */
export function buildStackModel(resources: unknown): StackModel {
  const hit =
    typeof resources === "object" && resources !== null ? models.get(resources) : undefined;
  if (hit) return hit;
  const list = wellFormed(resources);
  const model = {
    resources: list,
    byUrn: new Map(list.map((r) => [r.urn, r])),
    pools: list.flatMap((r) => poolsOf(r)),
    clusters: list.flatMap((r) => clustersOf(r)),
  };
  if (typeof resources === "object" && resources !== null) models.set(resources, model);
  return model;
}

/** Clusters outside the stack, described in policy config by id. */
export interface ExternalClusters {
  readonly versions?: ReadonlyMap<string, KubeVersion>;
  readonly types?: ReadonlyMap<string, string>;
}

/** The control plane a pool joins and how it was found. */
export interface ControlPlane {
  /** `pending`: an in-stack cluster whose id is not known yet may be the pool's; nothing is known about it. */
  readonly via: "property dependency" | "equal id" | "dependency" | "config" | "pending";
  /** Set when the cluster is in the stack. */
  readonly cluster?: ClusterView;
  readonly id?: string;
  /** For messages: `cluster "prod"` or `cluster ocid1.cluster…`. */
  readonly label: string;
  readonly kubernetesVersion: Reading<KubeVersion>;
  readonly clusterType: Reading<string>;
}

function fromStack(cluster: ClusterView, via: ControlPlane["via"]): ControlPlane {
  const plane: { -readonly [K in keyof ControlPlane]: ControlPlane[K] } = {
    via,
    cluster,
    label: `cluster "${cluster.displayName ?? cluster.resourceName}"`,
    kubernetesVersion: cluster.kubernetesVersion,
    clusterType: cluster.clusterType,
  };
  const id = valueOf(cluster.id);
  if (id) plane.id = id; // set, not spread: built for every pool by most rules
  return plane;
}

/**
 * Finds a pool's control plane: a cluster its cluster-id property depends on, else one whose
 * id equals the pool's cluster id, else the only cluster among its dependencies, else the
 * config's description of an external cluster. `undefined` when none applies.
 */
export function controlPlaneOf(
  pool: PoolView,
  model: StackModel,
  external: ExternalClusters = {},
): ControlPlane | undefined {
  const sameProvider = model.clusters.filter((c) => c.provider === pool.provider);
  const linked = sameProvider.find((c) => pool.clusterLinks.includes(c.urn));
  if (linked) return fromStack(linked, "property dependency");
  const id = valueOf(pool.clusterId);
  if (id !== undefined) {
    const equal = sameProvider.find((c) => valueOf(c.id) === id);
    if (equal) return fromStack(equal, "equal id");
  }
  const deps = sameProvider.filter((c) => pool.dependencies.includes(c.urn));
  if (deps.length === 1) return fromStack(deps[0], "dependency");
  if (id !== undefined && sameProvider.some((c) => c.id.state === "unknown")) {
    // Config describes clusters outside the stack; it must not stand in for one of the stack's own.
    return {
      via: "pending",
      id,
      label: `cluster ${id}`,
      kubernetesVersion: UNKNOWN,
      clusterType: UNKNOWN,
    };
  }
  if (id !== undefined) {
    const version = external.versions?.get(id);
    const type = external.types?.get(id);
    if (version !== undefined || type !== undefined) {
      return {
        via: "config",
        id,
        label: `cluster ${id}`,
        kubernetesVersion: version ? known(version) : ABSENT,
        clusterType: type ? known(type) : ABSENT,
      };
    }
  }
  return undefined;
}

/** `node pool "workers"`, with the cloud's name when it differs. */
export function poolLabel(pool: PoolView): string {
  return `node pool "${pool.resourceName}"${pool.displayName ? ` (named "${pool.displayName}")` : ""}`;
}
