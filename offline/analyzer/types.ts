/**
 * Plain-data types of the analyzer driver. A resource recorder (Pulumi mocks) produces
 * {@link AnalyzerResource}s; the driver feeds them to a policy pack exactly as the engine does
 * and returns {@link Diagnostic}s.
 */

/** A policy's enforcement level, as in `--policy-pack-config`. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
  "advisory",
  "mandatory",
  "remediate",
  "disabled",
];

/** Resource options as the analyzer protocol carries them; every field is optional here. */
export interface AnalyzerResourceOptions {
  readonly protect?: boolean;
  readonly ignoreChanges?: readonly string[];
  readonly deleteBeforeReplace?: boolean;
  /** Whether `deleteBeforeReplace` was given at all. */
  readonly deleteBeforeReplaceDefined?: boolean;
  readonly additionalSecretOutputs?: readonly string[];
  readonly aliases?: readonly string[];
  /** The parent's URN; the driver uses {@link AnalyzerResource.parent} when this is empty. */
  readonly parent?: string;
  /** Seconds. */
  readonly customTimeouts?: {
    readonly create?: number;
    readonly update?: number;
    readonly delete?: number;
  };
}

/** The provider resource that manages a custom resource. */
export interface AnalyzerProvider {
  readonly urn: string;
  /** e.g. `pulumi:providers:oci`. */
  readonly type: string;
  readonly name: string;
  /** The provider's inputs. */
  readonly properties?: Readonly<Record<string, unknown>>;
}

/**
 * One resource as the engine presents it to a policy pack. Plain data only (JSON-safe);
 * unknown values are the engine's sentinel string `04da6b54-80e4-46f7-96ec-b56ff0331ba9`.
 */
export interface AnalyzerResource {
  /** The engine-style URN: `urn:pulumi:<stack>::<project>::<parent types joined by $>$<type>::<name>`. */
  readonly urn: string;
  /** The type token, e.g. `oci:ContainerEngine/nodePool:NodePool`. */
  readonly type: string;
  /** The logical (Pulumi) name. */
  readonly name: string;
  /** A provider-managed resource, as opposed to a component or the stack. Informational: the engine analyses both. */
  readonly custom: boolean;
  /** What `Analyze` receives: the resource's inputs. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** What `AnalyzeStack` receives: its outputs (a component's: what it registered; in a preview: inputs plus unknowns). */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** The parent's URN; absent for the stack itself and for providers. */
  readonly parent?: string;
  /** URNs of the resources it depends on. */
  readonly dependencies?: readonly string[];
  /** Property name → URNs of the resources that property's value came from. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  /** Its provider: the resource, or a provider reference `<provider URN>::<provider id>`. */
  readonly provider?: AnalyzerProvider | string;
  readonly options?: AnalyzerResourceOptions;
}

/** What the stack is, for `ConfigureStack` and the pack's environment. */
export interface StackInfo {
  /** @default "dev" */
  readonly stack?: string;
  /** @default "oke-pools" */
  readonly project?: string;
  /** @default "organization" */
  readonly organization?: string;
  /** A preview (`true`) or an update. @default true */
  readonly dryRun?: boolean;
  /** Stack tags, visible to policies as `args.stackTags`. @default none */
  readonly tags?: Readonly<Record<string, string>>;
  /** Stack config (`<project>:<key>` → value), passed as the engine does. @default none */
  readonly config?: Readonly<Record<string, string>>;
}

/** A policy's JSON-schema config description, as the pack reports it. */
export interface PolicyConfigSchema {
  readonly properties: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
}

/** The subset of JSON schema the driver validates (see config.ts); other keywords are ignored. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly description?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly items?: JsonSchema | boolean;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, JsonSchema | boolean>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly [keyword: string]: unknown;
}

/** One policy, as `GetAnalyzerInfo` describes it. */
export interface PolicyInfo {
  readonly name: string;
  readonly displayName?: string;
  readonly description: string;
  /** The policy's default level (its own, else the pack's). */
  readonly enforcementLevel: EnforcementLevel;
  readonly policyType: "resource" | "stack" | "unknown";
  readonly configSchema?: PolicyConfigSchema;
}

/** A policy's configuration as sent by `Configure`: a level and its properties. */
export interface ResolvedPolicyConfig {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** The pack, as `GetAnalyzerInfo` describes it. */
export interface AnalyzerInfo {
  readonly name: string;
  readonly version: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly supportsConfig: boolean;
  readonly policies: readonly PolicyInfo[];
  /** Config the pack supplies itself (`new PolicyPack(name, args, initialConfig)`). */
  readonly initialConfig: Readonly<Record<string, Partial<ResolvedPolicyConfig>>>;
}

/**
 * A policy pack config in `pulumi preview --policy-pack-config` format:
 * `{"all": "advisory", "<policy>": "mandatory" | {"enforcementLevel": "...", "<property>": value}}`.
 */
export type UserPolicyConfig = Readonly<
  Record<
    string,
    | EnforcementLevel
    | ({ readonly enforcementLevel?: EnforcementLevel } & Readonly<Record<string, unknown>>)
  >
>;

/** One policy violation. */
export interface Diagnostic {
  readonly policyName: string;
  readonly policyPackName: string;
  readonly policyPackVersion: string;
  /** `remediate` is reported as `mandatory`, as the engine does. */
  readonly enforcementLevel: EnforcementLevel;
  /** The resource it is about; `""` for a stack-level violation. From `Analyze`: always the analysed resource's. */
  readonly urn: string;
  /** The pack's message: the policy's description, a newline, then what was found. */
  readonly message: string;
  readonly description: string;
  /** Which call reported it. */
  readonly phase: "analyze" | "analyzeStack";
}
