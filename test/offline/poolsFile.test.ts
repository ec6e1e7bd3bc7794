import { strict as assert } from "node:assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { catalogSources, generateStack } from "../../bench/generate";
import { ConfigError } from "../../core/configError";
import { reviewPins } from "../../core/pinUpdates";
import { MAX_ARG_STRLEN, pulumiConfigEnvBytes } from "../../core/pulumiConfigEnv";
import { planUpgrade } from "../../core/upgradePlan";
import { parseKubeVersion } from "../../core/kubeVersion";
import { runPolicyPack } from "../../offline/analyzer";
import { SAMPLE_CATALOG_PATH, loadCatalog, regionCatalogPath } from "../../offline/catalogFile";
import { DEFAULT_PACK_DIR, previewStack } from "../../offline/preview";
import {
  readStackFile,
  stackPools,
  validateStackFile,
  writeStackFile,
} from "../../offline/stackFile";
import { applyPins } from "../../scripts/pin-images";

const STACKS = path.join(__dirname, "..", "..", "stacks");
const { catalog } = loadCatalog();

/**
 * A copy of a committed stack in a fresh directory with its `oke-pools:nodePools` moved, with
 * its comments, to `<stack>.nodePools.<yaml|json>` next to it (named by an absolute path).
 */
function splitStack(stack: string, format: "yaml" | "json" = "yaml") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oke-poolsfile-"));
  const doc = YAML.parseDocument(
    fs.readFileSync(path.join(STACKS, `Pulumi.${stack}.yaml`), "utf8"),
  );
  const node = doc.getIn(["config", "oke-pools:nodePools"], true) as YAML.Node;
  const poolsPath = path.join(dir, `${stack}.nodePools.${format}`);
  const poolsDoc = new YAML.Document();
  poolsDoc.contents = node;
  const poolsText =
    format === "json" ? `${JSON.stringify(poolsDoc.toJS(), null, 2)}\n` : poolsDoc.toString();
  fs.writeFileSync(poolsPath, poolsText);
  doc.deleteIn(["config", "oke-pools:nodePools"]);
  doc.setIn(["config", "oke-pools:nodePoolsFile"], poolsPath);
  const stackPath = path.join(dir, `Pulumi.${stack}.yaml`);
  fs.writeFileSync(stackPath, doc.toString());
  return { dir, stackPath, poolsPath, poolsText, stackText: fs.readFileSync(stackPath, "utf8") };
}

describe("offline tools with pools in a file (oke-pools:nodePoolsFile)", function () {
  this.timeout(600_000);

  it("pin-images rewrites the pin in the pools file, comments kept, the stack file untouched", () => {
    const s = splitStack("stale-image");
    assert.match(s.poolsText, /# Left behind one minor version/);
    const file = readStackFile(s.dir, "stale-image");
    const { controlPlane, pools } = stackPools(file);
    const legacy = pools.find((p) => p.name === "legacy")!;
    assert.equal(legacy.keyPath, `${s.poolsPath}[1]`);
    const review = reviewPins(catalog, pools, controlPlane);
    assert.deepEqual(
      review.changes.map((c) => [c.pool, c.keyPath, c.status]),
      [["legacy", `${s.poolsPath}[1]`, "retired"]],
    );
    applyPins(file, review);
    writeStackFile(file);
    assert.equal(fs.readFileSync(s.stackPath, "utf8"), s.stackText);
    const after = fs.readFileSync(s.poolsPath, "utf8");
    const change = review.changes[0];
    assert.equal(
      after,
      s.poolsText
        .replace(change.from.imageId!, change.to.imageId)
        .replace(change.from.sourceName!, change.to.sourceName),
    );
    // Read again, the pin is current.
    const again = stackPools(readStackFile(s.dir, "stale-image"));
    assert.equal(reviewPins(catalog, again.pools, again.controlPlane).changes.length, 0);
  });

  it("a JSON pools file stays JSON, in its indent", () => {
    const s = splitStack("stale-image", "json");
    const file = readStackFile(s.dir, "stale-image");
    const { controlPlane, pools } = stackPools(file);
    const review = reviewPins(catalog, pools, controlPlane);
    applyPins(file, review);
    writeStackFile(file);
    const after = fs.readFileSync(s.poolsPath, "utf8");
    const change = review.changes[0];
    assert.equal(
      after,
      s.poolsText
        .replace(change.from.imageId!, change.to.imageId)
        .replace(change.from.sourceName!, change.to.sourceName),
    );
  });

  it("plan-upgrade's edits name the pools file and the entry", () => {
    const s = splitStack("stale-image");
    const { controlPlane, pools } = stackPools(readStackFile(s.dir, "stale-image"));
    const plan = planUpgrade(catalog, {
      controlPlane,
      pools,
      target: parseKubeVersion("v1.36.0")!,
    });
    const keys = plan.steps.flatMap((st) => st.changes.map((c) => c.key));
    assert.ok(keys.includes("oke-pools:kubernetesVersion"), keys.join("\n"));
    assert.ok(keys.includes(`${s.poolsPath}[1].kubernetesVersion`), keys.join("\n"));
    assert.ok(!keys.some((k) => k.startsWith("oke-pools:nodePools")), keys.join("\n"));
  });

  it("PULUMI_CONFIG's size as the language host builds it (Go's JSON: keys <ns>:config:<name>, <>& escaped)", () => {
    const config = { "oke-pools:nodePools": [{ name: "x&y" }], "oke-pools:clusterName": "a<b" };
    const env = String.raw`PULUMI_CONFIG={"oke-pools:config:clusterName":"a\u003cb","oke-pools:config:nodePools":"[{\"name\":\"x\\u0026y\"}]"}`;
    assert.equal(pulumiConfigEnvBytes(config), Buffer.byteLength(env) + 1);
    assert.equal(MAX_ARG_STRLEN, 131072);
  });

  it("inline lists over Linux's 128 KiB PULUMI_CONFIG limit: refused before anything runs, naming the limit and the file keys", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oke-inline-"));
    const g = generateStack(260, catalogSources(SAMPLE_CATALOG_PATH), { stack: "big" });
    const config = Object.fromEntries(
      Object.entries(g.config).filter(([k]) => !k.startsWith("bench:")),
    );
    assert.ok(pulumiConfigEnvBytes(config) > MAX_ARG_STRLEN);
    fs.writeFileSync(
      path.join(dir, "Pulumi.big.yaml"),
      YAML.stringify({ config }, { aliasDuplicateObjects: false }),
    );
    const file = readStackFile(dir, "big");
    assert.throws(
      () => validateStackFile(file),
      (e: unknown) =>
        e instanceof ConfigError &&
        /too large for Pulumi to pass to the program/.test(e.message) &&
        /over Linux's 131072-byte limit on one environment string \(MAX_ARG_STRLEN\)/.test(
          e.message,
        ) &&
        /move oke-pools:nodePools \(208 entries\) and oke-pools:blueGreenPools \(26 entries\) to a YAML or JSON file and name it with oke-pools:nodePoolsFile \/ oke-pools:blueGreenPoolsFile/.test(
          e.message,
        ),
    );
    await assert.rejects(
      previewStack({ stack: "big", stacksDir: dir, catalogsDir: sampleAsRegionCatalog(dir) }),
      /too large for Pulumi to pass to the program/,
    );
  });

  it("a stack over the inline limit previews offline with its pools in files; the pack judges them with no stack config", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oke-files-"));
    // Just over what fits inline (≈ 206 pools of this shape): the suite stays fast; bench/ runs 5,000.
    const g = generateStack(215, catalogSources(SAMPLE_CATALOG_PATH), { stack: "many" });
    const config: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(g.config)) {
      if (k.startsWith("bench:")) continue;
      const list = /^oke-pools:(nodePools|blueGreenPools)$/.exec(k)?.[1];
      if (!list) {
        config[k] = v;
        continue;
      }
      const f = path.join(dir, `many.${list}.${list === "nodePools" ? "json" : "yaml"}`);
      fs.writeFileSync(
        f,
        list === "nodePools"
          ? JSON.stringify(v)
          : YAML.stringify(v, { aliasDuplicateObjects: false }),
      );
      config[`${k}File`] = f;
    }
    fs.writeFileSync(
      path.join(dir, "Pulumi.many.yaml"),
      YAML.stringify({ config }, { aliasDuplicateObjects: false }),
    );
    assert.ok(pulumiConfigEnvBytes(config) < 4096);
    const result = await previewStack({
      stack: "many",
      stacksDir: dir,
      catalogsDir: sampleAsRegionCatalog(dir),
      keepResources: true,
    });
    const resources = result.recording.resources ?? [];
    assert.equal(resources.length, result.recording.resourceCount);
    const pools = resources.filter((r) => r.type === "oci:ContainerEngine/nodePool:NodePool");
    assert.equal(pools.length, 215);
    const inline = Object.fromEntries(
      Object.entries(g.config).filter(([k]) => !k.startsWith("bench:")),
    );
    assert.ok(
      pulumiConfigEnvBytes(inline) > MAX_ARG_STRLEN,
      "the same stack inline is over the limit",
    );
    // Every 10th plain pool pins a retired image: the pack finds them from the resources alone.
    const retired = result.diagnostics.filter(
      (d) => d.policyName === "node-pool-image-not-retired",
    );
    assert.equal(retired.length, g.retiredPins);
    assert.equal(result.exitCode, 1);
    assert.match(result.text, /Preview FAILED: \d+ mandatory policy violations/);
    // The same resources, judged by a pack that was given no stack config at all.
    const bare = await runPolicyPack({
      packDir: DEFAULT_PACK_DIR,
      resources,
    });
    const key = (d: { policyName: string; urn: string; message: string }) =>
      `${d.policyName} ${d.urn} ${d.message}`;
    assert.deepEqual(bare.diagnostics.map(key).sort(), result.diagnostics.map(key).sort());
  });
});

/**
 * The generated stacks are us-phoenix-1 stacks pinned to the sample's images (as in
 * bench/previewChild.ts): the sample stands as their region's catalog, where the tools look.
 */
function sampleAsRegionCatalog(dir: string): string {
  const catalogsDir = path.join(dir, "catalogs");
  const file = regionCatalogPath(catalogsDir, "us-phoenix-1", new Date("2026-01-01"));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.copyFileSync(SAMPLE_CATALOG_PATH, file);
  return catalogsDir;
}
