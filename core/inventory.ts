import { ImageCatalog } from "./catalog";
import { CycleMode, isCycleMode, keepsNodeIdentity } from "./cycling";
import { assessPin, ImageStatus } from "./imageStatus";
import { KubeVersion, formatKubeVersion } from "./kubeVersion";
import { ShapeImageNeeds, shapeImageNeeds } from "./shape";
import { checkSkew } from "./skew";

/**
 * Pools found in a tenancy (not necessarily managed by Pulumi), assessed the way the policy pack
 * would judge them, with the recovery path Oracle documents for each. Pure: the caller reads the
 * `oci ce node-pool list` / `oci ce cluster list` output.
 */

/** What the inventory needs of a cluster (from `oci ce cluster list`). */
export interface InventoryCluster {
  readonly id: string;
  readonly name: string;
  readonly kubernetesVersion?: KubeVersion;
  readonly type?: string;
  readonly availableUpgrades: readonly string[];
}

/** What the inventory needs of a node pool (from `oci ce node-pool list`). */
export interface InventoryPool {
  readonly id: string;
  readonly name: string;
  readonly clusterId: string;
  readonly kubernetesVersion?: KubeVersion;
  readonly shape: string;
  readonly imageId?: string;
  /** The image's name as the pool records it (`node-source.source-name`, or the deprecated `node-image-name`). */
  readonly imageName?: string;
  readonly cyclingEnabled?: boolean;
  readonly cycleModes: readonly string[];
  /** Whether something outside the pool points at its nodes' IPs: `undefined` = not known. */
  readonly reliesOnNodeIps?: boolean;
}

export type RecoveryPath = "none" | "boot-volume-replace" | "blue-green" | "multi-version";

export interface PoolAssessment {
  readonly pool: InventoryPool;
  readonly cluster?: InventoryCluster;
  readonly needs: ShapeImageNeeds;
  readonly image: {
    readonly status: ImageStatus | "unknown";
    readonly name?: string;
    readonly replacement?: { readonly imageId: string; readonly sourceName: string };
    /** Why no replacement could be named. */
    readonly note?: string;
  };
  readonly skew?: {
    readonly ok: boolean;
    readonly minorsBehind: number;
    readonly allowedMinors: number;
    readonly explanation?: string;
  };
  /** The cycle mode the pool would use, and whether cycling keeps node IPs. */
  readonly cycling: {
    readonly enabled: boolean;
    readonly mode?: CycleMode;
    readonly keepsNodeIps?: boolean;
  };
  /** Node IPs matter unless known not to: an unknown reliance is treated as relied on. */
  readonly ipsMatter: boolean;
  readonly path: RecoveryPath;
  /** The steps, in order, one pool at a time. */
  readonly steps: readonly string[];
}

/** Minors the control plane is behind the newest version the catalog offers (0 when current or unknown). */
export function minorsBehindCatalog(
  cluster: InventoryCluster | undefined,
  catalog: ImageCatalog,
): number {
  const newest = catalog.kubernetesVersions().at(-1);
  if (!cluster?.kubernetesVersion || !newest || newest.major !== cluster.kubernetesVersion.major)
    return 0;
  return Math.max(0, newest.minor - cluster.kubernetesVersion.minor);
}

export function assessInventoryPool(
  pool: InventoryPool,
  cluster: InventoryCluster | undefined,
  catalog: ImageCatalog,
): PoolAssessment {
  const needs = shapeImageNeeds(pool.shape);
  let image: PoolAssessment["image"];
  if (!pool.imageId || !pool.kubernetesVersion) {
    image = { status: "unknown", note: "the pool lists no image OCID or no Kubernetes version" };
  } else {
    const a = assessPin(
      catalog,
      { imageId: pool.imageId, ...(pool.imageName ? { sourceName: pool.imageName } : {}) },
      pool.kubernetesVersion,
      needs,
    );
    image = {
      status: a.status,
      ...(a.sourceName ? { name: a.sourceName } : {}),
      ...(a.replacement
        ? { replacement: { imageId: a.replacement.imageId, sourceName: a.replacement.sourceName } }
        : a.status === "retired"
          ? {
              note: `the catalog has no image of its OS for ${formatKubeVersion(pool.kubernetesVersion)}: upgrade the pool's version with a current image`,
            }
          : {}),
    };
  }
  const skewVerdict =
    pool.kubernetesVersion && cluster?.kubernetesVersion
      ? checkSkew(pool.kubernetesVersion, cluster.kubernetesVersion)
      : undefined;
  const skew = skewVerdict && {
    ok: skewVerdict.ok,
    minorsBehind: skewVerdict.minorsBehind,
    allowedMinors: skewVerdict.allowedMinors,
    ...(!skewVerdict.ok ? { explanation: skewVerdict.explanation } : {}),
  };
  const mode = pool.cycleModes.find(isCycleMode);
  const enabled = pool.cyclingEnabled === true;
  const cycling = {
    enabled,
    ...(mode ? { mode, keepsNodeIps: keepsNodeIdentity(mode) } : {}),
  };
  const ipsMatter = pool.reliesOnNodeIps !== false;
  const behind = minorsBehindCatalog(cluster, catalog);
  const enhanced = cluster?.type === "ENHANCED_CLUSTER";
  const needsWork = image.status === "retired" || image.status === "update-available";
  const skewOk = skew?.ok !== false;
  let path: RecoveryPath = "none";
  const steps: string[] = [];
  const target = image.replacement
    ? `${image.replacement.sourceName} (${image.replacement.imageId})`
    : "a current image for its version";
  if (!skewOk || behind >= 2) {
    path = "multi-version";
    steps.push(
      `the ${!skewOk ? "pool is out of skew" : `control plane is ${behind} minor versions behind the newest the region offers`}: upgrade one minor version at a time — move the pools that the next control-plane version would leave out of skew first, then the control plane (adopt the cluster, then \`npm run plan-upgrade -- --stack <stack> --to <version>\` prints every step)`,
    );
  }
  if (needsWork || path === "multi-version") {
    if (ipsMatter) {
      if (path === "none") path = "boot-volume-replace";
      steps.push(
        needsWork
          ? `update the pool's image first: nodeSourceDetails.imageId → ${target}; the pool need not be replaced`
          : "at each version step, update the pool's image together with its kubernetesVersion to the catalog's image for that version (the plan names it); the pool need not be replaced",
      );
      steps.push(
        enhanced
          ? `cycle its nodes with BOOT_VOLUME_REPLACE (nodes keep their OCIDs and private IPs; maximumUnavailable ≥ 1)${mode === "INSTANCE_REPLACE" ? " — not INSTANCE_REPLACE as configured, which gives nodes new IPs" : ""}`
          : "the cluster is BASIC_CLUSTER, where node cycling is not available: replace nodes one at a time (scale up, cordon and drain, scale down), or upgrade the cluster to ENHANCED_CLUSTER to cycle with BOOT_VOLUME_REPLACE",
      );
    } else {
      if (path === "none") path = "blue-green";
      steps.push(
        `create a new pool with ${target} at the pool's version, move the workloads (cordon and drain the old nodes), validate, then delete the old pool — nothing relies on the old nodes' IPs`,
      );
    }
    steps.push("one pool at a time: let each finish before starting the next");
  }
  return {
    pool,
    ...(cluster ? { cluster } : {}),
    needs,
    image,
    ...(skew ? { skew } : {}),
    cycling,
    ipsMatter,
    path,
    steps,
  };
}

/** Pools in the order an operator should take them: most urgent first (retired, then out of skew, then outdated). */
export function byUrgency(a: PoolAssessment, b: PoolAssessment): number {
  const rank = (x: PoolAssessment) =>
    x.image.status === "retired"
      ? 0
      : x.skew?.ok === false
        ? 1
        : x.image.status === "update-available"
          ? 2
          : 3;
  return (
    rank(a) - rank(b) ||
    (a.cluster?.name ?? "").localeCompare(b.cluster?.name ?? "") ||
    a.pool.name.localeCompare(b.pool.name)
  );
}
