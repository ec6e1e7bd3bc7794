import { ImageCatalog } from "./catalog";
import { CycleMode, keepsNodeIdentity } from "./cycling";
import {
  KubeVersion,
  compareKubeVersions,
  formatKubeVersion,
  sameKubeVersion,
} from "./kubeVersion";
import { describeNeeds } from "./shape";
import { checkSkew } from "./skew";
import { StackPool, effectiveVersion, poolCriteria } from "./stackPools";

/**
 * The upgrade path from a stack's current versions to a target: the control plane one minor at
 * a time (the newest patch the catalog offers of each intermediate minor), and before each
 * control-plane step the pools that the next version would leave out of skew, each moved to an
 * image the catalog offers for its new version. Pure: the caller reads the stack and catalog.
 */

/** One stack-config edit, e.g. `oke-pools:nodePools[0].kubernetesVersion: v1.34.2 → v1.35.2`. */
export interface ConfigChange {
  readonly key: string;
  /** Absent when the key is not written today (the pool followed the control plane). */
  readonly from?: string;
  readonly to: string;
}

/** A pool changing version, with what its nodes go through. */
export interface PoolMove {
  readonly pool: string;
  readonly keyPath: string;
  readonly from: string;
  readonly to: string;
  /** The new pin; absent for pools that choose their image by OS (it floats with the version). */
  readonly image?: { readonly imageId: string; readonly sourceName: string };
  readonly cycleMode: CycleMode;
  readonly cyclingEnabled: boolean;
  /** BOOT_VOLUME_REPLACE keeps node OCIDs and private IPs; INSTANCE_REPLACE does not. */
  readonly keepsNodeIps: boolean;
  /** The pool has no kubernetesVersion of its own and moves with the control plane. */
  readonly followsControlPlane: boolean;
}

export type PlanStep =
  | {
      readonly kind: "pool";
      readonly why: "skew" | "catch-up";
      /** Human reason, e.g. "v1.32.10 would be 4 minors behind v1.36.0 (3 allowed)". */
      readonly reason: string;
      readonly controlPlane: string;
      readonly move: PoolMove;
      readonly changes: readonly ConfigChange[];
    }
  | {
      readonly kind: "control-plane";
      readonly from: string;
      readonly to: string;
      /** Pools without a version of their own: they move in the same update. */
      readonly followers: readonly PoolMove[];
      readonly changes: readonly ConfigChange[];
    };

export interface UpgradePlan {
  readonly controlPlane: { readonly from: string; readonly to: string };
  readonly pools: readonly {
    readonly pool: string;
    readonly keyPath: string;
    readonly from: string;
    readonly to: string;
  }[];
  readonly steps: readonly PlanStep[];
}

/** A target that cannot be planned; the message says why and what to do. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanError";
  }
}

export interface UpgradePlanInput {
  readonly controlPlane: KubeVersion;
  readonly pools: readonly StackPool[];
  /** `v1.36.0`, or `v1.36` for the newest patch the catalog offers. */
  readonly target: KubeVersion;
}

/** The newest patch of each minor the catalog offers. */
function offered(catalog: ImageCatalog): KubeVersion[] {
  return catalog.kubernetesVersions();
}

function newestPatch(
  versions: readonly KubeVersion[],
  major: number,
  minor: number,
): KubeVersion | undefined {
  const same = versions.filter((v) => v.major === major && v.minor === minor);
  return same.length ? same[same.length - 1] : undefined;
}

/** Plans the upgrade; throws {@link PlanError} for downgrades, versions the catalog does not offer and unreachable pools. */
export function planUpgrade(catalog: ImageCatalog, input: UpgradePlanInput): UpgradePlan {
  const versions = offered(catalog);
  const list = versions.map(formatKubeVersion).join(", ") || "none";
  const start = input.controlPlane;
  let target = input.target;
  if (target.patch === undefined) {
    const newest = newestPatch(versions, target.major, target.minor);
    if (!newest)
      throw new PlanError(
        `the catalog offers no ${formatKubeVersion(target)}.x release; versions offered: ${list}`,
      );
    target = newest;
  } else if (!versions.some((v) => sameKubeVersion(v, target))) {
    throw new PlanError(
      `the catalog does not offer ${formatKubeVersion(target)}; versions offered: ${list}`,
    );
  }
  if (target.major !== start.major)
    throw new PlanError(
      `${formatKubeVersion(target)} is another major version than the control plane's ${formatKubeVersion(start)}; OKE upgrades within a major version only`,
    );
  if (compareKubeVersions(target, start) < 0) {
    throw new PlanError(
      `${formatKubeVersion(target)} is older than the control plane's ${formatKubeVersion(start)}: OKE control planes cannot be downgraded`,
    );
  }
  for (const pool of input.pools) {
    const v = effectiveVersion(pool, start);
    if (compareKubeVersions(v, start) > 0) {
      throw new PlanError(
        `pool ${pool.name} runs ${formatKubeVersion(v)}, newer than the control plane's ${formatKubeVersion(start)}; fix ${pool.keyPath}.kubernetesVersion first (kubelets may never be newer than the API server)`,
      );
    }
  }

  // Control-plane stops: each intermediate minor at its newest offered patch, then the target.
  const stops: KubeVersion[] = [];
  for (let minor = start.minor + 1; minor < target.minor; minor++) {
    const stop = newestPatch(versions, start.major, minor);
    if (!stop)
      throw new PlanError(
        `the catalog offers no v${start.major}.${minor}.x release, and the control plane must pass through every minor version; versions offered: ${list}`,
      );
    stops.push(stop);
  }
  if (compareKubeVersions(target, start) > 0) stops.push(target);

  const current = new Map(input.pools.map((p) => [p.name, effectiveVersion(p, start)]));
  const pins: Pins = new Map();
  for (const p of input.pools)
    if (p.image.kind === "pinned")
      pins.set(p.name, {
        imageId: p.image.imageId,
        ...(p.image.sourceName ? { sourceName: p.image.sourceName } : {}),
      });
  const steps: PlanStep[] = [];
  let cp = start;
  for (const next of stops) {
    for (const pool of input.pools) {
      if (!pool.explicitVersion) continue;
      const v = current.get(pool.name)!;
      const skew = checkSkew(v, next);
      if (skew.ok) continue;
      const to = chooseVersion(catalog, pool, versions, v, cp, (c) => checkSkew(c, next).ok);
      const move = poolMove(catalog, pool, v, to, false);
      steps.push({
        kind: "pool",
        why: "skew",
        reason: `${formatKubeVersion(v)} would be ${skew.minorsBehind} minor versions behind the control plane's next version ${formatKubeVersion(next)} (at most ${skew.allowedMinors} supported)`,
        controlPlane: formatKubeVersion(cp),
        move,
        changes: moveChanges(pool, move, pins),
      });
      current.set(pool.name, to);
    }
    const followers = input.pools
      .filter((p) => !p.explicitVersion)
      .map((p) => poolMove(catalog, p, cp, next, true));
    for (const p of input.pools) if (!p.explicitVersion) current.set(p.name, next);
    steps.push({
      kind: "control-plane",
      from: formatKubeVersion(cp),
      to: formatKubeVersion(next),
      followers,
      changes: [
        {
          key: "oke-pools:kubernetesVersion",
          from: formatKubeVersion(cp),
          to: formatKubeVersion(next),
        },
        ...followers.flatMap((m) =>
          imageChanges(
            input.pools.find((p) => p.name === m.pool)!,
            m,
            pins,
          ),
        ),
      ],
    });
    cp = next;
  }
  // Pools with their own version catch up with the control plane.
  for (const pool of input.pools) {
    if (!pool.explicitVersion) continue;
    const v = current.get(pool.name)!;
    if (compareKubeVersions(v, target) >= 0) continue;
    const to = chooseVersion(catalog, pool, versions, v, target, () => true);
    const move = poolMove(catalog, pool, v, to, false);
    steps.push({
      kind: "pool",
      why: "catch-up",
      reason: `catch up with the control plane's ${formatKubeVersion(target)}`,
      controlPlane: formatKubeVersion(target),
      move,
      changes: moveChanges(pool, move, pins),
    });
    current.set(pool.name, to);
  }
  return {
    controlPlane: { from: formatKubeVersion(start), to: formatKubeVersion(target) },
    pools: input.pools.map((p) => ({
      pool: p.name,
      keyPath: p.keyPath,
      from: formatKubeVersion(effectiveVersion(p, start)),
      to: formatKubeVersion(current.get(p.name)!),
    })),
    steps,
  };
}

/**
 * The version a pool moves to: the newest the catalog offers an image for, no newer than
 * `ceiling` (the control plane it runs under), newer than where it is, and acceptable to `fits`.
 */
function chooseVersion(
  catalog: ImageCatalog,
  pool: StackPool,
  versions: readonly KubeVersion[],
  from: KubeVersion,
  ceiling: KubeVersion,
  fits: (v: KubeVersion) => boolean,
): KubeVersion {
  const candidates = versions.filter(
    (v) => compareKubeVersions(v, ceiling) <= 0 && compareKubeVersions(v, from) > 0 && fits(v),
  );
  for (let i = candidates.length - 1; i >= 0; i--) {
    const criteria = poolCriteria(pool, catalog, candidates[i]);
    if (!criteria) throw unknownOs(pool);
    if (catalog.newest(criteria)) return candidates[i];
  }
  throw new PlanError(
    `pool ${pool.name} (${formatKubeVersion(from)}) must move before the control plane does, but the catalog offers no ${describeNeeds(pool.needs)} image of its OS for any version up to ${formatKubeVersion(ceiling)} that keeps it within skew`,
  );
}

function poolMove(
  catalog: ImageCatalog,
  pool: StackPool,
  from: KubeVersion,
  to: KubeVersion,
  follows: boolean,
): PoolMove {
  let image: PoolMove["image"];
  const criteria = poolCriteria(pool, catalog, to);
  if (!criteria) throw unknownOs(pool);
  const best = catalog.newest(criteria);
  if (!best) {
    throw new PlanError(
      `pool ${pool.name} follows the control plane to ${formatKubeVersion(to)}, but the catalog offers no ${describeNeeds(pool.needs)} image of its OS (${criteria.osFamily ?? "?"} ${criteria.osMajor ?? ""}) for that version; give the pool its own kubernetesVersion or choose another target`,
    );
  }
  if (pool.image.kind === "pinned") image = { imageId: best.imageId, sourceName: best.sourceName };
  return {
    pool: pool.name,
    keyPath: pool.keyPath,
    from: formatKubeVersion(from),
    to: formatKubeVersion(to),
    ...(image ? { image } : {}),
    cycleMode: pool.cycleMode,
    cyclingEnabled: pool.cyclingEnabled,
    keepsNodeIps: keepsNodeIdentity(pool.cycleMode),
    followsControlPlane: follows,
  };
}

type Pins = Map<string, { readonly imageId: string; readonly sourceName?: string }>;

function moveChanges(pool: StackPool, move: PoolMove, pins: Pins): ConfigChange[] {
  return [
    { key: `${pool.keyPath}.kubernetesVersion`, from: move.from, to: move.to },
    ...imageChanges(pool, move, pins),
  ];
}

/** The pin edits of a move; records the new pin so a later move of the same pool starts from it. */
function imageChanges(pool: StackPool, move: PoolMove, pins: Pins): ConfigChange[] {
  const pin = pins.get(pool.name);
  if (!move.image || !pin) return [];
  pins.set(pool.name, move.image);
  return [
    { key: `${pool.keyPath}.image.imageId`, from: pin.imageId, to: move.image.imageId },
    {
      key: `${pool.keyPath}.image.sourceName`,
      ...(pin.sourceName ? { from: pin.sourceName } : {}),
      to: move.image.sourceName,
    },
  ];
}

function unknownOs(pool: StackPool): PlanError {
  return new PlanError(
    `pool ${pool.name}: the OS of its pinned image is unknown (no ${pool.keyPath}.image.sourceName, and the catalog no longer lists the OCID), so no image can be chosen for a new version; add image.sourceName`,
  );
}
