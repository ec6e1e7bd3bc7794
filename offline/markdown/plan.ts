import { PlanStep, PoolMove, UpgradePlan } from "../../core/upgradePlan";
import { mdCode, mdFence, mdTable, mdText } from "./md";

/** The upgrade plan as Markdown: a Mermaid diagram of the steps, then each step's config edits. */
export function renderPlanMarkdown(stack: string, plan: UpgradePlan, catalogLabel: string): string {
  const out: string[] = [];
  out.push(
    `### Upgrade plan for stack \`${stack}\`: control plane ${plan.controlPlane.from} → ${plan.controlPlane.to}`,
  );
  out.push("");
  out.push(`Catalog: ${mdText(catalogLabel)}.`);
  out.push("");
  if (plan.steps.length === 0) {
    out.push("Nothing to do: the control plane and every pool already run the target version.");
    return `${out.join("\n")}\n`;
  }
  out.push(...mdFence("mermaid", planMermaid(plan)), "");
  const rows = plan.steps.map((s, i) => [
    String(i + 1),
    mdText(stepTitle(s)),
    s.changes
      .map((c) => `${mdCode(c.key)}: ${mdText(c.from ?? "(not set)")} → ${mdText(c.to)}`)
      .join("<br>"),
    mdText(stepNodes(s)),
  ]);
  out.push(...mdTable(["step", "what", "stack config edits", "nodes"], rows), "");
  out.push(
    "Apply one step at a time: edit the stack file as shown, preview with the policy pack, `pulumi up`, and let node cycling finish before the next step.",
  );
  return `${out.join("\n")}\n`;
}

function stepTitle(s: PlanStep): string {
  if (s.kind === "control-plane") {
    const f = s.followers.map((m) => m.pool);
    return `Control plane ${s.from} → ${s.to}${f.length ? `; moves with it: ${f.join(", ")}` : ""}`;
  }
  return `Pool ${s.move.pool} ${s.move.from} → ${s.move.to} (${s.why === "skew" ? `before the control plane leaves ${s.controlPlane}` : "after the control plane"}): ${s.reason}`;
}

function stepNodes(s: PlanStep): string {
  const moves = s.kind === "control-plane" ? s.followers : [s.move];
  return moves.map((m) => `${m.pool}: ${cycling(m)}`).join("; ") || "control plane only";
}

function cycling(m: PoolMove): string {
  if (!m.cyclingEnabled) return `cycling off, nodes keep ${m.from} until replaced`;
  return m.keepsNodeIps ? `${m.cycleMode}, keeps node IPs` : `${m.cycleMode}, NEW node IPs`;
}

/** Mermaid's label text: quotes and the characters its parser reads as markup as entity codes. */
function label(text: string): string {
  return text.replace(/[#"<>{}[\]|`]/g, (c) => `#${c.charCodeAt(0)};`);
}

/**
 * The plan as a Mermaid flowchart: the control-plane steps in a column (stadium nodes), each
 * with the pools that move in the same update, and the pool steps between them (rectangles);
 * pools whose nodes get new IPs are marked.
 */
export function planMermaid(plan: UpgradePlan): string {
  const lines: string[] = ["flowchart TD"];
  const start = plan.pools.map((p) => `${p.pool} ${p.from}`).join(", ");
  lines.push(
    `  start(["Now: control plane ${label(plan.controlPlane.from)}${start ? `<br/>pools: ${label(start)}` : ""}"])`,
  );
  let prev = "start";
  plan.steps.forEach((s, i) => {
    const id = `step${i + 1}`;
    if (s.kind === "control-plane") {
      const moved = s.followers.map((m) => `${m.pool} → ${m.to} (${cycling(m)})`);
      lines.push(
        `  ${id}(["${i + 1}. Control plane ${label(`${s.from} → ${s.to}`)}${moved.length ? `<br/>moves with it: ${label(moved.join("; "))}` : ""}"])`,
      );
      lines.push(`  class ${id} controlPlane`);
      if (s.followers.some((m) => m.cyclingEnabled && !m.keepsNodeIps))
        lines.push(`  class ${id} newIps`);
    } else {
      const m = s.move;
      lines.push(
        `  ${id}["${i + 1}. Pool ${label(`${m.pool} ${m.from} → ${m.to}`)}<br/>${label(cycling(m))}"]`,
      );
      lines.push(`  class ${id} ${m.cyclingEnabled && !m.keepsNodeIps ? "newIps" : "pool"}`);
    }
    lines.push(`  ${prev} --> ${id}`);
    prev = id;
  });
  lines.push("  classDef controlPlane fill:#dbeafe,stroke:#1d4ed8");
  lines.push("  classDef pool fill:#dcfce7,stroke:#15803d");
  lines.push("  classDef newIps fill:#fee2e2,stroke:#b91c1c");
  return `${lines.join("\n")}\n`;
}
