/**
 * Drives a CrossGuard policy pack without the Pulumi CLI, exactly as the engine does: launch,
 * Handshake, ConfigureStack, GetAnalyzerInfo, Configure (schema defaults and levels merged with a
 * `--policy-pack-config`), Analyze per resource, AnalyzeStack. Used by the tests, the offline
 * preview and the benchmark.
 */
export * from "./types";
export {
  PolicyConfigError,
  parsePolicyPackConfig,
  reconcilePolicyConfig,
  validateJsonSchema,
} from "./config";
export type { ReconciledConfig } from "./config";
export { launchPolicyPack } from "./launch";
export type { LaunchOptions, LaunchedPack } from "./launch";
export {
  PolicyPackError,
  PolicyPackSession,
  encodeStackResource,
  startPolicyPack,
  stackDefaults,
} from "./session";
export type { StartOptions } from "./session";
export { runPolicyPack } from "./run";
export type { RunPolicyPackArgs, RunPolicyPackResult } from "./run";
export { formatDiagnostics, groupByPolicy, hasMandatory, resourceOf } from "./format";
export type { PolicyGroup } from "./format";
