/**
 * The offline preview: a stack's program run under Pulumi's mocks (offline/recorder.ts), the
 * catalog invokes answered from a catalog file, and the policy pack driven over the analyzer
 * protocol (offline/analyzer) exactly as `pulumi preview --policy-pack` would. No CLI, no cloud.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { collectGarbage } from "./collectGarbage";
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
  encodeStackResource,
  formatDiagnostics,
  hasMandatory,
  parsePolicyPackConfig,
  resourceOf,
  startPolicyPack,
} from "./analyzer";
import { SelectedCatalog, selectCatalog } from "./catalogFile";
import { ToolError } from "./cli";
import {
  ProgramError,
  ProgramRun,
  RecordedLog,
  RecordedResource,
  RecordingSummary,
  STACK_TYPE,
  UNKNOWN,
  runProgram,
} from "./recorder";
import {
  DEFAULT_STACKS_DIR,
  pulumiConfig,
  readStackFile,
  stackRegion,
  validateStackFile,
} from "./stackFile";
import { ApplyResult, applyPlan } from "./state/apply";
import { DisplayOptions, displayedSteps } from "./state/digest";
import { StoredState, readStateFile } from "./state/exportFile";
import { Plan, StatePlanner } from "./state/planner";
import { SYMBOL, stepDetailLines, summaryLines } from "./state/render";
import { pinImagesCommand } from "../core/commands";
import { nearest } from "../core/spelling";

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
  /** Return the recorded resources too (the bench dumps them); they are otherwise released as sent. */
  readonly keepResources?: boolean;
  /** Called as each phase ends (the bench samples memory there). */
  readonly onPhase?: (phase: PreviewPhase) => void;
  /** `pulumi stack export` output: plan against it (same/update/replace/create/delete). @default none: every resource is a create */
  readonly stateFile?: string;
  /** The stored state, already read (instead of {@link stateFile}). */
  readonly state?: StoredState;
  /** `--show-sames`, `--show-replacement-steps`. */
  readonly display?: DisplayOptions;
  /** Also run what `pulumi up` runs after applying: AnalyzeStack with known outputs, dry run off. */
  readonly apply?: boolean;
}

/** The phases of a preview, in order. */
export type PreviewPhase = "recorded" | "analyzed" | "stack-analyzed" | "rendered";

export interface PreviewResult {
  /** 0: no mandatory violation; 1: at least one. */
  readonly exitCode: 0 | 1;
  /** The readable report. */
  readonly text: string;
  /** What the program left (invokes, logs, outputs, resource count); the resources with {@link PreviewOptions.keepResources}. */
  readonly recording: RecordingSummary & { readonly resources?: readonly RecordedResource[] };
  /** Every resource the report lists (providers flagged), in registration order, with its key properties. */
  readonly rows: readonly ReportRow[];
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
  /** The engine's plan against the stored state (with a state only). */
  readonly plan?: Plan;
  /** The stack config as the engine's prelude carries it (secure values left out offline). */
  readonly config: Readonly<Record<string, string>>;
  /** With `apply`: the post-apply pass and the state it leaves. */
  readonly applied?: ApplyResult;
}

/**
 * Previews a stack offline. Throws StackFileError, CatalogFileError, ConfigError (the stack's
 * config, every problem listed) or ToolError (policy config, pack build, program failure).
 *
 * Memory: the recording is streamed. Each resource is decoded once, sent to the pack's Analyze,
 * serialized for AnalyzeStack and reduced to its report row; none is held as objects afterwards
 * (unless `keepResources`), so the preview stays close to what the SDK itself needs. With a
 * stored state the resources are kept: the plan's steps hold the resources they diff.
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
  const region = stackRegion(file);
  validateStackFile(file, {
    shapes: catalog.shapes,
    pinCommand: pinImagesCommand({
      stack: opts.stack,
      catalog: opts.catalogFile ?? "embedded",
      ...(opts.stacksDir !== undefined ? { stacksDir: opts.stacksDir } : {}),
      ...(region ? { region } : {}),
    }),
  });
  const { values, skipped } = pulumiConfig(file.config);
  for (const k of skipped)
    notes.push(
      `${k} is a secure value and cannot be decrypted offline; the program runs without it`,
    );
  const packDir = path.resolve(opts.packDir ?? DEFAULT_PACK_DIR);
  notes.push(...ensurePackBuilt(packDir));
  const state = opts.state ?? (opts.stateFile ? readStateFile(opts.stateFile) : undefined);
  const planner = state ? new StatePlanner(state, opts.stack, PROJECT) : undefined;
  if (state?.stack && state.stack !== opts.stack)
    notes.push(
      `the state's URNs are of stack "${state.stack}", not "${opts.stack}": nothing matches, every stored resource would be deleted`,
    );
  if (state && state.encryptedSecrets > 0)
    notes.push(
      `${state.encryptedSecrets} secret value${state.encryptedSecrets === 1 ? " is" : "s are"} encrypted in the state file and assumed unchanged; export with \`pulumi stack export --show-secrets\` to compare them`,
    );

  // The pack starts (~1 s) while the program runs.
  const sessionP = startPolicyPack(packDir, {
    stack: { stack: opts.stack, project: PROJECT, dryRun: true, config: values },
    // It starts next to a large program's recording, which can starve it for minutes on a busy
    // machine (observed: over 3 minutes at 1,000 pools on 2 shared cores); the preview waits for
    // the program anyway.
    startTimeoutMs: 900_000,
  });
  sessionP.catch(() => undefined);
  const closeSession = () => sessionP.then((s) => s.close()).catch(() => undefined);
  let run: ProgramRun;
  const tr = Date.now();
  try {
    run = await runProgram({
      programPath: opts.programPath,
      stack: opts.stack,
      project: PROJECT,
      config: values,
      catalog,
      preview: true,
      ...(planner ? { onRegister: planner.onRegister } : {}),
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
  collectGarbage();
  opts.onPhase?.("recorded");
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
  const rows: ReportRow[] = [];
  const kept: RecordedResource[] = [];
  try {
    try {
      const { unknownPolicies } = await session.configure(userConfig);
      // The engine would ignore them silently: a misspelt name would leave its policy at its default.
      if (unknownPolicies.length > 0) {
        const names = (await session.info()).policies.map((p) => p.name);
        throw new ToolError(
          `policy config ${opts.policyConfigFile ?? "(defaults)"}: ${unknownPolicies
            .map((u) => {
              const near = nearest(u, names, 3);
              return `"${u}" is not a policy of the pack${near ? ` (did you mean "${near}"?)` : ""}`;
            })
            .join("; ")}; its policies: ${names.join(", ")} (and "all")`,
        );
      }
    } catch (e) {
      if (e instanceof PolicyConfigError)
        throw new ToolError(`policy config ${opts.policyConfigFile ?? "(defaults)"}: ${e.message}`);
      throw e;
    }
    // One resource at a time, as the engine sends them: Analyze, then kept only as AnalyzeStack bytes and a report row.
    const stackResources: Uint8Array[] = [];
    for (const r of run.resources()) {
      diagnostics.push(...(await session.analyze(r)));
      stackResources.push(encodeStackResource(r));
      rows.push(reportRow(r, catalog));
      // The state planner's steps hold the resources they diff.
      if (opts.keepResources || planner) kept.push(r);
    }
    opts.onPhase?.("analyzed");
    diagnostics.push(...(await session.analyzeStackEncoded(stackResources)));
    stackResources.length = 0;
    opts.onPhase?.("stack-analyzed");
  } finally {
    await session.close();
  }
  const policyMs = Date.now() - tp;
  const plan = planner?.finish({ ...run.summary, resources: kept });
  const applied =
    opts.apply && !plan?.failed
      ? await applyPlan({
          stack: opts.stack,
          programPath: opts.programPath,
          config: values,
          catalog,
          packDir,
          userConfig,
          ...(state && plan ? { state, plan } : {}),
        })
      : undefined;
  const exitCode =
    hasMandatory(diagnostics) || plan?.failed || (applied && hasMandatory(applied.diagnostics))
      ? 1
      : 0;
  const totalMs = Date.now() - t0;
  const text = renderPreview({
    stack: opts.stack,
    stackFile: file.path,
    catalog,
    catalogLabel: selected.label,
    invokes: run.summary.invokes,
    logs: run.summary.logs,
    rows,
    diagnostics,
    notes,
    totalMs,
    ...(plan ? { plan } : {}),
    ...(opts.display ? { display: opts.display } : {}),
    ...(opts.apply ? { apply: { requested: true, ...(applied ? { result: applied } : {}) } } : {}),
  });
  opts.onPhase?.("rendered");
  return {
    exitCode,
    text,
    recording: { ...run.summary, ...(opts.keepResources ? { resources: kept } : {}) },
    rows,
    diagnostics,
    catalog: selected,
    notes,
    timings: { totalMs, recordMs, policyMs },
    ...(plan ? { plan } : {}),
    config: values,
    ...(applied ? { applied } : {}),
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

/** What the report shows of one resource: its place in the tree and its key properties. */
export interface ReportRow {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  /** {@link keyProperties}. */
  readonly info: string;
  /** Providers are not shown. */
  readonly provider: boolean;
}

/** A resource's report row. */
export function reportRow(r: AnalyzerResource, catalog: ImageCatalog): ReportRow {
  const provider = isProvider(r);
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    ...(r.parent ? { parent: r.parent } : {}),
    info: provider ? "" : keyProperties(r, catalog),
    provider,
  };
}

interface RenderInput {
  readonly stack: string;
  readonly stackFile: string;
  readonly catalog: ImageCatalog;
  readonly catalogLabel: string;
  /** `getNodePoolOption` calls the program made. */
  readonly invokes: number;
  readonly logs: readonly RecordedLog[];
  /** In registration order. */
  readonly rows: readonly ReportRow[];
  readonly diagnostics: readonly Diagnostic[];
  readonly notes: readonly string[];
  readonly totalMs: number;
  /** With a stored state: each row's op and changes, as `pulumi preview --diff`. */
  readonly plan?: Plan;
  readonly display?: DisplayOptions;
  readonly apply?: { readonly requested: true; readonly result?: ApplyResult };
}

interface TreeNode {
  readonly urn: string;
  readonly parent?: string;
  readonly type: string;
  readonly name: string;
  readonly info: string;
  /** Symbol, op and the lines under the row; one entry per displayed step. */
  readonly ops: readonly { symbol: string; op: string; details: readonly string[] }[];
}

const isProvider = (r: AnalyzerResource) => r.type.startsWith("pulumi:providers:");

/** The report: resources as a tree with key properties, program diagnostics, policy violations, summary. */
export function renderPreview(input: RenderInput): string {
  const { diagnostics } = input;
  const out: string[] = [];
  out.push(`Previewing update (${input.stack}), offline: Pulumi mocks, no cloud`);
  out.push(`  stack config: ${path.relative(process.cwd(), input.stackFile) || input.stackFile}`);
  out.push(
    `  catalog:      ${input.catalogLabel} — ${input.catalog.size} images, ${input.invokes} getNodePoolOption invoke${input.invokes === 1 ? "" : "s"}`,
  );
  for (const n of input.notes) out.push(`  note: ${n}`);
  out.push("");

  const shown = input.rows.filter((r) => !r.provider);
  const nodes = treeNodes(input, shown);
  const urns = new Set(nodes.map((n) => n.urn));
  const children = new Map<string, TreeNode[]>();
  for (const n of nodes) {
    if (!n.parent) continue;
    const siblings = children.get(n.parent);
    if (siblings) siblings.push(n);
    else children.set(n.parent, [n]);
  }
  const rows: {
    type: string;
    name: string;
    info: string;
    symbol: string;
    op: string;
    details: readonly string[];
    indent: string;
  }[] = [];
  const visit = (n: TreeNode, prefix: string, last: boolean, root: boolean) => {
    const branch = root ? "" : `${prefix}${last ? "└─ " : "├─ "}`;
    const next = root ? "" : `${prefix}${last ? "   " : "│  "}`;
    const kids = children.get(n.urn) ?? [];
    for (const o of n.ops.length > 0 ? n.ops : [{ symbol: "  ", op: "", details: [] }])
      rows.push({
        type: `${branch}${n.type}`,
        name: n.name,
        info: n.info,
        ...o,
        indent: `${next}${kids.length ? "│  " : "   "}`,
      });
    kids.forEach((k, i) => visit(k, next, i === kids.length - 1, false));
  };
  const roots = nodes.filter((n) => !n.parent || !urns.has(n.parent));
  roots.forEach((n) => visit(n, "", true, true));
  let typeWidth = 4;
  let nameWidth = 4;
  let opWidth = 6;
  for (const r of rows) {
    typeWidth = Math.max(typeWidth, r.type.length);
    nameWidth = Math.max(nameWidth, r.name.length);
    opWidth = Math.max(opWidth, r.op.length);
  }
  typeWidth = Math.min(64, typeWidth);
  nameWidth = Math.min(40, nameWidth);
  out.push(
    `     ${"Type".padEnd(typeWidth)}  ${"Name".padEnd(nameWidth)}  ${"Plan".padEnd(opWidth)}  Info`,
  );
  for (const r of rows) {
    out.push(
      ` ${r.symbol}  ${r.type.padEnd(typeWidth)}  ${r.name.padEnd(nameWidth)}  ${r.op.padEnd(opWidth)}  ${r.info}`.trimEnd(),
    );
    for (const d of r.details) out.push(`     ${r.indent}    ${d.replace(/\n/g, " ")}`);
  }
  out.push("");

  if (input.logs.length > 0) {
    out.push("Diagnostics:");
    const byUrn = new Map<string, RecordedLog[]>();
    for (const l of input.logs) {
      const list = byUrn.get(l.urn ?? "");
      if (list) list.push(l);
      else byUrn.set(l.urn ?? "", [l]);
    }
    for (const [urn, logs] of byUrn) {
      out.push(`  ${urn ? resourceOf(urn) : `${STACK_TYPE} (${PROJECT}-${input.stack})`}:`);
      for (const l of logs) out.push(`    ${l.severity}: ${l.message}`);
      out.push("");
    }
  }

  if (input.plan && input.plan.diagnostics.length > 0) {
    out.push("Engine:");
    for (const d of input.plan.diagnostics)
      out.push(`    ${d.severity}: ${d.message.replace(/\n/g, "\n      ")}`);
    out.push("");
  }

  out.push(formatDiagnostics(diagnostics).trimEnd());
  out.push("");
  const mandatory = diagnostics.filter((d) => d.enforcementLevel === "mandatory").length;
  const advisory = diagnostics.length - mandatory;
  out.push("Resources:");
  if (input.plan) out.push(...summaryLines(input.plan));
  else out.push(`    + ${shown.length} to create`);
  out.push("");
  if (input.apply) out.push(...renderApply(input.apply.result, input.plan), "");
  out.push(
    input.plan?.failed
      ? `Preview FAILED: the engine refuses ${input.plan.steps.filter((s) => s.refused).length} step${input.plan.steps.filter((s) => s.refused).length === 1 ? "" : "s"} on protected resources${mandatory ? `, ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}` : ""}. (${(input.totalMs / 1000).toFixed(1)}s)`
      : mandatory > 0
        ? `Preview FAILED: ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}${advisory ? `, ${advisory} advisory` : ""}. (${(input.totalMs / 1000).toFixed(1)}s)`
        : `Preview passed: no mandatory policy violations${advisory ? `, ${advisory} advisory` : ""}. (${(input.totalMs / 1000).toFixed(1)}s)`,
  );
  return `${out.join("\n")}\n`;
}

/** The tree's nodes: every resource (no providers), ops from the plan; deleted ones under their stored parent. */
function treeNodes(input: RenderInput, shown: readonly ReportRow[]): TreeNode[] {
  const info = (r: AnalyzerResource) => keyProperties(r, input.catalog);
  if (!input.plan)
    return shown.map((r) => ({
      urn: r.urn,
      ...(r.parent ? { parent: r.parent } : {}),
      type: r.type,
      name: r.name,
      info: r.info,
      ops: [{ symbol: "+ ", op: "create", details: [] }],
    }));
  const byUrn = new Map<string, { symbol: string; op: string; details: string[] }[]>();
  for (const d of displayedSteps(input.plan, input.display ?? {})) {
    if (d.step.type.startsWith("pulumi:providers:")) continue;
    byUrn.set(d.step.urn, [
      ...(byUrn.get(d.step.urn) ?? []),
      { symbol: SYMBOL[d.op], op: d.op, details: stepDetailLines(d) },
    ]);
  }
  const all: TreeNode[] = shown.map((r) => ({
    urn: r.urn,
    ...(r.parent ? { parent: r.parent } : {}),
    type: r.type,
    name: r.name,
    info: r.info,
    ops: byUrn.get(r.urn) ?? [],
  }));
  for (const s of input.plan.steps) {
    if (s.op !== "delete" || !s.old || s.type.startsWith("pulumi:providers:")) continue;
    const stored = {
      urn: s.urn,
      type: s.type,
      name: s.name,
      custom: s.custom,
      inputs: s.old.inputs,
      outputs: s.old.outputs,
    };
    all.push({
      urn: s.urn,
      ...(s.old.parent ? { parent: s.old.parent } : {}),
      type: s.type,
      name: s.name,
      info: info(stored),
      ops: byUrn.get(s.urn) ?? [],
    });
  }
  // Unchanged resources appear only as the ancestors of changed ones (and the stack), as in the CLI.
  const keep = new Set<string>();
  const parentOf = new Map(all.map((n) => [n.urn, n.parent]));
  for (const n of all) {
    if (n.ops.length === 0 && n.type !== STACK_TYPE) continue;
    for (let u: string | undefined = n.urn; u && !keep.has(u); u = parentOf.get(u)) keep.add(u);
  }
  return all.filter((n) => keep.has(n.urn));
}

function renderApply(result: ApplyResult | undefined, plan: Plan | undefined): string[] {
  if (!result)
    return [
      `After apply: not run — \`pulumi up\` would stop before changing anything${plan?.failed ? " (the engine refuses a step on a protected resource)" : ""}.`,
    ];
  const mandatory = result.diagnostics.filter((d) => d.enforcementLevel === "mandatory").length;
  const lines = [
    `After apply (what \`pulumi up\` runs once the changes are made: AnalyzeStack with known outputs, dry run off):`,
  ];
  const text = formatDiagnostics(result.diagnostics).trimEnd();
  lines.push(...text.split("\n").map((l) => `  ${l}`));
  lines.push(
    mandatory > 0
      ? `  ${mandatory} mandatory violation${mandatory === 1 ? "" : "s"} after apply: \`pulumi up\` would report the update as failed.`
      : "  no mandatory violation after apply.",
  );
  return lines;
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
