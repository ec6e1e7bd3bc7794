import { execFileSync } from "child_process";
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
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(PACK_DIR, "tsconfig.json")], { cwd: ROOT, stdio: "pipe" });
  } catch (e) {
    // tsc still emits on type errors (possibly in files outside this pack's concern); run what was emitted.
    if (!fs.existsSync(MAIN)) throw e;
    process.stderr.write(`warning: building the policy pack reported errors:\n${(e as { stdout?: Buffer }).stdout?.toString() ?? e}\n`);
  }
}
