import { StartOptions, startPolicyPack } from "./session";
import {
  AnalyzerInfo,
  AnalyzerResource,
  Diagnostic,
  ResolvedPolicyConfig,
  StackInfo,
  UserPolicyConfig,
} from "./types";

export interface RunPolicyPackArgs extends Omit<StartOptions, "stack"> {
  /** The pack's directory (its package.json `main` must be built). */
  readonly packDir: string;
  /** The stack's resources in registration order. */
  readonly resources: readonly AnalyzerResource[];
  /** `--policy-pack-config` content. @default none */
  readonly config?: UserPolicyConfig;
  /** @default "dev" */
  readonly stack?: string;
  /** @default "oke-pools" */
  readonly project?: string;
  /** Organization, dry run, tags, stack config. */
  readonly stackInfo?: Omit<StackInfo, "stack" | "project">;
  /** Run Analyze per resource (as a preview does) before AnalyzeStack. @default true */
  readonly analyzeResources?: boolean;
  /** Analyze calls in flight at once. @default 1, one at a time like the engine's serial step executor */
  readonly concurrency?: number;
}

export interface RunPolicyPackResult {
  /** Analyze diagnostics in resource order, then AnalyzeStack's. */
  readonly diagnostics: readonly Diagnostic[];
  readonly info: AnalyzerInfo;
  /** What Configure sent. */
  readonly config: Readonly<Record<string, ResolvedPolicyConfig>>;
  /** Keys of `config` that name no policy. */
  readonly unknownPolicies: readonly string[];
  /** Milliseconds: launch → port, Analyze calls, AnalyzeStack. */
  readonly timings: {
    readonly startMs: number;
    readonly analyzeMs: number;
    readonly analyzeStackMs: number;
  };
  /** What the pack wrote to stderr. */
  readonly stderr: string;
}

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

/** Starts the pack, configures it, analyses every resource and the stack, and stops it. */
export async function runPolicyPack(args: RunPolicyPackArgs): Promise<RunPolicyPackResult> {
  const session = await startPolicyPack(args.packDir, {
    ...args,
    stack: {
      ...args.stackInfo,
      ...(args.stack ? { stack: args.stack } : {}),
      ...(args.project ? { project: args.project } : {}),
    },
  });
  try {
    const info = await session.info();
    const { config, unknownPolicies } = await session.configure(args.config ?? {});
    const perResource: Diagnostic[][] = new Array(args.resources.length);
    let t = process.hrtime.bigint();
    if (args.analyzeResources ?? true) {
      const width = Math.max(1, Math.floor(args.concurrency ?? 1));
      let next = 0;
      const worker = async () => {
        while (next < args.resources.length) {
          const i = next++;
          perResource[i] = await session.analyze(args.resources[i]);
        }
      };
      await Promise.all(Array.from({ length: Math.min(width, args.resources.length) }, worker));
    }
    const analyzeMs = ms(t);
    t = process.hrtime.bigint();
    const stackDiagnostics = await session.analyzeStack(args.resources);
    const analyzeStackMs = ms(t);
    return {
      diagnostics: [...perResource.flatMap((d) => d ?? []), ...stackDiagnostics],
      info,
      config,
      unknownPolicies,
      timings: { startMs: session.startMs, analyzeMs, analyzeStackMs },
      stderr: session.stderr(),
    };
  } finally {
    await session.close();
  }
}
