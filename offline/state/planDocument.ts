/**
 * Reads what `pulumi preview --json` printed — the digest (one document) or, with
 * `PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true`, the event stream (one engine event per line) —
 * from the CLI or from `npm run preview:offline -- --json`, into the plan gate's steps; and the
 * gate's allow-list config.
 */
import { GateAllowance, GateStep } from "../../core/planGate";
import { isRecord } from "../../core/read";
import { parseUrn } from "./exportFile";

export class PlanDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanDocumentError";
  }
}

export interface PlanDocument {
  readonly form: "digest" | "events";
  readonly steps: readonly GateStep[];
  /** Errors the preview itself reported (`diagnostics` / `diagnosticEvent` of severity error). */
  readonly errors: readonly string[];
}

const DIGEST_KEYS = ["config", "steps", "diagnostics", "duration", "changeSummary", "maybeCorrupt"];

const bag = (v: unknown): Record<string, unknown> | undefined => (isRecord(v) ? v : undefined);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

function step(
  where: string,
  op: unknown,
  urn: unknown,
  type: unknown,
  oldState: unknown,
  newState: unknown,
  detailedDiff: unknown,
  diffReasons: unknown,
  replaceReasons: unknown,
): GateStep {
  if (typeof op !== "string" || op === "")
    throw new PlanDocumentError(`${where}.op: ${JSON.stringify(op)} is not a step operation`);
  if (typeof urn !== "string" || !urn.startsWith("urn:pulumi:"))
    throw new PlanDocumentError(`${where}.urn: ${JSON.stringify(urn)} is not a URN`);
  if (oldState !== undefined && oldState !== null && !isRecord(oldState))
    throw new PlanDocumentError(`${where}: oldState is not an object`);
  if (newState !== undefined && newState !== null && !isRecord(newState))
    throw new PlanDocumentError(`${where}: newState is not an object`);
  const parsed = parseUrn(urn);
  const paths = isRecord(detailedDiff) ? Object.keys(detailedDiff) : strings(diffReasons);
  const o = bag(oldState);
  const n = bag(newState);
  return {
    op,
    urn,
    type: typeof type === "string" && type !== "" ? type : parsed.type,
    name: parsed.name,
    ...(bag(o?.inputs) ? { oldInputs: bag(o?.inputs) } : {}),
    ...(bag(o?.outputs) ? { oldOutputs: bag(o?.outputs) } : {}),
    ...(bag(n?.inputs) ? { newInputs: bag(n?.inputs) } : {}),
    changedPaths: paths,
    replaceReasons: strings(replaceReasons),
  };
}

/** Parses either JSON form. Throws {@link PlanDocumentError} on anything else. */
export function parsePlanDocument(text: string): PlanDocument {
  const trimmed = text.trim();
  if (trimmed === "")
    throw new PlanDocumentError(
      "the input is empty; pipe `pulumi preview --json` (or `npm run preview:offline -- --json`) into it",
    );
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    return parseEvents(trimmed);
  }
  if (!isRecord(doc))
    throw new PlanDocumentError(
      "the input is JSON but not an object; expected `pulumi preview --json` output",
    );
  if ("sequence" in doc || "timestamp" in doc) return parseEvents(trimmed);
  const keys = Object.keys(doc);
  if (keys.length > 0 && !keys.some((k) => DIGEST_KEYS.includes(k)))
    throw new PlanDocumentError(
      `the input has none of ${DIGEST_KEYS.join(", ")} (keys: ${keys.slice(0, 6).join(", ")}); expected \`pulumi preview --json\` output${"deployment" in doc ? " — this looks like `pulumi stack export` output, which is state, not a plan" : ""}`,
    );
  if (doc.steps !== undefined && !Array.isArray(doc.steps))
    throw new PlanDocumentError("steps: not a list");
  const steps = ((doc.steps as unknown[] | undefined) ?? []).map((s, i) => {
    if (!isRecord(s)) throw new PlanDocumentError(`steps[${i}]: not an object`);
    return step(
      `steps[${i}]`,
      s.op,
      s.urn,
      bag(s.newState)?.type ?? bag(s.oldState)?.type,
      s.oldState,
      s.newState,
      s.detailedDiff,
      s.diffReasons,
      s.replaceReasons,
    );
  });
  const errors = (Array.isArray(doc.diagnostics) ? doc.diagnostics : [])
    .filter((d) => isRecord(d) && d.severity === "error" && typeof d.message === "string")
    .map((d) => String((d as Record<string, unknown>).message).trim());
  return { form: "digest", steps, errors };
}

function parseEvents(text: string): PlanDocument {
  const steps: GateStep[] = [];
  const errors: string[] = [];
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  lines.forEach((line, i) => {
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch (err) {
      throw new PlanDocumentError(
        `line ${i + 1}: not JSON (${(err as Error).message}); expected \`pulumi preview --json\` output (one document, or one engine event per line)`,
      );
    }
    if (!isRecord(e) || typeof e.sequence !== "number")
      throw new PlanDocumentError(`line ${i + 1}: not an engine event (no "sequence")`);
    const pre = bag(e.resourcePreEvent);
    if (pre) {
      const m = bag(pre.metadata);
      if (!m) throw new PlanDocumentError(`line ${i + 1}: resourcePreEvent without metadata`);
      const diff = bag(m.detailedDiff);
      steps.push(
        step(
          `line ${i + 1}: resourcePreEvent.metadata`,
          m.op,
          m.urn,
          m.type,
          m.old,
          m.new,
          diff,
          m.diffs,
          m.keys,
        ),
      );
    }
    const diag = bag(e.diagnosticEvent);
    if (diag?.severity === "error" && typeof diag.message === "string")
      errors.push(diag.message.replace(/<\{%[^%]*%\}>/g, "").trim());
  });
  return { form: "events", steps, errors };
}

/** The allow-list: `{"allow": [{"resource": "<URN or name>", "ops": ["replace"], "reason": "…"}]}`. */
export function parseAllowList(text: string, file: string): GateAllowance[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PlanDocumentError(`check-plan config ${file}: not JSON (${(e as Error).message})`);
  }
  const fail = (where: string, what: string): never => {
    throw new PlanDocumentError(
      `check-plan config ${file}: ${where}: ${what}; expected {"allow": [{"resource": "<URN or resource name>", "ops": ["replace" | "delete"], "reason": "why this is deliberate"}]}`,
    );
  };
  if (!isRecord(doc)) return fail("(root)", "not an object");
  for (const k of Object.keys(doc)) if (k !== "allow") fail(k, "unknown key");
  if (!Array.isArray(doc.allow)) return fail("allow", "not a list");
  return doc.allow.map((a: unknown, i) => {
    if (!isRecord(a)) return fail(`allow[${i}]`, "not an object");
    for (const k of Object.keys(a))
      if (!["resource", "ops", "reason"].includes(k)) fail(`allow[${i}].${k}`, "unknown key");
    if (typeof a.resource !== "string" || a.resource === "")
      fail(`allow[${i}].resource`, "missing: a URN or a resource's logical name");
    if (typeof a.reason !== "string" || a.reason.trim() === "")
      fail(`allow[${i}].reason`, "missing: say why the replacement is deliberate");
    if (
      a.ops !== undefined &&
      (!Array.isArray(a.ops) || !a.ops.every((o) => o === "replace" || o === "delete"))
    )
      fail(`allow[${i}].ops`, `${JSON.stringify(a.ops)} is not a list of "replace" and "delete"`);
    return {
      resource: a.resource as string,
      reason: a.reason as string,
      ...(a.ops ? { ops: a.ops as string[] } : {}),
    };
  });
}
