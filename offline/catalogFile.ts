import * as fs from "fs";
import * as path from "path";
import { CatalogFormatError, ImageCatalog } from "../core/catalog";

/** The catalog embedded in the project (OCI CLI format): what the offline tools use by default. */
export const SAMPLE_CATALOG_PATH = path.join(__dirname, "..", "catalog", "sample-catalog.json");

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
 * --output json` (whole or its `data`), or the invoke's camelCase shape. Defaults to the
 * embedded sample. Throws {@link CatalogFileError}.
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
    return { catalog, path: p, embedded: file === undefined };
  } catch (e) {
    if (e instanceof CatalogFormatError) throw new CatalogFileError(e.message);
    throw e;
  }
}
