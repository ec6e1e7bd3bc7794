/**
 * Stack files (`stacks/Pulumi.<stack>.yaml`) for the offline tools: reading them as Pulumi hands
 * config to a program, listing their pools for the planner and the pin updater, and editing
 * image pins in place with comments and key order preserved (yaml's Document API).
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { KubeVersion, parseKubeVersion } from "../core/kubeVersion";
import { ConfigError } from "../core/configError";
import { MAX_ARG_STRLEN, pulumiConfigEnvBytes } from "../core/pulumiConfigEnv";
import { StackPool, stackPool } from "../core/stackPools";
import {
  POOL_LISTS,
  PROJECT_DIR,
  PoolsFile,
  entryKeyPath,
  readPoolsFile,
} from "../program/poolsFile";
import { PROJECT, ValidatedStackConfig, validateStackConfig } from "../program/stackConfig";

/** The stack files shipped with the project. */
export const DEFAULT_STACKS_DIR = path.join(__dirname, "..", "stacks");

/** A stack name that has no file, or a file that cannot be read as a stack file. */
export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

export interface StackFile {
  readonly stack: string;
  readonly path: string;
  /** The parsed document: edit it and {@link writeStackFile} to keep comments and order. */
  readonly doc: YAML.Document;
  /** The `config:` map as plain values (`"oke-pools:nodePools"` → list …). */
  readonly config: Readonly<Record<string, unknown>>;
  /**
   * The pools files its `oke-pools:nodePoolsFile` / `:blueGreenPoolsFile` name (those that could
   * be read; validation reports the others). {@link setConfigValue} edits them like the stack file.
   */
  readonly poolsFiles: readonly PoolsFile[];
  /** Where relative pools-file paths start (the project directory). */
  readonly projectDir: string;
}

export function stackFilePath(stacksDir: string, stack: string): string {
  return path.join(stacksDir, `Pulumi.${stack}.yaml`);
}

/** Stack names with a file in `stacksDir`, sorted. */
export function listStacks(stacksDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(stacksDir);
  } catch {
    return [];
  }
  return names
    .map((n) => /^Pulumi\.(.+)\.ya?ml$/.exec(n)?.[1])
    .filter((n): n is string => !!n)
    .sort();
}

export function readStackFile(
  stacksDir: string,
  stack: string,
  projectDir: string = PROJECT_DIR,
): StackFile {
  if (!/^[A-Za-z0-9_.-]+$/.test(stack))
    throw new StackFileError(`"${stack}" is not a stack name (letters, digits, -, _ and . only)`);
  const file = stackFilePath(stacksDir, stack);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const known = listStacks(stacksDir);
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      throw new StackFileError(
        `unknown stack "${stack}": there is no ${file}; stacks in ${stacksDir}: ${known.join(", ") || "none"}`,
      );
    }
    throw new StackFileError(`${file}: cannot read: ${(e as Error).message}`);
  }
  const doc = YAML.parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0)
    throw new StackFileError(`${file}: not valid YAML: ${doc.errors[0].message}`);
  const plain: unknown = doc.toJS();
  if (plain !== null && (typeof plain !== "object" || Array.isArray(plain)))
    throw new StackFileError(`${file}: expected a map with a config: key`);
  const config = (plain as { config?: unknown } | null)?.config ?? {};
  if (typeof config !== "object" || config === null || Array.isArray(config))
    throw new StackFileError(`${file}: config: expected a map of "<namespace>:<key>" to values`);
  const values = config as Record<string, unknown>;
  const poolsFiles: PoolsFile[] = [];
  for (const { list, file: fileKey } of POOL_LISTS) {
    const ref = values[`${PROJECT}:${fileKey}`];
    if (typeof ref !== "string" || ref.trim() === "") continue;
    const read = readPoolsFile(list, ref, projectDir);
    if (!("problem" in read)) poolsFiles.push(read);
  }
  return { stack, path: file, doc, config: values, poolsFiles, projectDir };
}

/** Writes the stack file and every pools file an edit changed. */
export function writeStackFile(file: StackFile): void {
  fs.writeFileSync(file.path, file.doc.toString({ lineWidth: 0 }));
  for (const f of file.poolsFiles) {
    const doc = poolsDocs.get(f);
    if (!doc) continue; // never edited
    const text = renderPoolsFile(f, doc);
    if (text !== f.text) fs.writeFileSync(f.path, text);
  }
}

/** The editable documents of pools files, parsed on their first edit (a preview never pays for them). */
const poolsDocs = new WeakMap<PoolsFile, YAML.Document>();

function poolsDoc(f: PoolsFile): YAML.Document {
  let doc = poolsDocs.get(f);
  if (!doc) poolsDocs.set(f, (doc = YAML.parseDocument(f.text)));
  return doc;
}

/** A pools file's text after the edits made to its document (JSON stays JSON, in its indent). */
function renderPoolsFile(f: PoolsFile, doc: YAML.Document): string {
  if (!f.json) return doc.toString({ lineWidth: 0 });
  const indent = /^\[?\s*?\r?\n([ \t]+)/.exec(f.text)?.[1] ?? "  ";
  const eol = f.text.endsWith("\n") ? "\n" : "";
  return JSON.stringify(doc.toJS(), null, indent) + eol;
}

/**
 * Config as Pulumi hands it to a program: strings as written, everything else as JSON. Secure
 * values (`{ secure: … }`) cannot be decrypted offline and are left out, with a note.
 */
export function pulumiConfig(config: Readonly<Record<string, unknown>>): {
  values: Record<string, string>;
  skipped: string[];
} {
  const values: Record<string, string> = {};
  const skipped: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (isSecure(value)) {
      skipped.push(key);
      continue;
    }
    values[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { values, skipped };
}

function isSecure(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    "secure" in value
  );
}

/**
 * Validates the stack's config as the program does (pools files included), and refuses a config
 * that Pulumi could not pass to the program: over Linux's cap on one environment string
 * (core/pulumiConfigEnv.ts), the language host's exec would fail with E2BIG.
 */
export function validateStackFile(file: StackFile): ValidatedStackConfig {
  const subject = `stack "${file.stack}" config (${file.path})`;
  checkConfigEnvSize(file, subject);
  return validateStackConfig(file.config, subject, {
    projectDir: file.projectDir,
    poolsFiles: file.poolsFiles,
  });
}

/** Throws a {@link ConfigError} naming the limit and the file keys when PULUMI_CONFIG would be too long. */
function checkConfigEnvSize(file: StackFile, subject: string): void {
  // Secure values reach the program decrypted; their ciphertext stands in for them here.
  const passed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(file.config))
    passed[k] = isSecure(v) ? String((v as { secure: unknown }).secure) : v;
  const bytes = pulumiConfigEnvBytes(passed);
  if (bytes <= MAX_ARG_STRLEN) return;
  const inline = POOL_LISTS.filter((l) => file.config[`${PROJECT}:${l.list}`] !== undefined);
  const sizes = inline.map(
    (l) =>
      `${PROJECT}:${l.list} (${(file.config[`${PROJECT}:${l.list}`] as unknown[] | undefined)?.length ?? 0} entries)`,
  );
  throw new ConfigError(`${subject} is too large for Pulumi to pass to the program`, [
    `config: ${bytes} bytes as PULUMI_CONFIG — over Linux's ${MAX_ARG_STRLEN}-byte limit on one environment string (MAX_ARG_STRLEN), so \`pulumi preview\` and \`pulumi up\` would fail with "argument list too long" before the program runs; ` +
      (inline.length > 0
        ? `move ${sizes.join(" and ")} to a YAML or JSON file and name it with ${inline.map((l) => `${PROJECT}:${l.file}`).join(" / ")} (path relative to the project directory), e.g. ${PROJECT}:${inline[0].file}: stacks/${file.stack}.${inline[0].list}.yaml`
        : `keep the pool lists in files (${POOL_LISTS.map((l) => `${PROJECT}:${l.file}`).join(", ")}) and shorten the other values`),
  ]);
}

export interface StackPools {
  readonly controlPlane: KubeVersion;
  readonly pools: readonly StackPool[];
}

/**
 * Every pool the stack declares: its `nodePools` and each declared colour of its
 * `blueGreenPools` (a colour counts as a pool of its own). Throws {@link ConfigError}.
 */
export function stackPools(file: StackFile): StackPools {
  const settings = validateStackFile(file);
  const controlPlane = parseKubeVersion(settings.config.kubernetesVersion)!;
  const files = settings.poolsFiles;
  const pools: StackPool[] = settings.nodePools.map((p, i) =>
    stackPool(
      p.config.name,
      entryKeyPath("nodePools", i, files),
      p.resolved,
      p.config.kubernetesVersion !== undefined,
    ),
  );
  settings.blueGreenPools.forEach(({ config: pair, resolved }, i) => {
    for (const colour of ["blue", "green"] as const) {
      const pool = resolved[colour];
      if (pool)
        pools.push(
          stackPool(
            `${pair.name}-${colour}`,
            `${entryKeyPath("blueGreenPools", i, files)}.${colour}`,
            pool,
            pair[colour]?.kubernetesVersion !== undefined,
          ),
        );
    }
  });
  return { controlPlane, pools };
}

/** `oke-pools:nodePools[0].image` → the YAML path under `config:` (`["config", "oke-pools:nodePools", 0, "image"]`). */
export function yamlPath(keyPath: string): (string | number)[] {
  const m = /^([^.[\]]+:[^.[\]]+)(.*)$/.exec(keyPath);
  if (!m) throw new Error(`not a config key path: ${keyPath}`);
  const out: (string | number)[] = ["config", m[1]];
  const re = /\[(\d+)\]|\.([^.[\]]+)/g;
  let t: RegExpExecArray | null;
  while ((t = re.exec(m[2])) !== null) out.push(t[1] !== undefined ? Number(t[1]) : t[2]);
  return out;
}

/**
 * The document a key path lives in and its path there: the stack file's (`oke-pools:…` →
 * `["config", "oke-pools:…", …]`), or a pools file's (`pools.yaml[0].image` → `[0, "image"]`).
 */
export function locateKey(
  file: StackFile,
  keyPath: string,
): { doc: YAML.Document; path: (string | number)[] } {
  for (const f of file.poolsFiles) {
    if (keyPath.startsWith(`${f.label}[`)) {
      const inStack = yamlPath(`${PROJECT}:${f.list}${keyPath.slice(f.label.length)}`);
      return { doc: poolsDoc(f), path: inStack.slice(2) };
    }
  }
  return { doc: file.doc, path: yamlPath(keyPath) };
}

/**
 * Sets a key (e.g. `oke-pools:nodePools[0].image.imageId`, or `pools.yaml[0].image.imageId` in a
 * pools file) in its document, keeping comments and order.
 */
export function setConfigValue(file: StackFile, keyPath: string, value: string): void {
  const { doc, path: at } = locateKey(file, keyPath);
  const node = doc.getIn(at, true);
  // Changing the scalar in place keeps its comments and quoting; a missing key is appended.
  if (YAML.isScalar(node)) node.value = value;
  else doc.setIn(at, value);
}

export function getConfigValue(file: StackFile, keyPath: string): unknown {
  const { doc, path: at } = locateKey(file, keyPath);
  const v = doc.getIn(at);
  return YAML.isScalar(v) ? v.value : v;
}
