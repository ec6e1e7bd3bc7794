import * as assert from "assert";
import * as fs from "fs";
import { measurePolicyCost } from "../../bench/policyCost";
import { platformConfig, platformStack } from "../../bench/platformStack";
import { syncNoopPack } from "../../bench/noopPack";
import { SAMPLE_CATALOG_PATH } from "../../offline/catalogFile";
import { DEFAULT_PACK_DIR, ensurePackBuilt } from "../../offline/preview";

describe("bench/policyCost: the policy phase's cost per pack, without the transport", function () {
  this.timeout(300_000);

  it("runs the three packs' own handlers on one stack and times every policy of the real pack", () => {
    ensurePackBuilt(DEFAULT_PACK_DIR);
    syncNoopPack(DEFAULT_PACK_DIR);
    const doc = JSON.parse(fs.readFileSync(SAMPLE_CATALOG_PATH, "utf8"));
    const resources = platformStack(20, doc.data.sources);
    const cost = measurePolicyCost(resources, platformConfig(doc), 1);
    // Every 10th pool is on an image no longer in the catalog: the real pack reports it (in the
    // resource phase, from the config's catalog); the no-op packs report nothing.
    assert.ok(cost.real.diagnostics >= 2, `real pack: ${cost.real.diagnostics} diagnostics`);
    assert.strictEqual(cost.twin.diagnostics, 0);
    assert.strictEqual(cost.floor.diagnostics, 0);
    assert.deepStrictEqual(Object.keys(cost.floor.policyMs).sort(), [
      "resource:floor-resource",
      "stack:floor-stack",
    ]);
    const real = Object.keys(cost.real.policyMs);
    assert.strictEqual(real.filter((k) => k.startsWith("stack:")).length, 9, real.join(", "));
    assert.ok(real.includes("resource:node-pool-image-not-retired"), real.join(", "));
    for (const pack of ["real", "twin", "floor"] as const) {
      assert.ok(cost[pack].analyzeMs > 0 && cost[pack].analyzeStackMs > 0, pack);
      assert.ok(cost[pack].cpuMs > 0, pack);
    }
  });
});
