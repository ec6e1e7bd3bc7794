import type * as grpcTypes from "@grpc/grpc-js";
import type * as analyzerGrpcTypes from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as analyzerPbTypes from "@pulumi/pulumi/proto/analyzer_pb";
import { ReconciledConfig, reconcilePolicyConfig } from "./config";
import { LaunchOptions, LaunchedPack, launchPolicyPack, stderrTail } from "./launch";
import {
  analyzeRequest,
  analyzeStackRequestBytes,
  analyzerInfoFrom,
  configureRequest,
  diagnosticsFrom,
  empty,
  grpc,
  pb,
  rpc,
  stackResource,
} from "./proto";
import {
  AnalyzerInfo,
  AnalyzerResource,
  Diagnostic,
  ResolvedPolicyConfig,
  StackInfo,
  UserPolicyConfig,
} from "./types";

export interface StartOptions extends LaunchOptions {
  /** What `ConfigureStack` and the pack's environment say about the stack. */
  readonly stack?: StackInfo;
  /** Deadline of each call. @default 120000 */
  readonly callTimeoutMs?: number;
}

const MAX_MESSAGE = 1024 * 1024 * 400; // as the engine and @pulumi/policy allow

/** A failed call, with the pack's stderr attached. */
export class PolicyPackError extends Error {
  constructor(
    readonly call: string,
    readonly code: number | undefined,
    detail: string,
    readonly stderr: string,
  ) {
    super(
      `${call} failed${code !== undefined ? ` (gRPC code ${code})` : ""}: ${detail}${stderr.trim() ? `\n--- policy pack stderr ---\n${stderrTail(stderr)}` : ""}`,
    );
    this.name = "PolicyPackError";
  }
}

type Unary<Req, Res> = (
  req: Req,
  metadata: grpcTypes.Metadata,
  options: Partial<grpcTypes.CallOptions>,
  cb: (e: grpcTypes.ServiceError | null, r: Res) => void,
) => unknown;

/**
 * A policy pack driven like the engine drives it. Call order: {@link startPolicyPack} runs
 * Handshake and ConfigureStack; then {@link info} (GetAnalyzerInfo), {@link configure}
 * (Configure, done implicitly with no user config if skipped), {@link analyze} per resource,
 * {@link analyzeStack} once, {@link close}. A failed call kills the pack, as a failed preview would.
 */
export class PolicyPackSession {
  private infoCache?: AnalyzerInfo;
  private configured?: ReconciledConfig;
  private closed = false;

  constructor(
    private readonly pack: LaunchedPack,
    private readonly client: analyzerGrpcTypes.AnalyzerClient,
    private readonly callTimeoutMs: number,
  ) {}

  get packDir(): string {
    return this.pack.packDir;
  }

  get port(): number {
    return this.pack.port;
  }

  /** Milliseconds from launch to the port line. */
  get startMs(): number {
    return this.pack.startMs;
  }

  /** The pack's process id (while it runs). */
  get pid(): number | undefined {
    return this.pack.child.pid;
  }

  /** What the pack wrote to stderr so far. */
  stderr(): string {
    return this.pack.stderr();
  }

  /** The effective configuration last sent by {@link configure}. */
  get configuration(): Readonly<Record<string, ResolvedPolicyConfig>> | undefined {
    return this.configured?.config;
  }

  /** @internal */
  async call<Req, Res>(
    name: string,
    method: Unary<Req, Res>,
    req: Req,
    tolerate: readonly number[] = [],
  ): Promise<Res | undefined> {
    if (this.closed)
      throw new PolicyPackError(name, undefined, "the session is closed", this.pack.stderr());
    const exited = this.pack.exited();
    if (exited)
      throw new PolicyPackError(
        name,
        undefined,
        `the policy pack exited (${exited.signal ?? `code ${exited.code}`})`,
        this.pack.stderr(),
      );
    try {
      return await new Promise<Res>((resolve, reject) => {
        method.call(
          this.client,
          req,
          new grpc.Metadata(),
          { deadline: Date.now() + this.callTimeoutMs },
          (e, r) => (e ? reject(e) : resolve(r)),
        );
      });
    } catch (e) {
      const err = e as grpcTypes.ServiceError;
      if (typeof err.code === "number" && tolerate.includes(err.code)) return undefined;
      await this.close();
      throw new PolicyPackError(name, err.code, err.details || err.message, this.pack.stderr());
    }
  }

  /** GetAnalyzerInfo: the pack's policies with default levels and config schemas (cached). */
  async info(): Promise<AnalyzerInfo> {
    if (this.infoCache) return this.infoCache;
    const res = await this.call("GetAnalyzerInfo", this.client.getAnalyzerInfo, empty());
    if (!res)
      throw new PolicyPackError("GetAnalyzerInfo", undefined, "no answer", this.pack.stderr());
    this.infoCache = analyzerInfoFrom(res);
    return this.infoCache;
  }

  /**
   * Configure: merges the policies' schema defaults and default levels with `userConfig`
   * (`--policy-pack-config` format), validates it like the engine (throws PolicyConfigError),
   * and sends a level and a properties Struct for every policy. Returns what was sent.
   */
  async configure(userConfig: UserPolicyConfig = {}): Promise<ReconciledConfig> {
    const reconciled = reconcilePolicyConfig(await this.info(), userConfig);
    await this.call("Configure", this.client.configure, configureRequest(reconciled.config));
    this.configured = reconciled;
    return reconciled;
  }

  private async ensureConfigured(): Promise<void> {
    if (!this.configured) await this.configure({});
  }

  /** Analyze: one resource's inputs. Diagnostics carry the resource's URN, as the engine attaches it. */
  async analyze(resource: AnalyzerResource): Promise<Diagnostic[]> {
    await this.ensureConfigured();
    const res = await this.call(
      `Analyze(${resource.urn})`,
      this.client.analyze,
      analyzeRequest(resource),
    );
    return res ? diagnosticsFrom(res, "analyze", resource.urn) : [];
  }

  /** AnalyzeStack: every resource's outputs, with parents, dependencies and property dependencies. */
  async analyzeStack(resources: readonly AnalyzerResource[]): Promise<Diagnostic[]> {
    return this.analyzeStackEncoded(resources.map(encodeStackResource));
  }

  /**
   * AnalyzeStack from resources already serialized by {@link encodeStackResource}: the request
   * goes out as those bytes (analyzeStackRequestBytes), with no message objects in between.
   */
  async analyzeStackEncoded(resources: readonly Uint8Array[]): Promise<Diagnostic[]> {
    await this.ensureConfigured();
    const send: Unary<readonly Uint8Array[], analyzerPbTypes.AnalyzeResponse> = (
      req,
      metadata,
      options,
      cb,
    ) =>
      this.client.makeUnaryRequest(
        ANALYZE_STACK_PATH,
        analyzeStackRequestBytes,
        (b: Buffer) => pb.AnalyzeResponse.deserializeBinary(new Uint8Array(b)),
        req,
        metadata,
        options,
        (e, r) => cb(e, r as analyzerPbTypes.AnalyzeResponse),
      );
    const res = await this.call("AnalyzeStack", send, resources);
    return res ? diagnosticsFrom(res, "analyzeStack") : [];
  }

  /** Closes the connection and kills the pack; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.close();
    await this.pack.kill();
  }
}

const UNIMPLEMENTED = 12;
const ANALYZE_STACK_PATH = "/pulumirpc.Analyzer/AnalyzeStack";

/** One resource of AnalyzeStack, serialized (for {@link PolicyPackSession.analyzeStackEncoded}). */
export function encodeStackResource(r: AnalyzerResource): Uint8Array {
  return stackResource(r).serializeBinary();
}

/** Defaults of {@link StackInfo}. */
export function stackDefaults(
  s: StackInfo = {},
): Required<Omit<StackInfo, "tags" | "config">> & Pick<StackInfo, "tags" | "config"> {
  return {
    stack: s.stack ?? "dev",
    project: s.project ?? "oke-pools",
    organization: s.organization ?? "organization",
    dryRun: s.dryRun ?? true,
    tags: s.tags,
    config: s.config,
  };
}

/**
 * Launches the pack in `packDir` (see launch.ts), connects, and runs Handshake (a Node pack
 * answers UNIMPLEMENTED, which is tolerated) and ConfigureStack. The pack's environment gets
 * PULUMI_NODEJS_PROJECT / _STACK / _DRY_RUN and PULUMI_CONFIG, as the engine sets them.
 */
export async function startPolicyPack(
  packDir: string,
  options: StartOptions = {},
): Promise<PolicyPackSession> {
  const stack = stackDefaults(options.stack);
  const env: Record<string, string> = {
    PULUMI_NODEJS_PROJECT: stack.project,
    PULUMI_NODEJS_STACK: stack.stack,
    PULUMI_NODEJS_DRY_RUN: String(stack.dryRun),
    ...(stack.config ? { PULUMI_CONFIG: JSON.stringify(stack.config) } : {}),
    ...options.env,
  };
  const pack = await launchPolicyPack(packDir, { ...options, env });
  const client = new rpc.AnalyzerClient(
    `127.0.0.1:${pack.port}`,
    grpc.credentials.createInsecure(),
    {
      "grpc.max_receive_message_length": MAX_MESSAGE,
      "grpc.max_send_message_length": MAX_MESSAGE,
    },
  );
  const session = new PolicyPackSession(pack, client, options.callTimeoutMs ?? 120_000);
  try {
    const hs = new pb.AnalyzerHandshakeRequest();
    hs.setEngineAddress(options.engineAddress ?? "127.0.0.1:0");
    hs.setRootDirectory(pack.packDir);
    hs.setProgramDirectory(pack.packDir);
    await session.call("Handshake", client.handshake, hs, [UNIMPLEMENTED]);
    const cs = new pb.AnalyzerStackConfigureRequest();
    cs.setStack(stack.stack);
    cs.setProject(stack.project);
    cs.setOrganization(stack.organization);
    cs.setDryRun(stack.dryRun);
    for (const [k, v] of Object.entries(stack.tags ?? {})) cs.getTagsMap().set(k, v);
    for (const [k, v] of Object.entries(stack.config ?? {})) cs.getConfigMap().set(k, v);
    await session.call("ConfigureStack", client.configureStack, cs, [UNIMPLEMENTED]);
  } catch (e) {
    await session.close();
    throw e;
  }
  return session;
}
