/**
 * Runs a Pulumi program under the SDK's mocks and records what an engine would see: every
 * registered resource with its engine-style URN, parent, dependencies, property dependencies,
 * raw inputs (unknowns kept as the engine's sentinel) and outputs (components: what they
 * registered with registerOutputs; the stack: the program's exports). The result is what the
 * engine hands a policy pack: `Analyze` gets each resource's inputs, `AnalyzeStack` the outputs.
 *
 * One recorder for the offline preview, the tests and the benchmark. Not safe to run two
 * recordings concurrently in one process (the Pulumi runtime is global).
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { ImageCatalog } from "../core/catalog";
import { CatalogFilter, applyCatalogFilter } from "../core/catalogFilter";
import { formatKubeVersion } from "../core/kubeVersion";
import { TOKEN_NODE_POOL_OPTION, TYPE_OCI_CLUSTER, TYPE_OCI_NODE_POOL } from "../core/tags";
import { UNKNOWN_STRING } from "../core/unknown";
import { toStruct } from "./analyzer/proto";
import type { AnalyzerProvider, AnalyzerResource, AnalyzerResourceOptions } from "./analyzer/types";
import { AliasSpec, aliasUrn } from "./state/aliases";
import { isEncrypted } from "./state/exportFile";
import { boundedHeapGrowth } from "./heapGrowth";
import { stackTracesOff } from "./stackTraces";

/** The engine's marker for a value not known until the update (see @pulumi/pulumi runtime/rpc). */
export const UNKNOWN = UNKNOWN_STRING;

/** The root resource every engine deployment has. */
export const STACK_TYPE = "pulumi:pulumi:Stack";

/** The project's program, relative to this file. */
export const DEFAULT_PROGRAM = path.join(__dirname, "..", "index.ts");

/** Resource options as the analyzer protocol carries them (every field set). */
export interface RecordedOptions extends AnalyzerResourceOptions {
  readonly protect: boolean;
  readonly ignoreChanges: readonly string[];
  readonly deleteBeforeReplace: boolean;
  readonly deleteBeforeReplaceDefined: boolean;
  readonly additionalSecretOutputs: readonly string[];
  readonly aliases: readonly string[];
  readonly parent: string;
  readonly customTimeouts?: {
    readonly create: number;
    readonly update: number;
    readonly delete: number;
  };
}

/** The provider a custom resource is managed by (the engine's default provider unless one was given). */
export interface RecordedProvider extends AnalyzerProvider {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/**
 * One resource as the engine would present it to an analyzer: the analyzer driver's
 * {@link AnalyzerResource} with every relation filled in. Plain data only (JSON-safe).
 */
export interface RecordedResource extends AnalyzerResource {
  /** Always set by the recorder (optional in the driver's type). */
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly options: RecordedOptions;
  readonly provider?: RecordedProvider;
}

export interface RecordedLog {
  readonly severity: "info" | "warning" | "error";
  readonly message: string;
  /** The resource the message is about, when the program named one. */
  readonly urn?: string;
}

export interface RecordOptions {
  /** The program's entry module (`.ts` or `.js`). @default the project's index.ts */
  readonly programPath?: string;
  readonly stack: string;
  /** @default "oke-pools" */
  readonly project?: string;
  /** Config as Pulumi hands it to a program: `"<namespace>:<key>"` → string (objects as JSON). */
  readonly config: Readonly<Record<string, string>>;
  /** Answers `getNodePoolOption` as OCI would, filters applied. */
  readonly catalog: ImageCatalog;
  /** Preview (outputs the provider computes are unknown) or update (mock outputs are known). @default true */
  readonly preview?: boolean;
  /**
   * Called as each resource (not providers) registers, in the engine's order, with its engine
   * URN and inputs; its answer replaces the mock's id and outputs (what the program's later
   * resources see), as the engine answers from stored state. Used by the state planner.
   */
  readonly onRegister?: (registration: Registration) => RegistrationAnswer | undefined;
}

/** One resource registration, as the engine's step generator receives it. */
export interface Registration {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly parent?: string;
  /** Plain values (secrets unwrapped, references as id/URN, unknowns as the sentinel). */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  readonly ignoreChanges: readonly string[];
  readonly replaceOnChanges: readonly string[];
  /** As sent: `aliasURNs` as URN aliases, then the `aliases` specs (parent URNs as engine URNs). */
  readonly aliases: readonly AliasSpec[];
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** What the engine answers a registration with: the resource's id ("" or absent: unknown) and outputs. */
export interface RegistrationAnswer {
  readonly id?: string;
  readonly outputs: Readonly<Record<string, unknown>>;
}

export interface Recording extends RecordingSummary {
  /** In registration order: the stack first, each default provider before its first resource. */
  readonly resources: RecordedResource[];
}

/** The program failed: it threw, or a resource registration was rejected. */
export class ProgramError extends Error {
  constructor(
    message: string,
    readonly logs: readonly RecordedLog[],
  ) {
    super(message);
    this.name = "ProgramError";
  }
}

// The protobuf messages the mock monitor receives; typed loosely to avoid importing generated stubs.
interface Struct {
  toJavaScript(): Record<string, unknown>;
  serializeBinary(): Uint8Array;
}
interface StructClass {
  deserializeBinary(bytes: Uint8Array): Struct;
}
interface PbMap<V> {
  forEach(cb: (value: V, key: string) => void): void;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): Struct | undefined;
  getProtect(): boolean | undefined;
  getDependenciesList(): string[];
  getProvider(): string;
  getPropertydependenciesMap(): PbMap<{ getUrnsList(): string[] }>;
  getDeletebeforereplace(): boolean;
  getDeletebeforereplacedefined(): boolean;
  getIgnorechangesList(): string[];
  getVersion(): string;
  getAliasurnsList(): string[];
  getAliasesList(): WireAlias[];
  getRetainondelete?(): boolean;
  getReplaceonchangesList?(): string[];
  getAdditionalsecretoutputsList(): string[];
  getCustomtimeouts():
    { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
}
interface WireAlias {
  getUrn(): string;
  getSpec():
    | {
        getName(): string;
        getType(): string;
        getStack(): string;
        getProject(): string;
        getParenturn(): string;
        getNoparent(): boolean;
      }
    | undefined;
}
interface RegisterResponse {
  getUrn(): string;
  getObject(): Struct | undefined;
  setId(id: string): void;
  setObject(value: unknown): void;
}
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): Struct | undefined;
}
type Callback<T> = (err: unknown, resp?: T) => void;
interface MonitorLike {
  registerResource(req: RegisterRequest, cb: Callback<RegisterResponse>): void;
  registerResourceOutputs(req: OutputsRequest, cb: Callback<unknown>): void;
}

/**
 * A registration as the mock monitor saw it. Property bags are kept as the request's serialized
 * protobuf Struct (compact, outside the JS heap) and decoded one resource at a time when the
 * recording is read ({@link ProgramRun.resources}).
 */
interface Pending {
  mockUrn: string;
  type: string;
  name: string;
  custom: boolean;
  mockParent: string;
  inputs?: Uint8Array;
  returned?: Uint8Array;
  mockDependencies: string[];
  mockPropertyDependencies: Record<string, string[]>;
  options: Omit<RecordedOptions, "parent" | "aliases">;
  aliasSpecs: AliasSpec[];
  providerRef: string;
  /** The id the registration answer gave (the state planner), if any. */
  answeredId?: string;
  version: string;
  registeredOutputs?: Uint8Array;
}

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/**
 * Runs the program once under mocks and returns what it registered. Throws
 * {@link ProgramError} when the program fails (e.g. invalid stack config).
 */
export async function recordProgram(opts: RecordOptions): Promise<Recording> {
  const run = await runProgram(opts);
  return { ...run.summary, resources: [...run.resources()] };
}

/** What a program run leaves besides its resources. */
export interface RecordingSummary {
  /** `getNodePoolOption` calls the program made. */
  readonly invokes: number;
  readonly logs: RecordedLog[];
  /** The program's exports as the stack's outputs (unknowns as {@link UNKNOWN}). */
  readonly stackOutputs: Readonly<Record<string, unknown>>;
  /** Resources the engine would see, default providers included. */
  readonly resourceCount: number;
}

/** A finished program run whose resources are read once, in order, one at a time. */
export interface ProgramRun {
  readonly summary: RecordingSummary;
  /**
   * The resources in registration order (the stack first, each default provider before its
   * first resource). Each is built when reached and its registration data released, so a
   * caller that streams them (the offline preview) never holds the whole recording. Once only.
   */
  resources(): Generator<RecordedResource>;
}

/**
 * Runs the program under mocks (see {@link recordProgram}); the resources are decoded lazily.
 * Throws {@link ProgramError} when the program fails.
 */
export async function runProgram(opts: RecordOptions): Promise<ProgramRun> {
  const project = opts.project ?? "oke-pools";
  const preview = opts.preview ?? true;
  const programPath = path.resolve(opts.programPath ?? DEFAULT_PROGRAM);
  ensureTypeScript(programPath);

  let invokes = 0;
  /** Output property names each resource type declares (from the SDK's resource inputs bag). */
  const declaredKeys = new Map<string, Set<string>>();

  pulumi.runtime.setAllConfig({ ...opts.config });
  await pulumi.runtime.setMocks(
    recorderMocks(opts.catalog, preview, () => invokes++),
    project,
    opts.stack,
    preview,
  );

  let structClass: StructClass | undefined;
  const bytesOf = (struct: Struct | undefined): Uint8Array | undefined => {
    if (!struct) return undefined;
    structClass ??= struct.constructor as unknown as StructClass;
    return struct.serializeBinary();
  };
  const decode = (bytes: Uint8Array | undefined): Record<string, unknown> =>
    bytes && structClass && bytes.length > 0
      ? structClass.deserializeBinary(bytes).toJavaScript()
      : {};
  const pending: Pending[] = [];
  const byMockUrn = new Map<string, Pending>();
  /** Mock URN → engine URN and qualified type, filled as resources register (parents first). */
  const live = new Map<string, { urn: string; qualified: string; type: string }>();
  const liveUrns = new Map<string, string>();
  const engineUrnOf = (type: string, name: string, mockParent: string) => {
    const parent = mockParent ? live.get(mockParent) : undefined;
    const q = !parent || parent.type === STACK_TYPE ? type : `${parent.qualified}$${type}`;
    return { urn: `urn:pulumi:${opts.stack}::${project}::${q}::${name}`, qualified: q, type };
  };
  const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
  const registerResource = monitor.registerResource.bind(monitor);
  const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const propertyDependencies: Record<string, string[]> = {};
    req
      .getPropertydependenciesMap()
      .forEach((v, k) => (propertyDependencies[k] = [...v.getUrnsList()]));
    const timeouts = req.getCustomtimeouts();
    const entry: Omit<Pending, "mockUrn" | "returned"> = {
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      mockParent: req.getParent(),
      inputs: bytesOf(req.getObject()),
      mockDependencies: [...req.getDependenciesList()],
      mockPropertyDependencies: propertyDependencies,
      options: {
        protect: req.getProtect() ?? false,
        ignoreChanges: [...req.getIgnorechangesList()],
        deleteBeforeReplace: req.getDeletebeforereplace(),
        deleteBeforeReplaceDefined: req.getDeletebeforereplacedefined(),
        additionalSecretOutputs: [...req.getAdditionalsecretoutputsList()],
        ...(timeouts
          ? {
              customTimeouts: {
                create: durationSeconds(timeouts.getCreate()),
                update: durationSeconds(timeouts.getUpdate()),
                delete: durationSeconds(timeouts.getDelete()),
              },
            }
          : {}),
      },
      aliasSpecs: [
        ...req.getAliasurnsList().map((urn) => ({ urn })),
        ...req.getAliasesList().map(aliasSpecOf),
      ],
      providerRef: req.getProvider(),
      version: req.getVersion(),
    };
    registerResource(req, (err, resp) => {
      let answeredId: string | undefined;
      if (!err && resp) {
        const engine = engineUrnOf(entry.type, entry.name, entry.mockParent);
        live.set(resp.getUrn(), engine);
        liveUrns.set(resp.getUrn(), engine.urn);
        if (opts.onRegister && !entry.type.startsWith("pulumi:providers:")) {
          const translate = (urns: readonly string[]) => urns.map((u) => liveUrns.get(u) ?? u);
          const propertyDependencies: Record<string, string[]> = {};
          for (const [k, v] of Object.entries(entry.mockPropertyDependencies))
            propertyDependencies[k] = translate(v);
          const parent = entry.mockParent ? liveUrns.get(entry.mockParent) : undefined;
          const answer = opts.onRegister({
            urn: engine.urn,
            type: entry.type,
            name: entry.name,
            custom: entry.custom,
            ...(parent ? { parent } : {}),
            inputs: unwrap(decode(entry.inputs), liveUrns) as Record<string, unknown>,
            protect: entry.options.protect,
            retainOnDelete: req.getRetainondelete?.() ?? false,
            deleteBeforeReplace: entry.options.deleteBeforeReplace,
            ignoreChanges: entry.options.ignoreChanges,
            replaceOnChanges: req.getReplaceonchangesList?.() ?? [],
            aliases: entry.aliasSpecs.map((a) =>
              a.parentUrn ? { ...a, parentUrn: liveUrns.get(a.parentUrn) ?? a.parentUrn } : a,
            ),
            dependencies: translate(entry.mockDependencies),
            propertyDependencies,
          });
          if (answer) {
            answeredId = answer.id ?? "";
            resp.setId(answeredId);
            resp.setObject(toStruct(wireOutputs(answer.outputs)));
          }
        }
        const p: Pending = {
          ...entry,
          mockUrn: resp.getUrn(),
          returned: bytesOf(resp.getObject()),
          ...(answeredId !== undefined ? { answeredId } : {}),
        };
        pending.push(p);
        byMockUrn.set(p.mockUrn, p);
      }
      cb(err, resp);
    });
  };
  monitor.registerResourceOutputs = (req, cb) => {
    const p = byMockUrn.get(req.getUrn());
    if (p) p.registeredOutputs = bytesOf(req.getOutputs()) ?? new Uint8Array();
    registerResourceOutputs(req, cb);
  };

  const logs: { severity: RecordedLog["severity"]; message: string; urn?: Promise<string> }[] = [];
  const log = pulumi.log as unknown as Record<
    "info" | "warn" | "error",
    (msg: string, resource?: pulumi.Resource) => Promise<void>
  >;
  const saved = { info: log.info, warn: log.warn, error: log.error };
  const capture =
    (severity: RecordedLog["severity"]) => (message: string, resource?: pulumi.Resource) => {
      const urn = resource
        ? new Promise<string>((resolve) => resource.urn.apply((u) => resolve(u)))
        : undefined;
      logs.push({ severity, message, ...(urn ? { urn } : {}) });
      return Promise.resolve();
    };
  log.info = capture("info");
  log.warn = capture("warning");
  log.error = capture("error");
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on("unhandledRejection", onRejection);

  const loadedBefore = new Set(Object.keys(require.cache));
  forgetProjectModules(programPath, (id) => id === programPath);
  const heapGrowthRestored = boundedHeapGrowth();
  // Error messages keep their text; see stackTraces.ts.
  const stackTracesOn = stackTracesOff();
  try {
    // As the Node language host runs a program: inside the root stack resource, exports as outputs.
    await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((args) => {
        let keys = declaredKeys.get(args.type);
        if (!keys) declaredKeys.set(args.type, (keys = new Set()));
        for (const k of Object.keys(args.props ?? {})) keys.add(k);
        return undefined;
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(programPath) as Record<string, unknown>;
    });
    await pulumi.runtime.disconnect();
  } catch (e) {
    failures.unshift(e);
  } finally {
    await settleLater();
    stackTracesOn();
    heapGrowthRestored();
    process.off("unhandledRejection", onRejection);
    Object.assign(log, saved);
    // The next recording must load the program (and its project modules) afresh.
    forgetProjectModules(programPath, (id) => !loadedBefore.has(id) || id === programPath);
  }

  // The SDK's mock monitor keeps every resource's state for `getResource`; the program is done.
  (monitor as unknown as { resources?: Map<string, unknown> }).resources?.clear();
  byMockUrn.clear();

  const resolvedLogs: RecordedLog[] = [];
  const urnMap = liveUrns;
  for (const l of logs) {
    const urn = l.urn
      ? await Promise.race([
          l.urn.catch(() => undefined),
          new Promise<undefined>((r) => setTimeout(() => r(undefined), 50)),
        ])
      : undefined;
    const engineUrn = urn ? urnMap.get(urn) : undefined;
    resolvedLogs.push({
      severity: l.severity,
      message: l.message,
      ...(engineUrn ? { urn: engineUrn } : {}),
    });
  }
  if (failures.length > 0) throw new ProgramError(describeFailure(failures[0]), resolvedLogs);

  const plain = (v: Record<string, unknown>) => unwrap(v, urnMap) as Record<string, unknown>;
  const stackEntry = pending.find((p) => p.type === STACK_TYPE);
  const stackOutputs = stackEntry ? plain(decode(stackEntry.registeredOutputs)) : {};
  const defaultProviders = new Set<string>();
  for (const p of pending)
    if (p.custom && !p.providerRef && !p.type.startsWith("pulumi:providers:"))
      defaultProviders.add(defaultProviderUrn(p.type, p.version, project, opts.stack));
  const summary: RecordingSummary = {
    invokes,
    logs: resolvedLogs,
    stackOutputs,
    resourceCount: pending.length + defaultProviders.size,
  };

  function* resources(): Generator<RecordedResource> {
    const providers = new Set<string>();
    /** Explicit providers' inputs, for the resources they manage. */
    const providerInputs = new Map<
      string,
      { type: string; name: string; inputs: Record<string, unknown> }
    >();
    const translate = (urns: readonly string[]) => urns.map((u) => urnMap.get(u) ?? u);
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i];
      // Released as it is read: the caller holds what it keeps.
      (pending as (Pending | undefined)[])[i] = undefined;
      const urn = urnMap.get(p.mockUrn)!;
      const parent = p.mockParent ? urnMap.get(p.mockParent) : undefined;
      let provider: RecordedProvider | undefined;
      if (p.custom && !p.type.startsWith("pulumi:providers:")) {
        provider = p.providerRef
          ? explicitProvider(p.providerRef, urnMap, providerInputs)
          : defaultProvider(p.type, p.version, project, opts.stack, opts.config);
        if (!p.providerRef && !providers.has(provider.urn)) {
          providers.add(provider.urn);
          yield {
            urn: provider.urn,
            type: provider.type,
            name: provider.name,
            custom: true,
            inputs: provider.properties,
            outputs: provider.properties,
            dependencies: [],
            propertyDependencies: {},
            options: { ...noOptions(), parent: "" },
          };
        }
      }
      const inputs = plain(decode(p.inputs));
      if (p.type.startsWith("pulumi:providers:"))
        providerInputs.set(urn, { type: p.type, name: p.name, inputs });
      let outputs: Record<string, unknown>;
      if (!p.custom) outputs = plain(decode(p.registeredOutputs));
      else if (p.answeredId) outputs = { ...plain(decode(p.returned)), id: p.answeredId };
      else if (preview) {
        outputs = { ...plain(decode(p.returned)), id: UNKNOWN };
        for (const k of declaredKeys.get(p.type) ?? []) if (!(k in outputs)) outputs[k] = UNKNOWN;
      } else outputs = { ...plain(decode(p.returned)), id: `${p.name}-id` };
      const propertyDependencies: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(p.mockPropertyDependencies))
        propertyDependencies[k] = translate(v);
      yield {
        urn,
        type: p.type,
        name: p.name,
        custom: p.custom,
        inputs,
        outputs,
        ...(parent ? { parent } : {}),
        dependencies: translate(p.mockDependencies),
        propertyDependencies,
        options: {
          ...p.options,
          aliases: p.aliasSpecs.map((a) =>
            aliasUrn(
              a.parentUrn ? { ...a, parentUrn: urnMap.get(a.parentUrn) ?? a.parentUrn } : a,
              {
                name: p.name,
                type: p.type,
                parent,
                stack: opts.stack,
                project,
              },
            ),
          ),
          parent: parent ?? "",
        },
        ...(provider ? { provider } : {}),
      };
    }
  }
  let read = false;
  return {
    summary,
    resources: () => {
      if (read) throw new Error("offline recorder: a program run's resources are read once");
      read = true;
      return resources();
    },
  };
}

/**
 * The mocks a recording runs under: resources echo their inputs as state (custom resources get
 * the few outputs a provider would report after an update), `getNodePoolOption` is answered from
 * the catalog. Also the bench's floor program's mocks (bench/floorProgram.ts).
 */
export function recorderMocks(
  catalog: ImageCatalog,
  preview: boolean,
  onInvoke: () => void = () => undefined,
): pulumi.runtime.Mocks {
  const sources = catalog.toSources();
  const versions = catalog.kubernetesVersions().map(formatKubeVersion);
  return {
    newResource: (args) => {
      const inputs = args.inputs as Record<string, unknown>;
      if (!args.custom) return { id: undefined, state: inputs };
      const state = preview
        ? { ...inputs }
        : { ...inputs, ...updateOutputs(args.type, args.name, inputs) };
      return { id: preview ? undefined : `${args.name}-id`, state };
    },
    call: (args) => {
      if (args.token !== TOKEN_NODE_POOL_OPTION)
        throw new Error(`offline recorder: no answer for invoke ${args.token}`);
      onInvoke();
      const filter = args.inputs as unknown as CatalogFilter;
      return {
        id: String(filter.nodePoolOptionId ?? "all"),
        sources: applyCatalogFilter(sources, filter),
        kubernetesVersions: versions,
      };
    },
  };
}

function defaultProviderName(version: string): string {
  return version ? `default_${version.replace(/[.-]/g, "_")}` : "default";
}

function defaultProviderUrn(type: string, version: string, project: string, stack: string): string {
  const providerType = `pulumi:providers:${type.split(":")[0]}`;
  return `urn:pulumi:${stack}::${project}::${providerType}::${defaultProviderName(version)}`;
}

function defaultProvider(
  type: string,
  version: string,
  project: string,
  stack: string,
  config: Readonly<Record<string, string>>,
): RecordedProvider {
  const pkg = type.split(":")[0];
  const name = defaultProviderName(version);
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config))
    if (k.startsWith(`${pkg}:`)) properties[k.slice(pkg.length + 1)] = v;
  if (version) properties.version = version;
  const providerType = `pulumi:providers:${pkg}`;
  return {
    urn: defaultProviderUrn(type, version, project, stack),
    type: providerType,
    name,
    properties,
  };
}

function explicitProvider(
  ref: string,
  urnMap: ReadonlyMap<string, string>,
  seen: ReadonlyMap<string, { type: string; name: string; inputs: Record<string, unknown> }>,
): RecordedProvider {
  const mockUrn = ref.split("::").slice(0, -1).join("::");
  const urn = urnMap.get(mockUrn) ?? mockUrn;
  const r = seen.get(urn);
  return {
    urn,
    type: r?.type ?? urn.split("::")[2]?.split("$").pop() ?? "",
    name: r?.name ?? urn.split("::").pop() ?? "",
    properties: r?.inputs ?? {},
  };
}

function noOptions(): Omit<RecordedOptions, "parent"> {
  return {
    protect: false,
    ignoreChanges: [],
    deleteBeforeReplace: false,
    deleteBeforeReplaceDefined: false,
    additionalSecretOutputs: [],
    aliases: [],
  };
}

function aliasSpecOf(a: WireAlias): AliasSpec {
  const spec = a.getSpec();
  if (!spec) return { urn: a.getUrn() };
  return {
    ...(spec.getName() ? { name: spec.getName() } : {}),
    ...(spec.getType() ? { type: spec.getType() } : {}),
    ...(spec.getStack() ? { stack: spec.getStack() } : {}),
    ...(spec.getProject() ? { project: spec.getProject() } : {}),
    ...(spec.getParenturn() ? { parentUrn: spec.getParenturn() } : {}),
    ...(spec.getNoparent() ? { noParent: true } : {}),
  };
}

/** Outputs in the wire form the SDK deserializes: a secret the state file keeps encrypted is an unknown secret. */
function wireOutputs(value: unknown): Record<string, unknown> {
  const wire = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(wire);
    if (v === null || typeof v !== "object") return v;
    const obj = v as Record<string, unknown>;
    if (isEncrypted(obj)) return { [SIG_KEY]: SECRET_SIG, value: UNKNOWN };
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(obj)) out[k] = wire(x);
    return out;
  };
  return wire(value) as Record<string, unknown>;
}

/** Plain values: secrets unwrapped, resource references as their id (custom) or URN (component). */
function unwrap(value: unknown, urnMap: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => unwrap(v, urnMap));
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  if (obj[SIG_KEY] === SECRET_SIG) return unwrap(obj.value, urnMap);
  if (obj[SIG_KEY] === RESOURCE_SIG) {
    if (typeof obj.id === "string") return obj.id === "" ? UNKNOWN : obj.id;
    return typeof obj.urn === "string" ? (urnMap.get(obj.urn) ?? obj.urn) : UNKNOWN;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = unwrap(v, urnMap);
  return out;
}

/** What providers would report after an update, for the few outputs this project reads. */
export function updateOutputs(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  if (type === TYPE_OCI_NODE_POOL) {
    const details = inputs.nodeConfigDetails as { size?: unknown } | undefined;
    const size = typeof details?.size === "number" ? details.size : 0;
    const net = 10 + (hash(name) % 200);
    return {
      nodes: Array.from({ length: size }, (_, i) => ({
        id: `ocid1.instance.oc1.phx.${name}-${i}`,
        name: `${name}-${i}`,
        privateIp: `10.0.${net}.${10 + i}`,
        kubernetesVersion: inputs.kubernetesVersion,
        state: "ACTIVE",
      })),
    };
  }
  if (type === TYPE_OCI_CLUSTER) return { availableKubernetesUpgrades: [] };
  return {};
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

function durationSeconds(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return 0;
  const n = Number(m[1]);
  return m[2] === "h" ? n * 3600 : m[2] === "m" ? n * 60 : m[2] === "ms" ? n / 1000 : n;
}

function describeFailure(e: unknown): string {
  if (e instanceof Error) {
    // RunError carries a message meant for the user; other errors deserve their stack's first frame.
    return e.name === "RunError" || e.constructor?.name === "RunError"
      ? e.message
      : (e.stack ?? e.message).split("\n").slice(0, 3).join("\n");
  }
  return String(e);
}

/** Lets stray callbacks (logs, late rejections) run before the runtime is reused. */
function settleLater(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** Drops the project's own modules (not node_modules) from the require cache. */
function forgetProjectModules(programPath: string, which: (id: string) => boolean): void {
  const root = path.dirname(programPath) + path.sep;
  for (const id of Object.keys(require.cache)) {
    if (id.startsWith(root) && !id.includes(`${path.sep}node_modules${path.sep}`) && which(id))
      delete require.cache[id];
  }
}

/** A `.ts` program needs ts-node; the scripts and mocha register it, a plain `node` caller may not. */
function ensureTypeScript(programPath: string): void {
  if (!programPath.endsWith(".ts") || require.extensions[".ts"]) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("ts-node") as typeof import("ts-node")).register({ transpileOnly: true });
}
