import * as path from "path";
import { ToolContext, pinImagesCommand, previewCommand } from "../../core/commands";
import { PinChange, PinReview } from "../../core/pinUpdates";
import { mdCode, mdTable, mdText } from "./md";

const STATUS: Record<PinChange["status"], string> = {
  retired: "❌ retired",
  "update-available": "⬆️ outdated",
  "source-name": "📝 source name",
  conflict: "⚠️ OCID, name and shape reconciled",
  truncated: "⚠️ truncated OCID",
  "other-region": "⚠️ OCID of another region",
  floating: "📌 floating image pinned",
  patch: "⬆️ newest patch",
};

/** A pin review as Markdown: one row per pool, what changes (or would), and the command to apply. */
export function renderPinsMarkdown(
  stack: string,
  stackFile: string,
  review: PinReview,
  catalogLabel: string,
  check: boolean,
  changed: boolean,
  ctx: ToolContext,
): string {
  const out: string[] = [];
  const attention = changed || review.problems.length > 0;
  const head = attention
    ? check
      ? "❌ pins need attention"
      : review.problems.length > 0
        ? "❌ pins rewritten, some need a person"
        : "✅ pins rewritten"
    : "✅ all pins right";
  out.push(`### Image pins of stack \`${stack}\`: ${head}`);
  out.push("");
  out.push(
    `Stack file ${mdCode(path.relative(process.cwd(), stackFile) || stackFile)}, catalog ${mdText(catalogLabel)}.`,
  );
  out.push("");
  const verb = check ? "would change to" : "changed to";
  const rows: string[][] = [];
  for (const c of review.changes) {
    const what = STATUS[c.status];
    rows.push([
      mdCode(c.pool),
      c.fromVersion ? `${c.fromVersion} → ${c.kubernetesVersion}` : c.kubernetesVersion,
      `${what}${c.reason ? `<br>${mdText(c.reason)}` : ""}`,
      c.from.imageId === undefined
        ? "(chosen by OS)"
        : `${mdText(c.from.sourceName ?? "(no source name)")}<br>${mdCode(c.from.imageId)}`,
      `${verb} ${mdText(c.to.sourceName)}<br>${mdCode(c.to.imageId)}`,
    ]);
  }
  for (const p of review.problems)
    rows.push([mdCode(p.pool), "", "❌ cannot fix automatically", mdText(p.message), ""]);
  for (const c of review.current)
    rows.push([
      mdCode(c.pool),
      "",
      "✅ current",
      "",
      c.newerPatch
        ? `newer patch ${c.newerPatch.version}: ${mdText(c.newerPatch.sourceName)}<br>${mdCode(c.newerPatch.imageId)}`
        : "",
    ]);
  if (rows.length > 0)
    out.push(...mdTable(["pool", "version", "status", "pin", "replacement"], rows));
  else out.push("The stack declares no pools.");
  out.push("");
  if (check && attention)
    out.push(
      `Fix: ${mdCode(pinImagesCommand(ctx, review.controlPlane || review.changes.some((c) => c.fromVersion) ? { patch: true } : {}))}, review the diff and commit it.`,
    );
  else if (!check && changed)
    out.push(
      `${review.controlPlane || review.changes.some((c) => c.fromVersion) ? "Versions moved as shown." : "Versions are unchanged."} Preview before applying: ${mdCode(previewCommand(ctx))}.`,
    );
  return `${out.join("\n")}\n`;
}
