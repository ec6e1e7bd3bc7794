/**
 * `oke-pools:nodePoolsFile` and `oke-pools:blueGreenPoolsFile`: the pool lists kept in a YAML or
 * JSON file of their own instead of the stack config. Pulumi hands a program (and a policy pack)
 * the whole stack config in one environment string, PULUMI_CONFIG, which Linux caps at 128 KiB
 * (core/pulumiConfigEnv.ts); a few hundred inline pools reach that. The file holds exactly the
 * list the inline key would, and is validated by the same schema (program/stackConfig.ts); its
 * problems name the file and the entry (`pools/prod.yaml[3].shape`) instead of the key.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { shownValue } from "../core/configError";

/** The project directory (Pulumi.yaml, index.ts): relative pools-file paths start here. */
export const PROJECT_DIR = path.resolve(__dirname, "..");

/** Each pool list's inline key and file key, under `oke-pools:`. */
export const POOL_LISTS = [
  { list: "nodePools", file: "nodePoolsFile" },
  { list: "blueGreenPools", file: "blueGreenPoolsFile" },
] as const;
export type PoolListKey = (typeof POOL_LISTS)[number]["list"];

/** A pools file as read: where it is, what it says, and how its entries are named in messages. */
export interface PoolsFile {
  /** The list it holds. */
  readonly list: PoolListKey;
  /** The path as the stack config writes it; key paths of its entries start with it (`pools.yaml[0]`). */
  readonly label: string;
  /** Absolute path. */
  readonly path: string;
  readonly text: string;
  /** JSON (by its `.json` name): parsed and rewritten as JSON; anything else is YAML. */
  readonly json: boolean;
  /** The parsed content (the list, or whatever the file holds: the schema judges it). */
  readonly content: unknown;
}

/** Absolute path of a pools file reference (relative to `projectDir`, absolute accepted). */
export function poolsFilePath(ref: string, projectDir = PROJECT_DIR): string {
  return path.resolve(projectDir, ref);
}

/**
 * Reads a pools file. Returns the file, or a problem line (`oke-pools:<fileKey>: "<ref>" — …`)
 * naming the key, the path it resolved to and the fix.
 */
export function readPoolsFile(
  list: PoolListKey,
  ref: string,
  projectDir = PROJECT_DIR,
): PoolsFile | { problem: string } {
  const fileKey = `oke-pools:${POOL_LISTS.find((l) => l.list === list)!.file}`;
  const abs = poolsFilePath(ref, projectDir);
  const fail = (why: string) => ({ problem: `${fileKey}: ${shownValue(ref)} — ${why}` });
  let text: string;
  try {
    text = fs.readFileSync(abs, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a directory"
          : (code ?? (e as Error).message);
    return fail(
      `cannot read ${abs} (${why}); the path is relative to the project directory ${projectDir} (absolute paths are accepted)`,
    );
  }
  const json = /\.json$/i.test(abs);
  let content: unknown;
  if (json) {
    // JSON.parse: a 5,000-pool list in a fraction of the time and memory YAML's parser takes.
    try {
      content = text.trim() === "" ? null : JSON.parse(text);
    } catch (e) {
      return fail(`${abs} is not valid JSON (${(e as Error).message}); fix the file`);
    }
  } else {
    const doc = YAML.parseDocument(text, { prettyErrors: false });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const line = e.linePos?.[0]?.line;
      return fail(
        `${abs} is not valid YAML (${line ? `line ${line}: ` : ""}${e.message.split("\n")[0]}); fix the file`,
      );
    }
    content = doc.toJS();
  }
  return { list, label: ref, path: abs, text, json, content };
}

/**
 * Puts the lists of the file keys into `values` (keys without the `oke-pools:` prefix, as
 * program/stackConfig.ts validates them): each list from its inline key or its file key, not
 * both. `preloaded` are files already read (the offline tools read them once, to edit them).
 * Returns the files used and the problems found (key, value, fix).
 */
export function inlinePoolsFiles(
  values: Record<string, unknown>,
  projectDir = PROJECT_DIR,
  preloaded: readonly PoolsFile[] = [],
): { files: PoolsFile[]; problems: string[] } {
  const files: PoolsFile[] = [];
  const problems: string[] = [];
  const used = new Map<string, string>();
  for (const { list, file: fileKey } of POOL_LISTS) {
    const ref = values[fileKey];
    if (ref === undefined) continue;
    if (typeof ref !== "string" || ref.trim() === "") continue; // the schema reports it
    if (values[list] !== undefined) {
      problems.push(
        `oke-pools:${list}: ${shownValue(values[list])} — oke-pools:${fileKey} (${ref}) holds this list already; keep one: the inline list or the file`,
      );
      continue;
    }
    const abs = poolsFilePath(ref, projectDir);
    const other = used.get(abs);
    if (other) {
      problems.push(
        `oke-pools:${fileKey}: ${shownValue(ref)} — is the file oke-pools:${other} names; a pools file holds one list, give each its own file`,
      );
      continue;
    }
    used.set(abs, fileKey);
    const read =
      preloaded.find((f) => f.list === list && f.path === abs) ??
      readPoolsFile(list, ref, projectDir);
    if ("problem" in read) {
      problems.push(read.problem);
      continue;
    }
    files.push(read);
    // An empty file is an empty list, as an absent inline key is.
    values[list] = read.content === null || read.content === undefined ? [] : read.content;
  }
  return { files, problems };
}

/**
 * Problem lines with the inline key paths of file-held lists renamed to the file's:
 * `oke-pools:nodePools[3].shape` → `pools/prod.yaml[3].shape`, `oke-pools:nodePools` → the file.
 */
export function relabelProblems(
  problems: readonly string[],
  files: readonly PoolsFile[],
): string[] {
  if (files.length === 0) return [...problems];
  return problems.map((line) => {
    let out = line;
    for (const f of files) {
      const key = new RegExp(`oke-pools:${f.list}(?![A-Za-z])`, "g");
      out = out.replace(key, () => f.label);
    }
    return out;
  });
}

/** The key path of entry `i` of a list: `oke-pools:nodePools[0]`, or `<file>[0]` when the list is in a file. */
export function entryKeyPath(
  list: PoolListKey,
  i: number,
  files: readonly PoolsFile[] = [],
): string {
  const f = files.find((x) => x.list === list);
  return `${f ? f.label : `oke-pools:${list}`}[${i}]`;
}
