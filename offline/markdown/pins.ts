import * as path from "path";
import { PinReview, pinsNeedAttention } from "../../core/pinUpdates";
import { mdCode, mdTable, mdText } from "./md";

/** A pin review as Markdown: one row per pool, what changes (or would), and the command to apply. */
export function renderPinsMarkdown(
  stack: string,
  stackFile: string,
  review: PinReview,
  catalogLabel: string,
  check: boolean,
): string {
  const out: string[] = [];
  const attention = pinsNeedAttention(review);
  const head = attention
    ? check
      ? "❌ pins need attention"
      : review.problems.length > 0
        ? "❌ pins rewritten, some need a person"
        : "✅ pins rewritten"
    : review.changes.length > 0
      ? "✅ source names recorded"
      : "✅ all pins current";
  out.push(`### Image pins of stack \`${stack}\`: ${head}`);
  out.push("");
  out.push(
    `Stack file ${mdCode(path.relative(process.cwd(), stackFile) || stackFile)}, catalog ${mdText(catalogLabel)}.`,
  );
  out.push("");
  const verb = check ? "would change to" : "changed to";
  const rows: string[][] = [];
  for (const c of review.changes) {
    const what =
      c.status === "retired"
        ? "❌ retired"
        : c.status === "update-available"
          ? "⬆️ outdated"
          : "📝 source name";
    rows.push([
      mdCode(c.pool),
      c.kubernetesVersion,
      what,
      `${mdText(c.from.sourceName ?? "(no source name)")}<br>${mdCode(c.from.imageId)}`,
      `${verb} ${mdText(c.to.sourceName)}<br>${mdCode(c.to.imageId)}`,
    ]);
  }
  for (const p of review.problems)
    rows.push([mdCode(p.pool), "", "❌ cannot fix automatically", mdText(p.message), ""]);
  for (const name of review.current) rows.push([mdCode(name), "", "✅ current", "", ""]);
  for (const name of review.floating)
    rows.push([mdCode(name), "", "⚠️ not pinned (image chosen by OS)", "", ""]);
  if (rows.length > 0)
    out.push(...mdTable(["pool", "version", "status", "pin", "replacement"], rows));
  else out.push("The stack declares no pools.");
  out.push("");
  if (check && attention)
    out.push(
      `Fix: ${mdCode(`npm run pin-images -- --stack ${stack}`)}, review the diff and commit it.`,
    );
  else if (!check && review.changes.length > 0)
    out.push(
      `Versions are unchanged. Preview before applying: ${mdCode(`npm run preview:offline -- --stack ${stack}`)}.`,
    );
  return `${out.join("\n")}\n`;
}
