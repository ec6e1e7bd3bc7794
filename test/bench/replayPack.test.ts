import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { syncNoopPack } from "../../bench/noopPack";
import { platformConfig, platformStack } from "../../bench/platformStack";
import { REPLAY_PACK_DIR, recordDiagnostics } from "../../bench/policyPhase";
import { runPolicyPack } from "../../offline/analyzer/run";
import type { AnalyzerResource, Diagnostic } from "../../offline/analyzer/types";
import { SAMPLE_CATALOG_PATH } from "../../offline/catalogFile";
import { DEFAULT_PACK_DIR, ensurePackBuilt } from "../../offline/preview";

/** The replay pack's policy phase over `resources`, replaying `file`. */
async function replay(file: string, resources: readonly AnalyzerResource[]) {
  const env = { OKEPOOLS_BENCH_REPLAY: file };
  return (await runPolicyPack({ packDir: REPLAY_PACK_DIR, resources, env })).diagnostics;
}

/** Everything the engine gets of each diagnostic but the pack's name, in one order. */
const sorted = (ds: readonly Diagnostic[]) =>
  ds.map(({ policyPackName: _, ...d }) => JSON.stringify(d)).sort((a, b) => a.localeCompare(b));

describe("bench/replay-pack: the real pack's output without its rules", function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    ensurePackBuilt(DEFAULT_PACK_DIR);
    syncNoopPack(DEFAULT_PACK_DIR);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "okepools-replay-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reports exactly what the real pack reported, in the same phases, and nothing else", async () => {
    const doc = JSON.parse(fs.readFileSync(SAMPLE_CATALOG_PATH, "utf8"));
    const resources = platformStack(30, doc.data.sources);
    const file = path.join(dir, "recorded.json");
    const count = await recordDiagnostics(resources, platformConfig(doc), file);
    const recorded = JSON.parse(fs.readFileSync(file, "utf8")) as Diagnostic[];
    assert.strictEqual(recorded.length, count);
    // Both phases and both levels take part, so the replay is tested on each.
    const kinds = new Set(recorded.map((d) => `${d.phase}/${d.enforcementLevel}`));
    for (const k of ["analyze/mandatory", "analyzeStack/advisory"])
      assert.ok(kinds.has(k), `${k} in ${[...kinds].join(", ")}`);
    const replayed = await replay(file, resources);
    assert.deepStrictEqual(sorted(replayed), sorted(recorded));
    assert.deepStrictEqual(
      [...new Set(replayed.map((d) => d.policyPackName))],
      ["oke-upgrade-guard-replay"],
    );

    fs.writeFileSync(path.join(dir, "none.json"), "[]");
    assert.deepStrictEqual(await replay(path.join(dir, "none.json"), resources), []);
  });
});
