/**
 * The component package (provider/) as adopters get it, outside the repository, with nothing but
 * `npm install` in the plugin directory (what the engine runs for a source-based plugin):
 * - a clone: the repository's files (no node_modules, no build output) copied to a temporary
 *   directory, as `pulumi package add <git repo>/provider` clones it; provider/'s prepare script
 *   builds bin/;
 * - the packed plugin: `npm pack` of provider/, extracted alone; bin/ ships built.
 * Each is launched with its own run-plugin, as the engine launches it, and must serve exactly the
 * in-repository plugin's schema. One install each, from the local npm cache (~15-40 s).
 */
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import {
  LaunchedPlugin,
  PROVIDER_DIR,
  ensureProviderBuilt,
  fetchSchema,
  launchPlugin,
  sharedPlugin,
} from "../provider/support/plugin";
import { ROOT, copyTree } from "./support/build";
import {
  PackedTarball,
  extractAlone,
  npmInstall,
  npmPack,
  requiredPackages,
  requiresOutside,
  tempDir,
} from "./support/npmPack";

const MAIN = path.join("bin", "provider", "index.js");
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

/** The repository as a clone has it: tracked and new (not ignored) files of the working tree. */
function copyAsClone(to: string): string {
  const files = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  )
    .split("\0")
    .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(to, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(to, f));
  }
  return to;
}

interface Started {
  readonly portMs: number;
  readonly schemaMs: number;
  readonly schema: unknown;
}

/** Launches a plugin directory with its own run-plugin and times launch → port → first GetSchema. */
async function startAndGetSchema(dir: string): Promise<Started> {
  let plugin: LaunchedPlugin | undefined;
  try {
    // GetSchema calls nothing on the engine: an address nothing listens on will do.
    plugin = await launchPlugin(dir, "127.0.0.1:1");
    const t = process.hrtime.bigint();
    const schema = await fetchSchema<unknown>(plugin);
    const schemaMs = plugin.startMs + Number(process.hrtime.bigint() - t) / 1e6;
    return { portMs: plugin.startMs, schemaMs, schema };
  } finally {
    await plugin?.kill();
  }
}

describe("artifact: the component package installed by npm alone (a clone's provider/, npm pack of provider/)", function () {
  this.timeout(600_000);
  let clonePlugin: string;
  let tarball: PackedTarball;
  let packedPlugin: string;

  before(() => {
    ensureProviderBuilt();
    const work = tempDir("provider");
    clonePlugin = path.join(copyAsClone(path.join(work, "clone")), "provider");
    npmInstall(clonePlugin);
    tarball = npmPack(PROVIDER_DIR, work);
    packedPlugin = extractAlone(tarball.file, path.join(work, "packed"));
    npmInstall(packedPlugin);
  });

  it("pins the library's runtime dependencies, and TypeScript for the analyzer (else run-plugin falls back to its vendored 3.8)", () => {
    const root = readJson(path.join(ROOT, "package.json"));
    const plugin = readJson(path.join(PROVIDER_DIR, "package.json"));
    assert.strictEqual(plugin.version, root.version);
    assert.deepStrictEqual(plugin.dependencies, {
      ...root.dependencies,
      typescript: root.devDependencies.typescript,
    });
    for (const dir of [clonePlugin, packedPlugin])
      assert.strictEqual(
        readJson(path.join(dir, "node_modules", "typescript", "package.json")).version,
        root.devDependencies.typescript,
      );
  });

  it("the packed plugin holds bin/ (each compiled module next to its source), the manifests and build.mjs only", () => {
    const extra = tarball.files.filter(
      (f) =>
        !/^bin\/(provider|components|core)\/.+\.(js|ts)$/.test(f) &&
        !["package.json", "PulumiPlugin.yaml", "tsconfig.json", "build.mjs"].includes(f),
    );
    assert.deepStrictEqual(extra, []);
    assert.ok(tarball.files.includes(MAIN.split(path.sep).join("/")));
    const js = tarball.files.filter((f) => f.endsWith(".js")).map((f) => f.slice(0, -3));
    const ts = tarball.files.filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3));
    assert.deepStrictEqual(js, ts, "a module without its source, or a source without its module");
    assert.ok(!tarball.files.some((f) => f.endsWith(".d.ts")));
    process.stdout.write(
      `      provider tarball: ${tarball.files.length} files (${js.length} modules), ${tarball.size} bytes (${tarball.unpackedSize} unpacked)\n`,
    );
  });

  it("in a clone, npm install in provider/ builds bin/ with nothing installed at the repository root", () => {
    assert.ok(fs.existsSync(path.join(clonePlugin, MAIN)), "prepare did not build bin/");
    assert.ok(!fs.existsSync(path.join(clonePlugin, "..", "node_modules")));
    const modules = (dir: string) =>
      fs
        .readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => /\.(js|ts)$/.test(f))
        .sort();
    assert.deepStrictEqual(
      modules(path.join(clonePlugin, "bin")),
      modules(path.join(PROVIDER_DIR, "bin")),
    );
  });

  it("prepare keeps a packed plugin's shipped bin/, and without one fails naming the file and the fix", () => {
    assert.strictEqual(
      fs.readFileSync(path.join(packedPlugin, MAIN), "utf8"),
      fs.readFileSync(path.join(PROVIDER_DIR, MAIN), "utf8"),
    );
    const broken = copyTree(packedPlugin, path.join(packedPlugin, "..", "no-bin"));
    fs.rmSync(path.join(broken, "bin"), { recursive: true });
    const r = spawnSync(process.execPath, ["build.mjs"], { cwd: broken, encoding: "utf8" });
    assert.strictEqual(r.status, 1, r.stderr);
    assert.match(
      r.stderr,
      /bin\/provider\/index\.js: missing — .*a packed plugin that ships bin\//,
    );
  });

  it("requires only its own files and its declared dependencies", () => {
    const declared = Object.keys(readJson(path.join(PROVIDER_DIR, "package.json")).dependencies);
    for (const dir of [clonePlugin, packedPlugin]) {
      assert.deepStrictEqual(requiresOutside(dir), [], dir);
      const undeclared = [...requiredPackages(path.join(dir, "bin"))].filter(
        (p) => !declared.includes(p),
      );
      assert.deepStrictEqual(undeclared, [], dir);
    }
  });

  it("both, launched with their own run-plugin, serve the in-repository plugin's schema", async () => {
    const inRepo = await fetchSchema<unknown>(await sharedPlugin());
    const times: string[] = [];
    for (const [label, dir] of [
      ["clone", clonePlugin],
      ["packed", packedPlugin],
    ] as const) {
      const started = await startAndGetSchema(dir);
      assert.deepStrictEqual(started.schema, inRepo, label);
      times.push(
        `${label}: port ${Math.round(started.portMs)} ms, first GetSchema ${Math.round(started.schemaMs)} ms`,
      );
    }
    process.stdout.write(`      ${times.join("; ")}\n`);
  });
});
