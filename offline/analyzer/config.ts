/**
 * Policy pack configuration the way the engine prepares it before `Configure`: schema defaults
 * and each policy's default level, then the pack's own initial config, then the user's
 * `--policy-pack-config` ("all" first, then per policy, properties merged over defaults), then
 * validation against each policy's schema. The pack itself applies none of this.
 */
import {
  AnalyzerInfo,
  ENFORCEMENT_LEVELS,
  EnforcementLevel,
  JsonSchema,
  ResolvedPolicyConfig,
  UserPolicyConfig,
} from "./types";
import { isRecord } from "../../core/read";

/** The config cannot be used; the engine refuses to run in the same cases. */
export class PolicyConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`policy pack configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PolicyConfigError";
  }
}

function isLevel(v: unknown): v is EnforcementLevel {
  return typeof v === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(v);
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

interface Normalised {
  readonly enforcementLevel?: EnforcementLevel;
  readonly properties: Record<string, unknown>;
}

function normalise(key: string, value: unknown, problems: string[]): Normalised | undefined {
  if (typeof value === "string") {
    if (isLevel(value)) return { enforcementLevel: value, properties: {} };
    problems.push(
      `${key}: ${JSON.stringify(value)} is not a valid enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`,
    );
    return undefined;
  }
  if (!isRecord(value)) {
    problems.push(
      `${key}: ${JSON.stringify(value)} is not a valid value; must be a string or object`,
    );
    return undefined;
  }
  const { enforcementLevel, ...properties } = value;
  if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
    problems.push(
      `${key}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not a valid enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`,
    );
    return undefined;
  }
  return { ...(enforcementLevel ? { enforcementLevel } : {}), properties };
}

/** Parses a `--policy-pack-config` file's text; empty text is no config. */
export function parsePolicyPackConfig(text: string): UserPolicyConfig {
  if (text.trim() === "") return {};
  const doc: unknown = JSON.parse(text);
  if (!isRecord(doc))
    throw new PolicyConfigError([
      `the policy pack config must be a JSON object, not ${JSON.stringify(doc)?.slice(0, 60)}`,
    ]);
  const problems: string[] = [];
  for (const [k, v] of Object.entries(doc)) normalise(k, v, problems);
  if (problems.length) throw new PolicyConfigError(problems);
  return doc as UserPolicyConfig;
}

export interface ReconciledConfig {
  /** What `Configure` sends: every policy of the pack, with a level and properties. */
  readonly config: Readonly<Record<string, ResolvedPolicyConfig>>;
  /** Keys of the user config that name no policy of the pack (the engine ignores them too). */
  readonly unknownPolicies: readonly string[];
}

function apply(
  result: Record<
    string,
    { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }
  >,
  given: Record<string, Normalised>,
): void {
  const all = given["all"];
  if (all?.enforcementLevel)
    for (const name of Object.keys(result)) result[name].enforcementLevel = all.enforcementLevel;
  for (const [name, g] of Object.entries(given)) {
    const target = result[name];
    if (!target) continue;
    if (g.enforcementLevel) target.enforcementLevel = g.enforcementLevel;
    Object.assign(target.properties, clone(g.properties));
  }
}

/**
 * Merges defaults, the pack's initial config and the user's config, then validates the result
 * against each policy's schema. Throws {@link PolicyConfigError} listing every problem.
 */
export function reconcilePolicyConfig(
  info: AnalyzerInfo,
  user: UserPolicyConfig = {},
): ReconciledConfig {
  const problems: string[] = [];
  const result: Record<
    string,
    { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }
  > = {};
  for (const p of info.policies) {
    const properties: Record<string, unknown> = {};
    for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {}))
      if (isRecord(schema) && "default" in schema) properties[k] = clone(schema.default);
    result[p.name] = { enforcementLevel: p.enforcementLevel, properties };
  }
  const initial: Record<string, Normalised> = {};
  for (const [k, v] of Object.entries(info.initialConfig))
    initial[k] = {
      ...(v.enforcementLevel ? { enforcementLevel: v.enforcementLevel } : {}),
      properties: { ...(v.properties ?? {}) },
    };
  apply(result, initial);
  const given: Record<string, Normalised> = {};
  for (const [k, v] of Object.entries(user)) {
    const n = normalise(k, v, problems);
    if (n) given[k] = n;
  }
  apply(result, given);
  const unknownPolicies = Object.keys(user).filter((k) => k !== "all" && !(k in result));
  for (const p of info.policies) {
    if (!p.configSchema) continue;
    const schema: JsonSchema = {
      type: "object",
      properties: p.configSchema.properties,
      ...(p.configSchema.required ? { required: p.configSchema.required } : {}),
    };
    for (const e of validateJsonSchema(schema, result[p.name].properties, ""))
      problems.push(`${p.name}: ${e}`);
  }
  if (problems.length) throw new PolicyConfigError(problems);
  return { config: result, unknownPolicies };
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function typeMatches(expected: string, v: unknown): boolean {
  const actual = typeOf(v);
  return expected === actual || (expected === "number" && actual === "integer");
}

/**
 * Validates `value` against the subset of JSON schema policy packs use: type, enum, const,
 * minimum/maximum (and exclusive), minLength/maxLength, pattern, items, minItems/maxItems,
 * properties, required, additionalProperties. Returns one message per problem, by path.
 */
export function validateJsonSchema(
  schema: JsonSchema | boolean,
  value: unknown,
  at: string,
): string[] {
  const where = at === "" ? "(root)" : at;
  if (schema === true) return [];
  if (schema === false) return [`${where}: no value is allowed here`];
  const out: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeMatches(t, value)))
      return [`${where}: invalid type, expected ${types.join(" or ")}, given ${typeOf(value)}`];
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value)))
    out.push(`${where}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
  if (
    "const" in schema &&
    schema.const !== undefined &&
    JSON.stringify(schema.const) !== JSON.stringify(value)
  )
    out.push(`${where}: must be ${JSON.stringify(schema.const)}`);
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum)
      out.push(`${where}: must be greater than or equal to ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      out.push(`${where}: must be less than or equal to ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      out.push(`${where}: must be greater than ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      out.push(`${where}: must be less than ${schema.exclusiveMaximum}`);
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      out.push(`${where}: must be at least ${schema.minLength} characters long`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      out.push(`${where}: must be at most ${schema.maxLength} characters long`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value))
      out.push(`${where}: does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      out.push(`${where}: must have at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      out.push(`${where}: must have at most ${schema.maxItems} items`);
    if (schema.items !== undefined)
      value.forEach((v, i) =>
        out.push(...validateJsonSchema(schema.items as JsonSchema | boolean, v, `${at}[${i}]`)),
      );
  }
  if (isRecord(value)) {
    for (const r of schema.required ?? []) if (!(r in value)) out.push(`${r}: is required`);
    for (const [k, v] of Object.entries(value)) {
      const child = at === "" ? k : `${at}.${k}`;
      const own = schema.properties?.[k];
      if (own !== undefined) out.push(...validateJsonSchema(own, v, child));
      else if (schema.additionalProperties !== undefined)
        out.push(...validateJsonSchema(schema.additionalProperties, v, child));
    }
  }
  return out;
}
