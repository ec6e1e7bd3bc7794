import { CatalogEntry, ImageCatalog } from "../../core/catalog";
import { archFilterFor, osTypeFilterFor } from "../../core/catalogFilter";
import { OkeImageName, parseImageName } from "../../core/imageName";
import { criteriaFor } from "../../core/imageStatus";
import {
  KubeVersion,
  compareKubeVersions,
  formatKubeVersion,
  parseKubeVersion,
} from "../../core/kubeVersion";
import { ShapeImageNeeds, describeNeeds, shapeImageNeeds } from "../../core/shape";
import { TYPE_IMAGE_CATALOG_COMPONENT } from "../../core/tags";
import { ControlPlane, PoolImageRef, PoolView, StackModel } from "../../core/oke";
import { Finding } from "./finding";
import { isRecord, own, valueOf } from "../../core/read";
import { propsOf } from "../../core/resources";
import { containsUnknown, isUnknown } from "./unknown";

/** A catalog a program published into the stack as an `okepools:index:ImageCatalog` component. */
export interface PublishedCatalog {
  readonly urn: string;
  readonly name: string;
  /** The `getNodePoolOption` arguments it was fetched with; `{}` = everything. */
  readonly filter: Readonly<Record<string, unknown>>;
  readonly catalog: ImageCatalog;
}

export interface PublishedCatalogs {
  readonly catalogs: readonly PublishedCatalog[];
  /** Advisory notices about published catalogs that could not be read. */
  readonly notices: readonly Finding[];
  /** Whether some published catalog is not known yet (a preview before its invoke could run). */
  readonly pending: boolean;
}

const publishedByModel = new WeakMap<StackModel, PublishedCatalogs>();

/** Reads every published catalog in the stack, once per stack model; never throws. */
export function publishedCatalogs(model: StackModel): PublishedCatalogs {
  let hit = publishedByModel.get(model);
  if (!hit) publishedByModel.set(model, (hit = readPublishedCatalogs(model)));
  return hit;
}

function readPublishedCatalogs(model: StackModel): PublishedCatalogs {
  const catalogs: PublishedCatalog[] = [];
  const notices: Finding[] = [];
  let pending = false;
  for (const r of model.resources) {
    if (r.type !== TYPE_IMAGE_CATALOG_COMPONENT) continue;
    const props = propsOf(r);
    const sources = own(props, "sources");
    const filter = own(props, "filter");
    if (
      isUnknown(sources) ||
      containsUnknown(filter) ||
      (Array.isArray(sources) && containsUnknown(sources))
    ) {
      pending = true;
      continue;
    }
    if (sources === undefined || sources === null) continue; // registered outputs not recorded
    try {
      const catalog = ImageCatalog.parse({ sources }, `published catalog "${r.name}"`);
      if (catalog.size === 0) continue; // an empty list proves nothing; pools it would cover stay unverified
      catalogs.push({ urn: r.urn, name: r.name, filter: isRecord(filter) ? filter : {}, catalog });
    } catch (e) {
      notices.push({
        urn: r.urn,
        advisoryOnly: true,
        message: `the published image catalog "${r.name}" cannot be read (${e instanceof Error ? e.message : String(e)}); pools are not judged against it.`,
      });
    }
  }
  return { catalogs, notices, pending };
}

/** What decides whether a filtered catalog speaks for a pool. */
export interface PoolScope {
  readonly clusterId?: string;
  readonly version?: KubeVersion;
  readonly needs?: ShapeImageNeeds;
  readonly os?: Pick<OkeImageName, "osFamily" | "osMajor">;
}

const IGNORED_FILTER_KEYS = new Set(["compartmentId", "shouldListAllPatchVersions"]);

/**
 * Whether a catalog fetched with `filter` lists every current image the pool could use, so
 * that absence from it means retirement. Anything the pool's scope cannot settle (an unknown
 * OS, an unrecognised filter key) counts as not covered: the pool is then reported as
 * unverifiable rather than wrongly as retired.
 */
export function catalogCovers(
  filter: Readonly<Record<string, unknown>>,
  scope: PoolScope,
): boolean {
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (value === undefined || value === null || IGNORED_FILTER_KEYS.has(key)) continue;
    if (typeof value !== "string") return false;
    switch (key) {
      case "nodePoolOptionId":
        if (value.toLowerCase() !== "all" && value !== scope.clusterId) return false;
        break;
      case "nodePoolOsArch":
        if (!scope.needs || archFilterFor(scope.needs) !== value.toUpperCase()) return false;
        break;
      case "nodePoolOsType":
        if (
          !scope.os ||
          osTypeFilterFor(scope.os.osFamily, scope.os.osMajor) !== value.toUpperCase()
        )
          return false;
        break;
      case "nodePoolK8sVersion": {
        const v = parseKubeVersion(value);
        if (!v || !scope.version || compareKubeVersions(v, scope.version) !== 0) return false;
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

/** A pool's image with whatever could be learnt about its name. */
export interface NamedImage {
  readonly ref: PoolImageRef;
  readonly sourceName?: string;
  readonly nameFrom?: "catalog" | "nodeImageName" | "tag";
  /** The parsed name, when it follows the image-name grammar. */
  readonly image?: OkeImageName;
  /** The catalog entry, when one of the catalogs lists the image. */
  readonly entry?: CatalogEntry;
}

function findByName(catalog: ImageCatalog, name: string): CatalogEntry | undefined {
  const wanted = name.trim().toLowerCase();
  return catalog.entries.find((e) => e.sourceName.trim().toLowerCase() === wanted);
}

/** The catalog entry for a pool's image in any of the catalogs (by OCID, or by source name for `nodeImageName`). */
export function lookupImage(
  ref: PoolImageRef,
  catalogs: readonly ImageCatalog[],
): CatalogEntry | undefined {
  for (const c of catalogs) {
    const entry =
      ref.imageId !== undefined
        ? c.lookup(ref.imageId)
        : ref.imageName !== undefined
          ? findByName(c, ref.imageName)
          : undefined;
    if (entry) return entry;
  }
  return undefined;
}

/** Names the image: the catalog's source name, else `nodeImageName`, else the okepools tag. */
export function nameImage(ref: PoolImageRef, catalogs: readonly ImageCatalog[]): NamedImage {
  const entry = lookupImage(ref, catalogs);
  const [sourceName, nameFrom] = entry
    ? [entry.sourceName, "catalog" as const]
    : ref.imageName !== undefined
      ? [ref.imageName, "nodeImageName" as const]
      : ref.taggedSourceName !== undefined
        ? [ref.taggedSourceName, "tag" as const]
        : [undefined, undefined];
  const parsed = sourceName === undefined ? undefined : parseImageName(sourceName);
  return {
    ref,
    ...(sourceName !== undefined && nameFrom !== undefined ? { sourceName, nameFrom } : {}),
    ...(parsed?.recognised ? { image: parsed.image } : {}),
    ...(entry ? { entry } : {}),
  };
}

/** `ocid1.image… (Oracle-Linux-8.10-…)`, or the source name alone for `nodeImageName`. */
export function imageLabel(named: NamedImage): string {
  if (named.ref.imageId === undefined) return `"${named.sourceName ?? named.ref.imageName ?? "?"}"`;
  return named.sourceName ? `${named.ref.imageId} (${named.sourceName})` : named.ref.imageId;
}

/** `Oracle Linux 8`, from a parsed name. */
export function osLabel(image: Pick<OkeImageName, "osFamily" | "osMajor">): string {
  const words = image.osFamily
    .split("-")
    .map((w) => (w === "" ? w : w[0].toUpperCase() + w.slice(1)));
  return `${words.join(" ")} ${image.osMajor}`;
}

/** The pool's shape's needs, when the shape is known. */
export function shapeNeeds(pool: PoolView): ShapeImageNeeds | undefined {
  const shape = valueOf(pool.shape);
  return shape === undefined ? undefined : shapeImageNeeds(shape);
}

/** The version the pool's nodes run: its own, else its control plane's when it has none. */
export function effectiveVersion(pool: PoolView, cp?: ControlPlane): KubeVersion | undefined {
  if (pool.kubernetesVersion.state === "known") return pool.kubernetesVersion.value;
  if (pool.kubernetesVersion.state === "absent" && cp) return valueOf(cp.kubernetesVersion);
  return undefined;
}

/**
 * The newest current image for the pool's version and shape, keeping the image's OS family and
 * major version when known; `undefined` when the catalog has none or the inputs are not known.
 */
export function recommend(
  catalog: ImageCatalog | undefined,
  version: KubeVersion | undefined,
  needs: ShapeImageNeeds | undefined,
  os?: Pick<OkeImageName, "osFamily" | "osMajor">,
): CatalogEntry | undefined {
  if (!catalog || !version || !needs) return undefined;
  return catalog.newest(criteriaFor(version, needs, os));
}

/** `the newest x86_64 Oracle Linux 8 image for v1.34.2`. */
export function wantedLabel(
  version: KubeVersion,
  needs: ShapeImageNeeds,
  os?: Pick<OkeImageName, "osFamily" | "osMajor">,
): string {
  return `${describeNeeds(needs)}${os ? ` ${osLabel(os)}` : ""} image for ${formatKubeVersion(version)}`;
}

/** How to set the recommended image, by the property the pool uses today. */
export function howToSet(ref: PoolImageRef, entry: CatalogEntry): string {
  const set = `set nodeSourceDetails { sourceType: "IMAGE", imageId: "${entry.imageId}" }`;
  return ref.field === "nodeSourceDetails.imageId"
    ? `set nodeSourceDetails.imageId to ${entry.imageId} (${entry.sourceName})`
    : `${set} (${entry.sourceName}) and remove the deprecated ${ref.field}, which replaces the pool whenever it changes`;
}

/** Merges catalogs; `undefined` for none. */
export function mergeCatalogs(
  catalogs: readonly (ImageCatalog | undefined)[],
): ImageCatalog | undefined {
  const present = catalogs.filter((c): c is ImageCatalog => c !== undefined);
  return present.length === 0 ? undefined : present.reduce((a, b) => a.merge(b));
}

/** What the image policies share in the stack phase: the model and every catalog that can name an image. */
export interface ImageStack {
  readonly model: StackModel;
  readonly published: PublishedCatalogs;
  /** The configured catalog first, then the published ones; any of them may name an image by OCID. */
  readonly catalogs: readonly ImageCatalog[];
  /** All of them merged, for recommendations. */
  readonly merged?: ImageCatalog;
}

const NO_CATALOG = {};
const imageStacks = new WeakMap<StackModel, WeakMap<object, ImageStack>>();

/** The image policies' view of a stack, built once per stack model and configured catalog. */
export function imageStack(model: StackModel, configured: ImageCatalog | undefined): ImageStack {
  let byCatalog = imageStacks.get(model);
  if (!byCatalog) imageStacks.set(model, (byCatalog = new WeakMap()));
  const key = configured ?? NO_CATALOG;
  let hit = byCatalog.get(key);
  if (!hit) byCatalog.set(key, (hit = buildImageStack(model, configured)));
  return hit;
}

function buildImageStack(model: StackModel, configured: ImageCatalog | undefined): ImageStack {
  const published = publishedCatalogs(model);
  const catalogs = [
    ...(configured ? [configured] : []),
    ...published.catalogs.map((c) => c.catalog),
  ];
  const merged = mergeCatalogs(catalogs);
  return { model, published, catalogs, ...(merged ? { merged } : {}) };
}

/** A pool whose image is known and named with a parsed name. */
export interface NamedPool {
  readonly pool: PoolView;
  readonly ref: PoolImageRef;
  readonly named: NamedImage & { readonly image: OkeImageName };
}

const namedPoolsByStack = new WeakMap<ImageStack, readonly NamedPool[]>();

/**
 * The stack's pools whose image reference is known and whose name (from a catalog,
 * `nodeImageName` or the okepools tag) parses: what the image checks judge. Named once per
 * image stack, for every policy that asks.
 */
export function namedPools(ctx: ImageStack): readonly NamedPool[] {
  let hit = namedPoolsByStack.get(ctx);
  if (hit) return hit;
  const out: NamedPool[] = [];
  for (const pool of ctx.model.pools) {
    if (pool.image.state !== "known") continue;
    const named = nameImage(pool.image.value, ctx.catalogs);
    if (named.image)
      out.push({ pool, ref: pool.image.value, named: { ...named, image: named.image } });
  }
  namedPoolsByStack.set(ctx, (hit = out));
  return hit;
}
