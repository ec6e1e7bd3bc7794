import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.join(__dirname, "..", "..", "..");
const LIB_MAIN = path.join(ROOT, "dist", "components", "index.js");

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(full));
    else if (e.name.endsWith(".ts")) t = Math.max(t, fs.statSync(full).mtimeMs);
  }
  return t;
}

/** Compiles the component library into dist/ (tsconfig.build.json) unless it is newer than its sources. */
export function ensureLibraryBuilt(): void {
  const built = fs.existsSync(LIB_MAIN) ? fs.statSync(LIB_MAIN).mtimeMs : 0;
  const sources = Math.max(newest(path.join(ROOT, "components")), newest(path.join(ROOT, "core")));
  if (built >= sources) return;
  fs.rmSync(path.join(ROOT, "dist"), { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json")],
    { cwd: ROOT, stdio: "pipe" },
  );
}

/** Copies a directory (without node_modules) to `to`. */
export function copyTree(from: string, to: string): string {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (src) => path.basename(src) !== "node_modules",
  });
  return to;
}
