/**
 * The offline preview: a stack's program run under Pulumi's mocks (offline/recorder.ts), the
 * catalog invokes answered from a catalog file, and the policy pack driven over the analyzer
 * protocol (offline/analyzer) exactly as `pulumi preview --policy-pack` would. No CLI, no cloud.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ImageCatalog } from "../core/catalog";
import { ConfigError } from "../core/configError";
import {
  TAG_IMAGE_SOURCE_NAME,
  TYPE_IMAGE_CATALOG_COMPONENT,
  TYPE_NODE_POOL_COMPONENT,
  TYPE_OCI_CLUSTER,
  TYPE_OCI_LB_BACKEND,
  TYPE_OCI_NODE_POOL,
} from "../core/tags";
import { PROJECT } from "../program/stackConfig";
import {
  AnalyzerResource,
  Diagnostic,
  PolicyConfigError,
  PolicyPackSession,
  UserPolicyConfig,
  formatDiagnostics,
  hasMandatory,
  parsePolicyPackConfig,
  resourceOf,
  startPolicyPack,
} from "./analyzer";
import { SelectedCatalog, selectCatalog } from "./catalogFile";
import { ToolError } from "./cli";
import { ProgramError, Recording, STACK_TYPE, UNKNOWN, recordProgram } from "./recorder";
import { DEFAULT_STACKS_DIR, pulumiConfig, readStackFile, validateStackFile } from "./stackFile";

/** The project's policy pack. */
export const DEFAULT_PACK_DIR = path.join(__dirname, "..", "policies");

export interface PreviewOptions {
  readonly stack: string;
  /** @default stacks/ */
  readonly stacksDir?: string;
  /** A catalog file (OCI CLI output). @default the stack region's (offline/catalogFile.ts selectCatalog) */
  readonly catalogFile?: string;
  /** Where region catalogs are. @default catalogs/ */
  readonly catalogsDir?: string;
  /** A `--policy-pack-config` file. @default none: every policy at its default level */
  readonly policyConfigFile?: string;
  /** @default policies/ */
  readonly packDir?: string;
  /** @default the project's index.ts */
  readonly programPath?: string;
}

export interface PreviewResult {
  /** 0: no mandatory violation; 1: at least one. */
  readonly exitCode: 0 | 1;
  /** The readable report. */
  readonly text: string;
  readonly recording: Recording;
  readonly diagnostics: readonly Diagnostic[];
  /** The catalog the stack was judged against. */
  readonly catalog: SelectedCatalog;
  /** Notes about the run itself (pack built, secure config skipped …). */
  readonly notes: readonly string[];
  readonly timings: {
    readonly totalMs: number;
    readonly recordMs: number;
    readonly policyMs: number;
  };
}

/**
 * Previews a stack offline. Throws StackFileError, CatalogFileError, ConfigError (the stack's
 * config, every problem listed) or ToolError (policy config, pack build, program failure).
 */
export async function previewStack(opts: PreviewOptions): Promise<PreviewResult> {
  const t0 = Date.now();
  const notes: string[] = [];
  const file = readStackFile(opts.stacksDir ?? DEFAULT_STACKS_DIR, opts.stack);
  const selected = selectCatalog(file, {
    ...(opts.catalogFile !== undefined ? { catalogFile: opts.catalogFile } : {}),
    ...(opts.catalogsDir !== undefined ? { catalogsDir: opts.catalogsDir } : {}),
    ...(opts.stacksDir !== undefined ? { stacksDir: opts.stacksDir } : {}),
  });
  const { catalog } = selected;
  const userConfig =
    opts.policyConfigFile === undefined ? {} : readPolicyConfig(opts.policyConfigFile);
  validateStackFile(file);
  const { values, skipped } = pulumiConfig(file.config);
  for (const k of skipped)
    notes.push(
      `${k} is a secure value and cannot be decrypted offline; the program runs without it`,
    );
  const packDir = path.resolve(opts.packDir ?? DEFAULT_PACK_DIR);
  notes.push(...ensurePackBuilt(packDir));

  // The pack starts (~1 s) while the program runs.
  const sessionP = startPolicyPack(packDir, {
    stack: { stack: opts.stack, project: PROJECT, dryRun: true, config: values },
  });
  sessionP.catch(() => undefined);
  const closeSession = () => sessionP.then((s) => s.close()).catch(() => undefined);
  let recording: Recording;
  const tr = Date.now();
  try {
    recording = await recordProgram({
      programPath: opts.programPath,
      stack: opts.stack,
      project: PROJECT,
      config: values,
      catalog,
      preview: true,
    });
  } catch (e) {
    await closeSession();
    if (e instanceof ProgramError) {
      const logs = e.logs.map((l) => `  ${l.severity}: ${l.message}`).join("\n");
      throw new ToolError(
        `the program failed for stack "${opts.stack}":\n${e.message}${logs ? `\nprogram diagnostics:\n${logs}` : ""}`,
      );
    }
    throw e;
  }
  const recordMs = Date.now() - tr;
  const tp = Date.now();
  let session: PolicyPackSession;
  try {
    session = await sessionP;
  } catch (e) {
    throw new ToolError(
      `the policy pack in ${packDir} could not be started: ${(e as Error).message}`,
    );
  }
  const diagnostics: Diagnostic[] = [];
  try {
    try {
      await session.configure(userConfig);
    } catch (e) {
      if (e instanceof PolicyConfigError)
        throw new ToolError(`policy config ${opts.policyConfigFile ?? "(defaults)"}: ${e.message}`);
      throw e;
    }
    for (const r of recording.resources) diagnostics.push(...(await session.analyze(r)));
    diagnostics.push(...(await session.analyzeStack(recording.resources)));
  } finally {
    await session.close();
  }
  const policyMs = Date.now() - tp;
  const exitCode = hasMandatory(diagnostics) ? 1 : 0;
  const totalMs = Date.now() - t0;
  const text = renderPreview({
    stack: opts.stack,
    stackFile: file.path,
    catalog,
    catalogLabel: selected.label,
    recording,
    diagnostics,
    notes,
    totalMs,
  });
  return {
    exitCode,
    text,
    recording,
    diagnostics,
    catalog: selected,
    notes,
    timings: { totalMs, recordMs, policyMs },
  };
}

/** Reads a `--policy-pack-config` file; problems name the file. */
export function readPolicyConfig(file: string): UserPolicyConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ToolError(
      `policy config ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  try {
    return parsePolicyPackConfig(text);
  } catch (e) {
    throw new ToolError(
      `policy config ${file}: ${e instanceof PolicyConfigError ? e.message : `not JSON (${(e as Error).message})`}`,
    );
  }
}

/**
 * Makes sure the pack's compiled `main` exists, building it (`npm run build`, i.e. tsc -p
 * policies/tsconfig.json) when missing. A build older than the pack's sources is used with a note.
 */
export function ensurePackBuilt(packDir: string): string[] {
  let main: string;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as {
      main?: string;
    };
    main = path.join(packDir, pkg.main ?? "index.js");
  } catch (e) {
    throw new ToolError(
      `policy pack ${packDir}: cannot read its package.json (${(e as Error).message})`,
    );
  }
  const tsconfig = path.join(packDir, "tsconfig.json");
  if (!fs.existsSync(main)) {
    if (!fs.existsSync(tsconfig))
      throw new ToolError(
        `policy pack ${packDir}: ${main} does not exist and there is no tsconfig.json to build it from`,
      );
    process.stderr.write(
      `The policy pack is not built (${path.relative(process.cwd(), main)} is missing); building it (npm run build)…\n`,
    );
    const tsc = require.resolve("typescript/bin/tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", tsconfig], {
      cwd: path.dirname(packDir),
      encoding: "utf8",
    });
    if (r.status !== 0 || !fs.existsSync(main)) {
      throw new ToolError(
        `policy pack ${packDir}: the build failed; run \`npm run build\` and fix what it reports:\n${(r.stdout + r.stderr).trim().split("\n").slice(0, 20).join("\n")}`,
      );
    }
    return [`built the policy pack (${path.relative(process.cwd(), main)})`];
  }
  const built = fs.statSync(main).mtimeMs;
  const newer = newestSource([packDir, path.join(packDir, "..", "core")]);
  if (newer && newer.mtimeMs > built + 1000) {
    return [
      `the policy pack build is older than ${path.relative(process.cwd(), newer.file)}; run \`npm run build\` to preview with the current policies`,
    ];
  }
  return [];
}

function newestSource(dirs: readonly string[]): { file: string; mtimeMs: number } | undefined {
  let best: { file: string; mtimeMs: number } | undefined;
  const walk = (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name === "node_modules" || e.name === "bin" || e.name.startsWith(".")) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory() && depth < 4) walk(p, depth + 1);
      else if (e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) {
        const m = fs.statSync(p).mtimeMs;
        if (!best || m > best.mtimeMs) best = { file: p, mtimeMs: m };
      }
    }
  };
  for (const d of dirs) walk(d, 0);
  return best;
}

// ---------------------------------------------------------------------------------------------
// Rendering

interface RenderInput {
  readonly stack: string;
  readonly stackFile: string;
  readonly catalog: ImageCatalog;
  readonly catalogLabel: string;
  readonly recording: Recording;
  readonly diagnostics: readonly Diagnostic[];
  readonly notes: readonly string[];
  readonly totalMs: number;
}

const isProvider = (r: AnalyzerResource) => r.type.startsWith("pulumi:providers:");

/** The report: resources as a tree with key properties, program diagnostics, policy violations, summary. */
export function renderPreview(input: RenderInput): string {
  const { recording, diagnostics } = input;
  const out: string[] = [];
  out.push(`Previewing update (${input.stack}), offline: Pulumi mocks, no cloud`);
  out.push(`  stack config: ${path.relative(process.cwd(), input.stackFile) || input.stackFile}`);
  out.push(
    `  catalog:      ${input.catalogLabel} — ${input.catalog.size} images, ${recording.invokes} getNodePoolOption invoke${recording.invokes === 1 ? "" : "s"}`,
  );
  for (const n of input.notes) out.push(`  note: ${n}`);
  out.push("");

  const shown = recording.resources.filter((r) => !isProvider(r));
  const children = new Map<string, AnalyzerResource[]>();
  for (const r of shown)
    if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  const rows: [string, string, string][] = [];
  const visit = (r: AnalyzerResource, prefix: string, last: boolean, root: boolean) => {
    const branch = root ? "" : `${prefix}${last ? "└─ " : "├─ "}`;
    rows.push([`${branch}${r.type}`, r.name, keyProperties(r, input.catalog)]);
    const kids = children.get(r.urn) ?? [];
    const next = root ? "" : `${prefix}${last ? "   " : "│  "}`;
    kids.forEach((k, i) => visit(k, next, i === kids.length - 1, false));
  };
  const roots = shown.filter((r) => !r.parent || !shown.some((p) => p.urn === r.parent));
  roots.forEach((r) => visit(r, "", true, true));
  const typeWidth = Math.min(64, Math.max(4, ...rows.map((r) => r[0].length)));
  const nameWidth = Math.min(40, Math.max(4, ...rows.map((r) => r[1].length)));
  out.push(`     ${"Type".padEnd(typeWidth)}  ${"Name".padEnd(nameWidth)}  Plan    Info`);
  for (const [type, name, info] of rows)
    out.push(
      ` +   ${type.padEnd(typeWidth)}  ${name.padEnd(nameWidth)}  create  ${info}`.trimEnd(),
    );
  out.push("");

  if (recording.logs.length > 0) {
    out.push("Diagnostics:");
    const byUrn = new Map<string, typeof recording.logs>();
    for (const l of recording.logs) byUrn.set(l.urn ?? "", [...(byUrn.get(l.urn ?? "") ?? []), l]);
    for (const [urn, logs] of byUrn) {
      out.push(`  ${urn ? resourceOf(urn) : `${STACK_TYPE} (${PROJECT}-${input.stack})`}:`);
      for (const l of logs) out.push(`    ${l.severity}: ${l.message}`);
      out.push("");
    }
  }

  out.push(formatDiagnostics(diagnostics).trimEnd());
  out.push("");
  const mandatory = diagnostics.filter((d) => d.enforcementLevel === "mandatory").length;
  const advisory = diagnostics.length - mandatory;
  out.push("Resources:");
  out.push(`    + ${shown.length} to create`);
  out.push("");
  out.push(
    mandatory > 0
      ? `Preview FAILED: ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}${advisory ? `, ${advisory} advisory` : ""}. (${(input.totalMs / 1000).toFixed(1)}s)`
      : `Preview passed: no mandatory policy violations${advisory ? `, ${advisory} advisory` : ""}. (${(input.totalMs / 1000).toFixed(1)}s)`,
  );
  return `${out.join("\n")}\n`;
}

const known = (v: unknown): boolean => v !== undefined && v !== null && v !== UNKNOWN;
const show = (v: unknown): string =>
  v === UNKNOWN ? "(known after update)" : typeof v === "string" ? v : JSON.stringify(v);

function rec(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

/** The few properties that matter for upgrades, per type. */
export function keyProperties(r: AnalyzerResource, catalog: ImageCatalog): string {
  const i = r.inputs;
  const o = r.outputs;
  const parts: string[] = [];
  switch (r.type) {
    case TYPE_OCI_NODE_POOL: {
      if (known(i.kubernetesVersion)) parts.push(String(i.kubernetesVersion));
      const imageId = rec(i.nodeSourceDetails).imageId ?? i.nodeImageId;
      const tagged = rec(i.freeformTags)[TAG_IMAGE_SOURCE_NAME];
      const listed = typeof imageId === "string" ? catalog.lookup(imageId)?.sourceName : undefined;
      const name =
        listed ??
        (typeof tagged === "string" && tagged !== "unknown" && known(tagged) ? tagged : undefined);
      parts.push(
        name ? `image ${name}${listed ? "" : " (not in the catalog)"}` : `image ${show(imageId)}`,
      );
      const size = rec(i.nodeConfigDetails).size;
      if (size !== undefined) parts.push(`size ${show(size)}`);
      const cyc = rec(i.nodePoolCyclingDetails);
      const modes = Array.isArray(cyc.cycleModes)
        ? cyc.cycleModes.map(show).join("+")
        : known(cyc.cycleModes)
          ? show(cyc.cycleModes)
          : undefined;
      if (cyc.isNodeCyclingEnabled === false)
        parts.push(`cycling off${modes ? ` (${modes})` : ""}`);
      else if (modes)
        parts.push(
          `${modes}${modes === "BOOT_VOLUME_REPLACE" ? " (keeps node IPs)" : modes.includes("INSTANCE_REPLACE") ? " (new node IPs)" : ""}`,
        );
      break;
    }
    case TYPE_OCI_CLUSTER:
      if (known(i.kubernetesVersion)) parts.push(`control plane ${String(i.kubernetesVersion)}`);
      if (known(i.type)) parts.push(String(i.type));
      break;
    case TYPE_NODE_POOL_COMPONENT:
      if (known(o.kubernetesVersion)) parts.push(String(o.kubernetesVersion));
      if (known(o.imageStatus))
        parts.push(
          `image ${String(o.imageStatus)}${known(o.replacementSourceName) ? ` → ${String(o.replacementSourceName)}` : ""}`,
        );
      break;
    case TYPE_IMAGE_CATALOG_COMPONENT: {
      const f = rec(o.filter);
      parts.push(
        `${show(o.imageCount)} images (${[f.nodePoolOsType ?? "any OS", f.nodePoolOsArch ?? "any arch"].map(show).join(", ")})`,
      );
      break;
    }
    case TYPE_OCI_LB_BACKEND:
      parts.push(`${show(i.ipAddress)}:${show(i.port)} in backend set ${show(i.backendsetName)}`);
      break;
    default:
      if (!r.custom) {
        for (const k of ["activeColour", "active", "kubernetesVersion"])
          if (known(o[k]) && typeof o[k] === "string") parts.push(`${k} ${String(o[k])}`);
      }
  }
  return parts.join(" · ");
}

export { ConfigError };
