/**
 * Stack files (`stacks/Pulumi.<stack>.yaml`) for the offline tools: reading them as Pulumi hands
 * config to a program, listing their pools for the planner and the pin updater, and editing
 * values in place byte for byte (offline/yamlEdit.ts: only the changed scalars differ).
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { KubeVersion, parseKubeVersion } from "../core/kubeVersion";
import { StackPool, stackPool } from "../core/stackPools";
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
  /** Edits queued by {@link setConfigValue} / {@link renameConfigKey}; {@link writeStackFile} splices them in. */
  readonly edits: YamlEdit[];
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

export function readStackFile(stacksDir: string, stack: string): StackFile {
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
  return { stack, path: file, text, doc, config: config as Record<string, unknown>, edits: [] };
}

/** The file's text with the queued edits spliced in; throws {@link StackFileError} if they cannot be. */
export function renderStackFile(file: StackFile): string {
  if (file.edits.length === 0) return file.text;
  try {
    return editYaml(file.text, file.edits);
  } catch (e) {
    if (e instanceof YamlEditError) throw new StackFileError(`${file.path}: ${e.message}`);
    throw e;
  }
}

/** Writes the queued edits (nothing when none are queued or none changes a byte). */
export function writeStackFile(file: StackFile): void {
  const text = renderStackFile(file);
  if (text !== file.text) fs.writeFileSync(file.path, text);
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

/** Validates the stack's config as the program does, plus the cross-key checks of the tools' keys. */
export function validateStackFile(
  file: StackFile,
  checks: StackConfigChecks = {},
): ValidatedStackConfig {
  return validateStackConfig(file.config, `stack "${file.stack}" config (${file.path})`, checks);
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
  const pools: StackPool[] = settings.nodePools.map((p, i) =>
    stackPool(
      p.config.name,
      `${PROJECT}:nodePools[${i}]`,
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
            `${PROJECT}:blueGreenPools[${i}].${colour}`,
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
 * Queues setting a key (e.g. `oke-pools:nodePools[0].image.imageId`): the scalar is replaced in
 * its own style, a missing key is added to its map (after `after` when given).
 */
export function setConfigValue(
  file: StackFile,
  keyPath: string,
  value: string,
  after?: string,
): void {
  file.edits.push({
    kind: "set",
    path: yamlPath(keyPath),
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
  file.edits.push({ kind: "rename", path: yamlPath(keyPath), key, value });
}

export type { YamlPath };

export function getConfigValue(file: StackFile, keyPath: string): unknown {
  const v = file.doc.getIn(yamlPath(keyPath));
  return YAML.isScalar(v) ? v.value : v;
}
