/**
 * Stack files (`stacks/Pulumi.<stack>.yaml`) for the offline tools: reading them as Pulumi hands
 * config to a program, listing their pools for the planner and the pin updater, and editing
 * values in place byte for byte (offline/yamlEdit.ts: only the changed scalars differ).
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
import { YamlEdit, YamlEditError, YamlPath, editYaml } from "./yamlEdit";
import {
  PROJECT,
  StackConfigChecks,
  ValidatedStackConfig,
  validateStackConfig,
} from "../program/stackConfig";

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
  /** The file as read. */
  readonly text: string;
  /** The parsed document (read only: edits go through {@link setConfigValue}). */
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
  /** Edits queued by {@link setConfigValue} / {@link renameConfigKey}; {@link writeStackFile} splices them in. */
  readonly edits: YamlEdit[];
  /** The same, for each pools file an edit targets (its own text, its own queue). */
  readonly poolsEdits: Map<PoolsFile, YamlEdit[]>;
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
  return {
    stack,
    path: file,
    text,
    doc,
    config: values,
    poolsFiles,
    projectDir,
    edits: [],
    poolsEdits: new Map(),
  };
}

/** The file's text with the queued edits spliced in; throws {@link StackFileError} if they cannot be. */
export function renderStackFile(file: StackFile): string {
  return spliced(file.path, file.text, file.edits);
}

/** Each edited pools file with its text after the queued edits (JSON stays valid JSON). */
export function renderPoolsFiles(file: StackFile): { file: PoolsFile; text: string }[] {
  return [...file.poolsEdits].map(([f, edits]) => {
    const text = spliced(f.path, f.text, edits);
    return { file: f, text: f.json ? asJson(f, text) : text };
  });
}

/** Whether the queued edits change a byte of the stack file or of a pools file. */
export function stackFileChanged(file: StackFile): boolean {
  return (
    renderStackFile(file) !== file.text ||
    renderPoolsFiles(file).some(({ file: f, text }) => text !== f.text)
  );
}

/** Writes the queued edits to the stack file and the pools files (only the files they change). */
export function writeStackFile(file: StackFile): void {
  // Everything is rendered before anything is written: nothing is half-applied.
  const stackText = renderStackFile(file);
  const pools = renderPoolsFiles(file);
  if (stackText !== file.text) fs.writeFileSync(file.path, stackText);
  for (const { file: f, text } of pools) if (text !== f.text) fs.writeFileSync(f.path, text);
}

function spliced(where: string, text: string, edits: readonly YamlEdit[]): string {
  if (edits.length === 0) return text;
  try {
    return editYaml(text, edits);
  } catch (e) {
    if (e instanceof YamlEditError) throw new StackFileError(`${where}: ${e.message}`);
    throw e;
  }
}

/**
 * A JSON pools file after YAML edits: kept as spliced when it is still JSON (a replaced string
 * is), else re-serialised in the file's indent (an added key is written YAML-style in a flow map).
 */
function asJson(f: PoolsFile, text: string): string {
  try {
    JSON.parse(text);
    return text;
  } catch {
    const indent = /^\[?\s*?\r?\n([ \t]+)/.exec(f.text)?.[1] ?? "  ";
    const eol = f.text.endsWith("\n") ? "\n" : "";
    return JSON.stringify(YAML.parse(text), null, indent) + eol;
  }
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
 * Validates the stack's config as the program does (pools files included), plus the cross-key
 * checks of the tools' keys, and refuses a config that Pulumi could not pass to the program:
 * over Linux's cap on one environment string (core/pulumiConfigEnv.ts), the language host's
 * exec would fail with E2BIG.
 */
export function validateStackFile(
  file: StackFile,
  checks: StackConfigChecks = {},
): ValidatedStackConfig {
  const subject = `stack "${file.stack}" config (${file.path})`;
  checkConfigEnvSize(file, subject);
  return validateStackConfig(file.config, subject, {
    ...checks,
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

/** The stack's `oci:region`, when it sets one. */
export function stackRegion(file: StackFile): string | undefined {
  const r = file.config["oci:region"];
  return typeof r === "string" && r.trim() !== "" ? r.trim() : undefined;
}

export interface StackPools {
  readonly controlPlane: KubeVersion;
  readonly pools: readonly StackPool[];
}

/**
 * Every pool the stack declares: its `nodePools` and each declared colour of its
 * `blueGreenPools` (a colour counts as a pool of its own). Throws {@link ConfigError}.
 */
export function stackPools(file: StackFile, checks: StackConfigChecks = {}): StackPools {
  const settings = validateStackFile(file, checks);
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
/**
 * Where a key path lives: in the stack file (`oke-pools:…` → `["config", "oke-pools:…", …]`), or
 * in a pools file (`pools.yaml[0].image` → that file and `[0, "image"]`).
 */
export function locateKey(
  file: StackFile,
  keyPath: string,
): { poolsFile?: PoolsFile; path: (string | number)[] } {
  for (const f of file.poolsFiles) {
    if (keyPath.startsWith(`${f.label}[`)) {
      const inStack = yamlPath(`${PROJECT}:${f.list}${keyPath.slice(f.label.length)}`);
      return { poolsFile: f, path: inStack.slice(2) };
    }
  }
  return { path: yamlPath(keyPath) };
}

/** The edit queue of the file a key path lives in. */
function queueFor(file: StackFile, poolsFile: PoolsFile | undefined): YamlEdit[] {
  if (!poolsFile) return file.edits;
  let q = file.poolsEdits.get(poolsFile);
  if (!q) file.poolsEdits.set(poolsFile, (q = []));
  return q;
}

/**
 * Queues setting a key (e.g. `oke-pools:nodePools[0].image.imageId`, or `pools.yaml[0].image.imageId`
 * in a pools file): the scalar is replaced in its own style, a missing key is added to its map
 * (after `after` when given).
 */
export function setConfigValue(
  file: StackFile,
  keyPath: string,
  value: string,
  after?: string,
): void {
  const { poolsFile, path: at } = locateKey(file, keyPath);
  queueFor(file, poolsFile).push({
    kind: "set",
    path: at,
    value,
    ...(after !== undefined ? { after } : {}),
  });
}

/** Queues renaming the key at `keyPath` to `key` with a new value (`image.os` → `image.imageId`). */
export function renameConfigKey(
  file: StackFile,
  keyPath: string,
  key: string,
  value: string,
): void {
  const { poolsFile, path: at } = locateKey(file, keyPath);
  queueFor(file, poolsFile).push({ kind: "rename", path: at, key, value });
}

export type { YamlPath };

export function getConfigValue(file: StackFile, keyPath: string): unknown {
  const { poolsFile, path: at } = locateKey(file, keyPath);
  const doc = poolsFile ? YAML.parseDocument(poolsFile.text) : file.doc;
  const v = doc.getIn(at);
  return YAML.isScalar(v) ? v.value : v;
}
