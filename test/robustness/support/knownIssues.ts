/**
 * Bugs this suite found in code it does not own, reported and not fixed yet. Each entry says
 * which cases the properties leave out while it is open; a tripwire test reproduces each one and
 * fails once it is fixed, so the exclusion is removed with the fix.
 */
import type { AnalyzerResource } from "../../../offline/analyzer/types";
import { T, U } from "../../fixtures/policies/stack";

export interface KnownIssue {
  readonly id: string;
  readonly summary: string;
  /** Rule ids (`policies/x.ts#xRule`) or policy names whose unknown-value property skips `applies` cases. */
  readonly rules: readonly string[];
  /** Whether the issue explains a new mandatory finding (its message) on this pair of stacks. */
  readonly applies: (base: readonly AnalyzerResource[], unknown: readonly AnalyzerResource[], message: string) => boolean;
}

function isPairMember(props: unknown): boolean {
  if (props === null || typeof props !== "object") return false;
  const tags = (props as { freeformTags?: unknown }).freeformTags;
  const labels = (props as { initialNodeLabels?: unknown }).initialNodeLabels;
  return (tags !== null && typeof tags === "object" && "okepools-pair" in tags) || (Array.isArray(labels) && labels.some((l) => l !== null && typeof l === "object" && (l as { key?: unknown }).key === "okepools.io/pair"));
}

export const KNOWN_ISSUES: readonly KnownIssue[] = [
  {
    id: "blue-green-pair-unknown-cluster",
    summary:
      "blue-green-pair groups a pair's pools by cluster (clusterId, else the first clusterId property dependency); a pool whose clusterId is unknown " +
      "lands in a group of its own, so the rest of its pair is judged as if it were complete (e.g. 'the active colour blue has no node pool').",
    rules: ["policies/blueGreenPair.ts#blueGreenPairRule", "blue-green-pair"],
    applies: (base, unknown) =>
      unknown.some((r, i) => r.type === T.pool && isPairMember(base[i]?.outputs) && (r.outputs as { clusterId?: unknown })?.clusterId === U && (base[i]?.outputs as { clusterId?: unknown })?.clusterId !== U),
  },
  {
    id: "blue-green-pair-claims-hidden-by-unknown",
    summary:
      "blue-green-pair skips every active-colour conclusion while one pool's okepools-active-colour is unknown, even those that known values " +
      "settle (a claim that is no colour, two pools naming different colours); once that pool's pair membership is unknown too, it leaves the " +
      "group and the same conclusion is reported: more unknowns, one more violation.",
    rules: ["policies/blueGreenPair.ts#blueGreenPairRule", "blue-green-pair"],
    applies: (_base, _unknown, message) => /active colour .* is not one of blue, green|must have exactly one active colour, but its pools disagree/.test(message),
  },
  {
    id: "version-skew-config-behind-unknown-cluster-id",
    summary:
      "node-pool-version-skew finds a pool's control plane by link, then by equal id, then by dependency, then in clusterVersions; when the " +
      "in-stack cluster whose id equals the pool's clusterId gets an unknown id, a clusterVersions entry for that id is used instead (config " +
      "meant for clusters outside the stack), although the in-stack cluster may still be the pool's.",
    rules: ["policies/versionSkew.ts#versionSkewRule", "node-pool-version-skew"],
    applies: (base, unknown, message) =>
      /of cluster ocid1\./.test(message) &&
      unknown.some((r, i) => r.type === T.cluster && (r.outputs as { id?: unknown })?.id === U && (base[i]?.outputs as { id?: unknown })?.id !== U),
  },
];

/** The known issues that excuse `rule` (a rule id or policy name) on this case. */
export function excused(rule: string, base: readonly AnalyzerResource[], unknown: readonly AnalyzerResource[], message: string): KnownIssue | undefined {
  return KNOWN_ISSUES.find((k) => k.rules.includes(rule) && k.applies(base, unknown, message));
}
