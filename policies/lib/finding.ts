import type { ReportViolation, ResourceValidation, StackValidation } from "@pulumi/policy";
import { PlainResource, fromPolicyResources, fromValidationArgs } from "./resources";
import { isRecord } from "../../core/read";

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

/** A rule that failed unexpectedly becomes an advisory finding instead of failing the whole preview. */
function guarded(
  policyName: string,
  run: () => readonly Finding[],
  urn?: string,
): readonly Finding[] {
  try {
    return run();
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return [
      {
        ...(urn ? { urn } : {}),
        advisoryOnly: true,
        message: `internal error in ${policyName}, the check did not run: ${detail}. Please report it with the resource's properties.`,
      },
    ];
  }
}

function configOf(getConfig: () => object): RawConfig {
  const c: unknown = getConfig();
  return isRecord(c) ? c : {};
}

/** Thin resource-phase wiring: plain inputs in, findings reported. */
export function resourceValidation(
  policyName: string,
  description: string,
  rule: (resource: PlainResource, config: RawConfig) => readonly Finding[],
): ResourceValidation {
  return (args, reportViolation) => {
    const findings = guarded(policyName, () =>
      rule(
        fromValidationArgs(args),
        configOf(() => args.getConfig<object>()),
      ),
    );
    reportFindings(findings, reportViolation, description);
  };
}

/** Thin stack-phase wiring: plain outputs in, findings reported. */
export function stackValidation(
  policyName: string,
  description: string,
  rule: (resources: PlainResource[], config: RawConfig) => readonly Finding[],
): StackValidation {
  return (args, reportViolation) => {
    const findings = guarded(policyName, () =>
      rule(
        fromPolicyResources(args.resources),
        configOf(() => args.getConfig<object>()),
      ),
    );
    reportFindings(findings, reportViolation, description);
  };
}
