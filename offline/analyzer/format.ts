import { Diagnostic, EnforcementLevel } from "./types";

/** One policy's violations, as `pulumi preview` lists them under the pack. */
export interface PolicyGroup {
  readonly policyPackName: string;
  readonly policyPackVersion: string;
  readonly policyName: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly description: string;
  readonly violations: readonly { readonly urn: string; readonly message: string }[];
}

const LEVEL_ORDER: Record<string, number> = {
  mandatory: 0,
  remediate: 1,
  advisory: 2,
  disabled: 3,
};

/** Groups diagnostics by pack, policy and level; mandatory first, then by policy name. */
export function groupByPolicy(diagnostics: readonly Diagnostic[]): PolicyGroup[] {
  const groups = new Map<
    string,
    { head: Omit<PolicyGroup, "violations">; violations: { urn: string; message: string }[] }
  >();
  for (const d of diagnostics) {
    const key = `${d.policyPackName}\u0000${d.policyName}\u0000${d.enforcementLevel}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        head: {
          policyPackName: d.policyPackName,
          policyPackVersion: d.policyPackVersion,
          policyName: d.policyName,
          enforcementLevel: d.enforcementLevel,
          description: d.description,
        },
        violations: [],
      };
      groups.set(key, g);
    }
    g.violations.push({ urn: d.urn, message: d.message });
  }
  return [...groups.values()]
    .map((g) => ({ ...g.head, violations: g.violations }))
    .sort(
      (a, b) =>
        a.policyPackName.localeCompare(b.policyPackName) ||
        (LEVEL_ORDER[a.enforcementLevel] ?? 9) - (LEVEL_ORDER[b.enforcementLevel] ?? 9) ||
        a.policyName.localeCompare(b.policyName),
    );
}

/** `oci:ContainerEngine/nodePool:NodePool: workers` from a URN; `the stack` for stack-level violations. */
export function resourceOf(urn: string): string {
  if (!urn) return "the stack";
  const parts = urn.split("::");
  if (parts.length < 4) return urn;
  const type = parts[2].split("$").pop() ?? parts[2];
  return `${type}: ${parts.slice(3).join("::")}`;
}

/**
 * Text in the layout `pulumi preview` uses for policy violations:
 *
 *     Policies:
 *         ❌ oke-upgrade-guard@v0.1.0
 *             - [mandatory]  node-pool-image-not-retired  (oci:ContainerEngine/nodePool:NodePool: workers)
 *               <message lines>
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return "Policies:\n    ✅ no policy violations\n";
  const lines = ["Policies:"];
  const byPack = new Map<string, PolicyGroup[]>();
  for (const g of groupByPolicy(diagnostics)) {
    const key = `${g.policyPackName}@v${g.policyPackVersion}`;
    byPack.set(key, [...(byPack.get(key) ?? []), g]);
  }
  for (const [pack, groups] of byPack) {
    const failed = groups.some((g) => g.enforcementLevel === "mandatory");
    lines.push(`    ${failed ? "❌" : "⚠️"} ${pack}`);
    for (const g of groups) {
      for (const v of g.violations) {
        lines.push(`        - [${g.enforcementLevel}]  ${g.policyName}  (${resourceOf(v.urn)})`);
        for (const l of v.message.split("\n")) lines.push(`          ${l}`);
      }
    }
  }
  return lines.join("\n") + "\n";
}

/** Whether any diagnostic would fail a preview. */
export function hasMandatory(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.enforcementLevel === "mandatory");
}
