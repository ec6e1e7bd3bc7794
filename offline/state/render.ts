/**
 * The plan in the readable report, as `pulumi preview --diff` shows it: a symbol and an op per
 * row, each changed property under its resource (`~ nodeSourceDetails.imageId: old => new`),
 * the replace reasons, deletes, and the "Resources:" summary.
 */
import { isUnknown } from "../../core/unknown";
import { isEncrypted } from "./exportFile";
import { PropertyChange } from "./diff";
import { DisplayOptions, DisplayedStep, StepOp, displayedSteps } from "./digest";
import { Plan, PlannedStep, changeSummary } from "./planner";

export const SYMBOL: Record<StepOp, string> = {
  same: "  ",
  create: "+ ",
  update: "~ ",
  replace: "+-",
  delete: "- ",
  "create-replacement": "++",
  "delete-replaced": "--",
};

export function showValue(v: unknown): string {
  if (isEncrypted(v)) return "[secret]";
  if (isUnknown(v)) return "output<string>";
  if (typeof v === "string") return JSON.stringify(v);
  const text = JSON.stringify(v, (_k, x: unknown) => (isUnknown(x) ? "output<string>" : x));
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function changeLine(c: PropertyChange): string {
  const mark = c.kind.startsWith("add") ? "+" : c.kind.startsWith("delete") ? "-" : "~";
  const value =
    mark === "+"
      ? showValue(c.new)
      : mark === "-"
        ? showValue(c.old)
        : `${showValue(c.old)} => ${showValue(c.new)}`;
  return `${mark} ${c.path}: ${value}`;
}

/** Why a replacement happens, one line per force-new field. */
export function replaceReasonLines(s: PlannedStep): string[] {
  if (s.op !== "replace" || !s.diff) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of s.diff.changes) {
    if (!c.kind.endsWith("-replace")) continue;
    const key = c.forceNew?.path ?? c.path;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(
      c.forceNew
        ? `replaces: ${key} is force-new in the OCI provider (${c.forceNew.attribute})${c.becameUnknown ? "; its new value is unknown because the resource it comes from is replaced or created" : ""}`
        : `replaces: ${c.path} is listed in replaceOnChanges`,
    );
  }
  if (s.old?.exported.pendingReplacement)
    out.push("replaces: the stored state marks it pending replacement");
  return out;
}

/** The lines under a displayed step: its changes and replace reasons. */
export function stepDetailLines(d: DisplayedStep): string[] {
  const s = d.step;
  if (!d.logical) return [];
  const lines: string[] = [];
  if (s.aliasedFrom) lines.push(`(aliased from ${s.aliasedFrom})`);
  if (s.op === "update" || s.op === "replace")
    for (const c of s.diff?.changes ?? []) lines.push(changeLine(c));
  lines.push(...replaceReasonLines(s));
  if (s.refused === "delete") lines.push("refused: the resource is protected in the stored state");
  if (s.refused === "replace")
    lines.push("refused: protected in the stored state and in the program");
  if (s.retained)
    lines.push("retainOnDelete: the cloud resource is kept, only removed from the stack");
  if (s.old && s.op !== "delete" && s.old.protect !== s.protect)
    lines.push(s.protect ? "protect: set" : "protect: removed");
  return lines;
}

/** The op shown per URN, and the displayed steps (for the tree). */
export function planRows(plan: Plan, opts: DisplayOptions): DisplayedStep[] {
  return displayedSteps(plan, opts);
}

/** The "Resources:" block as the CLI prints it. */
export function summaryLines(plan: Plan): string[] {
  const counts = changeSummary(plan);
  const lines: string[] = [];
  const label: [string, string, string][] = [
    ["create", "+ ", "to create"],
    ["update", "~ ", "to update"],
    ["delete", "- ", "to delete"],
    ["replace", "+-", "to replace"],
  ];
  let changes = 0;
  for (const [op, sym, text] of label) {
    const n = counts[op] ?? 0;
    if (n > 0) lines.push(`    ${sym}${n} ${text}`);
    changes += n;
  }
  const same = counts.same ?? 0;
  lines.push(
    `    ${changes > 0 ? `${changes} change${changes === 1 ? "" : "s"}. ` : ""}${same} unchanged`,
  );
  return lines;
}
