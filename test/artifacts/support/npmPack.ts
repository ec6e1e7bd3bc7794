import { execFileSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";

/** One `npm pack` tarball: where it is and what `npm pack --json` says it holds. */
export interface PackedTarball {
  readonly file: string;
  readonly files: readonly string[];
  /** Bytes of the .tgz. */
  readonly size: number;
  readonly unpackedSize: number;
}

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** A fresh temporary directory, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `okepools-${prefix}-`));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function npm(args: string[], cwd: string): string {
  return execFileSync(NPM, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * `npm pack` of `dir`, as `npm publish` (and `pulumi policy publish`) would pack it. Lifecycle
 * scripts are skipped: the caller builds first, so a pack never rebuilds in the middle of a test.
 */
export function npmPack(dir: string, destination: string): PackedTarball {
  const out = npm(["pack", "--json", "--ignore-scripts", "--pack-destination", destination], dir);
  const [info] = JSON.parse(out.slice(out.indexOf("["))) as {
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string }[];
  }[];
  return {
    file: path.join(destination, info.filename),
    files: info.files.map((f) => f.path).sort(),
    size: info.size,
    unpackedSize: info.unpackedSize,
  };
}

/** Extracts a tarball alone into an empty directory (npm's `package/` prefix stripped). */
export function extractAlone(tarball: string, into: string): string {
  fs.mkdirSync(into, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", into, "--strip-components=1"]);
  return into;
}

/** `npm install` as an adopter runs it, preferring the local npm cache. */
export function npmInstall(dir: string, extra: string[] = []): void {
  npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--omit=dev", ...extra], dir);
}

/** Bare module specifiers (`zod`, `@pulumi/policy/schema` → `@pulumi/policy`) required by the JS under `dir`. */
export function requiredPackages(dir: string): Set<string> {
  const found = new Set<string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules") walk(full);
      } else if (e.name.endsWith(".js")) {
        for (const m of fs.readFileSync(full, "utf8").matchAll(/require\("([^"]+)"\)/g)) {
          const spec = m[1];
          if (spec.startsWith(".") || spec.startsWith("node:") || builtinModules.includes(spec))
            continue;
          const parts = spec.split("/");
          found.add(spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
        }
      }
    }
  };
  walk(dir);
  return found;
}

/** Relative requires under `dir` that resolve outside it. */
export function requiresOutside(dir: string): string[] {
  const bad: string[] = [];
  const root = path.resolve(dir) + path.sep;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules") walk(full);
      } else if (e.name.endsWith(".js")) {
        for (const m of fs.readFileSync(full, "utf8").matchAll(/require\("(\.[^"]*)"\)/g))
          if (!path.resolve(path.dirname(full), m[1]).startsWith(root))
            bad.push(`${path.relative(dir, full)} requires ${m[1]}`);
      }
    }
  };
  walk(dir);
  return bad;
}
