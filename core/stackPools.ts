import { ImageCatalog, ImageCriteria } from "./catalog";
import { CycleMode } from "./cycling";
import { parseImageName } from "./imageName";
import { criteriaFor } from "./imageStatus";
import { KubeVersion } from "./kubeVersion";
import { ResolvedImage, ResolvedNodePool } from "./nodePoolSpec";
import { ShapeImageNeeds } from "./shape";

/**
 * A pool as the stack config declares it, for the tools that plan changes to that config (the
 * upgrade planner, the pin updater): a `nodePools` entry or one colour of a blue/green pair.
 */
export interface StackPool {
  /** The pool's name: the entry's `name`, or `<pair>-<colour>`. */
  readonly name: string;
  /** Where its settings live in the stack config, e.g. `oke-pools:nodePools[0]` or `oke-pools:blueGreenPools[0].green`. */
  readonly keyPath: string;
  readonly shape: string;
  readonly needs: ShapeImageNeeds;
  /** The version the config writes; absent when the pool follows the control plane's. */
  readonly explicitVersion?: KubeVersion;
  readonly image: ResolvedImage;
  readonly cycleMode: CycleMode;
  readonly cyclingEnabled: boolean;
}

/** A stack pool from its validated settings; `explicit` says whether the config wrote `kubernetesVersion`. */
export function stackPool(
  name: string,
  keyPath: string,
  resolved: ResolvedNodePool,
  explicit: boolean,
): StackPool {
  return {
    name,
    keyPath,
    shape: resolved.shape,
    needs: resolved.needs,
    ...(explicit ? { explicitVersion: resolved.kubernetesVersion } : {}),
    image: resolved.image,
    cycleMode: resolved.cycling.mode,
    cyclingEnabled: resolved.cycling.enabled,
  };
}

/** The pool's version: its own, or the control plane's it follows. */
export function effectiveVersion(pool: StackPool, controlPlane: KubeVersion): KubeVersion {
  return pool.explicitVersion ?? controlPlane;
}

/**
 * The OS a pool's images must keep (family and major): from the pin's source name, else from
 * the catalog's entry for the pinned OCID, else from the selector. `undefined` when unknown.
 */
export function poolOs(
  pool: StackPool,
  catalog: ImageCatalog,
): { osFamily: string; osMajor?: number; osMinor?: number } | undefined {
  if (pool.image.kind === "selector") {
    return {
      osFamily: pool.image.osFamily,
      ...(pool.image.osMajor !== undefined ? { osMajor: pool.image.osMajor } : {}),
      ...(pool.image.osMinor !== undefined ? { osMinor: pool.image.osMinor } : {}),
    };
  }
  const name = pool.image.sourceName ?? catalog.lookup(pool.image.imageId)?.sourceName;
  const parsed = name === undefined ? undefined : parseImageName(name);
  return parsed?.recognised
    ? { osFamily: parsed.image.osFamily, osMajor: parsed.image.osMajor }
    : undefined;
}

/** What an image for this pool at `version` must be: the pool's OS, its shape's arch and GPU-ness. */
export function poolCriteria(
  pool: StackPool,
  catalog: ImageCatalog,
  version: KubeVersion,
): ImageCriteria | undefined {
  const os = poolOs(pool, catalog);
  if (!os) return undefined;
  return {
    ...criteriaFor(version, pool.needs),
    osFamily: os.osFamily,
    ...(os.osMajor !== undefined ? { osMajor: os.osMajor } : {}),
    ...(os.osMinor !== undefined ? { osMinor: os.osMinor } : {}),
  };
}
