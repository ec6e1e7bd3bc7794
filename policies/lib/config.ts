import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { Finding, RawConfig } from "./finding";
import { isRecord, own, show } from "../../core/read";
import { isUnknown } from "./unknown";

/** A config property's JSON schema; every property of this pack has a default. */
export type PropertySchema = PolicyConfigJSONSchema & { readonly description: string };

/** A config value the policy could not use; `key` is the path inside the policy's config. */
export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
}

/**
 * Config problems become one finding each, about the stack (no URN), at the policy's level:
 * a check configured to run but unable to is as serious as the check itself.
 */
export function configFindings(policyName: string, problems: readonly ConfigProblem[]): Finding[] {
  return problems.map((p) => ({ message: `policy config ${policyName}.${p.key}: ${p.message}` }));
}

function fallback<T>(
  key: string,
  raw: unknown,
  expected: string,
  def: T,
  problems: ConfigProblem[],
): T {
  problems.push({
    key,
    message: `${show(raw)} is not ${expected}; using the default ${show(def)}. Fix it in --policy-pack-config.`,
  });
  return def;
}

function present(config: RawConfig, key: string): unknown {
  const v = own(config, key);
  return v === null || isUnknown(v) ? undefined : v;
}

/** An integer in [min, max]; a whole-number double from a Struct counts. */
export function readInteger(
  config: RawConfig,
  key: string,
  def: number,
  min: number,
  max: number,
  problems: ConfigProblem[],
): number {
  const v = present(config, key);
  if (v === undefined) return def;
  if (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max) return v;
  return fallback(key, v, `a whole number from ${min} to ${max}`, def, problems);
}

export function readBoolean(
  config: RawConfig,
  key: string,
  def: boolean,
  problems: ConfigProblem[],
): boolean {
  const v = present(config, key);
  if (v === undefined) return def;
  if (typeof v === "boolean") return v;
  return fallback(key, v, "true or false", def, problems);
}

export function readStringList(
  config: RawConfig,
  key: string,
  def: readonly string[],
  problems: ConfigProblem[],
): readonly string[] {
  const v = present(config, key);
  if (v === undefined) return def;
  if (Array.isArray(v) && v.every((s) => typeof s === "string")) return v as string[];
  return fallback(key, v, "a list of strings", def, problems);
}

/**
 * A map of string to T, e.g. `{"<cluster OCID>": "v1.35.2"}`; entries `parse` rejects are
 * reported by key and skipped.
 */
export function readStringMap<T>(
  config: RawConfig,
  key: string,
  parse: (value: unknown) => T | undefined,
  expected: string,
  problems: ConfigProblem[],
): ReadonlyMap<string, T> {
  const out = new Map<string, T>();
  const v = present(config, key);
  if (v === undefined) return out;
  if (!isRecord(v)) {
    problems.push({
      key,
      message: `${show(v)} is not an object of the form {"<cluster OCID>": ${expected}}; ignored. Fix it in --policy-pack-config.`,
    });
    return out;
  }
  for (const k of Object.keys(v)) {
    const parsed = parse(v[k]);
    if (parsed === undefined)
      problems.push({
        key: `${key}.${k}`,
        message: `${show(v[k])} is not ${expected}; entry ignored. Fix it in --policy-pack-config.`,
      });
    else out.set(k, parsed);
  }
  return out;
}
