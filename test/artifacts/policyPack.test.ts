/**
 * The policy pack as `pulumi policy publish` ships it: `npm pack` of policies/, extracted alone in
 * an empty directory, `npm install`ed, launched the way the engine launches a pack and driven
 * through the analyzer protocol next to the in-repo pack. One pack + install per run (~10-30 s).
 */
import * as assert from "assert";
import * as path from "path";
import { Diagnostic, PolicyPackSession, startPolicyPack } from "../../offline/analyzer";
import {
  CURRENT_X86_1342,
  EXTERNAL_CLUSTER_ID,
  REPLACEMENT_ID,
  RETIRED_ID,
  RETIRED_NAME,
  SAMPLE_CATALOG,
  U,
  cluster,
  nodePool,
} from "../fixtures/policies/stack";
import { PACK_DIR, ensurePackBuilt } from "../policies/support/pack";
import {
  PackedTarball,
  extractAlone,
  npmInstall,
  npmPack,
  requiredPackages,
  requiresOutside,
  tempDir,
} from "./support/npmPack";

const NOW = "2026-11-21T00:00:00Z";
const START = {
  env: { OKEPOOLS_NOW: NOW },
  stack: { stack: "dev", project: "oke-pools", dryRun: true },
};

describe("artifact: the published policy pack (npm pack of policies/, installed alone)", function () {
  this.timeout(300_000);
  let tarball: PackedTarball;
  let installed: string;
  let published: PolicyPackSession | undefined;
  let inRepo: PolicyPackSession | undefined;

  before(async () => {
    ensurePackBuilt();
    const work = tempDir("policy-pack");
    tarball = npmPack(PACK_DIR, work);
    installed = extractAlone(tarball.file, path.join(work, "installed"));
    npmInstall(installed);
    [published, inRepo] = await Promise.all([
      startPolicyPack(installed, START),
      startPolicyPack(PACK_DIR, START),
    ]);
  });
  after(async () => {
    await Promise.all([published?.close(), inRepo?.close()]);
  });

  /** What `pulumi preview` sends a pack, to both packs; the diagnostics must be the same. */
  async function previewBoth(
    resources: Parameters<PolicyPackSession["analyze"]>[0][],
    config: Parameters<PolicyPackSession["configure"]>[0] = {},
  ): Promise<Diagnostic[]> {
    const run = async (s: PolicyPackSession) => {
      await s.configure(config);
      const out: Diagnostic[] = [];
      for (const r of resources) out.push(...(await s.analyze(r)));
      out.push(...(await s.analyzeStack(resources)));
      return out;
    };
    const [fromTarball, fromRepo] = await Promise.all([run(published!), run(inRepo!)]);
    assert.deepStrictEqual(
      fromTarball,
      fromRepo,
      "the published pack differs from the in-repo pack",
    );
    return fromTarball;
  }

  it("ships only what runs plus README, POLICIES.md and the config example; no tsconfig, no sources", () => {
    const extra = tarball.files.filter(
      (f) =>
        !/^bin\/.+\.js$/.test(f) &&
        ![
          "package.json",
          "PulumiPolicy.yaml",
          "README.md",
          "POLICIES.md",
          "config.example.json",
        ].includes(f),
    );
    assert.deepStrictEqual(extra, []);
    for (const f of ["bin/policies/index.js", "PulumiPolicy.yaml", "README.md", "POLICIES.md"])
      assert.ok(tarball.files.includes(f), `${f} is missing from the tarball`);
    // run-policy-pack hands a pack directory's tsconfig.json to ts-node; the artifact runs JS.
    assert.ok(!tarball.files.includes("tsconfig.json"));
    process.stdout.write(
      `      policy pack tarball: ${tarball.files.length} files, ${tarball.size} bytes (${tarball.unpackedSize} unpacked)\n`,
    );
  });

  it("declares every package its JS requires, and requires nothing outside itself", () => {
    const manifest = require(path.join(installed, "package.json")) as {
      dependencies?: Record<string, string>;
    };
    const declared = Object.keys(manifest.dependencies ?? {});
    const missing = [...requiredPackages(path.join(installed, "bin"))].filter(
      (p) => !declared.includes(p),
    );
    assert.deepStrictEqual(missing, [], "required by bin/ but not in dependencies");
    assert.deepStrictEqual(requiresOutside(installed), []);
  });

  it("starts under run-policy-pack with the same name, version and policies as the in-repo pack", async () => {
    const [a, b] = await Promise.all([published!.info(), inRepo!.info()]);
    assert.strictEqual(a.name, "oke-upgrade-guard");
    assert.deepStrictEqual(a, b);
    assert.ok(a.policies.length >= 8, `${a.policies.length} policies`);
  });

  it("stale image: a retired pinned image fails the preview with its replacement", async () => {
    const stale = nodePool("workers", { imageId: RETIRED_ID, tagName: RETIRED_NAME });
    const fresh = nodePool("fresh", { imageId: CURRENT_X86_1342 });
    const ds = (
      await previewBoth([stale, fresh], {
        "node-pool-image-not-retired": { catalog: SAMPLE_CATALOG },
      })
    ).filter((d) => d.policyName === "node-pool-image-not-retired");
    assert.deepStrictEqual(
      ds.map((d) => [d.enforcementLevel, d.urn]),
      [["mandatory", stale.urn]],
    );
    assert.ok(ds[0].message.includes(REPLACEMENT_ID), ds[0].message);
  });

  it("version skew: a pool ahead of its control plane fails; an external cluster is advisory", async () => {
    const c = cluster("prod", { kubernetesVersion: "v1.35.2" });
    const ahead = nodePool("ahead", { version: "v1.36.0", imageId: U, cluster: c });
    const behind = nodePool("behind", { version: "v1.34.2", imageId: U, cluster: c });
    const external = nodePool("external", {
      version: "v1.31.1",
      imageId: U,
      clusterId: EXTERNAL_CLUSTER_ID,
    });
    const ds = (await previewBoth([c, ahead, behind, external])).filter(
      (d) => d.policyName === "node-pool-version-skew",
    );
    assert.deepStrictEqual(
      ds.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.urn),
      [ahead.urn],
    );
    assert.ok(ds.some((d) => d.urn === external.urn && d.enforcementLevel === "advisory"));
  });
});
