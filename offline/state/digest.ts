/**
 * The plan in the CLI's machine formats: the document `pulumi preview --json` prints
 * (display.PreviewDigest, pkg/backend/display/json.go ShowPreviewDigest) and the streaming form
 * (`PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true`: one apitype.EngineEvent per line, policy
 * violations as `policyEvent`). Secrets are `"[secret]"` in both, as the CLI prints them.
 * See ../shared/pulumi/FACTS.md §3.
 */
import type { Diagnostic } from "../analyzer";
import type { RecordedLog, RecordedResource } from "../recorder";
import { SECRET_SIG, SIG_KEY, isEncrypted } from "./exportFile";
import { Plan, PlannedStep, changeSummary, protectChanged } from "./planner";
import { UNKNOWN_STRING } from "../../core/unknown";
import { isRecord } from "../../core/read";

export type StepOp = PlannedStep["op"] | "create-replacement" | "delete-replaced";

/** apitype.ResourceV3 key order; empty values are left out (omitempty). */
const RESOURCE_V3_KEYS = [
  "urn",
  "custom",
  "delete",
  "id",
  "type",
  "inputs",
  "outputs",
  "parent",
  "protect",
  "taint",
  "external",
  "dependencies",
  "initErrors",
  "provider",
  "propertyDependencies",
  "pendingReplacement",
  "additionalSecretOutputs",
  "aliases",
  "customTimeouts",
  "importID",
  "retainOnDelete",
  "deletedWith",
  "replaceWith",
  "created",
  "modified",
  "sourcePosition",
  "stackTrace",
  "ignoreChanges",
  "hideDiff",
  "replaceOnChanges",
  "replacementTrigger",
  "refreshBeforeUpdate",
  "viewOf",
  "resourceHooks",
  "snippetID",
];
const ALWAYS = new Set(["urn", "custom", "type"]);

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === false ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (isRecord(v) && Object.keys(v).length === 0);

/** Secrets as "[secret]" (massagePropertyValue), keys sorted as Go marshals maps. */
export function massage(v: unknown): unknown {
  if (isEncrypted(v)) return "[secret]";
  if (Array.isArray(v)) return v.map(massage);
  if (!isRecord(v)) return v;
  if (v[SIG_KEY] === SECRET_SIG) return "[secret]";
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = massage(v[k]);
  return out;
}

export function resourceV3(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of RESOURCE_V3_KEYS) {
    const v = fields[k];
    if (ALWAYS.has(k)) out[k] = k === "custom" ? v === true : v;
    else if (!isEmpty(v)) out[k] = k === "inputs" || k === "outputs" ? massage(v) : v;
  }
  return out;
}

/** The provider reference a step runs with: `<provider URN>::<provider id>` (unknown id for a new provider). */
function providerRef(s: PlannedStep, plan: Plan): string | undefined {
  if (!s.custom || s.type.startsWith("pulumi:providers:")) return undefined;
  if (!s.resource) return s.old?.exported.provider;
  const p = s.resource.provider;
  if (!p) return s.old?.exported.provider;
  const providerStep = plan.steps.find((x) => x.urn === p.urn);
  const id = providerStep?.op !== "create" ? providerStep?.old?.id : undefined;
  return `${p.urn}::${id ?? UNKNOWN_STRING}`;
}

function newStateOf(s: PlannedStep, plan: Plan): Record<string, unknown> | undefined {
  const r: RecordedResource | undefined = s.resource;
  if (!r) return undefined;
  const keepId = s.op === "same" || s.op === "update";
  const id = r.custom ? (keepId ? s.old?.id : r.outputs.id) : undefined;
  return resourceV3({
    urn: r.urn,
    custom: r.custom,
    id: typeof id === "string" && id !== UNKNOWN_STRING ? id : undefined,
    type: r.type,
    inputs: r.inputs,
    outputs: r.outputs,
    parent: r.parent,
    protect: r.options.protect,
    dependencies: r.dependencies,
    provider: providerRef(s, plan),
    propertyDependencies: r.propertyDependencies,
    additionalSecretOutputs: r.options.additionalSecretOutputs,
    aliases: s.aliasedFrom ? [s.aliasedFrom] : undefined,
    retainOnDelete: s.retainOnDelete,
    created: keepId ? s.old?.exported.created : undefined,
    modified: keepId ? s.old?.exported.modified : undefined,
    ignoreChanges: r.options.ignoreChanges,
  });
}

function oldStateOf(s: PlannedStep): Record<string, unknown> | undefined {
  return s.old ? resourceV3(s.old.exported) : undefined;
}

export interface DisplayOptions {
  readonly showSames?: boolean;
  readonly showReplacementSteps?: boolean;
}

/** One displayed step: a logical step, or one half of a replacement with --show-replacement-steps. */
export interface DisplayedStep {
  readonly op: StepOp;
  readonly step: PlannedStep;
  readonly logical: boolean;
}

const isRoot = (s: PlannedStep) => s.type === "pulumi:pulumi:Stack";

/** The steps the CLI shows (shouldShow), replacements split when asked, in the engine's order. */
export function displayedSteps(plan: Plan, opts: DisplayOptions = {}): DisplayedStep[] {
  const out: DisplayedStep[] = [];
  const laterDeletes: DisplayedStep[] = [];
  for (const s of plan.steps) {
    if (s.op === "same" && !opts.showSames && !protectChanged(s) && !isRoot(s)) continue;
    if (s.op === "replace" && opts.showReplacementSteps) {
      const create: DisplayedStep = { op: "create-replacement", step: s, logical: false };
      const replace: DisplayedStep = { op: "replace", step: s, logical: true };
      const del: DisplayedStep = { op: "delete-replaced", step: s, logical: false };
      if (s.deleteBeforeReplace) out.push(del, replace, create);
      else {
        out.push(create, replace);
        laterDeletes.push(del);
      }
      continue;
    }
    if (s.op === "delete") {
      // Condemned replacements are deleted first, then the removed resources (GenerateDeletes).
      out.push(...laterDeletes.splice(0));
    }
    out.push({ op: s.op, step: s, logical: true });
  }
  out.push(...laterDeletes);
  return out;
}

function detailedDiffOf(s: PlannedStep, diffKindKey: "kind" | "diffKind") {
  if (!s.diff || (s.op !== "update" && s.op !== "replace")) return null;
  const out: Record<string, { kind?: string; diffKind?: string; inputDiff: boolean }> = {};
  for (const c of s.diff.changes)
    out[c.path] = { [diffKindKey]: c.kind, inputDiff: !s.custom } as {
      kind?: string;
      inputDiff: boolean;
    };
  return out;
}

export interface DigestInput {
  readonly plan: Plan;
  /** Stack config as the prelude carries it (`<namespace>:<key>` → string). */
  readonly config: Readonly<Record<string, string>>;
  readonly logs: readonly RecordedLog[];
  readonly durationMs: number;
  readonly display?: DisplayOptions;
}

/** Program messages and the engine's own errors, as the digest lists them ("error: …"). */
function digestDiagnostics(input: DigestInput) {
  const all = [
    ...input.logs.map((l) => ({ urn: l.urn, severity: l.severity, message: l.message })),
    ...input.plan.diagnostics,
  ];
  return all.map((d) => ({
    ...(d.urn ? { urn: d.urn } : {}),
    message: `${d.severity}: ${d.message}\n`,
    severity: d.severity,
  }));
}

/** Exactly what `pulumi preview --json` prints. */
export function previewDigest(input: DigestInput): Record<string, unknown> {
  const steps = displayedSteps(input.plan, input.display).map((d) => {
    const s = d.step;
    const showOld = d.op !== "create" && d.op !== "create-replacement";
    const showNew = d.op !== "delete" && d.op !== "delete-replaced";
    const provider = providerRef(s, input.plan);
    return {
      op: d.op,
      urn: s.urn,
      ...(provider ? { provider } : {}),
      ...(showOld && s.old ? { oldState: oldStateOf(s) } : {}),
      ...(showNew && s.resource ? { newState: newStateOf(s, input.plan) } : {}),
      ...(s.diff?.diffReasons.length && (s.op === "update" || s.op === "replace")
        ? { diffReasons: s.diff.diffReasons }
        : {}),
      ...(s.diff?.replaceReasons.length && s.op === "replace"
        ? { replaceReasons: s.diff.replaceReasons }
        : {}),
      detailedDiff: detailedDiffOf(s, "kind"),
    };
  });
  const diagnostics = digestDiagnostics(input);
  return {
    ...(Object.keys(input.config).length ? { config: blindConfig(input.config) } : {}),
    ...(steps.length ? { steps } : {}),
    ...(diagnostics.length ? { diagnostics } : {}),
    ...(input.durationMs > 0 ? { duration: Math.round(input.durationMs * 1e6) } : {}),
    changeSummary: changeSummary(input.plan),
  };
}

function blindConfig(config: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(config)
      .sort()
      .map((k) => [k, config[k]]),
  );
}

/** Pretty-printed as the CLI does (4 spaces, no HTML escaping), with its trailing newline. */
export function formatDigest(digest: unknown): string {
  return `${JSON.stringify(digest, null, 4)}\n`;
}

const PREFIX: Record<string, string> = {
  error: "<{%fg 1%}>error: <{%reset%}>",
  warning: "<{%fg 3%}>warning: <{%reset%}>",
  info: "<{%fg 4%}>info: <{%reset%}>",
};

function stateMetadata(state: Record<string, unknown> | undefined) {
  if (!state) return null;
  return {
    type: state.type,
    urn: state.urn,
    ...(state.custom ? { custom: true } : {}),
    id: state.id ?? "",
    parent: state.parent ?? "",
    ...(state.protect ? { protect: true } : {}),
    ...(state.retainOnDelete ? { retainOnDelete: true } : {}),
    inputs: state.inputs ?? {},
    outputs: state.outputs ?? {},
    provider: state.provider ?? "",
  };
}

export interface EventsInput extends DigestInput {
  readonly policyViolations: readonly Diagnostic[];
  readonly policyPacks: Readonly<Record<string, string>>;
  /** @default now */
  readonly timestamp?: number;
}

/** The streaming form: one engine event per line. */
export function previewEvents(input: EventsInput): string {
  const ts = input.timestamp ?? Math.floor(Date.now() / 1000);
  let seq = 0;
  const lines: string[] = [];
  const emit = (event: Record<string, unknown>) =>
    lines.push(JSON.stringify({ sequence: ++seq, timestamp: ts, ...event }));
  emit({ preludeEvent: { config: blindConfig(input.config) } });
  for (const l of input.logs)
    emit({
      diagnosticEvent: {
        ...(l.urn ? { urn: l.urn } : {}),
        prefix: PREFIX[l.severity],
        message: `<{%reset%}>${l.message}<{%reset%}>\n`,
        color: "raw",
        severity: l.severity,
      },
    });
  for (const d of displayedSteps(input.plan, input.display)) {
    const s = d.step;
    const showOld = d.op !== "create" && d.op !== "create-replacement";
    const showNew = d.op !== "delete" && d.op !== "delete-replaced";
    const metadata = {
      op: d.op,
      urn: s.urn,
      type: s.type,
      old: showOld ? stateMetadata(oldStateOf(s)) : null,
      new: showNew ? stateMetadata(newStateOf(s, input.plan)) : null,
      ...(s.op === "replace" && s.diff?.replaceReasons.length
        ? { keys: s.diff.replaceReasons }
        : {}),
      ...((s.op === "update" || s.op === "replace") && s.diff?.diffReasons.length
        ? { diffs: s.diff.diffReasons }
        : {}),
      detailedDiff: detailedDiffOf(s, "diffKind"),
      ...(d.logical ? { logical: true } : {}),
      provider: providerRef(s, input.plan) ?? "",
    };
    emit({ resourcePreEvent: { metadata, planning: true } });
    if (s.refused !== "delete") emit({ resOutputsEvent: { metadata, planning: true } });
  }
  for (const v of input.policyViolations)
    emit({
      policyEvent: {
        ...(v.urn ? { resourceUrn: v.urn } : {}),
        message: v.message,
        color: "raw",
        policyName: v.policyName,
        policyPackName: v.policyPackName,
        policyPackVersion: v.policyPackVersion,
        policyPackVersionTag: v.policyPackVersion,
        enforcementLevel: v.enforcementLevel,
      },
    });
  for (const d of input.plan.diagnostics)
    emit({
      diagnosticEvent: {
        ...(d.urn ? { urn: d.urn } : {}),
        prefix: PREFIX[d.severity],
        message: `<{%reset%}>${d.message}<{%reset%}>\n`,
        color: "raw",
        severity: d.severity,
      },
    });
  const failed =
    input.plan.failed || input.policyViolations.some((v) => v.enforcementLevel === "mandatory");
  emit({
    summaryEvent: {
      maybeCorrupt: false,
      durationSeconds: Math.round(input.durationMs / 1000),
      resourceChanges: changeSummary(input.plan),
      PolicyPacks: input.policyPacks,
      isPreview: true,
      result: failed ? "failed" : "succeeded",
    },
  });
  emit({ cancelEvent: {} });
  return `${lines.join("\n")}\n`;
}
