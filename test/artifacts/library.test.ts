/**
 * The component library as adopters install it: `npm pack` of the repository, installed by
 * name into a temporary copy of examples/typescript, type-checked against the shipped .d.ts and
 * run under the example's own Pulumi mocks. One pack + install per run.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { ROOT, copyTree, ensureLibraryBuilt } from "./support/build";
import { PackedTarball, npmInstall, npmPack, tempDir } from "./support/npmPack";

const NODE_POOL = "oci:ContainerEngine/nodePool:NodePool";

interface ExampleRun {
  registered: { type: string; name: string; inputs: Record<string, any> }[];
  invokes: { token: string; inputs: Record<string, unknown> }[];
  warnings: string[];
  outputs: Record<string, any>;
}

describe("artifact: the component library (npm pack of the package, used by examples/typescript)", function () {
  this.timeout(300_000);
  let tarball: PackedTarball;
  let example: string;
  let run: ExampleRun;

  before(() => {
    ensureLibraryBuilt();
    const work = tempDir("library");
    tarball = npmPack(ROOT, work);
    example = copyTree(path.join(ROOT, "examples", "typescript"), path.join(work, "example"));
    // Dev dependencies too: the example type-checks and runs itself with ts-node.
    npmInstall(example, ["--include=dev", tarball.file]);
    const out = execFileSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "mocks.ts"],
      { cwd: example, encoding: "utf8" },
    );
    run = JSON.parse(out.trim().split("\n").pop()!) as ExampleRun;
  });

  it("ships the compiled library and its declarations only: no stack program, no sources", () => {
    const extra = tarball.files.filter(
      (f) => !/^dist\/.+\.(js|d\.ts)$/.test(f) && !["package.json", "README.md"].includes(f),
    );
    assert.deepStrictEqual(extra, []);
    assert.ok(tarball.files.includes("dist/components/index.js"));
    assert.ok(tarball.files.includes("dist/components/index.d.ts"));
    assert.ok(!tarball.files.some((f) => f.startsWith("dist/program/")));
    process.stdout.write(
      `      library tarball: ${tarball.files.length} files, ${tarball.size} bytes (${tarball.unpackedSize} unpacked)\n`,
    );
  });

  it("resolves by name to the library, and importing it declares nothing (no engine needed)", () => {
    const out = execFileSync(
      process.execPath,
      [
        "-e",
        "const m = require('okepools'); console.log(JSON.stringify([require.resolve('okepools'), typeof m.OkeNodePool, typeof m.BlueGreenNodePool, typeof m.ImageCatalogSource, typeof m.planBlueGreenPair]))",
      ],
      { cwd: example, encoding: "utf8" },
    );
    const [resolved, ...kinds] = JSON.parse(out) as string[];
    assert.ok(resolved.endsWith(path.join("okepools", "dist", "components", "index.js")), resolved);
    assert.deepStrictEqual(kinds, ["function", "function", "function", "function"]);
  });

  it("the example type-checks against the shipped declarations", () => {
    execFileSync(
      process.execPath,
      [require.resolve("typescript/bin/tsc", { paths: [example] }), "--noEmit", "-p", example],
      {
        cwd: example,
        stdio: "pipe",
      },
    );
  });

  it("registers two OkeNodePools and a blue/green pair's two NodePools with the documented inputs", () => {
    const pools = run.registered.filter((r) => r.type === NODE_POOL);
    assert.deepStrictEqual(pools.map((p) => p.name).sort(), [
      "arm",
      "general",
      "web-blue",
      "web-green",
    ]);
    const by = Object.fromEntries(pools.map((p) => [p.name, p.inputs]));
    assert.strictEqual(by.general.nodeShape, "VM.Standard.E5.Flex");
    assert.deepStrictEqual(by.general.nodeShapeConfig, { ocpus: 2, memoryInGbs: 16 });
    assert.strictEqual(by.general.kubernetesVersion, "v1.35.2");
    assert.deepStrictEqual(by.general.nodePoolCyclingDetails.cycleModes, ["BOOT_VOLUME_REPLACE"]);
    assert.deepStrictEqual(by.arm.nodePoolCyclingDetails.cycleModes, ["INSTANCE_REPLACE"]);
    assert.strictEqual(
      by["web-blue"].nodeConfigDetails.size,
      3,
      "the active colour runs at full size",
    );
    assert.strictEqual(by["web-green"].nodeConfigDetails.size, 1, "the canary runs at canarySize");
    assert.strictEqual(by["web-green"].freeformTags["okepools-active-colour"], "blue");
    for (const t of [
      "okepools:index:OkeNodePool",
      "okepools:index:BlueGreenNodePool",
      "okepools:index:ImageCatalog",
    ])
      assert.ok(
        run.registered.some((r) => r.type === t),
        `no ${t}`,
      );
  });

  it("judges the images: imageStatus per pool, one catalog invoke per distinct filter", () => {
    assert.deepStrictEqual(run.outputs.imageStatus, {
      general: "current",
      arm: "update-available",
      armReplacement: "Oracle-Linux-8.10-aarch64-2026.10.20-1-OKE-1.35.2-1580",
    });
    const filters = run.invokes.map((i) => JSON.stringify(i.inputs));
    assert.strictEqual(new Set(filters).size, filters.length, "a filter was fetched twice");
    assert.deepStrictEqual(run.invokes.map((i) => i.inputs.nodePoolOsArch).sort(), [
      "AARCH64",
      "X86_64",
    ]);
    assert.ok(
      run.warnings.some((w) => w.includes("arm: a newer image")),
      run.warnings.join("\n"),
    );
    assert.deepStrictEqual(run.outputs.webActiveNodeSelector, {
      "okepools.io/pair": "web",
      "okepools.io/colour": "blue",
    });
  });
});
