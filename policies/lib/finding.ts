import type { ReportViolation } from "@pulumi/policy";

/** One thing a rule found. */
export interface Finding {
  /** The resource it is about; omitted for findings about the stack or the policy's configuration. */
  readonly urn?: string;
  /** What is wrong and what to do, in one or two sentences. */
  readonly message: string;
  /**
   * Reported as advisory whatever the policy's level: notices (a check that cannot run, an
   * unknown value) must never fail a preview.
   */
  readonly advisoryOnly?: boolean;
}

/** The config a policy received from the engine (schema defaults already merged by the engine). */
export type RawConfig = Readonly<Record<string, unknown>>;

/**
 * Reports findings. A policy-level finding goes through the documented `reportViolation(message, urn)`;
 * an advisory-only one uses @pulumi/policy's object form (present since 1.x, pinned 1.21.0) to
 * set its own level, with the message composed the same way (description, newline, message).
 */
export function reportFindings(
  findings: readonly Finding[],
  reportViolation: ReportViolation,
  description: string,
): void {
  for (const f of findings) {
    if (f.advisoryOnly) {
      const info = {
        message: `${description}\n${f.message}`,
        description,
        enforcementLevel: "advisory",
        ...(f.urn ? { urn: f.urn } : {}),
      };
      (reportViolation as unknown as (info: object) => void)(info);
    } else {
      reportViolation(f.message, f.urn);
    }
  }
}
