import * as fs from "fs";
import * as path from "path";
import { CatalogFormatError, ImageCatalog } from "../core/catalog";
import { findRegion, regionOfOcid } from "../core/ocid";
import type { StackFile } from "./stackFile";

/** The catalog embedded in the project (OCI CLI format): it serves the embedded demo stacks only. */
export const SAMPLE_CATALOG_PATH = path.join(__dirname, "..", "catalog", "sample-catalog.json");

/** Where `npm run fetch-catalog` writes each region's catalog: `catalogs/<region>/<YYYY-MM-DD>.json`. */
export const DEFAULT_CATALOGS_DIR = path.join(__dirname, "..", "catalogs");

/**
 * The stacks shipped with the project to demonstrate it. They are judged against the embedded
 * sample, and only when their file also carries {@link EMBEDDED_DEMO_MARKER}: a copy of one
 * under another name (how a real stack is often started) is a real stack.
 */
export const EMBEDDED_DEMO_STACKS: readonly string[] = [
  "demo",
  "stale-image",
  "bluegreen",
  "lb-worker-ips",
  "day2",
];

/** The comment line that marks an embedded demo stack file. */
export const EMBEDDED_DEMO_MARKER = "# okepools:embedded-demo";

/** A catalog file that cannot be used; the message names the file and, for bad content, the key. */
export class CatalogFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CatalogFileError";
  }
}

export interface LoadedCatalog {
  readonly catalog: ImageCatalog;
  /** The file it came from. */
  readonly path: string;
  readonly embedded: boolean;
}

/**
 * Reads a catalog: the JSON printed by `oci ce node-pool-options get --node-pool-option-id all
 * --output json` (whole or its `data`), or the invoke's camelCase shape. Without a file, the
 * embedded sample (for the demo stacks: choose with {@link selectCatalog}). Throws
 * {@link CatalogFileError}.
 */
export function loadCatalog(file?: string): LoadedCatalog {
  const p = path.resolve(file ?? SAMPLE_CATALOG_PATH);
  let text: string;
  try {
    text = fs.readFileSync(p, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CatalogFileError(
      `catalog file ${p}: cannot read it (${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message})`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new CatalogFileError(
      `catalog file ${p}: not JSON (${(e as Error).message}); expected the output of \`oci ce node-pool-options get --node-pool-option-id all --output json\``,
    );
  }
  try {
    const catalog = ImageCatalog.parse(doc, `catalog file ${p}`);
    if (catalog.size === 0)
      throw new CatalogFileError(
        `catalog file ${p}: sources: is an empty list; a region always offers images — was the right command run?`,
      );
    return { catalog, path: p, embedded: p === path.resolve(SAMPLE_CATALOG_PATH) };
  } catch (e) {
    if (e instanceof CatalogFormatError) throw new CatalogFileError(e.message);
    throw e;
  }
}

/** The regions a catalog's image OCIDs belong to (region ids where known, else as written), sorted. */
export function catalogRegions(catalog: ImageCatalog): string[] {
  const found = new Set<string>();
  for (const e of catalog.entries) {
    const r = regionOfOcid(e.imageId);
    if (r) found.add(r.regionId ?? r.region);
  }
  return [...found].sort();
}

/** The stack's `oci:region`, normalised to a region id when it is a known key (`phx`). */
export function stackRegion(file: StackFile): string | undefined {
  const v = file.config["oci:region"];
  if (typeof v !== "string" || v.trim() === "") return undefined;
  return findRegion(v)?.id ?? v.trim().toLowerCase();
}

/**
 * Refuses a catalog of another region than `region`: its images could never be a pool's there,
 * so every pin would look retired and every replacement would be wrong.
 */
export function checkCatalogRegion(
  loaded: LoadedCatalog,
  region: string,
  who: string,
  fixCommand: string,
): void {
  const others = catalogRegions(loaded.catalog).filter((r) => r !== region);
  if (others.length === 0) return;
  const example = loaded.catalog.entries.find((e) => {
    const r = regionOfOcid(e.imageId);
    return r && (r.regionId ?? r.region) === others[0];
  })!.imageId;
  throw new CatalogFileError(
    `catalog file ${loaded.path} holds images of region ${others.join(", ")} (e.g. ${example}), but ${who} is in region ${region} (oci:region); a catalog is per region. Fetch ${region}'s: ${fixCommand}`,
  );
}

/** `catalogs/<region>/<YYYY-MM-DD>.json` files of a region, newest first. */
export function regionCatalogFiles(catalogsDir: string, region: string): string[] {
  const dir = path.join(catalogsDir, region);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n))
    .sort()
    .reverse()
    .map((n) => path.join(dir, n));
}

/** The file `npm run fetch-catalog` writes for a region on a day. */
export function regionCatalogPath(catalogsDir: string, region: string, date: Date): string {
  return path.join(catalogsDir, region, `${date.toISOString().slice(0, 10)}.json`);
}

/** Whether the stack is one of the project's embedded demo stacks (name listed and file marked). */
export function isEmbeddedDemo(file: StackFile): boolean {
  if (!EMBEDDED_DEMO_STACKS.includes(file.stack)) return false;
  let text: string;
  try {
    text = fs.readFileSync(file.path, "utf8");
  } catch {
    return false;
  }
  return text.split(/\r?\n/).some((l) => l.trim() === EMBEDDED_DEMO_MARKER);
}

/** A real stack asked to be judged or rewritten without its region's catalog (exit 2). */
export class MissingCatalogError extends CatalogFileError {
  constructor(message: string) {
    super(message);
    this.name = "MissingCatalogError";
  }
}

export interface SelectedCatalog extends LoadedCatalog {
  /** How the report names it: the file, plus "(embedded sample)" or the region and date. */
  readonly label: string;
  /** The stack's region, when it sets one. */
  readonly region?: string;
  /** `YYYY-MM-DD` of a region catalog from `catalogs/`. */
  readonly date?: string;
}

export interface SelectOptions {
  /** `--catalog`: an explicit file. */
  readonly catalogFile?: string;
  /** @default catalogs/ */
  readonly catalogsDir?: string;
  /** How the command that fetches the catalog names the stack dir, when not the default. */
  readonly stacksDir?: string;
}

/** The command that writes the stack's region catalog, as it works when printed. */
export function fetchCommand(file: StackFile, opts: SelectOptions = {}): string {
  const extra = [
    opts.stacksDir ? ` --stacks-dir ${opts.stacksDir}` : "",
    opts.catalogsDir ? ` --catalogs-dir ${opts.catalogsDir}` : "",
  ].join("");
  return `npm run fetch-catalog -- --stack ${file.stack}${extra}`;
}

/**
 * The catalog a tool judges a stack against: `--catalog` when given (refused when it is another
 * region's, or the embedded sample for a real stack); else the newest `catalogs/<oci:region>/`
 * file; the embedded sample only for the embedded demo stacks. A real stack without its
 * region's catalog is a {@link MissingCatalogError} naming the command that fetches it.
 */
export function selectCatalog(file: StackFile, opts: SelectOptions = {}): SelectedCatalog {
  const region = stackRegion(file);
  const demo = isEmbeddedDemo(file);
  const fix = fetchCommand(file, opts);
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  if (opts.catalogFile !== undefined) {
    const loaded = loadCatalog(opts.catalogFile);
    if (loaded.embedded && !demo)
      throw new CatalogFileError(
        `${rel(loaded.path)} is the embedded sample catalog; it serves only the embedded demo stacks (${EMBEDDED_DEMO_STACKS.join(", ")}), never a real stack such as "${file.stack}". Fetch its region's catalog: ${fix}`,
      );
    if (region) checkCatalogRegion(loaded, region, `stack "${file.stack}"`, fix);
    return {
      ...loaded,
      label: loaded.embedded ? `${rel(loaded.path)} (embedded sample)` : loaded.path,
      ...(region ? { region } : {}),
    };
  }
  if (!demo) {
    if (!region)
      throw new MissingCatalogError(
        `stack "${file.stack}" (${file.path}) sets no oci:region, so its catalog of current images cannot be chosen; add \`oci:region: <region>\` (e.g. us-phoenix-1) under config:, then run ${fix}`,
      );
    const dir = opts.catalogsDir ?? DEFAULT_CATALOGS_DIR;
    const newest = regionCatalogFiles(dir, region)[0];
    if (!newest)
      throw new MissingCatalogError(
        `no catalog of current images for region ${region} (stack "${file.stack}", oci:region) in ${rel(path.join(dir, region))}; the embedded sample never judges a real stack. Fetch it: ${fix}   (or pass --catalog <file> with the output of \`oci ce node-pool-options get --node-pool-option-id all --output json\` run in ${region})`,
      );
    const loaded = loadCatalog(newest);
    checkCatalogRegion(loaded, region, `stack "${file.stack}"`, fix);
    const date = path.basename(newest, ".json");
    return { ...loaded, label: `${rel(newest)} (${region}, fetched ${date})`, region, date };
  }
  const loaded = loadCatalog();
  return {
    ...loaded,
    label: `${rel(loaded.path)} (embedded sample)`,
    ...(region ? { region } : {}),
  };
}
