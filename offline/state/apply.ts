/**
 * The post-apply pass `pulumi up` runs: the program once more with the changes made (the plan's
 * operations carried out, outputs known: stored for unchanged resources, computed for the rest),
 * then the policy pack with dry run off — Analyze per resource and AnalyzeStack over the known
 * outputs — and the state the update leaves.
 */
import type { ImageCatalog } from "../../core/catalog";
import { PROJECT } from "../../program/stackConfig";
import { Diagnostic, UserPolicyConfig, startPolicyPack } from "../analyzer";
import { Recording, recordProgram } from "../recorder";
import { stateAfterApply } from "./applyState";
import { ExportDocument, StoredState, parseState } from "./exportFile";
import { Plan, StatePlanner } from "./planner";

export interface ApplyArgs {
  readonly stack: string;
  readonly programPath?: string;
  readonly config: Readonly<Record<string, string>>;
  readonly catalog: ImageCatalog;
  readonly packDir: string;
  readonly userConfig: UserPolicyConfig;
  /** Absent: a first `pulumi up` of an empty stack. */
  readonly state?: StoredState;
  readonly plan?: Plan;
  readonly time?: Date;
}

export interface ApplyResult {
  readonly recording: Recording;
  /** Analyze and AnalyzeStack diagnostics with dry run off. */
  readonly diagnostics: readonly Diagnostic[];
  /** The state after the update, in `pulumi stack export` format. */
  readonly state: ExportDocument;
}

export async function applyPlan(args: ApplyArgs): Promise<ApplyResult> {
  const empty = args.state ?? parseState({ version: 3, deployment: { resources: [] } });
  const planner = new StatePlanner(empty, args.stack, PROJECT, "apply", args.plan);
  const sessionP = startPolicyPack(args.packDir, {
    stack: { stack: args.stack, project: PROJECT, dryRun: false, config: args.config },
  });
  sessionP.catch(() => undefined);
  let recording: Recording;
  try {
    recording = await recordProgram({
      programPath: args.programPath,
      stack: args.stack,
      project: PROJECT,
      config: args.config,
      catalog: args.catalog,
      preview: false,
      onRegister: planner.onRegister,
    });
  } catch (e) {
    await sessionP.then((s) => s.close()).catch(() => undefined);
    throw e;
  }
  const session = await sessionP;
  const diagnostics: Diagnostic[] = [];
  try {
    await session.configure(args.userConfig);
    for (const r of recording.resources) diagnostics.push(...(await session.analyze(r)));
    diagnostics.push(...(await session.analyzeStack(recording.resources)));
  } finally {
    await session.close();
  }
  return {
    recording,
    diagnostics,
    state: stateAfterApply({
      ...(args.state ? { previous: args.state } : {}),
      ...(args.plan ? { plan: args.plan } : {}),
      recording,
      ...(args.time ? { time: args.time } : {}),
    }),
  };
}
