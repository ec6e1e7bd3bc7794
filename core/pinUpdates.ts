import { ImageCatalog } from "./catalog";
import { describeNeeds } from "./shape";
import { assessPin } from "./imageStatus";
import { KubeVersion, formatKubeVersion } from "./kubeVersion";
import { StackPool, effectiveVersion } from "./stackPools";

/**
 * Which image pins of a stack to rewrite: each pinned pool's newest current image for its own
 * version, OS, arch and GPU-ness (core/imageStatus.ts assessPin). Retired pins are replaced,
 * outdated ones bumped; a version is never changed. Pure: the caller edits the file.
 */

export interface PinChange {
  readonly pool: string;
  readonly keyPath: string;
  /** `source-name`: the pin is current but its recorded source name is missing or not the catalog's. */
  readonly status: "retired" | "update-available" | "source-name";
  readonly kubernetesVersion: string;
  readonly from: { readonly imageId: string; readonly sourceName?: string };
  readonly to: { readonly imageId: string; readonly sourceName: string };
}

/** A retired pin with nothing to replace it (the catalog has no image for the pool's version). */
export interface PinProblem {
  readonly pool: string;
  readonly keyPath: string;
  readonly message: string;
}

export interface PinReview {
  readonly changes: readonly PinChange[];
  readonly problems: readonly PinProblem[];
  /** Pools whose pin is the newest image already. */
  readonly current: readonly string[];
  /** Pools that choose their image by OS (nothing to pin; they float). */
  readonly floating: readonly string[];
}

/** Whether a review should fail a CI check: a pin is retired or a newer image exists. */
export function pinsNeedAttention(review: PinReview): boolean {
  return review.problems.length > 0 || review.changes.some((c) => c.status !== "source-name");
}

export function reviewPins(
  catalog: ImageCatalog,
  pools: readonly StackPool[],
  controlPlane: KubeVersion,
): PinReview {
  const changes: PinChange[] = [];
  const problems: PinProblem[] = [];
  const current: string[] = [];
  const floating: string[] = [];
  for (const pool of pools) {
    if (pool.image.kind !== "pinned") {
      floating.push(pool.name);
      continue;
    }
    const version = effectiveVersion(pool, controlPlane);
    const pin = {
      imageId: pool.image.imageId,
      ...(pool.image.sourceName ? { sourceName: pool.image.sourceName } : {}),
    };
    const a = assessPin(catalog, pin, version, pool.needs);
    if (a.status === "current") {
      // The pin is the newest; a missing or stale source name is still worth writing down.
      const listed = catalog.lookup(pin.imageId);
      if (listed && listed.sourceName !== pin.sourceName) {
        changes.push({
          pool: pool.name,
          keyPath: pool.keyPath,
          status: "source-name",
          kubernetesVersion: formatKubeVersion(version),
          from: pin,
          to: { imageId: listed.imageId, sourceName: listed.sourceName },
        });
      } else current.push(pool.name);
      continue;
    }
    if (!a.replacement) {
      const os = a.criteria.osFamily
        ? ` ${a.criteria.osFamily} ${a.criteria.osMajor ?? ""}`.trimEnd()
        : "";
      problems.push({
        pool: pool.name,
        keyPath: pool.keyPath,
        message:
          a.criteria.osFamily === undefined
            ? `pinned image ${pin.imageId} is retired and its OS is unknown (no image.sourceName); add ${pool.keyPath}.image.sourceName or pin a current image by hand`
            : `pinned image ${pin.imageId}${pin.sourceName ? ` (${pin.sourceName})` : ""} is retired and the catalog has no${os} ${describeNeeds(pool.needs)} image for ${formatKubeVersion(version)}; upgrade the pool's version (npm run plan-upgrade)`,
      });
      continue;
    }
    changes.push({
      pool: pool.name,
      keyPath: pool.keyPath,
      status: a.status,
      kubernetesVersion: formatKubeVersion(version),
      from: pin,
      to: { imageId: a.replacement.imageId, sourceName: a.replacement.sourceName },
    });
  }
  return { changes, problems, current, floating };
}
