import { ImageCatalog } from "../core/catalog";
import { catalogSaveCommand } from "../core/commands";
import { assessPin } from "../core/imageStatus";
import { regionOfOcid } from "../core/ocid";
import { KubeVersion, formatKubeVersion } from "../core/kubeVersion";
import { ShapeImageNeeds } from "../core/shape";
import {
  CATALOG_COMMAND,
  CatalogFiles,
  ConfiguredCatalog,
  catalogSchema,
  configuredCatalog,
  packFiles,
} from "./lib/catalogConfig";
import { ConfigProblem } from "./lib/config";
import { Finding, RawConfig } from "./lib/finding";
import {
  PublishedCatalogs,
  catalogCovers,
  effectiveVersion,
  howToSet,
  imageLabel,
  lookupImage,
  mergeCatalogs,
  nameImage,
  publishedCatalogs,
  shapeNeeds,
  wantedLabel,
} from "./lib/images";
import { valueOf } from "../core/read";
import { PlainResource } from "../core/resources";
import {
  PoolImageRef,
  PoolView,
  buildStackModel,
  controlPlaneOf,
  poolLabel,
  poolsOf,
  sourceDetailsImageId,
} from "../core/oke";
import {
  AksImageNotRetiredConfig,
  aksImageNotRetiredConfig,
  aksImageNotRetiredProperties,
} from "./aks/nodeImages";

export const IMAGE_NOT_RETIRED = "node-pool-image-not-retired";
export const imageNotRetiredProperties = { ...catalogSchema, ...aksImageNotRetiredProperties };

export interface ImageNotRetiredConfig {
  readonly configured: ConfiguredCatalog;
  readonly aks: AksImageNotRetiredConfig;
}

export function imageNotRetiredConfig(
  raw: RawConfig,
  env: { readonly files: CatalogFiles } = { files: packFiles },
): { config: ImageNotRetiredConfig; problems: ConfigProblem[] } {
  const configured = configuredCatalog(raw, env.files);
  const aks = aksImageNotRetiredConfig(raw);
  return {
    config: { configured, aks: aks.config },
    problems: [...configured.problems, ...aks.problems],
  };
}

/**
 * Judges one pool's image against a catalog that speaks for it: no finding when the catalog
 * lists the image; otherwise a finding naming the image and the newest current replacement.
 */
export function judgeRetired(
  pool: PoolView,
  ref: PoolImageRef,
  catalog: ImageCatalog,
  version: KubeVersion | undefined,
  needs: ShapeImageNeeds | undefined,
): Finding[] {
  if (lookupImage(ref, [catalog])) return [];
  const named = nameImage(ref, [catalog]);
  const notRetired = notRetiredButWrong(pool, ref, named.sourceName, catalog);
  if (notRetired) return [notRetired];
  const v = version ?? named.image?.kubernetesVersion;
  const n = needs ?? (named.image ? { arch: named.image.arch, gpu: named.image.gpu } : undefined);
  const what =
    `${poolLabel(pool)} uses image ${imageLabel(named)}${named.sourceName ? "" : " (source name unknown: it is not in the catalog and the pool has no okepools-image-source-name tag)"}, ` +
    "which is no longer in the catalog of current images: the pool keeps running, but no new node can be created from it, so scaling up, node cycling and node replacement fail.";
  let fix: string;
  if (v && n) {
    const assessment = assessPin(
      catalog,
      { imageId: ref.imageId ?? "", ...(named.sourceName ? { sourceName: named.sourceName } : {}) },
      v,
      n,
    );
    const os = named.image
      ? { osFamily: named.image.osFamily, osMajor: named.image.osMajor }
      : undefined;
    if (assessment.replacement) {
      fix = `Update the image first: ${howToSet(ref, assessment.replacement)}, the newest current ${wantedLabel(v, n, os)}; the pool need not be replaced.`;
    } else {
      const offered = catalog.kubernetesVersions().map(formatKubeVersion);
      fix =
        `The catalog has no current ${wantedLabel(v, n, os)}: upgrade the pool to a Kubernetes version it offers` +
        `${offered.length ? ` (newest: ${offered[offered.length - 1]})` : ""} and set a current image for that version in the same update.`;
    }
  } else {
    fix = `Pick a current image for the pool's Kubernetes version and shape from the catalog (\`${CATALOG_COMMAND}\`) and set nodeSourceDetails.imageId to it.`;
  }
  return [{ urn: pool.urn, message: `${what} ${fix}` }];
}

/**
 * An OCID absent from the catalog for a reason other than retirement: cut short, of another
 * region than the catalog's, or not the OCID the catalog gives its source name. Each gets its
 * own message and fix; `undefined` when none applies (the image is retired).
 */
function notRetiredButWrong(
  pool: PoolView,
  ref: PoolImageRef,
  sourceName: string | undefined,
  catalog: ImageCatalog,
): Finding | undefined {
  const id = ref.imageId;
  if (id === undefined) return undefined;
  const who = `${poolLabel(pool)} uses image ${id}${sourceName ? ` (${sourceName})` : ""}`;
  const longer = catalog.entries.filter(
    (e) => e.imageId.length > id.length && e.imageId.startsWith(id),
  );
  if (longer.length === 1)
    return {
      urn: pool.urn,
      message: `${who}, which is not a whole OCID: it is cut short, and the catalog's ${longer[0].imageId} (${longer[0].sourceName}) starts with it. Set nodeSourceDetails.imageId to the whole OCID ${longer[0].imageId}.`,
    };
  const of = regionOfOcid(id);
  const regions = catalog.regions();
  if (
    of &&
    regions.length === 1 &&
    (of.regionId ?? of.region) !== (regions[0].regionId ?? regions[0].region)
  ) {
    const cat = regions[0].regionId ?? regions[0].region;
    const byName = sourceName ? catalog.lookupName(sourceName) : undefined;
    return {
      urn: pool.urn,
      message:
        `${who}, an OCID of region ${of.regionId ?? of.region}, but the catalog of current images is of ${cat}: image OCIDs differ per region, so this says nothing about retirement. ` +
        (byName
          ? `If the pool is in ${cat}, set nodeSourceDetails.imageId to ${byName.imageId} (${byName.sourceName}), that image's OCID there; if it is in ${of.regionId ?? of.region}, configure that region's catalog (\`${catalogSaveCommand(of.regionId)}\`).`
          : `Configure the catalog of the pool's region (\`${catalogSaveCommand(of.regionId)}\`), or use an image OCID of ${cat}.`),
    };
  }
  const byName = sourceName ? catalog.lookupName(sourceName) : undefined;
  if (byName && byName.imageId !== id)
    return {
      urn: pool.urn,
      message: `${who}: the OCID is not in the catalog, but the source name is, as ${byName.imageId}. The OCID and the name disagree; if the name is what you meant, set nodeSourceDetails.imageId to ${byName.imageId} (${byName.sourceName}), otherwise pin a current image and its name together.`,
    };
  return undefined;
}

/**
 * Resource phase: pools judged against the catalog given in the policy's config. It runs
 * before the pool's step, so a retired image blocks even `pulumi up --skip-preview`.
 * Unknown images are skipped (they are known when the update registers the pool).
 */
export function imageNotRetiredResourceRule(
  resource: PlainResource,
  catalog: ImageCatalog | undefined,
): Finding[] {
  if (!catalog) return [];
  // Most pools use a listed image, which passes whatever else the view would say.
  const id = sourceDetailsImageId(resource);
  if (id !== undefined && catalog.lookup(id)) return [];
  return poolsOf(resource).flatMap((pool) => {
    if (pool.image.state !== "known") return [];
    return judgeRetired(
      pool,
      pool.image.value,
      catalog,
      valueOf(pool.kubernetesVersion),
      shapeNeeds(pool),
    );
  });
}

function unverifiable(pool: PoolView, ref: PoolImageRef, published: PublishedCatalogs): Finding {
  const named = nameImage(
    ref,
    published.catalogs.map((c) => c.catalog),
  );
  const reason = published.pending
    ? "the catalog published in the stack is not known until the update"
    : published.catalogs.length > 0
      ? `the catalogs published in the stack (${published.catalogs.map((c) => `"${c.name}"`).join(", ")}) were fetched for other clusters, OS types or architectures, or the pool's OS is not known`
      : "no catalog of current images is configured, and none is published in the stack";
  return {
    urn: pool.urn,
    advisoryOnly: true,
    message:
      `cannot verify that ${poolLabel(pool)}'s image ${imageLabel(named)} is still current: ${reason}. ` +
      `Save the catalog with \`${CATALOG_COMMAND}\` and set "catalogFile": "catalog.json" for ${IMAGE_NOT_RETIRED} in --policy-pack-config ` +
      "(relative paths are resolved against the policy pack directory), or build the pool with this project's OkeNodePool component, which publishes the catalog it used.",
  };
}

/**
 * Stack phase. With a catalog in the config the resource phase has judged every pool already,
 * so this phase judges nothing (one source, one phase: no pool is reported twice). Without one, pools are judged against the catalogs published in the stack (visible
 * only here) that cover them; a pool no catalog covers gets an advisory, never a silent pass.
 */
export function imageNotRetiredStackRule(
  resources: unknown,
  configured: ConfiguredCatalog,
): Finding[] {
  const findings: Finding[] = [];
  if (configured.catalog) return findings;
  const model = buildStackModel(resources);
  const published = publishedCatalogs(model);
  findings.push(...published.notices);
  for (const pool of model.pools) {
    if (pool.image.state !== "known") continue;
    const ref = pool.image.value;
    const cp = controlPlaneOf(pool, model);
    const version = effectiveVersion(pool, cp);
    const needs = shapeNeeds(pool);
    const named = nameImage(
      ref,
      published.catalogs.map((c) => c.catalog),
    );
    const clusterId = valueOf(pool.clusterId) ?? cp?.id;
    const scope = {
      ...(clusterId ? { clusterId } : {}),
      ...(version ? { version } : {}),
      ...(needs ? { needs } : {}),
      ...(named.image ? { os: named.image } : {}),
    };
    const covering = mergeCatalogs(
      published.catalogs.filter((c) => catalogCovers(c.filter, scope)).map((c) => c.catalog),
    );
    if (!covering || (published.pending && !named.entry))
      findings.push(unverifiable(pool, ref, published)); // a pending catalog may list it
    else if (!named.entry) findings.push(...judgeRetired(pool, ref, covering, version, needs)); // listed by any published catalog: current
  }
  return findings;
}
