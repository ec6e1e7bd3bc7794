import * as fs from "fs";
import * as path from "path";
import { CatalogFormatError, ImageCatalog } from "../../core/catalog";
import { ConfigProblem, PropertySchema } from "./config";
import { RawConfig } from "./finding";
import { isRecord, own, show } from "../../core/read";
import { isUnknown } from "./unknown";

/** The command that prints a catalog; quoted in every message that asks for one. */
export const CATALOG_COMMAND =
  "oci ce node-pool-options get --node-pool-option-id all --output json > catalog.json";

/** `catalog` and `catalogFile`, shared by every policy that needs to name or judge images. */
export const catalogSchema: Record<"catalog" | "catalogFile", PropertySchema> = {
  catalog: {
    type: ["object", "string"],
    default: {},
    description:
      "The catalog of current images, inline: the JSON printed by `oci ce node-pool-options get --node-pool-option-id all --output json` " +
      '(whole or its `data`), or {"sources": [{"imageId", "sourceName", "sourceType"}]}; as an object or a JSON string. {} = none.',
  },
  catalogFile: {
    type: "string",
    default: "",
    description:
      'Path to a file holding such a catalog; relative paths are resolved against the policy pack directory. "" = none.',
  },
};

/** A catalog taken from a policy's config, or the problems that kept it out. */
export interface ConfiguredCatalog {
  readonly catalog?: ImageCatalog;
  readonly problems: readonly ConfigProblem[];
}

/** File access for {@link resolveConfiguredCatalog}; tests pass fakes. */
export interface CatalogFiles {
  /** Directory relative `catalogFile` paths are resolved against (the pack's working directory). */
  readonly baseDir: string;
  readFile(absolutePath: string): string;
}

const HOW_TO = `save the catalog with \`${CATALOG_COMMAND}\` and point catalogFile at it`;

function parseDoc(
  doc: unknown,
  key: string,
  origin: string,
  problems: ConfigProblem[],
): ImageCatalog | undefined {
  try {
    const catalog = ImageCatalog.parse(doc, origin);
    if (catalog.size === 0) {
      problems.push({
        key,
        message: `${origin} lists no images; an empty catalog would make every image look retired, so it is ignored. ${HOW_TO}.`,
      });
      return undefined;
    }
    return catalog;
  } catch (e) {
    const detail =
      e instanceof CatalogFormatError ? e.message : e instanceof Error ? e.message : String(e);
    problems.push({ key, message: `${detail}. Fix: ${HOW_TO}.` });
    return undefined;
  }
}

function isEmptyCatalogValue(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    v === "" ||
    isUnknown(v) ||
    (isRecord(v) && Object.keys(v).length === 0)
  );
}

/**
 * Reads `catalog` (inline) and `catalogFile` from a policy's config. Both may be set; their
 * images are merged. Never throws: every problem names its key and the fix.
 */
export function resolveConfiguredCatalog(
  config: RawConfig,
  files: CatalogFiles,
): ConfiguredCatalog {
  const problems: ConfigProblem[] = [];
  const found: ImageCatalog[] = [];

  const inline = own(config, "catalog");
  if (!isEmptyCatalogValue(inline)) {
    if (typeof inline === "string") {
      let doc: unknown;
      try {
        doc = JSON.parse(inline);
      } catch (e) {
        problems.push({
          key: "catalog",
          message: `is a string but not JSON (${e instanceof Error ? e.message : String(e)}). Give the catalog as an object, or ${HOW_TO}.`,
        });
      }
      if (doc !== undefined) {
        const c = parseDoc(doc, "catalog", "catalog", problems);
        if (c) found.push(c);
      }
    } else if (isRecord(inline)) {
      const c = parseDoc(inline, "catalog", "catalog", problems);
      if (c) found.push(c);
    } else {
      problems.push({
        key: "catalog",
        message: `${show(inline)} is not a catalog object. Give the JSON object printed by the OCI CLI, or ${HOW_TO}.`,
      });
    }
  }

  const file = own(config, "catalogFile");
  if (!isEmptyCatalogValue(file)) {
    if (typeof file !== "string") {
      problems.push({
        key: "catalogFile",
        message: `${show(file)} is not a path. ${HOW_TO[0].toUpperCase()}${HOW_TO.slice(1)}.`,
      });
    } else {
      const full = path.resolve(files.baseDir, file);
      let text: string | undefined;
      try {
        text = files.readFile(full);
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        problems.push({
          key: "catalogFile",
          message: `cannot read ${full} (${typeof code === "string" ? code : e instanceof Error ? e.message : String(e)}); relative paths are resolved against the policy pack directory ${files.baseDir}. Fix: ${HOW_TO}.`,
        });
      }
      if (text !== undefined) {
        let doc: unknown;
        try {
          doc = JSON.parse(text);
        } catch (e) {
          problems.push({
            key: "catalogFile",
            message: `${full} is not JSON (${e instanceof Error ? e.message : String(e)}). Fix: ${HOW_TO}.`,
          });
        }
        if (doc !== undefined) {
          const c = parseDoc(doc, "catalogFile", full, problems);
          if (c) found.push(c);
        }
      }
    }
  }

  const catalog = found.length === 0 ? undefined : found.reduce((a, b) => a.merge(b));
  return catalog ? { catalog, problems } : { problems };
}

// The pack process lives for one preview or update. Results are memoised by the inline value's
// identity (the engine sends the config once) and by the file's path, size and mtime.
const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;
const results = new Map<string, ConfiguredCatalog>();

function stamp(full: string): string {
  try {
    const st = fs.statSync(full);
    return `${full}|${st.size}|${st.mtimeMs}`;
  } catch {
    return `${full}|missing`;
  }
}

/** Real file access: the pack's working directory is the pack directory, as the engine launches it. */
export const packFiles: CatalogFiles = {
  get baseDir() {
    return process.cwd();
  },
  readFile: (absolutePath: string) => fs.readFileSync(absolutePath, "utf8"),
};

/** The config of a policy whose only settings are the catalog's (`catalog`, `catalogFile`). */
export function catalogOnlyConfig(
  raw: RawConfig,
  env: { readonly files: CatalogFiles } = { files: packFiles },
): { config: ConfiguredCatalog; problems: readonly ConfigProblem[] } {
  const configured = configuredCatalog(raw, env.files);
  return { config: configured, problems: configured.problems };
}

/**
 * {@link resolveConfiguredCatalog} for the wiring, memoised so that a thousand Analyze calls
 * parse the catalog once.
 */
export function configuredCatalog(
  config: RawConfig,
  files: CatalogFiles = packFiles,
): ConfiguredCatalog {
  const inline = own(config, "catalog");
  const file = own(config, "catalogFile");
  let inlineKey = "-";
  if (isRecord(inline)) {
    let id = objectIds.get(inline);
    if (id === undefined) objectIds.set(inline, (id = nextObjectId++));
    inlineKey = `o${id}`;
  } else if (typeof inline === "string") inlineKey = `s${inline}`;
  const fileKey =
    typeof file === "string" && file !== "" ? stamp(path.resolve(files.baseDir, file)) : "-";
  const key = `${inlineKey}\u0000${fileKey}`;
  const hit = results.get(key);
  if (hit) return hit;
  const result = resolveConfiguredCatalog(config, files);
  if (results.size >= 32) results.clear();
  results.set(key, result);
  return result;
}
