import { Diagnostic, groupByPolicy, resourceOf } from "../analyzer";
import { TYPE_OCI_CLUSTER, TYPE_OCI_NODE_POOL } from "../../core/tags";
import { keyProperties, PreviewResult } from "../preview";
import { mdCode, mdDetails, mdFence, mdTable, mdText } from "./md";

/** The offline preview as Markdown: verdict, catalog, clusters and pools, violations by policy. */
export function renderPreviewMarkdown(stack: string, result: PreviewResult): string {
  const { recording, diagnostics } = result;
  const mandatory = diagnostics.filter((d) => d.enforcementLevel === "mandatory").length;
  const advisory = diagnostics.length - mandatory;
  const out: string[] = [];
  out.push(`### Offline preview of stack \`${stack}\`: ${verdict(mandatory, advisory)}`);
  out.push("");
  out.push(
    `Catalog: ${mdText(result.catalog.label)} — ${result.catalog.catalog.size} images. Program run under Pulumi mocks, policy pack over the analyzer protocol.`,
  );
  for (const n of result.notes) out.push(`> note: ${mdText(n)}`);
  out.push("");
  const rows = recording.resources
    .filter((r) => r.type === TYPE_OCI_NODE_POOL || r.type === TYPE_OCI_CLUSTER)
    .map((r) => [
      r.type === TYPE_OCI_CLUSTER ? "cluster" : "node pool",
      mdCode(r.name),
      mdText(keyProperties(r, result.catalog.catalog)),
    ]);
  if (rows.length > 0) out.push(...mdTable(["kind", "name", "what"], rows), "");
  out.push(...violations(diagnostics));
  while (out[out.length - 1] === "") out.pop();
  if (recording.logs.length > 0) {
    const lines = recording.logs.map(
      (l) => `${l.severity}: ${l.urn ? `${resourceOf(l.urn)}: ` : ""}${l.message}`,
    );
    out.push(
      "",
      ...mdDetails(`Program diagnostics (${lines.length})`, mdFence("text", lines.join("\n"))),
    );
  }
  return `${out.join("\n")}\n`;
}

function verdict(mandatory: number, advisory: number): string {
  const adv = advisory ? `, ${advisory} advisory` : "";
  return mandatory > 0
    ? `❌ ${mandatory} mandatory violation${mandatory === 1 ? "" : "s"}${adv}`
    : `✅ no mandatory violation${adv}`;
}

/** Violations grouped by policy, mandatory first; each message in full (they name the fix). */
export function violations(diagnostics: readonly Diagnostic[]): string[] {
  if (diagnostics.length === 0) return ["No policy violations."];
  const out: string[] = [];
  for (const g of groupByPolicy(diagnostics)) {
    const icon = g.enforcementLevel === "mandatory" ? "❌" : "⚠️";
    out.push(
      `#### ${icon} \`${g.policyName}\` (${g.enforcementLevel}, ${g.policyPackName}@v${g.policyPackVersion})`,
    );
    out.push("");
    for (const v of g.violations) {
      // The pack's message is the description, a newline, then the finding.
      const text =
        g.description && v.message.startsWith(`${g.description}\n`)
          ? v.message.slice(g.description.length + 1)
          : v.message;
      out.push(`- **${mdText(resourceOf(v.urn))}**: ${mdText(text)}`);
    }
    out.push("");
  }
  return out;
}
