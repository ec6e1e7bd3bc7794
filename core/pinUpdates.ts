import { CatalogEntry, ImageCatalog, ImageCriteria } from "./catalog";
import { OkeImageName, imageSortKey } from "./imageName";
import { criteriaFor } from "./imageStatus";
import {
  KubeVersion,
  compareKubeVersions,
  formatKubeVersion,
  sameKubeVersion,
} from "./kubeVersion";
import { findRegion, regionOfOcid } from "./ocid";
import { ShapeImageNeeds, describeNeeds, needsWithArticle } from "./shape";
import { StackPool, effectiveVersion } from "./stackPools";

/**
 * What to write so that every pool's image pin is right: the OCID, the source name and the
 * catalog agree, the image suits the pool's shape (arch, GPU) and Kubernetes version, and is the
 * newest current build for them. Floating pools (`{os, osVersion}`) get the pin the catalog picks
 * today. Versions change only with `patch` (the newest patch of each pool's minor, the control
 * plane first when a pool would pass it). Pure: the caller edits the file.
 */

export type PinStatus =
  /** The OCID is absent from a catalog that covers the pool (and nothing else explains it). */
  | "retired"
  /** A newer build exists for the pool's version, OS, arch and GPU-ness. */
  | "update-available"
  /** The pin is current; its source name was missing or not the catalog's. */
  | "source-name"
  /** OCID, source name and shape or version disagree; `reason` says which one is trusted and why. */
  | "conflict"
  /** The OCID is cut short: a catalog image's OCID starts with it. */
  | "truncated"
  /** The OCID is of another region than the catalog's. */
  | "other-region"
  /** The pool chose its image by OS; it is pinned now. */
  | "floating"
  /** `--patch`: the pool moves to the newest patch of its minor. */
  | "patch";

/** One key to write: set (replace or add after `after`), or rename `renameFrom` to this key. */
export interface ConfigEdit {
  readonly keyPath: string;
  readonly from?: string;
  readonly to: string;
  readonly renameFrom?: string;
  readonly after?: string;
}

export interface PinChange {
  readonly pool: string;
  readonly keyPath: string;
  readonly status: PinStatus;
  /** What was wrong and, for a conflict, which of OCID, name and catalog it trusts and why. */
  readonly reason: string;
  /** The pool's version after the change. */
  readonly kubernetesVersion: string;
  /** The version before, when `patch` changed it. */
  readonly fromVersion?: string;
  readonly from: { readonly imageId?: string; readonly sourceName?: string };
  readonly to: { readonly imageId: string; readonly sourceName: string };
  readonly edits: readonly ConfigEdit[];
  /** A newer patch of the pool's minor with an image for it (offered when not patching). */
  readonly newerPatch?: NewerPatch;
}

export interface NewerPatch {
  readonly version: string;
  /** The control plane must move too: the pool follows it, or the patch is newer than it. */
  readonly viaControlPlane: boolean;
  readonly imageId: string;
  readonly sourceName: string;
  readonly buildDate: string;
}

/** A pin nothing can fix automatically. */
export interface PinProblem {
  readonly pool: string;
  readonly keyPath: string;
  readonly message: string;
}

export interface PinReview {
  readonly changes: readonly PinChange[];
  readonly problems: readonly PinProblem[];
  /** Pools whose pin is right already, with a newer patch when one exists. */
  readonly current: readonly { readonly pool: string; readonly newerPatch?: NewerPatch }[];
  /** `patch`: the control plane's move, made before (and for) its pools. */
  readonly controlPlane?: { readonly from: string; readonly to: string; readonly reason: string };
  /** A problem with the catalog itself (another region): nothing is judged against it. */
  readonly catalogProblem?: string;
}

export interface ReviewOptions {
  /** Move pools (and the control plane, when needed) to the newest patch of their minor. */
  readonly patch?: boolean;
  /** The stack's `oci:region`: a catalog of another region judges nothing. */
  readonly region?: string;
}

/** Whether running the fixer would change the file or leave a pin wrong: what `--check` fails on. */
export function pinsNeedAttention(review: PinReview): boolean {
  return (
    review.changes.length > 0 ||
    review.problems.length > 0 ||
    review.controlPlane !== undefined ||
    review.catalogProblem !== undefined
  );
}

type Fit = CatalogEntry & { readonly image: OkeImageName };

function fits(e: CatalogEntry | undefined, version: KubeVersion, needs: ShapeImageNeeds): boolean {
  return (
    !!e &&
    e.name.recognised &&
    e.name.image.arch === needs.arch &&
    e.name.image.gpu === needs.gpu &&
    !!e.name.image.kubernetesVersion &&
    sameKubeVersion(e.name.image.kubernetesVersion, version)
  );
}

/** A recognised entry with its parsed name alongside (as `newest` returns them). */
function toFit(e: CatalogEntry): Fit {
  if (!e.name.recognised) throw new Error(`internal: ${e.sourceName} is not a recognised name`);
  return { ...e, image: e.name.image };
}

function osOf(
  image: Pick<OkeImageName, "osFamily" | "osMajor"> | undefined,
): Partial<ImageCriteria> {
  return image ? { osFamily: image.osFamily, osMajor: image.osMajor } : {};
}

const label = (e: { imageId: string; sourceName: string }) => `${e.imageId} (${e.sourceName})`;

/** Why `e` does not suit the pool: `an x86_64 image, but shape … needs aarch64`. */
function misfit(e: CatalogEntry, pool: StackPool, version: KubeVersion): string {
  if (!e.name.recognised) return `its name ${e.sourceName} cannot be read`;
  const img = e.name.image;
  if (img.arch !== pool.needs.arch || img.gpu !== pool.needs.gpu)
    return `it is ${needsWithArticle(img)} image but shape ${pool.shape} needs ${describeNeeds(pool.needs)}`;
  return `it is built for ${img.kubernetesVersion ? formatKubeVersion(img.kubernetesVersion) : "no Kubernetes version (a platform image)"} but the pool runs ${formatKubeVersion(version)}`;
}

/** The catalog's region, when all its OCIDs name one. */
function catalogRegion(catalog: ImageCatalog): { region: string; regionId?: string } | undefined {
  const regions = catalog.regions();
  return regions.length === 1 ? regions[0] : undefined;
}

function sameRegion(
  a: { region: string; regionId?: string },
  b: { region: string; regionId?: string },
): boolean {
  return (a.regionId ?? a.region) === (b.regionId ?? b.region);
}

/** The newest patch of `version`'s minor with an image for the pool's needs and OS, when newer. */
function newerPatchOf(
  catalog: ImageCatalog,
  version: KubeVersion,
  needs: ShapeImageNeeds,
  os: Partial<ImageCriteria>,
): { version: KubeVersion; image: Fit } | undefined {
  const patches = catalog
    .kubernetesVersions()
    .filter(
      (v) =>
        v.major === version.major &&
        v.minor === version.minor &&
        compareKubeVersions(v, version) > 0 &&
        v.patch !== undefined &&
        (version.patch === undefined || v.patch > version.patch),
    )
    .reverse();
  for (const v of patches) {
    const image = catalog.newest({ ...criteriaFor(v, needs), ...os });
    if (image) return { version: v, image };
  }
  return undefined;
}

function asNewerPatch(
  p: { version: KubeVersion; image: Fit },
  pool: StackPool,
  cp: KubeVersion,
): NewerPatch {
  return {
    version: formatKubeVersion(p.version),
    viaControlPlane: pool.explicitVersion === undefined || compareKubeVersions(p.version, cp) > 0,
    imageId: p.image.imageId,
    sourceName: p.image.sourceName,
    buildDate: p.image.image.buildDate,
  };
}

export function reviewPins(
  catalog: ImageCatalog,
  pools: readonly StackPool[],
  controlPlane: KubeVersion,
  options: ReviewOptions = {},
): PinReview {
  const region = catalogRegion(catalog);
  if (options.region && region) {
    const known = findRegion(options.region);
    if (known && region.regionId !== undefined && region.regionId !== known.id)
      return {
        changes: [],
        problems: [],
        current: [],
        catalogProblem: `the catalog lists images of region ${region.regionId ?? region.region} (its OCIDs carry "${region.region}") but the stack is in ${options.region} (oci:region); image OCIDs differ per region, so nothing is judged against it`,
      };
  }

  // --patch: the control plane first when a pool following it, or one at its minor, moves.
  let cp = controlPlane;
  let controlPlaneMove: PinReview["controlPlane"];
  if (options.patch) {
    const cpPatch = catalog
      .kubernetesVersions()
      .filter((v) => v.major === cp.major && v.minor === cp.minor && compareKubeVersions(v, cp) > 0)
      .pop();
    const needed = pools.some(
      (p) =>
        p.explicitVersion === undefined ||
        (p.explicitVersion.minor === cp.minor && p.explicitVersion.major === cp.major),
    );
    if (cpPatch && needed) {
      controlPlaneMove = {
        from: formatKubeVersion(cp),
        to: formatKubeVersion(cpPatch),
        reason: `the newest patch of ${cp.major}.${cp.minor}; it goes first (pulumi up updates the cluster before the pools that depend on it), as a pool may never run a newer version than its control plane`,
      };
      cp = cpPatch;
    }
  }

  const changes: PinChange[] = [];
  const problems: PinProblem[] = [];
  const current: { pool: string; newerPatch?: NewerPatch }[] = [];
  for (const pool of pools) {
    const before = effectiveVersion(pool, controlPlane);
    let version = before;
    const versionEdits: ConfigEdit[] = [];
    const problem = (message: string) =>
      problems.push({ pool: pool.name, keyPath: pool.keyPath, message });

    const decided = decide(catalog, pool, version, region);
    if ("problem" in decided) {
      problem(decided.problem);
      continue;
    }
    let { target, status, reason } = decided;
    const os = osOf(target.image);

    if (options.patch) {
      const newer = newerPatchOf(catalog, version, pool.needs, os);
      const capped = newer && compareKubeVersions(newer.version, cp) <= 0 ? newer : undefined;
      if (capped && pool.explicitVersion !== undefined) {
        versionEdits.push({
          keyPath: `${pool.keyPath}.kubernetesVersion`,
          from: formatKubeVersion(pool.explicitVersion),
          to: formatKubeVersion(capped.version),
        });
        version = capped.version;
        target = capped.image;
      } else if (
        pool.explicitVersion === undefined &&
        !sameKubeVersion(before, effectiveVersion(pool, cp))
      ) {
        version = effectiveVersion(pool, cp);
        // Follows the control plane, which moved: the image must be built for the new version.
        const image = catalog.newest({ ...criteriaFor(version, pool.needs), ...os });
        if (!image) {
          problem(
            `follows the control plane to ${formatKubeVersion(version)}, but the catalog has no ${describeNeeds(pool.needs)} image of its OS for it; give the pool kubernetesVersion: ${formatKubeVersion(before)} or pick its image by hand`,
          );
          continue;
        }
        target = image;
      }
      if (!sameKubeVersion(before, version)) {
        status = status === "current" ? "patch" : status;
        reason = `${reason === "" ? "" : `${reason}; `}moved from ${formatKubeVersion(before)} to the newest patch of its minor, ${formatKubeVersion(version)}, with that patch's image`;
      }
    }

    const newer = options.patch ? undefined : newerPatchOf(catalog, version, pool.needs, os);
    const patchInfo = newer ? { newerPatch: asNewerPatch(newer, pool, cp) } : {};
    const edits = [...versionEdits, ...imageEdits(pool, target)];
    if (edits.length === 0) {
      current.push({ pool: pool.name, ...patchInfo });
      continue;
    }
    changes.push({
      pool: pool.name,
      keyPath: pool.keyPath,
      status: status === "current" ? "source-name" : status,
      reason,
      kubernetesVersion: formatKubeVersion(version),
      ...(sameKubeVersion(before, version) ? {} : { fromVersion: formatKubeVersion(before) }),
      from:
        pool.image.kind === "pinned"
          ? {
              imageId: pool.image.imageId,
              ...(pool.image.sourceName ? { sourceName: pool.image.sourceName } : {}),
            }
          : {},
      to: { imageId: target.imageId, sourceName: target.sourceName },
      edits,
      ...patchInfo,
    });
  }
  return {
    changes,
    problems,
    current,
    ...(controlPlaneMove ? { controlPlane: controlPlaneMove } : {}),
  };
}

type Decision =
  | { readonly target: Fit; readonly status: PinStatus | "current"; readonly reason: string }
  | { readonly problem: string };

/**
 * Which image the pool should pin at `version`, and why. The shape decides arch and GPU; the
 * version is the pool's; the catalog is the authority on which OCID carries which name.
 */
function decide(
  catalog: ImageCatalog,
  pool: StackPool,
  version: KubeVersion,
  region: { region: string; regionId?: string } | undefined,
): Decision {
  const v = formatKubeVersion(version);
  const wanted = (os: Partial<ImageCriteria>) =>
    catalog.newest({ ...criteriaFor(version, pool.needs), ...os });
  const noImage = (os: Partial<ImageCriteria>, what: string) =>
    `${what}, and the catalog has no ${os.osFamily ? `${os.osFamily} ${os.osMajor ?? ""} `.replace(/ $/, " ") : ""}${describeNeeds(pool.needs)} image for ${v}; upgrade the pool's version to one the catalog offers`;
  /** The newest build for the trusted image's OS; `bumped` says so when it is not the trusted one. */
  const newestFrom = (
    entry: CatalogEntry,
    status: PinStatus | "current",
    reason: string,
  ): Decision => {
    const trusted = toFit(entry);
    const best = wanted(osOf(trusted.image)) ?? trusted;
    if (best.imageId === trusted.imageId || imageSortKey(best.image) <= imageSortKey(trusted.image))
      return { target: trusted, status, reason };
    return {
      target: best,
      status: status === "current" ? "update-available" : status,
      reason: `${reason === "" ? "" : `${reason}; `}a newer build for ${v} exists (built ${best.image.buildDate})`,
    };
  };

  if (pool.image.kind === "selector") {
    const os = {
      osFamily: pool.image.osFamily,
      ...(pool.image.osMajor !== undefined ? { osMajor: pool.image.osMajor } : {}),
      ...(pool.image.osMinor !== undefined ? { osMinor: pool.image.osMinor } : {}),
    };
    const best = wanted(os);
    if (!best) return { problem: noImage(os, "its image is chosen by OS") };
    return {
      target: best,
      status: "floating",
      reason:
        "its image was chosen by OS, so it floated (each preview could pick a newer image and cycle the nodes); pinned to the image the catalog picks today",
    };
  }

  const { imageId, sourceName } = pool.image;
  const byId = catalog.lookup(imageId);
  const byName = sourceName === undefined ? undefined : catalog.lookupName(sourceName);
  const named = pool.image.parsed;
  const pinOs = osOf(
    byId?.name.recognised ? byId.name.image : byName?.name.recognised ? byName.name.image : named,
  );

  if (!byId) {
    const ocidRegion = regionOfOcid(imageId);
    if (ocidRegion && region && !sameRegion(ocidRegion, region)) {
      const why = `image.imageId is an OCID of region ${ocidRegion.regionId ?? ocidRegion.region}, but the catalog is of ${region.regionId ?? region.region}: image OCIDs differ per region`;
      if (byName && fits(byName, version, pool.needs))
        return newestFrom(
          byName,
          "other-region",
          `${why}; trusting the source name, which the catalog lists`,
        );
      const best = wanted(pinOs);
      if (!best) return { problem: noImage(pinOs, why) };
      return {
        target: best,
        status: "other-region",
        reason: `${why}; pinned the newest ${describeNeeds(pool.needs)} image for ${v} of its region`,
      };
    }
    const longer = catalog.entries.filter(
      (e) => e.imageId.length > imageId.length && e.imageId.startsWith(imageId),
    );
    const whole =
      byName && byName.imageId.startsWith(imageId)
        ? byName
        : longer.length === 1
          ? longer[0]
          : undefined;
    if (whole) {
      const why = `image.imageId is cut short: the catalog's OCID for ${whole.sourceName} is ${whole.imageId}, which starts with it`;
      if (fits(whole, version, pool.needs))
        return newestFrom(whole, "truncated", `${why}; completed it from the catalog`);
      const best = wanted(osOf(whole.name.recognised ? whole.name.image : undefined));
      if (!best) return { problem: noImage(pinOs, `${why}, and ${misfit(whole, pool, version)}`) };
      return {
        target: best,
        status: "truncated",
        reason: `${why}, and ${misfit(whole, pool, version)}: pinned the newest ${describeNeeds(pool.needs)} image for ${v}`,
      };
    }
    if (byName) {
      const why = `image.imageId ${imageId} is not in the catalog, but its source name is (as ${byName.imageId}): the OCID and the name disagree`;
      if (fits(byName, version, pool.needs))
        return newestFrom(
          byName,
          "conflict",
          `${why}; trusting the name, which the catalog lists and which suits the pool`,
        );
      const best = wanted(pinOs);
      if (!best) return { problem: noImage(pinOs, `${why}, and ${misfit(byName, pool, version)}`) };
      return {
        target: best,
        status: "conflict",
        reason: `${why}, and the named image does not suit the pool (${misfit(byName, pool, version)}): pinned the newest ${describeNeeds(pool.needs)} image for ${v}`,
      };
    }
    const best = wanted(pinOs);
    const why = `image ${imageId}${sourceName ? ` (${sourceName})` : ""} is retired: no longer in the catalog`;
    if (!best) {
      if (pinOs.osFamily === undefined)
        return {
          problem: `${why}, and its OS is unknown (no image.sourceName); add ${pool.keyPath}.image.sourceName or pin a current image by hand`,
        };
      return { problem: noImage(pinOs, why) };
    }
    return {
      target: best,
      status: "retired",
      reason: `${why}; replaced by the newest ${describeNeeds(pool.needs)} image of its OS for ${v}`,
    };
  }

  // The catalog lists the OCID.
  if (byName && byName.imageId !== byId.imageId) {
    const why = `image.imageId is ${label(byId)} but image.sourceName names ${label(byName)}: the OCID and the name disagree`;
    const idFits = fits(byId, version, pool.needs);
    const nameFits = fits(byName, version, pool.needs);
    if (idFits)
      return newestFrom(
        byId,
        "conflict",
        nameFits
          ? `${why}; both suit the pool, so the OCID (what OKE deploys) is trusted`
          : `${why}; trusting the OCID: the named image does not suit the pool (${misfit(byName, pool, version)})`,
      );
    if (nameFits)
      return newestFrom(
        byName,
        "conflict",
        `${why}; trusting the name: the OCID's image does not suit the pool (${misfit(byId, pool, version)})`,
      );
    const best = wanted(pinOs);
    if (!best)
      return {
        problem: noImage(
          pinOs,
          `${why}, and neither suits the pool (${misfit(byId, pool, version)})`,
        ),
      };
    return {
      target: best,
      status: "conflict",
      reason: `${why}, and neither suits the pool (${misfit(byId, pool, version)}): pinned the newest ${describeNeeds(pool.needs)} image for ${v}`,
    };
  }
  if (!fits(byId, version, pool.needs)) {
    const why = `image ${label(byId)} does not suit the pool: ${misfit(byId, pool, version)}`;
    const best = wanted(osOf(byId.name.recognised ? byId.name.image : undefined));
    if (!best) return { problem: noImage(pinOs, why) };
    return {
      target: best,
      status: "conflict",
      reason: `${why}; the shape and the pool's version decide: pinned the newest ${describeNeeds(pool.needs)} image for ${v}`,
    };
  }
  const nameReason =
    sourceName === undefined
      ? "image.sourceName was missing; filled in from the catalog"
      : sourceName !== byId.sourceName
        ? `image.sourceName ${sourceName} is not the catalog's name for the OCID; corrected from the catalog`
        : "";
  return newestFrom(byId, nameReason === "" ? "current" : "source-name", nameReason);
}

/** The config edits that make the pool's image keys say `target` (nothing when they already do). */
function imageEdits(pool: StackPool, target: CatalogEntry): ConfigEdit[] {
  const at = `${pool.keyPath}.image`;
  if (pool.image.kind === "selector") {
    // `{os, osVersion}` becomes `{imageId, sourceName}` key for key, in place.
    const hasVersion = pool.image.osMajor !== undefined;
    return [
      { keyPath: `${at}.imageId`, renameFrom: "os", to: target.imageId },
      hasVersion
        ? { keyPath: `${at}.sourceName`, renameFrom: "osVersion", to: target.sourceName }
        : { keyPath: `${at}.sourceName`, to: target.sourceName, after: "imageId" },
    ];
  }
  const edits: ConfigEdit[] = [];
  if (pool.image.imageId !== target.imageId)
    edits.push({ keyPath: `${at}.imageId`, from: pool.image.imageId, to: target.imageId });
  if (pool.image.sourceName !== target.sourceName)
    edits.push({
      keyPath: `${at}.sourceName`,
      ...(pool.image.sourceName !== undefined ? { from: pool.image.sourceName } : {}),
      to: target.sourceName,
      after: "imageId",
    });
  return edits;
}
