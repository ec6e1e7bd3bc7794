import { CpuArch, ImageNameParse, OkeImageName, imageSortKey, parseImageName } from "./imageName";
import { KubeVersion, compareKubeVersions, parseKubeVersion, sameKubeVersion } from "./kubeVersion";
import { regionOfOcid } from "./ocid";
import { isRecord } from "./read";

/** One current image as the catalog lists it, with its parsed name. */
export interface CatalogEntry {
  readonly imageId: string;
  readonly sourceName: string;
  readonly sourceType: string;
  readonly name: ImageNameParse;
}

/** The invoke shape (`getNodePoolOption`'s `sources`), camelCase. */
export interface CatalogSource {
  readonly imageId: string;
  readonly sourceName: string;
  readonly sourceType?: string;
}

/** What a pool needs from an image. Omitted OS fields match any OS. */
export interface ImageCriteria {
  readonly kubernetesVersion: KubeVersion;
  readonly arch: CpuArch;
  readonly gpu: boolean;
  readonly osFamily?: string;
  readonly osMajor?: number;
  readonly osMinor?: number;
}

/** A region the catalog's image OCIDs belong to, as the OCIDs write it (`phx`, or a region id). */
export interface CatalogRegion {
  readonly realm: string;
  readonly region: string;
  readonly regionId?: string;
}

/** The newest image for some criteria: a catalog entry whose name parsed. */
export type NewestEntry = CatalogEntry & { readonly image: OkeImageName };

/** A catalog document that could not be read; `path` names the offending key. */
export class CatalogFormatError extends Error {
  constructor(
    readonly origin: string,
    readonly path: string,
    detail: string,
  ) {
    super(
      `${origin}: ${path}: ${detail}. Expected the JSON printed by ` +
        "`oci ce node-pool-options get --node-pool-option-id all --output json` (whole, or its `data` object) " +
        'or {"sources": [{"imageId", "sourceName", "sourceType"}]}',
    );
    this.name = "CatalogFormatError";
  }
}

/** The region's current worker images; an image absent from it is retired. */
export class ImageCatalog {
  private readonly byId: ReadonlyMap<string, CatalogEntry>;
  // The catalog never changes, so derived views are computed once: the policies ask the same
  // questions for every pool of a stack.
  private byName?: ReadonlyMap<string, CatalogEntry>;
  private regionList?: readonly CatalogRegion[];
  private versionList?: readonly KubeVersion[];
  private readonly newestByCriteria = new Map<string, NewestEntry | undefined>();
  private readonly merged = new WeakMap<ImageCatalog, ImageCatalog>();

  private constructor(
    readonly entries: readonly CatalogEntry[],
    private readonly listedVersions: readonly KubeVersion[],
    /** The node shapes the catalog lists (`shapes`); empty when it lists none. */
    readonly shapes: readonly string[] = [],
  ) {
    this.byId = new Map(entries.map((e) => [e.imageId, e]));
  }

  static fromSources(
    sources: readonly CatalogSource[],
    kubernetesVersions: readonly string[] = [],
    shapes: readonly string[] = [],
  ): ImageCatalog {
    const entries = sources.map((s) => ({
      imageId: s.imageId,
      sourceName: s.sourceName,
      sourceType: s.sourceType ?? "IMAGE",
      name: parseImageName(s.sourceName),
    }));
    const versions = kubernetesVersions
      .map((v) => parseKubeVersion(v))
      .filter((v): v is KubeVersion => !!v);
    return new ImageCatalog(entries, versions, [...new Set(shapes)]);
  }

  /**
   * Reads any of the accepted documents: the OCI CLI's output (kebab-case, whole or its
   * `data`) or the invoke shape (camelCase). Throws {@link CatalogFormatError} naming the key.
   */
  static parse(doc: unknown, origin = "catalog"): ImageCatalog {
    if (!isRecord(doc))
      throw new CatalogFormatError(origin, "(document)", `is ${describe(doc)}, not an object`);
    const body = "data" in doc ? doc.data : doc;
    const prefix = "data" in doc ? "data." : "";
    if (!isRecord(body))
      throw new CatalogFormatError(origin, "data", `is ${describe(body)}, not an object`);
    const sources = body.sources;
    if (!Array.isArray(sources)) {
      throw new CatalogFormatError(
        origin,
        `${prefix}sources`,
        `is ${describe(sources)}, not a list of images`,
      );
    }
    const read = sources.map((raw, i): CatalogSource => {
      const at = `${prefix}sources[${i}]`;
      if (!isRecord(raw))
        throw new CatalogFormatError(origin, at, `is ${describe(raw)}, not an object`);
      const imageId = raw.imageId ?? raw["image-id"];
      const sourceName = raw.sourceName ?? raw["source-name"];
      const sourceType = raw.sourceType ?? raw["source-type"] ?? "IMAGE";
      if (typeof imageId !== "string" || imageId === "") {
        throw new CatalogFormatError(
          origin,
          `${at}.${"imageId" in raw ? "imageId" : "image-id"}`,
          `is ${describe(imageId)}, not an image OCID`,
        );
      }
      if (typeof sourceName !== "string") {
        throw new CatalogFormatError(
          origin,
          `${at}.${"sourceName" in raw ? "sourceName" : "source-name"}`,
          `is ${describe(sourceName)}, not a string`,
        );
      }
      return { imageId, sourceName, sourceType: String(sourceType) };
    });
    const versions = body.kubernetesVersions ?? body["kubernetes-versions"] ?? [];
    const listed = Array.isArray(versions)
      ? versions.filter((v): v is string => typeof v === "string")
      : [];
    const rawShapes = body.shapes;
    const shapes = Array.isArray(rawShapes)
      ? rawShapes.filter((v): v is string => typeof v === "string" && v !== "")
      : [];
    return ImageCatalog.fromSources(read, listed, shapes);
  }

  get size(): number {
    return this.entries.length;
  }

  lookup(imageId: string): CatalogEntry | undefined {
    return this.byId.get(imageId);
  }

  /** The entry with this source name (compared case-insensitively, as names occur in both cases). */
  lookupName(sourceName: string): CatalogEntry | undefined {
    if (!this.byName) {
      const byName = new Map<string, CatalogEntry>();
      for (const e of this.entries) {
        const key = e.sourceName.trim().toLowerCase();
        if (!byName.has(key)) byName.set(key, e); // the first one, as a linear search finds it
      }
      this.byName = byName;
    }
    return this.byName.get(sourceName.trim().toLowerCase());
  }

  /**
   * The regions its images' OCIDs belong to, as the OCIDs write them (`phx`, or a region id),
   * each with its realm; one entry for a catalog of one region.
   */
  regions(): readonly CatalogRegion[] {
    if (!this.regionList) {
      const seen = new Map<string, CatalogRegion>();
      for (const e of this.entries) {
        const r = regionOfOcid(e.imageId);
        if (r) seen.set(`${r.realm}.${r.region}`, r);
      }
      this.regionList = [...seen.values()];
    }
    return this.regionList;
  }

  isCurrent(imageId: string): boolean {
    return this.byId.has(imageId);
  }

  /** Kubernetes versions the catalog offers: those it lists plus those its OKE images carry, ascending. */
  kubernetesVersions(): KubeVersion[] {
    if (!this.versionList) {
      const all = [...this.listedVersions];
      for (const e of this.entries)
        if (e.name.recognised && e.name.image.kubernetesVersion)
          all.push(e.name.image.kubernetesVersion);
      const unique = new Map(
        all
          .filter((v) => v.patch !== undefined)
          .map((v) => [`${v.major}.${v.minor}.${v.patch}`, v]),
      );
      this.versionList = [...unique.values()].sort(compareKubeVersions);
    }
    return [...this.versionList];
  }

  /** The newest OKE image that meets the criteria, by (date, revision, build) as one numeric key. */
  newest(criteria: ImageCriteria): NewestEntry | undefined {
    const v = criteria.kubernetesVersion;
    const key = [
      v.major,
      v.minor,
      v.patch,
      criteria.arch,
      criteria.gpu,
      criteria.osFamily?.toLowerCase(),
      criteria.osMajor,
      criteria.osMinor,
    ].join("|");
    if (this.newestByCriteria.has(key)) return this.newestByCriteria.get(key);
    const best = this.searchNewest(criteria);
    this.newestByCriteria.set(key, best);
    return best;
  }

  private searchNewest(criteria: ImageCriteria): NewestEntry | undefined {
    const family = criteria.osFamily?.toLowerCase();
    let best: (CatalogEntry & { image: OkeImageName }) | undefined;
    let bestKey = -Infinity;
    for (const entry of this.entries) {
      if (!entry.name.recognised) continue;
      const image = entry.name.image;
      if (
        !image.kubernetesVersion ||
        !sameKubeVersion(image.kubernetesVersion, criteria.kubernetesVersion)
      )
        continue;
      if (image.arch !== criteria.arch || image.gpu !== criteria.gpu) continue;
      if (family !== undefined && image.osFamily !== family) continue;
      if (criteria.osMajor !== undefined && image.osMajor !== criteria.osMajor) continue;
      if (criteria.osMinor !== undefined && image.osMinor !== criteria.osMinor) continue;
      const key = imageSortKey(image);
      if (key > bestKey) {
        best = { ...entry, image };
        bestKey = key;
      }
    }
    return best;
  }

  /** A catalog holding the images of both; `other` wins on equal OCIDs. */
  merge(other: ImageCatalog): ImageCatalog {
    const hit = this.merged.get(other);
    if (hit) return hit;
    const byId = new Map(this.byId);
    for (const e of other.entries) byId.set(e.imageId, e);
    const merged = new ImageCatalog(
      [...byId.values()],
      [...this.listedVersions, ...other.listedVersions],
      [...new Set([...this.shapes, ...other.shapes])],
    );
    this.merged.set(other, merged);
    return merged;
  }

  /** The invoke shape, for publishing and for mocks. */
  toSources(): CatalogSource[] {
    return this.entries.map(({ imageId, sourceName, sourceType }) => ({
      imageId,
      sourceName,
      sourceType,
    }));
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 60)}`;
}
