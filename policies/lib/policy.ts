import {
  EnforcementLevel,
  Policy,
  PolicyResource,
  ResourceValidation,
  ResourceValidationArgs,
  StackValidation,
  validateResourceOfType,
} from "@pulumi/policy";
import { isRecord } from "../../core/read";
import { CatalogFiles, packFiles } from "./catalogConfig";
import { clockFromEnv } from "./clock";
import { ConfigProblem, PropertySchema, configFindings } from "./config";
import { Finding, RawConfig, reportFindings } from "./finding";
import { PlainResource } from "../../core/resources";
import { fromPolicyResources, fromValidationArgs, proxyTarget } from "./resources";

/** What the pack reads from its surroundings; tests pass fakes. */
export interface PackEnv {
  /** Where `catalogFile` is read from. */
  readonly files: CatalogFiles;
  /** The clock for image ages and retirement dates. */
  readonly now: () => Date;
}

/** The real surroundings: the pack directory and the clock (OKEPOOLS_NOW or the time). */
export function packEnv(): PackEnv {
  return { files: packFiles, now: clockFromEnv() };
}

export interface ReadConfig<C> {
  readonly config: C;
  readonly problems: readonly ConfigProblem[];
}

/** A policy's rules for one provider, by the phase that has the data they need. */
export interface Phases<C> {
  /** Resource phase (inputs): runs before the resource's step, also under `--skip-preview`. */
  readonly resource?: (resource: PlainResource, config: C, now: Date) => readonly Finding[];
  /** Stack phase (outputs, dependencies): the whole stack at once. */
  readonly stack?: (resources: PlainResource[], config: C, now: Date) => readonly Finding[];
}

/** One row of the pack's table (policies/pack.ts). */
export interface PolicySpec<C> {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Readonly<Record<string, PropertySchema>>;
  /** Reads the config the engine sent (schema defaults merged), defaulting what is wrong. */
  readonly config: (raw: RawConfig, env: PackEnv) => ReadConfig<C>;
  /**
   * The resources the resource-phase rules judge: one type (handed to the SDK's type filter, so
   * no other resource is even deserialised for this policy) or a test on the type.
   */
  readonly resourceTypes?: string | ((type: string) => boolean);
  readonly oke?: Phases<C>;
  readonly aks?: Phases<C>;
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

function rawConfig(getConfig: () => object): RawConfig {
  const c: unknown = getConfig();
  return isRecord(c) ? c : {};
}

function shallowEqual(a: RawConfig, b: RawConfig): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.is(a[k], b[k]));
}

/**
 * The config, read again only when it changes. The SDK hands each call a fresh shallow copy of
 * the policy's config, so it is compared by its top-level values (a catalog given inline is one
 * object for the whole run).
 */
function configReader<C>(spec: PolicySpec<C>, env: PackEnv): (raw: RawConfig) => ReadConfig<C> {
  let last: { raw: RawConfig; read: ReadConfig<C> } | undefined;
  return (raw) => {
    if (last && shallowEqual(last.raw, raw)) return last.read;
    const read = spec.config(raw, env);
    last = { raw, read };
    return read;
  };
}

const PROVIDERS = ["oke", "aks"] as const;

function resourceRules<C>(spec: PolicySpec<C>) {
  return PROVIDERS.flatMap((p) => spec[p]?.resource ?? []);
}

function stackRules<C>(spec: PolicySpec<C>) {
  return PROVIDERS.flatMap((p) => spec[p]?.stack ?? []);
}

/** The stack phase's resources as plain data, converted once for all the pack's stack policies. */
let lastStack: { readonly input: readonly PolicyResource[]; readonly plain: PlainResource[] } = {
  input: [],
  plain: [],
};

/**
 * The SDK hands every stack policy its own `resources` array, but with the shared property bags
 * (see sharedDeserialisation.ts) the same request gives the same bags: then the conversion (and
 * the stack model built from its result, memoised by array) is reused. The same URNs in the same
 * order with the same first bag is the same request: a new request deserialises new bags, and
 * without the shared bags no two policies' bags are the same, so nothing is reused.
 */
function plainStack(resources: readonly PolicyResource[]): PlainResource[] {
  const last = lastStack.input;
  if (
    last.length === resources.length &&
    last.length > 0 &&
    proxyTarget(resources[0].props) !== undefined &&
    proxyTarget(resources[0].props) === proxyTarget(last[0].props) &&
    resources.every((r, i) => r.urn === last[i].urn)
  )
    return lastStack.plain;
  const plain = fromPolicyResources(resources);
  lastStack = { input: resources, plain };
  return plain;
}

/** Builds the SDK policy from a row of the table: the only place policies meet @pulumi/policy. */
export function toPolicy<C>(spec: PolicySpec<C>, env: PackEnv, level?: EnforcementLevel): Policy {
  const { name, description } = spec;
  const readConfig = configReader(spec, env);
  const onResource = resourceRules(spec);
  const onStack = stackRules(spec);
  const types = spec.resourceTypes;
  const applies = (type: string) =>
    types === undefined || (typeof types === "string" ? type === types : types(type));

  const validateResource: ResourceValidation = (args: ResourceValidationArgs, report) => {
    if (!applies(args.type)) return;
    const findings = guarded(
      name,
      () => {
        const { config, problems } = readConfig(rawConfig(() => args.getConfig<object>()));
        const resource = fromValidationArgs(args);
        const now = env.now();
        // Without a stack phase, config problems go with each resource the policy judges.
        return [
          ...(onStack.length === 0 ? configFindings(name, problems) : []),
          ...onResource.flatMap((rule) => rule(resource, config, now)),
        ];
      },
      args.urn,
    );
    reportFindings(findings, report, description);
  };

  const validateStack: StackValidation = (args, report) => {
    const findings = guarded(name, () => {
      const { config, problems } = readConfig(rawConfig(() => args.getConfig<object>()));
      const resources = plainStack(args.resources);
      const now = env.now();
      return [
        ...configFindings(name, problems),
        ...onStack.flatMap((rule) => rule(resources, config, now)),
      ];
    });
    reportFindings(findings, report, description);
  };

  const policy = {
    name,
    description,
    enforcementLevel: level ?? spec.enforcementLevel,
    configSchema: { properties: { ...spec.properties } },
    ...(onResource.length > 0
      ? {
          validateResource:
            typeof types === "string"
              ? validateResourceOfType(typeFilter(types), (_props, args, report) =>
                  validateResource(args, report),
                )
              : validateResource,
        }
      : {}),
    ...(onStack.length > 0 ? { validateStack } : {}),
  };
  return policy as Policy;
}

/**
 * A stand-in for a provider's resource class, carrying only its type token: what the SDK's
 * `validateResourceOfType` reads to skip other types, without loading the provider package.
 */
function typeFilter(type: string): Parameters<typeof validateResourceOfType>[0] {
  return class {
    static readonly __pulumiType = type;
  } as unknown as Parameters<typeof validateResourceOfType>[0];
}
