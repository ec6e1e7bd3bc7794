/**
 * Runs the pack's policy objects (packPolicies(): wiring, config readers and rules) in this
 * process the way @pulumi/policy's server does: props behind its unknown-checking proxy,
 * relations as resource objects, a getConfig per policy, violations captured with the level the
 * server would give them. An exception escaping a policy is returned as a crash; so is the
 * advisory the wiring turns a failing rule into ("internal error in …").
 */
import type {
  Policy,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
// @pulumi/policy's own proxy (marked @internal, so not in its typings): the server puts it in front of every props bag.
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T>(value: T): T;
};
import type { AnalyzerResource } from "../../../offline/analyzer/types";

export interface Reported {
  readonly policy: string;
  readonly level: string;
  readonly urn: string;
  readonly message: string;
  readonly phase: "resource" | "stack";
}

export interface InProcessResult {
  readonly reported: Reported[];
  /** Exceptions that escaped a policy, and advisories that say a rule failed. */
  readonly crashes: string[];
}

/** Messages that mean a rule or policy failed rather than judged. */
export const CRASH =
  /internal error in|can't run .* during preview|threw|TypeError|RangeError|ReferenceError|Maximum call stack/;

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

function policyResources(stack: readonly AnalyzerResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const out = stack.map((r) => {
    const pr = {
      type: r.type,
      urn: r.urn,
      name: r.name,
      props: unknownCheckingProxy(asRecord(r.outputs)),
      opts: {},
      dependencies: [] as PolicyResource[],
      propertyDependencies: {} as Record<string, PolicyResource[]>,
      isType: () => false,
      asType: () => undefined,
    } as unknown as PolicyResource;
    if (typeof r.urn === "string") byUrn.set(r.urn, pr);
    return pr;
  });
  // As the server does: relations to resources of the stack only, unknown URNs dropped.
  stack.forEach((r, i) => {
    const pr = out[i] as {
      parent?: PolicyResource;
      dependencies: PolicyResource[];
      propertyDependencies: Record<string, PolicyResource[]>;
    };
    const parent = typeof r.parent === "string" ? byUrn.get(r.parent) : undefined;
    if (parent) pr.parent = parent;
    const deps = Array.isArray(r.dependencies) ? r.dependencies : [];
    pr.dependencies = deps
      .map((d) => byUrn.get(d as string))
      .filter((d): d is PolicyResource => d !== undefined);
    for (const [k, v] of Object.entries(asRecord(r.propertyDependencies))) {
      pr.propertyDependencies[k] = (Array.isArray(v) ? v : [])
        .map((d) => byUrn.get(d as string))
        .filter((d): d is PolicyResource => d !== undefined);
    }
  });
  return out;
}

export async function runInProcess(
  policies: readonly Policy[],
  stack: readonly AnalyzerResource[],
  config: (policy: string) => Record<string, unknown>,
): Promise<InProcessResult> {
  const reported: Reported[] = [];
  const crashes: string[] = [];
  const pending: Promise<void>[] = [];
  const settle = (what: string, result: unknown) => {
    if (result instanceof Promise)
      pending.push(
        result.then(
          () => undefined,
          (e: unknown) =>
            void crashes.push(
              `${what} rejected: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
            ),
        ),
      );
  };
  const reporter =
    (p: Policy, phase: Reported["phase"], urn: string): ReportViolation =>
    (arg: unknown, u?: string) => {
      if (arg !== null && typeof arg === "object") {
        const o = arg as { message?: string; enforcementLevel?: string; urn?: string };
        reported.push({
          policy: p.name,
          level: o.enforcementLevel ?? p.enforcementLevel ?? "advisory",
          urn: o.urn ?? urn,
          message: String(o.message),
          phase,
        });
      } else
        reported.push({
          policy: p.name,
          level: p.enforcementLevel ?? "advisory",
          urn: u ?? urn,
          message: String(arg),
          phase,
        });
    };
  for (const p of policies) {
    if (p.enforcementLevel === "disabled") continue;
    const getConfig = () => config(p.name);
    const validateResource = (p as { validateResource?: unknown }).validateResource;
    if (typeof validateResource === "function") {
      for (const r of stack) {
        const args = {
          type: r.type,
          urn: r.urn,
          name: r.name,
          props: unknownCheckingProxy(asRecord(r.inputs)),
          opts: { ...(typeof r.parent === "string" ? { parent: r.parent } : {}) },
          getConfig,
          stackTags: new Map(),
          isType: () => false,
          asType: () => undefined,
          notApplicable: () => undefined,
        } as unknown as ResourceValidationArgs;
        try {
          settle(
            `${p.name} (resource phase, ${r.urn})`,
            validateResource(args, reporter(p, "resource", r.urn)),
          );
        } catch (e) {
          crashes.push(
            `${p.name} (resource phase, ${r.urn}) threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
          );
        }
      }
    }
    const validateStack = (p as { validateStack?: unknown }).validateStack;
    if (typeof validateStack === "function") {
      const args = {
        resources: policyResources(stack),
        getConfig,
        stackTags: new Map(),
        notApplicable: () => undefined,
      } as unknown as StackValidationArgs;
      try {
        settle(`${p.name} (stack phase)`, validateStack(args, reporter(p, "stack", "")));
      } catch (e) {
        crashes.push(
          `${p.name} (stack phase) threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
      }
    }
  }
  await Promise.all(pending);
  for (const r of reported)
    if (/internal error in/.test(r.message))
      crashes.push(`${r.policy} (${r.phase} phase): ${r.message}`);
  return { reported, crashes };
}
