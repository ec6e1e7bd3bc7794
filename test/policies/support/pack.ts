import { execFileSync } from "child_process";
import {
  AnalyzerResource,
  Diagnostic,
  PolicyPackSession,
  UserPolicyConfig,
  startPolicyPack,
} from "../../../offline/analyzer";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.join(__dirname, "..", "..", "..");
export const PACK_DIR = path.join(ROOT, "policies");
const MAIN = path.join(PACK_DIR, "bin", "policies", "index.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "bin" || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the pack (policies + core into policies/bin) when the compiled entry is missing or older than a source. */
export function ensurePackBuilt(): void {
  const built = fs.existsSync(MAIN) ? fs.statSync(MAIN).mtimeMs : 0;
  if (built >= Math.max(newestSource(PACK_DIR), newestSource(path.join(ROOT, "core")))) return;
  try {
    execFileSync(
      process.execPath,
      [require.resolve("typescript/bin/tsc"), "-p", path.join(PACK_DIR, "tsconfig.json")],
      { cwd: ROOT, stdio: "pipe" },
    );
  } catch (e) {
    // tsc still emits on type errors (possibly in files outside this pack's concern); run what was emitted.
    if (!fs.existsSync(MAIN)) throw e;
    process.stderr.write(
      `warning: building the policy pack reported errors:\n${(e as { stdout?: Buffer }).stdout?.toString() ?? e}\n`,
    );
  }
}

/**
 * One pack process for a whole test file (start costs ~1 s): launched in `before`, closed in
 * `after`, with the injectable clock set. `preview` runs what `pulumi preview` sends: Configure,
 * Analyze for every resource, AnalyzeStack.
 */
export function sharedPackSession(now: string): {
  readonly session: () => PolicyPackSession;
  preview(resources: AnalyzerResource[], config?: UserPolicyConfig): Promise<Diagnostic[]>;
} {
  let session: PolicyPackSession | undefined;
  before(async () => {
    ensurePackBuilt();
    session = await startPolicyPack(PACK_DIR, {
      env: { OKEPOOLS_NOW: now },
      stack: { stack: "dev", project: "oke-pools", dryRun: true },
    });
  });
  after(async () => {
    await session?.close();
  });
  const current = () => {
    if (!session) throw new Error("the policy pack has not started");
    return session;
  };
  return {
    session: current,
    async preview(resources, config = {}) {
      const s = current();
      await s.configure(config);
      const out: Diagnostic[] = [];
      for (const r of resources) out.push(...(await s.analyze(r)));
      out.push(...(await s.analyzeStack(resources)));
      return out;
    },
  };
}

export const diagnosticsOf = (ds: readonly Diagnostic[], policy: string): Diagnostic[] =>
  ds.filter((d) => d.policyName === policy);
export const mandatoryOf = (ds: readonly Diagnostic[]): Diagnostic[] =>
  ds.filter((d) => d.enforcementLevel === "mandatory");
