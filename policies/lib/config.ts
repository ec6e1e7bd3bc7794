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

/** The value a property's schema gives to a config read through {@link readProperties}. */
export type PropertyValue<S> = S extends { type: "integer" }
  ? number
  : S extends { type: "boolean" }
    ? boolean
    : S extends { type: "array"; items: { type: "string" } }
      ? readonly string[]
      : unknown;

export type PropertyValues<P> = { readonly [K in keyof P]: PropertyValue<P[K]> };

function readProperty(
  config: RawConfig,
  key: string,
  schema: PropertySchema,
  problems: ConfigProblem[],
): unknown {
  const v = present(config, key);
  const def = schema.default;
  if (schema.type === "integer") {
    if (v === undefined) return def;
    const min = schema.minimum ?? Number.MIN_SAFE_INTEGER;
    const max = schema.maximum ?? Number.MAX_SAFE_INTEGER;
    if (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max) return v;
    return fallback(key, v, `a whole number from ${min} to ${max}`, def, problems);
  }
  if (schema.type === "boolean") {
    if (v === undefined) return def;
    if (typeof v === "boolean") return v;
    return fallback(key, v, "true or false", def, problems);
  }
  const items = schema.items;
  if (schema.type === "array" && isRecord(items) && items.type === "string") {
    if (v === undefined) return def;
    if (Array.isArray(v) && v.every((s) => typeof s === "string")) return v as string[];
    return fallback(key, v, "a list of strings", def, problems);
  }
  return v; // structured values (maps, catalogs, tables) are read by the policy's own reader
}

/**
 * Every property of a policy's schema, read from the config the engine sent: integers within
 * the schema's bounds, booleans and string lists as typed, each defaulted (with a problem naming
 * the key) when missing or wrong. Other values are returned as given (`undefined` when absent),
 * for the policy's reader to parse. A whole-number double from a Struct counts as an integer.
 */
export function readProperties<P extends Record<string, PropertySchema>>(
  properties: P,
  config: RawConfig,
  problems: ConfigProblem[],
): PropertyValues<P> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(properties))
    out[key] = readProperty(config, key, properties[key], problems);
  return out as PropertyValues<P>;
}

/** The config reader of a policy whose config is its schema's properties, read as they are. */
export function schemaConfig<P extends Record<string, PropertySchema>>(
  properties: P,
): (raw: RawConfig) => { config: PropertyValues<P>; problems: ConfigProblem[] } {
  return (raw) => {
    const problems: ConfigProblem[] = [];
    return { config: readProperties(properties, raw, problems), problems };
  };
}

/**
 * A map of string to T, e.g. `{"<cluster OCID>": "v1.35.2"}`; entries `parse` rejects are
 * reported by key and skipped.
 */
export function readStringMap<T>(
  key: string,
  v: unknown,
  parse: (value: unknown) => T | undefined,
  expected: string,
  problems: ConfigProblem[],
): ReadonlyMap<string, T> {
  const out = new Map<string, T>();
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
