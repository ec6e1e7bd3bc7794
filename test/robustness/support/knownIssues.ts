/**
 * Bugs this suite found in code it does not own, reported and not fixed yet. Each entry says
 * which cases the properties leave out while it is open; a tripwire test reproduces each one and
 * fails once it is fixed, so the exclusion is removed with the fix.
 */
import type { AnalyzerResource } from "../../../offline/analyzer/types";

export interface KnownIssue {
  readonly id: string;
  readonly summary: string;
  /** Rule ids (`policies/x.ts#xRule`) or policy names whose unknown-value property skips `applies` cases. */
  readonly rules: readonly string[];
  /** Whether the issue explains a new mandatory finding (its message) on this pair of stacks. */
  readonly applies: (
    base: readonly AnalyzerResource[],
    unknown: readonly AnalyzerResource[],
    message: string,
  ) => boolean;
}

export const KNOWN_ISSUES: readonly KnownIssue[] = [];

/** The known issues that excuse `rule` (a rule id or policy name) on this case. */
export function excused(
  rule: string,
  base: readonly AnalyzerResource[],
  unknown: readonly AnalyzerResource[],
  message: string,
): KnownIssue | undefined {
  return KNOWN_ISSUES.find((k) => k.rules.includes(rule) && k.applies(base, unknown, message));
}
